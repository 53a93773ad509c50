//! What makes a run of words boilerplate rather than a sign of a common text: words that
//! are not its own. A seed must have at least [`CONTENT_WORDS`] words that are none of
//! the language's function words (the NLTK lists, from the `stop-words` crate), the
//! newsroom's vocabulary of attribution, days and months ([`NEWS_WORDS`]), the words of its
//! stock phrases ([`STOCK_PHRASES`]), and an article's byline and dateline. "said in a statement on Monday that
//! the" has none; "the Harbour Bridge will close to all traffic" has four.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::grams::BuildIdentity;
use super::words::Words;

/// The fewest words of its own a run of [`SEED_WORDS`](super::SEED_WORDS) words needs to
/// be a seed.
pub const CONTENT_WORDS: usize = 3;

/// Phrases every newsroom writes, which two unrelated reports share by habit: asking for
/// comment, attribution, credits and footers, standing notices. Their words are not a run's
/// own, so a fragment ("seeking comment") covers the many phrasings around it. Matched as
/// words, without case or punctuation ("n'a pas" is "n a pas").
pub const STOCK_PHRASES: &[&str] = &[
    // Asking for comment, and not getting it.
    "did not immediately",
    "immediately respond",
    "immediately return",
    "immediately reply",
    "did not respond",
    "did not return",
    "did not reply",
    "respond to a request",
    "respond to requests",
    "request for comment",
    "requests for comment",
    "an email seeking comment",
    "messages seeking comment",
    "seeking comment",
    "could not be reached",
    "could not immediately be reached",
    "reached for comment",
    "declined to comment",
    "declined to elaborate",
    "no immediate comment",
    // Attribution.
    "said in a statement",
    "in a statement",
    "according to a statement",
    "statement posted on",
    "posted on social media",
    "on social media",
    "told reporters",
    "in an interview with",
    "said in an interview",
    "told the associated press",
    "told reuters",
    "spoke on condition of anonymity",
    "speaking on condition of anonymity",
    "on condition of anonymity",
    "not authorized to speak publicly",
    "not authorised to speak publicly",
    "not authorized to discuss",
    "not authorised to discuss",
    "to speak publicly",
    "to discuss the matter",
    "familiar with the matter",
    "not able to independently verify",
    "could not independently verify",
    "independently verify",
    "independently confirm",
    "une enquête a été ouverte",
    "pour déterminer les causes",
    "les causes du sinistre",
    "a spokesperson for the",
    "a spokesman for the",
    "a spokeswoman for the",
    // Bylines, credits and footers.
    "contributed to this report",
    "contributed reporting",
    "additional reporting by",
    "reporting by",
    "editing by",
    "writing by",
    "our standards",
    "the thomson reuters trust principles",
    "all rights reserved",
    "copyright",
    "this material may not be published broadcast rewritten or redistributed",
    "without permission",
    "originally appeared on",
    "originally published",
    "republished with permission",
    "republished here with permission",
    "receives support from",
    "is solely responsible for all content",
    "this is a developing story",
    "this story has been updated",
    "will be updated",
    "has been updated",
    "updated at",
    "have a news tip",
    "sign up for",
    "sign up to",
    "our newsletter",
    "newsletter",
    "subscribe",
    "follow us on",
    "twitter facebook and instagram",
    "click here",
    "read more",
    "download our app",
    // Police and emergency notices.
    "the cause of the fire",
    "is under investigation",
    "anyone with information",
    "is asked to call",
    "crime stoppers",
    "if you or someone you know",
    "call or text",
    // French and German newsrooms' equivalents.
    "n a pas souhaité faire de commentaire",
    "n a pas répondu",
    "a t on appris",
    "de source proche du dossier",
    "dans un communiqué",
    "contacté par l afp",
    "contactée par l afp",
    "selon l afp",
    "auf anfrage",
    "teilte mit",
    "nach angaben",
    "hieß es",
];

/// Phrases that make the whole sentence they stand in boilerplate: credits, promotions,
/// copyright lines, standing notices. "Reporting by Anna Berg; editing by Tom Lund" is no
/// one's own text, names and all.
pub const FOOTER_PHRASES: &[&str] = &[
    "reporting by",
    "editing by",
    "writing by",
    "additional reporting",
    "contributed to this report",
    "contributed reporting",
    "sign up",
    "newsletter",
    "subscribe",
    "follow us",
    "copyright",
    "all rights reserved",
    "may not be published",
    "without permission",
    "originally appeared",
    "originally published",
    "republished",
    "our standards",
    "receives support from",
    "solely responsible",
    "this story has been updated",
    "developing story",
    "will be updated",
    "news tip",
    "click here",
    "read more",
    "download our app",
    "if you or someone you know",
    "anyone with information",
    "crime stoppers",
    "contact us",
    "tell us what you think",
    "letters desk",
    "write to us",
    "story continues below",
    "advertisement",
    "contributing",
    "an earlier version of this",
    "produced with support from",
    "support our journalism",
    "independent newsroom",
    "donate",
    "updated at",
    "last updated",
    "first published",
    "want more stories",
    "in your inbox",
];

/// Words of news prose that carry no subject of their own: attribution, titles, days and
/// months, in English, French and German (the wires' languages). Matched without case.
pub const NEWS_WORDS: &[&str] = &[
    // English.
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
    "am",
    "pm",
    "et",
    "gmt",
    "utc",
    // The words around attribution and comment.
    "statement",
    "comment",
    "email",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "official",
    "officials",
    "reporters",
    "people",
    "familiar",
    "matter",
    "anonymity",
    "authorized",
    "authorised",
    "discuss",
    "speak",
    "publicly",
    "ongoing",
    "internal",
    "deliberations",
    "latest",
    "updates",
    // French.
    "déclaré",
    "indiqué",
    "précisé",
    "affirmé",
    "souligné",
    "expliqué",
    "ajouté",
    "selon",
    "lundi",
    "mardi",
    "mercredi",
    "jeudi",
    "vendredi",
    "samedi",
    "dimanche",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "m",
    "mme",
    // German.
    "sagte",
    "erklärte",
    "teilte",
    "laut",
    "montag",
    "dienstag",
    "mittwoch",
    "donnerstag",
    "freitag",
    "samstag",
    "sonntag",
    "januar",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "dezember",
];

/// The words of each stock phrase and footer phrase, sorted by the hash of the first, and
/// whether it is a footer's.
static STOCK: LazyLock<Vec<(u64, Vec<u64>, bool)>> = LazyLock::new(|| {
    let mut phrases: Vec<(u64, Vec<u64>, bool)> = STOCK_PHRASES
        .iter()
        .map(|phrase| (phrase, false))
        .chain(FOOTER_PHRASES.iter().map(|phrase| (phrase, true)))
        .map(|(phrase, footer)| {
            let words = Words::of_text(phrase);
            (words.hashes[0], words.hashes, footer)
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
    /// phrase, not set `apart` (see [`set_apart`]: a byline, a dateline), and neither
    /// function words nor news words.
    pub fn content_counts(&self, words: &Words, apart: &[bool]) -> Vec<u32> {
        let mut common: Vec<bool> = words
            .hashes
            .iter()
            .zip(apart)
            .map(|(hash, &apart)| apart || self.common.contains(hash))
            .collect();
        let mut sentence_start = 0;
        for (at, &hash) in words.hashes.iter().enumerate() {
            let from = STOCK.partition_point(|(first, _, _)| *first < hash);
            for (_, phrase, footer) in STOCK[from..]
                .iter()
                .take_while(|(first, _, _)| *first == hash)
            {
                if !words.hashes[at..].starts_with(phrase) {
                    continue;
                }
                if *footer {
                    let end = at
                        + words.ends_sentence[at..]
                            .iter()
                            .position(|&ends| ends)
                            .map_or(words.len() - at, |k| k + 1);
                    common[sentence_start..end].fill(true);
                } else {
                    common[at..at + phrase.len()].fill(true);
                }
            }
            if words.ends_sentence[at] {
                sentence_start = at + 1;
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

/// Which words of `words` lie in one of `excluded` (byte ranges: a byline, a dateline).
pub fn set_apart(words: &Words, excluded: &[std::ops::Range<usize>]) -> Vec<bool> {
    words
        .spans
        .iter()
        .map(|span| {
            excluded
                .iter()
                .any(|r| r.start <= span.0 as usize && span.1 as usize <= r.end)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own_words(text: &str, language: &str) -> u32 {
        let words = Words::of_text(text);
        *Boilerplate::new(language)
            .content_counts(&words, &vec![false; words.len()])
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
        // Fragments cover the phrasings around them; a byline is nobody's own.
        assert_eq!(
            own_words(
                "did not immediately respond to an email seeking comment",
                "en"
            ),
            0
        );
        let byline = Words::of_text("By Jane Doe and John Roe");
        let whole_line = 0..24;
        let apart = set_apart(&byline, std::slice::from_ref(&whole_line));
        let counts = Boilerplate::new("en").content_counts(&byline, &apart);
        assert_eq!(counts.last(), Some(&0));
        // A credit or a promotion is boilerplate, sentence and all.
        assert_eq!(
            own_words("Reporting by Anna Berg; editing by Tom Lund.", "en"),
            0
        );
        assert_eq!(
            own_words(
                "Sign up for our morning newsletter to get the day's news first. Bridge closed",
                "en"
            ),
            2
        );
        // A language the lists lack falls back on English's.
        assert_eq!(own_words("the bridge", "xx"), 1);
    }
}
