//! From a passage selected in a page to the anchor that selects it in the annotation files:
//! the place the reader meant, found with the same folding and matching as `build`, and the
//! shortest `prefix` or `suffix` that makes the quote select that place alone (none when the
//! quote occurs once).

use std::ops::Range;

use crate::diagnostic::Diagnostic;
use crate::resolve::anchor::{
    Context, QuoteRequest, distinguishing_context, occurrences, place_quotes,
};
use crate::resolve::fold::{Folded, fold};

/// What the page sent: the selected words and as much of the text around them as it likes.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// An anchor ready to be written: the quote as the article has it, and the context needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// Byte range in the article's text.
    pub range: Range<usize>,
    pub quote: String,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
}

/// White space as one space, trimmed: how a quote spanning a line break is written.
fn tidy(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many characters `a` and `b` share at their ends (`from_end`) or starts.
fn shared(a: &str, b: &str, from_end: bool) -> usize {
    if from_end {
        a.chars()
            .rev()
            .zip(b.chars().rev())
            .take_while(|(x, y)| x == y)
            .count()
    } else {
        a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
    }
}

/// The anchor of `selection` in an article whose text is `text`.
pub fn anchor_for(text: &str, selection: &Selection) -> Result<Anchor, Diagnostic> {
    let folded = Folded::new(text);
    let quote = fold(&selection.exact).trim().to_string();
    if quote.is_empty() {
        return Err(Diagnostic::error("empty-selection", "nothing is selected")
            .help("select the words to annotate, then choose what they are"));
    }
    let all = occurrences(&folded, folded.text.as_bytes(), &quote);
    if all.is_empty() {
        return Err(Diagnostic::error(
            "selection-not-found",
            format!(
                "\"{}\" is not in the article's text",
                selection.exact.trim()
            ),
        )
        .help("select words of the article itself, not of a note or a heading the page adds"));
    }
    // The place the page meant: the one whose surroundings agree longest with what it sent.
    let before = fold(&selection.prefix);
    let after = fold(&selection.suffix);
    let score = |&(start, end): &(usize, usize)| {
        shared(folded.text[..start].trim_end(), before.trim_end(), true)
            + shared(folded.text[end..].trim_start(), after.trim_start(), false)
    };
    let best = all.iter().map(score).max().unwrap_or(0);
    let chosen: Vec<(usize, usize)> = all.iter().copied().filter(|p| score(p) == best).collect();
    let [this] = chosen[..] else {
        return Err(Diagnostic::error(
            "selection-ambiguous",
            format!(
                "\"{}\" occurs {} times and the text sent around it does not tell which is meant",
                selection.exact.trim(),
                all.len()
            ),
        )
        .help("send the text before and after the selection as `prefix` and `suffix`"));
    };
    let range = folded.original_range(this.0, this.1);
    let mut anchor = Anchor {
        range: range.clone(),
        quote: tidy(&text[range.clone()]),
        prefix: None,
        suffix: None,
    };
    if all.len() > 1 {
        match distinguishing_context(&folded.text, &all, this) {
            Some(Context::Prefix(words)) => {
                let at = folded.original_range(this.0 - words.len(), this.0);
                anchor.prefix = Some(tidy(&text[at]));
            }
            Some(Context::Suffix(words)) => {
                let at = folded.original_range(this.1, this.1 + words.len());
                anchor.suffix = Some(tidy(&text[at]));
            }
            None => {
                return Err(Diagnostic::error(
                    "selection-not-unique",
                    format!(
                        "\"{}\" occurs {} times with the same eight words on either side",
                        anchor.quote,
                        all.len()
                    ),
                )
                .help("select a longer passage, so that it occurs once"));
            }
        }
    }
    // The anchor must select this place when read back, as `build` reads it.
    let request = QuoteRequest::new(
        &anchor.quote,
        anchor.prefix.as_deref(),
        anchor.suffix.as_deref(),
    );
    match place_quotes(&folded, &[request]).pop() {
        Some(Ok(placed)) if placed == range => Ok(anchor),
        _ => Err(Diagnostic::error(
            "selection-not-unique",
            format!("no anchor of \"{}\" selects this place alone", anchor.quote),
        )
        .help("select a longer passage")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchor(text: &str, exact: &str, prefix: &str, suffix: &str) -> Result<Anchor, Diagnostic> {
        anchor_for(
            text,
            &Selection {
                exact: exact.into(),
                prefix: prefix.into(),
                suffix: suffix.into(),
            },
        )
    }

    #[test]
    fn a_quote_found_once_needs_no_context() {
        let text = "Mr Sessions \u{201C}did not say\nanything wrong\u{201D}.";
        let a = anchor(text, "did not say anything wrong", "Mr Sessions \"", "\".").unwrap();
        assert_eq!(a.quote, "did not say anything wrong");
        assert_eq!((a.prefix, a.suffix), (None, None));
        assert_eq!(&text[a.range], "did not say\nanything wrong");
    }

    #[test]
    fn a_repeated_quote_gets_the_shortest_context_that_tells_it_apart() {
        let text = "a total witch hunt. Then a total witch hunt!";
        let first = anchor(text, "total witch hunt", "a ", ". Then a total").unwrap();
        assert_eq!(first.suffix.as_deref(), Some(". Then"));
        assert_eq!(first.prefix, None);
        let second = anchor(text, "total witch hunt", "hunt. Then a ", "!").unwrap();
        assert_eq!(second.prefix.as_deref(), Some("Then a"));
        assert_eq!(&text[second.range], "total witch hunt");
    }

    #[test]
    fn a_selection_the_page_does_not_place_is_refused() {
        let text = "one two one two";
        let error = anchor(text, "one", "", "").unwrap_err();
        assert_eq!(error.code, "selection-ambiguous");
        let error = anchor(text, "three", "", "").unwrap_err();
        assert_eq!(error.code, "selection-not-found");
        let error = anchor(text, "  ", "", "").unwrap_err();
        assert_eq!(error.code, "empty-selection");
        let error = anchor(
            "x x x x x x x x x x x x x x x x x x x",
            "x",
            "x x x x x x x x x ",
            " x x x x x x x x x",
        )
        .unwrap_err();
        assert_eq!(error.code, "selection-not-unique");
    }
}
