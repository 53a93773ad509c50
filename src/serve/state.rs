//! What the server serves at a moment: the last good build of the site, held in memory, and
//! the errors of the latest build if it failed. Each rebuild makes a new [`Live`] state; the
//! request handlers and the live-reload streams only ever read one whole state, so a page is
//! never served half from one build and half from another.

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;

use crate::diagnostic::{Diagnostics, Severity};
use crate::pipeline::SiteFiles;

/// One file of the served site.
#[derive(Debug, Clone)]
pub struct ServedFile {
    pub body: Bytes,
    /// A strong validator: a digest of the contents, quoted.
    pub etag: String,
    /// When these contents were first served.
    pub modified: SystemTime,
}

/// Every file of one good build.
#[derive(Debug, Default)]
pub struct Snapshot {
    pub files: HashMap<String, ServedFile>,
    /// A digest of the theme's static files (stylesheets, scripts, images): when it changes,
    /// every open page reloads, since any of them may use them.
    pub assets: String,
}

impl Snapshot {
    /// The snapshot of a new build. Files whose contents did not change keep their validator
    /// and time from `previous`. Returns the snapshot and how many files changed, appeared or
    /// went away.
    pub fn next(
        previous: &Snapshot,
        files: SiteFiles,
        static_files: &[String],
        now: SystemTime,
    ) -> (Snapshot, usize) {
        let mut changed = previous
            .files
            .keys()
            .filter(|path| !files.contains_key(*path))
            .count();
        let files: HashMap<String, ServedFile> = files
            .into_iter()
            .map(|(path, contents)| {
                // Only new contents need a new validator.
                let served = match previous.files.get(&path) {
                    Some(old) if old.body[..] == contents[..] => old.clone(),
                    _ => {
                        changed += 1;
                        ServedFile {
                            etag: etag(&contents),
                            body: Bytes::from(contents),
                            modified: now,
                        }
                    }
                };
                (path, served)
            })
            .collect();
        let mut assets = std::hash::DefaultHasher::new();
        for path in static_files {
            assets.write(path.as_bytes());
            if let Some(file) = files.get(path) {
                assets.write(file.etag.as_bytes());
            }
        }
        let assets = format!("{:016x}", assets.finish());
        (Snapshot { files, assets }, changed)
    }
}

/// A digest of `contents` as an HTTP entity tag. `DefaultHasher::new()` has fixed keys, so the
/// same contents get the same tag across rebuilds.
pub fn etag(contents: &[u8]) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(contents);
    format!("\"{:016x}-{:x}\"", hasher.finish(), contents.len())
}

/// One error of a failed build, as the page overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorItem {
    /// `file:line:column`, or the file alone, or empty when the error has no place.
    pub place: String,
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
}

/// The errors of the latest build, which failed.
#[derive(Debug, Clone)]
pub struct ErrorReport {
    pub items: Vec<ErrorItem>,
    /// The whole report as the terminal shows it, without colour.
    pub text: String,
    /// Identifies this set of errors, so that a reader who dismissed it is not shown it again.
    pub digest: String,
    pub at: SystemTime,
}

impl ErrorReport {
    pub fn new(diagnostics: &Diagnostics, text: String, at: SystemTime) -> ErrorReport {
        let items: Vec<ErrorItem> = diagnostics
            .sorted()
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| ErrorItem {
                place: match &d.location {
                    Some(l) if l.line > 0 => format!("{}:{}:{}", l.file, l.line, l.column),
                    Some(l) => l.file.clone(),
                    None => String::new(),
                },
                code: d.code,
                message: d.message.clone(),
                help: d.help.clone(),
            })
            .collect();
        let mut hasher = std::hash::DefaultHasher::new();
        hasher.write(text.as_bytes());
        ErrorReport {
            items,
            text,
            digest: format!("{:016x}", hasher.finish()),
            at,
        }
    }
}

/// What is served now.
#[derive(Debug, Default)]
pub struct Live {
    /// Counts rebuilds, good or not.
    pub generation: u64,
    /// The last good build; empty until the first one.
    pub site: Arc<Snapshot>,
    /// The errors of the latest build, when it failed.
    pub errors: Option<Arc<ErrorReport>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(entries: &[(&str, &str)]) -> SiteFiles {
        entries
            .iter()
            .map(|(p, c)| (p.to_string(), c.as_bytes().to_vec()))
            .collect()
    }

    #[test]
    fn unchanged_files_keep_their_validator_and_time() {
        let t0 = SystemTime::UNIX_EPOCH;
        let t1 = t0 + std::time::Duration::from_secs(60);
        let statics = vec!["style.css".to_string()];
        let (first, changed) = Snapshot::next(
            &Snapshot::default(),
            files(&[("index.html", "a"), ("style.css", "s"), ("old.html", "o")]),
            &statics,
            t0,
        );
        assert_eq!(changed, 3);
        let (second, changed) = Snapshot::next(
            &first,
            files(&[("index.html", "b"), ("style.css", "s"), ("new.html", "n")]),
            &statics,
            t1,
        );
        // index.html changed, old.html went away, new.html appeared.
        assert_eq!(changed, 3);
        assert_eq!(second.files["style.css"].modified, t0);
        assert_eq!(second.files["index.html"].modified, t1);
        assert_ne!(
            second.files["index.html"].etag,
            first.files["index.html"].etag
        );
        assert_eq!(second.assets, first.assets);
        let (third, _) = Snapshot::next(&second, files(&[("style.css", "t")]), &statics, t1);
        assert_ne!(third.assets, second.assets);
    }
}
