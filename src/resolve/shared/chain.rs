//! From seeds to passages: the runs of [`SEED_WORDS`](super::SEED_WORDS) words two articles
//! share exactly are chained, in text order on both sides, across gaps of up to
//! [`MAX_GAP`] words (a changed word, a dropped or added clause), into the longest passage
//! they make together. As in sequence alignment (BLAST's seeds and extension), only the
//! seeds are compared word by word; the gaps between them are what the rewrite changed.

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

/// The share of a passage's words that must stand inside quotation marks, in one of the two
/// articles, for the passage to count as a quotation.
const QUOTED_SHARE: f64 = 0.8;

/// A passage being built.
struct Chain {
    a: Range<usize>,
    b: Range<usize>,
    last: (usize, usize),
    covered: (usize, usize),
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
            if open[k].a.end + MAX_GAP < i {
                done.push(open.swap_remove(k));
            } else {
                k += 1;
            }
        }
        let diagonal =
            |c: &Chain| (j as isize - i as isize) - (c.last.1 as isize - c.last.0 as isize);
        let best = open
            .iter()
            .enumerate()
            .filter(|(_, c)| j > c.last.1 && j <= c.b.end + MAX_GAP && j + n > c.b.start)
            .filter(|(_, c)| diagonal(c).unsigned_abs() <= MAX_GAP)
            .min_by_key(|(_, c)| diagonal(c).unsigned_abs())
            .map(|(k, _)| k);
        match best {
            Some(k) => {
                let chain = &mut open[k];
                chain.covered.0 += (i + n).saturating_sub(i.max(chain.a.end));
                chain.covered.1 += (j + n).saturating_sub(j.max(chain.b.end));
                chain.a.end = chain.a.end.max(i + n);
                chain.b.end = chain.b.end.max(j + n);
                chain.last = (i, j);
            }
            None => open.push(Chain {
                a: i..i + n,
                b: j..j + n,
                last: (i, j),
                covered: (n, n),
            }),
        }
    }
    done.extend(open);
    // A chain that lies inside a longer one on both sides repeats part of it.
    let contained = |c: &Chain, d: &Chain| {
        d.a.start <= c.a.start && c.a.end <= d.a.end && d.b.start <= c.b.start && c.b.end <= d.b.end
    };
    let mut kept: Vec<&Chain> = Vec::new();
    done.sort_by_key(|c| std::cmp::Reverse(c.covered.0.min(c.covered.1)));
    for chain in &done {
        if !kept.iter().any(|k| contained(chain, k)) {
            kept.push(chain);
        }
    }
    kept.sort_by_key(|c| (c.a.start, c.b.start));
    kept.into_iter()
        .map(|chain| SharedPassage {
            words: chain.covered.0.min(chain.covered.1),
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

    #[test]
    fn seeds_across_a_changed_word_and_a_dropped_clause_make_one_passage() {
        let a = Words::of_text(&"w ".repeat(100));
        let b = Words::of_text(&"w ".repeat(100));
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
    fn a_passage_said_again_elsewhere_is_a_passage_of_its_own() {
        let a = Words::of_text(&"w ".repeat(60));
        let b = Words::of_text(&"w ".repeat(60));
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
