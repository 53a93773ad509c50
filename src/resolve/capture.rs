//! Fixity: an article's `capture` must be a file in the dossier whose SHA-256 is the one its
//! entry records, so that the saved page the text was taken from is the page that was saved.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::annotations::CaptureEntry;
use crate::load::{Loaded, SourceFile, normal_path};
use crate::model::Capture;

/// The capture of an entry, checked against the file the loader read; `None` (with an error)
/// when it does not hold.
pub fn check(
    loaded: &Loaded,
    source: &SourceFile,
    id: &str,
    entry: &CaptureEntry,
    diagnostics: &mut Diagnostics,
) -> Option<Capture> {
    let file = entry.file.value.trim();
    let at_file = source.at(&entry.file);
    let Some(path) = normal_path(file) else {
        diagnostics.push(
            Diagnostic::error(
                "capture-path",
                format!("`{file}` is not a path inside the dossier"),
            )
            .at(at_file)
            .help("keep captures under `captures/` and give their path from the dossier folder"),
        );
        return None;
    };
    let sha256 = entry.sha256.value.trim().to_ascii_lowercase();
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        diagnostics.push(
            Diagnostic::error(
                "bad-digest",
                format!("`{}` is not a SHA-256 digest", entry.sha256.value.trim()),
            )
            .at(source.at(&entry.sha256))
            .help("write the 64 hex digits `sha256sum FILE` prints"),
        );
        return None;
    }
    let captured = match &entry.captured {
        Some(text) => {
            let value = text.value.trim();
            match chrono::DateTime::parse_from_rfc3339(value) {
                Ok(time) => Some(
                    time.with_timezone(&chrono::Utc)
                        .format("%Y-%m-%dT%H:%M:%SZ")
                        .to_string(),
                ),
                Err(_) => {
                    diagnostics.push(
                        Diagnostic::error("bad-date", format!("`{value}` is not a date and time"))
                            .at(source.at(text))
                            .help("write when the page was captured as `2026-12-02T07:00:00Z`"),
                    );
                    return None;
                }
            }
        }
        None => None,
    };
    match loaded.captures.get(&path) {
        Some(Ok(actual)) if *actual == sha256 => Some(Capture {
            file: path,
            sha256,
            captured,
        }),
        Some(Ok(actual)) => {
            diagnostics.push(
                Diagnostic::error(
                    "capture-changed",
                    format!(
                        "the capture of article `{}`, `{path}`, does not match its sha256: the \
                         file has changed since it was recorded (it now hashes to {actual})",
                        id.trim()
                    ),
                )
                .at(source.at(&entry.sha256))
                .help("restore the capture as it was saved (from version control); a new capture is imported as a new article"),
            );
            None
        }
        Some(Err(why)) => {
            diagnostics.push(
                Diagnostic::error("capture-missing", format!("the capture of article `{}`: {why}", id.trim()))
                    .at(at_file)
                    .help("the capture is kept in the dossier: restore it, or remove `capture` from the entry"),
            );
            None
        }
        // Every capture an entry names is read when the dossier is loaded; one that was not
        // is not taken on trust.
        None => {
            diagnostics.push(
                Diagnostic::error(
                    "capture-missing",
                    format!(
                        "the capture of article `{}`, `{path}`, was not read",
                        id.trim()
                    ),
                )
                .at(at_file)
                .help("check the dossier again"),
            );
            None
        }
    }
}
