//! Building blocks for sublinear fuzzy lookup: a fast Damerau–Levenshtein distance and a
//! symmetric-deletion ("SymSpell") index that finds every word within two edits of a query
//! word without scanning the vocabulary.
//!
//! The deletion index stores, for each word, the hashes of every string obtained by deleting
//! up to `depth` characters from its first [`PREFIX`] bytes. Two words within `k` edits
//! (insertions, deletions, substitutions, adjacent transpositions) of each other share such
//! a string when both sides delete up to `k` characters, so looking up the query's own
//! deletion variants yields a candidate set that contains every word within `k` edits (plus
//! some hash and prefix false positives, which callers verify with the exact distance).

/// Only this many leading bytes of a word are indexed (SymSpell's prefix trick): longer
/// words still match, as candidates, and are verified on their full length.
pub const PREFIX: usize = 8;

/// The (unrestricted) Damerau–Levenshtein distance, by characters; equal to
/// `strsim::damerau_levenshtein` but allocation-free and several times faster for the short
/// ASCII strings names and words are after normalization.
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    if !a.is_ascii() || !b.is_ascii() || (a.len() + 2) * (b.len() + 2) > 1 << 20 {
        return strsim::damerau_levenshtein(a, b);
    }
    dl_bytes(a.as_bytes(), b.as_bytes())
}

/// The [`damerau_levenshtein`] distance between `a` and `b` when it is at most `k`, else
/// `None`. Strings whose lengths (in bytes: the words compared are normalized ASCII) differ
/// by more than `k` are rejected without computing the distance.
pub fn within_edits(a: &str, b: &str, k: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > k {
        return None;
    }
    let d = damerau_levenshtein(a, b);
    (d <= k).then_some(d)
}

/// `strsim::normalized_damerau_levenshtein`, computed with [`damerau_levenshtein`].
pub fn normalized_damerau_levenshtein(a: &str, b: &str) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    if !a.is_ascii() || !b.is_ascii() {
        return strsim::normalized_damerau_levenshtein(a, b);
    }
    let d = damerau_levenshtein(a, b);
    1.0 - d as f64 / a.len().max(b.len()) as f64
}

thread_local! {
    /// The distance table, reused between calls (every cell read is written first).
    static TABLE: std::cell::RefCell<Vec<u32>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Lowrance–Wagner over bytes (ASCII), in a reused table.
fn dl_bytes(a: &[u8], b: &[u8]) -> usize {
    let (n, m) = (a.len(), b.len());
    if n == 0 {
        return m;
    }
    if m == 0 {
        return n;
    }
    if a == b {
        return 0;
    }
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        let cells = (n + 2) * (m + 2);
        if t.len() < cells {
            t.resize(cells, 0);
        }
        let h = &mut t[..cells];
        let w = m + 2;
        let max = (n + m) as u32;
        h[0] = max;
        for i in 0..=n {
            h[(i + 1) * w] = max;
            h[(i + 1) * w + 1] = i as u32;
        }
        for j in 0..=m {
            h[j + 1] = max;
            h[w + j + 1] = j as u32;
        }
        let mut da = [0u32; 128];
        for i in 1..=n {
            let mut db = 0usize;
            let ai = a[i - 1];
            for j in 1..=m {
                let bj = b[j - 1];
                let k = da[(bj & 0x7F) as usize] as usize;
                let l = db;
                let cost = if ai == bj {
                    db = j;
                    0
                } else {
                    1
                };
                let sub = h[i * w + j] + cost;
                let ins = h[(i + 1) * w + j] + 1;
                let del = h[i * w + j + 1] + 1;
                let trans = h[k * w + l] + (i - k - 1) as u32 + 1 + (j - l - 1) as u32;
                h[(i + 1) * w + j + 1] = sub.min(ins).min(del).min(trans);
            }
            da[(ai & 0x7F) as usize] = i as u32;
        }
        h[(n + 1) * w + m + 1] as usize
    })
}

/// 64-bit hash of a byte string (FNV-1a with a final avalanche).
fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Hashes of `word[..PREFIX]` with up to `depth` (≤ 2) bytes deleted, deduplicated,
/// appended to `out`. Variants shorter than two bytes are left out.
fn variants(word: &[u8], depth: usize, out: &mut Vec<u64>) {
    let p = &word[..word.len().min(PREFIX)];
    let start = out.len();
    out.push(hash(p));
    let mut buf = [0u8; PREFIX];
    if depth >= 1 && p.len() >= 3 {
        for i in 0..p.len() {
            let mut n = 0;
            for (x, &c) in p.iter().enumerate() {
                if x != i {
                    buf[n] = c;
                    n += 1;
                }
            }
            out.push(hash(&buf[..n]));
        }
    }
    if depth >= 2 && p.len() >= 4 {
        for i in 0..p.len() {
            for j in i + 1..p.len() {
                let mut n = 0;
                for (x, &c) in p.iter().enumerate() {
                    if x != i && x != j {
                        buf[n] = c;
                        n += 1;
                    }
                }
                out.push(hash(&buf[..n]));
            }
        }
    }
    out[start..].sort_unstable();
    let mut keep = start;
    for r in start..out.len() {
        if r == start || out[r] != out[keep - 1] {
            out[keep] = out[r];
            keep += 1;
        }
    }
    out.truncate(keep);
}

/// Deletion variants of a vocabulary, hashed into buckets of 32-bit slots: an 8-bit
/// fingerprint of the variant's hash over a 24-bit word id (so at most 16,777,215 words).
#[derive(Default)]
pub struct DeletionIndex {
    shift: u32,
    starts: Vec<u32>,
    slots: Vec<u32>,
}

/// Word ids must fit in the slots' low 24 bits.
const MAX_WORDS: usize = (1 << 24) - 1;

impl DeletionIndex {
    /// Indexes `words` (word id = position), each with up to `depth(word)` deletions.
    /// Words past the 16,777,215th are not indexed.
    pub fn build<'a>(
        words: impl IntoIterator<Item = &'a str>,
        depth: impl Fn(&str) -> usize,
    ) -> DeletionIndex {
        let mut pairs: Vec<(u64, u32)> = Vec::new();
        let mut scratch = Vec::new();
        for (id, w) in words.into_iter().enumerate().take(MAX_WORDS) {
            scratch.clear();
            variants(w.as_bytes(), depth(w), &mut scratch);
            pairs.extend(scratch.iter().map(|&h| (h, id as u32)));
        }
        // 4 to 8 slots per bucket: the bucket starts cost 0.5 to 1 byte per slot (4 bytes
        // each), and a lookup compares a few more 8-bit fingerprints.
        let buckets = (pairs.len() / 8).max(1).next_power_of_two();
        let bits = buckets.trailing_zeros();
        let shift = 64 - bits;
        let bucket = |h: u64| if bits == 0 { 0 } else { (h >> shift) as usize };
        let mut starts = vec![0u32; buckets + 1];
        for &(h, _) in &pairs {
            starts[bucket(h) + 1] += 1;
        }
        for b in 0..buckets {
            starts[b + 1] += starts[b];
        }
        let mut fill = starts.clone();
        let mut slots = vec![0u32; pairs.len()];
        for &(h, id) in &pairs {
            let b = bucket(h);
            slots[fill[b] as usize] = ((h as u32 & 0xFF) << 24) | id;
            fill[b] += 1;
        }
        DeletionIndex {
            shift: if bits == 0 { 64 } else { shift },
            starts,
            slots,
        }
    }

    /// Ids of words sharing a deletion variant with `word` (up to `depth` deletions on the
    /// query side), appended to `out` unsorted and possibly repeated. A superset of the
    /// words within `depth` edits whose own depth was at least as large.
    pub fn candidates(&self, word: &str, depth: usize, out: &mut Vec<u32>) {
        if self.slots.is_empty() {
            return;
        }
        let mut hashes = Vec::with_capacity(32);
        variants(word.as_bytes(), depth, &mut hashes);
        for h in hashes {
            let b = if self.shift >= 64 {
                0
            } else {
                (h >> self.shift) as usize
            };
            let fp = h as u32 & 0xFF;
            for &s in &self.slots[self.starts[b] as usize..self.starts[b + 1] as usize] {
                if s >> 24 == fp {
                    out.push(s & 0x00FF_FFFF);
                }
            }
        }
    }

    /// Bytes held on the heap.
    pub fn heap_bytes(&self) -> usize {
        (self.starts.capacity() + self.slots.capacity()) * 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use factbot_testkit::synth::Rng;

    fn random_word(rng: &mut Rng, alphabet: &[u8], max: usize) -> String {
        let n = rng.below(max + 1);
        (0..n)
            .map(|_| alphabet[rng.below(alphabet.len())] as char)
            .collect()
    }

    #[test]
    fn distance_equals_strsim() {
        let mut rng = Rng::new(11);
        for _ in 0..20_000 {
            let a = random_word(&mut rng, b"abc d", 9);
            let b = random_word(&mut rng, b"abc d", 9);
            assert_eq!(
                damerau_levenshtein(&a, &b),
                strsim::damerau_levenshtein(&a, &b),
                "{a:?} {b:?}"
            );
            assert_eq!(
                normalized_damerau_levenshtein(&a, &b),
                strsim::normalized_damerau_levenshtein(&a, &b)
            );
            let d = strsim::damerau_levenshtein(&a, &b);
            for k in 0..3 {
                let within = a.len().abs_diff(b.len()) <= k && d <= k;
                assert_eq!(
                    within_edits(&a, &b, k),
                    within.then_some(d),
                    "{a:?} {b:?} {k}"
                );
            }
        }
        assert_eq!(damerau_levenshtein("ca", "abc"), 2);
        assert_eq!(damerau_levenshtein("Путин", "Путн"), 1);
    }

    #[test]
    fn deletion_index_finds_every_word_within_two_edits() {
        let mut rng = Rng::new(5);
        let words: Vec<String> = (0..3000)
            .map(|_| random_word(&mut rng, b"abcdefghij", 14))
            .filter(|w| w.len() >= 5)
            .collect();
        let idx = DeletionIndex::build(words.iter().map(String::as_str), |_| 2);
        for _ in 0..300 {
            let q = random_word(&mut rng, b"abcdefghij", 14);
            if q.len() < 5 {
                continue;
            }
            let mut found = Vec::new();
            idx.candidates(&q, 2, &mut found);
            for (i, w) in words.iter().enumerate() {
                if damerau_levenshtein(&q, w) <= 2 {
                    assert!(found.contains(&(i as u32)), "{q} misses {w}");
                }
            }
        }
    }
}
