//! Text helpers: neutralising mentions and markdown, trimming to Discord's limits, splitting.

/// Zero-width space, used to break mention syntax without changing how text looks.
const ZWSP: char = '\u{200B}';

/// Neutralises mentions so that text never pings, even if `allowed_mentions` were lost:
/// `@everyone`, `@here`, `<@id>`, `<@!id>`, `<@&id>`, `<#id>` and slash-command mentions
/// `</name:id>` get a zero-width space after their first character.
pub fn neutralize_mentions(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        out.push(c);
        let rest = &text[i + c.len_utf8()..];
        match c {
            '@' if starts_with_ci(rest, "everyone") || starts_with_ci(rest, "here") => {
                out.push(ZWSP)
            }
            '<' if rest.starts_with('@') || rest.starts_with('#') || rest.starts_with('/') => {
                out.push(ZWSP)
            }
            _ => {}
        }
    }
    out
}

fn starts_with_ci(text: &str, word: &str) -> bool {
    text.get(..word.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(word))
}

/// Escapes Discord markdown so user-derived text shows literally: emphasis, strike, spoilers,
/// code spans and fences, masked links, and block syntax at line starts (headings, quotes,
/// lists). Also neutralises mentions.
pub fn sanitize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for (n, line) in text.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        out.push_str(indent);
        // block syntax only matters at the start of a line
        if let Some(first) = trimmed.chars().next() {
            let numbered = trimmed
                .split_once(". ")
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
            if matches!(first, '#' | '>' | '-' | '+') || numbered {
                out.push('\\');
            }
        }
        for c in trimmed.chars() {
            if matches!(
                c,
                '\\' | '*' | '_' | '~' | '`' | '|' | '[' | ']' | '(' | ')'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    neutralize_mentions(&out)
}

/// Cuts `text` to at most `max` characters (Discord counts characters, not bytes), ending
/// with `…` when cut, never leaving a dangling escape backslash.
pub fn trim(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    let backslashes = cut.chars().rev().take_while(|&c| c == '\\').count();
    if backslashes % 2 == 1 {
        cut.pop();
    }
    let kept = cut.trim_end().len();
    cut.truncate(kept);
    cut.push('…');
    cut
}

/// Number of characters, as Discord counts length limits.
pub fn len(text: &str) -> usize {
    text.chars().count()
}

/// Splits `text` into pieces of at most `max` characters, preferring line breaks, then spaces.
/// Never splits an escape (`\x`) apart.
pub fn split(text: &str, max: usize) -> Vec<String> {
    assert!(max >= 2, "split needs room for an escape");
    let mut pieces = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    while rest.len() > max {
        let window = &rest[..max];
        let mut at = window
            .iter()
            .rposition(|&c| c == '\n')
            .filter(|&p| p > max / 2)
            .or_else(|| {
                window
                    .iter()
                    .rposition(|&c| c == ' ')
                    .filter(|&p| p > max / 2)
            })
            .unwrap_or(max);
        // don't cut between a backslash and the character it escapes
        let backslashes = rest[..at].iter().rev().take_while(|&&c| c == '\\').count();
        if backslashes % 2 == 1 {
            at -= 1;
        }
        let piece: String = rest[..at].iter().collect();
        pieces.push(piece.trim_end().to_string());
        rest.drain(..at);
        while rest.first().is_some_and(|c| *c == '\n' || *c == ' ') {
            rest.remove(0);
        }
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(rest.into_iter().collect());
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_are_broken() {
        for text in [
            "@everyone",
            "@here",
            "<@123>",
            "<@!123>",
            "<@&456>",
            "<#789>",
            "</x:1>",
            "@EVERYONE",
        ] {
            let out = neutralize_mentions(text);
            assert_ne!(out, text);
            assert!(out.contains(ZWSP), "{text}");
            assert_eq!(out.replace(ZWSP, ""), text);
        }
        assert_eq!(neutralize_mentions("mail me @ home"), "mail me @ home");
    }

    #[test]
    fn sanitize_escapes_markdown_and_mentions() {
        let out = sanitize("**bold** `code` ```fence``` [x](http://a) ~~s~~ ||sp|| _i_");
        assert!(!out.contains("**b"));
        assert!(out.contains("\\*\\*bold\\*\\*"));
        assert!(out.contains("\\`\\`\\`fence"));
        assert!(out.contains("\\[x\\]\\(http://a\\)"));
        assert_eq!(
            sanitize("# head\n> quote\n- item\n1. one"),
            "\\# head\n\\> quote\n\\- item\n\\1. one"
        );
        let out = sanitize("hi @everyone <@&42>");
        assert!(!out.contains("@everyone"));
        assert!(!out.contains("<@&"));
    }

    #[test]
    fn trim_counts_characters_and_marks_cuts() {
        assert_eq!(trim("abc", 3), "abc");
        assert_eq!(trim("abcd", 3), "ab…");
        assert_eq!(len(&trim(&"é".repeat(300), 256)), 256);
        // never leaves a lone escape before the ellipsis
        let t = trim("ab\\*cd", 4);
        assert_eq!(t, "ab…");
        assert_eq!(trim("abc", 0), "");
    }

    #[test]
    fn split_respects_max_and_keeps_text() {
        let text = "word ".repeat(1000);
        let pieces = split(&text, 100);
        assert!(pieces.iter().all(|p| len(p) <= 100));
        assert_eq!(pieces.join(" ").split_whitespace().count(), 1000);
        let escaped = "\\*".repeat(100);
        for p in split(&escaped, 11) {
            assert!(len(&p) <= 11);
            assert!(!p.ends_with('\\') || p.ends_with("\\\\"));
            assert!(p.starts_with('\\'));
        }
        assert_eq!(split("", 10), vec![String::new()]);
    }
}
