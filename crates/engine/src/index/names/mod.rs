//! Fuzzy name lookup with one policy for every command: exact or alias hit, close hit,
//! weak hit ("did you mean"), or nothing.
//!
//! Lookups do not scan the names. Every name is normalized and split into words; the
//! distinct words form a vocabulary with a symmetric-deletion index over it
//! ([`DeletionIndex`]), and each word lists the names that contain it. A query
//! word finds the vocabulary words within two edits through the deletion index (verified by
//! Damerau–Levenshtein distance), and those words give the candidate names; the query word
//! with the fewest candidates is used (more are added while the candidate set stays small).
//! When no candidate is a close hit, the words of a query of up to three words that are close
//! to no name's word are also split in two, which finds names whose space was typed away
//! ("antonyblinken"). Candidates are then scored exactly as a full scan would score them,
//! in name order, under the policy in `policy.rs`, so its tie-breaking does not depend on
//! the index. Completion (`complete.rs`) uses the names sorted by key (prefix ranges found by
//! binary search) and the vocabulary sorted likewise (word-prefix hits).

mod complete;
mod policy;

use std::collections::HashMap;
use std::hash::{BuildHasher, Hash};
use std::sync::OnceLock;

use hashbrown::HashTable;

use super::normalize::{normalize, words};
use super::symspell::{within_edits, DeletionIndex};
use policy::Strength;

/// The outcome of a lookup, after the fuzzy policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<T> {
    /// The query is a name or alias of `target` (after folding).
    Exact {
        /// What the name names.
        target: T,
    },
    /// The query is one or two typos (or word order) away from `matched`, a name of `target`.
    Close {
        /// What the name names.
        target: T,
        /// The name the query was taken for.
        matched: String,
    },
    /// Only weak or ambiguous candidates, deduplicated by target, best first.
    Weak {
        /// The candidates' targets.
        suggestions: Vec<T>,
    },
    /// Nothing close.
    Nothing,
}

/// A string in a [`NameIndex`]'s arena: `(start, len)`.
type Span = (u32, u32);

struct Entry<T> {
    /// The normalized name.
    key: Span,
    /// The name as inserted.
    name: Span,
    /// This entry's word ids: `entry_words[words.0..words.1]`.
    words: (u32, u32),
    target: T,
}

/// Derived lookup structures, built on first use after the last insert.
struct Built {
    deletions: DeletionIndex,
    /// Entry ids sorted by key.
    by_key: Vec<u32>,
    /// Word ids sorted by word.
    by_word: Vec<u32>,
}

/// Names and aliases pointing at targets (people, terms, commands).
pub struct NameIndex<T> {
    entries: Vec<Entry<T>>,
    /// Every key, name and word, one after another: one allocation, not one per string.
    strings: String,
    /// Entry ids by the hash of their key.
    exact: StrIds,
    /// Word ids: a word's position.
    vocab: Vec<Span>,
    vocab_ids: StrIds,
    entry_words: Vec<u32>,
    /// For each word, the entries containing it, ascending.
    postings: Vec<Vec<u32>>,
    built: OnceLock<Built>,
}

/// Candidate names scored at most per lookup beyond the query word with the fewest.
const CANDIDATES: usize = 32;

/// A split query word is tried only when one half's candidate names are at most this many.
const SPLIT_CANDIDATES: usize = 1024;

/// Query words used for retrieval at most (a name is a few words, not an essay).
const MAX_QUERY_WORDS: usize = 8;

/// Queries of more words than this are not tried with a word split in two.
const MAX_SPLIT_WORDS: usize = 3;

/// Edits within which vocabulary words are retrieved for a query word of this length
/// (and deletions indexed for a vocabulary word of this length).
///
/// Retrieval only gathers the candidate names, so its budget is wider for short words than
/// [`match_edits`](crate::index::normalize::match_edits), the budget the policy then judges a
/// close hit by (one edit from three letters here, from four there): a short typo'd word
/// still finds its name, to be scored as a close hit on the whole name or as a weak
/// suggestion.
fn retrieval_edits(len: usize) -> usize {
    match len {
        0..=2 => 0,
        3..=4 => 1,
        _ => 2,
    }
}

impl<T: Copy + Eq + Hash> Default for NameIndex<T> {
    fn default() -> Self {
        NameIndex {
            entries: Vec::new(),
            strings: String::new(),
            exact: StrIds::default(),
            vocab: Vec::new(),
            vocab_ids: StrIds::default(),
            entry_words: Vec::new(),
            postings: Vec::new(),
            built: OnceLock::new(),
        }
    }
}

impl<T: Copy + Eq + Hash> NameIndex<T> {
    /// Adds a name (or alias) for `target`. Blank names are ignored.
    pub fn insert(&mut self, name: &str, target: T) {
        let key = normalize(name);
        if key.is_empty() || self.find_exact(&key).is_some() {
            return;
        }
        let id = self.entries.len() as u32;
        let start = self.entry_words.len() as u32;
        for w in words(&key) {
            let found = {
                let (vocab, strings) = (&self.vocab, &self.strings);
                self.vocab_ids.get(w, |i| at(strings, vocab[i as usize]))
            };
            let wid = match found {
                Some(wid) => wid,
                None => {
                    let wid = self.vocab.len() as u32;
                    let span = push_str(&mut self.strings, w);
                    self.vocab.push(span);
                    let (vocab, strings) = (&self.vocab, &self.strings);
                    self.vocab_ids
                        .insert(w, wid, |i| at(strings, vocab[i as usize]));
                    self.postings.push(Vec::new());
                    wid
                }
            };
            self.entry_words.push(wid);
            let list = &mut self.postings[wid as usize];
            if list.last() != Some(&id) {
                list.push(id);
            }
        }
        let end = self.entry_words.len() as u32;
        let key_span = push_str(&mut self.strings, &key);
        let name = push_str(&mut self.strings, name);
        self.entries.push(Entry {
            key: key_span,
            name,
            words: (start, end),
            target,
        });
        let (entries, strings) = (&self.entries, &self.strings);
        self.exact
            .insert(&key, id, |i| at(strings, entries[i as usize].key));
        self.built = OnceLock::new();
    }

    /// Number of names held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no name is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Builds the derived indexes now rather than on the first lookup.
    pub fn prepare(&self) {
        self.built();
    }

    /// An entry's normalized name.
    fn key(&self, e: &Entry<T>) -> &str {
        at(&self.strings, e.key)
    }

    /// A vocabulary word.
    fn word(&self, w: u32) -> &str {
        at(&self.strings, self.vocab[w as usize])
    }

    /// The entry whose normalized name is `key`.
    fn find_exact(&self, key: &str) -> Option<u32> {
        self.exact.get(key, |i| self.key(&self.entries[i as usize]))
    }

    fn built(&self) -> &Built {
        self.built.get_or_init(|| {
            let deletions =
                DeletionIndex::build(self.vocab.iter().map(|&w| at(&self.strings, w)), |w| {
                    retrieval_edits(w.len())
                });
            let mut by_key: Vec<u32> = (0..self.entries.len() as u32).collect();
            by_key.sort_unstable_by(|&a, &b| {
                self.key(&self.entries[a as usize])
                    .cmp(self.key(&self.entries[b as usize]))
            });
            let mut by_word: Vec<u32> = (0..self.vocab.len() as u32).collect();
            by_word.sort_unstable_by(|&a, &b| self.word(a).cmp(self.word(b)));
            Built {
                deletions,
                by_key,
                by_word,
            }
        })
    }

    fn tokens(&self, e: &Entry<T>) -> impl ExactSizeIterator<Item = &str> + Clone {
        self.entry_words[e.words.0 as usize..e.words.1 as usize]
            .iter()
            .map(|&w| self.word(w))
    }

    /// Vocabulary words within [`retrieval_edits`] of `word`, sorted.
    fn close_words(&self, word: &str) -> Vec<u32> {
        let depth = retrieval_edits(word.len());
        if depth == 0 {
            return self
                .vocab_ids
                .get(word, |w| self.word(w))
                .map(|w| vec![w])
                .unwrap_or_default();
        }
        let mut found = Vec::new();
        self.built().deletions.candidates(word, depth, &mut found);
        found.sort_unstable();
        found.dedup();
        found.retain(|&w| within_edits(word, self.word(w), depth).is_some());
        found
    }

    /// Entries containing any of `words`, ascending, and how many postings that is.
    fn entries_of(&self, words: &[u32]) -> Vec<u32> {
        let mut out: Vec<u32> = words
            .iter()
            .flat_map(|&w| self.postings[w as usize].iter().copied())
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    fn postings_len(&self, words: &[u32]) -> usize {
        words.iter().map(|&w| self.postings[w as usize].len()).sum()
    }

    /// Candidate entries for pieces of a query: the piece with the fewest, then others
    /// while the set stays small. Ascending entry ids.
    fn candidates<'q>(&self, pieces: impl Iterator<Item = &'q str>) -> Vec<u32> {
        let mut per: Vec<(usize, Vec<u32>)> = pieces
            .take(MAX_QUERY_WORDS)
            .map(|p| {
                let ws = self.close_words(p);
                (self.postings_len(&ws), ws)
            })
            .filter(|(n, _)| *n > 0)
            .collect();
        per.sort_by_key(|(n, _)| *n);
        let mut chosen: Vec<u32> = Vec::new();
        let mut total = 0;
        for (i, (n, ws)) in per.iter().enumerate() {
            if i > 0 && total + n > CANDIDATES {
                break;
            }
            total += n;
            chosen.extend_from_slice(ws);
        }
        self.entries_of(&chosen)
    }

    /// Names with a word close to `left` and a word close to `right`, appended to `out`.
    fn split_candidates(&self, left: &str, right: &str, out: &mut Vec<u32>) {
        let l = self.close_words(left);
        if l.is_empty() {
            return;
        }
        let r = self.close_words(right);
        if r.is_empty() {
            return;
        }
        let (small, other) = if self.postings_len(&l) <= self.postings_len(&r) {
            (l, r)
        } else {
            (r, l)
        };
        if self.postings_len(&small) > SPLIT_CANDIDATES {
            return;
        }
        for e in self.entries_of(&small) {
            let ws = self.entries[e as usize].words;
            if self.entry_words[ws.0 as usize..ws.1 as usize]
                .iter()
                .any(|w| other.binary_search(w).is_ok())
            {
                out.push(e);
            }
        }
    }

    /// Looks a query up under the fuzzy policy; at most `max_suggestions` weak candidates.
    pub fn lookup(&self, query: &str, max_suggestions: usize) -> Lookup<T> {
        let q = normalize(query);
        if q.is_empty() {
            return Lookup::Nothing;
        }
        if let Some(i) = self.find_exact(&q) {
            return Lookup::Exact {
                target: self.entries[i as usize].target,
            };
        }
        let q_tokens: Vec<&str> = words(&q).collect();
        let mut best: HashMap<T, (Strength, f64, usize)> = HashMap::new();
        let first = self.candidates(q_tokens.iter().copied());
        self.score_into(&q, &q_tokens, &first, &mut best);
        if q_tokens.len() <= MAX_SPLIT_WORDS && !best.values().any(|b| b.0 == Strength::Close) {
            // A space typed away or replaced: try each word that is no name's word, split in
            // two. (Not for fragments of sentences: a name is a few words.)
            let mut more: Vec<u32> = Vec::new();
            for t in q_tokens
                .iter()
                .filter(|t| t.len() >= 4 && self.close_words(t).is_empty())
            {
                for at in 1..t.len() {
                    self.split_candidates(&t[..at], &t[at..], &mut more);
                }
            }
            more.sort_unstable();
            more.dedup();
            more.retain(|c| first.binary_search(c).is_err());
            self.score_into(&q, &q_tokens, &more, &mut best);
        }
        self.decide(best, max_suggestions)
    }

    /// Approximate bytes held on the heap by the index.
    pub fn heap_bytes(&self) -> usize {
        let strings =
            self.strings.capacity() + self.exact.heap_bytes() + self.vocab_ids.heap_bytes();
        let built = self.built.get().map_or(0, |b| {
            b.deletions.heap_bytes() + 4 * (b.by_key.len() + b.by_word.len())
        });
        strings
            + self.entries.capacity() * std::mem::size_of::<Entry<T>>()
            + self.vocab.capacity() * 8
            + self.entry_words.capacity() * 4
            + self
                .postings
                .iter()
                .map(|p| 24 + p.capacity() * 4)
                .sum::<usize>()
            + built
    }
}

/// The string at `span` of an arena.
fn at(strings: &str, (start, len): Span) -> &str {
    &strings[start as usize..(start + len) as usize]
}

/// Appends `s` to an arena; its span.
fn push_str(strings: &mut String, s: &str) -> Span {
    let start = strings.len() as u32;
    strings.push_str(s);
    (start, s.len() as u32)
}

/// Ids of strings kept elsewhere (an arena), found by the strings' hashes. The table holds
/// only the ids and compares candidates' strings in the arena, so strings whose hashes
/// collide are told apart there.
#[derive(Default)]
struct StrIds<S = std::hash::RandomState> {
    hasher: S,
    table: HashTable<u32>,
}

impl<S: BuildHasher> StrIds<S> {
    /// The id of `s`, given how to read the string of an id.
    fn get<'a>(&self, s: &str, string_of: impl Fn(u32) -> &'a str) -> Option<u32> {
        self.table
            .find(self.hasher.hash_one(s), |&id| string_of(id) == s)
            .copied()
    }

    /// Records the id of `s`, which has none yet, given how to read the string of an id
    /// (growing the table rehashes the strings already in it).
    fn insert<'a>(&mut self, s: &str, id: u32, string_of: impl Fn(u32) -> &'a str) {
        let hasher = &self.hasher;
        self.table
            .insert_unique(hasher.hash_one(s), id, |&i| hasher.hash_one(string_of(i)));
    }

    fn heap_bytes(&self) -> usize {
        // An id and a control byte per bucket; the table keeps up to 7/8 of its buckets full.
        self.table.capacity() * 8 / 7 * 5
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> NameIndex<u32> {
        let mut idx = NameIndex::default();
        for (name, t) in [
            ("Antony Blinken", 1),
            ("Blinken", 1),
            ("Anthony Blinken", 1),
            ("Secretary of State", 1),
            ("Jens Stoltenberg", 2),
            ("Stoltenberg", 2),
            ("NATO Secretary General", 2),
            ("Vladimir Putin", 3),
            ("Putin", 3),
            ("Путин", 3),
            ("Josep Borrell", 4),
            ("Borrell", 4),
            ("William Burns", 5),
            ("Burns", 5),
        ] {
            idx.insert(name, t);
        }
        idx
    }

    #[test]
    fn exact_and_alias_hits_ignore_case_diacritics_and_script() {
        let idx = index();
        assert_eq!(idx.lookup("blinken", 3), Lookup::Exact { target: 1 });
        assert_eq!(idx.lookup("BLÍNKEN", 3), Lookup::Exact { target: 1 });
        assert_eq!(idx.lookup("Путин", 3), Lookup::Exact { target: 3 });
        assert_eq!(
            idx.lookup("  secretary of   state ", 3),
            Lookup::Exact { target: 1 }
        );
    }

    #[test]
    fn typos_give_close_hits_with_what_matched() {
        let idx = index();
        assert!(matches!(
            idx.lookup("blinkin", 3),
            Lookup::Close { target: 1, .. }
        ));
        assert!(matches!(
            idx.lookup("Stoltenbreg", 3),
            Lookup::Close { target: 2, .. }
        ));
        assert!(matches!(
            idx.lookup("putn", 3),
            Lookup::Close { target: 3, .. }
        ));
        assert!(matches!(
            idx.lookup("blinken antony", 3),
            Lookup::Close { target: 1, .. }
        ));
        assert!(matches!(
            idx.lookup("Borrel", 3),
            Lookup::Close { target: 4, .. }
        ));
    }

    #[test]
    fn weak_hits_only_suggest_and_are_deduplicated() {
        let idx = index();
        match idx.lookup("blnkn", 3) {
            Lookup::Weak { suggestions } => {
                assert_eq!(suggestions[0], 1);
                let mut d = suggestions.clone();
                d.dedup();
                assert_eq!(d.len(), suggestions.len());
            }
            other => panic!("expected weak, got {other:?}"),
        }
    }

    #[test]
    fn nothing_for_unrelated_empty_and_huge_input() {
        let idx = index();
        assert_eq!(idx.lookup("zzzzqqq", 3), Lookup::Nothing);
        assert_eq!(idx.lookup("", 3), Lookup::Nothing);
        assert_eq!(idx.lookup("!!! ???", 3), Lookup::Nothing);
        assert_eq!(idx.lookup(&"x".repeat(10_000), 3), Lookup::Nothing);
    }

    #[test]
    fn string_ids_survive_hash_collisions() {
        /// Every string hashes to 0: every insert after the first collides.
        #[derive(Default)]
        struct Zero;
        impl std::hash::Hasher for Zero {
            fn finish(&self) -> u64 {
                0
            }
            fn write(&mut self, _: &[u8]) {}
        }
        let strings = ["putin", "blinken", "sandu", "peskov"];
        let mut ids: StrIds<std::hash::BuildHasherDefault<Zero>> = StrIds::default();
        let string_of = |i: u32| strings[i as usize];
        for (i, s) in strings.iter().enumerate().take(3) {
            assert_eq!(ids.get(s, string_of), None);
            ids.insert(s, i as u32, string_of);
        }
        for (i, s) in strings.iter().enumerate().take(3) {
            assert_eq!(ids.get(s, string_of), Some(i as u32), "{s}");
        }
        assert_eq!(ids.get("peskov", string_of), None);
    }

    /// The lookup as a full scan of every name: the behaviour the index must reproduce.
    fn scan_lookup<T: Copy + Eq + Hash>(idx: &NameIndex<T>, query: &str) -> Lookup<T> {
        let q = normalize(query);
        if q.is_empty() {
            return Lookup::Nothing;
        }
        if let Some(i) = idx.find_exact(&q) {
            return Lookup::Exact {
                target: idx.entries[i as usize].target,
            };
        }
        let q_tokens: Vec<&str> = words(&q).collect();
        let all: Vec<u32> = (0..idx.entries.len() as u32).collect();
        let mut best = HashMap::new();
        idx.score_into(&q, &q_tokens, &all, &mut best);
        idx.decide(best, 3)
    }

    type Names = Vec<(String, usize)>;

    fn synthetic_indexes() -> Vec<(&'static str, Names, NameIndex<usize>)> {
        let kb = factbot_testkit::synth::generate(3_000, 3);
        [
            ("people", factbot_testkit::synth::person_names(&kb)),
            ("terms", factbot_testkit::synth::term_names(&kb)),
        ]
        .into_iter()
        .map(|(label, names)| {
            let mut idx = NameIndex::default();
            for (n, t) in &names {
                idx.insert(n, *t);
            }
            (label, names, idx)
        })
        .collect()
    }

    #[test]
    fn typo_accuracy_on_a_synthetic_base_stays_high() {
        for (label, names, idx) in synthetic_indexes() {
            for edits in [1, 2] {
                let queries =
                    factbot_testkit::synth::typo_queries(&names, 200, edits, 70 + edits as u64);
                let hits = queries
                    .iter()
                    .filter(|q| {
                        let top = match idx.lookup(&q.query, 3) {
                            Lookup::Exact { target } | Lookup::Close { target, .. } => Some(target),
                            Lookup::Weak { suggestions } => suggestions.first().copied(),
                            Lookup::Nothing => None,
                        };
                        top == Some(q.target)
                    })
                    .count();
                let accuracy = hits as f64 / queries.len() as f64;
                let ceiling = factbot_testkit::synth::ceiling(&names, &queries);
                assert!(
                    accuracy >= 0.9 && accuracy >= ceiling - 0.03,
                    "{label}, {edits} edits: top-1 {accuracy:.3}, ceiling {ceiling:.3}"
                );
            }
        }
    }

    #[test]
    fn indexed_lookup_agrees_with_a_full_scan() {
        for (label, names, idx) in synthetic_indexes() {
            let mut queries = factbot_testkit::synth::typo_queries(&names, 150, 1, 5);
            queries.extend(factbot_testkit::synth::typo_queries(&names, 150, 2, 6));
            let mut same = 0;
            for q in &queries {
                let scan = scan_lookup(&idx, &q.query);
                let indexed = idx.lookup(&q.query, 3);
                if matches!(scan, Lookup::Exact { .. } | Lookup::Close { .. }) {
                    // A hit the full scan makes, the index makes too.
                    assert_eq!(indexed, scan, "{label}: {:?}", q.query);
                }
                same += usize::from(indexed == scan);
            }
            let share = same as f64 / queries.len() as f64;
            assert!(share >= 0.97, "{label}: {share:.3} agree with the scan");
        }
    }

    #[test]
    fn completion_prefers_prefixes() {
        let idx = index();
        assert_eq!(idx.complete("sto", 3)[0], 2);
        assert_eq!(idx.complete("bur", 3)[0], 5);
        assert_eq!(idx.complete("", 10).len(), 5);
    }
}
