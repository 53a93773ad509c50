//! Changing an annotation file as text. The parser tells where an entry's `id` was written;
//! from there the entry, a list in it or a section of the file are found by their
//! indentation, and new lines are inserted at their end. Nothing already in the file moves
//! or changes: its comments, blank lines and quoting stay byte for byte, so the change is a
//! plain addition in `git diff`. Shapes this cannot extend safely (an entry written as a flow
//! mapping `{ id: ... }`, a list behind an anchor or a tag) are refused with a reason.

use std::ops::Range;

mod lists;
mod sections;

pub use lists::{add_list_item, remove_list_item};
pub use sections::append_entry;

/// Why a file could not be extended where asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

/// A file's lines: byte ranges without their line break. As in YAML, a line ends at `\n`,
/// `\r\n` or a lone `\r`, so that the lines counted here are the parser's.
pub(super) struct Lines<'a> {
    pub(super) text: &'a str,
    pub(super) ranges: Vec<Range<usize>>,
    /// Where each line's successor starts (the end of the text for the last).
    next: Vec<usize>,
}

impl<'a> Lines<'a> {
    pub(super) fn new(text: &'a str) -> Lines<'a> {
        let bytes = text.as_bytes();
        let (mut ranges, mut next) = (Vec::new(), Vec::new());
        let mut start = 0;
        let mut at = 0;
        while at < bytes.len() {
            match bytes[at] {
                b'\n' => {
                    ranges.push(start..at);
                    next.push(at + 1);
                    start = at + 1;
                }
                b'\r' => {
                    let width = if bytes.get(at + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                    ranges.push(start..at);
                    next.push(at + width);
                    start = at + width;
                    at += width - 1;
                }
                _ => {}
            }
            at += 1;
        }
        if start < text.len() {
            ranges.push(start..text.len());
            next.push(text.len());
        }
        Lines { text, ranges, next }
    }

    pub(super) fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Line `i` (0-based), without its line break.
    pub(super) fn get(&self, i: usize) -> &'a str {
        &self.text[self.ranges[i].clone()]
    }

    /// The byte right after line `i`'s line break (the end of the text if it has none).
    pub(super) fn after(&self, i: usize) -> usize {
        self.next[i]
    }

    /// The 1-based line that byte `at` is on.
    pub(super) fn line_of(&self, at: usize) -> usize {
        self.ranges.partition_point(|r| r.start <= at).max(1)
    }

    pub(super) fn is_blank(&self, i: usize) -> bool {
        self.get(i).trim().is_empty()
    }

    pub(super) fn is_comment(&self, i: usize) -> bool {
        self.get(i).trim_start().starts_with('#')
    }

    pub(super) fn indent(&self, i: usize) -> usize {
        let line = self.get(i);
        line.len() - line.trim_start_matches(' ').len()
    }

    /// The line break the file uses: `\r\n` when its first line ends so.
    pub(super) fn newline(&self) -> &'static str {
        match self.text.find('\n') {
            Some(at) if at > 0 && self.text.as_bytes()[at - 1] == b'\r' => "\r\n",
            _ => "\n",
        }
    }
}

/// An entry of a section: a block mapping that is an item of a block sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The column (0-based) of the entry's keys.
    pub key_column: usize,
    /// 0-based lines: the item's `-` line and its last line with content.
    pub first_line: usize,
    pub last_line: usize,
}

/// The entry whose `id` value was written at 1-based `line` and `column`.
pub fn find_entry(text: &str, line: usize, column: usize) -> Result<Entry, Unsupported> {
    let lines = Lines::new(text);
    let id_line = line
        .checked_sub(1)
        .filter(|&l| l < lines.len())
        .ok_or_else(|| Unsupported("the entry's place in the file is out of date".into()))?;
    let row = lines.get(id_line);
    let value_at = row
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(row.len(), |(at, _)| at);
    let before = row[..value_at].trim_end();
    let Some(key_part) = before.strip_suffix(':') else {
        return Err(Unsupported(
            "the entry's id is not written as `id: ...` on one line".into(),
        ));
    };
    let key_part = key_part.trim_end();
    if key_part.contains('{') || key_part.contains('[') {
        return Err(Unsupported(
            "the entry is written as a flow mapping (`{ id: ... }`); write it as a block (`- id: ...` on lines of their own) to edit it from the page".into(),
        ));
    }
    let key_column = key_part.rfind([' ', '-']).map_or(0, |at| at + 1);
    // The item starts at the line with its `-` left of the keys (`- id:` or `-   id:`).
    let is_item_start = |row: &str| {
        row.get(..key_column).is_some_and(|lead| {
            let lead = lead.trim_start_matches(' ');
            lead.starts_with('-') && lead.len() > 1 && lead[1..].bytes().all(|b| b == b' ')
        })
    };
    let mut first_line = id_line;
    loop {
        let here = lines.get(first_line);
        if is_item_start(here) {
            break;
        }
        if first_line == 0 || (!lines.is_blank(first_line) && lines.indent(first_line) < key_column)
        {
            return Err(Unsupported(
                "the entry is not an item of a list (`- id: ...`)".into(),
            ));
        }
        first_line -= 1;
    }
    // Comments, at any indentation, neither end an entry nor are its last line.
    let mut last_line = id_line;
    for l in id_line + 1..lines.len() {
        if lines.is_blank(l) || lines.is_comment(l) {
            continue;
        }
        if lines.indent(l) < key_column {
            break;
        }
        last_line = l;
    }
    Ok(Entry {
        key_column,
        first_line,
        last_line,
    })
}

/// The value of a list key of an entry, as written.
/// Where the key `key` of the mapping whose keys start at `column` begins its value on line
/// `l`, if line `l` holds it: the rest of the line after `key:`.
pub(super) fn key_on_line<'a>(row: &'a str, column: usize, key: &str) -> Option<&'a str> {
    let at = row.get(column..)?;
    if !row[..column].chars().all(|c| c == ' ' || c == '-') {
        return None;
    }
    for written in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
        if let Some(rest) = at.strip_prefix(written.as_str()) {
            let rest = rest.trim_start_matches(' ');
            if let Some(value) = rest.strip_prefix(':')
                && (value.is_empty() || value.starts_with([' ', '\t']))
            {
                return Some(value);
            }
        }
    }
    None
}

/// A value that stands for an empty list but cannot be followed by items: `~`, `null`.
pub(super) fn is_null_word(value: &str) -> bool {
    let value = value.split(" #").next().unwrap_or("").trim();
    matches!(value, "~" | "null" | "Null" | "NULL")
}

/// Whether the value after `key:` is empty (the list's items, if any, follow on lines of
/// their own), or why it cannot be added to.
pub(super) fn block_value(value: &str, key: &str) -> Result<(), Unsupported> {
    let value = value.trim_start_matches([' ', '\t']);
    if is_null_word(value) {
        return Err(Unsupported(format!(
            "`{key}:` is written as `~` or `null`; write `{key}:` with nothing after it to add to it from the page"
        )));
    }
    if value.is_empty() || value.starts_with('#') {
        Ok(())
    } else {
        Err(Unsupported(format!(
            "`{key}:` is not written as a list this can add to (`{key}:` with `- ` items under it, or `[ ... ]`)"
        )))
    }
}

/// The block sequence under the key on line `key_line`: its items' lines start with `-` at
/// one column (no further left than `key_column`), and what follows each at a deeper indent
/// belongs to it; blank and comment lines are passed over.
pub(super) struct BlockItems {
    /// The column of the items' dashes; `None` when no item follows the key.
    pub dash_column: Option<usize>,
    /// The last line of the last item, or the key's line when there is none.
    pub last_line: usize,
    /// The line each item starts on.
    pub items: Vec<usize>,
}

pub(super) fn block_items(lines: &Lines, key_line: usize, key_column: usize) -> BlockItems {
    let mut found = BlockItems {
        dash_column: None,
        last_line: key_line,
        items: Vec::new(),
    };
    for l in key_line + 1..lines.len() {
        if lines.is_blank(l) || lines.is_comment(l) {
            continue;
        }
        let indent = lines.indent(l);
        let is_item = lines.get(l)[indent..].starts_with('-');
        match found.dash_column {
            None if is_item && indent >= key_column => found.dash_column = Some(indent),
            None => break,
            Some(dash) if indent > dash || (indent == dash && is_item) => {}
            Some(_) => break,
        }
        if is_item && Some(indent) == found.dash_column {
            found.items.push(l);
        }
        found.last_line = l;
    }
    found
}

/// `text` with `added` inserted at byte `at`.
pub(super) fn spliced(text: &str, at: usize, added: &str) -> String {
    let mut out = String::with_capacity(text.len() + added.len());
    out.push_str(&text[..at]);
    out.push_str(added);
    out.push_str(&text[at..]);
    out
}

/// Inserts whole lines after 0-based line `l`, with the file's line breaks; when that line
/// is the last and has no break, one is added first. Returns the new text and the 1-based
/// line the first inserted line has.
pub(super) fn insert_after_line(text: &str, l: usize, new_lines: &[String]) -> (String, usize) {
    let lines = Lines::new(text);
    let nl = lines.newline();
    let mut added = String::new();
    let at = if lines.len() == 0 {
        0
    } else {
        let at = lines.after(l);
        if !text[..at].ends_with(['\n', '\r']) {
            added.push_str(nl);
        }
        at
    };
    for line in new_lines {
        added.push_str(line);
        added.push_str(nl);
    }
    (
        spliced(text, at, &added),
        if lines.len() == 0 { 1 } else { l + 2 },
    )
}

/// What the tests of both halves edit.
#[cfg(test)]
mod fixture {
    pub const PEOPLE: &str = "# The register.\npeople:\n  - id: ann   # first\n    name: Ann\n    mentions:\n      - { article: a, quote: \"x\" }\n      - article: b\n        quote: y\n\n  - id: bob\n    name: Bob\n\n  - name: Cy\n    id: cy\n    mentions: [{ article: a, quote: q }]\n  - id: dee\n    name: Dee\n    mentions:\n";

    /// Every line of `before` is in `after`, in order.
    pub fn only_added(before: &str, after: &str) -> bool {
        let mut rest = after.lines();
        before.lines().all(|line| rest.any(|l| l == line))
    }
}
