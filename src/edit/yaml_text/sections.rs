//! Sections of a file (`people:`, `claims:`, ...): appending a new entry at the end of one,
//! or adding the section when the file has none.

use super::{
    BlockItems, Lines, Unsupported, block_items, block_value, insert_after_line, key_on_line,
};

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
    let value = key_on_line(lines.get(key_line), 0, section).unwrap_or("");
    block_value(value, section)?;
    let BlockItems {
        dash_column,
        last_line,
        items,
    } = block_items(&lines, key_line, 0);
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
    use super::super::fixture::{PEOPLE, only_added};
    use super::*;

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
}
