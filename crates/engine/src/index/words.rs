//! A word index over every fact's text and every sentence of the sources, for fragment
//! search, `search` and `check`: stems (Snowball), ranked by how much of the query a text
//! covers and how closely it holds the query's words in their order.

use std::borrow::Cow;
use std::collections::HashMap;

use super::lexicon::{plain_words, Lexicon};
use super::normalize::match_edits;
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
    /// A sentence of a source document (the engine's passage list).
    Passage(usize),
}

/// Kinds of documents the index holds: the five kinds of fact, then source passages.
const DOC_KINDS: usize = FactKind::ALL.len() + 1;

/// Documents scored for word order at most per query; past it, documents keep the lowest
/// score their coverage allows (a query of common words over a huge base stays bounded).
const MAX_ORDER_SCORED: usize = 512;

/// Query words beyond this count are ignored (a claim is a sentence, not an essay); each
/// counted word is one bit of a 32-bit mask, which halves what ranking moves through memory.
const MAX_QUERY_WORDS: usize = 32;

/// An inverted index from stems to the documents (facts, source passages) that contain them.
///
/// The vocabulary of stems is sorted; postings are stored flat (one array of document
/// numbers, one of offsets), and so is each document's sequence of stems, for word order.
/// Typo'd query words find their stems through a symmetric-deletion index
/// ([`DeletionIndex`]) instead of a scan of the vocabulary.
pub struct WordIndex {
    docs: Vec<FactRef>,
    /// Every indexed stem, sorted; a stem's id is its position.
    vocab: Vec<Box<str>>,
    /// Postings of stem `w`: `postings[offsets[w]..offsets[w + 1]]`, ascending.
    offsets: Vec<u32>,
    postings: Vec<u32>,
    /// Stems of document `d` in text order: `seq[seq_offsets[d]..seq_offsets[d + 1]]`.
    seq_offsets: Vec<u32>,
    seq: Vec<u32>,
    idf: Vec<f64>,
    deletions: DeletionIndex,
    unseen_idf: f64,
    /// Document numbers of each kind: `kind_start[k]..kind_start[k + 1]`, passages last.
    kind_start: [u32; DOC_KINDS + 1],
    lexicon: Lexicon,
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
        /// Sentences of the source documents.
        const PASSAGES = 1 << FactKind::ALL.len();
    }
}

impl FactKinds {
    /// Every kind of fact (not passages).
    pub const ALL: FactKinds = FactKinds::PEOPLE
        .union(FactKinds::STATEMENTS)
        .union(FactKinds::ARTICLES)
        .union(FactKinds::EVENTS)
        .union(FactKinds::TERMS);

    /// Every kind of fact and the source passages.
    pub const EVERYTHING: FactKinds = FactKinds::ALL.union(FactKinds::PASSAGES);

    /// The set of one kind.
    pub const fn of(kind: FactKind) -> FactKinds {
        FactKinds::from_bits_retain(1 << kind.index())
    }
}

impl FactRef {
    /// The kind of this fact; `None` for a passage.
    #[cfg(test)]
    pub fn kind(self) -> Option<FactKind> {
        match self {
            FactRef::Person(_) => Some(FactKind::Person),
            FactRef::Statement(_) => Some(FactKind::Statement),
            FactRef::Article(_) => Some(FactKind::Article),
            FactRef::Event(_) => Some(FactKind::Event),
            FactRef::Term(_) => Some(FactKind::Term),
            FactRef::Passage(_) => None,
        }
    }

    /// Its bit in [`FactKinds`].
    #[cfg(test)]
    pub fn kinds(self) -> FactKinds {
        self.kind().map_or(FactKinds::PASSAGES, FactKinds::of)
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
    /// `(coverage, documents)` of every coverage that qualified, best first.
    counts: Vec<(f64, usize)>,
}

impl Ranking {
    /// How many documents of the ranking's kinds cover at least `min` of the query (and
    /// at least the ranking's own least score), hits past the limit included.
    pub fn count_at_least(&self, min: f64) -> usize {
        self.counts
            .iter()
            .filter(|(s, _)| *s >= min)
            .map(|(_, n)| n)
            .sum()
    }
}

/// A document and how related it is to the query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub fact: FactRef,
    /// Relatedness in 0..=1: 1 only when the document holds the query as a phrase (its
    /// content words in order, side by side); else its coverage, lowered by up to a tenth
    /// as the query's words stand further from their order.
    pub score: f64,
    /// Share of the query's words it holds (weighted by rarity), in 0..=1.
    pub coverage: f64,
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

/// One document to index: what it is, and its searchable text.
pub(crate) struct Doc {
    pub(crate) fact: FactRef,
    pub(crate) text: String,
}

/// Every fact's searchable text, kind by kind in [`FactKind::ALL`] order.
pub(crate) fn fact_docs(kb: &KnowledgeBase) -> Vec<Doc> {
    all_facts(kb)
        .map(|fact| Doc {
            fact,
            text: fact_text(kb, fact),
        })
        .collect()
}

/// Every fact of the base, kind by kind in [`FactKind::ALL`] order.
pub(crate) fn all_facts(kb: &KnowledgeBase) -> impl Iterator<Item = FactRef> {
    let counts = FactKind::ALL.map(|k| kb.count(k));
    (0..counts[0])
        .map(FactRef::Person)
        .chain((0..counts[1]).map(FactRef::Statement))
        .chain((0..counts[2]).map(FactRef::Article))
        .chain((0..counts[3]).map(FactRef::Event))
        .chain((0..counts[4]).map(FactRef::Term))
}

/// A fact's source id and excerpts; `None` for a passage.
pub(crate) fn source_and_excerpts(
    kb: &KnowledgeBase,
    fact: FactRef,
) -> Option<(&str, &factbot_knowledge::TextList)> {
    let (source, excerpts) = match fact {
        FactRef::Person(i) => (&kb.people()[i].source, &kb.people()[i].excerpts),
        FactRef::Statement(i) => (&kb.statements()[i].source, &kb.statements()[i].excerpts),
        FactRef::Article(i) => (&kb.articles()[i].source, &kb.articles()[i].excerpts),
        FactRef::Event(i) => (&kb.events()[i].source, &kb.events()[i].excerpts),
        FactRef::Term(i) => (&kb.terms()[i].source, &kb.terms()[i].excerpts),
        FactRef::Passage(_) => return None,
    };
    Some((source.as_str(), excerpts))
}

/// A fact's searchable text: its names and labels, and its excerpts. Empty for a passage
/// (its text is the engine's).
pub(crate) fn fact_text(kb: &KnowledgeBase, fact: FactRef) -> String {
    match fact {
        FactRef::Person(i) => {
            let p = &kb.people()[i];
            format!("{} {} {}", p.name, p.aliases.join(" "), opt(&p.role))
        }
        FactRef::Statement(i) => {
            let s = &kb.statements()[i];
            format!("{} {} {}", s.heading, opt(&s.text), s.excerpts.join(" "))
        }
        FactRef::Article(i) => {
            let a = &kb.articles()[i];
            let draft = a.draft.label();
            format!("{draft} {} {}", opt(&a.text), a.excerpts.join(" "))
        }
        FactRef::Event(i) => {
            let e = &kb.events()[i];
            format!(
                "{} {} {}",
                e.title,
                opt(&e.description),
                e.excerpts.join(" ")
            )
        }
        FactRef::Term(i) => {
            let t = &kb.terms()[i];
            format!(
                "{} {} {} {}",
                t.term,
                t.aliases.join(" "),
                opt(&t.explanation),
                t.excerpts.join(" ")
            )
        }
        FactRef::Passage(_) => String::new(),
    }
}

impl WordIndex {
    /// Indexes every fact's searchable text, with no passages and no expansions.
    #[cfg(test)]
    pub fn build(kb: &KnowledgeBase) -> WordIndex {
        WordIndex::from_docs(fact_docs(kb), Lexicon::new(kb.expansions()))
    }

    /// Indexes documents given in kind order (people … terms, then passages).
    pub(crate) fn from_docs(docs: Vec<Doc>, lexicon: Lexicon) -> WordIndex {
        // Words are interned first and stemmed once each: a large base repeats its words.
        let mut word_ids: HashMap<String, u32> = HashMap::new();
        let mut words: Vec<String> = Vec::new();
        let mut seq_offsets = Vec::with_capacity(docs.len() + 1);
        seq_offsets.push(0u32);
        let mut seq: Vec<u32> = Vec::new();
        let mut facts = Vec::with_capacity(docs.len());
        let mut kind_start = [0u32; DOC_KINDS + 1];
        for (d, doc) in docs.into_iter().enumerate() {
            let k = doc_kind(doc.fact);
            for later in &mut kind_start[k + 1..] {
                *later = d as u32 + 1;
            }
            facts.push(doc.fact);
            let mut text = doc.text;
            let short = acronyms(&text);
            text.push(' ');
            text.push_str(&short);
            for w in plain_words(&text) {
                let next = words.len() as u32;
                let id = *word_ids.entry(w).or_insert_with_key(|w| {
                    words.push(w.clone());
                    next
                });
                seq.push(id);
            }
            seq_offsets.push(seq.len() as u32);
        }
        // Stems, sorted; each word's stem id.
        let stems: Vec<String> = words.iter().map(|w| lexicon.stem(w)).collect();
        let mut vocab: Vec<String> = stems.clone();
        vocab.sort_unstable();
        vocab.dedup();
        let stem_of: Vec<u32> = stems
            .iter()
            .map(|s| {
                vocab
                    .binary_search(s)
                    .expect("every stem is in the vocabulary") as u32
            })
            .collect();
        for id in &mut seq {
            *id = stem_of[*id as usize];
        }
        // Postings: each document once under each of its stems.
        let mut lists: Vec<Vec<u32>> = vec![Vec::new(); vocab.len()];
        for d in 0..facts.len() {
            let mut own: Vec<u32> =
                seq[seq_offsets[d] as usize..seq_offsets[d + 1] as usize].to_vec();
            own.sort_unstable();
            own.dedup();
            for w in own {
                lists[w as usize].push(d as u32);
            }
        }
        let n = facts.len().max(1) as f64;
        let mut offsets = Vec::with_capacity(vocab.len() + 1);
        let mut flat = Vec::new();
        let mut idf = Vec::with_capacity(vocab.len());
        offsets.push(0u32);
        for list in &lists {
            idf.push((1.0 + n / list.len().max(1) as f64).ln());
            flat.extend_from_slice(list);
            offsets.push(flat.len() as u32);
        }
        let vocab: Vec<Box<str>> = vocab.into_iter().map(String::into_boxed_str).collect();
        let deletions = DeletionIndex::build(vocab.iter().map(|w| &**w), |w| match_edits(w.len()));
        WordIndex {
            docs: facts,
            vocab,
            offsets,
            postings: flat,
            seq_offsets,
            seq,
            idf,
            deletions,
            unseen_idf: (1.0 + n).ln(),
            kind_start,
            lexicon,
        }
    }

    /// The id of an indexed stem.
    fn id(&self, stem: &str) -> Option<u32> {
        self.vocab
            .binary_search_by(|w| (**w).cmp(stem))
            .ok()
            .map(|i| i as u32)
    }

    fn list(&self, w: u32) -> &[u32] {
        &self.postings[self.offsets[w as usize] as usize..self.offsets[w as usize + 1] as usize]
    }

    fn sequence(&self, d: u32) -> &[u32] {
        &self.seq[self.seq_offsets[d as usize] as usize..self.seq_offsets[d as usize + 1] as usize]
    }

    /// The indexed stems a query stem stands for: itself, or its typo'd forms.
    fn expand(&self, stem: &str) -> Vec<u32> {
        if let Some(own) = self.id(stem) {
            return vec![own];
        }
        let allowed = match_edits(stem.len());
        let mut found = Vec::new();
        if allowed > 0 {
            self.deletions.candidates(stem, allowed, &mut found);
            found.sort_unstable();
            found.dedup();
            found.retain(|&i| within_edits(stem, &self.vocab[i as usize], allowed).is_some());
        }
        found
    }

    /// Documents ranked by relatedness, best first (every hit).
    #[cfg(test)]
    pub fn rank(&self, query: &str, kinds: FactKinds) -> Vec<Hit> {
        self.rank_top(query, &RankQuery::new(0.0, usize::MAX).kinds(kinds))
            .hits
    }

    /// The best `rank.limit` documents of the kinds asked for, scoring at least `rank.min`
    /// and matching at least `rank.min_matched` query words, best first (equal scores in
    /// document order); and how many documents cover the query to each extent.
    ///
    /// Coverage depends only on which query words a document holds, so documents are
    /// collected with a bit mask of their words (by merging the sorted postings, cut to the
    /// kinds' ranges), grouped by mask, and visited best coverage first. A document's score
    /// never exceeds its coverage, so once the hits found beat every coverage still to come,
    /// the rest need no scoring: the result is the head of the full ranking.
    pub fn rank_top(&self, query: &str, rank: &RankQuery) -> Ranking {
        let q_seq = self.lexicon.query(query);
        let mut q: Vec<String> = q_seq.clone();
        q.sort_unstable();
        q.dedup();
        q.truncate(MAX_QUERY_WORDS);
        let mut ranked = Ranking::default();
        if q.is_empty() || rank.limit == 0 {
            return ranked;
        }
        let scope = self.scope(rank.kinds);
        let mut weights = Vec::with_capacity(q.len());
        let mut bit_of: Vec<(u32, usize)> = Vec::new();
        let mut acc: Vec<(u32, u32)> = Vec::new();
        let mut tmp: Vec<(u32, u32)> = Vec::new();
        let mut lists: Vec<Cow<[u32]>> = Vec::with_capacity(q.len());
        for (bit, stem) in q.iter().enumerate() {
            let expanded = self.expand(stem);
            let weight = expanded
                .iter()
                .map(|&w| self.idf[w as usize])
                .fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))))
                .unwrap_or(self.unseen_idf);
            weights.push(weight);
            let mut seen: Cow<[u32]> = Cow::Borrowed(&[]);
            for &w in &expanded {
                bit_of.push((w, bit));
                let part = self.within(self.list(w), &scope);
                seen = if seen.is_empty() {
                    part
                } else {
                    Cow::Owned(union_sorted(&seen, &part))
                };
            }
            lists.push(seen);
        }
        // Words whose weights together stay under the least score a hit needs cannot make a
        // hit alone: documents are gathered from the other ("essential") words' postings, and
        // the lightest words only mark the documents already gathered (MaxScore).
        let total_weight = weights.iter().sum::<f64>();
        let mut by_weight: Vec<usize> = (0..q.len()).collect();
        by_weight.sort_by(|&a, &b| weights[a].total_cmp(&weights[b]).then(a.cmp(&b)));
        let mut light = 0.0;
        let mut minor: Vec<usize> = Vec::new();
        for &b in &by_weight {
            if (light + weights[b]) / total_weight < rank.min * (1.0 - 1e-9) {
                light += weights[b];
                minor.push(b);
            } else {
                break;
            }
        }
        for (bit, list) in lists.iter().enumerate() {
            if list.is_empty() || minor.contains(&bit) {
                continue;
            }
            merge_mask(&acc, list, 1 << bit, &mut tmp);
            std::mem::swap(&mut acc, &mut tmp);
        }
        for &bit in &minor {
            mark_present(&mut acc, &lists[bit], 1 << bit);
        }
        // The query's words in order, as bits (words past the limit left out).
        let order: Vec<usize> = q_seq
            .iter()
            .filter_map(|s| q.binary_search(s).ok())
            .collect();
        // The total in the same order of additions as a document's own sum.
        let total = weights.iter().fold(0.0, |t, w| t + w);
        let coverage = |mask: u32| {
            let w = (0..q.len())
                .filter(|b| mask & (1 << b) != 0)
                .fold(0.0, |t, b| t + weights[b]);
            (w / total).min(1.0)
        };
        // Groups of documents by mask: (mask, coverage, how many). Few words: a direct
        // table from mask to group. A group's documents are read from `acc` (in document
        // order) only when the group is visited, and only as far as needed.
        let mut groups: Vec<(u32, f64, usize)> = Vec::new();
        {
            let mut table = vec![u32::MAX; if q.len() <= 12 { 1 << q.len() } else { 0 }];
            let mut masks: HashMap<u32, u32> = HashMap::new();
            let new_group = |mask: u32, groups: &mut Vec<(u32, f64, usize)>| {
                groups.push((mask, coverage(mask), 0));
                (groups.len() - 1) as u32
            };
            for &(_, mask) in &acc {
                let g = if q.len() <= 12 {
                    let slot = &mut table[mask as usize];
                    if *slot == u32::MAX {
                        *slot = new_group(mask, &mut groups);
                    }
                    *slot
                } else {
                    *masks
                        .entry(mask)
                        .or_insert_with(|| new_group(mask, &mut groups))
                };
                groups[g as usize].2 += 1;
            }
        }
        let eligible = |g: &(u32, f64, usize)| {
            g.1 >= rank.min && g.0.count_ones() as usize >= rank.min_matched
        };
        let mut visit: Vec<usize> = (0..groups.len())
            .filter(|&g| eligible(&groups[g]))
            .collect();
        visit.sort_by(|&a, &b| groups[b].1.total_cmp(&groups[a].1));
        ranked.counts = visit.iter().map(|&g| (groups[g].1, groups[g].2)).collect();
        let mut hits: Vec<Hit> = Vec::new();
        let mut scored = 0usize;
        for (n, &g) in visit.iter().enumerate() {
            let (mask, cov, _) = groups[g];
            // Documents of a group come in document order and score at most its coverage:
            // once `limit` of them reach it, the rest of the group cannot rank above them.
            let (mut at_cover, mut unscored) = (0, 0);
            for d in acc.iter().filter(|&&(_, m)| m == mask).map(|&(d, _)| d) {
                // Unscored documents all take the same least score, in document order: past
                // `limit` of them, none can rank.
                if at_cover >= rank.limit || unscored >= rank.limit {
                    break;
                }
                let score = if scored < MAX_ORDER_SCORED {
                    scored += 1;
                    self.ordered_score(d, cov, &order, &bit_of)
                } else {
                    unscored += 1;
                    cov * 0.9
                };
                if score >= cov {
                    at_cover += 1;
                }
                if score >= rank.min {
                    hits.push(Hit {
                        fact: self.docs[d as usize],
                        score,
                        coverage: cov,
                        matched: mask.count_ones() as usize,
                    });
                }
            }
            // Stable: equal scores stay in document order.
            hits.sort_by(|a, b| {
                b.score
                    .total_cmp(&a.score)
                    .then_with(|| a.fact.cmp(&b.fact))
            });
            hits.truncate(rank.limit);
            let next = visit.get(n + 1).map_or(f64::NEG_INFINITY, |&h| groups[h].1);
            if hits.len() >= rank.limit && hits.last().is_some_and(|h| h.score > next) {
                break;
            }
        }
        ranked.hits = hits;
        ranked
    }

    /// A document's score from its coverage and how it holds the query's words in order:
    /// the coverage itself (1 at most) for the whole query as a phrase; otherwise the
    /// coverage times 0.9 and up to 0.99, by the longest run of the query's words it holds
    /// in order with at most two other words between neighbours.
    fn ordered_score(&self, d: u32, cov: f64, order: &[usize], bit_of: &[(u32, usize)]) -> f64 {
        if order.is_empty() {
            return cov;
        }
        let seq = self.sequence(d);
        // A query has a few words; a linear look-up beats hashing every token.
        let bit = |w: u32| bit_of.iter().find(|&&(id, _)| id == w).map(|&(_, b)| b);
        let mut best = 0usize;
        let mut phrase = false;
        for start in 0..seq.len() {
            let Some(b) = bit(seq[start]) else { continue };
            for j in (0..order.len()).filter(|&j| order[j] == b) {
                // Extend from query word j at this position.
                let (mut run, mut at, mut next, mut tight) = (1usize, start, j + 1, true);
                while next < order.len() {
                    let found = (at + 1..(at + 4).min(seq.len()))
                        .find(|&p| bit(seq[p]) == Some(order[next]));
                    match found {
                        Some(p) => {
                            tight &= p == at + 1;
                            at = p;
                            run += 1;
                            next += 1;
                        }
                        None => break,
                    }
                }
                if j == 0 && run == order.len() && tight {
                    phrase = true;
                }
                best = best.max(run);
            }
            if phrase {
                break;
            }
        }
        if phrase && cov >= 1.0 - 1e-9 {
            return 1.0;
        }
        let closeness = best as f64 / order.len() as f64;
        (cov * (0.9 + 0.09 * closeness)).min(cov)
    }

    /// The ranges of document numbers holding the kinds in `kinds`, adjacent ones merged.
    fn scope(&self, kinds: FactKinds) -> Vec<(u32, u32)> {
        let mut out: Vec<(u32, u32)> = Vec::new();
        for k in 0..DOC_KINDS {
            if kinds.bits() & (1 << k) == 0 {
                continue;
            }
            let (lo, hi) = (self.kind_start[k], self.kind_start[k + 1]);
            match out.last_mut() {
                Some(last) if last.1 == lo => last.1 = hi,
                _ => out.push((lo, hi)),
            }
        }
        out
    }

    /// The part of an ascending list of documents that falls in the ranges.
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
        self.docs.capacity() * std::mem::size_of::<FactRef>()
            + self.vocab.iter().map(|w| 16 + w.len()).sum::<usize>()
            + (self.offsets.capacity()
                + self.postings.capacity()
                + self.seq_offsets.capacity()
                + self.seq.capacity())
                * 4
            + self.idf.capacity() * 8
            + self.deletions.heap_bytes()
    }

    /// Number of distinct content words in a query, as [`WordIndex::rank_top`] counts them.
    pub fn query_words(&self, query: &str) -> usize {
        let mut q = self.lexicon.query(query);
        q.sort_unstable();
        q.dedup();
        q.len().min(MAX_QUERY_WORDS)
    }
}

/// A document's kind: the fact kind's index, passages last.
fn doc_kind(fact: FactRef) -> usize {
    match fact {
        FactRef::Person(_) => FactKind::Person.index(),
        FactRef::Statement(_) => FactKind::Statement.index(),
        FactRef::Article(_) => FactKind::Article.index(),
        FactRef::Event(_) => FactKind::Event.index(),
        FactRef::Term(_) => FactKind::Term.index(),
        FactRef::Passage(_) => FactKind::ALL.len(),
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

/// Sets `bit` on each document of `acc` (ascending) that `list` (ascending) holds: one walk
/// through both when their lengths are alike, else galloping through `list`, so that the
/// cost follows `acc`, not a far longer list.
fn mark_present(acc: &mut [(u32, u32)], list: &[u32], bit: u32) {
    let mut from = 0;
    if list.len() <= acc.len().saturating_mul(16) {
        // Lists of like length: one walk through both is cheaper than galloping.
        for entry in acc.iter_mut() {
            while from < list.len() && list[from] < entry.0 {
                from += 1;
            }
            if list.get(from) == Some(&entry.0) {
                entry.1 |= bit;
            }
        }
        return;
    }
    for entry in acc.iter_mut() {
        if from >= list.len() {
            break;
        }
        // Gallop to a window holding the first element ≥ the document, then search it.
        let mut step = 1;
        while from + step < list.len() && list[from + step] < entry.0 {
            step *= 2;
        }
        let end = (from + step + 1).min(list.len());
        from += list[from..end].partition_point(|&d| d < entry.0);
        if list.get(from) == Some(&entry.0) {
            entry.1 |= bit;
        }
    }
}

/// Merges facts `list` (ascending) into `acc` (ascending by fact), setting `bit` on each.
fn merge_mask(acc: &[(u32, u32)], list: &[u32], bit: u32, out: &mut Vec<(u32, u32)>) {
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
        assert_eq!(refs.map(FactRef::kind), FactKind::ALL.map(Some));
        assert_eq!(FactRef::Passage(0).kinds(), FactKinds::PASSAGES);
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
                                kinds.contains(h.fact.kinds())
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
                                    all.iter()
                                        .filter(|h| kinds.contains(h.fact.kinds())
                                            && h.coverage >= min.max(at)
                                            && h.matched >= min_matched)
                                        .count()
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
