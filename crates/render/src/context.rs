//! A cited passage in its paragraph, for the Discord "Context" button: the paragraph with the
//! passage in bold, the document's title and how the document is dated, within Discord's
//! limits however long the paragraph.

use crate::markdown::{len, sanitize, trim};
use crate::pages::{limits, EmbedPage, Page};
use factbot_engine::PassageContext;

/// Embeds one message may carry.
pub const MAX_EMBEDS: usize = 10;

/// The colour of context embeds.
const COLOUR: u32 = 0x64748B;

/// The context of each passage as one embed page each (title: the document; description:
/// the paragraph, the passage in bold; footer: how the document is dated), at most
/// [`MAX_EMBEDS`], all of them together within the 6,000 characters of one message.
pub fn embeds(contexts: &[PassageContext]) -> Vec<EmbedPage> {
    let shown = &contexts[..contexts.len().min(MAX_EMBEDS)];
    if shown.is_empty() {
        return Vec::new();
    }
    let each = (limits::EMBED_TOTAL - 100) / shown.len();
    shown
        .iter()
        .map(|c| {
            let title = non_blank(trim(
                &sanitize(&c.source_title),
                limits::TITLE.min(each / 4),
            ));
            let footer = trim(&format!("Dated: {}", sanitize(&c.source_dating)), each / 4);
            let room = (each - len(&title) - len(&footer)).min(limits::DESCRIPTION);
            EmbedPage {
                title,
                description: paragraph(c, room),
                fields: Vec::new(),
                footer,
                colour: COLOUR,
            }
        })
        .collect()
}

/// The same as one plain-text page (for channels where the bot may not embed): each passage's
/// document, dating and paragraph, all within one message's 2,000 characters.
pub fn text(contexts: &[PassageContext]) -> Page {
    let shown = &contexts[..contexts.len().min(MAX_EMBEDS)];
    if shown.is_empty() {
        return Page::Text(String::new());
    }
    let each = (limits::CONTENT - 20) / shown.len();
    let parts: Vec<String> = shown
        .iter()
        .map(|c| {
            let head = trim(
                &format!(
                    "**{}** ({})",
                    sanitize(&c.source_title),
                    sanitize(&c.source_dating)
                ),
                each / 3,
            );
            let room = each.saturating_sub(len(&head) + 3).max(8);
            format!("{head}\n> {}", paragraph(c, room))
        })
        .collect();
    Page::Text(trim(&parts.join("\n\n"), limits::CONTENT))
}

/// The paragraph in at most `room` characters: the passage in bold (cut if it alone is too
/// long), with as much of the text before and after it as fits, cut at word boundaries and
/// marked with `…`.
pub fn paragraph(c: &PassageContext, room: usize) -> String {
    let (before, passage, after) = c.parts();
    let passage = sanitize(passage.trim());
    let bold_room = room.saturating_sub(4).max(2);
    let passage = format!("**{}**", trim(&passage, bold_room));
    let left = room.saturating_sub(len(&passage));
    let before = sanitize(before.trim_start());
    let after = sanitize(after.trim_end());
    // Half of what is left for each side; a side that needs less gives the rest away.
    let half = left / 2;
    let after_room = left - half.min(len(&before)).min(left);
    let after = head(&after, after_room);
    let before_room = left.saturating_sub(len(&after));
    let before = tail(&before, before_room);
    format!("{before}{passage}{after}")
}

/// The start of `text` in at most `max` characters, cut at a space with a trailing `…`.
fn head(text: &str, max: usize) -> String {
    if len(text) <= max {
        return text.to_string();
    }
    if max < 2 {
        return String::new();
    }
    let cut: String = text.chars().take(max - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(at) if at > 0 => &cut[..at],
        _ => "",
    };
    format!("{cut}…")
}

/// The end of `text` in at most `max` characters, cut at a space with a leading `…`.
fn tail(text: &str, max: usize) -> String {
    let n = len(text);
    if n <= max {
        return text.to_string();
    }
    if max < 2 {
        return String::new();
    }
    let cut: String = text.chars().skip(n - (max - 1)).collect();
    // Start after a space, so no escape is cut from the character it escapes.
    let cut = match cut.find(' ') {
        Some(at) => &cut[at..],
        None => "",
    };
    format!("…{cut}")
}

fn non_blank(text: String) -> String {
    if text.trim().is_empty() {
        "\u{200B}".to_string()
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::limit_violations;

    fn ctx(before: &str, passage: &str, after: &str) -> PassageContext {
        let paragraph = format!("{before}{passage}{after}");
        PassageContext {
            source_title: "A title".into(),
            source_dating: "undated: no date is given".into(),
            span: (before.len(), before.len() + passage.len()),
            paragraph,
        }
    }

    #[test]
    fn a_short_paragraph_is_whole_with_the_passage_in_bold() {
        let c = ctx("Before it. ", "The passage.", " After it.");
        assert_eq!(paragraph(&c, 1000), "Before it. **The passage.** After it.");
        let e = embeds(&[c]);
        assert_eq!(e[0].title, "A title");
        assert_eq!(e[0].footer, "Dated: undated: no date is given");
    }

    #[test]
    fn long_paragraphs_are_cut_around_the_passage_within_limits() {
        let long = "word ".repeat(3000);
        let hostile = "@everyone `code` <@123> ".repeat(200);
        let c = ctx(&long, "The *passage* itself.", &hostile);
        let p = paragraph(&c, 500);
        assert!(len(&p) <= 500, "{}", len(&p));
        assert!(p.starts_with('…') && p.ends_with('…'), "{p}");
        assert!(p.contains("**The \\*passage\\* itself.**"), "{p}");
        for n in [1, 2, 5, 10, 14] {
            let many = vec![c.clone(); n];
            let pages: Vec<Page> = embeds(&many).into_iter().map(Page::Embed).collect();
            assert_eq!(pages.len(), n.min(MAX_EMBEDS));
            let total: usize = pages
                .iter()
                .map(|p| match p {
                    Page::Embed(e) => crate::pages::embed_len(e, 0, 1),
                    Page::Text(_) => 0,
                })
                .sum();
            assert!(total <= limits::EMBED_TOTAL, "{n}: {total}");
            for page in &pages {
                assert_eq!(
                    limit_violations(std::slice::from_ref(page)),
                    Vec::<String>::new()
                );
            }
            assert_eq!(limit_violations(&[text(&many)]), Vec::<String>::new());
        }
        let huge = ctx("", &"x".repeat(9000), "");
        assert!(len(&paragraph(&huge, 300)) <= 300);
    }
}
