//! Errors and warnings about a dossier, as values that carry their place.
//!
//! Every stage collects [`Diagnostic`]s instead of stopping at the first problem, so one run
//! reports everything. A diagnostic names a file relative to the dossier root, a line and a
//! column, and carries a help line that says how to fix it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a file: 1-based line and column (columns count characters).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// Relative to the dossier root, with `/` separators.
    pub file: String,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Location {
        Location {
            file: file.into(),
            line,
            column,
        }
    }

    /// The whole file, when no finer place is known.
    pub fn file(file: impl Into<String>) -> Location {
        Location::new(file, 0, 0)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A stable code, e.g. `anchor-not-found`, for scripts and for the documentation.
    pub code: &'static str,
    pub message: String,
    pub location: Option<Location>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    pub fn warning(code: &'static str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    pub fn at(mut self, location: Location) -> Diagnostic {
        self.location = Some(location);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }
}

/// The diagnostics of one run, in a stable order (by file, line, column).
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The diagnostics sorted by place, then by message, so output is deterministic.
    pub fn sorted(&self) -> Vec<&Diagnostic> {
        let mut items: Vec<&Diagnostic> = self.items.iter().collect();
        items.sort_by(|a, b| {
            (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
        });
        items
    }

    /// Formats every diagnostic like a compiler: the message, `file:line:column`, the source
    /// line with a marker under the column, and the help line. Source lines are read from
    /// `root` once per file.
    pub fn render(&self, root: &Path) -> String {
        let mut sources: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut out = String::new();
        for diagnostic in self.sorted() {
            let kind = match diagnostic.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let _ = writeln!(out, "{kind}[{}]: {}", diagnostic.code, diagnostic.message);
            if let Some(location) = &diagnostic.location {
                render_location(&mut out, root, location, &mut sources);
            }
            if let Some(help) = &diagnostic.help {
                let _ = writeln!(out, "   = help: {help}");
            }
            out.push('\n');
        }
        let errors = self.error_count();
        let warnings = self.items.len() - errors;
        let _ = writeln!(
            out,
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        );
        out
    }
}

fn render_location(
    out: &mut String,
    root: &Path,
    location: &Location,
    sources: &mut BTreeMap<String, Option<String>>,
) {
    if location.line == 0 {
        let _ = writeln!(out, "  --> {}", location.file);
        return;
    }
    let _ = writeln!(
        out,
        "  --> {}:{}:{}",
        location.file, location.line, location.column
    );
    let source = sources
        .entry(location.file.clone())
        .or_insert_with(|| std::fs::read_to_string(root.join(&location.file)).ok());
    let Some(line) = source
        .as_deref()
        .and_then(|text| text.lines().nth(location.line - 1))
    else {
        return;
    };
    let number = location.line.to_string();
    let pad = " ".repeat(number.len());
    let shown: String = line.chars().take(160).collect();
    let marker_at = location.column.saturating_sub(1).min(shown.chars().count());
    // Tabs keep their width in the marker line so the caret stays under the value.
    let lead: String = shown
        .chars()
        .take(marker_at)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let _ = writeln!(out, " {pad} |");
    let _ = writeln!(out, " {number} | {shown}");
    let _ = writeln!(out, " {pad} | {lead}^");
}

/// A path relative to the dossier root, with `/` separators, for messages.
pub fn relative(root: &Path, path: &Path) -> String {
    let relative: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_source_line_with_a_marker() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.yaml"), "people:\n  - id: Bad_Id\n").unwrap();
        let mut diagnostics = Diagnostics::default();
        diagnostics.push(
            Diagnostic::error("id-form", "`Bad_Id` is not a valid id")
                .at(Location::new("a.yaml", 2, 9))
                .help("use lowercase letters, digits and '-'"),
        );
        let text = diagnostics.render(dir.path());
        assert!(text.contains("error[id-form]: `Bad_Id` is not a valid id"));
        assert!(text.contains("  --> a.yaml:2:9"));
        assert!(text.contains(" 2 |   - id: Bad_Id\n"));
        assert!(text.contains("   |         ^\n"));
        assert!(text.contains("= help: use lowercase"));
        assert!(text.ends_with("1 error, 0 warnings\n"));
    }
}
