//! Answer → pages: embeds (or plain text) within Discord's limits.
//!
//! Every piece of answer text is [sanitized](crate::markdown::sanitize) (it may echo what the
//! user typed), then cut or split to fit. Long answers become several pages. Building the
//! Discord payload from a page is the Discord front end's job.

use crate::markdown::{len, sanitize, split, trim};
use factbot_engine::{Answer, AnswerKind, Item, Syntax};

/// Discord's limits (characters).
pub mod limits {
    /// Message content.
    pub const CONTENT: usize = 2000;
    /// Embed title.
    pub const TITLE: usize = 256;
    /// Embed description.
    pub const DESCRIPTION: usize = 4096;
    /// Fields per embed.
    pub const FIELDS: usize = 25;
    /// Field name.
    pub const FIELD_NAME: usize = 256;
    /// Field value.
    pub const FIELD_VALUE: usize = 1024;
    /// Embed footer text.
    pub const FOOTER: usize = 2048;
    /// All embed text of one message together.
    pub const EMBED_TOTAL: usize = 6000;
}

/// Fields per page we aim for (well below the hard limit of 25, for readability).
const FIELDS_PER_PAGE: usize = 8;
/// Embed text budget per page, leaving room for the page marker.
const PAGE_BUDGET: usize = 5600;
/// Room kept in footers and plain text for " · Page 12/34".
const MARKER_ROOM: usize = 24;
/// Longest passage shown for an item; longer ones (never in the shipped fact base) are cut
/// with an ellipsis rather than spread over pages.
const PASSAGE_MAX: usize = 3000;

/// One field of an embed page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// Field name (≤ 256).
    pub name: String,
    /// Field value (≤ 1024, never empty).
    pub value: String,
}

/// One embed's worth of an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedPage {
    /// Title (≤ 256).
    pub title: String,
    /// Description (≤ 4096, may be empty).
    pub description: String,
    /// Fields (≤ 25).
    pub fields: Vec<Field>,
    /// Footer citing the documents of this page's items (may be empty).
    pub footer: String,
    /// Embed colour.
    pub colour: u32,
}

/// One page of a reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// Shown as an embed.
    Embed(EmbedPage),
    /// Shown as plain message content (≤ 2000 with the page marker).
    Text(String),
}

/// The colour for an answer kind.
pub fn colour(kind: AnswerKind) -> u32 {
    match kind {
        AnswerKind::Article => 0x3B82F6,
        AnswerKind::Statements => 0x8B5CF6,
        AnswerKind::Timeline => 0x14B8A6,
        AnswerKind::Person => 0xF59E0B,
        AnswerKind::Definition => 0x10B981,
        AnswerKind::Search => 0x6366F1,
        AnswerKind::Check => 0xEF4444,
        AnswerKind::Sources => 0x64748B,
        AnswerKind::Help => 0x5865F2,
        AnswerKind::Suggestions => 0xEAB308,
        AnswerKind::NotFound => 0x9CA3AF,
        AnswerKind::Usage => 0xF97316,
    }
}

/// Renders an answer as embed pages (`plain == false`) or plain-text pages, writing command
/// references in `syntax`.
pub fn render(answer: &Answer, plain: bool, syntax: Syntax<'_>) -> Vec<Page> {
    render_with_items(answer, plain, syntax).0
}

/// [`render`], with the indices of the answer's items that each page shows (wholly or in
/// part), so that a front end can offer what belongs to a page (the context of its passages).
pub fn render_with_items(
    answer: &Answer,
    plain: bool,
    syntax: Syntax<'_>,
) -> (Vec<Page>, Vec<Vec<usize>>) {
    if plain {
        let (pages, items) = render_text(answer, syntax);
        (pages.into_iter().map(Page::Text).collect(), items)
    } else {
        let (pages, items) = render_embeds(answer, syntax);
        (pages.into_iter().map(Page::Embed).collect(), items)
    }
}

fn description_text(answer: &Answer, syntax: Syntax<'_>) -> String {
    let mut parts = Vec::new();
    if let Some(notice) = &answer.notice {
        parts.push(format!("*{}*", sanitize(notice)));
    }
    if let Some(summary) = &answer.summary {
        parts.push(sanitize(&summary.write(syntax)));
    }
    if !answer.suggestions.is_empty() {
        let list: Vec<String> = answer
            .suggestions
            .iter()
            .map(|s| format!("**{}**", sanitize(&s.write(syntax))))
            .collect();
        parts.push(format!("Did you mean: {}?", list.join(", ")));
    }
    parts.join("\n\n")
}

fn item_heading(item: &Item, syntax: Syntax<'_>) -> String {
    let heading = sanitize(&item.heading.write(syntax));
    match item.score {
        Some(score) => format!("{heading} ({:.0}%)", (score.clamp(0.0, 1.0) * 100.0)),
        None => heading,
    }
}

/// An item's passages as quotations, first: the source's words are the content.
fn passages_block(item: &Item) -> String {
    let Some(c) = &item.citation else {
        return String::new();
    };
    c.passages
        .iter()
        .map(|p| format!("> “{}”", trim(&sanitize(p), PASSAGE_MAX)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The line naming an item's document.
fn source_line(item: &Item) -> Option<String> {
    let c = item.citation.as_ref()?;
    Some(format!("— *{}*", sanitize(&c.source_short)))
}

/// An item's whole text: its passages first, then the labels, then the document.
fn item_text(item: &Item, syntax: Syntax<'_>) -> String {
    let body = sanitize(&item.body.write(syntax));
    [
        passages_block(item),
        body,
        source_line(item).unwrap_or_default(),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .collect::<Vec<_>>()
    .join("\n")
}

/// The fields for one item: its text (passages first) split over as many fields as it needs.
fn item_fields(item: &Item, syntax: Syntax<'_>) -> Vec<Field> {
    let heading = item_heading(item, syntax);
    let text = item_text(item, syntax);
    let chunks = if len(&text) <= limits::FIELD_VALUE {
        vec![text]
    } else {
        split(&text, limits::FIELD_VALUE - 2)
    };
    let count = chunks.len();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, value)| {
            let name = if i == 0 {
                heading.clone()
            } else {
                format!("{heading} (cont. {}/{count})", i + 1)
            };
            Field {
                name: non_empty(trim(&name, limits::FIELD_NAME)),
                value: non_empty(trim(&value, limits::FIELD_VALUE)),
            }
        })
        .collect()
}

fn non_empty(text: String) -> String {
    if text.trim().is_empty() {
        "\u{200B}".to_string()
    } else {
        text
    }
}

fn field_len(field: &Field) -> usize {
    len(&field.name) + len(&field.value)
}

fn footer_for(sources: &[String]) -> String {
    if sources.is_empty() {
        return String::new();
    }
    let label = if sources.len() == 1 {
        "Source"
    } else {
        "Sources"
    };
    trim(
        &format!("{label}: {}", sources.join("; ")),
        limits::FOOTER - MARKER_ROOM,
    )
}

fn render_embeds(answer: &Answer, syntax: Syntax<'_>) -> (Vec<EmbedPage>, Vec<Vec<usize>>) {
    let colour = colour(answer.kind);
    let title = non_empty(trim(&sanitize(&answer.title.write(syntax)), limits::TITLE));
    let description = description_text(answer, syntax);
    let mut desc_chunks: Vec<String> = if description.is_empty() {
        Vec::new()
    } else {
        split(&description, limits::DESCRIPTION.min(PAGE_BUDGET - 1000))
    };

    // Items as (fields, source names); a page takes whole items where it can.
    let items: Vec<(Vec<Field>, Option<String>)> = answer
        .items
        .iter()
        .map(|item| {
            let source = item.citation.as_ref().map(|c| sanitize(&c.source_short));
            (item_fields(item, syntax), source)
        })
        .collect();

    let mut pages = Vec::new();
    let new_page = |description: String| EmbedPage {
        title: title.clone(),
        description,
        fields: Vec::new(),
        footer: String::new(),
        colour,
    };
    // Description-only pages for all but the last description chunk.
    let last_desc = desc_chunks.pop().unwrap_or_default();
    let mut page_items: Vec<Vec<usize>> = Vec::new();
    for chunk in desc_chunks {
        pages.push(new_page(chunk));
        page_items.push(Vec::new());
    }
    let mut page = new_page(last_desc);
    let mut items_here: Vec<usize> = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    let mut used = len(&page.title) + len(&page.description);

    for (index, (fields, source)) in items.into_iter().enumerate() {
        for field in fields {
            let footer_after = {
                let mut s = sources.clone();
                if let Some(src) = &source {
                    if !s.contains(src) {
                        s.push(src.clone());
                    }
                }
                len(&footer_for(&s))
            };
            let full = page.fields.len() >= FIELDS_PER_PAGE.min(limits::FIELDS)
                || used + field_len(&field) + footer_after + MARKER_ROOM > PAGE_BUDGET;
            if full && (!page.fields.is_empty() || !page.description.is_empty()) {
                page.footer = footer_for(&sources);
                pages.push(std::mem::replace(&mut page, new_page(String::new())));
                page_items.push(std::mem::take(&mut items_here));
                sources.clear();
                used = len(&page.title);
            }
            used += field_len(&field);
            page.fields.push(field);
            if items_here.last() != Some(&index) {
                items_here.push(index);
            }
            if let Some(src) = &source {
                if !sources.contains(src) {
                    sources.push(src.clone());
                }
            }
        }
    }
    page.footer = footer_for(&sources);
    pages.push(page);
    page_items.push(items_here);
    (pages, page_items)
}

fn render_text(answer: &Answer, syntax: Syntax<'_>) -> (Vec<String>, Vec<Vec<usize>>) {
    let mut text = format!(
        "**{}**",
        trim(&sanitize(&answer.title.write(syntax)), limits::TITLE)
    );
    let description = description_text(answer, syntax);
    if !description.is_empty() {
        text.push('\n');
        text.push_str(&description);
    }
    // Where each item's text starts and ends (bytes of `text`).
    let mut spans = Vec::new();
    for item in &answer.items {
        let start = text.len();
        text.push_str("\n\n**");
        text.push_str(&item_heading(item, syntax));
        text.push_str("**\n");
        text.push_str(&item_text(item, syntax));
        spans.push((start, text.len()));
    }
    let pieces = split(&text, limits::CONTENT - MARKER_ROOM);
    // Every piece is a stretch of `text` (split only drops white space between pieces), so
    // finding them in order places them.
    let mut from = 0;
    let items = pieces
        .iter()
        .map(|piece| {
            let start = text[from..]
                .find(piece.as_str())
                .map_or(from, |at| from + at);
            let end = start + piece.len();
            from = end;
            spans
                .iter()
                .enumerate()
                .filter(|(_, &(a, b))| a < end && b > start)
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    (pieces, items)
}

/// The page marker for page `index` (0-based) of `total`, empty for single pages.
pub fn marker(index: usize, total: usize) -> String {
    if total <= 1 {
        String::new()
    } else {
        format!("Page {}/{}", index + 1, total)
    }
}

/// The message content for a text page, with the page marker on its own line.
pub fn text(page: &str, index: usize, total: usize) -> String {
    let m = marker(index, total);
    if m.is_empty() {
        page.to_string()
    } else {
        format!("{page}\n-# {m}")
    }
}

/// The footer an embed page shows: its sources and the page marker.
pub fn footer(page: &EmbedPage, index: usize, total: usize) -> String {
    join_marker(&page.footer, &marker(index, total), " · ")
}

fn join_marker(footer: &str, marker: &str, sep: &str) -> String {
    match (footer.is_empty(), marker.is_empty()) {
        (true, _) => marker.to_string(),
        (false, true) => footer.to_string(),
        (false, false) => format!("{footer}{sep}{marker}"),
    }
}

/// Total embed characters of a page as Discord counts them (title, description, fields, footer).
pub fn embed_len(page: &EmbedPage, index: usize, total: usize) -> usize {
    len(&page.title)
        + len(&page.description)
        + page.fields.iter().map(field_len).sum::<usize>()
        + len(&footer(page, index, total))
}

/// Everything wrong with a reply's pages as Discord would send them: a limit exceeded, an
/// empty title, field name or value, a working mention (`@everyone`, `@here`, `<@…>`, `<#…>`)
/// or a code span left unescaped. Empty when the reply is safe to send. The one checker the
/// unit tests, property tests and the fuzz target share.
pub fn limit_violations(pages: &[Page]) -> Vec<String> {
    let mut problems = Vec::new();
    if pages.is_empty() {
        problems.push("no pages".to_string());
    }
    let total = pages.len();
    for (i, page) in pages.iter().enumerate() {
        let mut check = |what: &str, s: &str, max: usize| {
            check_text(&mut problems, &format!("page {}: {what}", i + 1), s, max)
        };
        match page {
            Page::Text(t) => check("content", &text(t, i, total), limits::CONTENT),
            Page::Embed(e) => {
                check("title", &e.title, limits::TITLE);
                check("description", &e.description, limits::DESCRIPTION);
                check("footer", &footer(e, i, total), limits::FOOTER);
                for f in &e.fields {
                    check("field name", &f.name, limits::FIELD_NAME);
                    check("field value", &f.value, limits::FIELD_VALUE);
                }
                if e.title.is_empty() {
                    problems.push(format!("page {}: empty title", i + 1));
                }
                if e.fields
                    .iter()
                    .any(|f| f.name.is_empty() || f.value.is_empty())
                {
                    problems.push(format!("page {}: empty field", i + 1));
                }
                if e.fields.len() > limits::FIELDS {
                    problems.push(format!("page {}: {} fields", i + 1, e.fields.len()));
                }
                let n = embed_len(e, i, total);
                if n > limits::EMBED_TOTAL {
                    problems.push(format!(
                        "page {}: embed total {n} > {}",
                        i + 1,
                        limits::EMBED_TOTAL
                    ));
                }
            }
        }
    }
    problems
}

fn check_text(problems: &mut Vec<String>, what: &str, s: &str, max: usize) {
    let n = len(s);
    if n > max {
        problems.push(format!("{what}: {n} > {max} characters"));
    }
    let lower = s.to_lowercase();
    for bad in ["@everyone", "@here", "<@", "<#"] {
        if lower.contains(bad) {
            problems.push(format!("{what}: working mention {bad:?}"));
        }
    }
    let mut escaped = false;
    for c in s.chars() {
        if c == '`' && !escaped {
            problems.push(format!("{what}: unescaped backtick"));
            break;
        }
        escaped = c == '\\' && !escaped;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use factbot_engine::Citation;

    const PREFIX: Syntax<'static> = Syntax::Prefix("!");

    fn item(heading: &str, body: &str, source: Option<&str>) -> Item {
        Item {
            heading: heading.into(),
            body: body.into(),
            citation: source.map(|s| Citation {
                source_id: s.to_lowercase(),
                source_title: format!("{s}, the full title"),
                source_short: s.into(),
                passages: vec![format!("verbatim words from {s}")],
            }),
            score: None,
        }
    }

    fn check_limits(pages: &[Page]) {
        assert_eq!(limit_violations(pages), Vec::<String>::new());
    }

    #[test]
    fn violations_are_found() {
        let page = |title: &str, value: &str| {
            Page::Embed(EmbedPage {
                title: title.into(),
                description: String::new(),
                fields: vec![Field {
                    name: "n".into(),
                    value: value.into(),
                }],
                footer: String::new(),
                colour: 0,
            })
        };
        assert!(limit_violations(&[page("t", "v")]).is_empty());
        assert_eq!(limit_violations(&[]).len(), 1);
        assert_eq!(limit_violations(&[page("", "v")]).len(), 1);
        assert_eq!(limit_violations(&[page("t", &"v".repeat(1025))]).len(), 1);
        assert_eq!(limit_violations(&[page("@everyone", "v")]).len(), 1);
        assert_eq!(limit_violations(&[page("t", "a `b`")]).len(), 1);
        assert!(limit_violations(&[page("t", "a \\`b\\`")]).is_empty());
        assert_eq!(
            limit_violations(&[Page::Text("x".repeat(2001))]).len(),
            1,
            "content over 2,000"
        );
    }

    fn huge_answer() -> Answer {
        let mut a = Answer::new(AnswerKind::Search, "T".repeat(1000))
            .with_summary("summary words ".repeat(1500))
            .with_notice("n".repeat(3000));
        a.suggestions = (0..50).map(|i| format!("suggestion {i}").into()).collect();
        a.items = (0..60)
            .map(|i| {
                let mut it = item(
                    &"H".repeat(400),
                    &"body text ".repeat(300 + i),
                    Some(&"S".repeat(100 + i)),
                );
                it.citation.as_mut().unwrap().passages = vec!["x ".repeat(5000)];
                it.score = Some(0.5);
                it
            })
            .collect();
        a
    }

    #[test]
    fn huge_answers_respect_every_limit() {
        let a = huge_answer();
        let pages = render(&a, false, PREFIX);
        assert!(pages.len() > 5);
        check_limits(&pages);
        let text_pages = render(&a, true, PREFIX);
        assert!(text_pages.len() > 5);
        check_limits(&text_pages);
    }

    #[test]
    fn every_item_appears_exactly_once() {
        let mut a = Answer::new(AnswerKind::Timeline, "Timeline");
        a.items = (0..30)
            .map(|i| item(&format!("Event {i}"), "happened", Some("Doc")))
            .collect();
        let pages = render(&a, false, PREFIX);
        assert!(pages.len() >= 4, "8 fields a page");
        let names: Vec<String> = pages
            .iter()
            .flat_map(|p| match p {
                Page::Embed(e) => e.fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>(),
                Page::Text(_) => unreachable!(),
            })
            .collect();
        assert_eq!(
            names,
            (0..30).map(|i| format!("Event {i}")).collect::<Vec<_>>()
        );
        check_limits(&pages);
    }

    #[test]
    fn each_page_knows_the_items_it_shows() {
        let mut a = Answer::new(AnswerKind::Timeline, "Timeline");
        a.items = (0..30)
            .map(|i| item(&format!("Event {i}"), "happened", Some("Doc")))
            .collect();
        for plain in [false, true] {
            let (pages, items) = render_with_items(&a, plain, PREFIX);
            assert_eq!(pages.len(), items.len());
            for (page, shown) in pages.iter().zip(&items) {
                assert!(!shown.is_empty(), "{page:?}");
                let text = match page {
                    Page::Embed(e) => e.fields.iter().map(|f| f.name.as_str()).collect(),
                    Page::Text(t) => t.clone(),
                };
                for i in 0..30 {
                    let name = format!("Event {i}**");
                    let name = if plain { name } else { format!("Event {i}") };
                    let here = if plain {
                        text.contains(&name)
                    } else {
                        text.split("Event ")
                            .any(|n| n == name.trim_start_matches("Event "))
                    };
                    assert_eq!(here, shown.contains(&i), "item {i} on {page:?}");
                }
            }
            let all: Vec<usize> = items.concat();
            assert!((0..30).all(|i| all.contains(&i)), "plain {plain}");
        }
        // An item split over two pages belongs to both.
        let (_, items) = render_with_items(&huge_answer(), true, PREFIX);
        assert!(items.windows(2).any(|w| w[0].last() == w[1].first()));
    }

    #[test]
    fn small_answer_is_one_page_with_source_footer() {
        let mut a = Answer::new(AnswerKind::Article, "Article 4");
        a.items = vec![item(
            "Article 4 (US draft)",
            "The text.",
            Some("Jafarli, January 2022"),
        )];
        let pages = render(&a, false, PREFIX);
        assert_eq!(pages.len(), 1);
        let Page::Embed(p) = &pages[0] else { panic!() };
        assert_eq!(p.title, "Article 4");
        assert_eq!(p.footer, "Source: Jafarli, January 2022");
        assert_eq!(p.colour, colour(AnswerKind::Article));
        assert!(p.fields[0].value.contains("verbatim words from Jafarli"));
        assert_eq!(marker(0, 1), "");
        assert_eq!(footer(p, 0, 1), "Source: Jafarli, January 2022");
    }

    #[test]
    fn user_text_is_neutralised() {
        let mut a = Answer::new(AnswerKind::NotFound, "Nothing on @everyone")
            .with_notice("you typed \"<@&123> @here ```x```\"")
            .with_summary("<@42> <#7>");
        a.suggestions = vec!["@everyone".into()];
        for page in render(&a, false, PREFIX)
            .into_iter()
            .chain(render(&a, true, PREFIX))
        {
            let all = match page {
                Page::Embed(p) => format!("{} {} {}", p.title, p.description, p.footer),
                Page::Text(t) => t,
            };
            for bad in ["@everyone", "@here", "<@&", "<@4", "<#7", "```"] {
                assert!(!all.contains(bad), "{bad} in {all}");
            }
        }
    }

    #[test]
    fn text_pages_carry_markers() {
        assert_eq!(text("a", 0, 1), "a");
        assert_eq!(text("a", 1, 3), "a\n-# Page 2/3");
    }
}
