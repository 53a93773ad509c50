//! Lists inside an entry (`mentions`, `appearances`, `layout`): where one is and how it is
//! written, and adding an item at its end or taking one out.

use super::{
    BlockItems, Entry, Lines, Unsupported, block_items, block_value, find_entry, insert_after_line,
    key_on_line, spliced,
};

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
    /// `key: [ ... ]`: where to insert (right after its last item, or after the `[` when it
    /// has none), and whether it holds items.
    Flow { insert_at: usize, has_items: bool },
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
        let value = value.trim_start_matches([' ', '\t']);
        if value.starts_with('[') {
            let open = lines.ranges[l].end - value.len();
            let (insert_at, has_items) = flow_end(lines.text, open).ok_or_else(|| {
                Unsupported(format!("the list `{key}:` does not end where expected"))
            })?;
            return Ok(ListValue::Flow {
                insert_at,
                has_items,
            });
        }
        block_value(value, key)?;
        let BlockItems {
            dash_column,
            last_line,
            ..
        } = block_items(lines, l, entry.key_column);
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

/// Where to insert into the flow sequence opening at `open`: right after its last item
/// (before any comment or line break that follows it), or right after the `[` when it holds
/// none; and whether it holds items. Quoted strings are skipped, but a quote inside a plain
/// scalar (`Trump's`) starts none.
fn flow_end(text: &str, open: usize) -> Option<(usize, bool)> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut has_items = false;
    // The end of the last thing that is neither white space, a comma nor a comment.
    let mut content_end = open + 1;
    // The last byte that was not white space: what a quote follows when it opens a scalar.
    let mut previous = b'[';
    let mut at = open;
    while at < bytes.len() {
        let byte = bytes[at];
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > 1 {
                    has_items = true;
                    content_end = at + 1;
                }
            }
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some((content_end, has_items));
                }
                content_end = at + 1;
            }
            b'"' | b'\'' if matches!(previous, b'[' | b'{' | b',' | b':') => {
                has_items = true;
                at += 1;
                while at < bytes.len() && bytes[at] != byte {
                    if byte == b'"' && bytes[at] == b'\\' {
                        at += 1;
                    } else if byte == b'\'' && bytes[at] == b'\'' {
                        break;
                    }
                    at += 1;
                }
                if byte == b'\'' {
                    // `''` inside a single-quoted scalar is one quote, not its end.
                    while bytes.get(at + 1) == Some(&b'\'') {
                        at += 2;
                        while at < bytes.len() && bytes[at] != b'\'' {
                            at += 1;
                        }
                    }
                }
                content_end = at + 1;
            }
            b'#' if at > 0 && bytes[at - 1].is_ascii_whitespace() => {
                while at < bytes.len() && !matches!(bytes[at], b'\n' | b'\r') {
                    at += 1;
                }
                continue;
            }
            b',' => {}
            c if c.is_ascii_whitespace() => {}
            _ => {
                has_items = true;
                content_end = at + 1;
            }
        }
        if !byte.is_ascii_whitespace() {
            previous = byte;
        }
        at += 1;
    }
    None
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
        ListValue::Flow {
            insert_at,
            has_items,
        } => {
            let joined = if has_items {
                format!(", {item}")
            } else {
                item.to_string()
            };
            let new_text = spliced(text, insert_at, &joined);
            let at_line = lines.line_of(insert_at);
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
        if lines.is_blank(l) || lines.is_comment(l) {
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

#[cfg(test)]
mod tests {
    use super::super::fixture::{PEOPLE, only_added};
    use super::*;

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
        assert!(text.contains("    mentions: [{ article: a, quote: q }, { article: c }]\n"));
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
    fn flow_lists_take_the_item_after_their_last_one_whatever_follows_it() {
        let add = |text: &str| add_list_item(text, 2, 9, "mentions", "{ n: 2 }").unwrap().0;
        // A quote inside a plain scalar opens no string.
        let text = "people:\n  - id: ann\n    mentions: [{ quote: Ann's }]\n  - id: bob\n    mentions: [{ quote: x }]\n";
        assert_eq!(
            add(text),
            text.replace("[{ quote: Ann's }]", "[{ quote: Ann's }, { n: 2 }]")
        );
        // A comment before the bracket stays a comment, after the new item.
        let text = "people:\n  - id: ann\n    mentions: [\n      { n: 1 },  # the first\n    ]\n";
        assert_eq!(add(text), text.replace("{ n: 1 },", "{ n: 1 }, { n: 2 },"));
        let text = "people:\n  - id: ann\n    mentions: [  # none yet\n    ]\n";
        assert_eq!(add(text), text.replace("[  #", "[{ n: 2 }  #"));
        let text = "people:\n  - id: ann\n    mentions: ['it''s', \"a\\\"b\"]\n";
        assert_eq!(add(text), text.replace("\"]", "\", { n: 2 }]"));
    }

    #[test]
    fn comments_and_wide_dashes_inside_an_entry_are_part_of_it() {
        let text = "people:\n  -   id: ann\n# a note\n      name: Ann\n  # another\n      mentions:\t# soon\n";
        let (new_text, line) = add_list_item(text, 2, 11, "mentions", "{ n: 1 }").unwrap();
        assert_eq!(new_text, format!("{text}        - {{ n: 1 }}\n"));
        assert_eq!(line, 7);
        let error = add_list_item(
            "people:\n  - id: ann\n    mentions: ~\n",
            2,
            9,
            "mentions",
            "{}",
        )
        .unwrap_err();
        assert!(error.0.contains("`~` or `null`"), "{error:?}");
    }

    #[test]
    fn flow_entries_are_refused_with_a_reason() {
        let text = "people:\n  - { id: ann, name: Ann }\n";
        let error = add_list_item(text, 2, 10, "mentions", "{}").unwrap_err();
        assert!(error.0.contains("flow mapping"), "{error:?}");
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line_as_it_does_for_the_parser() {
        let text = "people:\n  # note\r  - id: ann\n    name: Ann\n";
        let (new_text, line) = add_list_item(text, 3, 9, "mentions", "{ n: 1 }").unwrap();
        assert_eq!(
            new_text,
            format!("{text}    mentions:\n      - {{ n: 1 }}\n")
        );
        assert_eq!(line, 6);
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
