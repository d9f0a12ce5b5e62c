//! Text folding for matching: case, diacritics, typographic punctuation and script.

use std::sync::OnceLock;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use super::symspell::within_edits;

/// Inputs are cut to this many characters before any matching, so huge messages stay cheap.
pub const MAX_QUERY_CHARS: usize = 4_000;

/// Words too common to count when matching fragments, claims and keywords.
const STOPWORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has", "have", "he",
    "her", "his", "i", "if", "in", "into", "is", "it", "its", "of", "on", "or", "our", "said",
    "say", "says", "she", "should", "so", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "was", "we", "were", "what", "when", "which", "who", "whom",
    "will", "with", "would", "you",
];

/// Folds text into lowercase ASCII words separated by single spaces.
///
/// Transliterates other scripts (`Путин` → `putin`), drops diacritics (`Blínken` → `blinken`),
/// and turns every non-alphanumeric character into a word break. Format characters
/// (zero-width, bidirectional, tags: see [`is_invisible`]) vanish.
pub fn normalize(text: &str) -> String {
    let cut: String = text
        .chars()
        .filter(|c| !is_invisible(*c))
        .take(MAX_QUERY_CHARS)
        .map(|c| match c {
            // Azerbaijani schwa, which deunicode renders as `@`; the press writes `a`.
            'ə' | 'Ə' => 'a',
            // Possessive apostrophes join their word ("Putin's" → "putins" would miss).
            '\'' | '\u{2019}' => ' ',
            c => c,
        })
        .collect();
    let ascii = deunicode::deunicode_with_tofu(&cut, " ");
    let mut out = String::with_capacity(ascii.len());
    let mut space = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c.to_ascii_lowercase());
        } else {
            space = true;
        }
    }
    out
}

/// [`normalize`] into a reused buffer, with a space at each end (so that `" word "` finds
/// whole words): ASCII at byte speed, other characters transliterated one by one. For
/// matching phrases in long passages, many times a query.
pub fn fold_words_into(text: &str, out: &mut String) {
    out.clear();
    out.push(' ');
    let mut space = true;
    let mut push = |c: char, out: &mut String| {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
            space = false;
        } else if !space {
            out.push(' ');
            space = true;
        }
    };
    for c in text.chars() {
        if c.is_ascii() {
            // Possessive apostrophes break words, as in `normalize`.
            push(c, out);
        } else if is_invisible(c) {
            continue;
        } else if matches!(c, 'ə' | 'Ə') {
            push('a', out);
        } else {
            match deunicode::deunicode_char(c) {
                Some(s) => s.chars().for_each(|d| push(d, out)),
                None => push(' ', out),
            }
        }
    }
    if !space {
        out.push(' ');
    }
}

/// Unicode format characters (General_Category=Cf): zero-width spaces and joiners, the
/// byte-order mark, bidirectional controls, the soft hyphen, invisible operators, tag
/// characters and the like. They change nothing a reader sees, so they must change nothing
/// a lookup finds.
pub fn is_invisible(c: char) -> bool {
    let n = c as u32;
    if c.is_ascii() {
        // ASCII has no format characters.
        false
    } else if n <= 0xFFFF {
        bmp_format()[n as usize / 64] >> (n % 64) & 1 == 1
    } else {
        c.general_category() == GeneralCategory::Format
    }
}

/// The format characters of the Basic Multilingual Plane, one bit per code point, built
/// once from the Unicode tables. Looking a character up in those tables is a binary search
/// that costs several times what transliterating it does; every non-Latin query would pay
/// it per character.
fn bmp_format() -> &'static [u64; 1024] {
    static MAP: OnceLock<[u64; 1024]> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map = [0; 1024];
        for c in (0x80..=0xFFFF).filter_map(char::from_u32) {
            if c.general_category() == GeneralCategory::Format {
                map[c as usize / 64] |= 1 << (c as u32 % 64);
            }
        }
        map
    })
}

/// The words of already-normalized text.
pub fn words(normalized: &str) -> impl Iterator<Item = &str> {
    normalized.split(' ').filter(|w| !w.is_empty())
}

/// Whether a normalized word carries no meaning for matching.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// The content words of text: normalized, without stopwords and the possessive `s`.
pub fn content_words(text: &str) -> Vec<String> {
    let n = normalize(text);
    words(&n)
        .filter(|w| !is_stopword(w) && *w != "s")
        .map(str::to_string)
        .collect()
}

/// How many typos a word of this length may carry and still match: the budget a close hit
/// on a name (the name index's policy), a typo'd word in the word index and
/// [`words_match`] are judged by.
///
/// The name index *retrieves* candidates with a wider budget for short words (its
/// `retrieval_edits`: one edit from three letters, not four), since retrieval only gathers
/// names to score; this is the budget they are scored by.
pub fn match_edits(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// Whether two normalized words are the same word, allowing for inflection and typos.
///
/// Same word; or one a prefix of the other sharing at least five letters
/// ("expansion"/"expanding" share "expan"); or within the typo allowance.
pub fn words_match(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let shared = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    if shared >= 5 || (shared >= 4 && shared == a.len().min(b.len())) {
        return true;
    }
    let allowed = match_edits(a.len().min(b.len()));
    allowed > 0 && within_edits(a, b, allowed).is_some()
}

/// Shortens user text for echoing it back: one line, at most `max` characters.
pub fn shorten(text: &str, max: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= max {
        return one_line;
    }
    let mut out: String = one_line.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopwords_are_sorted_for_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOPWORDS);
    }

    #[test]
    fn the_fast_fold_is_the_fold() {
        let mut out = String::new();
        for text in [
            "Putin’s  “speech”, Şahin Cəfərli — 2.0!",
            "",
            "Путин said: no",
            "a\u{200B}b",
        ] {
            fold_words_into(text, &mut out);
            assert_eq!(
                out,
                format!(" {} ", normalize(text)).replace("  ", " "),
                "{text}"
            );
        }
    }

    #[test]
    fn folds_case_diacritics_script_and_punctuation() {
        assert_eq!(normalize("Путин"), "putin");
        assert_eq!(normalize("Blínken"), "blinken");
        assert_eq!(normalize("Cəfərli"), "cafarli");
        assert_eq!(normalize("  “Yalta   2.0”! "), "yalta 2 0");
        assert_eq!(normalize("who\u{200B}said"), "whosaid");
        assert_eq!(normalize("Putin’s speech"), "putin s speech");
        assert_eq!(normalize("\u{202E}nikluP"), "niklup");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("@everyone <@&123>"), "everyone 123");
    }

    #[test]
    fn every_format_character_vanishes() {
        let plain = normalize("Putin");
        for hidden in [
            '\u{E0041}', // TAG LATIN CAPITAL LETTER A
            '\u{180E}',  // MONGOLIAN VOWEL SEPARATOR
            '\u{061C}',  // ARABIC LETTER MARK
            '\u{2061}',  // FUNCTION APPLICATION
            '\u{2064}',  // INVISIBLE PLUS
            '\u{206A}',  // INHIBIT SYMMETRIC SWAPPING
            '\u{FFF9}',  // INTERLINEAR ANNOTATION ANCHOR
            '\u{FFFB}',  // INTERLINEAR ANNOTATION TERMINATOR
            '\u{E0001}', // LANGUAGE TAG
            '\u{E0020}', // TAG SPACE
            '\u{E007F}', // CANCEL TAG
            '\u{110BD}', // KAITHI NUMBER SIGN
            '\u{1BCA0}', // SHORTHAND FORMAT LETTER OVERLAP
            '\u{1BCA3}', // SHORTHAND FORMAT UP STEP
            '\u{1D173}', // MUSICAL SYMBOL BEGIN BEAM
            '\u{1D17A}', // MUSICAL SYMBOL END PHRASE
            '\u{13430}', // EGYPTIAN HIEROGLYPH VERTICAL JOINER
            '\u{00AD}',  // SOFT HYPHEN
            '\u{200C}',  // ZERO WIDTH NON-JOINER
            '\u{200D}',  // ZERO WIDTH JOINER
            '\u{FEFF}',  // ZERO WIDTH NO-BREAK SPACE
        ] {
            assert!(is_invisible(hidden), "U+{:04X}", hidden as u32);
            assert_eq!(
                normalize(&format!("Pu{hidden}tin")),
                plain,
                "U+{:04X}",
                hidden as u32
            );
        }
        assert_eq!(normalize("Pu\u{E0041}tin"), normalize("Putin"));
        assert_eq!(normalize("Pu\u{180E}tin"), normalize("Putin"));
        assert_eq!(normalize("Pu\u{061C}tin"), normalize("Putin"));
        assert_eq!(normalize("Pu\u{2064}tin"), normalize("Putin"));
    }

    #[test]
    fn is_invisible_is_exactly_the_format_category() {
        let mut format = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let cf = c.general_category() == GeneralCategory::Format;
            assert_eq!(is_invisible(c), cf, "U+{:04X}", c as u32);
            format += usize::from(cf);
        }
        assert!(format > 150, "{format} format characters");
    }

    #[test]
    fn visible_characters_stay() {
        for c in (0..=0x7f_u8)
            .map(char::from)
            .chain(['é', 'ə', 'П', '’', '\u{00A0}'])
        {
            assert!(!is_invisible(c), "U+{:04X}", c as u32);
        }
        assert_eq!(normalize("Pu tin"), "pu tin");
    }

    #[test]
    fn long_input_is_cut() {
        let long = "a".repeat(10_000);
        assert_eq!(normalize(&long).len(), MAX_QUERY_CHARS);
    }

    #[test]
    fn words_match_inflections_and_typos_only() {
        assert!(words_match("expansion", "expanding"));
        assert!(words_match("blinkin", "blinken"));
        assert!(words_match("stoltenbreg", "stoltenberg"));
        assert!(words_match("demand", "demands"));
        assert!(!words_match("war", "was"));
        assert!(!words_match("nato", "natural"));
        assert!(!words_match("putin", "ukraine"));
    }

    #[test]
    fn shorten_cuts_and_flattens() {
        assert_eq!(shorten("a\n\nb", 10), "a b");
        assert_eq!(shorten("abcdefghij", 5), "abcd…");
    }
}
