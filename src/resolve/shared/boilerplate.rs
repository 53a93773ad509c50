//! What makes a run of words boilerplate rather than a sign of a common text: words that
//! are not its own. A seed must have at least [`CONTENT_WORDS`] words that are none of
//! the language's function words (the NLTK lists, from the `stop-words` crate), the
//! newsroom's vocabulary of attribution, days and months ([`NEWS_WORDS`], in English), and
//! the words of its stock phrases ([`STOCK_PHRASES`]). "said in a statement on Monday that
//! the" has none; "the Harbour Bridge will close to all traffic" has four.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::grams::BuildIdentity;
use super::words::Words;

/// The fewest words of its own a run of [`SEED_WORDS`](super::SEED_WORDS) words needs to
/// be a seed.
pub const CONTENT_WORDS: usize = 3;

/// Phrases every newsroom writes, which two unrelated reports share by habit. Their words
/// are not a run's own. Matched as words, without case.
pub const STOCK_PHRASES: &[&str] = &[
    "did not immediately respond to a request for comment",
    "did not immediately respond to requests for comment",
    "did not respond to a request for comment",
    "did not respond to requests for comment",
    "did not immediately return a request for comment",
    "did not return a request for comment",
    "did not immediately reply to a request for comment",
    "could not immediately be reached for comment",
    "could not be reached for comment",
    "declined to comment",
    "said in a statement",
    "according to a statement",
    "told reporters",
    "spoke on condition of anonymity",
    "speaking on condition of anonymity",
    "on condition of anonymity because",
    "not authorized to speak publicly",
    "not authorised to speak publicly",
    "not authorized to discuss",
    "not authorised to discuss",
    "contributed to this report",
    "contributed reporting",
    "all rights reserved",
    "this material may not be published broadcast rewritten or redistributed",
    "reporting by",
    "editing by",
    "writing by",
    "additional reporting by",
    "sign up for our newsletter",
    "follow us on",
    "click here",
    "read more",
];

/// Words of news prose that carry no subject of their own: attribution, titles, days and
/// months. Matched without case.
pub const NEWS_WORDS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "according",
    "asked",
    "also",
    "could",
    "would",
    "may",
    "might",
    "must",
    "mr",
    "mrs",
    "ms",
    "dr",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "today",
    "yesterday",
    "week",
    "year",
    "last",
    "next",
];

/// The words of each stock phrase, sorted by the hash of the first.
static STOCK: LazyLock<Vec<(u64, Vec<u64>)>> = LazyLock::new(|| {
    let mut phrases: Vec<(u64, Vec<u64>)> = STOCK_PHRASES
        .iter()
        .map(|phrase| {
            let words = Words::of_text(phrase);
            (words.hashes[0], words.hashes)
        })
        .collect();
    phrases.sort();
    phrases
});

/// The words that are not a run's own, for one language.
pub struct Boilerplate {
    /// Hashes of function words and news words.
    common: HashSet<u64, BuildIdentity>,
}

impl Boilerplate {
    /// For `language`, a BCP 47 tag: its primary language's function words when the
    /// `stop-words` crate has them, and the English news words and stock phrases always
    /// (English is the language of the wires most copy comes from).
    pub fn new(language: &str) -> Boilerplate {
        let primary = language
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let function_words = stop_words::lookup(&primary)
            .or_else(|| stop_words::lookup("en"))
            .unwrap_or_default();
        let common = function_words
            .iter()
            .chain(NEWS_WORDS)
            .flat_map(|word| Words::of_text(word).hashes)
            .collect();
        Boilerplate { common }
    }

    /// `counts[k]`: how many of the first `k` words of `words` are their own: in no stock
    /// phrase, and neither function words nor news words.
    pub fn content_counts(&self, words: &Words) -> Vec<u32> {
        let mut common: Vec<bool> = words
            .hashes
            .iter()
            .map(|hash| self.common.contains(hash))
            .collect();
        for (at, &hash) in words.hashes.iter().enumerate() {
            let from = STOCK.partition_point(|(first, _)| *first < hash);
            for (_, phrase) in STOCK[from..].iter().take_while(|(first, _)| *first == hash) {
                if words.hashes[at..].starts_with(phrase) {
                    common[at..at + phrase.len()].fill(true);
                }
            }
        }
        let mut counts = Vec::with_capacity(words.len() + 1);
        counts.push(0);
        for (k, is_common) in common.iter().enumerate() {
            counts.push(counts[k] + u32::from(!is_common));
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own_words(text: &str, language: &str) -> u32 {
        let words = Words::of_text(text);
        *Boilerplate::new(language)
            .content_counts(&words)
            .last()
            .unwrap()
    }

    #[test]
    fn stock_phrases_and_function_words_are_nobody_s_own() {
        assert_eq!(own_words("said in a statement on Monday that the", "en"), 0);
        assert_eq!(
            own_words(
                "The company did not immediately respond to a request for comment",
                "en-GB"
            ),
            1
        );
        assert_eq!(
            own_words("The Harbour Bridge will close to all traffic for", "en"),
            4
        );
        // French function words for a French dossier ("sera" among them).
        assert_eq!(own_words("le pont sera fermé pour les travaux", "fr"), 3);
        // A language the lists lack falls back on English's.
        assert_eq!(own_words("the bridge", "xx"), 1);
    }
}
