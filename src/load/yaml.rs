//! YAML parsing with serde-saphyr, turning its errors into diagnostics with a place and a hint.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::diagnostic::{Diagnostic, Location};
use crate::suggest::closest;

/// A value with the place it was written: 1-based line and column, and its length in
/// characters. The annotation shapes are made of these, so every error can point at a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
    pub length: usize,
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let at = spanned.referenced;
        Ok(Spanned {
            value: spanned.value,
            line: at.line() as usize,
            column: at.column() as usize,
            length: at.span().len() as usize,
        })
    }
}

/// In the schema a spanned value is just its value: the place is not written, it is read.
impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

/// Parses `source`, which is `file` from line `line_offset + 1` on.
pub fn parse<T: DeserializeOwned>(
    source: &str,
    file: &str,
    line_offset: usize,
) -> Result<T, Diagnostic> {
    // The parser's default budget suits configuration files; a long investigation keeps tens
    // of thousands of entries in one annotation file. Alias limits (the "billion laughs"
    // defence) stay at their defaults.
    let mut budget = serde_saphyr::Budget::default();
    budget.max_events = 100_000_000;
    budget.max_nodes = 50_000_000;
    budget.max_total_scalar_bytes = 1 << 30;
    let options = serde_saphyr::options! { with_snippet: false, budget: Some(budget) };
    serde_saphyr::from_str_with_options::<T>(source, options)
        .map_err(|error| to_diagnostic(&error, source, file, line_offset))
}

/// The line and column of the first key of the mapping that has a key at `line`:`column`
/// (1-based), found by indentation. A missing field is reported there, at the entry that
/// lacks it, rather than at whichever key the parser read last.
fn mapping_start(source: &str, line: usize, column: usize) -> (usize, usize) {
    let lines: Vec<&str> = source.lines().collect();
    let indent = column.saturating_sub(1);
    let mut start = (line, column);
    for number in (1..=line.min(lines.len())).rev() {
        let text = lines[number - 1];
        let trimmed = text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let own = text.len() - trimmed.len();
        // `- key:` whose key stands at the column: the first line of a list item.
        if own + 2 == indent && trimmed.starts_with("- ") {
            return (number, column);
        }
        if own < indent {
            break;
        }
        if own == indent {
            start = (number, column);
        }
    }
    start
}

fn to_diagnostic(
    error: &serde_saphyr::Error,
    source: &str,
    file: &str,
    line_offset: usize,
) -> Diagnostic {
    let full = error.to_string();
    // The library appends the place to its message; the diagnostic carries it separately.
    let mut message = match full.rfind(" at line ") {
        Some(at) => full[..at].to_string(),
        None => full.clone(),
    };
    // Advice meant for programs that use the library, not for the file's author.
    if let Some(at) = message.find(", set DuplicateKeyPolicy") {
        message.truncate(at);
    }
    let (code, help) = explain(&message);
    // serde-saphyr speaks to programmers here ("use Option<String>"): say which field is
    // empty, read from the line it is on.
    if message.starts_with("cannot deserialize null") {
        let key = error
            .location()
            .and_then(|at| key_on_line(source, at.line() as usize, at.column() as usize));
        let (message, help) = match key.as_deref() {
            Some("id") => (
                "`id` has no value".to_string(),
                "an id is required: write one, e.g. `id: jeff-sessions` (lowercase letters, digits and '-')".to_string(),
            ),
            Some(key) => (
                format!("`{key}` has no value"),
                format!("write a value for `{key}`, or remove the line if the field is optional"),
            ),
            None => (
                "a value is missing here".to_string(),
                "write the value, or remove the line if the field is optional".to_string(),
            ),
        };
        message_and_place(
            Diagnostic::error("missing-value", message).help(help),
            error,
            file,
            line_offset,
        )
    } else {
        let mut diagnostic = Diagnostic::error(code, message);
        if let Some(help) = help {
            diagnostic = diagnostic.help(help);
        }
        match error.location() {
            Some(at) if code == "missing-field" => {
                let (line, column) =
                    mapping_start(source, at.line() as usize, at.column() as usize);
                diagnostic.at(Location::new(file, line + line_offset, column))
            }
            _ => message_and_place(diagnostic, error, file, line_offset),
        }
    }
}

/// `diagnostic` at the place the parser gives.
fn message_and_place(
    diagnostic: Diagnostic,
    error: &serde_saphyr::Error,
    file: &str,
    line_offset: usize,
) -> Diagnostic {
    match error.location() {
        Some(at) => diagnostic.at(Location::new(
            file,
            at.line() as usize + line_offset,
            at.column() as usize,
        )),
        None => diagnostic.at(Location::file(file)),
    }
}

/// The key of the `key: value` whose value is at `line`:`column` (1-based) of `source`.
fn key_on_line(source: &str, line: usize, column: usize) -> Option<String> {
    let text = source.lines().nth(line.checked_sub(1)?)?;
    let before: String = text.chars().take(column.saturating_sub(1)).collect();
    let key = before.trim_end().strip_suffix(':')?;
    let key = key.rsplit(['{', ',', '-']).next()?.trim();
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// A stable code and a hint for the library's messages.
fn explain(message: &str) -> (&'static str, Option<String>) {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let valid: Vec<&str> = expected
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .split(", ")
            .map(|name| name.trim_matches('`'))
            .filter(|name| !name.is_empty())
            .collect();
        let help = match closest(field, valid.iter().copied()) {
            Some(name) => format!("did you mean `{name}`?"),
            None => format!("the fields allowed here are: {}", valid.join(", ")),
        };
        return ("unknown-field", Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return (
            "missing-field",
            Some(format!(
                "add `{field}:` to this entry; docs/format.md lists what each entry needs"
            )),
        );
    }
    if message.starts_with("unknown variant") {
        return ("unknown-value", None);
    }
    if message.starts_with("expected") || message.starts_with("invalid type") {
        return (
            "wrong-type",
            Some("check the value's shape: text, a list (`- item` or `[a, b]`) or a mapping (`key: value`)".into()),
        );
    }
    if message.starts_with("duplicate mapping key") {
        return (
            "duplicate-key",
            Some("a key may appear once in a mapping: merge the two, or remove one".into()),
        );
    }
    if message.starts_with("budget breached") {
        return (
            "yaml-too-large",
            Some("split the file: annotations/ may hold any number of files, at any depth".into()),
        );
    }
    // The parser's words for the common slips, each with what to do in the author's.
    let hint = if message.contains("mapping values are not allowed") {
        "a value holds `: ` (a colon and a space), which YAML reads as a new key: put the whole value in quotes (`explanation: \"EDITED: the ledger...\"`) or write it as a block (`explanation: >-`, then the text on the next lines, indented)"
    } else if message.contains("did not find expected '-' indicator") {
        "a list item is out of line: each `- ` of a list starts in the same column, and each field of an item lines up under the first"
    } else if message.contains("tabs disallowed")
        || message.contains("found character that cannot start any token")
            && message.contains("tab")
    {
        "YAML indents with spaces only: replace the tab with spaces (two for each level)"
    } else if message.contains("unclosed quote")
        || message.contains("found unexpected end of stream")
    {
        "a quoted value has no closing quote: close it, or write long text as a block (`key: >-`, then the text on the next lines, indented)"
    } else if message.contains("illegal placement of ':'")
        || message.contains("did not find expected ',' or ']'")
    {
        "a `[...]` list is not closed: end it with `]` on the same line"
    } else if message.contains("after single-quoted scalar") {
        "an apostrophe ends a '...' value: write it twice (`'it''s'`) or use double quotes"
    } else {
        "check the indentation and the quoting on this line and the one before"
    };
    ("yaml-syntax", Some(hint.into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Claim {
        id: String,
        claimant: Option<String>,
    }

    #[test]
    fn unknown_field_suggests_the_closest_name_at_the_right_line() {
        let error = parse::<Claim>("id: a\nclaimaint: b\n", "c.yaml", 10).unwrap_err();
        assert_eq!(error.code, "unknown-field");
        assert_eq!(error.location, Some(Location::new("c.yaml", 12, 1)));
        assert_eq!(error.help.as_deref(), Some("did you mean `claimant`?"));
        assert!(!error.message.contains("at line"));
    }

    #[test]
    fn a_key_given_twice_is_named_for_the_author() {
        let error = parse::<Claim>("id: a\nid: b\n", "c.yaml", 0).unwrap_err();
        assert_eq!(error.code, "duplicate-key");
        assert_eq!(error.location, Some(Location::new("c.yaml", 2, 1)));
        assert!(
            !error.message.contains("DuplicateKeyPolicy"),
            "{}",
            error.message
        );
    }

    #[test]
    fn syntax_errors_have_a_place() {
        let error = parse::<Claim>("id: [a\n", "c.yaml", 0).unwrap_err();
        assert!(error.location.unwrap().line >= 1);
    }

    #[test]
    fn a_missing_field_is_reported_at_the_start_of_its_entry() {
        let source = "claims:\n  - id: a\n    statement: s\n\n    sources: []\n  - id: b\n";
        assert_eq!(mapping_start(source, 5, 5), (2, 5));
        assert_eq!(mapping_start("title: x\nratings: []\n", 2, 1), (1, 1));
        let error = parse::<Claim>("# note\nclaimant: x\n", "c.yaml", 0).unwrap_err();
        assert_eq!(error.code, "missing-field");
        assert_eq!(error.location.unwrap().line, 2);
        assert_eq!(
            error.help.as_deref(),
            Some("add `id:` to this entry; docs/format.md lists what each entry needs")
        );
    }

    #[test]
    fn common_slips_get_a_plain_hint() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Entry {
            id: String,
            explanation: Option<String>,
            aliases: Option<Vec<String>>,
        }
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct File {
            claims: Vec<Entry>,
        }
        for (source, words) in [
            (
                "claims:\n  - id: a\n    explanation: EDITED: the ledger shows\n",
                "put the whole value in quotes",
            ),
            (
                "claims:\n  - id: a\n    explanation: x\n   - id: b\n",
                "list item is out of line",
            ),
            ("claims:\n\t- id: a\n", "spaces only"),
            (
                "claims:\n  - id: a\n    explanation: \"A\n",
                "no closing quote",
            ),
            (
                "claims:\n  - id: a\n    aliases: [a, b\n    explanation: x\n",
                "is not closed",
            ),
            (
                "claims:\n  - id: a\n    explanation: 'it's'\n",
                "write it twice",
            ),
        ] {
            let error = parse::<File>(source, "c.yaml", 0).unwrap_err();
            let help = error.help.clone().unwrap_or_default();
            assert!(
                help.contains(words),
                "{source:?}: {} / {help}",
                error.message
            );
            assert!(error.location.unwrap().line >= 2, "{source:?}");
        }
        let error = parse::<File>("claims:\n  - id: ~\n", "c.yaml", 0).unwrap_err();
        assert_eq!(error.message, "`id` has no value");
        assert!(error.help.unwrap().contains("an id is required"));
        assert_eq!(error.location, Some(Location::new("c.yaml", 2, 9)));
        let error = parse::<File>("claims:\n  - { id: a, explanation: }\n", "c.yaml", 0);
        assert!(error.is_ok(), "an optional field may be empty");
    }

    #[test]
    fn large_annotation_files_are_read() {
        // Far beyond the parser's default budget of 250,000 nodes.
        let mut source = String::from("people:\n");
        for i in 0..60_000 {
            source.push_str(&format!("  - {{ id: p{i}, name: Person {i} }}\n"));
        }
        let file = parse::<crate::load::annotations::AnnotationFile>(&source, "a.yaml", 0).unwrap();
        assert_eq!(file.people.len(), 60_000);
    }
}
