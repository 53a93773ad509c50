//! Article files: reading, front matter, and plain-text paragraphs.
//!
//! A file is read as UTF-8 (a byte-order mark is dropped, CRLF becomes LF), its optional YAML
//! front matter between `---` lines is split off, and the body becomes an [`ArticleText`]:
//! `.txt` as paragraphs split on blank lines, never interpreted; `.md` through Markdown.

use std::path::Path;

use serde::Deserialize;

use super::yaml::{self, Spanned};
use super::{SourceFile, markdown};
use crate::diagnostic::{Diagnostic, Location};
use crate::model::text::{ArticleText, Leaf, LeafKind, Node};

/// Metadata an article file may carry in its front matter.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub publisher: Option<Spanned<String>>,
    pub author: Option<Spanned<String>>,
    pub published: Option<Spanned<String>>,
    pub url: Option<Spanned<String>>,
}

/// An article file, loaded.
#[derive(Debug)]
pub struct ArticleFile {
    pub source: SourceFile,
    pub front: FrontMatter,
    /// Shared with the resolved article.
    pub text: std::sync::Arc<ArticleText>,
}

/// The formats an article file can have, by extension.
pub fn is_article_path(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("txt" | "md" | "markdown")
    )
}

/// Parses one article file, read from `path`. `relative` is its path from the dossier root.
pub fn parse(bytes: &[u8], path: &Path, relative: &str) -> Result<ArticleFile, Diagnostic> {
    let content = decode(bytes, relative)?;
    let (front_source, body, _) = split_front_matter(&content);
    let front = match front_source {
        Some(front_source) if !front_source.trim().is_empty() => {
            yaml::parse::<FrontMatter>(front_source, relative, 1)?
        }
        _ => FrontMatter::default(),
    };
    let markdown = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("md" | "markdown")
    );
    let text = if markdown {
        markdown::parse(body)
    } else {
        parse_plain(body)
    };
    Ok(ArticleFile {
        source: SourceFile {
            path: relative.to_string(),
            // Front matter starts on the line after the opening `---`.
            line_offset: 1,
        },
        front,
        text: std::sync::Arc::new(text),
    })
}

/// Which UTF-16 the bytes are, if they are: by their byte-order mark, or, without one, by
/// the zero bytes that every ASCII character has beside it.
fn utf16(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\xFF\xFE") {
        return Some("UTF-16LE");
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Some("UTF-16BE");
    }
    let head = &bytes[..bytes.len().min(200) & !1];
    if head.len() < 4 {
        return None;
    }
    let zeros = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    if zeros(1) * 10 >= pairs * 9 && zeros(0) == 0 {
        Some("UTF-16LE")
    } else if zeros(0) * 10 >= pairs * 9 && zeros(1) == 0 {
        Some("UTF-16BE")
    } else {
        None
    }
}

/// 1-based line and column of byte `offset` of `text`, which is valid UTF-8 up to it.
fn place(bytes: &[u8], offset: usize) -> (usize, usize) {
    let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
    let line = valid.matches('\n').count() + 1;
    let column = valid[valid.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, column)
}

/// UTF-8 with the byte-order mark dropped and line endings made `\n`. UTF-16 and NUL
/// characters are refused, each with what to do.
pub fn decode(bytes: &[u8], relative: &str) -> Result<String, Diagnostic> {
    if let Some(encoding) = utf16(bytes) {
        return Err(Diagnostic::error(
            "not-utf8",
            format!("`{relative}` is {encoding}, not UTF-8"),
        )
        .at(Location::new(relative, 1, 1))
        .help(format!(
            "save the file as UTF-8 (e.g. `iconv -f {encoding} -t UTF-8 {relative} > converted && mv converted {relative}`)"
        )));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = memchr::memchr(0, bytes) {
        let (line, column) = place(bytes, offset);
        return Err(Diagnostic::error(
            "nul-character",
            format!("`{relative}` holds a NUL character (byte 0) at offset {offset}"),
        )
        .at(Location::new(relative, line, column))
        .help("the file is not plain text, or was damaged: remove the NUL bytes (e.g. `tr -d '\\000'`)"));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let offset = e.valid_up_to();
        // Everything before the bad byte is valid UTF-8, so its line and column can be counted.
        let (line, column) = place(bytes, offset);
        Diagnostic::error(
            "not-utf8",
            format!(
                "`{relative}` is not UTF-8: invalid byte 0x{:02X} at offset {offset}",
                bytes[offset]
            ),
        )
        .at(Location::new(relative, line, column))
        .help("save the file as UTF-8 (e.g. `iconv -f windows-1252 -t utf-8`)")
    })?;
    Ok(if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    })
}

/// Splits `---`-fenced front matter from the body. Returns the front matter, the body, and
/// the number of lines before the body (so positions in the body can be reported).
pub fn split_front_matter(content: &str) -> (Option<&str>, &str, usize) {
    let Some(rest) = content.strip_prefix("---\n") else {
        return (None, content, 0);
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let lines = 2 + front.matches('\n').count();
            return (Some(front), body, lines);
        }
        offset += line.len();
    }
    // No closing fence: the file has no front matter, it merely starts with a rule.
    (None, content, 0)
}

/// Plain text: paragraphs are separated by blank lines; nothing is interpreted.
pub fn parse_plain(body: &str) -> ArticleText {
    let mut text = String::with_capacity(body.len());
    let mut nodes = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let flush = |paragraph: &mut Vec<&str>, text: &mut String, nodes: &mut Vec<Node>| {
        let joined = paragraph.join("\n");
        paragraph.clear();
        let trimmed = joined.trim();
        if trimmed.is_empty() {
            return;
        }
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        let start = text.len();
        text.push_str(trimmed);
        nodes.push(Node::Leaf(Leaf {
            kind: LeafKind::Paragraph,
            range: start..text.len(),
            inlines: Vec::new(),
        }));
    };
    for line in body.split('\n') {
        if line.trim().is_empty() {
            flush(&mut paragraph, &mut text, &mut nodes);
        } else {
            paragraph.push(line);
        }
    }
    flush(&mut paragraph, &mut text, &mut nodes);
    ArticleText { text, nodes }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_split_on_blank_lines_and_lines_stay_together() {
        let article = parse_plain(" date 2017 Lead.\n\nByline\nCaption\n  \n\nLast");
        assert_eq!(article.text, "date 2017 Lead.\n\nByline\nCaption\n\nLast");
        let ranges: Vec<_> = article.leaves().map(|l| l.range.clone()).collect();
        assert_eq!(ranges.len(), 3);
        assert_eq!(&article.text[ranges[1].clone()], "Byline\nCaption");
    }

    #[test]
    fn crlf_and_byte_order_mark_are_accepted() {
        let text = decode(b"\xEF\xBB\xBFOne\r\n\r\nTwo\r\n", "a.txt").unwrap();
        assert_eq!(text, "One\n\nTwo\n");
        assert_eq!(parse_plain(&text).text, "One\n\nTwo");
    }

    #[test]
    fn invalid_utf8_names_the_byte_offset() {
        let error = decode(b"Caf\xE9\n", "seeds/a.txt").unwrap_err();
        assert!(error.message.contains("offset 3"), "{}", error.message);
        assert_eq!(error.location.unwrap().file, "seeds/a.txt");
    }

    #[test]
    fn utf16_and_nul_characters_are_named() {
        let le: Vec<u8> = "Hello there\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Hello there\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        for (bytes, name) in [(&le[..], "UTF-16LE"), (&be[..], "UTF-16BE")] {
            let error = decode(bytes, "a.txt").unwrap_err();
            assert!(error.message.contains(name), "{}", error.message);
            assert!(error.help.unwrap().contains("iconv -f"));
            let mut with_mark = if name == "UTF-16LE" {
                vec![0xFF, 0xFE]
            } else {
                vec![0xFE, 0xFF]
            };
            with_mark.extend_from_slice(bytes);
            assert!(
                decode(&with_mark, "a.txt")
                    .unwrap_err()
                    .message
                    .contains(name)
            );
        }
        let error = decode(b"One\ntw\0o", "a.txt").unwrap_err();
        assert_eq!(error.code, "nul-character");
        assert_eq!(error.location.unwrap(), Location::new("a.txt", 2, 3));
    }

    #[test]
    fn front_matter_is_split_with_its_line_count() {
        let (front, body, lines) = split_front_matter("---\ntitle: T\n---\nBody\n");
        assert_eq!(front, Some("title: T\n"));
        assert_eq!(body, "Body\n");
        assert_eq!(lines, 3);
        assert_eq!(split_front_matter("---\nno end").0, None);
        assert_eq!(split_front_matter("Body").1, "Body");
    }
}
