//! Claims found where nobody marked them: the words of a claim's appearance that also occur
//! in an article where the claim has no appearance, compared as shared wording compares
//! words (after folding, without case or punctuation). Each is a warning
//! (`possible-appearance`) with the anchor to add, for the editor to confirm or dismiss.
//!
//! Each quote is keyed by the hash of its first words (up to [`KEY_WORDS`]), and each
//! article's words, hashed once when the text was read (`words`), are passed over once,
//! the hash of each run of that many words rolled along and looked up among the keys: only
//! a run some quote starts with is compared in full. The work grows with the text, whatever
//! the number of claims; an automaton of 50,000 quotes took longer to build than the scan.
//! Quotes shorter than [`MIN_WORDS`] words ("honest man") are left out: they recur by chance.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;

use super::grams::{BuildIdentity, each_run, gram_hash};
use super::words::Words;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::model::{Article, Claim, HighlightTarget};
use crate::resolve::anchor::{Context, distinguishing_context, occurrences, yaml_string};
use crate::resolve::fold::{Folded, fold};

/// The fewest words an appearance must have to be looked for elsewhere.
pub const MIN_WORDS: usize = 4;

/// How many of a quote's first words it is keyed by: enough that quotes which open alike
/// ("The council said that") are told apart by the key, not by comparing each.
pub const KEY_WORDS: usize = 8;

/// A claim's quote, as the words of the article it was marked in.
struct Quote<'a> {
    hashes: &'a [u64],
    /// The claims whose appearance it is.
    owners: Vec<usize>,
}

/// One place a claim's words were found unmarked.
struct Found {
    article: usize,
    claim: usize,
    /// Byte range in the article's text.
    range: std::ops::Range<usize>,
    /// The article's words there, folded, which is what an anchor's quote is matched as.
    quote: String,
}

/// Warns of each place where a claim's words occur in an article it has no appearance in.
/// `places[claim]` is where the claim is defined; `words` are the articles' words.
pub fn warn(
    articles: &[Article],
    words: &[Arc<Words>],
    claims: &[Claim],
    places: &[Location],
    diagnostics: &mut Diagnostics,
) {
    // The distinct quotes, as the words of the articles they were marked in, each with the
    // claims whose appearance it is. They are taken from each article's words, read once,
    // going down the article: in claim order, the articles' words would be visited at random.
    let marked: Vec<Vec<(usize, &[u64])>> = articles
        .par_iter()
        .zip(words)
        .map(|(article, here)| {
            let mut marked = Vec::new();
            for highlight in &article.highlights {
                let HighlightTarget::Claim(claim) = highlight.target else {
                    continue;
                };
                let range = &highlight.range;
                let first = here.spans.partition_point(|s| (s.0 as usize) < range.start);
                let end =
                    first + here.spans[first..].partition_point(|s| (s.1 as usize) <= range.end);
                if end >= first + MIN_WORDS {
                    marked.push((claim, &here.hashes[first..end]));
                }
            }
            marked
        })
        .collect();
    let mut quotes: Vec<Quote> = Vec::new();
    let mut by_words: HashMap<u64, Vec<usize>, BuildIdentity> = HashMap::default();
    for (claim, hashes) in marked.into_iter().flatten() {
        let same = by_words.entry(gram_hash(hashes)).or_default();
        let index = match same.iter().find(|&&q| quotes[q].hashes == hashes) {
            Some(&index) => index,
            None => {
                quotes.push(Quote {
                    hashes,
                    owners: Vec::new(),
                });
                same.push(quotes.len() - 1);
                quotes.len() - 1
            }
        };
        if !quotes[index].owners.contains(&claim) {
            quotes[index].owners.push(claim);
        }
    }
    let keys = Keys::new(&quotes);
    let mut found: Vec<Found> = articles
        .par_iter()
        .zip(words)
        .enumerate()
        .flat_map_iter(|(index, (article, here))| {
            let mut found = Vec::new();
            keys.scan(here, |start, quote| {
                let Quote { hashes, owners } = &quotes[quote];
                // Found where it is marked, as every quote is: nothing to say.
                let unmarked = |claim: &usize| {
                    !claims[*claim]
                        .appearances
                        .iter()
                        .any(|p| p.article == index)
                };
                if !owners.iter().any(unmarked) {
                    return;
                }
                let end = start + hashes.len();
                if end > here.len() || here.hashes[start..end] != **hashes {
                    return;
                }
                let range = here.spans[start].0 as usize..here.spans[end - 1].1 as usize;
                let quote = fold(&article.text.text[range.clone()]);
                for &claim in owners.iter().filter(|c| unmarked(c)) {
                    found.push(Found {
                        article: index,
                        claim,
                        range: range.clone(),
                        quote: quote.clone(),
                    });
                }
            });
            found
        })
        .collect();
    // At each place, for each claim, only the longest of its quotes found there.
    found.sort_by_key(|f| {
        (
            f.article,
            f.claim,
            f.range.start,
            std::cmp::Reverse(f.range.end),
        )
    });
    found.dedup_by(|later, kept| {
        later.article == kept.article
            && later.claim == kept.claim
            && later.range.start < kept.range.end
    });
    found.sort_by_key(|f| (f.article, f.range.start, f.claim));
    let mut folded: BTreeMap<usize, Folded> = BTreeMap::new();
    for place in found {
        let article = &articles[place.article];
        let folded = folded
            .entry(place.article)
            .or_insert_with(|| Folded::new(&article.text.text));
        diagnostics.push(warning(
            article,
            folded,
            &claims[place.claim],
            &places[place.claim],
            &place,
        ));
    }
}

/// The quotes by the hash of their first words, for [`KEY_WORDS`] or fewer.
struct Keys {
    by_hash: HashMap<u64, Vec<usize>, BuildIdentity>,
    /// One bit per value of a key's top [`FILTER_BITS`] bits: nearly every run of words of
    /// an article is no key, and this says so from a table that stays in the cache.
    filter: Vec<u64>,
    /// The key lengths in use, in words.
    lengths: Vec<usize>,
}

impl Keys {
    fn new(quotes: &[Quote]) -> Keys {
        let mut keys = Keys {
            by_hash: HashMap::default(),
            filter: vec![0; (1 << FILTER_BITS) / 64],
            lengths: Vec::new(),
        };
        for (index, quote) in quotes.iter().enumerate() {
            let n = quote.hashes.len().min(KEY_WORDS);
            if !keys.lengths.contains(&n) {
                keys.lengths.push(n);
            }
            let hash = gram_hash(&quote.hashes[..n]);
            let bit = hash >> (64 - FILTER_BITS);
            keys.filter[(bit / 64) as usize] |= 1 << (bit % 64);
            keys.by_hash.entry(hash).or_default().push(index);
        }
        keys
    }

    /// Calls `found(word, quote)` for each word of `words` where the first words of `quote`
    /// (by their hash) begin.
    fn scan(&self, words: &Words, mut found: impl FnMut(usize, usize)) {
        for &n in &self.lengths {
            each_run(&words.hashes, n, |start, hash| {
                let bit = hash >> (64 - FILTER_BITS);
                if self.filter[(bit / 64) as usize] & (1 << (bit % 64)) == 0 {
                    return;
                }
                if let Some(quotes) = self.by_hash.get(&hash) {
                    for &quote in quotes {
                        found(start, quote);
                    }
                }
            });
        }
    }
}

/// The size of the keys' filter, in bits of the hash: 2^20 bits, 128 KiB.
const FILTER_BITS: u32 = 20;

/// The warning for a claim's words found unmarked in `article`.
fn warning(
    article: &Article,
    folded: &Folded,
    claim: &Claim,
    place: &Location,
    found: &Found,
) -> Diagnostic {
    let text = folded.text.as_str();
    let all = occurrences(folded, text.as_bytes(), &found.quote);
    let this = all
        .iter()
        .copied()
        .find(|&(start, end)| folded.original_range(start, end) == found.range);
    let context = match this.and_then(|this| distinguishing_context(text, &all, this)) {
        _ if all.len() < 2 => String::new(),
        Some(Context::Prefix(p)) => format!(", prefix: {}", yaml_string(&p)),
        Some(Context::Suffix(s)) => format!(", suffix: {}", yaml_string(&s)),
        None => String::new(),
    };
    let words = &article.text.text[found.range.clone()];
    Diagnostic::warning(
        "possible-appearance",
        format!(
            "the words of claim `{}` occur in article `{}`, where it has no appearance: \"{}\"",
            claim.id,
            article.id,
            words.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
    )
    .at(place.clone())
    .help(format!(
        "if `{}` makes the claim there, add to the claim's `appearances`: `- {{ article: {}, quote: {}{context} }}`",
        article.id,
        article.id,
        yaml_string(&found.quote)
    ))
}
