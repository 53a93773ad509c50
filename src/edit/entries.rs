//! The YAML of what an edit adds: an anchor as a one-line flow mapping, and the lines of a
//! new claim, person or correction, every value written so that it reads back exactly as
//! given.

use super::request::{NewClaim, NewCorrection, NewPerson};
use super::selection::Anchor;

/// `{ article: ..., quote: ..., prefix: ... }` for an anchor, `article` left out for layout.
pub fn anchor_item(article: Option<&str>, anchor: &Anchor, extra: &str) -> String {
    let mut parts = Vec::new();
    if let Some(article) = article {
        parts.push(format!("article: {}", plain_or_quoted(article)));
    }
    parts.push(format!("quote: {}", quoted(&anchor.quote)));
    if let Some(prefix) = &anchor.prefix {
        parts.push(format!("prefix: {}", quoted(prefix)));
    }
    if let Some(suffix) = &anchor.suffix {
        parts.push(format!("suffix: {}", quoted(suffix)));
    }
    if !extra.is_empty() {
        parts.push(extra.to_string());
    }
    format!("{{ {} }}", parts.join(", "))
}

/// `key: value` with the value quoted, when there is one.
pub(super) fn optional_line(lines: &mut Vec<String>, key: &str, value: &Option<String>) {
    if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        lines.push(format!("  {key}: {}", quoted(value)));
    }
}

pub(super) fn claim_lines(claim: &NewClaim, appearance: &str) -> Vec<String> {
    let mut lines = vec![
        format!("- id: {}", plain_or_quoted(&claim.id)),
        format!("  statement: {}", quoted(claim.statement.trim())),
    ];
    if let Some(person) = &claim.claimant {
        lines.push(format!("  claimant: {}", plain_or_quoted(person)));
    }
    optional_line(&mut lines, "claimant_name", &claim.claimant_name);
    if let Some(date) = claim
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        lines.push(format!("  date: {}", plain_or_quoted(date)));
    }
    lines.push(format!(
        "  rating: {}",
        plain_or_quoted(claim.rating.trim())
    ));
    optional_line(&mut lines, "explanation", &claim.explanation);
    lines.push("  appearances:".to_string());
    lines.push(format!("    - {appearance}"));
    lines
}

pub(super) fn person_lines(person: &NewPerson) -> Vec<String> {
    let mut lines = vec![
        format!("- id: {}", plain_or_quoted(&person.id)),
        format!("  name: {}", quoted(person.name.trim())),
    ];
    let aliases: Vec<String> = person
        .aliases
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .map(quoted)
        .collect();
    if !aliases.is_empty() {
        lines.push(format!("  aliases: [{}]", aliases.join(", ")));
    }
    optional_line(&mut lines, "role", &person.role);
    lines
}

pub(super) fn correction_lines(correction: &NewCorrection, target: &str) -> Vec<String> {
    vec![
        format!("- id: {}", plain_or_quoted(&correction.id)),
        format!("  date: {}", plain_or_quoted(correction.date.trim())),
        format!("  kind: {}", plain_or_quoted(correction.kind.trim())),
        format!("  target: {target}"),
        format!("  text: {}", quoted(correction.text.trim())),
    ]
}

/// A string as a YAML double-quoted scalar. JSON's escaping is valid YAML 1.2; on top of it
/// every character YAML does not allow raw in a document (DEL, the C1 controls, the
/// byte-order mark, the non-characters U+FFFE and U+FFFF) and the line and paragraph
/// separators are escaped too, so that the value reads back exactly as given.
pub fn quoted(value: &str) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "\"\"".into());
    let escape = |c: char| {
        matches!(
            c,
            '\u{7f}'..='\u{9f}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
    };
    if !json.chars().any(escape) {
        return json;
    }
    json.chars()
        .map(|c| {
            if escape(c) {
                format!("\\u{:04x}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// An id or a date plain when it cannot be read as anything but a string, quoted otherwise.
pub fn plain_or_quoted(value: &str) -> String {
    const WORDS: [&str; 12] = [
        "true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf", "~",
    ];
    // Starting with a letter, it is no number (`1e3`); the words YAML reads otherwise aside.
    let simple = value.as_bytes().first().is_some_and(u8::is_ascii_lowercase)
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !WORDS.contains(&value);
    // `2017-03` or `2017-03-01`: with a dash, digits are no number.
    let dashes = value.bytes().filter(|&b| b == b'-').count();
    let date = value.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        && (1..=2).contains(&dashes)
        && value.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && !value.ends_with('-');
    if simple || date {
        value.to_string()
    } else {
        quoted(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_read_back_as_written() {
        assert_eq!(plain_or_quoted("seed-001"), "seed-001");
        assert_eq!(plain_or_quoted("2017-03-01"), "2017-03-01");
        assert_eq!(plain_or_quoted("true"), "\"true\"");
        assert_eq!(plain_or_quoted("no"), "\"no\"");
        assert_eq!(plain_or_quoted("12345"), "\"12345\"");
        assert_eq!(plain_or_quoted("1e3"), "\"1e3\"");
        assert_eq!(quoted("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
        for odd in [
            "r\u{7f}r",
            "r\u{9b}r",
            "r\u{85}r",
            "\u{fffe}\u{ffff}\u{feff}\u{2028}",
        ] {
            let back: String = serde_saphyr::from_str(&format!("v: {}", quoted(odd)))
                .map(|m: std::collections::BTreeMap<String, String>| m["v"].clone())
                .unwrap();
            assert_eq!(back, odd);
        }
    }
}
