//! Changing an annotation file as text. The parser tells where an entry's `id` was written;
//! from there the entry, a list in it or a section of the file are found by their
//! indentation, and new lines are inserted at their end. Nothing already in the file moves
//! or changes: its comments, blank lines and quoting stay byte for byte, so the change is a
//! plain addition in `git diff`. Shapes this cannot extend safely (an entry written as a flow
//! mapping `{ id: ... }`, a list behind an anchor or a tag) are refused with a reason.

use std::ops::Range;

/// Why a file could not be extended where asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unsupported(pub String);

/// A file's lines: byte ranges without their line break.
struct Lines<'a> {
    text: &'a str,
    ranges: Vec<Range<usize>>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Lines<'a> {
        let mut ranges = Vec::new();
        let mut start = 0;
        for (at, _) in text.match_indices('\n') {
            let end = if at > start && text.as_bytes()[at - 1] == b'\r' {
                at - 1
            } else {
                at
            };
            ranges.push(start..end);
            start = at + 1;
        }
        if start < text.len() {
            ranges.push(start..text.len());
        }
        Lines { text, ranges }
    }

    fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Line `i` (0-based), without its line break.
    fn get(&self, i: usize) -> &'a str {
        &self.text[self.ranges[i].clone()]
    }

    /// The byte right after line `i`'s line break (the end of the text if it has none).
    fn after(&self, i: usize) -> usize {
        let end = self.ranges[i].end;
        match self.text[end..].find('\n') {
            Some(at) => end + at + 1,
            None => self.text.len(),
        }
    }

    fn is_blank(&self, i: usize) -> bool {
        self.get(i).trim().is_empty()
    }

    fn is_comment(&self, i: usize) -> bool {
        self.get(i).trim_start().starts_with('#')
    }

    fn indent(&self, i: usize) -> usize {
        let line = self.get(i);
        line.len() - line.trim_start_matches(' ').len()
    }

    /// The line break the file uses: `\r\n` when its first line ends so.
    fn newline(&self) -> &'static str {
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
    // The item starts at the line with its `-` two columns left of the keys.
    let mut first_line = id_line;
    loop {
        let here = lines.get(first_line);
        if key_column >= 2 && here.get(key_column - 2..key_column) == Some("- ") {
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
    let mut last_line = id_line;
    for l in id_line + 1..lines.len() {
        if lines.is_blank(l) {
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
#[derive(Debug, Clone, PartialEq, Eq)]
enum ListValue {
    /// The entry has no such key.
    Absent,
    /// `key:` with nothing under it, at 0-based line `key_line`.
    Empty { key_line: usize },
    /// `key:` followed by `- ` items, the dashes at `dash_column`, the last item ending at
    /// 0-based `last_line`.
    Block {
        dash_column: usize,
        last_line: usize,
    },
    /// `key: [ ... ]`: the byte offset of the closing bracket, and whether it holds items.
    Flow { close: usize, has_items: bool },
}

/// Where the key `key` of the mapping whose keys start at `column` begins its value on line
/// `l`, if line `l` holds it: the rest of the line after `key:`.
fn key_on_line<'a>(row: &'a str, column: usize, key: &str) -> Option<&'a str> {
    let at = row.get(column..)?;
    if !row[..column].chars().all(|c| c == ' ' || c == '-') {
        return None;
    }
    for written in [key.to_string(), format!("\"{key}\""), format!("'{key}'")] {
        if let Some(rest) = at.strip_prefix(written.as_str()) {
            let rest = rest.trim_start_matches(' ');
            if let Some(value) = rest.strip_prefix(':')
                && (value.is_empty() || value.starts_with(' '))
            {
                return Some(value);
            }
        }
    }
    None
}

fn list_value(lines: &Lines, entry: &Entry, key: &str) -> Result<ListValue, Unsupported> {
    for l in entry.first_line..=entry.last_line {
        let row = lines.get(l);
        if l != entry.first_line && lines.indent(l) != entry.key_column {
            continue;
        }
        let Some(value) = key_on_line(row, entry.key_column, key) else {
            continue;
        };
        let value = value.trim_start();
        if value.starts_with('[') {
            let open = lines.ranges[l].end - value.len();
            let (close, has_items) = flow_end(lines.text, open).ok_or_else(|| {
                Unsupported(format!("the list `{key}:` does not end where expected"))
            })?;
            return Ok(ListValue::Flow { close, has_items });
        }
        if !(value.is_empty() || value.starts_with('#') || value == "~" || value == "null") {
            return Err(Unsupported(format!(
                "`{key}:` is not written as a list this can add to (`{key}:` with `- ` items under it, or `[ ... ]`)"
            )));
        }
        // The items: lines starting with `- ` at one column, and what belongs to them.
        let mut dash_column = None;
        let mut last_line = l;
        for next in l + 1..lines.len() {
            if lines.is_blank(next) || lines.is_comment(next) {
                continue;
            }
            let indent = lines.indent(next);
            let is_item = lines.get(next)[indent..].starts_with('-');
            match dash_column {
                None if is_item && indent >= entry.key_column => dash_column = Some(indent),
                None => break,
                Some(dash) if indent > dash || (indent == dash && is_item) => {}
                Some(_) => break,
            }
            last_line = next;
        }
        return Ok(match dash_column {
            Some(dash_column) => ListValue::Block {
                dash_column,
                last_line,
            },
            None => ListValue::Empty { key_line: l },
        });
    }
    Ok(ListValue::Absent)
}

/// The byte offset of the `]` that closes the flow sequence opening at `open`, and whether
/// anything but white space and comments stands between them; quoted strings are skipped.
fn flow_end(text: &str, open: usize) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut has_items = false;
    let mut at = open;
    while at < bytes.len() {
        match bytes[at] {
            b'[' | b'{' => {
                depth += 1;
                if depth > 1 {
                    has_items = true;
                }
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((at, has_items));
                }
            }
            b'"' => {
                has_items = true;
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    if bytes[at] == b'\\' {
                        at += 1;
                    }
                    at += 1;
                }
            }
            b'\'' => {
                has_items = true;
                at += 1;
                while at < bytes.len() {
                    if bytes[at] == b'\'' {
                        if bytes.get(at + 1) == Some(&b'\'') {
                            at += 1;
                        } else {
                            break;
                        }
                    }
                    at += 1;
                }
            }
            b'#' if at > 0 && bytes[at - 1].is_ascii_whitespace() => {
                while at < bytes.len() && bytes[at] != b'\n' {
                    at += 1;
                }
            }
            c if !c.is_ascii_whitespace() && c != b',' => has_items = true,
            _ => {}
        }
        at += 1;
    }
    None
}

/// `text` with `added` inserted at byte `at`.
fn spliced(text: &str, at: usize, added: &str) -> String {
    let mut out = String::with_capacity(text.len() + added.len());
    out.push_str(&text[..at]);
    out.push_str(added);
    out.push_str(&text[at..]);
    out
}

/// Inserts whole lines after 0-based line `l`, with the file's line breaks; when that line
/// is the last and has no break, one is added first. Returns the new text and the 1-based
/// line the first inserted line has.
fn insert_after_line(text: &str, l: usize, new_lines: &[String]) -> (String, usize) {
    let lines = Lines::new(text);
    let nl = lines.newline();
    let mut added = String::new();
    let at = if lines.len() == 0 {
        0
    } else {
        let at = lines.after(l);
        if !text[..at].ends_with('\n') {
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

/// Adds `item` (a flow mapping on one line, `{ ... }`) to the list `key` of the entry whose
/// id was written at `line`:`column`, creating the key when the entry has none. Returns the
/// new text and the 1-based line of the new item.
pub fn add_list_item(
    text: &str,
    line: usize,
    column: usize,
    key: &str,
    item: &str,
) -> Result<(String, usize), Unsupported> {
    let entry = find_entry(text, line, column)?;
    let lines = Lines::new(text);
    let pad = |n: usize| " ".repeat(n);
    Ok(match list_value(&lines, &entry, key)? {
        ListValue::Absent => {
            let (text, at) = insert_after_line(
                text,
                entry.last_line,
                &[
                    format!("{}{key}:", pad(entry.key_column)),
                    format!("{}- {item}", pad(entry.key_column + 2)),
                ],
            );
            (text, at + 1)
        }
        ListValue::Empty { key_line } => insert_after_line(
            text,
            key_line,
            &[format!("{}- {item}", pad(entry.key_column + 2))],
        ),
        ListValue::Block {
            dash_column,
            last_line,
        } => insert_after_line(text, last_line, &[format!("{}- {item}", pad(dash_column))]),
        ListValue::Flow { close, has_items } => {
            let before = text[..close].trim_end();
            let joined = if !has_items || before.ends_with(',') || before.ends_with('[') {
                format!(" {item} ")
            } else {
                format!(", {item} ")
            };
            let new_text = spliced(text, before.len(), &joined);
            let at_line = text[..close].matches('\n').count() + 1;
            (new_text, at_line)
        }
    })
}

/// Removes, from the list `key` of the entry whose id was written at `line`:`column`, the
/// item with a value on 1-based line `item_line`: its lines, from its `-` to its last, and
/// nothing else. Items of a flow list (`[ ... ]`) are not removed. Returns the new text and
/// the 1-based line the item began on.
pub fn remove_list_item(
    text: &str,
    line: usize,
    column: usize,
    key: &str,
    item_line: usize,
) -> Result<(String, usize), Unsupported> {
    let entry = find_entry(text, line, column)?;
    let lines = Lines::new(text);
    let ListValue::Block {
        dash_column,
        last_line,
    } = list_value(&lines, &entry, key)?
    else {
        return Err(Unsupported(format!(
            "`{key}:` is not a list of `- ` items on lines of their own"
        )));
    };
    let at = item_line.saturating_sub(1).min(last_line);
    let is_dash =
        |l: usize| lines.indent(l) == dash_column && lines.get(l)[dash_column..].starts_with('-');
    let Some(first) = (entry.first_line..=at).rev().find(|&l| is_dash(l)) else {
        return Err(Unsupported(format!("the item is not in `{key}:`")));
    };
    let mut last = first;
    for l in first + 1..=last_line {
        if lines.is_blank(l) {
            continue;
        }
        if lines.indent(l) <= dash_column {
            break;
        }
        last = l;
    }
    let start = lines.ranges[first].start;
    let end = lines.after(last);
    Ok((format!("{}{}", &text[..start], &text[end..]), first + 1))
}

/// Appends an entry (its lines as written at column 0: `- id: ...`, `  name: ...`) to the
/// section `section` of a file (`people`, `claims`, ...), adding the section when the file
/// has none. Returns the new text and the 1-based line of the entry's first line.
pub fn append_entry(
    text: &str,
    section: &str,
    entry: &[String],
) -> Result<(String, usize), Unsupported> {
    let lines = Lines::new(text);
    let key = (0..lines.len()).find(|&l| key_on_line(lines.get(l), 0, section).is_some());
    let Some(key_line) = key else {
        // No such section: a new one at the end, after a blank line.
        let mut new_lines = Vec::new();
        if lines.len() > 0 && !lines.is_blank(lines.len() - 1) {
            new_lines.push(String::new());
        }
        new_lines.push(format!("{section}:"));
        let first = new_lines.len();
        new_lines.extend(entry.iter().map(|l| format!("  {l}")));
        let last = lines.len().saturating_sub(1);
        let (text, at) = insert_after_line(text, last, &new_lines);
        return Ok((text, at + first));
    };
    let value = key_on_line(lines.get(key_line), 0, section)
        .unwrap_or("")
        .trim();
    if !(value.is_empty() || value.starts_with('#') || value == "~" || value == "null") {
        return Err(Unsupported(format!(
            "the section `{section}:` is not written as a list with `- ` items under it"
        )));
    }
    let mut dash_column = None;
    let mut last_line = key_line;
    let mut items = Vec::new();
    for l in key_line + 1..lines.len() {
        if lines.is_blank(l) || lines.is_comment(l) {
            continue;
        }
        let indent = lines.indent(l);
        let is_item = lines.get(l)[indent..].starts_with('-');
        match dash_column {
            None if is_item => dash_column = Some(indent),
            None => break,
            Some(dash) if indent > dash || (indent == dash && is_item) => {}
            Some(_) => break,
        }
        if is_item && Some(indent) == dash_column {
            items.push(l);
        }
        last_line = l;
    }
    let dash = dash_column.unwrap_or(2);
    // Entries apart by a blank line stay so.
    let spaced = items.windows(2).any(|pair| lines.is_blank(pair[1] - 1));
    let mut new_lines = Vec::new();
    if spaced {
        new_lines.push(String::new());
    }
    let first = new_lines.len();
    new_lines.extend(entry.iter().map(|l| format!("{}{l}", " ".repeat(dash))));
    let (text, at) = insert_after_line(text, last_line, &new_lines);
    Ok((text, at + first))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEOPLE: &str = "# The register.\npeople:\n  - id: ann   # first\n    name: Ann\n    mentions:\n      - { article: a, quote: \"x\" }\n      - article: b\n        quote: y\n\n  - id: bob\n    name: Bob\n\n  - name: Cy\n    id: cy\n    mentions: [{ article: a, quote: q }]\n  - id: dee\n    name: Dee\n    mentions:\n";

    /// Every line of `before` is in `after`, in order.
    fn only_added(before: &str, after: &str) -> bool {
        let mut rest = after.lines();
        before.lines().all(|line| rest.any(|l| l == line))
    }

    #[test]
    fn an_item_goes_after_the_last_item_of_a_block_list() {
        let (text, line) = add_list_item(PEOPLE, 3, 9, "mentions", "{ article: c }").unwrap();
        assert!(only_added(PEOPLE, &text));
        assert_eq!(text.lines().nth(line - 1), Some("      - { article: c }"));
        assert_eq!(line, 9);
    }

    #[test]
    fn a_list_the_entry_lacks_is_added_at_its_end() {
        let (text, line) = add_list_item(PEOPLE, 10, 9, "mentions", "{ article: c }").unwrap();
        assert!(only_added(PEOPLE, &text));
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[line - 2], "    mentions:");
        assert_eq!(lines[line - 1], "      - { article: c }");
        assert_eq!(lines[line - 3], "    name: Bob");
    }

    #[test]
    fn flow_lists_and_empty_keys_are_extended_in_place() {
        let (text, line) = add_list_item(PEOPLE, 14, 9, "mentions", "{ article: c }").unwrap();
        assert!(text.contains("    mentions: [{ article: a, quote: q }, { article: c } ]\n"));
        assert_eq!(line, 15);
        let (text, line) = add_list_item(PEOPLE, 16, 9, "mentions", "{ article: c }").unwrap();
        assert!(
            text.ends_with("    mentions:\n      - { article: c }\n"),
            "{text}"
        );
        assert_eq!(line, 19);
    }

    #[test]
    fn an_item_is_removed_with_its_lines_only() {
        let (text, line) = remove_list_item(PEOPLE, 3, 9, "mentions", 7).unwrap();
        assert_eq!(line, 7);
        assert_eq!(
            text,
            PEOPLE.replace("      - article: b\n        quote: y\n", "")
        );
        let (text, _) = remove_list_item(PEOPLE, 3, 9, "mentions", 6).unwrap();
        assert_eq!(
            text,
            PEOPLE.replace("      - { article: a, quote: \"x\" }\n", "")
        );
        let error = remove_list_item(PEOPLE, 14, 9, "mentions", 15).unwrap_err();
        assert!(error.0.contains("not a list"), "{error:?}");
    }

    #[test]
    fn flow_entries_are_refused_with_a_reason() {
        let text = "people:\n  - { id: ann, name: Ann }\n";
        let error = add_list_item(text, 2, 10, "mentions", "{}").unwrap_err();
        assert!(error.0.contains("flow mapping"), "{error:?}");
    }

    #[test]
    fn entries_are_appended_to_their_section_keeping_its_spacing() {
        let entry = vec!["- id: eve".to_string(), "  name: Eve".to_string()];
        let (text, line) = append_entry(PEOPLE, "people", &entry).unwrap();
        assert!(only_added(PEOPLE, &text));
        assert!(
            text.ends_with("    mentions:\n\n  - id: eve\n    name: Eve\n"),
            "{text}"
        );
        assert_eq!(text.lines().nth(line - 1), Some("  - id: eve"));
        let (text, line) =
            append_entry("claims:\n- id: a\n  x: 1\n# end\n", "people", &entry).unwrap();
        assert_eq!(
            text,
            "claims:\n- id: a\n  x: 1\n# end\n\npeople:\n  - id: eve\n    name: Eve\n"
        );
        assert_eq!(line, 7);
        let (text, line) = append_entry("", "people", &entry).unwrap();
        assert_eq!(text, "people:\n  - id: eve\n    name: Eve\n");
        assert_eq!(line, 2);
        let (text, _) = append_entry("people:\n- id: a\nclaims: []", "people", &entry).unwrap();
        assert_eq!(text, "people:\n- id: a\n- id: eve\n  name: Eve\nclaims: []");
    }

    #[test]
    fn crlf_files_keep_their_line_breaks() {
        let before = "people:\r\n  - id: ann\r\n    name: Ann";
        let (text, _) = add_list_item(before, 2, 9, "mentions", "{ a: b }").unwrap();
        assert_eq!(
            text,
            "people:\r\n  - id: ann\r\n    name: Ann\r\n    mentions:\r\n      - { a: b }\r\n"
        );
    }
}
