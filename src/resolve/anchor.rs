//! Anchoring: finding each quote, and each person's aliases, in an article's text.
//!
//! One Aho-Corasick automaton holds every quote of every article and every alias of every
//! person; it is built once, and each article's text is scanned once with it. Work is linear
//! in the text plus the matches, never annotations × articles. Everything is compared in folded form (see [`fold`](super::fold)) and mapped back
//! to the original text. A quote must select exactly one place: no match, or several that its
//! prefix and suffix do not tell apart, is an error; a quote is never moved to a lookalike.

use std::collections::HashMap;
use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

use super::fold::{Folded, fold};

/// One quote to place in an article, in folded form.
#[derive(Debug, Clone)]
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

/// Every quote of every article and every alias of every person, compiled once into one
/// automaton for the whole dossier.
pub struct Matcher {
    automaton: Option<AhoCorasick>,
    /// For each pattern that is an alias: the person, and the alias's index in the list given
    /// to [`Matcher::new`].
    alias_of: Vec<Option<(usize, usize)>>,
    /// The pattern of each distinct (folded) quote.
    quote_patterns: HashMap<String, usize>,
}

/// What one scan of an article found.
pub struct Scan {
    /// One result per request, in the order of the requests: a range of the original text.
    pub quotes: Vec<Result<Range<usize>, AnchorError>>,
    /// Whole-word alias matches, leftmost-longest and non-overlapping.
    pub mentions: Vec<AliasMatch>,
}

/// A place where one of a person's names occurs.
#[derive(Debug, Clone, PartialEq)]
pub struct AliasMatch {
    /// The range in the original text.
    pub range: Range<usize>,
    pub person: usize,
    /// The alias's index in the list given to [`Matcher::new`].
    pub alias: usize,
}

impl Matcher {
    /// `aliases` are (folded alias, person) pairs, each alias once; `quotes` are the folded
    /// quotes of every article (repeats are fine).
    pub fn new<'a>(
        aliases: &[(String, usize)],
        quotes: impl IntoIterator<Item = &'a str>,
    ) -> Matcher {
        let mut patterns: Vec<&str> = Vec::new();
        let mut alias_of: Vec<Option<(usize, usize)>> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (number, (alias, person)) in aliases.iter().enumerate() {
            if alias.is_empty() {
                continue;
            }
            index.insert(alias, patterns.len());
            patterns.push(alias);
            alias_of.push(Some((*person, number)));
        }
        let mut quote_patterns = HashMap::new();
        for quote in quotes.into_iter().filter(|q| !q.is_empty()) {
            let id = *index.entry(quote).or_insert_with(|| {
                patterns.push(quote);
                alias_of.push(None);
                patterns.len() - 1
            });
            quote_patterns.insert(quote.to_string(), id);
        }
        let automaton = (!patterns.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .build(&patterns)
                .expect("the automaton of quotes and aliases stays within its size limits")
        });
        Matcher {
            automaton,
            alias_of,
            quote_patterns,
        }
    }

    /// Scans an article once: places its `requests` (whose quotes were given to
    /// [`Matcher::new`]) and finds every alias.
    pub fn scan(&self, folded: &Folded, requests: &[QuoteRequest]) -> Scan {
        let text = folded.text.as_str();
        // Occurrences are kept only for the quotes this article asks for.
        let mut occurrences: HashMap<usize, Vec<(usize, usize)>> = requests
            .iter()
            .filter_map(|r| self.quote_patterns.get(&r.quote))
            .map(|&id| (id, Vec::new()))
            .collect();
        let mut aliases: Vec<(usize, usize, (usize, usize))> = Vec::new();
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_overlapping_iter(text) {
                // A match must begin and end between characters of the original.
                if !folded.is_boundary(m.start()) || !folded.is_boundary(m.end()) {
                    continue;
                }
                let id = m.pattern().as_usize();
                if let Some(found) = occurrences.get_mut(&id) {
                    found.push((m.start(), m.end()));
                }
                // All alias matches are kept, because the longest match at a place may fail
                // the word check (`Sessionsville`) where a shorter one would not.
                if let Some(owner) = self.alias_of[id]
                    && is_whole_word(text, m.start(), m.end())
                {
                    aliases.push((m.start(), m.end(), owner));
                }
            }
        }
        aliases.sort_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut mentions = Vec::new();
        let mut covered_to = 0;
        for (start, end, (person, alias)) in aliases {
            if start >= covered_to {
                mentions.push(AliasMatch {
                    range: folded.original_range(start, end),
                    person,
                    alias,
                });
                covered_to = end;
            }
        }
        let no_occurrences = Vec::new();
        let quotes = requests
            .iter()
            .map(|request| {
                let all = self
                    .quote_patterns
                    .get(&request.quote)
                    .and_then(|id| occurrences.get(id))
                    .unwrap_or(&no_occurrences);
                place(folded, request, all)
            })
            .collect();
        Scan { quotes, mentions }
    }
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

/// The shortest prefix (or, failing that, suffix) of whole words that selects `this` among
/// `places`, written as it would go in the anchor.
fn choose(
    text: &str,
    request: &QuoteRequest,
    places: &[(usize, usize)],
    this: (usize, usize),
) -> String {
    let others = || places.iter().filter(move |&&place| place != this);
    // A word, not just punctuation, makes a prefix or suffix someone can read.
    let has_word = |s: &str| s.chars().any(char::is_alphanumeric);
    for count in 1..=8 {
        let prefix = words_before(text, this.0, count);
        let wanted = prefix.trim_end();
        if has_word(wanted)
            && others().all(|&(start, _)| !text[..start].trim_end().ends_with(wanted))
        {
            return format!("prefix: {}", yaml_string(&prefix));
        }
        let suffix = words_after(text, this.1, count);
        let wanted = suffix.trim_start();
        if has_word(wanted)
            && others().all(|&(_, end)| !text[end..].trim_start().starts_with(wanted))
        {
            return format!("suffix: {}", yaml_string(&suffix));
        }
    }
    // Identical surroundings for eight words: a longer quote is the only way.
    format!("quote more of the passage than \"{}\"", request.quote)
}

/// A string as it can be pasted into a YAML flow mapping.
fn yaml_string(text: &str) -> String {
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
        let matcher = Matcher::new(&[], [request.quote.as_str()]);
        matcher
            .scan(&folded, &[request])
            .quotes
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
        let matcher = Matcher::new(
            &[
                ("Sessions".into(), 0),
                ("Jeff Sessions".into(), 0),
                ("Trump".into(), 1),
                ("Mr Trump".into(), 1),
            ],
            // A quote that is also an alias is both placed and matched as a name.
            ["Trump"],
        );
        let text =
            "Jeff Sessions met Sessionsville's mayor; Mr Trump's aide and Trumpism. Sessions's";
        let found: Vec<(&str, usize)> = matcher
            .scan(&Folded::new(text), &[])
            .mentions
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
        let matcher = Matcher::new(&[], [request.quote.as_str()]);
        let range = matcher.scan(&folded, &[request]).quotes.remove(0).unwrap();
        assert_eq!(
            &article.text[range],
            "Lena Ortiz said the\nbudget cuts no services"
        );
    }
}
