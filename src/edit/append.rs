//! Appending new entries that are not made from a selection (`dossier import`'s articles):
//! each entry checked against the text before it, the dossier resolved with the changed file,
//! then the file written as every edit writes it.

use std::path::Path;

use super::file::{Plan, read_target, write};
use super::guard::{self, Change};
use super::{Refusal, new_entries_file, yaml_text};
use crate::diagnostic::Diagnostic;
use crate::load::Loaded;

/// New entries of one section, added to the file named for new entries of that kind, checked
/// as every edit is and ready to be written.
pub struct Prepared {
    plan: Plan,
}

impl Prepared {
    /// Replaces the file, unless it changed since it was read.
    pub fn write(self) -> Result<(), Refusal> {
        write(&self.plan)
    }
}

/// Appends `entries` (each its YAML lines, the first `- id: ...`) to `section` of the file
/// named for new entries of that kind, and resolves `loaded` with the changed file (the caller
/// has added to `loaded` any article files the entries name): an error refuses the change.
pub fn prepare_appends(
    root: &Path,
    loaded: &mut Loaded,
    section: &'static str,
    entries: &[Vec<String>],
) -> Result<Prepared, Refusal> {
    let target = read_target(root, &new_entries_file(loaded, section))?;
    let old_text = target.text.clone().unwrap_or_default();
    let mut text = old_text.clone();
    let mut first_line = None;
    for lines in entries {
        let (new_text, line) = yaml_text::append_entry(&text, section, lines).map_err(|e| {
            Diagnostic::error(
                "cannot-edit",
                format!("cannot add to `{}`: {}", target.file, e.0),
            )
            .help("name another file for new entries in `dossier.yaml` (`new_entries:`)")
        })?;
        let change = Change::AppendEntry {
            section,
            lines: lines.clone(),
        };
        if !guard::changed_as_planned(&text, &new_text, &change) {
            return Err(Diagnostic::error(
                "cannot-edit",
                format!(
                    "`{}` is laid out in a way this cannot add to safely; nothing was written",
                    target.file
                ),
            )
            .help("add the entries by hand")
            .into());
        }
        first_line.get_or_insert(line);
        text = new_text;
    }
    let plan = Plan {
        file: target.file,
        folder: target.folder,
        mode: target.mode,
        old_text,
        old_bytes: target.bytes,
        bom: target.bom,
        new_text: text,
        line: first_line.unwrap_or(1),
        // Each entry was checked against the text before it, above.
        change: Change::AppendEntry {
            section,
            lines: Vec::new(),
        },
        anchor: None,
    };
    super::verify_text(loaded, &plan)?;
    Ok(Prepared { plan })
}
