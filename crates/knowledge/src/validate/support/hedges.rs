//! Hedges: a field drawn from a hedged sentence keeps the hedge.

use std::collections::HashSet;

use super::super::Report;
use super::{content_stems, FreeNames, Passages, Written};
use crate::words::{plain_words, stem};

/// The hedges, as word sequences; `…` stands for up to three words between its neighbours
/// ("It looks, therefore, as though").
pub const HEDGES: &[&[&str]] = &[
    &["seems"],
    &["seem"],
    &["appears"],
    &["appear"],
    &["supposedly"],
    &["may"],
    &["might"],
    &["likely"],
    &["judging", "by"],
    &["looks", "…", "as", "though"],
    &["we", "can", "view"],
    &["should", "be", "assessed", "as"],
];

/// The words of `text` with the month "May" ("in May 2021", "14 May") told apart from the
/// hedge "may": it becomes `may-month`.
pub(crate) fn hedge_words(text: &str) -> Vec<String> {
    let mut words = plain_words(text);
    let numeric = |w: Option<&String>| w.is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
    for i in 0..words.len() {
        if words[i] == "may"
            && (numeric(words.get(i + 1)) || numeric(i.checked_sub(1).and_then(|j| words.get(j))))
        {
            words[i] = "may-month".to_string();
        }
    }
    words
}

/// Whether `words` hold the hedge `pattern`.
pub(crate) fn holds(words: &[String], pattern: &[&str]) -> bool {
    (0..words.len()).any(|start| matches_at(words, start, pattern))
}

fn matches_at(words: &[String], at: usize, pattern: &[&str]) -> bool {
    match pattern.split_first() {
        None => true,
        Some((&"…", rest)) => (0..=3).any(|skip| matches_at(words, at + skip, rest)),
        Some((first, rest)) => {
            words.get(at).is_some_and(|w| w == first) && matches_at(words, at + 1, rest)
        }
    }
}

/// A sentence of an excerpt: all its words' stems, and its words outside quotation marks
/// (the author's, where a hedge counts: a hedge inside a quotation is the speaker's word,
/// shown verbatim with the quotation).
struct Sentence {
    text: String,
    stems: HashSet<String>,
    own_words: Vec<String>,
}

/// The sentences of a folded excerpt.
fn sentences(excerpt: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let (mut text, mut own) = (String::new(), String::new());
    let mut quoted = false;
    let chars: Vec<char> = excerpt.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        text.push(c);
        if c == '"' {
            quoted = !quoted;
            own.push(' ');
        } else if quoted {
            own.push(' ');
        } else {
            own.push(c);
        }
        let end_mark = matches!(c, '.' | '?' | '!')
            && chars[i + 1..]
                .iter()
                .find(|c| !matches!(c, '"' | ')' | '\''))
                .is_none_or(|c| *c == ' ');
        if end_mark || i + 1 == chars.len() {
            let words = plain_words(&text);
            out.push(Sentence {
                stems: words.iter().map(|w| stem(w)).collect(),
                own_words: hedge_words(&own),
                text: std::mem::take(&mut text),
            });
            own.clear();
        }
    }
    out
}

/// Rejects a written field that shares a content word with a hedged sentence of the
/// excerpts ("It looks … as though Russia wanted to use Western fears") but drops its hedge
/// ("Russia used Western fears"): keep the hedge, or leave the field out.
pub(crate) fn hedges_kept(
    report: &mut Report,
    written: &Written<'_>,
    passages: &Passages<'_>,
    names: &FreeNames,
) {
    let field_words = hedge_words(written.text);
    let field_stems: HashSet<String> = content_stems(written.text, names)
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    for sentence in passages.excerpts.iter().flat_map(|e| sentences(e)) {
        if !field_stems.iter().any(|s| sentence.stems.contains(s)) {
            continue;
        }
        for hedge in HEDGES {
            if holds(&sentence.own_words, hedge) && !holds(&field_words, hedge) {
                let of = super::super::excerpts::preview(sentence.text.trim());
                written.error(
                    report,
                    format!(
                        "drops the hedge \"{}\" of \"{of}\": keep it or leave the field out",
                        hedge.join(" ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::test_support::{report, shown};
    use super::super::test_support::{excerpts, field};
    use super::*;

    #[test]
    fn rejects_a_field_that_drops_the_hedge_of_its_sentence() {
        let e = excerpts(&["Nobody doubts the troops. It looks, therefore, as though Russia wanted to use Western fears over Ukraine's security."]);
        let passages = Passages::new(&e);
        let names = FreeNames::new(["Russia"]);
        let mut r = report();
        let kept = field(
            "heading",
            "It looks as though Russia wanted to use Western fears",
        );
        hedges_kept(&mut r, &kept, &passages, &names);
        // A field drawn only from the unhedged sentence needs no hedge.
        hedges_kept(&mut r, &field("heading", "Troops"), &passages, &names);
        assert!(r.errors.is_empty(), "{:?}", shown(&r));
        let dropped = field("heading", "Russia used Western fears");
        hedges_kept(&mut r, &dropped, &passages, &names);
        assert_eq!(
            shown(&r),
            ["statements.toml: statement \"s\": `heading` drops the hedge \"looks … as though\" of \"It looks, therefore, as though Russia wanted to use Western fears over Ukraine's…\": keep it or leave the field out"]
        );
    }

    #[test]
    fn the_month_of_may_is_no_hedge() {
        let e = excerpts(&["In May 2021 troops massed. On 14 May they left."]);
        let passages = Passages::new(&e);
        let mut r = report();
        for title in ["Troops massed", "Troops left"] {
            hedges_kept(
                &mut r,
                &field("title", title),
                &passages,
                &FreeNames::default(),
            );
        }
        assert!(r.errors.is_empty(), "{:?}", shown(&r));
    }

    #[test]
    fn a_hedge_inside_a_quotation_is_the_speakers_word() {
        let e = excerpts(&[
            "Blinken said \"that one country may not tell another with whom it may associate.\"",
        ]);
        let passages = Passages::new(&e);
        let mut r = report();
        let heading = field("heading", "One country and whom to associate with");
        hedges_kept(&mut r, &heading, &passages, &FreeNames::default());
        assert!(r.errors.is_empty(), "{:?}", shown(&r));
    }
}
