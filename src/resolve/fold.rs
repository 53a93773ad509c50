//! Folding: the normal form in which quotes are matched against articles.
//!
//! Both sides are folded the same way, so a quote typed with straight quotes matches an
//! article set with curly ones: curly quotes and apostrophes become `'` and `"`, every dash
//! becomes `-`, an ellipsis character becomes `...`, invisible characters (soft hyphen,
//! zero-width spaces) disappear, and every run of white space becomes one space. Case is kept:
//! matching is case-sensitive.

/// A folded text with, for each folded byte, where it came from in the original.
#[derive(Debug, Clone)]
pub struct Folded {
    pub text: String,
    /// `origin[i]` is the byte offset in the original of the character that produced folded
    /// byte `i`; `origin[text.len()]` is the original's length.
    origin: Vec<usize>,
}

impl Folded {
    /// Folds `original`, keeping the map back to it.
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len() + 1);
        fold_with(original, &mut text, |added, at| {
            origin.resize(origin.len() + added, at)
        });
        origin.push(original.len());
        Folded { text, origin }
    }

    /// True when folded offset `at` falls between two characters of the original, not inside
    /// the expansion of one (the three dots an ellipsis folds to).
    pub fn is_boundary(&self, at: usize) -> bool {
        at == 0 || at >= self.text.len() || self.origin[at] != self.origin[at - 1]
    }

    /// The original byte range of folded range `start..end`.
    pub fn original_range(&self, start: usize, end: usize) -> std::ops::Range<usize> {
        self.origin[start]..self.origin[end]
    }
}

/// Folds a quote, prefix or suffix as written in an annotation, without keeping the map.
pub fn fold(original: &str) -> String {
    let mut text = String::with_capacity(original.len());
    fold_with(original, &mut text, |_, _| {});
    text
}

/// Folds `original` into `text`, telling `pushed` how many bytes each character of the
/// original (at its byte offset) added.
fn fold_with(original: &str, text: &mut String, mut pushed: impl FnMut(usize, usize)) {
    let mut in_space = false;
    for (at, c) in original.char_indices() {
        if c.is_whitespace() {
            if !in_space {
                text.push(' ');
                pushed(1, at);
                in_space = true;
            }
            continue;
        }
        in_space = false;
        let before = text.len();
        match fold_char(c) {
            Folding::Keep => text.push(c),
            Folding::To(s) => text.push_str(s),
            Folding::Drop => {}
        }
        pushed(text.len() - before, at);
    }
}

/// What folding does with one character.
pub(crate) enum Folding {
    Keep,
    To(&'static str),
    Drop,
}

pub(crate) fn fold_char(c: char) -> Folding {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`'
        | '\u{00B4}' => Folding::To("'"),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => Folding::To("\""),
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => Folding::To("-"),
        '\u{2026}' => Folding::To("..."),
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {
            Folding::Drop
        }
        _ => Folding::Keep,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typographic_variants_fold_to_one_form() {
        assert_eq!(
            fold("Trump\u{2019}s \u{201C}witch hunt\u{201D}"),
            "Trump's \"witch hunt\""
        );
        assert_eq!(
            fold("Sessions \u{2013} and \u{2014} then"),
            "Sessions - and - then"
        );
        assert_eq!(fold("a \n\t  b\u{00A0}c"), "a b c");
        assert_eq!(fold("wait\u{2026}"), "wait...");
        assert_eq!(fold("co\u{00AD}operate"), "cooperate");
        assert_eq!(fold("Case"), "Case");
    }

    #[test]
    fn folded_ranges_map_back_to_the_original() {
        let original = "He said \u{201C}total\u{201D}\n\nconfidence";
        let folded = Folded::new(original);
        assert_eq!(folded.text, "He said \"total\" confidence");
        let start = folded.text.find("\"total\"").unwrap();
        let range = folded.original_range(start, start + "\"total\"".len());
        assert_eq!(&original[range], "\u{201C}total\u{201D}");
        let start = folded.text.find("total\" confidence").unwrap();
        let range = folded.original_range(start, folded.text.len());
        assert_eq!(&original[range], "total\u{201D}\n\nconfidence");
    }

    #[test]
    fn boundaries_fall_between_original_characters() {
        let folded = Folded::new("a\u{2026}b");
        assert_eq!(folded.text, "a...b");
        assert!(folded.is_boundary(1) && folded.is_boundary(4));
        assert!(!folded.is_boundary(2) && !folded.is_boundary(3));
    }
}
