//! Completion of partially typed names: names that start with the query, then names with
//! a word that does, then fuzzy ones, from the names and words sorted by key.

use std::hash::Hash;

use super::policy::WEAK_SIMILARITY;
use super::NameIndex;
use crate::index::normalize::{normalize, words};
use crate::index::symspell::normalized_damerau_levenshtein as similarity;

impl<T: Copy + Eq + Hash> NameIndex<T> {
    /// Targets for a partially typed name, best first, deduplicated: prefix hits before
    /// word-prefix hits before fuzzy ones.
    pub fn complete(&self, partial: &str, limit: usize) -> Vec<T> {
        let q = normalize(partial);
        let mut out: Vec<T> = Vec::new();
        let push = |out: &mut Vec<T>, t: T| {
            if out.len() < limit && !out.contains(&t) {
                out.push(t);
            }
        };
        if q.is_empty() {
            for e in &self.entries {
                push(&mut out, e.target);
                if out.len() == limit {
                    break;
                }
            }
            return out;
        }
        let built = self.built();
        // Names that start with the query: shortest first, then in insertion order.
        let lo = built
            .by_key
            .partition_point(|&i| self.key(&self.entries[i as usize]) < q.as_str());
        let mut prefixed: Vec<u64> = built.by_key[lo..]
            .iter()
            .take_while(|&&i| self.key(&self.entries[i as usize]).starts_with(&q))
            .map(|&i| ((self.entries[i as usize].key.1 as u64) << 32) | i as u64)
            .collect();
        prefixed.sort_unstable();
        for &p in &prefixed {
            push(&mut out, self.entries[p as u32 as usize].target);
        }
        if out.len() >= limit {
            return out;
        }
        // Names with a word that starts with the query.
        let lo = built
            .by_word
            .partition_point(|&w| self.word(w) < q.as_str());
        let ws: Vec<u32> = built.by_word[lo..]
            .iter()
            .take_while(|&&w| self.word(w).starts_with(&q))
            .copied()
            .collect();
        let mut word_prefixed: Vec<u64> = self
            .entries_of(&ws)
            .into_iter()
            .filter(|&i| !self.key(&self.entries[i as usize]).starts_with(&q))
            .map(|i| ((self.entries[i as usize].key.1 as u64) << 32) | i as u64)
            .collect();
        word_prefixed.sort_unstable();
        for &p in &word_prefixed {
            push(&mut out, self.entries[p as u32 as usize].target);
        }
        if out.len() >= limit {
            return out;
        }
        // Fuzzy: names with a word within retrieval edits of a query word.
        let q_tokens: Vec<&str> = words(&q).collect();
        let mut fuzzy: Vec<(f64, u32)> = self
            .candidates(q_tokens.iter().copied())
            .into_iter()
            .filter_map(|i| {
                let e = &self.entries[i as usize];
                if self.key(e).starts_with(&q) || self.tokens(e).any(|t| t.starts_with(&q)) {
                    return None;
                }
                let sim = similarity(&q, self.key(e)).max(
                    self.tokens(e)
                        .map(|t| strsim::jaro_winkler(&q, t))
                        .fold(0.0, f64::max)
                        - 0.2,
                );
                (sim >= WEAK_SIMILARITY).then_some((sim, i))
            })
            .collect();
        fuzzy.sort_by(|a, b| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.1.cmp(&b.1))
        });
        for (_, i) in fuzzy {
            push(&mut out, self.entries[i as usize].target);
        }
        out
    }
}
