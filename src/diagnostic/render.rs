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
    files: BTreeMap<String, Option<Source>>,
}

/// A file's text with where each of its lines starts, so that ten thousand diagnostics in one
/// file cost ten thousand look-ups, not ten thousand walks through the file.
struct Source {
    text: String,
    line_starts: Vec<usize>,
    /// Whether each line is ASCII, where columns (characters) are bytes.
    ascii: Vec<bool>,
}

impl Source {
    fn new(text: String) -> Source {
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        let ascii = line_starts
            .iter()
            .zip(line_starts.iter().skip(1).chain([&text.len()]))
            .map(|(&start, &end)| text[start..end].is_ascii())
            .collect();
        Source {
            text,
            line_starts,
            ascii,
        }
    }

    /// The byte offset where 1-based `line` starts.
    fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.max(1) - 1).copied()
    }

    /// 1-based line and column of a byte offset.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let column = if self.ascii[line - 1] {
            offset - start
        } else {
            self.text[start..offset].chars().count()
        };
        (line, column + 1)
    }
}

impl Sources<'_> {
    /// The file's text, to show its lines. Only a regular file inside the folder is read,
    /// never a link (which may lead to `/dev/zero`), a pipe or a device, and only up to a size
    /// an annotation file may have.
    fn source(&mut self, file: &str) -> Option<&Source> {
        let root = self.root;
        self.files
            .entry(file.to_string())
            .or_insert_with(|| {
                let path = root.join(file);
                let meta = std::fs::symlink_metadata(&path).ok()?;
                if !meta.is_file() || meta.len() > LARGEST_FILE_SHOWN {
                    return None;
                }
                std::fs::read_to_string(path).ok().map(Source::new)
            })
            .as_ref()
    }
}

/// Files larger than this are not read to show their lines.
const LARGEST_FILE_SHOWN: u64 = 256 << 20;

/// Lines longer than this are not drawn: the place is named alone. Drawing a line is linear
/// in its length, and a flow list of twenty thousand aliases is one line.
const LONGEST_LINE_SHOWN: usize = 1000;

/// The byte range of a location in its file's text. A location without a length covers the
/// character it points at.
fn byte_range(source: &Source, location: &Location) -> Option<Range<usize>> {
    let text = source.text.as_str();
    let line_start = source.line_start(location.line)?;
    let line_end = source
        .line_start(location.line + 1)
        .map_or(text.len(), |next| next - 1);
    let line = &text[line_start..line_end];
    let column = location.column.max(1) - 1;
    let chars = location.length.max(1);
    // Columns count characters; in an ASCII file they are bytes, and a long line need not
    // be walked for each of its diagnostics.
    let (start, end) = if source.ascii[location.line.max(1) - 1] {
        let start = line_start + column.min(line.len());
        (start, (start + chars).min(text.len()))
    } else {
        let start = line_start
            + line
                .char_indices()
                .nth(column)
                .map_or(line.len(), |(i, _)| i);
        let end = text[start..]
            .char_indices()
            .nth(chars)
            .map_or(text.len(), |(i, _)| start + i);
        (start, end)
    };
    // A point at the end of a line is shown as the end of that line.
    let end = if location.length == 0 {
        end.min(line_end).max(start)
    } else {
        end
    };
    Some(start..end)
}

impl Diagnostics {
    /// Every diagnostic like a compiler's: kind, code and message; `file:line:column`; the
    /// source line with the value underlined; and the help. Ends with a count.
    pub fn render_human(&self, root: &Path, color: bool) -> String {
        self.render_human_first(root, color, usize::MAX)
    }

    /// [`Diagnostics::render_human`], showing only the first `per_code` diagnostics of each
    /// code and a line saying how many more there are: what a build prints, where thousands of
    /// the same warning would bury everything else (`check` lists them all).
    pub fn render_human_first(&self, root: &Path, color: bool, per_code: usize) -> String {
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
        let mut shown: BTreeMap<&str, usize> = BTreeMap::new();
        for diagnostic in self.sorted() {
            let count = shown.entry(diagnostic.code).or_default();
            *count += 1;
            if *count > per_code {
                continue;
            }
            out.push_str(&render_one(diagnostic, &mut sources, &renderer));
            out.push_str("\n\n");
        }
        for (code, count) in shown.iter().filter(|(_, count)| **count > per_code) {
            out.push_str(&format!(
                "... and {} more [{code}]; `dossier check` lists them all\n",
                thousands(count - per_code)
            ));
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

/// The lines that show `location`, and its range within them; `None` when they are too long
/// to draw.
fn shown_lines<'a>(source: &'a Source, location: &Location) -> Option<(&'a str, Range<usize>)> {
    let range = byte_range(source, location)?;
    let first = source.line_start(location.line)?;
    let (last_line, _) = source.line_column(range.end);
    let end = source
        .line_start(last_line + 1)
        .map_or(source.text.len(), |next| next - 1)
        .max(range.end);
    if end - first > LONGEST_LINE_SHOWN {
        return None;
    }
    Some((
        &source.text[first..end],
        range.start - first..range.end - first,
    ))
}

fn render_one(diagnostic: &Diagnostic, sources: &mut Sources, renderer: &Renderer) -> String {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level.primary_title(&diagnostic.message).id(diagnostic.code);
    let mut group = Group::with_title(title);
    if let Some(location) = &diagnostic.location {
        let snippet = match location.line {
            0 => None,
            _ => sources
                .source(&location.file)
                .and_then(|source| shown_lines(source, location)),
        }
        .map(|(text, range)| {
            Snippet::source(text)
                .path(location.file.as_str())
                .line_start(location.line)
                .annotation(AnnotationKind::Primary.span(range))
        });
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

/// A count with thousands separated: `3,990`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
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
        let source = sources.source(&location.file)?;
        let range = byte_range(source, location)?;
        let (line, column) = source.line_column(range.end);
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
    fn a_line_too_long_to_draw_is_named_alone() {
        let dir = tempfile::tempdir().unwrap();
        let long = format!("aliases: [{}]\n", "x, ".repeat(2000));
        std::fs::write(dir.path().join("a.yaml"), format!("people:\n{long}")).unwrap();
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(
            Diagnostic::warning("alias-unused", "unused")
                .at(Location::new("a.yaml", 2, 14).with_length(1)),
        );
        let text = diagnostics.render_human(dir.path(), false);
        assert!(text.contains("--> a.yaml:2:14"), "{text}");
        assert!(!text.contains("x, x, x"), "{text}");
    }

    #[test]
    fn a_build_shows_the_first_of_each_code_and_counts_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        let mut diagnostics = Diagnostics::default();
        for i in 0..4000 {
            diagnostics.push(Diagnostic::warning("claim-unsourced", format!("claim {i}")));
        }
        diagnostics.push(Diagnostic::error("id-form", "bad"));
        let text = diagnostics.render_human_first(dir.path(), false, 5);
        assert_eq!(text.matches("warning[claim-unsourced]").count(), 5);
        assert!(text.contains("error[id-form]"));
        assert!(
            text.contains("... and 3,995 more [claim-unsourced]; `dossier check` lists them all"),
            "{text}"
        );
        assert!(text.ends_with("1 error, 4000 warnings\n"), "{text}");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(999), "999");
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
        let source = Source::new("a: é\nb: “x”\n".to_string());
        let range = byte_range(&source, &Location::new("f", 2, 4).with_length(3)).unwrap();
        assert_eq!(&source.text[range.clone()], "“x”");
        assert_eq!(source.line_column(range.end), (2, 7));
        assert_eq!(source.line_column(0), (1, 1));
    }
}
