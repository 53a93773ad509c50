//! From seeds to passages: the runs of [`SEED_WORDS`](super::SEED_WORDS) words two articles
//! share exactly are chained, in text order on both sides, into the longest passage they
//! make together, across gaps of up to [`MAX_GAP`] words (a changed word, a dropped or
//! added clause), and across longer gaps, up to [`MAX_BRIDGE`] words, whose words still
//! align (a sentence reworded a few words at a time). As in sequence alignment (BLAST's
//! seeds and extension), the seeds are found by hashing; only the gaps between them are
//! aligned word by word (longest common subsequence), and they are short.

use std::ops::Range;

use super::words::Words;
use crate::model::shared::{PassageSide, SharedPassage};

/// A run of words two articles share: it starts at word `i` of article `a` and word `j` of
/// article `b`, with `a < b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Seed {
    pub a: u32,
    pub b: u32,
    pub i: u32,
    pub j: u32,
}

/// The most words, on either side, between two seeds of one passage: a clause dropped, a
/// sentence added, a few words changed. Further apart, they are two passages.
pub const MAX_GAP: usize = 20;

/// The longest gap, on either side, that a passage bridges when at least half the words of
/// the longer side of the gap align with the other's.
pub const MAX_BRIDGE: usize = 60;

/// The share of a passage's words that must stand inside quotation marks, in one of the two
/// articles, for the passage to count as a quotation.
const QUOTED_SHARE: f64 = 0.8;

/// A passage being built.
struct Chain {
    a: Range<usize>,
    b: Range<usize>,
    last: (usize, usize),
    covered: (usize, usize),
    /// Words paired by aligning the gaps between seeds.
    aligned: usize,
}

impl Chain {
    /// The words the passage pairs up: those in seeds, and those aligned across gaps.
    fn words(&self) -> usize {
        self.covered.0.min(self.covered.1) + self.aligned
    }

    /// How far the seed at (`i`, `j`) strays from this chain's diagonal.
    fn drift(&self, i: usize, j: usize) -> usize {
        ((j as isize - i as isize) - (self.last.1 as isize - self.last.0 as isize)).unsigned_abs()
    }

    /// Whether the seed at (`i`, `j`) goes on this chain, and if so how many words of the
    /// gap before it align.
    fn joins(&self, i: usize, j: usize, n: usize, a: &Words, b: &Words) -> Option<usize> {
        if j <= self.last.1 || j + n <= self.b.start {
            return None;
        }
        let gap = (i.saturating_sub(self.a.end), j.saturating_sub(self.b.end));
        let (longer, drift) = (gap.0.max(gap.1), self.drift(i, j));
        if longer > MAX_BRIDGE || drift > MAX_BRIDGE {
            return None;
        }
        let aligned = if gap.0 > 0 && gap.1 > 0 {
            common_words(&a.hashes[self.a.end..i], &b.hashes[self.b.end..j])
        } else {
            0
        };
        let small = longer <= MAX_GAP && drift <= MAX_GAP;
        (small || aligned * 2 >= longer).then_some(aligned)
    }
}

/// The length of the longest common subsequence of two short runs of words.
fn common_words(a: &[u64], b: &[u64]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for &x in a {
        let mut diagonal = 0;
        for (k, &y) in b.iter().enumerate() {
            let above = row[k + 1];
            row[k + 1] = if x == y {
                diagonal + 1
            } else {
                above.max(row[k])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The passages made by `seeds`, the seeds of one pair of articles sorted by `i` then `j`,
/// each a run of `n` words.
pub fn passages(seeds: &[Seed], n: usize, a: &Words, b: &Words) -> Vec<SharedPassage> {
    let Some(first) = seeds.first() else {
        return Vec::new();
    };
    let (article_a, article_b) = (first.a as usize, first.b as usize);
    let mut open: Vec<Chain> = Vec::new();
    let mut done: Vec<Chain> = Vec::new();
    for seed in seeds {
        let (i, j) = (seed.i as usize, seed.j as usize);
        // Chains this seed is too far along to continue are finished.
        let mut k = 0;
        while k < open.len() {
            if open[k].a.end + MAX_BRIDGE < i {
                done.push(open.swap_remove(k));
            } else {
                k += 1;
            }
        }
        let best = open
            .iter()
            .enumerate()
            .filter_map(|(k, c)| Some((k, c.joins(i, j, n, a, b)?, c.drift(i, j))))
            .min_by_key(|&(_, _, drift)| drift);
        match best {
            Some((k, aligned, _)) => {
                let chain = &mut open[k];
                chain.covered.0 += (i + n).saturating_sub(i.max(chain.a.end));
                chain.covered.1 += (j + n).saturating_sub(j.max(chain.b.end));
                chain.aligned += aligned;
                chain.a.end = chain.a.end.max(i + n);
                chain.b.end = chain.b.end.max(j + n);
                chain.last = (i, j);
            }
            None => open.push(Chain {
                a: i..i + n,
                b: j..j + n,
                last: (i, j),
                covered: (n, n),
                aligned: 0,
            }),
        }
    }
    done.extend(open);
    // Seeds that were boilerplate on their own may still begin or end a passage: each is
    // extended word by word while the two texts agree.
    for chain in &mut done {
        while chain.a.start > 0
            && chain.b.start > 0
            && a.hashes[chain.a.start - 1] == b.hashes[chain.b.start - 1]
        {
            chain.a.start -= 1;
            chain.b.start -= 1;
            chain.aligned += 1;
        }
        while chain.a.end < a.len()
            && chain.b.end < b.len()
            && a.hashes[chain.a.end] == b.hashes[chain.b.end]
        {
            chain.a.end += 1;
            chain.b.end += 1;
            chain.aligned += 1;
        }
    }
    // A chain that lies inside a longer one on both sides repeats part of it.
    let contained = |c: &Chain, d: &Chain| {
        d.a.start <= c.a.start && c.a.end <= d.a.end && d.b.start <= c.b.start && c.b.end <= d.b.end
    };
    let mut kept: Vec<&Chain> = Vec::new();
    done.sort_by_key(|c| std::cmp::Reverse(c.words()));
    for chain in &done {
        if !kept.iter().any(|k| contained(chain, k)) {
            kept.push(chain);
        }
    }
    kept.sort_by_key(|c| (c.a.start, c.b.start));
    kept.into_iter()
        .map(|chain| SharedPassage {
            words: chain.words(),
            quoted: quoted_share(a, &chain.a) >= QUOTED_SHARE
                || quoted_share(b, &chain.b) >= QUOTED_SHARE,
            sides: [
                PassageSide {
                    article: article_a,
                    range: byte_range(a, &chain.a),
                },
                PassageSide {
                    article: article_b,
                    range: byte_range(b, &chain.b),
                },
            ],
        })
        .collect()
}

fn quoted_share(words: &Words, range: &Range<usize>) -> f64 {
    let quoted = words.quoted[range.clone()].iter().filter(|q| **q).count();
    quoted as f64 / range.len().max(1) as f64
}

/// The bytes from the first word of `range` to the end of its last.
fn byte_range(words: &Words, range: &Range<usize>) -> Range<usize> {
    words.spans[range.start].0 as usize..words.spans[range.end - 1].1 as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(i: u32, j: u32) -> Seed {
        Seed { a: 0, b: 1, i, j }
    }

    /// `count` words, all different from those of any other `prefix`.
    fn distinct(prefix: &str, count: usize) -> Words {
        let text: Vec<String> = (0..count).map(|k| format!("{prefix}{k}")).collect();
        Words::of_text(&text.join(" "))
    }

    #[test]
    fn seeds_across_a_changed_word_and_a_dropped_clause_make_one_passage() {
        let (a, b) = (distinct("x", 100), distinct("y", 100));
        // An exact run of 12 words (seeds at 0..=4), a changed word, 9 more (seeds 13..=14),
        // then a clause of 6 words dropped from the second article (seeds 28.. at 22..).
        let mut seeds: Vec<Seed> = (0..=4).map(|k| seed(k, k)).collect();
        seeds.extend((13..=14).map(|k| seed(k, k)));
        seeds.extend((28..=30).map(|k| seed(k, k - 6)));
        // Far away, a second passage.
        seeds.push(seed(80, 70));
        let found = passages(&seeds, 8, &a, &b);
        assert_eq!(found.len(), 2);
        let words = |range: &Range<usize>| {
            a.spans
                .iter()
                .filter(|s| range.contains(&(s.0 as usize)))
                .count()
        };
        assert_eq!(words(&found[0].sides[0].range), 38);
        assert_eq!(found[0].words, 12 + 9 + 10);
        assert_eq!(found[1].words, 8);
        assert!(!found[0].quoted);
    }

    #[test]
    fn a_long_gap_is_bridged_only_when_its_words_align() {
        let reworded = "one two three four five six seven eight nine ten eleven twelve";
        let text = |middle: &str| {
            let before = "alpha beta gamma delta epsilon zeta eta theta";
            let after = "iota kappa lambda mu nu xi omicron pi";
            Words::of_text(&format!("{before} {middle} {middle} {after}"))
        };
        let a = text(reworded);
        // Every third word changed, over 24 words: two thirds still align.
        let b = text("one two 3 four five 6 seven eight 9 ten eleven 12");
        let seeds = [seed(0, 0), seed(32, 32)];
        let found = passages(&seeds, 8, &a, &b);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].words, 8 + 16 + 8);
        // Nothing in common over the same gap: two passages.
        let c = text("uno dos tres cuatro cinco seis siete ocho nueve diez once doce");
        assert_eq!(passages(&seeds, 8, &a, &c).len(), 2);
    }

    #[test]
    fn a_passage_said_again_elsewhere_is_a_passage_of_its_own() {
        let (a, b) = (distinct("x", 60), distinct("y", 60));
        // Words 0..20 of the first are words 0..20 of the second; words 5..13 of the first
        // come again at 40..48 of the second, too far along to continue the first.
        let mut seeds: Vec<Seed> = (0..=12).map(|k| seed(k, k)).collect();
        seeds.push(seed(5, 40));
        seeds.sort();
        let found = passages(&seeds, 8, &a, &b);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].words, 20);
    }
}
