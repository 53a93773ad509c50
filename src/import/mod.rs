//! `dossier import`: from a saved web page to an article of the dossier.
//!
//! Each capture is read ([`capture`]), each page in it extracted ([`extract`]), and the whole
//! import is planned before anything is written: the seed files, the capture kept verbatim
//! under `captures/`, and the articles' entries, appended to the annotation file for new
//! articles through the same checked path as every edit ([`crate::edit`]). The dossier with
//! the new files must resolve without errors, or nothing is written; a capture already in the
//! dossier adds nothing. Files are created new, in folders opened through no link.

mod archive;
pub mod body;
pub mod capture;
pub mod extract;
pub mod markdown;
mod naming;
mod plan;
mod write;

use std::path::{Path, PathBuf};

pub use markdown::Form;
pub use plan::{Outcome, Skip};

use crate::diagnostic::Diagnostic;

/// What the command line asked for.
pub struct Options {
    /// The id of the new article (one page only).
    pub id: Option<String>,
    /// The page's address, over what the page and the capture say.
    pub url: Option<String>,
    pub form: Form,
}

/// Imports the captures at `paths` into the dossier at `root`: what was done with each page,
/// or why nothing was written.
pub fn import(
    root: &Path,
    paths: &[PathBuf],
    options: &Options,
) -> Result<Vec<Outcome>, Vec<Diagnostic>> {
    let _locked = crate::edit::lock(root).map_err(|r| r.diagnostics)?;
    let (mut loaded, dossier) = crate::edit::load_checked(root).map_err(|r| r.diagnostics)?;
    let mut captures = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        match capture::read(path) {
            Ok(capture) => captures.push((path.display().to_string(), capture)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let planned = plan::plan(&loaded, &dossier, &captures, options)?;
    planned.write(root, &mut loaded)
}
