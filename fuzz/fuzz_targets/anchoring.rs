//! Anchoring: an article text, quotes with prefixes and suffixes, and aliases, folded and
//! matched. Every range found must be a valid range of the original text, and a placed
//! quote must fold to the quote it was asked for.
#![no_main]

use dossier::resolve::anchor::{AliasMatcher, QuoteRequest, place_quotes};
use dossier::resolve::fold::{Folded, fold};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else { return };
    // The text, then lines of the form `quote|prefix|suffix`, after a NUL.
    let (text, patterns) = input.split_once('\0').unwrap_or((input, ""));
    let mut requests = Vec::new();
    let mut aliases = Vec::new();
    for (i, line) in patterns.lines().enumerate().take(32) {
        let mut parts = line.split('|');
        let quote = parts.next().unwrap_or("");
        let prefix = parts.next().filter(|p| !p.is_empty());
        let suffix = parts.next().filter(|s| !s.is_empty());
        requests.push(QuoteRequest::new(quote, prefix, suffix));
        let alias = fold(quote).trim().to_string();
        if !alias.is_empty() && !aliases.iter().any(|(a, _): &(String, usize)| *a == alias) {
            aliases.push((alias, i));
        }
    }
    let folded = Folded::new(text);
    let placed = place_quotes(&folded, &requests);
    let mentions = AliasMatcher::new(&aliases).find(&folded);
    for (request, result) in requests.iter().zip(&placed) {
        if let Ok(range) = result {
            assert!(range.start <= range.end && range.end <= text.len());
            assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            assert_eq!(fold(&text[range.clone()]).trim(), request.quote);
        }
    }
    for found in &mentions {
        let range = &found.range;
        assert!(range.start < range.end && range.end <= text.len());
        assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
        assert_eq!(fold(&text[range.clone()]).trim(), aliases[found.alias].0);
    }
});
