//! A word index over every fact's text, for fragment search, `search` and `check`.

use std::collections::HashMap;

use super::text::{allowed_typos, content_words, words_match};
use crate::knowledge::KnowledgeBase;

/// A fact in the knowledge base, by kind and position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactRef {
    Person(usize),
    Statement(usize),
    Article(usize),
    Event(usize),
    Term(usize),
}

/// Query words beyond this count are ignored (a claim is a sentence, not an essay).
const MAX_QUERY_WORDS: usize = 48;

/// Length of the prefix under which inflected forms are grouped.
const STEM: usize = 5;

/// An inverted index from words to the facts that contain them.
pub struct DocIndex {
    docs: Vec<FactRef>,
    postings: HashMap<String, Vec<u32>>,
    by_stem: HashMap<String, Vec<String>>,
    by_len: HashMap<usize, Vec<String>>,
    idf: HashMap<String, f64>,
    unseen_idf: f64,
}

/// A fact and how much of the query it covers (0..=1, weighted by word rarity).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub fact: FactRef,
    pub score: f64,
    /// How many distinct query words it matched.
    pub matched: usize,
}

impl DocIndex {
    /// Indexes every fact's searchable text.
    pub fn build(kb: &KnowledgeBase) -> DocIndex {
        let mut texts: Vec<(FactRef, String)> = Vec::new();
        for (i, p) in kb.people.iter().enumerate() {
            texts.push((
                FactRef::Person(i),
                format!("{} {} {}", p.name, p.aliases.join(" "), p.role),
            ));
        }
        for (i, s) in kb.statements.iter().enumerate() {
            texts.push((FactRef::Statement(i), format!("{} {}", s.text, s.excerpt)));
        }
        for (i, a) in kb.articles.iter().enumerate() {
            texts.push((FactRef::Article(i), format!("{} {}", a.text, a.excerpt)));
        }
        for (i, e) in kb.events.iter().enumerate() {
            texts.push((
                FactRef::Event(i),
                format!("{} {} {}", e.title, e.description, e.excerpt),
            ));
        }
        for (i, t) in kb.terms.iter().enumerate() {
            texts.push((
                FactRef::Term(i),
                format!(
                    "{} {} {} {}",
                    t.term,
                    t.aliases.join(" "),
                    t.explanation,
                    t.excerpt
                ),
            ));
        }
        let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
        let mut docs = Vec::with_capacity(texts.len());
        for (d, (fact, text)) in texts.into_iter().enumerate() {
            docs.push(fact);
            let mut ws = content_words(&text);
            ws.sort_unstable();
            ws.dedup();
            for w in ws {
                postings.entry(w).or_default().push(d as u32);
            }
        }
        let n = docs.len().max(1) as f64;
        let mut by_stem: HashMap<String, Vec<String>> = HashMap::new();
        let mut by_len: HashMap<usize, Vec<String>> = HashMap::new();
        let mut idf = HashMap::new();
        for (w, list) in &postings {
            idf.insert(w.clone(), (1.0 + n / list.len() as f64).ln());
            if w.len() >= STEM {
                by_stem
                    .entry(w[..STEM].to_string())
                    .or_default()
                    .push(w.clone());
            }
            by_len.entry(w.len()).or_default().push(w.clone());
        }
        DocIndex {
            docs,
            postings,
            by_stem,
            by_len,
            idf,
            unseen_idf: (1.0 + n).ln(),
        }
    }

    /// The indexed words a query word stands for: itself, its inflections, or its typo'd forms.
    fn expand(&self, word: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        if let Some((w, _)) = self.postings.get_key_value(word) {
            out.push(w);
        }
        if word.len() >= STEM {
            if let Some(list) = self.by_stem.get(&word[..STEM]) {
                out.extend(
                    list.iter()
                        .map(String::as_str)
                        .filter(|w| *w != word && words_match(word, w)),
                );
            }
        } else if word.len() == 4 {
            // Short words: the indexed words that begin with them ("draf" → "draft").
            for len in 5..=6 {
                if let Some(list) = self.by_len.get(&len) {
                    out.extend(
                        list.iter()
                            .map(String::as_str)
                            .filter(|w| w.starts_with(word)),
                    );
                }
            }
        }
        if out.is_empty() {
            let allowed = allowed_typos(word.len());
            for len in word.len().saturating_sub(allowed)..=word.len() + allowed {
                if let Some(list) = self.by_len.get(&len) {
                    out.extend(list.iter().map(String::as_str).filter(|w| {
                        allowed > 0 && strsim::damerau_levenshtein(word, w) <= allowed
                    }));
                }
            }
        }
        out
    }

    /// Facts ranked by how much of the query they cover, best first, those `keep` accepts.
    pub fn rank(&self, query: &str, keep: impl Fn(FactRef) -> bool) -> Vec<Hit> {
        let mut q = content_words(query);
        q.sort_unstable();
        q.dedup();
        q.truncate(MAX_QUERY_WORDS);
        if q.is_empty() {
            return Vec::new();
        }
        let mut total = 0.0;
        let mut acc: HashMap<u32, (f64, usize)> = HashMap::new();
        for word in &q {
            let expanded = self.expand(word);
            let weight = expanded
                .iter()
                .filter_map(|w| self.idf.get(*w))
                .fold(None, |m: Option<f64>, &x| Some(m.map_or(x, |m| m.max(x))))
                .unwrap_or(self.unseen_idf);
            total += weight;
            let mut seen: Vec<u32> = expanded
                .iter()
                .filter_map(|w| self.postings.get(*w))
                .flatten()
                .copied()
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for d in seen {
                let slot = acc.entry(d).or_insert((0.0, 0));
                slot.0 += weight;
                slot.1 += 1;
            }
        }
        let mut hits: Vec<Hit> = acc
            .into_iter()
            .map(|(d, (w, matched))| Hit {
                fact: self.docs[d as usize],
                score: (w / total).min(1.0),
                matched,
            })
            .filter(|h| keep(h.fact))
            .collect();
        hits.sort_by(|a, b| {
            b.score
                .partial_cmp(&a.score)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.fact.cmp(&b.fact))
        });
        hits
    }

    /// Number of distinct content words in a query, as [`DocIndex::rank`] counts them.
    pub fn query_words(query: &str) -> usize {
        let mut q = content_words(query);
        q.sort_unstable();
        q.dedup();
        q.len().min(MAX_QUERY_WORDS)
    }
}
