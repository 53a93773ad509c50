//! "Did you mean" suggestions for misspelt names and ids.

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    closest_n(word, candidates, 1).into_iter().next()
}

/// Up to `n` candidates close to `word`, best first.
pub fn closest_n<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    n: usize,
) -> Vec<&'a str> {
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::normalized_damerau_levenshtein(word, candidate),
                candidate,
            )
        })
        .filter(|(score, candidate)| *score >= 0.6 || (candidate.contains(word) && word.len() >= 3))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(n).map(|(_, c)| c).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_ignores_unrelated_names() {
        let fields = ["id", "statement", "claimant", "rating"];
        assert_eq!(closest("claimaint", fields), Some("claimant"));
        assert_eq!(closest("ratnig", fields), Some("rating"));
        assert_eq!(closest("zzz", fields), None);
        let ids = ["jeff-sessions", "donald-trump", "sergey-kislyak"];
        assert_eq!(closest("sessions", ids), Some("jeff-sessions"));
    }
}
