//! What people type around a query: question wording, mentions, emoji. Taken off before a
//! command reads its argument, so `!who is the nato chief?` asks for "the nato chief".

/// Leading question words, longest first; each is taken off when a query starts with it and
/// more follows.
const LEADING: &[&str] = &[
    "is it true that",
    "tell me about",
    "what does",
    "what do",
    "what did",
    "who said",
    "who is",
    "who's",
    "who was",
    "who are",
    "who were",
    "what is",
    "what's",
    "what are",
    "what was",
    "what were",
    "when did",
    "when was",
    "when were",
    "when is",
    "where is",
    "explain",
    "define",
    "about",
    "is",
    "are",
    "was",
    "were",
];

/// What "what does X mean" ends with.
const MEANING: &[&str] = &[
    "mean",
    "means",
    "stand for",
    "stands for",
    "refer to",
    "refers to",
];

/// Whether `c` is a pictograph (flag letters included), or an emoji joiner or variation
/// selector.
fn is_emoji(c: char) -> bool {
    matches!(c as u32,
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF
        | 0xFE0F | 0x200D | 0x20E3)
}

/// Discord's markup for mentions and custom emoji: `<@123>`, `<@!123>`, `<@&123>`, `<#123>`,
/// `<:name:123>`, `<a:name:123>`, `<t:123:R>`.
fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('<') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match tail.find('>') {
            Some(end)
                if end <= 80
                    && tail[1..end].starts_with(['@', '#', ':', 'a', 't'])
                    && tail[1..end].chars().any(|c| c.is_ascii_digit())
                    && !tail[1..end].contains(char::is_whitespace) =>
            {
                out.push(' ');
                rest = &tail[end + 1..];
            }
            _ => {
                out.push('<');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The query a command should read: mentions, `@everyone`/`@here`, custom and Unicode
/// emoji, surrounding question wording ("who is", "what's", "what does … mean", "about")
/// and trailing question marks taken off. Returns the text unchanged when nothing would be
/// left.
pub fn clean(text: &str) -> String {
    clean_query(text)
}

/// A name as `who` and `define` look it up: [`clean`], and a leading article taken off
/// ("the normandy format").
pub fn name_query(text: &str) -> String {
    let s = clean(text);
    let lower = s.to_lowercase();
    for article in ["the ", "a ", "an "] {
        if lower.starts_with(article) && s.len() > article.len() {
            return s[article.len()..].trim_start().to_string();
        }
    }
    s
}

fn clean_query(text: &str) -> String {
    let unmarked = strip_markup(text);
    let mut s: String = unmarked
        .chars()
        .map(|c| if is_emoji(c) { ' ' } else { c })
        .collect();
    for ping in ["@everyone", "@here"] {
        s = s.replace(ping, " ");
    }
    let mut s = s
        .replace('’', "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut asked_meaning = false;
    // Compared without case on the text's own bytes: the words are ASCII, so a match ends
    // on a character boundary.
    while let Some(lead) = LEADING.iter().find(|l| {
        s.get(..l.len()).is_some_and(|p| p.eq_ignore_ascii_case(l))
            && s[l.len()..].starts_with(' ')
            && s.len() > l.len() + 1
    }) {
        asked_meaning |= lead.starts_with("what do");
        s = s[lead.len()..].trim_start().to_string();
    }
    let trimmed = s.trim_end_matches(['?', '!', '.', ' ']).to_string();
    s = trimmed;
    if asked_meaning {
        let ends = |m: &str| {
            let tail = m.len() + 1;
            s.len() > tail
                && s.get(s.len() - tail..)
                    .is_some_and(|t| t.starts_with(' ') && t[1..].eq_ignore_ascii_case(m))
        };
        if let Some(m) = MEANING.iter().find(|m| ends(m)) {
            s.truncate(s.len() - m.len() - 1);
        }
    }
    let s = s.trim().to_string();
    if s.is_empty() {
        text.trim().to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn question_wording_mentions_and_emoji_go() {
        for (typed, read) in [
            ("who is the nato chief?", "the nato chief"),
            ("is the nato chief", "the nato chief"),
            ("what's the normandy format?", "the normandy format"),
            ("What does Yalta 2.0 mean?", "Yalta 2.0"),
            (
                "when did the Bucharest summit happen",
                "the Bucharest summit happen",
            ),
            ("about bombers", "bombers"),
            ("<@123456789012345678> Blinken 🙄", "Blinken"),
            ("@everyone Putin <:pepe:123456> ?", "Putin"),
            (
                "who said the ball is in Russia's court",
                "the ball is in Russia's court",
            ),
            ("Blinken", "Blinken"),
            ("?", "?"),
            ("about", "about"),
            ("who’s İstanbul’s mayor?", "İstanbul's mayor"),
            ("what does İİİ mean", "İİİ"),
            ("WHAT’S ẞ", "ẞ"),
        ] {
            assert_eq!(clean(typed), read, "{typed}");
        }
    }

    proptest::proptest! {
        /// Question words next to any text (cased letters that change length, apostrophes,
        /// markup) never split a character or panic.
        #[test]
        fn any_text_around_question_words_is_cleaned(
            lead in proptest::sample::select(vec!["who’s", "WHAT'S", "what does", "about", "is", ""]),
            body in "\\PC{0,40}",
            tail in proptest::sample::select(vec![" mean?", " MEANS", "?", "", " stand for"]),
        ) {
            let text = format!("{lead} {body}{tail}");
            let cleaned = clean(&text);
            proptest::prop_assert!(cleaned.len() <= text.len() + 2);
        }
    }
}
