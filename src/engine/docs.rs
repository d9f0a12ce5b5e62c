//! A word index over every fact's text, for fragment search, `search` and `check`.

use std::collections::HashMap;

use super::fuzzy::{damerau_levenshtein, DeletionIndex};
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
///
/// The vocabulary is sorted, so the words sharing a stem or beginning with a short word are
/// a contiguous range found by binary search; postings are stored flat (one array of fact
/// numbers, one of offsets). Typo'd query words find their indexed forms through a
/// symmetric-deletion index ([`DeletionIndex`]) instead of a scan of the vocabulary.
pub struct DocIndex {
    docs: Vec<FactRef>,
    /// Every indexed word, sorted; a word's id is its position.
    vocab: Vec<Box<str>>,
    /// Postings of word `w`: `postings[offsets[w]..offsets[w + 1]]`, ascending.
    offsets: Vec<u32>,
    postings: Vec<u32>,
    idf: Vec<f64>,
    deletions: DeletionIndex,
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

/// Acronyms of the names written out in full, so that a user's "NATO" finds "North Atlantic
/// Treaty Organization" and "USSR" finds "Union of Soviet Socialist Republics": the initials of
/// every run of three to six capitalised words (small joining words allowed inside).
fn acronyms(text: &str) -> String {
    const JOINERS: [&str; 6] = ["of", "for", "and", "the", "on", "in"];
    let mut out = String::new();
    let mut initials = String::new();
    let mut pending_joiners = 0;
    let flush = |initials: &mut String, out: &mut String| {
        if (3..=6).contains(&initials.len()) {
            out.push_str(initials);
            out.push(' ');
        }
        initials.clear();
    };
    for word in text.split(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '"' | '“' | '”')
    }) {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric());
        let Some(first) = word.chars().next() else {
            continue;
        };
        if first.is_uppercase() {
            initials.push(first.to_ascii_lowercase());
            pending_joiners = 0;
        } else if !initials.is_empty() && JOINERS.contains(&word) && pending_joiners == 0 {
            pending_joiners += 1;
        } else {
            flush(&mut initials, &mut out);
            pending_joiners = 0;
        }
    }
    flush(&mut initials, &mut out);
    out
}

impl DocIndex {
    /// Indexes every fact's searchable text.
    pub fn build(kb: &KnowledgeBase) -> DocIndex {
        let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
        let mut docs = Vec::with_capacity(kb.fact_count());
        let mut add = |fact: FactRef, mut text: String| {
            let d = docs.len() as u32;
            docs.push(fact);
            let short = acronyms(&text);
            text.push(' ');
            text.push_str(&short);
            let mut ws = content_words(&text);
            ws.sort_unstable();
            ws.dedup();
            for w in ws {
                postings.entry(w).or_default().push(d);
            }
        };
        for (i, p) in kb.people.iter().enumerate() {
            add(
                FactRef::Person(i),
                format!("{} {} {}", p.name, p.aliases.join(" "), p.role),
            );
        }
        for (i, s) in kb.statements.iter().enumerate() {
            add(FactRef::Statement(i), format!("{} {}", s.text, s.excerpt));
        }
        for (i, a) in kb.articles.iter().enumerate() {
            let draft = a.draft.label();
            add(
                FactRef::Article(i),
                format!("{draft} {} {}", a.text, a.excerpt),
            );
        }
        for (i, e) in kb.events.iter().enumerate() {
            add(
                FactRef::Event(i),
                format!("{} {} {}", e.title, e.description, e.excerpt),
            );
        }
        for (i, t) in kb.terms.iter().enumerate() {
            add(
                FactRef::Term(i),
                format!(
                    "{} {} {} {}",
                    t.term,
                    t.aliases.join(" "),
                    t.explanation,
                    t.excerpt
                ),
            );
        }
        let n = docs.len().max(1) as f64;
        let mut words: Vec<(String, Vec<u32>)> = postings.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut vocab = Vec::with_capacity(words.len());
        let mut offsets = Vec::with_capacity(words.len() + 1);
        let mut flat = Vec::with_capacity(words.iter().map(|w| w.1.len()).sum());
        let mut idf = Vec::with_capacity(words.len());
        offsets.push(0u32);
        for (w, list) in words {
            idf.push((1.0 + n / list.len() as f64).ln());
            flat.extend_from_slice(&list);
            offsets.push(flat.len() as u32);
            vocab.push(w.into_boxed_str());
        }
        let deletions =
            DeletionIndex::build(vocab.iter().map(|w| &**w), |w| allowed_typos(w.len()));
        DocIndex {
            docs,
            vocab,
            offsets,
            postings: flat,
            idf,
            deletions,
            unseen_idf: (1.0 + n).ln(),
        }
    }

    /// The id of an indexed word.
    fn id(&self, word: &str) -> Option<u32> {
        self.vocab
            .binary_search_by(|w| (**w).cmp(word))
            .ok()
            .map(|i| i as u32)
    }

    /// Ids of the indexed words that start with `prefix`.
    fn starting_with(&self, prefix: &str) -> std::ops::Range<usize> {
        let lo = self.vocab.partition_point(|w| **w < *prefix);
        let len = self.vocab[lo..]
            .iter()
            .take_while(|w| w.starts_with(prefix))
            .count();
        lo..lo + len
    }

    fn list(&self, w: u32) -> &[u32] {
        &self.postings[self.offsets[w as usize] as usize..self.offsets[w as usize + 1] as usize]
    }

    /// The indexed words a query word stands for: itself, its inflections, or its typo'd forms.
    fn expand(&self, word: &str) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        let own = self.id(word);
        out.extend(own);
        if word.len() >= STEM {
            out.extend(
                self.starting_with(&word[..STEM])
                    .map(|i| i as u32)
                    .filter(|&i| Some(i) != own && words_match(word, &self.vocab[i as usize])),
            );
        } else if word.len() == 4 {
            // Short words: the indexed words that begin with them ("draf" → "draft").
            out.extend(
                self.starting_with(word)
                    .filter(|&i| (5..=6).contains(&self.vocab[i].len()))
                    .map(|i| i as u32),
            );
        }
        if out.is_empty() {
            let allowed = allowed_typos(word.len());
            if allowed > 0 {
                let mut found = Vec::new();
                self.deletions.candidates(word, allowed, &mut found);
                found.sort_unstable();
                found.dedup();
                out.extend(found.into_iter().filter(|&i| {
                    let w = &*self.vocab[i as usize];
                    w.len().abs_diff(word.len()) <= allowed
                        && damerau_levenshtein(word, w) <= allowed
                }));
            }
        }
        out
    }

    /// Facts ranked by how much of the query they cover, best first, those `keep` accepts.
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn rank(&self, query: &str, keep: impl Fn(FactRef) -> bool) -> Vec<Hit> {
        self.rank_above(query, 0.0, keep)
    }

    /// [`DocIndex::rank`] without the hits scoring below `min` (which are never built).
    pub fn rank_above(&self, query: &str, min: f64, keep: impl Fn(FactRef) -> bool) -> Vec<Hit> {
        let mut q = content_words(query);
        q.sort_unstable();
        q.dedup();
        q.truncate(MAX_QUERY_WORDS);
        if q.is_empty() {
            return Vec::new();
        }
        // Each fact's score depends only on which query words it matched, so facts are
        // collected with a bit mask of their words (in fact order, by merging sorted
        // postings), and ordered by bucketing on the masks' scores: linear in the hits.
        let mut weights = Vec::with_capacity(q.len());
        let mut acc: Vec<(u32, u64)> = Vec::new();
        let mut tmp: Vec<(u32, u64)> = Vec::new();
        for (bit, word) in q.iter().enumerate() {
            let expanded = self.expand(word);
            let weight = expanded
                .iter()
                .map(|&w| self.idf[w as usize])
                .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
                .unwrap_or(self.unseen_idf);
            weights.push(weight);
            let union;
            let seen: &[u32] = match expanded.as_slice() {
                [] => continue,
                [one] => self.list(*one),
                many => {
                    union = many
                        .iter()
                        .fold(Vec::new(), |u, &w| union_sorted(&u, self.list(w)));
                    &union
                }
            };
            merge_mask(&acc, seen, 1 << bit, &mut tmp);
            std::mem::swap(&mut acc, &mut tmp);
        }
        // The total in the same order of additions as a fact's own sum.
        let total = weights.iter().fold(0.0, |t, w| t + w);
        let mut groups: Vec<(u64, f64, usize)> = Vec::new();
        let mut new_group = |mask: u64| {
            let w = (0..q.len())
                .filter(|b| mask & (1 << b) != 0)
                .fold(0.0, |t, b| t + weights[b]);
            groups.push((mask, (w / total).min(1.0), 0));
            groups.len() - 1
        };
        let mut group_of: Vec<u32> = Vec::with_capacity(acc.len());
        if q.len() <= 12 {
            // Few words: a direct table from mask to group.
            let mut table = vec![u32::MAX; 1 << q.len()];
            for &(_, mask) in &acc {
                let slot = &mut table[mask as usize];
                if *slot == u32::MAX {
                    *slot = new_group(mask) as u32;
                }
                group_of.push(*slot);
            }
        } else {
            let mut masks: HashMap<u64, u32> = HashMap::new();
            for &(_, mask) in &acc {
                let g = *masks.entry(mask).or_insert_with(|| new_group(mask) as u32);
                group_of.push(g);
            }
        }
        for &g in &group_of {
            groups[g as usize].2 += 1;
        }
        // Groups by descending score; equal scores share a bucket, which keeps fact order.
        let mut order: Vec<usize> = (0..groups.len()).collect();
        order.sort_by(|&a, &b| {
            groups[b]
                .1
                .partial_cmp(&groups[a].1)
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        let mut bucket_of = vec![usize::MAX; groups.len()];
        let mut starts: Vec<usize> = Vec::new();
        let mut last: Option<f64> = None;
        let mut filled = 0;
        for &g in order.iter().take_while(|&&g| groups[g].1 >= min) {
            if last != Some(groups[g].1) {
                starts.push(filled);
                last = Some(groups[g].1);
            }
            bucket_of[g] = starts.len() - 1;
            filled += groups[g].2;
        }
        let mut slot = starts;
        let mut placed: Vec<u32> = vec![0; filled];
        for (i, &g) in group_of.iter().enumerate() {
            let b = bucket_of[g as usize];
            if b == usize::MAX {
                continue;
            }
            placed[slot[b]] = i as u32;
            slot[b] += 1;
        }
        placed
            .into_iter()
            .filter_map(|i| {
                let (d, mask) = acc[i as usize];
                let fact = self.docs[d as usize];
                keep(fact).then(|| {
                    let g = &groups[group_of[i as usize] as usize];
                    Hit {
                        fact,
                        score: g.1,
                        matched: mask.count_ones() as usize,
                    }
                })
            })
            .collect()
    }

    /// Approximate bytes held on the heap by the index.
    pub fn heap_bytes(&self) -> usize {
        self.docs.capacity() * std::mem::size_of::<FactRef>()
            + self.vocab.iter().map(|w| 16 + w.len()).sum::<usize>()
            + (self.offsets.capacity() + self.postings.capacity()) * 4
            + self.idf.capacity() * 8
            + self.deletions.heap_bytes()
    }

    /// Number of distinct content words in a query, as [`DocIndex::rank`] counts them.
    pub fn query_words(query: &str) -> usize {
        let mut q = content_words(query);
        q.sort_unstable();
        q.dedup();
        q.len().min(MAX_QUERY_WORDS)
    }
}

/// The sorted union of two ascending lists without repeats.
fn union_sorted(a: &[u32], b: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Merges facts `list` (ascending) into `acc` (ascending by fact), setting `bit` on each.
fn merge_mask(acc: &[(u32, u64)], list: &[u32], bit: u64, out: &mut Vec<(u32, u64)>) {
    out.clear();
    out.reserve(acc.len() + list.len());
    let (mut i, mut j) = (0, 0);
    while i < acc.len() && j < list.len() {
        match acc[i].0.cmp(&list[j]) {
            std::cmp::Ordering::Less => {
                out.push(acc[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push((list[j], bit));
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push((acc[i].0, acc[i].1 | bit));
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&acc[i..]);
    out.extend(list[j..].iter().map(|&d| (d, bit)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acronyms_of_names_written_out() {
        assert_eq!(
            acronyms("expansion of the North Atlantic Treaty Organization and"),
            "nato "
        );
        assert_eq!(
            acronyms("the former Union of Soviet Socialist Republics"),
            "ussr "
        );
        assert_eq!(
            acronyms("the Intermediate-Range Nuclear Forces treaty"),
            "inf "
        );
        assert_eq!(acronyms("the OSCE and NATO"), "");
    }

    #[test]
    fn ranking_above_a_score_is_the_ranking_cut() {
        let kb = crate::synth::generate(2_000, 9);
        let idx = DocIndex::build(&kb);
        for (i, s) in kb.statements.iter().enumerate().step_by(97) {
            let query: String = s
                .text
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ");
            let all = idx.rank(&query, |_| true);
            assert!(all
                .windows(2)
                .all(|w| w[0].score > w[1].score
                    || (w[0].score == w[1].score && w[0].fact < w[1].fact)));
            assert!(all.iter().any(|h| h.fact == FactRef::Statement(i)));
            for min in [0.3, 0.5, 0.75] {
                let cut: Vec<Hit> = all.iter().copied().filter(|h| h.score >= min).collect();
                assert_eq!(idx.rank_above(&query, min, |_| true), cut);
            }
        }
    }
}
