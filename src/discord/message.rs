//! Serenity message parts from rendered pages: the embed of a page, a page's content and
//! embeds, and the allowed mentions of every message the bot sends (none).

use poise::serenity_prelude as serenity;

use crate::engine::TimelineChart;
use factbot_render::pages::{self, EmbedPage, Page};

/// No mentions at all, not even the replied-to user.
pub fn no_mentions() -> serenity::CreateAllowedMentions {
    serenity::CreateAllowedMentions::new().replied_user(false)
}

/// Content and embeds of page `index`; with `picture`, the embed shows the attached
/// timeline picture.
pub fn page_parts(
    pages: &[Page],
    index: usize,
    picture: bool,
) -> (String, Vec<serenity::CreateEmbed>) {
    match &pages[index] {
        Page::Embed(p) => (String::new(), vec![embed(p, index, pages.len(), picture)]),
        Page::Text(t) => (pages::text(t, index, pages.len()), Vec::new()),
    }
}

/// `content` under `banner` (a line such as "Shared by …"), within the 2,000 characters of
/// a message.
pub fn with_banner(content: String, banner: Option<&str>) -> String {
    match banner {
        None => content,
        Some(b) if content.is_empty() => b.to_string(),
        Some(b) => factbot_render::markdown::trim(
            &format!("{b}\n{content}"),
            factbot_render::limits::CONTENT,
        ),
    }
}

/// The chart drawn as a file to attach, under the name the embed refers to; a picture that
/// cannot be drawn is logged and left out (the reply still lists the events).
pub fn picture_file(chart: &TimelineChart) -> Option<serenity::CreateAttachment> {
    match factbot_chart::png(chart) {
        Ok(png) => Some(serenity::CreateAttachment::bytes(
            png,
            factbot_chart::FILE_NAME,
        )),
        Err(e) => {
            tracing::warn!(error = %e, "could not draw the timeline picture");
            None
        }
    }
}

/// The embed for an embed page, with the page marker in the footer and, with `picture`, the
/// attached timeline picture as its image.
pub fn embed(page: &EmbedPage, index: usize, total: usize, picture: bool) -> serenity::CreateEmbed {
    let mut embed = serenity::CreateEmbed::new()
        .title(page.title.clone())
        .colour(page.colour);
    if picture {
        embed = embed.attachment(factbot_chart::FILE_NAME);
    }
    if !page.description.is_empty() {
        embed = embed.description(page.description.clone());
    }
    embed = embed.fields(
        page.fields
            .iter()
            .map(|f| (f.name.clone(), f.value.clone(), false)),
    );
    let footer = pages::footer(page, index, total);
    if !footer.is_empty() {
        embed = embed.footer(serenity::CreateEmbedFooter::new(footer));
    }
    embed
}

#[cfg(test)]
mod tests {
    use super::*;
    use factbot_render::Field;

    #[test]
    fn no_mentions_parses_nothing() {
        let v = serde_json::to_value(no_mentions()).unwrap();
        assert_eq!(v["parse"], serde_json::json!([]));
        assert_eq!(v["replied_user"], false);
    }

    #[test]
    fn an_embed_carries_the_page_and_its_marker() {
        let page = EmbedPage {
            title: "Article 4".into(),
            description: String::new(),
            fields: vec![Field {
                name: "n".into(),
                value: "v".into(),
            }],
            footer: "Source: Jafarli".into(),
            colour: 7,
        };
        let e = serde_json::to_value(embed(&page, 1, 3, false)).unwrap();
        assert_eq!(e["title"], "Article 4");
        assert!(e.get("image").is_none());
        assert_eq!(e["footer"]["text"], "Source: Jafarli · Page 2/3");
        assert!(e.get("description").is_none());
        assert_eq!(e["fields"][0]["inline"], false);
        let with_picture = serde_json::to_value(embed(&page, 0, 1, true)).unwrap();
        assert_eq!(with_picture["image"]["url"], "attachment://timeline.png");
    }
}
