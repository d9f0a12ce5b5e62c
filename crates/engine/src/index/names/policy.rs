//! The fuzzy policy every name lookup answers under: how one name scores against a query
//! ([`score`]), and what the best score per target makes of the lookup (`decide`): a close
//! hit that no other target ties, weak "did you mean" suggestions, or nothing.

use std::collections::HashMap;
use std::hash::Hash;

use super::{at, Lookup, NameIndex};
use crate::index::normalize::match_edits;
use crate::index::symspell::{normalized_damerau_levenshtein as similarity, within_edits};

/// How well a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Strength {
    Weak,
    Close,
}

/// Minimum similarity (0..1) for a weak "did you mean" candidate.
pub(super) const WEAK_SIMILARITY: f64 = 0.6;

impl<T: Copy + Eq + Hash> NameIndex<T> {
    /// The fuzzy policy over the best score per target: a close hit that no other target
    /// ties, else weak suggestions (best first), else nothing.
    pub(super) fn decide(
        &self,
        best: HashMap<T, (Strength, f64, usize)>,
        max_suggestions: usize,
    ) -> Lookup<T> {
        let mut ranked: Vec<(T, Strength, f64, usize)> = best
            .into_iter()
            .map(|(t, (s, sc, i))| (t, s, sc, i))
            .collect();
        ranked.sort_by(|a, b| {
            (b.1, b.2)
                .partial_cmp(&(a.1, a.2))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then_with(|| a.3.cmp(&b.3))
        });
        let Some(&(target, strength, score, i)) = ranked.first() else {
            return Lookup::Nothing;
        };
        let ambiguous = ranked.get(1).is_some_and(|r| {
            r.1 == Strength::Close && strength == Strength::Close && score - r.2 < 0.02
        });
        if strength == Strength::Close && !ambiguous {
            return Lookup::Close {
                target,
                matched: at(&self.strings, self.entries[i].name).to_string(),
            };
        }
        Lookup::Weak {
            suggestions: ranked.iter().take(max_suggestions).map(|r| r.0).collect(),
        }
        .non_empty()
    }

    /// Scores `candidates` (ascending) into `best`, keeping each target's best entry (on
    /// equal scores, the first name inserted).
    pub(super) fn score_into(
        &self,
        q: &str,
        q_tokens: &[&str],
        candidates: &[u32],
        best: &mut HashMap<T, (Strength, f64, usize)>,
    ) {
        for &c in candidates {
            let i = c as usize;
            let e = &self.entries[i];
            if let Some((strength, score)) = score(q, q_tokens, self.key(e), self.tokens(e)) {
                let slot = best.entry(e.target).or_insert((strength, score, i));
                if (strength, score) > (slot.0, slot.1)
                    || ((strength, score) == (slot.0, slot.1) && i < slot.2)
                {
                    *slot = (strength, score, i);
                }
            }
        }
    }
}

impl<T> Lookup<T> {
    fn non_empty(self) -> Lookup<T> {
        match self {
            Lookup::Weak { suggestions } if suggestions.is_empty() => Lookup::Nothing,
            other => other,
        }
    }
}

/// Scores one name (its normalized key and words) against a query (normalized).
pub(super) fn score<'a>(
    q: &str,
    q_tokens: &[&str],
    key: &str,
    tokens: impl ExactSizeIterator<Item = &'a str> + Clone,
) -> Option<(Strength, f64)> {
    let allowed = match_edits(q.len());
    let n_tokens = tokens.len();
    if let Some(d) = within_edits(q, key, allowed) {
        return Some((Strength::Close, 0.95 - 0.05 * d as f64));
    }
    // One word typed for a name of several words ("Stoltenberg", "Stoltenbreg").
    if q_tokens.len() == 1 && n_tokens > 1 && q.len() >= 4 {
        for t in tokens.clone() {
            if let Some(d) = within_edits(q, t, allowed) {
                return Some((Strength::Close, 0.9 - 0.05 * d as f64));
            }
        }
    }
    // Several words in any order, each within its own typo allowance.
    if q_tokens.len() > 1 && q_tokens.len() == n_tokens {
        let all = q_tokens.iter().all(|qt| {
            tokens
                .clone()
                .any(|t| within_edits(qt, t, match_edits(qt.len().min(t.len()))).is_some())
        });
        if all {
            return Some((Strength::Close, 0.88));
        }
    }
    let mut sim = similarity(q, key);
    if q_tokens.len() == 1 && n_tokens > 1 {
        for t in tokens {
            sim = sim.max(similarity(q, t) * 0.95);
        }
    }
    (sim >= WEAK_SIMILARITY && q.len() >= 3).then_some((Strength::Weak, sim))
}
