//! Content words: each one of a written field stands, stemmed, in the excerpts.

use super::super::Report;
use super::{content_stems, missing_words, report_missing, FreeNames, Passages, Written};

/// Rejects a written field holding content words whose stems are in none of the excerpts:
/// "occupied" where the excerpt says "controlled by the Ukrainian army", "Russia's fears are
/// real" where it says nothing of the kind. Names of the entry and of what it refers to are
/// free, as are [connecting words](super::CONNECTING); numbers are content words.
pub(crate) fn content_words_in_excerpts(
    report: &mut Report,
    written: &Written<'_>,
    passages: &Passages<'_>,
    names: &FreeNames,
) {
    let unsupported = content_stems(written.text, names)
        .into_iter()
        .filter(|(word, stem)| !passages.stems.contains(stem) && !passages.words.contains(word))
        .map(|(word, _)| word);
    let missing = missing_words(unsupported, |_| true);
    report_missing(report, written, "says what its excerpts do not", &missing);
}

#[cfg(test)]
mod tests {
    use super::super::super::test_support::{report, shown};
    use super::super::test_support::{excerpts, field};
    use super::*;

    #[test]
    fn rejects_words_the_excerpt_does_not_hold() {
        let e = excerpts(&["Russia may recapture parts of Luhansk and Donetsk regions which are now controlled by the Ukrainian army."]);
        let passages = Passages::new(&e);
        let names = FreeNames::new(["Russia", "Ukraine"]);
        let mut r = report();
        // Stems join forms ("recaptures"), names and connecting words are free.
        let ok = field(
            "heading",
            "Russia recaptures regions controlled by the army",
        );
        content_words_in_excerpts(&mut r, &ok, &passages, &names);
        assert!(r.errors.is_empty(), "{:?}", shown(&r));
        let bad = field(
            "heading",
            "Russia strikes from Ukraine's occupied territories in 2022",
        );
        content_words_in_excerpts(&mut r, &bad, &passages, &names);
        assert_eq!(
            shown(&r),
            ["statements.toml: statement \"s\": `heading` says what its excerpts do not: \"strikes\", \"occupied\", \"territories\", \"2022\" not in them"]
        );
    }
}
