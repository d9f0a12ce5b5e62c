//! Fuzzy name lookup with one policy for every command: exact or alias hit, close hit,
//! weak hit ("did you mean"), or nothing.

use std::collections::HashMap;
use std::hash::Hash;

use super::text::{allowed_typos, normalize, words};

/// How well a query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    Weak,
    Close,
}

/// The outcome of a lookup, after the fuzzy policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup<T> {
    /// The query is a name or alias of `target` (after folding).
    Exact { target: T },
    /// The query is one or two typos (or word order) away from `matched`, a name of `target`.
    Close { target: T, matched: String },
    /// Only weak or ambiguous candidates, deduplicated by target, best first.
    Weak { suggestions: Vec<T> },
    /// Nothing close.
    Nothing,
}

struct Entry<T> {
    key: String,
    tokens: Vec<String>,
    name: String,
    target: T,
}

/// Names and aliases pointing at targets (people, terms, commands).
pub struct NameIndex<T> {
    entries: Vec<Entry<T>>,
    exact: HashMap<String, usize>,
}

/// Minimum similarity (0..1) for a weak "did you mean" candidate.
const WEAK_SIMILARITY: f64 = 0.6;

impl<T: Copy + Eq + Hash> Default for NameIndex<T> {
    fn default() -> Self {
        NameIndex {
            entries: Vec::new(),
            exact: HashMap::new(),
        }
    }
}

impl<T: Copy + Eq + Hash> NameIndex<T> {
    /// Adds a name (or alias) for `target`. Blank names are ignored.
    pub fn insert(&mut self, name: &str, target: T) {
        let key = normalize(name);
        if key.is_empty() || self.exact.contains_key(&key) {
            return;
        }
        let tokens = words(&key).map(str::to_string).collect();
        self.exact.insert(key.clone(), self.entries.len());
        self.entries.push(Entry {
            key,
            tokens,
            name: name.to_string(),
            target,
        });
    }

    /// Number of names held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no name is held.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Looks a query up under the fuzzy policy; at most `max_suggestions` weak candidates.
    pub fn lookup(&self, query: &str, max_suggestions: usize) -> Lookup<T> {
        let q = normalize(query);
        if q.is_empty() {
            return Lookup::Nothing;
        }
        if let Some(&i) = self.exact.get(&q) {
            return Lookup::Exact {
                target: self.entries[i].target,
            };
        }
        let q_tokens: Vec<&str> = words(&q).collect();
        let mut best: HashMap<T, (Strength, f64, usize)> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            if let Some((strength, score)) = score(&q, &q_tokens, e) {
                let slot = best.entry(e.target).or_insert((strength, score, i));
                if (strength, score) > (slot.0, slot.1) {
                    *slot = (strength, score, i);
                }
            }
        }
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
                matched: self.entries[i].name.clone(),
            };
        }
        Lookup::Weak {
            suggestions: ranked.iter().take(max_suggestions).map(|r| r.0).collect(),
        }
        .non_empty()
    }

    /// Targets for a partially typed name, best first, deduplicated: prefix hits before
    /// word-prefix hits before fuzzy ones.
    pub fn complete(&self, partial: &str, limit: usize) -> Vec<T> {
        let q = normalize(partial);
        let mut scored: Vec<(f64, usize)> = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let s = if q.is_empty() {
                1.0
            } else if e.key.starts_with(&q) {
                3.0 - e.key.len() as f64 / 1000.0
            } else if e.tokens.iter().any(|t| t.starts_with(&q)) {
                2.0 - e.key.len() as f64 / 1000.0
            } else {
                let sim = strsim::normalized_damerau_levenshtein(&q, &e.key).max(
                    e.tokens
                        .iter()
                        .map(|t| strsim::jaro_winkler(&q, t))
                        .fold(0.0, f64::max)
                        - 0.2,
                );
                if sim < WEAK_SIMILARITY {
                    continue;
                }
                sim
            };
            scored.push((s, i));
        }
        scored.sort_by(|a, b| {
            b.0.partial_cmp(&a.0)
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.1.cmp(&b.1))
        });
        let mut out: Vec<T> = Vec::new();
        for (_, i) in scored {
            let t = self.entries[i].target;
            if !out.contains(&t) {
                out.push(t);
                if out.len() == limit {
                    break;
                }
            }
        }
        out
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

/// Scores one name against a query (both normalized).
fn score<T>(q: &str, q_tokens: &[&str], e: &Entry<T>) -> Option<(Strength, f64)> {
    let allowed = allowed_typos(q.len());
    if q.len().abs_diff(e.key.len()) <= allowed {
        let d = strsim::damerau_levenshtein(q, &e.key);
        if d <= allowed {
            return Some((Strength::Close, 0.95 - 0.05 * d as f64));
        }
    }
    // One word typed for a name of several words ("Stoltenberg", "Stoltenbreg").
    if q_tokens.len() == 1 && e.tokens.len() > 1 && q.len() >= 4 {
        for t in &e.tokens {
            if t.len().abs_diff(q.len()) <= allowed {
                let d = strsim::damerau_levenshtein(q, t);
                if d <= allowed {
                    return Some((Strength::Close, 0.9 - 0.05 * d as f64));
                }
            }
        }
    }
    // Several words in any order, each within its own typo allowance.
    if q_tokens.len() > 1 && q_tokens.len() == e.tokens.len() {
        let all = q_tokens.iter().all(|qt| {
            e.tokens.iter().any(|t| {
                let a = allowed_typos(qt.len().min(t.len()));
                qt.len().abs_diff(t.len()) <= a && strsim::damerau_levenshtein(qt, t) <= a
            })
        });
        if all {
            return Some((Strength::Close, 0.88));
        }
    }
    let mut sim = strsim::normalized_damerau_levenshtein(q, &e.key);
    if q_tokens.len() == 1 && e.tokens.len() > 1 {
        for t in &e.tokens {
            sim = sim.max(strsim::normalized_damerau_levenshtein(q, t) * 0.95);
        }
    }
    (sim >= WEAK_SIMILARITY && q.len() >= 3).then_some((Strength::Weak, sim))
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
    fn completion_prefers_prefixes() {
        let idx = index();
        assert_eq!(idx.complete("sto", 3)[0], 2);
        assert_eq!(idx.complete("bur", 3)[0], 5);
        assert_eq!(idx.complete("", 10).len(), 5);
    }
}
