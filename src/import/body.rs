//! Which blocks of the extracted page are the article, and which of them are its headline,
//! standfirst, byline or dateline.
//!
//! The extractor gives the article twice: as HTML, which keeps the page's structure, and as
//! text, which it has pruned further (the headline, the date lines, the "Previous / Next"
//! links after the body are gone). A block of the HTML is kept when its words come, in order,
//! in the text. The blocks before the first kept one are looked at once more: the headline,
//! a standfirst under it, a byline and a date line are kept with their layout role (so that
//! the seed holds them and the article's body does not), and the rest is left out.
//!
//! A second extractor, of another kind (Readability's algorithm), then bounds the body: where
//! its article is shorter, the blocks before the first and after the last that it also has are
//! left out (a related-stories list, a caption strip), as long as the blocks kept still hold
//! most of its text. Blocks between are kept even when it drops them: a word of the article
//! is worth more than a line of boilerplate.

use super::markdown::Block;
use crate::load::annotations::RoleName;

/// What the page says of itself, to recognise its headline and byline by.
pub struct Known<'a> {
    pub title: Option<&'a str>,
    pub author: Option<&'a str>,
    pub description: Option<&'a str>,
}

/// The article's blocks, with the layout role of those that have one.
pub struct Chosen {
    pub blocks: Vec<Block>,
    pub roles: Vec<(usize, RoleName)>,
}

/// The share of the extracted text the kept blocks must cover; below it, the HTML is taken
/// to have lost its way and the text is written instead.
const COVERED: f64 = 0.9;

/// The share of the second extractor's text the bounded body must hold, and the fewest words
/// it must have, for it to bound the body.
const SECOND_COVERED: f64 = 0.8;
const SECOND_WORDS: usize = 30;

/// The longest a byline or date line is, in words.
const SHORT_LINE: usize = 16;

/// Text without white space: the HTML's blocks and the extractor's text break lines in
/// different places (an inline element may be a line of its own in the text).
fn squashed(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Letters and digits only, lowercase: to compare a heading with the page's title.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Chooses among `blocks` (of the extracted HTML) those of the article, by the extracted
/// `text`, bounded by the `second` extractor's text.
pub fn choose(blocks: Vec<Block>, text: &str, second: Option<&str>, known: &Known) -> Chosen {
    let text = squashed(text);
    let mut cursor = 0;
    let mut kept = vec![false; blocks.len()];
    let mut covered = 0usize;
    for (i, block) in blocks.iter().enumerate() {
        let words = squashed(&block.plain);
        if words.is_empty() {
            continue;
        }
        if let Some(at) = text[cursor..].find(&words) {
            kept[i] = true;
            cursor += at + words.len();
            covered += words.len();
        }
    }
    if text.is_empty() || (covered as f64) < COVERED * text.len() as f64 {
        return Chosen {
            blocks: Vec::new(),
            roles: Vec::new(),
        };
    }
    let first = kept.iter().position(|&k| k).unwrap_or(blocks.len());
    let mut roles: Vec<(usize, RoleName)> = Vec::new();
    let mut headline = None;
    // The blocks before the body, and the first of the body when it is the headline.
    for (i, block) in blocks.iter().enumerate().take(first + 1) {
        let role = if headline.is_none() && is_title(block, known.title) {
            headline = Some(i);
            Some(RoleName::Headline)
        } else if i == first {
            None
        } else if headline == Some(i.wrapping_sub(1))
            && (block.heading || is_same(&block.plain, known.description))
        {
            Some(RoleName::Standfirst)
        } else if is_byline(&block.plain, known.author) {
            Some(RoleName::Byline)
        } else if is_dateline(&block.plain) {
            Some(RoleName::Dateline)
        } else {
            None
        };
        if let Some(role) = role {
            kept[i] = true;
            roles.push((i, role));
        }
    }
    if let Some(second) = second {
        bound(&blocks, &mut kept, &roles, second);
    }
    let mut chosen = Vec::new();
    let mut renumbered = Vec::new();
    for (i, block) in blocks.into_iter().enumerate() {
        if kept[i] {
            if let Some(&(_, role)) = roles.iter().find(|(at, _)| *at == i) {
                renumbered.push((chosen.len(), role));
            }
            chosen.push(block);
        }
    }
    Chosen {
        blocks: chosen,
        roles: renumbered,
    }
}

/// Leaves out the body's blocks before the first and after the last that the `second`
/// extractor's text holds, when it is the shorter and the rest still holds most of it.
fn bound(blocks: &[Block], kept: &mut [bool], roles: &[(usize, RoleName)], second: &str) {
    let second_words = word_count(second);
    let body: Vec<usize> = (0..blocks.len())
        .filter(|&i| kept[i] && !roles.iter().any(|(at, _)| *at == i))
        .collect();
    let body_words: usize = body.iter().map(|&i| word_count(&blocks[i].plain)).sum();
    if second_words < SECOND_WORDS || body_words <= second_words {
        return;
    }
    let second = squashed(second);
    let shared: Vec<bool> = body
        .iter()
        .map(|&i| second.contains(&squashed(&blocks[i].plain)))
        .collect();
    let (Some(first), Some(last)) = (
        shared.iter().position(|&s| s),
        shared.iter().rposition(|&s| s),
    ) else {
        return;
    };
    let held: usize = (first..=last)
        .filter(|&n| shared[n])
        .map(|n| squashed(&blocks[body[n]].plain).len())
        .sum();
    if (held as f64) < SECOND_COVERED * second.len() as f64 {
        return;
    }
    for (n, &i) in body.iter().enumerate() {
        if n < first || n > last {
            kept[i] = false;
        }
    }
}

fn is_same(text: &str, other: Option<&str>) -> bool {
    other.is_some_and(|other| {
        let (a, b) = (letters(text), letters(other));
        !a.is_empty() && a == b
    })
}

/// Whether `block` is the headline: the page's title, or the title with the site's name.
fn is_title(block: &Block, title: Option<&str>) -> bool {
    let Some(title) = title else { return false };
    let (words, title) = (letters(&block.plain), letters(title));
    !words.is_empty()
        && (words == title
            || (block.heading
                && title.len() >= 20
                && (title.contains(&words) || words.contains(&title))))
}

/// How many words `text` has. Chinese and Japanese are written without spaces between
/// words, so each of their characters counts as one (about right for Chinese, short of the
/// words for Japanese, either far closer than one "word" a sentence).
pub fn word_count(text: &str) -> usize {
    let unspaced = |c: char| {
        matches!(c as u32,
            0x3040..=0x30FF // Hiragana, Katakana
            | 0x3400..=0x4DBF // CJK Extension A
            | 0x4E00..=0x9FFF // CJK Unified Ideographs
            | 0xF900..=0xFAFF // CJK Compatibility Ideographs
            | 0x20000..=0x3134F) // CJK Extensions B-G
    };
    text.split_whitespace()
        .map(|word| match word.chars().filter(|&c| unspaced(c)).count() {
            0 => 1,
            n => n + usize::from(word.chars().any(|c| c.is_alphanumeric() && !unspaced(c))),
        })
        .sum()
}

/// A short line that names the author, or starts as bylines do.
fn is_byline(text: &str, author: Option<&str>) -> bool {
    if word_count(text) > SHORT_LINE {
        return false;
    }
    let lower = text.trim().to_lowercase();
    let by = ["by ", "par ", "von ", "por ", "di ", "door ", "written by "];
    by.iter().any(|b| lower.starts_with(b))
        || author.is_some_and(|a| {
            let a = letters(a);
            !a.is_empty() && letters(text).contains(&a)
        })
}

/// A short line with a date in it: a year, and a month's name or a day's number.
fn is_dateline(text: &str) -> bool {
    if word_count(text) > SHORT_LINE {
        return false;
    }
    let has_year = text
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| n.len() == 4 && (n.starts_with("19") || n.starts_with("20")));
    let lower = text.to_lowercase();
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let has_day = text
        .split(|c: char| !c.is_ascii_digit())
        .any(|n| (1..=2).contains(&n.len()))
        || MONTHS.iter().any(|m| lower.contains(m));
    has_year && has_day
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_with_or_without_spaces() {
        assert_eq!(word_count("The council met on Tuesday."), 5);
        assert_eq!(word_count("市议会周二通过了预算。"), 10);
        assert_eq!(word_count("東京都は2024年に"), 7);
    }
    use crate::import::markdown::blocks;

    fn roles(html: &str, text: &str, known: &Known) -> Vec<(String, Option<RoleName>)> {
        let chosen = choose(blocks(html, None), text, None, known);
        chosen
            .blocks
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let role = chosen
                    .roles
                    .iter()
                    .find(|(at, _)| *at == i)
                    .map(|(_, r)| *r);
                (b.plain.clone(), role)
            })
            .collect()
    }

    #[test]
    fn the_body_is_what_the_text_keeps_and_the_top_lines_get_roles() {
        let html = "<h1>Council passes the budget</h1><h2>A close vote</h2><p>By Ana Reyes</p>\
                    <p>Posted: Fri 6:45 PM, Feb 16, 2018</p><p>Share this</p>\
                    <p>The council passed the budget on Tuesday.</p><p>It was close.</p>\
                    <p>Previous Next</p>";
        let text = "The council passed the budget on Tuesday.\nIt was close.";
        let known = Known {
            title: Some("Council passes the budget"),
            author: Some("Ana Reyes"),
            description: None,
        };
        let got = roles(html, text, &known);
        let names: Vec<(&str, Option<&str>)> = got
            .iter()
            .map(|(t, r)| {
                let role = r.map(|r| match r {
                    RoleName::Headline => "headline",
                    RoleName::Standfirst => "standfirst",
                    RoleName::Byline => "byline",
                    RoleName::Dateline => "dateline",
                    RoleName::Caption => "caption",
                });
                (t.as_str(), role)
            })
            .collect();
        assert_eq!(
            names,
            vec![
                ("Council passes the budget", Some("headline")),
                ("A close vote", Some("standfirst")),
                ("By Ana Reyes", Some("byline")),
                ("Posted: Fri 6:45 PM, Feb 16, 2018", Some("dateline")),
                ("The council passed the budget on Tuesday.", None),
                ("It was close.", None),
            ]
        );
    }

    #[test]
    fn a_second_extractor_bounds_the_body_but_never_cuts_its_middle() {
        let sentence =
            |n: usize| format!("Paragraph {n} of the article says something of its own here.");
        let mut html: String = (1..=5).map(|n| format!("<p>{}</p>", sentence(n))).collect();
        html.push_str("<p>More stories: the harbour dredging starts in June</p>");
        let text: Vec<String> = (1..=5)
            .map(sentence)
            .chain(["More stories: the harbour dredging starts in June".to_string()])
            .collect();
        // The second extractor has paragraphs 1, 2, 4 and 5: not 3, nor the list after.
        let second: String = [1, 2, 4, 5].map(sentence).join(" ");
        let known = Known {
            title: None,
            author: None,
            description: None,
        };
        let chosen = choose(blocks(&html, None), &text.join("\n"), Some(&second), &known);
        let kept: Vec<&str> = chosen.blocks.iter().map(|b| b.plain.as_str()).collect();
        let expected: Vec<String> = (1..=5).map(sentence).collect();
        assert_eq!(kept, expected);
    }

    #[test]
    fn html_that_misses_the_text_gives_no_blocks() {
        let known = Known {
            title: None,
            author: None,
            description: None,
        };
        let chosen = choose(
            blocks("<p>Menu</p>", None),
            "A long article body.",
            None,
            &known,
        );
        assert!(chosen.blocks.is_empty());
    }
}
