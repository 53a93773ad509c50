//! The words shown around a quoted place in a list of places (a person's mentions, a claim's
//! appearances): the sentence it stands in, within its block, cut at a word only where the
//! sentence is too long to show whole. A snippet never runs from one block (a byline, a
//! caption) into the next, and starts at a sentence where it can, so it reads as a quotation.

/// How many characters of context to show on each side of a quoted place, at most.
pub const CONTEXT_CHARS: usize = 90;

/// The context of a place: the text before and after it that a snippet shows.
#[derive(Debug, PartialEq, Eq)]
pub struct Context<'a> {
    pub before: &'a str,
    pub after: &'a str,
    /// Whether words were left out before or after (so an ellipsis belongs there).
    pub cut_before: bool,
    pub cut_after: bool,
}

/// The context of the place `before | place | after` within one block of text.
pub fn context<'a>(before: &'a str, after: &'a str) -> Context<'a> {
    // No more than CONTEXT_CHARS can be shown on a side, so a sentence's end is looked for
    // only within them (and a few more, for the mark and quotes ending the sentence before):
    // a place in a paragraph of a million characters costs what a place in a short one does.
    let from = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS + LOOK_PAST)
        .map_or(0, |(i, _)| i);
    let sentence_before = match sentence_start(&before[from..]) {
        Some(start) => &before[from + start..],
        None => &before[from..],
    };
    let to = after
        .char_indices()
        .nth(CONTEXT_CHARS + LOOK_PAST)
        .map_or(after.len(), |(i, _)| i);
    let sentence_after = &after[..sentence_end(&after[..to])];
    let (shown_before, cut_before) = match sentence_before.char_indices().rev().nth(CONTEXT_CHARS) {
        Some((cut, _)) => {
            let tail = &sentence_before[cut..];
            (tail.split_once(' ').map_or(tail, |(_, rest)| rest), true)
        }
        None => (sentence_before, false),
    };
    let (shown_after, cut_after) = match sentence_after.char_indices().nth(CONTEXT_CHARS) {
        Some((cut, _)) => {
            let head = &sentence_after[..cut];
            (head.rsplit_once(' ').map_or(head, |(kept, _)| kept), true)
        }
        None => (sentence_after, false),
    };
    Context {
        before: shown_before,
        after: shown_after,
        cut_before,
        cut_after,
    }
}

/// How many characters past those shown are read for the end of a sentence.
const LOOK_PAST: usize = 8;

/// What may close a sentence after its full stop.
const CLOSING: [char; 5] = ['"', '\'', '”', '’', ')'];

/// Where the sentence that `text` ends in starts: just after the last sentence end in it, if
/// it has one.
fn sentence_start(text: &str) -> Option<usize> {
    let mut start = None;
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '?' | '!') && is_sentence_end(text, i, c.len_utf8()) {
            // The next sentence starts after the closing quotes and the spaces.
            let rest = text[i + c.len_utf8()..].trim_start_matches(CLOSING);
            start = Some(text.len() - rest.trim_start().len());
        }
    }
    start
}

/// Where the sentence that `text` starts in ends: just after its first sentence end, or the
/// whole text.
fn sentence_end(text: &str) -> usize {
    for (i, c) in text.char_indices() {
        if matches!(c, '.' | '?' | '!') && is_sentence_end(text, i, c.len_utf8()) {
            let rest = &text[i + c.len_utf8()..];
            let quotes = rest.len() - rest.trim_start_matches(CLOSING).len();
            return i + c.len_utf8() + quotes;
        }
    }
    text.len()
}

/// Whether the mark at `i` ends a sentence: followed (after closing quotes) by a space and
/// then a capital, a digit or an opening quote, and not after an abbreviation such as "Mr."
/// or "U.S.", which news text is full of.
fn is_sentence_end(text: &str, i: usize, len: usize) -> bool {
    let rest = text[i + len..].trim_start_matches(CLOSING);
    let Some(space) = rest.chars().next() else {
        return false;
    };
    if !space.is_whitespace() {
        return false;
    }
    let next = rest.trim_start().chars().next();
    if !next.is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "\"'“‘(".contains(c)) {
        return false;
    }
    if text[i..].starts_with('.') {
        let word = text[..i]
            .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '"' || c == '“')
            .next()
            .unwrap_or("");
        let abbreviation = word.contains('.')
            || (word.chars().count() <= 3 && word.starts_with(char::is_uppercase));
        if abbreviation {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(before: &str, after: &str) -> (String, String) {
        let context = context(before, after);
        let dots = |cut| if cut { "…" } else { "" };
        (
            format!("{}{}", dots(context.cut_before), context.before),
            format!("{}{}", context.after, dots(context.cut_after)),
        )
    }

    #[test]
    fn shows_the_sentence_of_the_place() {
        assert_eq!(
            shown(
                "The hearing ended. Then ",
                " spoke to reporters. He left at noon."
            ),
            ("Then ".into(), " spoke to reporters.".into())
        );
    }

    #[test]
    fn does_not_cut_at_an_abbreviation() {
        assert_eq!(
            shown("He met Mr. ", " at the U.S. Capitol in May."),
            ("He met Mr. ".into(), " at the U.S. Capitol in May.".into())
        );
        assert_eq!(
            shown("Sen. Al Franken asked. Then Sen. ", " said no."),
            ("Then Sen. ".into(), " said no.".into())
        );
    }

    #[test]
    fn keeps_closing_quotes_with_their_sentence() {
        assert_eq!(
            shown(
                "“I did not,” he said. “",
                " was never discussed.” Later that day"
            ),
            ("“".into(), " was never discussed.”".into())
        );
    }

    #[test]
    fn cuts_a_long_sentence_at_a_word() {
        let long = "word ".repeat(40);
        let (before, after) = shown(&long, &format!(" {long}"));
        assert!(before.starts_with("…word "), "{before}");
        assert!(after.ends_with("word…"), "{after}");
        assert!(before.chars().count() <= CONTEXT_CHARS + 2);
    }

    #[test]
    fn a_place_deep_in_a_long_paragraph_is_cut_near_it() {
        let before = "Word word. ".repeat(100_000);
        let shown = context(&before, " and more. Then");
        assert_eq!(shown.before, "Word word. ");
        assert_eq!(shown.after, " and more.");
        let before = "word ".repeat(100_000);
        let shown = context(&before, "");
        assert!(shown.cut_before && shown.before.len() <= CONTEXT_CHARS);
    }

    #[test]
    fn a_block_without_a_full_stop_is_shown_whole() {
        assert_eq!(
            shown("By ", " and Jane Roe"),
            ("By ".into(), " and Jane Roe".into())
        );
    }
}
