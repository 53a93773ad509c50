//! "Did you mean": the passages of an article closest to a quote that matches nowhere.
//!
//! Approximate search with Myers' bit-parallel edit distance (Myers 1999, in Hyyrö's
//! formulation): one pass over the text per quote, 64 pattern bytes at a time, so the time is
//! linear in the article however wrong the quote is. Used only when a quote fails, so it
//! costs nothing on a clean build.

use std::ops::Range;

/// Longest pattern handled in one machine word; longer quotes are searched by their opening
/// and closing 64 bytes.
const WORD: usize = 64;

/// A passage close to the quote: its range in the searched text and its edit distance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Near {
    pub range: Range<usize>,
    pub distance: usize,
}

/// Up to `limit` passages of `text` within a quarter of the quote's length in edits, best
/// first, not overlapping. Both strings are folded text.
pub fn nearest(text: &str, quote: &str, limit: usize) -> Vec<Near> {
    let (text_bytes, quote_bytes) = (text.as_bytes(), quote.as_bytes());
    if quote_bytes.is_empty() || text_bytes.is_empty() {
        return Vec::new();
    }
    let max_distance = (quote_bytes.len() / 4).max(1);
    let mut found: Vec<Near> = Vec::new();
    let head = &quote_bytes[..quote_bytes.len().min(WORD)];
    for (end, distance) in ends_within(text_bytes, head, max_distance) {
        let start = best_start(text_bytes, head, end);
        // The rest of a long quote is assumed to follow the head.
        let stop = (start + quote_bytes.len()).min(text_bytes.len()).max(end);
        found.push(Near {
            range: start..stop,
            distance,
        });
    }
    if quote_bytes.len() > WORD {
        let tail = &quote_bytes[quote_bytes.len() - WORD..];
        for (end, distance) in ends_within(text_bytes, tail, max_distance) {
            let start = end.saturating_sub(quote_bytes.len());
            found.push(Near {
                range: start..end,
                distance,
            });
        }
    }
    found.sort_by_key(|near| (near.distance, near.range.start));
    let mut chosen: Vec<Near> = Vec::new();
    for near in found {
        let near = snap_to_chars(text, near);
        if chosen.len() < limit
            && !chosen
                .iter()
                .any(|c| c.range.start < near.range.end && near.range.start < c.range.end)
        {
            chosen.push(near);
        }
    }
    chosen
}

fn snap_to_chars(text: &str, near: Near) -> Near {
    let mut start = near.range.start;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = near.range.end;
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Near {
        range: start..end,
        distance: near.distance,
    }
}

/// The ends (exclusive) of the substrings of `text` closest to `pattern`, each a local
/// minimum of the edit distance and at most `max_distance` (`pattern.len() <= 64`).
fn ends_within(text: &[u8], pattern: &[u8], max_distance: usize) -> Vec<(usize, usize)> {
    let m = pattern.len();
    let mut peq = [0u64; 256];
    for (i, &byte) in pattern.iter().enumerate() {
        peq[usize::from(byte)] |= 1 << i;
    }
    let high = 1u64 << (m - 1);
    let (mut pv, mut mv) = (if m == WORD { u64::MAX } else { (1u64 << m) - 1 }, 0u64);
    let mut score = m;
    let mut scores = Vec::with_capacity(text.len());
    for &byte in text {
        let eq = peq[usize::from(byte)];
        let xv = eq | mv;
        let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
        let mut ph = mv | !(xh | pv);
        let mut mh = pv & xh;
        if ph & high != 0 {
            score += 1;
        } else if mh & high != 0 {
            score -= 1;
        }
        // Search, not comparison: a match may start anywhere, so no carry into bit 0.
        ph <<= 1;
        mh <<= 1;
        pv = mh | !(xv | ph);
        mv = ph & xv;
        scores.push(score);
    }
    (0..scores.len())
        .filter(|&j| {
            scores[j] <= max_distance
                && (j == 0 || scores[j - 1] > scores[j])
                && (j + 1 == scores.len() || scores[j + 1] >= scores[j])
        })
        .map(|j| (j + 1, scores[j]))
        .collect()
}

/// Where the best alignment of the whole `pattern` ending at `end` starts: a small dynamic
/// programme over the window before `end`.
fn best_start(text: &[u8], pattern: &[u8], end: usize) -> usize {
    let m = pattern.len();
    let from = end.saturating_sub(2 * m);
    let window = &text[from..end];
    // Align backwards: both reversed, the pattern must be used whole, the window need not.
    let w = window.len();
    let mut previous: Vec<usize> = (0..=m).collect();
    let mut best: (usize, usize) = (previous[m], 0);
    for j in 1..=w {
        let byte = window[w - j];
        let mut current = vec![0; m + 1];
        for i in 1..=m {
            let substitution = previous[i - 1] + usize::from(pattern[m - i] != byte);
            current[i] = substitution.min(previous[i] + 1).min(current[i - 1] + 1);
        }
        // Among equally close alignments, the one nearest the pattern's length reads best.
        let closer = j.abs_diff(m) < best.1.abs_diff(m);
        if current[m] < best.0 || (current[m] == best.0 && closer) {
            best = (current[m], j);
        }
        previous = current;
    }
    end - best.1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, quote: &str) -> Vec<String> {
        nearest(text, quote, 3)
            .into_iter()
            .map(|near| text[near.range].to_string())
            .collect()
    }

    #[test]
    fn finds_a_misspelt_quote() {
        let text = "Mr Sessions said he would recuse himself from any probe into the campaign.";
        assert_eq!(
            texts(text, "he would recuse himslf from any probe"),
            ["he would recuse himself from any probe"]
        );
        assert_eq!(texts(text, "he woud recuse"), ["he would recuse"]);
    }

    #[test]
    fn finds_a_quote_with_other_capitals() {
        let text = "He said the Attorney General should step down.";
        assert_eq!(
            texts(text, "the attorney general"),
            ["the Attorney General"]
        );
    }

    #[test]
    fn finds_long_quotes_by_their_ends() {
        let text = "Intro. These meetings took place at the height of what US intelligence officials claim was a Russian cyber-campaign to derail the presidential race. End.";
        let quote = "These meetings took place at the height of what US intelligence officals claim was a Russian cyber campaign to derail the presidential race";
        let found = texts(text, quote);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with("These meetings took place"),
            "{found:?}"
        );
    }

    #[test]
    fn nothing_is_suggested_for_an_unrelated_quote() {
        assert!(
            texts(
                "The council voted on Wednesday.",
                "completely different words here"
            )
            .is_empty()
        );
    }

    #[test]
    fn the_edit_distance_is_exact() {
        let ends = ends_within(b"abcdef", b"bxd", 2);
        assert_eq!(
            ends.iter().min_by_key(|(_, d)| *d),
            Some(&(4, 1)),
            "{ends:?}"
        );
        assert_eq!(ends_within(b"abcdef", b"cde", 0), vec![(5, 0)]);
    }
}
