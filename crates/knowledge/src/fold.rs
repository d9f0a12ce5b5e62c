//! The excerpt fold: the folding under which an excerpt must match its source verbatim.
//!
//! Folded: every run of white space into one space; typographic quotes and apostrophes
//! into their plain forms; link markup `[words](url)` into `words`; emphasis `*words*`
//! into `words`. Nothing else.

/// The excerpt fold: how excerpts, source texts and quotes are compared *verbatim*, and the
/// form excerpts are stored and shown in.
///
/// It changes only what does not change the words: white space runs become one space (and
/// the ends are trimmed), typographic quotes and apostrophes become plain ones, and link
/// markup `[words](url)` and emphasis `*words*` are reduced to their words. Case, letters,
/// diacritics and punctuation are kept, so an excerpt that matches under this fold is the
/// source's own wording, fit to be shown as a quotation.
///
/// This is **not** the fold used to match what users type against names and text: that is
/// the engine's query normalisation (lowercase ASCII words, other scripts transliterated,
/// diacritics and punctuation dropped), which is deliberately lossy and never shown. Name
/// uniqueness in validation uses this fold plus lowercasing, a stricter test than the
/// engine's, so two names that differ only in diacritics may both pass validation and still
/// look alike to a query.
pub fn fold_text(text: &str) -> String {
    if is_folded(text) {
        return text.to_string();
    }
    fold_chars(text)
}

/// Whether folding leaves `text` as it is, decided on its bytes: ASCII without markup
/// characters, with single spaces between words as its only white space. Most text is;
/// the rest (typographic quotes, Unicode spaces, line breaks) takes the full path.
fn is_folded(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for &b in bytes {
        match b {
            b' ' if after_space => return false,
            b' ' => after_space = true,
            b'[' | b'*' | b'\t'..=b'\r' | 0x80.. => return false,
            _ => after_space = false,
        }
    }
    true
}

/// [`fold_text`], character by character.
fn fold_chars(text: &str) -> String {
    let unmarked = strip_markup(text);
    let mut out = String::with_capacity(unmarked.len());
    let mut pending_space = false;
    for c in unmarked.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(match c {
            '\u{2018}' | '\u{2019}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            other => other,
        });
    }
    out
}

/// Replaces `[words](url)` by `words` and drops emphasis asterisks.
fn strip_markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['[', '*']) {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        if let Some(after) = tail.strip_prefix('*') {
            rest = after;
            continue;
        }
        // A link: `[` words `](` url `)`, with no bracket inside the words.
        match link_parts(tail) {
            Some((words, consumed)) => {
                out.push_str(words);
                rest = &tail[consumed..];
            }
            None => {
                out.push('[');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// For text starting with `[`, the link's words and the length of the whole link.
fn link_parts(tail: &str) -> Option<(&str, usize)> {
    let close = tail.find(']')?;
    let words = &tail[1..close];
    if words.contains('[') || !tail[close..].starts_with("](") {
        return None;
    }
    let url_end = tail[close + 2..].find(')')? + close + 2;
    if tail[close + 2..url_end].contains(char::is_whitespace) {
        return None;
    }
    Some((words, url_end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_white_space_quotes_and_markup() {
        assert_eq!(
            fold_text("the US\n\nshall  undertake"),
            "the US shall undertake"
        );
        assert_eq!(fold_text("Russia’s “draft”"), "Russia's \"draft\"");
        assert_eq!(
            fold_text("The draft [agreement](#) prepared"),
            "The draft agreement prepared"
        );
        assert_eq!(
            fold_text("militia (*opolcheniye*)."),
            "militia (opolcheniye)."
        );
        assert_eq!(fold_text("  lead\ttrail \n"), "lead trail");
    }

    #[test]
    fn the_byte_check_agrees_with_folding_character_by_character() {
        let alphabet = [
            "a", "Z", " ", "  ", "\n", "\t", "[", "](#)", "*", "’", "“", "é", "\u{a0}", ".",
        ];
        // A seeded linear congruential walk over short strings of the alphabet.
        let mut state: u64 = 17;
        let mut next = |below: usize| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((state >> 33) as usize) % below
        };
        for _ in 0..20_000 {
            let n = next(12);
            let s: String = (0..n).map(|_| alphabet[next(alphabet.len())]).collect();
            assert_eq!(fold_text(&s), fold_chars(&s), "{s:?}");
            assert!(!is_folded(&s) || fold_chars(&s) == s, "{s:?}");
        }
        assert!(is_folded(
            "Russia demanded (in writing) security guarantees."
        ));
        assert!(!is_folded("two  spaces") && !is_folded("Russia’s") && is_folded(""));
    }

    #[test]
    fn leaves_other_brackets_alone() {
        assert_eq!(fold_text("a [note] here"), "a [note] here");
        assert_eq!(fold_text("[x](not a url) y"), "[x](not a url) y");
        assert_eq!(fold_text("unclosed [link"), "unclosed [link");
        assert_eq!(fold_text("Intermediate-\nRange"), "Intermediate- Range");
    }
}
