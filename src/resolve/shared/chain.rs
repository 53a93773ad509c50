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
        // Forward on both sides: a seed no further along one text is another passage.
        if i <= self.last.0 || j <= self.last.1 || j + n <= self.b.start {
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
/// each a run of `n` words. `apart` marks, for each article, the words a passage may not
/// take in (a byline, a dateline).
pub fn passages(
    seeds: &[Seed],
    n: usize,
    a: &Words,
    b: &Words,
    apart: [&[bool]; 2],
) -> Vec<SharedPassage> {
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
    for chain in &mut done {
        extend(chain, a, b, apart);
    }
    // Within a pair, each word of either article is in one passage at most: the longest
    // keeps it, and a shorter one that overlaps it loses the words at its end that do (what
    // an extension took), and goes if that leaves less than a seed or cuts it in two. A
    // passage said twice in one article and once in the other is one passage.
    done.sort_by_key(|c| (std::cmp::Reverse(c.words()), c.a.start, c.b.start));
    let mut kept: Vec<Chain> = Vec::new();
    for mut chain in done {
        if kept.iter().all(|k| trim(&mut chain, k)) && chain.a.len() >= n && chain.b.len() >= n {
            kept.push(chain);
        }
    }
    kept.sort_by_key(|c| (c.a.start, c.b.start));
    kept.iter()
        .map(|chain| {
            let words = chain.words();
            let share = quoted_share(a, &chain.a).max(quoted_share(b, &chain.b));
            SharedPassage {
                words,
                unquoted_words: (words as f64 * (1.0 - share)).round() as usize,
                quoted: share >= QUOTED_SHARE,
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
            }
        })
        .collect()
}

/// Trims `chain` where it overlaps `kept` on either side, from the end that does; false when
/// `kept` lies inside it, which no trimming at an end can undo.
fn trim(chain: &mut Chain, kept: &Chain) -> bool {
    for side in [0, 1] {
        let (mine, theirs) = if side == 0 {
            (chain.a.clone(), &kept.a)
        } else {
            (chain.b.clone(), &kept.b)
        };
        if mine.end <= theirs.start || theirs.end <= mine.start {
            continue;
        }
        // Words to drop from the start, or from the end.
        let cut = if theirs.start <= mine.start && theirs.end < mine.end {
            (theirs.end - mine.start, 0)
        } else if mine.start < theirs.start && mine.end <= theirs.end {
            (0, mine.end - theirs.start)
        } else {
            return false;
        };
        let cut_words = cut.0 + cut.1;
        // The other side loses as many words at the same end.
        chain.a =
            chain.a.start + cut.0..chain.a.end.saturating_sub(cut.1).max(chain.a.start + cut.0);
        chain.b =
            chain.b.start + cut.0..chain.b.end.saturating_sub(cut.1).max(chain.b.start + cut.0);
        let aligned = chain.aligned.min(cut_words);
        chain.aligned -= aligned;
        let rest = cut_words - aligned;
        chain.covered = (
            chain.covered.0.saturating_sub(rest),
            chain.covered.1.saturating_sub(rest),
        );
    }
    true
}

/// Extends a passage at both ends while the two texts go on alike: word by word where they
/// agree (seeds that were boilerplate on their own may still begin or end a passage), and
/// across a changed word or two where the next [`MAX_GAP`] words still align.
fn extend(chain: &mut Chain, a: &Words, b: &Words, apart: [&[bool]; 2]) {
    // The words read outward from an edge, up to MAX_GAP, stopping before a word set apart.
    let before = |words: &Words, apart: &[bool], start: usize| -> Vec<u64> {
        (start.saturating_sub(MAX_GAP)..start)
            .rev()
            .take_while(|&k| !apart[k])
            .map(|k| words.hashes[k])
            .collect()
    };
    let after = |words: &Words, apart: &[bool], end: usize| -> Vec<u64> {
        (end..(end + MAX_GAP).min(words.len()))
            .take_while(|&k| !apart[k])
            .map(|k| words.hashes[k])
            .collect()
    };
    loop {
        while chain.a.start > 0
            && chain.b.start > 0
            && !apart[0][chain.a.start - 1]
            && !apart[1][chain.b.start - 1]
            && a.hashes[chain.a.start - 1] == b.hashes[chain.b.start - 1]
        {
            chain.a.start -= 1;
            chain.b.start -= 1;
            chain.aligned += 1;
        }
        match edge(
            &before(a, apart[0], chain.a.start),
            &before(b, apart[1], chain.b.start),
        ) {
            Some((p, q, matched)) => {
                chain.a.start -= p;
                chain.b.start -= q;
                chain.aligned += matched;
            }
            None => break,
        }
    }
    loop {
        while chain.a.end < a.len()
            && chain.b.end < b.len()
            && !apart[0][chain.a.end]
            && !apart[1][chain.b.end]
            && a.hashes[chain.a.end] == b.hashes[chain.b.end]
        {
            chain.a.end += 1;
            chain.b.end += 1;
            chain.aligned += 1;
        }
        match edge(
            &after(a, apart[0], chain.a.end),
            &after(b, apart[1], chain.b.end),
        ) {
            Some((p, q, matched)) => {
                chain.a.end += p;
                chain.b.end += q;
                chain.aligned += matched;
            }
            None => break,
        }
    }
}

/// How far two runs of words of at most [`MAX_GAP`] words, read outward from a passage's
/// edge, go on alike: the longest prefixes `x[..p]`, `y[..q]` that end on two words in a row
/// both share, whose common subsequence has at least three words and two thirds of the
/// longer's; with that many words matched. Stricter than a gap inside a passage, which has
/// seeds on both sides: an edge has one, and chance agreement of a few common words must not
/// carry a passage into text the two articles do not share.
fn edge(x: &[u64], y: &[u64]) -> Option<(usize, usize, usize)> {
    debug_assert!(x.len() <= MAX_GAP && y.len() <= MAX_GAP);
    // common[p][q]: the longest common subsequence of x[..p] and y[..q].
    let mut common = [[0u8; MAX_GAP + 1]; MAX_GAP + 1];
    let mut best: Option<(usize, usize, usize)> = None;
    for p in 1..=x.len() {
        for q in 1..=y.len() {
            let matched = x[p - 1] == y[q - 1];
            let here = if matched {
                common[p - 1][q - 1] + 1
            } else {
                common[p - 1][q].max(common[p][q - 1])
            };
            common[p][q] = here;
            let here = usize::from(here);
            let good = matched
                && p > 1
                && q > 1
                && x[p - 2] == y[q - 2]
                && here >= 3
                && 3 * here >= 2 * p.max(q);
            if good && best.is_none_or(|(_, _, m)| here > m) {
                best = Some((p, q, here));
            }
        }
    }
    best
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

    /// [`passages`], with no word set apart in either article.
    fn passages_of(seeds: &[Seed], n: usize, a: &Words, b: &Words) -> Vec<SharedPassage> {
        let (none_a, none_b) = (vec![false; a.len()], vec![false; b.len()]);
        passages(seeds, n, a, b, [&none_a, &none_b])
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
        let found = passages_of(&seeds, 8, &a, &b);
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
        let found = passages_of(&seeds, 8, &a, &b);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].words, 8 + 16 + 8);
        // Nothing in common over the same gap: two passages.
        let c = text("uno dos tres cuatro cinco seis siete ocho nueve diez once doce");
        assert_eq!(passages_of(&seeds, 8, &a, &c).len(), 2);
    }

    #[test]
    fn a_passage_said_twice_in_one_article_is_counted_once() {
        let (a, b) = (distinct("x", 60), distinct("y", 60));
        // Words 0..20 of the first are words 0..20 of the second; words 5..13 of the first
        // come again at 40..48 of the second, and at 22..30 (close by, but behind on the
        // first's side): neither is a second passage, nor joins the first.
        let mut seeds: Vec<Seed> = (0..=12).map(|k| seed(k, k)).collect();
        seeds.extend([seed(5, 40), seed(5, 22)]);
        seeds.sort();
        let found = passages_of(&seeds, 8, &a, &b);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].words, 20);
        assert_eq!(
            found[0].sides[1].range,
            a.spans[0].0 as usize..b.spans[19].1 as usize
        );
    }

    #[test]
    fn a_passage_that_overlaps_a_longer_one_at_an_end_loses_only_those_words() {
        let chain = |a: Range<usize>, b: Range<usize>| Chain {
            covered: (a.len(), b.len()),
            last: (a.start, b.start),
            aligned: 0,
            a,
            b,
        };
        let longer = chain(0..30, 50..80);
        // Its first two words on the first side are the longer one's last two.
        let mut moved = chain(28..50, 10..32);
        assert!(trim(&mut moved, &longer));
        assert_eq!(
            (moved.a.clone(), moved.b.clone(), moved.words()),
            (30..50, 12..32, 20)
        );
        // One that lies around the longer one on a side cannot be trimmed.
        let mut around = chain(20..90, 0..70);
        assert!(!trim(&mut around, &chain(40..50, 100..110)));
    }

    #[test]
    fn edges_are_extended_across_a_changed_word() {
        let a = Words::of_text(
            "engineers ordered the dam reservoir to be lowered after an inspection found cracks in the wall",
        );
        let b = Words::of_text(
            "engineers ordered the dam lake to be lowered after inspectors found cracks in the wall",
        );
        // The one seed: "found cracks in the wall" is too short, so say words 11.. and 10..
        // are a run of five, as a seed of five words.
        let found = passages_of(
            &[Seed {
                a: 0,
                b: 1,
                i: 11,
                j: 10,
            }],
            5,
            &a,
            &b,
        );
        assert_eq!(found.len(), 1);
        // Back across "an inspection" / "inspectors" and "reservoir" / "lake", to the start.
        assert_eq!(found[0].sides[0].range.start, 0);
        assert_eq!(found[0].sides[1].range.start, 0);
        assert_eq!(found[0].words, 5 + 8);

        // Not into a word set apart (a byline): the extension stops before it.
        let mut apart = vec![false; a.len()];
        apart[1] = true;
        let seed = [Seed {
            a: 0,
            b: 1,
            i: 11,
            j: 10,
        }];
        let found = passages(&seed, 5, &a, &b, [&apart, &vec![false; b.len()]]);
        assert_eq!(found[0].sides[0].range.start, a.spans[2].0 as usize);
    }
}
