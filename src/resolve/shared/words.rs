//! An article's words, as shared wording compares them: runs of letters and digits of the
//! folded text (`resolve::fold`), compared without case or accents, punctuation and spacing
//! ignored, each with where it stands in the text and whether it stands inside a quotation.

use crate::model::ArticleText;
use crate::model::text::{Container, Node};
use crate::resolve::fold::{Folding, fold_char};

/// The words of one text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Words {
    /// A hash of each word, lowercased.
    pub hashes: Vec<u64>,
    /// Each word's byte range in the text.
    pub spans: Vec<(u32, u32)>,
    /// Whether each word stands inside quotation marks or a block quote.
    pub quoted: Vec<bool>,
    /// Whether each word ends a sentence (or a clause, at `;`), or its block.
    pub ends_sentence: Vec<bool>,
}

impl Words {
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    /// The words of an article's text. Quotation marks are followed within each block: a
    /// quotation left open at the end of a paragraph (as news style does when a quote runs on)
    /// ends there.
    pub fn of_article(text: &ArticleText) -> Words {
        let mut blocks: Vec<(usize, bool)> = Vec::new();
        let mut quotes = 0usize;
        for node in &text.nodes {
            match node {
                Node::Open(Container::BlockQuote) => quotes += 1,
                Node::Close(Container::BlockQuote) => quotes = quotes.saturating_sub(1),
                Node::Leaf(leaf) => blocks.push((leaf.range.start, quotes > 0)),
                _ => {}
            }
        }
        tokenize(&text.text, &blocks)
    }

    /// The words of a quote or any short text, as one block.
    pub fn of_text(text: &str) -> Words {
        tokenize(text, &[(0, false)])
    }
}

/// A word's hash: FNV-1a over its lowercased UTF-8, fast and stable across runs, taken a
/// character at a time as the word is read.
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn hash_char(mut hash: u64, c: char) -> u64 {
    let mut step = |b: u8| hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    if c.is_ascii() {
        step(c.to_ascii_lowercase() as u8);
    } else {
        // Without accents: "é" composed or as "e" and a combining accent, and "e", are one.
        let mut buffer = [0u8; 4];
        unicode_normalization::char::decompose_canonical(c, |base| {
            if !unicode_normalization::char::is_combining_mark(base) {
                for lower in base.to_lowercase() {
                    lower.encode_utf8(&mut buffer).bytes().for_each(&mut step);
                }
            }
        });
    }
    hash
}

/// Ends the word being read, if any.
fn finish(words: &mut Words, word: &mut u64, start: &mut Option<usize>, end: usize, quoted: bool) {
    if let Some(start) = start.take() {
        words.hashes.push(*word);
        words.spans.push((start as u32, end as u32));
        words.quoted.push(quoted);
        words.ends_sentence.push(false);
        *word = FNV_START;
    }
}

/// Whether a quotation mark between `previous` and `next` stands where a word begins: after a
/// space, an opening bracket or a dash (or at the start), and before something that is not a
/// space.
fn starts_word(previous: Option<char>, next: Option<char>) -> bool {
    let after_space =
        previous.is_none_or(|p| p.is_whitespace() || "([{\u{2013}\u{2014}-/".contains(p));
    after_space && next.is_some_and(|n| !n.is_whitespace())
}

/// Whether a single closing quotation mark (after a word, before no letter) comes in `rest`.
fn closes_later(rest: &str) -> bool {
    let mut previous = None;
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if matches!(c, '\'' | '\u{2019}')
            && previous.is_some_and(|p: char| !p.is_whitespace())
            && !next.is_some_and(char::is_alphanumeric)
        {
            return true;
        }
        previous = Some(c);
    }
    false
}

/// Splits `text` into words. `blocks` gives where each block starts and whether it is a block
/// quote, in order.
fn tokenize(text: &str, blocks: &[(usize, bool)]) -> Words {
    let mut words = Words::default();
    let mut block = 0usize;
    let mut in_block_quote = false;
    let (mut double, mut single) = (false, false);
    let mut word = FNV_START;
    let mut word_start: Option<usize> = None;
    let mut word_end = 0usize;
    let mut previous: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        while block < blocks.len() && blocks[block].0 <= at {
            finish(
                &mut words,
                &mut word,
                &mut word_start,
                word_end,
                double || single || in_block_quote,
            );
            if let Some(last) = words.ends_sentence.last_mut() {
                *last = true;
            }
            in_block_quote = blocks[block].1;
            (double, single) = (false, false);
            block += 1;
        }
        let block_end = blocks.get(block).map_or(text.len(), |b| b.0);
        let next = chars.peek().map(|&(_, c)| c);
        if c.is_alphanumeric()
            || (word_start.is_some() && unicode_normalization::char::is_combining_mark(c))
        {
            word_start.get_or_insert(at);
            word = hash_char(word, c);
            word_end = at + c.len_utf8();
            previous = Some(c);
            continue;
        }
        let quoted = double || single || in_block_quote;
        // The copyright sign is the word it stands for, which marks a footer.
        if c == '\u{00A9}' {
            finish(&mut words, &mut word, &mut word_start, word_end, quoted);
            word = "copyright".chars().fold(FNV_START, hash_char);
            finish(
                &mut words,
                &mut word,
                &mut Some(at),
                at + c.len_utf8(),
                quoted,
            );
            previous = Some(c);
            continue;
        }
        // Straight quotes are their own folded form; typographic ones fold to them.
        let folded = match (c, fold_char(c)) {
            ('"', _) => "\"",
            ('\'', _) => "'",
            (_, Folding::To(to)) => to,
            // A soft hyphen or zero-width space does not end a word.
            (_, Folding::Drop) => continue,
            (_, Folding::Keep) => "",
        };
        match folded {
            "\"" => {
                finish(&mut words, &mut word, &mut word_start, word_end, quoted);
                double = match c {
                    // „ opens (German, Polish); ” closes.
                    '\u{201E}' => true,
                    '\u{201D}' => false,
                    // “ « » open, or close the one open („…“, »…«).
                    '\u{201C}' | '\u{00AB}' | '\u{00BB}' => !double,
                    // A straight one opens where a word begins, and otherwise closes; after
                    // a digit (48" pipes) it is an inch mark and leaves a quotation as it was.
                    _ if previous.is_some_and(|p| p.is_ascii_digit()) && !double => false,
                    _ => starts_word(previous, next),
                };
            }
            "'" => {
                finish(&mut words, &mut word, &mut word_start, word_end, quoted);
                let before_word = next.is_some_and(|n| n.is_alphanumeric());
                // Between two letters it is an apostrophe ("Trump's"): it ends the word and
                // opens nothing; before a digit it stands for the century ('60s).
                if starts_word(previous, next)
                    && next.is_some_and(char::is_alphabetic)
                    && c != '\u{2019}'
                {
                    single = true;
                } else if !before_word
                    && single
                    && !(previous == Some('s')
                        && next == Some(' ')
                        && closes_later(&text[at + c.len_utf8()..block_end]))
                {
                    // "the drivers’ union" inside ‘…’ is a possessive when the quotation
                    // still closes later in its paragraph.
                    single = false;
                }
            }
            _ => {
                finish(&mut words, &mut word, &mut word_start, word_end, quoted);
                // Before a space or the end: not in 10:32, 3.5 or example.com.
                let before_space =
                    next.is_none_or(|n| n.is_whitespace() || "\"')]\u{201D}\u{2019}".contains(n));
                // Not at a colon: "Contributing: …", "Our Standards: …" are one line.
                if matches!(c, '.' | '!' | '?' | ';')
                    && before_space
                    && let Some(last) = words.ends_sentence.last_mut()
                {
                    *last = true;
                }
            }
        }
        previous = Some(c);
    }
    let quoted = double || single || in_block_quote;
    finish(&mut words, &mut word, &mut word_start, word_end, quoted);
    if let Some(last) = words.ends_sentence.last_mut() {
        *last = true;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(words: &Words, text: &str) -> Vec<String> {
        words
            .spans
            .iter()
            .map(|&(s, e)| text[s as usize..e as usize].to_string())
            .collect()
    }

    #[test]
    fn words_ignore_case_punctuation_and_typography() {
        let a = Words::of_text("Trump\u{2019}s co\u{00AD}operation \u{2013} TOTAL");
        let b = Words::of_text("trump's cooperation - total");
        assert_eq!(a.hashes, b.hashes);
        assert_eq!(a.len(), 4);
        // Accents, composed or not, are left out.
        assert_eq!(
            Words::of_text("V\u{00E9}nissieux").hashes,
            Words::of_text("Ve\u{0301}nissieux").hashes
        );
        assert_eq!(Words::of_text("Ve\u{0301}nissieux").len(), 1);
        let text = "Trump\u{2019}s co\u{00AD}operation";
        assert_eq!(
            plain(&Words::of_text(text), text),
            ["Trump", "s", "co\u{00AD}operation"]
        );
    }

    /// The words of `text` that stand inside a quotation.
    fn quoted(text: &str) -> Vec<String> {
        let words = Words::of_text(text);
        plain(&words, text)
            .into_iter()
            .zip(&words.quoted)
            .filter(|(_, q)| **q)
            .map(|(w, _)| w)
            .collect()
    }

    #[test]
    fn quotations_are_followed_within_a_block() {
        let text = "He said \u{201C}an honest man\u{201D} and 'a total witch hunt' today, the Democrats' view.";
        assert_eq!(
            quoted(text),
            ["an", "honest", "man", "a", "total", "witch", "hunt"]
        );

        // Inch marks, decades and German quotation marks.
        let text =
            "Crews replaced the 48\" main in the '60s. \u{201E}Das ist bitter\u{201C}, sagte er.";
        assert_eq!(quoted(text), ["Das", "ist", "bitter"]);
        // A plural possessive inside single quotes leaves the quotation open.
        let text = "He said \u{2018}the drivers\u{2019} union will strike\u{2019} and left.";
        assert_eq!(quoted(text), ["the", "drivers", "union", "will", "strike"]);

        // A quotation left open ends with its paragraph.
        let article = crate::load::article::parse_plain("\"It runs on\n\nand on");
        let words = Words::of_article(&article);
        assert_eq!(words.quoted, [true, true, true, false, false]);
    }
}
