//! Anchoring: finding each quote, and each person's aliases, in an article's text.
//!
//! Every alias of every person is compiled once into one Aho-Corasick automaton, and each
//! article's text is scanned once with it. An article's own quotes are looked for in the same
//! text apart: one automaton of every quote of the dossier would have to be built again
//! whenever any quote changes (at 20,000 claims that takes longer than anchoring every
//! article), and the split lets `serve` keep each article's results until its own text, its
//! quotes or the people change. Work is linear in the text times the article's own quotes
//! (a handful), never annotations × articles.
//!
//! Everything is compared in folded form (see [`fold`](super::fold)) and mapped back to the
//! original text. A quote must select exactly one place: no match, or several that its prefix
//! and suffix do not tell apart, is an error; a quote is never moved to a lookalike.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::fold::{Folded, fold};

/// One quote to place in an article, in folded form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteRequest {
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

impl QuoteRequest {
    /// Folds the strings as written in an annotation.
    pub fn new(quote: &str, prefix: Option<&str>, suffix: Option<&str>) -> QuoteRequest {
        QuoteRequest {
            quote: fold(quote).trim().to_string(),
            prefix: prefix.map(fold).filter(|p| !p.trim().is_empty()),
            suffix: suffix.map(fold).filter(|s| !s.trim().is_empty()),
        }
    }
}

/// Why a quote could not be placed.
#[derive(Debug, Clone, PartialEq)]
pub enum AnchorError {
    Empty,
    /// No match; `hint` is a passage that nearly matches, if one was found.
    NotFound {
        hint: Option<String>,
    },
    /// Several matches; each with its context and a prefix that would select it.
    Ambiguous {
        places: Vec<AmbiguousPlace>,
    },
}

/// One of the places an ambiguous quote matches.
#[derive(Debug, Clone, PartialEq)]
pub struct AmbiguousPlace {
    /// The match in its sentence, the match itself in brackets.
    pub context: String,
    /// What to add to the anchor to select this place: `prefix: "..."` or `suffix: "..."`.
    pub choose: String,
}

/// Every alias of every person, compiled once into one automaton for the whole dossier.
#[derive(Debug)]
pub struct AliasMatcher {
    /// The (folded alias, person) pairs it was made from.
    aliases: Vec<(String, usize)>,
    automaton: Option<AhoCorasick>,
    /// For each pattern: the person, and the alias's index in `aliases`.
    owner: Vec<(usize, usize)>,
}

/// A place where one of a person's names occurs.
#[derive(Debug, Clone, PartialEq)]
pub struct AliasMatch {
    /// The range in the original text.
    pub range: Range<usize>,
    pub person: usize,
    /// The alias's index in the list given to [`AliasMatcher::new`].
    pub alias: usize,
}

/// The result of placing one quote: a range of the original text.
pub type Placed = Result<Range<usize>, AnchorError>;

impl AliasMatcher {
    /// `aliases` are (folded alias, person) pairs, each alias once.
    pub fn new(aliases: &[(String, usize)]) -> AliasMatcher {
        let mut patterns: Vec<&str> = Vec::new();
        let mut owner = Vec::new();
        for (number, (alias, person)) in aliases.iter().enumerate() {
            if !alias.is_empty() {
                patterns.push(alias);
                owner.push((*person, number));
            }
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .expect("the automaton of aliases stays within its size limits")
        });
        AliasMatcher {
            aliases: aliases.to_vec(),
            automaton,
            owner,
        }
    }

    /// The aliases it was made from.
    pub fn aliases(&self) -> &[(String, usize)] {
        &self.aliases
    }

    /// Every whole-word alias match in `folded`, leftmost-longest and non-overlapping.
    pub fn find(&self, folded: &Folded) -> Vec<AliasMatch> {
        let text = folded.text.as_str();
        let mut found: Vec<(usize, usize, (usize, usize))> = Vec::new();
        if let Some(automaton) = &self.automaton {
            // All matches are kept, because the longest match at a place may fail the word
            // check (`Sessionsville`) where a shorter one would not.
            for m in automaton.find_overlapping_iter(text) {
                if folded.is_boundary(m.start())
                    && folded.is_boundary(m.end())
                    && is_whole_word(text, m.start(), m.end())
                {
                    found.push((m.start(), m.end(), self.owner[m.pattern().as_usize()]));
                }
            }
        }
        found.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut mentions = Vec::new();
        let mut covered_to = 0;
        for (start, end, (person, alias)) in found {
            if start >= covered_to {
                mentions.push(AliasMatch {
                    range: folded.original_range(start, end),
                    person,
                    alias,
                });
                covered_to = end;
            }
        }
        mentions
    }
}

/// Places each of an article's quotes in its folded text: one result per request, in order.
/// An article has a handful of quotes, each a phrase or more, so each is looked for on its
/// own with a SIMD substring search; building an automaton for so few costs more than it saves.
pub fn place_quotes(folded: &Folded, requests: &[QuoteRequest]) -> Vec<Placed> {
    let text = folded.text.as_bytes();
    let mut found: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    requests
        .iter()
        .map(|request| {
            let all = found
                .entry(request.quote.as_str())
                .or_insert_with(|| occurrences(folded, text, &request.quote));
            place(folded, request, all)
        })
        .collect()
}

/// Every occurrence of `quote` in the folded text, overlapping ones included (`aa` occurs
/// twice in `aaa`), that begins and ends between characters of the original.
pub(crate) fn occurrences(folded: &Folded, text: &[u8], quote: &str) -> Vec<(usize, usize)> {
    let mut all = Vec::new();
    if quote.is_empty() {
        return all;
    }
    let finder = memchr::memmem::Finder::new(quote.as_bytes());
    let mut from = 0;
    while let Some(at) = finder.find(&text[from..]) {
        let (start, end) = (from + at, from + at + quote.len());
        if folded.is_boundary(start) && folded.is_boundary(end) {
            all.push((start, end));
        }
        from = start + 1;
    }
    all
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when the match is not part of a longer word. A possessive `'s` may follow, since
/// the apostrophe is not a word character.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
}

/// Chooses the one occurrence of a quote that its prefix and suffix allow.
fn place(
    folded: &Folded,
    request: &QuoteRequest,
    all: &[(usize, usize)],
) -> Result<Range<usize>, AnchorError> {
    let text = folded.text.as_str();
    if request.quote.is_empty() {
        return Err(AnchorError::Empty);
    }
    let selected: Vec<(usize, usize)> = all
        .iter()
        .copied()
        .filter(|&(start, end)| fits_context(text, start, end, request))
        .collect();
    match selected.as_slice() {
        [(start, end)] => Ok(folded.original_range(*start, *end)),
        [] if all.is_empty() => Err(AnchorError::NotFound {
            hint: near_miss(text, &request.quote),
        }),
        [] => Err(AnchorError::NotFound {
            hint: Some(format!(
                "the quote occurs {} time{}, but never with this prefix/suffix: {}",
                all.len(),
                if all.len() == 1 { "" } else { "s" },
                all.iter()
                    .map(|&(s, e)| format!("\"{}\"", context(text, s, e)))
                    .collect::<Vec<_>>()
                    .join("; ")
            )),
        }),
        many => Err(AnchorError::Ambiguous {
            places: many
                .iter()
                .map(|&(start, end)| AmbiguousPlace {
                    context: context(text, start, end),
                    choose: choose(text, request, many, (start, end)),
                })
                .collect(),
        }),
    }
}

/// Prefix and suffix must stand right before and after the quote; white space at the seam is
/// not significant (`prefix: "honest man."` selects "honest man. He ...").
fn fits_context(text: &str, start: usize, end: usize, request: &QuoteRequest) -> bool {
    let prefix_fits = request
        .prefix
        .as_deref()
        .is_none_or(|prefix| text[..start].trim_end().ends_with(prefix.trim_end()));
    let suffix_fits = request
        .suffix
        .as_deref()
        .is_none_or(|suffix| text[end..].trim_start().starts_with(suffix.trim_start()));
    prefix_fits && suffix_fits
}

/// The match with up to 40 characters on either side, cut at word boundaries.
fn context(text: &str, start: usize, end: usize) -> String {
    let before = &text[..start];
    let mut from = before.char_indices().rev().nth(39).map_or(0, |(i, _)| i);
    if from > 0 {
        from = before[from..]
            .find(' ')
            .map_or(from, |space| from + space + 1);
    }
    let after = &text[end..];
    let mut to = after.char_indices().nth(40).map_or(after.len(), |(i, _)| i);
    if to < after.len() {
        to = after[..to].rfind(' ').unwrap_or(to);
    }
    format!(
        "{}{}[{}]{}{}",
        if from > 0 { "..." } else { "" },
        &before[from..],
        &text[start..end],
        &after[..to],
        if to < after.len() { "..." } else { "" }
    )
}

/// What tells one place of a repeated quote from the others: the words right before it, or
/// the words right after it (in folded text, with the space at the seam).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Context {
    Prefix(String),
    Suffix(String),
}

/// The shortest prefix (or, at equal length in words, suffix) of whole words, at most eight,
/// that selects `this` among `places` of a quote in folded `text`; `None` when eight words
/// on either side do not tell it apart. The anchors `dossier serve` writes are these.
pub fn distinguishing_context(
    text: &str,
    places: &[(usize, usize)],
    this: (usize, usize),
) -> Option<Context> {
    let others = || places.iter().filter(move |&&place| place != this);
    // A word, not just punctuation, makes a prefix or suffix someone can read.
    let has_word = |s: &str| s.chars().any(char::is_alphanumeric);
    for count in 1..=8 {
        let prefix = words_before(text, this.0, count);
        let wanted = prefix.trim_end();
        if has_word(wanted)
            && others().all(|&(start, _)| !text[..start].trim_end().ends_with(wanted))
        {
            return Some(Context::Prefix(prefix));
        }
        let suffix = words_after(text, this.1, count);
        let wanted = suffix.trim_start();
        if has_word(wanted)
            && others().all(|&(_, end)| !text[end..].trim_start().starts_with(wanted))
        {
            return Some(Context::Suffix(suffix));
        }
    }
    None
}

/// The shortest prefix (or, failing that, suffix) of whole words that selects `this` among
/// `places`, written as it would go in the anchor.
fn choose(
    text: &str,
    request: &QuoteRequest,
    places: &[(usize, usize)],
    this: (usize, usize),
) -> String {
    match distinguishing_context(text, places, this) {
        Some(Context::Prefix(prefix)) => format!("prefix: {}", yaml_string(&prefix)),
        Some(Context::Suffix(suffix)) => format!("suffix: {}", yaml_string(&suffix)),
        // Identical surroundings for eight words: a longer quote is the only way.
        None => format!("quote more of the passage than \"{}\"", request.quote),
    }
}

/// A string as it can be pasted into a YAML flow mapping.
pub(crate) fn yaml_string(text: &str) -> String {
    if text.contains('"') && !text.contains('\'') {
        format!("'{text}'")
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The `count` words before `start`, with the space that separates them from the quote.
fn words_before(text: &str, start: usize, count: usize) -> String {
    let before = &text[..start];
    let trimmed = before.trim_end();
    let from = trimmed
        .rmatch_indices(' ')
        .nth(count - 1)
        .map_or(0, |(i, _)| i + 1);
    before[from..].to_string()
}

/// The `count` words after `end`, with the space that separates them from the quote.
fn words_after(text: &str, end: usize, count: usize) -> String {
    let after = &text[end..];
    let skip = after.len() - after.trim_start().len();
    let to = after[skip..]
        .match_indices(' ')
        .nth(count - 1)
        .map_or(after.len(), |(i, _)| skip + i);
    after[..to].to_string()
}

/// Passages close to a quote that matches nowhere, as a "did you mean".
fn near_miss(text: &str, quote: &str) -> Option<String> {
    let near = super::nearest::nearest(text, quote, 3);
    if near.is_empty() {
        return None;
    }
    let passages: Vec<String> = near
        .into_iter()
        .map(|near| {
            let passage = &text[near.range];
            if passage.to_lowercase() == quote.to_lowercase() {
                format!("\"{passage}\" (the capitals differ)")
            } else {
                format!("\"{passage}\"")
            }
        })
        .collect();
    Some(format!("did you mean {}?", passages.join(" or ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(
        text: &str,
        quote: &str,
        prefix: Option<&str>,
        suffix: Option<&str>,
    ) -> Result<String, AnchorError> {
        let folded = Folded::new(text);
        let request = QuoteRequest::new(quote, prefix, suffix);
        place_quotes(&folded, &[request])
            .remove(0)
            .map(|range| text[range].to_string())
    }

    #[test]
    fn a_quote_matches_across_typographic_variants_and_line_breaks() {
        let text = "Trump\u{2019}s Attorney General said \u{201C}total\u{201D}\nconfidence";
        assert_eq!(
            place(text, "Trump's Attorney", None, None).unwrap(),
            "Trump\u{2019}s Attorney"
        );
        assert_eq!(
            place(text, "said \"total\" confidence", None, None).unwrap(),
            "said \u{201C}total\u{201D}\nconfidence"
        );
    }

    #[test]
    fn matching_is_case_sensitive_and_says_so() {
        let error = place("The Attorney General", "the attorney general", None, None).unwrap_err();
        let AnchorError::NotFound { hint: Some(hint) } = error else {
            panic!("{error:?}")
        };
        assert!(
            hint.contains("did you mean \"The Attorney General\" (the capitals differ)?"),
            "{hint}"
        );
    }

    #[test]
    fn repeats_are_errors_until_prefix_or_suffix_choose_one() {
        let text = "a total witch hunt. Then a total witch hunt!";
        let error = place(text, "total witch hunt", None, None).unwrap_err();
        let AnchorError::Ambiguous { places } = error else {
            panic!("{error:?}")
        };
        assert_eq!(places.len(), 2);
        assert_eq!(places[0].choose, "suffix: \". Then\"");
        assert_eq!(places[1].choose, "prefix: \"Then a \"");
        let text2 = place(text, "total witch hunt", Some("Then a "), None).unwrap();
        assert_eq!(text2, "total witch hunt");
        assert!(place(text, "witch hunt", None, Some("!")).is_ok());
        assert!(place(text, "witch hunt", Some("Then a total"), None).is_ok());
        let none = place(text, "witch hunt", Some("nowhere"), None).unwrap_err();
        assert!(matches!(none, AnchorError::NotFound { hint: Some(_) }));
    }

    #[test]
    fn overlapping_repeats_count_as_repeats() {
        assert!(matches!(
            place("aaa", "aa", None, None),
            Err(AnchorError::Ambiguous { .. })
        ));
    }

    #[test]
    fn empty_and_missing_quotes_are_errors() {
        assert_eq!(place("text", "  ", None, None), Err(AnchorError::Empty));
        assert!(matches!(
            place("text", "other", None, None),
            Err(AnchorError::NotFound { .. })
        ));
    }

    #[test]
    fn aliases_match_whole_words_longest_first_with_possessives() {
        let matcher = AliasMatcher::new(&[
            ("Sessions".into(), 0),
            ("Jeff Sessions".into(), 0),
            ("Trump".into(), 1),
            ("Mr Trump".into(), 1),
        ]);
        let text =
            "Jeff Sessions met Sessionsville's mayor; Mr Trump's aide and Trumpism. Sessions's";
        let found: Vec<(&str, usize)> = matcher
            .find(&Folded::new(text))
            .into_iter()
            .map(|m| (&text[m.range], m.person))
            .collect();
        assert_eq!(
            found,
            vec![("Jeff Sessions", 0), ("Mr Trump", 1), ("Sessions", 0)]
        );
    }

    #[test]
    fn quotes_match_the_text_a_reader_sees_in_markdown_and_crlf_files() {
        let source = crate::load::article::decode(
            b"Mayor *Lena Ortiz* said the\r\n**budget** [cuts no](https://x.org) services.\r\n",
            "a.md",
        )
        .unwrap();
        let article = crate::load::markdown::parse(&source);
        let folded = Folded::new(&article.text);
        let request = QuoteRequest::new("Lena Ortiz said the budget cuts no services", None, None);
        let range = place_quotes(&folded, &[request]).remove(0).unwrap();
        assert_eq!(
            &article.text[range],
            "Lena Ortiz said the\nbudget cuts no services"
        );
    }
}
