//! A word index over every fact's text, for fragment search, `search` and `check`.

use std::borrow::Cow;
use std::collections::HashMap;

use super::normalize::{content_words, match_edits, words_match};
use super::symspell::{within_edits, DeletionIndex};
use factbot_knowledge::{FactKind, KnowledgeBase};

/// A fact in the knowledge base, by kind and position. The variants are in
/// [`FactKind::ALL`] order, which the derived order (kind, then position) and the word
/// index's numbering of facts follow.
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
pub struct WordIndex {
    facts: Vec<FactRef>,
    /// Every indexed word, sorted; a word's id is its position.
    vocab: Vec<Box<str>>,
    /// Postings of word `w`: `postings[offsets[w]..offsets[w + 1]]`, ascending.
    offsets: Vec<u32>,
    postings: Vec<u32>,
    idf: Vec<f64>,
    deletions: DeletionIndex,
    unseen_idf: f64,
    /// Fact numbers of each kind: `kind_start[k.index()]..kind_start[k.index() + 1]`.
    kind_start: [u32; FactKind::ALL.len() + 1],
}

bitflags::bitflags! {
    /// Which kinds of facts a ranking covers: a set of [`FactKind`]s, kind `k` as bit
    /// `1 << k.index()`.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct FactKinds: u8 {
        const PEOPLE = FactKinds::of(FactKind::Person).bits();
        const STATEMENTS = FactKinds::of(FactKind::Statement).bits();
        const ARTICLES = FactKinds::of(FactKind::Article).bits();
        const EVENTS = FactKinds::of(FactKind::Event).bits();
        const TERMS = FactKinds::of(FactKind::Term).bits();
    }
}

impl FactKinds {
    /// Every kind of fact.
    pub const ALL: FactKinds = FactKinds::all();

    /// The set of one kind.
    pub const fn of(kind: FactKind) -> FactKinds {
        FactKinds::from_bits_retain(1 << kind.index())
    }
}

impl FactRef {
    /// The kind of this fact.
    #[cfg(test)]
    pub fn kind(self) -> FactKind {
        match self {
            FactRef::Person(_) => FactKind::Person,
            FactRef::Statement(_) => FactKind::Statement,
            FactRef::Article(_) => FactKind::Article,
            FactRef::Event(_) => FactKind::Event,
            FactRef::Term(_) => FactKind::Term,
        }
    }
}

/// What [`WordIndex::rank_top`] is asked for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RankQuery {
    /// Least score of a hit.
    pub min: f64,
    /// Least number of distinct query words a hit matches.
    pub min_matched: usize,
    /// FactKinds of facts ranked.
    pub kinds: FactKinds,
    /// Hits returned at most.
    pub limit: usize,
}

impl RankQuery {
    /// Hits of any kind scoring at least `min`, at most `limit` of them.
    pub fn new(min: f64, limit: usize) -> RankQuery {
        RankQuery {
            min,
            min_matched: 0,
            kinds: FactKinds::ALL,
            limit,
        }
    }

    /// Only facts of these kinds.
    pub fn kinds(mut self, kinds: FactKinds) -> RankQuery {
        self.kinds = kinds;
        self
    }

    /// Only facts matching at least this many query words.
    pub fn min_matched(mut self, n: usize) -> RankQuery {
        self.min_matched = n;
        self
    }
}

/// The best hits of a ranking, and how many facts qualified at each score.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ranking {
    /// Best first; equal scores in fact order.
    pub hits: Vec<Hit>,
    /// `(score, facts)` of every score that qualified, best first.
    counts: Vec<(f64, usize)>,
}

impl Ranking {
    /// How many facts qualified with a score of at least `min` (hits past the limit included).
    pub fn count_at_least(&self, min: f64) -> usize {
        self.counts
            .iter()
            .filter(|(s, _)| *s >= min)
            .map(|(_, n)| n)
            .sum()
    }
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

impl WordIndex {
    /// Indexes every fact's searchable text.
    pub fn build(kb: &KnowledgeBase) -> WordIndex {
        let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
        let mut facts = Vec::with_capacity(kb.fact_count());
        let mut add = |fact: FactRef, mut text: String| {
            let d = facts.len() as u32;
            facts.push(fact);
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
        let mut kind_start = [0u32; FactKind::ALL.len() + 1];
        for kind in FactKind::ALL {
            match kind {
                FactKind::Person => {
                    for (i, p) in kb.people().iter().enumerate() {
                        add(
                            FactRef::Person(i),
                            format!("{} {} {}", p.name, p.aliases.join(" "), opt(&p.role)),
                        );
                    }
                }
                FactKind::Statement => {
                    for (i, s) in kb.statements().iter().enumerate() {
                        add(
                            FactRef::Statement(i),
                            format!("{} {} {}", s.heading, opt(&s.text), s.excerpts.join(" ")),
                        );
                    }
                }
                FactKind::Article => {
                    for (i, a) in kb.articles().iter().enumerate() {
                        let draft = a.draft.label();
                        add(
                            FactRef::Article(i),
                            format!("{draft} {} {}", opt(&a.text), a.excerpts.join(" ")),
                        );
                    }
                }
                FactKind::Event => {
                    for (i, e) in kb.events().iter().enumerate() {
                        add(
                            FactRef::Event(i),
                            format!(
                                "{} {} {}",
                                e.title,
                                opt(&e.description),
                                e.excerpts.join(" ")
                            ),
                        );
                    }
                }
                FactKind::Term => {
                    for (i, t) in kb.terms().iter().enumerate() {
                        add(
                            FactRef::Term(i),
                            format!(
                                "{} {} {} {}",
                                t.term,
                                t.aliases.join(" "),
                                opt(&t.explanation),
                                t.excerpts.join(" ")
                            ),
                        );
                    }
                }
            }
            kind_start[kind.index() + 1] = kind_start[kind.index()] + kb.count(kind) as u32;
        }
        let n = facts.len().max(1) as f64;
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
        let deletions = DeletionIndex::build(vocab.iter().map(|w| &**w), |w| match_edits(w.len()));
        WordIndex {
            facts,
            vocab,
            offsets,
            postings: flat,
            idf,
            deletions,
            unseen_idf: (1.0 + n).ln(),
            kind_start,
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
            let allowed = match_edits(word.len());
            if allowed > 0 {
                let mut found = Vec::new();
                self.deletions.candidates(word, allowed, &mut found);
                found.sort_unstable();
                found.dedup();
                out.extend(
                    found.into_iter().filter(|&i| {
                        within_edits(word, &self.vocab[i as usize], allowed).is_some()
                    }),
                );
            }
        }
        out
    }

    /// Facts ranked by how much of the query they cover, best first (every hit).
    #[cfg(test)]
    pub fn rank(&self, query: &str, kinds: FactKinds) -> Vec<Hit> {
        self.rank_top(query, &RankQuery::new(0.0, usize::MAX).kinds(kinds))
            .hits
    }

    /// The best `rank.limit` facts of the kinds asked for, scoring at least `rank.min` and
    /// matching at least `rank.min_matched` query words, best first (equal scores in fact
    /// order); and how many facts qualify at each score.
    ///
    /// Each fact's score depends only on which query words it matched, so facts are
    /// collected with a bit mask of their words (in fact order, by merging the sorted
    /// postings, cut to the kinds' ranges of facts), grouped by mask, and only the facts of
    /// the best groups are turned into hits: linear in the postings, not in the hits.
    pub fn rank_top(&self, query: &str, rank: &RankQuery) -> Ranking {
        let mut q = content_words(query);
        q.sort_unstable();
        q.dedup();
        q.truncate(MAX_QUERY_WORDS);
        let mut ranked = Ranking::default();
        if q.is_empty() || rank.limit == 0 {
            return ranked;
        }
        let scope = self.scope(rank.kinds);
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
            let mut seen: Cow<[u32]> = Cow::Borrowed(&[]);
            for &w in &expanded {
                let part = self.within(self.list(w), &scope);
                seen = if seen.is_empty() {
                    part
                } else {
                    Cow::Owned(union_sorted(&seen, &part))
                };
            }
            if seen.is_empty() {
                continue;
            }
            merge_mask(&acc, &seen, 1 << bit, &mut tmp);
            std::mem::swap(&mut acc, &mut tmp);
        }
        // The total in the same order of additions as a fact's own sum.
        let total = weights.iter().fold(0.0, |t, w| t + w);
        // Groups: (mask, score, facts).
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
        let eligible = |g: &(u64, f64, usize)| {
            g.1 >= rank.min && g.0.count_ones() as usize >= rank.min_matched
        };
        let mut order: Vec<usize> = (0..groups.len())
            .filter(|&g| eligible(&groups[g]))
            .collect();
        order.sort_by(|&a, &b| groups[b].1.total_cmp(&groups[a].1));
        ranked.counts = order.iter().map(|&g| (groups[g].1, groups[g].2)).collect();
        // The lowest score still needed: where the best groups reach the limit (ties kept).
        let mut needed = 0;
        let mut cutoff = f64::INFINITY;
        for &g in &order {
            if needed >= rank.limit && groups[g].1 < cutoff {
                break;
            }
            needed += groups[g].2;
            cutoff = groups[g].1;
        }
        let mut hits: Vec<Hit> = Vec::with_capacity(needed.min(rank.limit.saturating_mul(4)));
        for (i, &(d, mask)) in acc.iter().enumerate() {
            let g = &groups[group_of[i] as usize];
            if g.1 >= cutoff && eligible(g) {
                hits.push(Hit {
                    fact: self.facts[d as usize],
                    score: g.1,
                    matched: mask.count_ones() as usize,
                });
            }
        }
        // Stable: equal scores stay in fact order.
        hits.sort_by(|a, b| b.score.total_cmp(&a.score));
        hits.truncate(rank.limit);
        ranked.hits = hits;
        ranked
    }

    /// The ranges of fact numbers holding the kinds in `kinds`, adjacent ones merged.
    fn scope(&self, kinds: FactKinds) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for kind in FactKind::ALL {
            if !kinds.contains(FactKinds::of(kind)) {
                continue;
            }
            let k = kind.index();
            let (lo, hi) = (self.kind_start[k], self.kind_start[k + 1]);
            match out.last_mut() {
                Some(last) if last.1 == lo => last.1 = hi,
                _ => out.push((lo, hi)),
            }
        }
        out
    }

    /// The part of an ascending list of facts that falls in the ranges.
    fn within<'a>(&self, list: &'a [u32], scope: &[(u32, u32)]) -> Cow<'a, [u32]> {
        let part = |&(lo, hi): &(u32, u32)| {
            let a = list.partition_point(|&d| d < lo);
            &list[a..a + list[a..].partition_point(|&d| d < hi)]
        };
        match scope {
            [one] => Cow::Borrowed(part(one)),
            many => Cow::Owned(many.iter().flat_map(part).copied().collect()),
        }
    }

    /// Approximate bytes held on the heap by the index.
    pub fn heap_bytes(&self) -> usize {
        self.facts.capacity() * std::mem::size_of::<FactRef>()
            + self.vocab.iter().map(|w| 16 + w.len()).sum::<usize>()
            + (self.offsets.capacity() + self.postings.capacity()) * 4
            + self.idf.capacity() * 8
            + self.deletions.heap_bytes()
    }

    /// Number of distinct content words in a query, as [`WordIndex::rank_top`] counts them.
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

/// An optional field's text, or nothing.
fn opt(text: &Option<factbot_knowledge::Text>) -> &str {
    text.as_deref().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fact_refs_and_kind_bits_follow_the_fact_kinds() {
        let refs = [
            FactRef::Person(0),
            FactRef::Statement(0),
            FactRef::Article(0),
            FactRef::Event(0),
            FactRef::Term(0),
        ];
        assert_eq!(refs.map(FactRef::kind), FactKind::ALL);
        assert!(refs.windows(2).all(|w| w[0] < w[1]));
        assert!(FactRef::Person(7) < FactRef::Statement(0));
        let bits = FactKind::ALL.map(|k| FactKinds::of(k).bits());
        assert_eq!(bits, [1, 2, 4, 8, 16]);
        assert_eq!(
            FactKinds::PEOPLE
                | FactKinds::STATEMENTS
                | FactKinds::ARTICLES
                | FactKinds::EVENTS
                | FactKinds::TERMS,
            FactKinds::ALL
        );
    }

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
    fn the_top_hits_are_the_head_of_the_full_ranking() {
        let kb = factbot_testkit::synth::generate(2_000, 9);
        let idx = WordIndex::build(&kb);
        for (i, s) in kb.statements().iter().enumerate().step_by(97) {
            let query: String = s
                .heading
                .split_whitespace()
                .take(6)
                .collect::<Vec<_>>()
                .join(" ");
            let all = idx.rank(&query, FactKinds::ALL);
            assert!(all
                .windows(2)
                .all(|w| w[0].score > w[1].score
                    || (w[0].score == w[1].score && w[0].fact < w[1].fact)));
            assert!(all.iter().any(|h| h.fact == FactRef::Statement(i)));
            for kinds in [
                FactKinds::ALL,
                FactKinds::STATEMENTS,
                FactKinds::EVENTS,
                FactKinds::ALL.difference(FactKinds::PEOPLE),
                FactKinds::PEOPLE | FactKinds::EVENTS,
            ] {
                for min in [0.0, 0.3, 0.5, 0.75] {
                    for min_matched in [0, 2] {
                        let cut: Vec<Hit> = all
                            .iter()
                            .copied()
                            .filter(|h| {
                                kinds.contains(FactKinds::of(h.fact.kind()))
                                    && h.score >= min
                                    && h.matched >= min_matched
                            })
                            .collect();
                        for limit in [1, 3, 10, usize::MAX] {
                            let rank = RankQuery::new(min, limit)
                                .kinds(kinds)
                                .min_matched(min_matched);
                            let top = idx.rank_top(&query, &rank);
                            let head: Vec<Hit> = cut.iter().copied().take(limit).collect();
                            assert_eq!(top.hits, head, "{query} {kinds:?} {min} {limit}");
                            for at in [0.0, 0.5, 0.9] {
                                assert_eq!(
                                    top.count_at_least(at),
                                    cut.iter().filter(|h| h.score >= at).count()
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
