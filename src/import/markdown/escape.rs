//! What Markdown would read as markup in a page's text, escaped; code spans and link
//! destinations Markdown reads whole.

/// The longest run of `c` in `text`.
pub(super) fn longest_run(text: &str, c: char) -> usize {
    let (mut longest, mut run) = (0, 0);
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// A link destination Markdown reads whole.
pub(super) fn destination(href: &str) -> String {
    if href.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", href.replace('<', "%3C").replace('>', "%3E"))
    } else {
        href.to_string()
    }
}

/// `word` with what Markdown would read as markup escaped; `line_start` when it opens a line,
/// where `#`, `>`, `-`, `+`, `=` and `1.` mean something too.
pub(super) fn escape(word: &str, line_start: bool) -> String {
    let mut out = String::with_capacity(word.len() + 4);
    let chars: Vec<char> = word.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let escape = match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '~' => true,
            // Only where it could start a tag or an autolink.
            '<' => chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            // Only where it could start an entity.
            '&' => entity_follows(&chars[i + 1..]),
            '#' | '>' | '+' | '=' | '-' | '|' => line_start && i == 0,
            '.' | ')' => {
                line_start && i > 0 && i <= 9 && chars[..i].iter().all(char::is_ascii_digit)
            }
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn entity_follows(rest: &[char]) -> bool {
    let name: Vec<&char> = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.len()) == Some(&';')
}
