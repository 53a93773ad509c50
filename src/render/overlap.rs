//! Which ranges cover which part of a text, found in one sweep rather than by testing every
//! range each time: an article of a million characters in one paragraph, or with a hundred
//! thousand mentions, renders in time that grows with its size, not with its square.

use std::collections::BTreeSet;
use std::ops::Range;

/// The ranges (highlights) that overlap each of a series of spans of the text, asked for in
/// text order, as an article's leaves are rendered.
pub struct Overlaps<'a> {
    ranges: Vec<&'a Range<usize>>,
    /// Indices into `ranges`, by start.
    by_start: Vec<usize>,
    /// How many of `by_start` have been taken into `active`.
    next: usize,
    /// Ranges that started before the last span asked for ended, by end.
    active: BTreeSet<(usize, usize)>,
    last_start: usize,
}

impl<'a> Overlaps<'a> {
    pub fn new(ranges: impl Iterator<Item = &'a Range<usize>>) -> Overlaps<'a> {
        let ranges: Vec<&Range<usize>> = ranges.collect();
        let mut by_start: Vec<usize> = (0..ranges.len()).collect();
        by_start.sort_by_key(|&i| ranges[i].start);
        Overlaps {
            ranges,
            by_start,
            next: 0,
            active: BTreeSet::new(),
            last_start: 0,
        }
    }

    /// The indices of the ranges that overlap `span`, in no particular order. Spans asked
    /// for in text order cost only what they find; one that goes back starts the sweep again.
    pub fn of(&mut self, span: &Range<usize>) -> Vec<usize> {
        if span.start < self.last_start {
            self.next = 0;
            self.active.clear();
        }
        self.last_start = span.start;
        while let Some(&i) = self.by_start.get(self.next) {
            if self.ranges[i].start >= span.end {
                break;
            }
            self.active.insert((self.ranges[i].end, i));
            self.next += 1;
        }
        while let Some(&(end, _)) = self.active.first() {
            if end > span.start {
                break;
            }
            self.active.pop_first();
        }
        self.active
            .iter()
            .map(|&(_, i)| i)
            .filter(|&i| self.ranges[i].start < span.end)
            .collect()
    }
}

/// The elements covering each piece of a span cut at every element's boundary, piece after
/// piece: each element is taken in at its start and dropped at its end, once.
pub struct Cover<K: Ord + Copy> {
    /// (start, key) and (end, key) of every element, clamped to the span, each sorted.
    starts: Vec<(usize, K)>,
    ends: Vec<(usize, K)>,
    next_start: usize,
    next_end: usize,
    active: BTreeSet<K>,
}

impl<K: Ord + Copy> Cover<K> {
    /// `elements` are (range, key); the key orders the covering elements.
    pub fn new(span: &Range<usize>, elements: impl Iterator<Item = (Range<usize>, K)>) -> Self {
        let mut starts = Vec::new();
        let mut ends = Vec::new();
        for (range, key) in elements {
            starts.push((range.start.max(span.start), key));
            ends.push((range.end.min(span.end), key));
        }
        starts.sort_unstable();
        ends.sort_unstable();
        Cover {
            starts,
            ends,
            next_start: 0,
            next_end: 0,
            active: BTreeSet::new(),
        }
    }

    /// The elements that cover the piece starting at `from`, in key order. `from` must grow
    /// from one call to the next, and every element boundary must be the start of a piece.
    pub fn at(&mut self, from: usize) -> impl Iterator<Item = K> + '_ {
        while let Some(&(start, key)) = self.starts.get(self.next_start) {
            if start > from {
                break;
            }
            self.active.insert(key);
            self.next_start += 1;
        }
        while let Some(&(end, key)) = self.ends.get(self.next_end) {
            if end > from {
                break;
            }
            self.active.remove(&key);
            self.next_end += 1;
        }
        self.active.iter().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlaps_match_testing_every_range() {
        let ranges = [0..5, 3..9, 10..12, 2..30, 12..12, 15..20];
        let mut overlaps = Overlaps::new(ranges.iter());
        for span in [0..2, 2..4, 4..11, 11..13, 13..16, 16..40, 1..3] {
            let mut found = overlaps.of(&span);
            found.sort_unstable();
            let expected: Vec<usize> = (0..ranges.len())
                .filter(|&i| ranges[i].start < span.end && span.start < ranges[i].end)
                .collect();
            assert_eq!(found, expected, "{span:?}");
        }
    }

    #[test]
    fn cover_matches_testing_every_element() {
        let span = 2..20;
        let elements = [
            (0..6, 'a'),
            (4..8, 'b'),
            (6..6, 'c'),
            (8..25, 'd'),
            (2..20, 'e'),
        ];
        let mut cuts: Vec<usize> = vec![span.start, span.end];
        for (range, _) in &elements {
            cuts.extend([range.start.max(span.start), range.end.min(span.end)]);
        }
        cuts.sort_unstable();
        cuts.dedup();
        let mut cover = Cover::new(&span, elements.iter().cloned());
        for piece in cuts.windows(2) {
            let (from, to) = (piece[0], piece[1]);
            let found: Vec<char> = cover.at(from).collect();
            let mut expected: Vec<char> = elements
                .iter()
                .filter(|(r, _)| r.start <= from && to <= r.end)
                .map(|&(_, k)| k)
                .collect();
            expected.sort_unstable();
            assert_eq!(found, expected, "{from}..{to}");
        }
    }
}
