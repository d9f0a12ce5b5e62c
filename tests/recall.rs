//! "Nothing on this" is never said of a sentence that is in the sources: every sentence of
//! both documents (five words or more) is found by `search`, `check` and `who-said` from its
//! own words, with one word left out, and with two neighbouring words swapped.

use factbot::engine::{Answer, Engine};
use factbot::knowledge::fold_text;

fn engine() -> &'static Engine {
    factbot_testkit::shipped_engine()
}

/// Every sentence of both sources, page noise left out, of five words or more.
fn sentences() -> Vec<String> {
    let kb = engine().knowledge();
    let mut out = Vec::new();
    for source in kb.sources() {
        let text = kb.source_text(&source.id).expect("a source text");
        let noise: Vec<String> = source.noise.iter().map(|n| fold_text(n)).collect();
        for (a, b) in text.sentences() {
            let s = &text.folded[a..b];
            if noise
                .iter()
                .any(|n| n.contains(s) || s.contains(n.as_str()))
            {
                continue;
            }
            if s.split_whitespace().count() >= 5 {
                out.push(s.to_string());
            }
        }
    }
    out
}

/// The sentence's words: as they are, one left out (the middle one), two neighbours swapped.
fn variants(sentence: &str) -> [String; 3] {
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mid = words.len() / 2;
    let mut dropped = words.clone();
    dropped.remove(mid);
    let mut swapped = words.clone();
    swapped.swap(mid - 1, mid);
    [sentence.to_string(), dropped.join(" "), swapped.join(" ")]
}

/// Whether an answer shows the sentence in one of its cited passages.
fn shows(answer: &Answer, sentence: &str) -> bool {
    answer
        .items
        .iter()
        .filter_map(|i| i.citation.as_ref())
        .any(|c| c.passages.iter().any(|p| p.contains(sentence)))
}

#[test]
fn every_sentence_is_found_from_its_words() {
    let e = engine();
    let all = sentences();
    assert!(all.len() > 150, "{} sentences", all.len());
    let mut missed = Vec::new();
    for sentence in &all {
        for (k, query) in variants(sentence).iter().enumerate() {
            for command in ["search", "check", "who-said"] {
                let answer = e.run(command, query);
                if !shows(&answer, sentence) {
                    let how = ["as is", "one word left out", "two words swapped"][k];
                    missed.push(format!("!{command} ({how}): {sentence}"));
                }
            }
        }
    }
    assert!(
        missed.is_empty(),
        "{} of {} queries miss their sentence:\n{}",
        missed.len(),
        all.len() * 9,
        missed.join("\n")
    );
}
