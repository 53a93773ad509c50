//! What the server serves at a moment: the last good build of the site ([`Site`]), and the
//! errors of the latest build if it failed. Each rebuild makes a new [`Live`] state; the
//! request handlers and the live-reload streams only ever read one whole state, so a page is
//! never served half from one build and half from another.

use std::hash::Hasher;
use std::sync::Arc;
use std::time::SystemTime;

use axum::body::Bytes;

use super::site::Site;
use crate::diagnostic::{Diagnostics, Severity};

/// One file of the served site.
#[derive(Debug, Clone)]
pub struct ServedFile {
    pub body: Bytes,
    /// A strong validator: a digest of the contents, quoted.
    pub etag: String,
    /// When these contents were first served.
    pub modified: SystemTime,
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

/// The errors of the latest build, which failed, or of one page that could not be made.
#[derive(Debug, Clone)]
pub struct ErrorReport {
    /// Whether the errors are one page's own (its template failed on its data), not the
    /// build's: the page has no last good version to show under them.
    pub page_only: bool,
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
            page_only: false,
            items,
            text,
            digest: format!("{:016x}", hasher.finish()),
            at,
        }
    }
}

/// What is served now.
#[derive(Default)]
pub struct Live {
    /// Counts rebuilds, good or not.
    pub generation: u64,
    /// The last good build; none until the first one.
    pub site: Option<Arc<Site>>,
    /// The errors of the latest build, when it failed.
    pub errors: Option<Arc<ErrorReport>>,
}
