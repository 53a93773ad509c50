//! Runs of words ("grams", shingles) of every article, sorted by their hash: an inverted index
//! in one flat vector, where the places of each run of words lie side by side, so which
//! articles share a run is one pass down the vector. Building it is a parallel sort, so the
//! work grows with the total text, not with the number of pairs of articles.

use std::sync::Arc;

use rayon::prelude::*;

use super::words::Words;

/// One run of words: its hash, and where it starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gram {
    pub hash: u64,
    pub article: u32,
    /// Index of its first word in the article's words.
    pub word: u32,
}

/// Every run of `n` words of every article, except those a filter leaves out.
pub struct GramTable {
    /// Sorted by hash.
    grams: Vec<Gram>,
}

/// The base of the hash of a run of words: `sum(word[k] * BASE^(n-1-k))`.
pub const BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// The hash of a run of words, from their hashes.
pub fn gram_hash(words: &[u64]) -> u64 {
    words
        .iter()
        .fold(0u64, |h, &w| h.wrapping_mul(BASE).wrapping_add(w))
}

/// Calls `run(first word, hash)` for every run of `n` words of `words` (given by their hashes),
/// each hash rolled along from the last: one multiplication a word, not `n`.
pub fn each_run(words: &[u64], n: usize, mut run: impl FnMut(usize, u64)) {
    if n == 0 || words.len() < n {
        return;
    }
    // BASE^(n-1): the weight of the word that leaves the window.
    let top = (1..n).fold(1u64, |p, _| p.wrapping_mul(BASE));
    let mut hash = gram_hash(&words[..n]);
    run(0, hash);
    for start in 1..=words.len() - n {
        hash = hash
            .wrapping_sub(words[start - 1].wrapping_mul(top))
            .wrapping_mul(BASE)
            .wrapping_add(words[start + n - 1]);
        run(start, hash);
    }
}

impl GramTable {
    /// Indexes every run of `n` words of `articles` for which `keep(article, first word)` is
    /// true.
    pub fn new(
        n: usize,
        articles: &[Arc<Words>],
        keep: impl Fn(usize, usize) -> bool + Sync,
    ) -> GramTable {
        let per_article: Vec<Vec<Gram>> = articles
            .par_iter()
            .enumerate()
            .map(|(article, words)| {
                if words.len() < n {
                    return Vec::new();
                }
                let mut grams = Vec::with_capacity(words.len() + 1 - n);
                each_run(&words.hashes, n, |word, hash| {
                    if keep(article, word) {
                        grams.push(Gram {
                            hash,
                            article: article as u32,
                            word: word as u32,
                        });
                    }
                });
                grams
            })
            .collect();
        let mut grams = Vec::with_capacity(per_article.iter().map(Vec::len).sum());
        for part in per_article {
            grams.extend(part);
        }
        // By hash alone: the places of one run lie together, which is all that is needed, and
        // a comparison of one word is cheaper than of three.
        grams.par_sort_unstable_by_key(|g| g.hash);
        GramTable { grams }
    }

    /// The places of each run of words found more than once, one slice per run.
    pub fn repeated(&self) -> impl ParallelIterator<Item = &[Gram]> {
        self.grams
            .par_chunk_by(|a, b| a.hash == b.hash)
            .filter(|run| run.len() > 1)
    }
}

/// A hasher for keys that are hashes already (of words, of runs of words): it passes them
/// through.
#[derive(Default, Clone, Copy)]
pub struct BuildIdentity;

#[derive(Default)]
pub struct Identity(u64);

impl std::hash::Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl std::hash::BuildHasher for BuildIdentity {
    type Hasher = Identity;
    fn build_hasher(&self) -> Identity {
        Identity::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rolled_hash_is_the_hash_of_the_run() {
        let words = Words::of_text("one two three four five six seven");
        let mut rolled = Vec::new();
        each_run(&words.hashes, 3, |start, hash| rolled.push((start, hash)));
        let direct: Vec<(usize, u64)> = (0..5)
            .map(|start| (start, gram_hash(&words.hashes[start..start + 3])))
            .collect();
        assert_eq!(rolled, direct);
    }

    #[test]
    fn runs_of_words_found_more_than_once_lie_together() {
        let articles: Vec<Arc<Words>> = ["a b c d e", "x a b c y", "b c d"]
            .iter()
            .map(|t| Arc::new(Words::of_text(t)))
            .collect();
        let places = |table: &GramTable| -> Vec<Vec<(u32, u32)>> {
            let mut runs: Vec<Vec<(u32, u32)>> = table
                .repeated()
                .map(|run| run.iter().map(|g| (g.article, g.word)).collect())
                .collect();
            runs.sort();
            runs
        };
        // "a b c" in the first two, "b c d" in the first and third.
        let table = GramTable::new(3, &articles, |_, _| true);
        assert_eq!(places(&table), [vec![(0, 0), (1, 1)], vec![(0, 1), (2, 0)]]);
        let without_second = GramTable::new(3, &articles, |article, _| article != 1);
        assert_eq!(places(&without_second), [vec![(0, 1), (2, 0)]]);
    }
}
