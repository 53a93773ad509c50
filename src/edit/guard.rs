//! The last check before a file is replaced: read as data, without the places, the changed
//! file must be the old one with exactly the planned change (one item more at the end of one
//! entry's list, one entry more at the end of one section, or one item fewer) and nothing
//! else. Editing the text at the parser's places is meant to guarantee that; this makes sure
//! of it, so that a layout the text edit misjudged is refused, never written wrong.

use serde_json::Value;

/// A planned change, in the terms of the file's data.
#[derive(Debug, Clone)]
pub enum Change {
    /// `item` (YAML text of one flow mapping) appended to list `key` of the entry `id` of
    /// `section`, the key created if absent.
    AddItem {
        section: &'static str,
        id: String,
        key: &'static str,
        item: String,
    },
    /// An entry (its YAML lines, `- id: ...`) appended to `section`.
    AppendEntry {
        section: &'static str,
        lines: Vec<String>,
    },
    /// Item `index` taken out of list `key` of the entry `id` of `section`.
    RemoveItem {
        section: &'static str,
        id: String,
        key: &'static str,
        index: usize,
    },
}

fn parse(text: &str) -> Option<Value> {
    if text.trim().is_empty() {
        return Some(Value::Object(Default::default()));
    }
    match serde_saphyr::from_str::<Value>(text).ok()? {
        Value::Null => Some(Value::Object(Default::default())),
        value => Some(value),
    }
}

/// The list at `key` of the entry with `id` in `section`, created (empty) if absent.
fn list_of<'v>(
    data: &'v mut Value,
    section: &str,
    id: &str,
    key: &str,
) -> Option<&'v mut Vec<Value>> {
    let entries = data.get_mut(section)?.as_array_mut()?;
    let entry = entries
        .iter_mut()
        .find(|e| e.get("id").and_then(Value::as_str).map(str::trim) == Some(id))?
        .as_object_mut()?;
    let list = entry.entry(key).or_insert(Value::Array(Vec::new()));
    if list.is_null() {
        *list = Value::Array(Vec::new());
    }
    list.as_array_mut()
}

/// Whether `new` is `old` with exactly `change` made.
pub fn changed_as_planned(old: &str, new: &str, change: &Change) -> bool {
    let (Some(mut expected), Some(actual)) = (parse(old), parse(new)) else {
        return false;
    };
    let done = match change {
        Change::AddItem {
            section,
            id,
            key,
            item,
        } => match (parse(item), list_of(&mut expected, section, id, key)) {
            (Some(item), Some(list)) => {
                list.push(item);
                true
            }
            _ => false,
        },
        Change::AppendEntry { section, lines } => {
            let entry = parse(&lines.join("\n")).and_then(|v| v.as_array()?.first().cloned());
            match (entry, expected.as_object_mut()) {
                (Some(entry), Some(file)) => {
                    let list = file
                        .entry(section.to_string())
                        .or_insert(Value::Array(Vec::new()));
                    if list.is_null() {
                        *list = Value::Array(Vec::new());
                    }
                    match list.as_array_mut() {
                        Some(list) => {
                            list.push(entry);
                            true
                        }
                        None => false,
                    }
                }
                _ => false,
            }
        }
        Change::RemoveItem {
            section,
            id,
            key,
            index,
        } => match list_of(&mut expected, section, id, key) {
            Some(list) if *index < list.len() => {
                list.remove(*index);
                true
            }
            _ => false,
        },
    };
    // A list emptied by a removal reads back as `key:` with nothing, which is null:
    // `list_of` makes it the empty list it means.
    let normal = |mut v: Value| {
        if let Change::RemoveItem {
            section, id, key, ..
        } = change
        {
            list_of(&mut v, section, id, key);
        }
        v
    };
    done && normal(expected) == normal(actual)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "people:\n  - id: ann\n    mentions: [{ q: a }]\n  - id: bob\n";

    #[test]
    fn the_planned_change_passes_and_any_other_does_not() {
        let add = Change::AddItem {
            section: "people",
            id: "ann".into(),
            key: "mentions",
            item: "{ q: b }".into(),
        };
        let right = "people:\n  - id: ann\n    mentions: [{ q: a }, { q: b }]\n  - id: bob\n";
        assert!(changed_as_planned(FILE, right, &add));
        let wrong_entry = "people:\n  - id: ann\n    mentions: [{ q: a }]\n  - id: bob\n    mentions: [{ q: b }]\n";
        assert!(!changed_as_planned(FILE, wrong_entry, &add));
        let in_a_comment =
            "people:\n  - id: ann\n    mentions: [{ q: a }] # { q: b }\n  - id: bob\n";
        assert!(!changed_as_planned(FILE, in_a_comment, &add));
        let new_key = Change::AddItem {
            section: "people",
            id: "bob".into(),
            key: "mentions",
            item: "{ q: b }".into(),
        };
        assert!(changed_as_planned(FILE, wrong_entry, &new_key));
        let remove = Change::RemoveItem {
            section: "people",
            id: "ann".into(),
            key: "mentions",
            index: 0,
        };
        assert!(changed_as_planned(
            FILE,
            "people:\n  - id: ann\n    mentions:\n  - id: bob\n",
            &remove
        ));
        let append = Change::AppendEntry {
            section: "claims",
            lines: vec!["- id: cy".to_string()],
        };
        assert!(changed_as_planned(
            FILE,
            &format!("{FILE}claims:\n  - id: cy\n"),
            &append
        ));
        assert!(changed_as_planned("", "claims:\n  - id: cy\n", &append));
        assert!(!changed_as_planned(
            FILE,
            &format!("{FILE}claims:\n  - id: cy\n    x: 1\n"),
            &append
        ));
    }
}
