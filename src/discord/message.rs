//! Serenity message parts from rendered pages: the embed of a page, a page's content and
//! embeds, and the allowed mentions of every message the bot sends (none).

use poise::serenity_prelude as serenity;

use factbot_render::pages::{self, EmbedPage, Page};

/// No mentions at all, not even the replied-to user.
pub fn no_mentions() -> serenity::CreateAllowedMentions {
    serenity::CreateAllowedMentions::new().replied_user(false)
}

/// Content and embeds of page `index`.
pub fn page_parts(pages: &[Page], index: usize) -> (String, Vec<serenity::CreateEmbed>) {
    match &pages[index] {
        Page::Embed(p) => (String::new(), vec![embed(p, index, pages.len())]),
        Page::Text(t) => (pages::text(t, index, pages.len()), Vec::new()),
    }
}

/// The embed for an embed page, with the page marker in the footer.
pub fn embed(page: &EmbedPage, index: usize, total: usize) -> serenity::CreateEmbed {
    let mut embed = serenity::CreateEmbed::new()
        .title(page.title.clone())
        .colour(page.colour);
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
        let e = serde_json::to_value(embed(&page, 1, 3)).unwrap();
        assert_eq!(e["title"], "Article 4");
        assert_eq!(e["footer"]["text"], "Source: Jafarli · Page 2/3");
        assert!(e.get("description").is_none());
        assert_eq!(e["fields"][0]["inline"], false);
    }
}
