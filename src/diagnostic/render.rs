//! Showing diagnostics: like a compiler for people (annotate-snippets draws the source line
//! with the value underlined), or as JSON for programs.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use serde::Serialize;

use super::{Diagnostic, Diagnostics, Location, Severity};

/// Source files read once per rendering, by path relative to the root.
struct Sources<'a> {
    root: &'a Path,
    files: BTreeMap<String, Option<String>>,
}

impl Sources<'_> {
    fn text(&mut self, file: &str) -> Option<&str> {
        let root = self.root;
        self.files
            .entry(file.to_string())
            .or_insert_with(|| std::fs::read_to_string(root.join(file)).ok())
            .as_deref()
    }
}

/// The byte range of a location in its file's text. A location without a length covers the
/// character it points at.
fn byte_range(text: &str, location: &Location) -> Option<Range<usize>> {
    let line_start = if location.line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(location.line - 2)?.0 + 1
    };
    let line = &text[line_start..];
    let line = &line[..line.find('\n').unwrap_or(line.len())];
    let column = location.column.max(1) - 1;
    let start = line_start
        + line
            .char_indices()
            .nth(column)
            .map_or(line.len(), |(i, _)| i);
    let chars = location.length.max(1);
    let end = text[start..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| start + i);
    // A point at the end of a line is shown as the end of that line.
    let end = if location.length == 0 {
        end.min(line_start + line.len()).max(start)
    } else {
        end
    };
    Some(start..end)
}

/// 1-based line and column of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

impl Diagnostics {
    /// Every diagnostic like a compiler's: kind, code and message; `file:line:column`; the
    /// source line with the value underlined; and the help. Ends with a count.
    pub fn render_human(&self, root: &Path, color: bool) -> String {
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut sources = Sources {
            root,
            files: BTreeMap::new(),
        };
        let mut out = String::new();
        for diagnostic in self.sorted() {
            out.push_str(&render_one(diagnostic, &mut sources, &renderer));
            out.push_str("\n\n");
        }
        let (errors, warnings) = (self.error_count(), self.warning_count());
        out.push_str(&format!(
            "{errors} error{}, {warnings} warning{}\n",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        ));
        out
    }

    /// Every diagnostic as a JSON object, all in one array on one line.
    pub fn render_json(&self, root: &Path) -> String {
        let mut sources = Sources {
            root,
            files: BTreeMap::new(),
        };
        let objects: Vec<JsonDiagnostic> = self
            .sorted()
            .into_iter()
            .map(|diagnostic| json_one(diagnostic, &mut sources))
            .collect();
        let mut out = serde_json::to_string(&objects).expect("diagnostics serialise");
        out.push('\n');
        out
    }
}

fn render_one(diagnostic: &Diagnostic, sources: &mut Sources, renderer: &Renderer) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(&diagnostic.message).id(diagnostic.code);
    let mut group = Group::with_title(title);
    if let Some(location) = &diagnostic.location {
        let snippet = match sources.text(&location.file) {
            Some(text) if location.line > 0 => byte_range(text, location).map(|range| {
                Snippet::source(text)
                    .path(location.file.as_str())
                    .annotation(AnnotationKind::Primary.span(range))
            }),
            _ => None,
        };
        group = match snippet {
            Some(snippet) => group.element(snippet),
            // The file cannot be shown (gone, or not text): name the place alone.
            None if location.line > 0 => group.element(
                annotate_snippets::Origin::path(location.file.as_str())
                    .line(location.line)
                    .char_column(location.column),
            ),
            None => group.element(annotate_snippets::Origin::path(location.file.as_str())),
        };
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    renderer.render(&[group])
}

/// The JSON form of a diagnostic; its shape is documented in docs/checking.md.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end: Option<JsonPosition>,
    severity: &'static str,
    code: &'static str,
    message: &'a str,
    help: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
}

fn json_one<'a>(diagnostic: &'a Diagnostic, sources: &mut Sources) -> JsonDiagnostic<'a> {
    let location = diagnostic.location.as_ref();
    let placed = location.filter(|l| l.line > 0);
    let end = placed.and_then(|location| {
        let text = sources.text(&location.file)?;
        let range = byte_range(text, location)?;
        let (line, column) = line_column(text, range.end);
        Some(JsonPosition { line, column })
    });
    JsonDiagnostic {
        file: location.map(|l| l.file.as_str()),
        line: placed.map(|l| l.line),
        column: placed.map(|l| l.column),
        end,
        severity: match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        code: diagnostic.code,
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (tempfile::TempDir, Diagnostics) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "people:\n  - id: Bad_Id\n").unwrap();
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(
            Diagnostic::error("id-form", "`Bad_Id` is not a valid id")
                .at(Location::new("a.yaml", 2, 9).with_length(6))
                .help("use lowercase letters, digits and '-'"),
        );
        diagnostics
            .push(Diagnostic::warning("no-config", "no file").at(Location::file("gone.yaml")));
        (dir, diagnostics)
    }

    #[test]
    fn human_output_shows_the_line_and_underlines_the_value() {
        let (dir, diagnostics) = sample();
        let text = diagnostics.render_human(dir.path(), false);
        assert!(
            text.contains("error[id-form]: `Bad_Id` is not a valid id"),
            "{text}"
        );
        assert!(text.contains("--> a.yaml:2:9"), "{text}");
        assert!(text.contains("2 |   - id: Bad_Id"), "{text}");
        assert!(text.contains("^^^^^^"), "{text}");
        assert!(text.contains("help: use lowercase"), "{text}");
        assert!(text.contains("gone.yaml"), "{text}");
        assert!(text.ends_with("1 error, 1 warning\n"), "{text}");
    }

    #[test]
    fn json_output_is_one_array_with_every_field() {
        let (dir, diagnostics) = sample();
        let json: serde_json::Value =
            serde_json::from_str(&diagnostics.render_json(dir.path())).unwrap();
        let first = &json[0];
        assert_eq!(first["file"], "a.yaml");
        assert_eq!(first["line"], 2);
        assert_eq!(first["column"], 9);
        assert_eq!(first["end"]["line"], 2);
        assert_eq!(first["end"]["column"], 15);
        assert_eq!(first["severity"], "error");
        assert_eq!(first["code"], "id-form");
        assert_eq!(first["help"], "use lowercase letters, digits and '-'");
        assert_eq!(json[1]["line"], serde_json::Value::Null);
        assert_eq!(json[1]["file"], "gone.yaml");
    }

    #[test]
    fn byte_ranges_follow_characters_not_bytes() {
        let text = "a: é\nb: “x”\n";
        let range = byte_range(text, &Location::new("f", 2, 4).with_length(3)).unwrap();
        assert_eq!(&text[range.clone()], "“x”");
        assert_eq!(line_column(text, range.end), (2, 7));
    }
}
