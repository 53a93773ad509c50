//! Rebuilding the site in memory after a change, with the same pipeline as `build`. A change
//! to the theme alone (a template or a static file) recompiles the theme and re-renders the
//! dossier already resolved; any other change loads and resolves the dossier again.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostics;
use crate::model::Dossier;
use crate::pipeline::{self, BuildOptions, SiteFiles};
use crate::render::Theme;

/// What a change touched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// Templates or static files only.
    Theme,
    /// The configuration, an article or an annotation file (or anything at all).
    Dossier,
}

impl Change {
    /// What a change at `relative` (a path below the dossier's root) touches, if anything
    /// the site is built from.
    pub fn of(relative: &Path) -> Option<Change> {
        let first = relative.components().next()?.as_os_str().to_str()?;
        match first {
            crate::load::CONFIG_FILE | crate::load::SEEDS_DIR | crate::load::ANNOTATIONS_DIR => {
                Some(Change::Dossier)
            }
            "themes" | "templates" | "static" => Some(Change::Theme),
            _ => None,
        }
    }
}

/// The folders below the root whose contents the site is built from.
pub const SOURCE_DIRS: [&str; 5] = [
    crate::load::SEEDS_DIR,
    crate::load::ANNOTATIONS_DIR,
    "themes",
    "templates",
    "static",
];

/// The result of one rebuild.
pub struct Rebuilt {
    /// The site, when the build succeeded.
    pub files: Option<SiteFiles>,
    /// The paths of the theme's static files in the site.
    pub static_files: Vec<String>,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
    pub took: Duration,
    /// Whether the dossier was loaded again or only the theme.
    pub change: Change,
}

/// Rebuilds a dossier, keeping the resolved dossier and the compiled theme of the last
/// build that got that far.
pub struct Rebuilder {
    options: BuildOptions,
    dossier: Option<Dossier>,
    theme: Option<Theme>,
    /// The search index's parts, so a rebuild indexes again only what changed.
    search: crate::cache::MemoryCache,
}

impl Rebuilder {
    /// `base_url` is the address the site is served at, which pages use for their absolute
    /// links.
    pub fn new(root: PathBuf, base_url: String) -> Rebuilder {
        Rebuilder {
            options: BuildOptions {
                out: root.join("site"),
                root,
                base_url: Some(base_url),
            },
            dossier: None,
            theme: None,
            search: crate::cache::MemoryCache::default(),
        }
    }

    /// Rebuilds after `change`.
    pub fn rebuild(&mut self, change: Change) -> Rebuilt {
        let started = Instant::now();
        let mut diagnostics = Diagnostics::default();
        let change = match (&self.dossier, change) {
            (Some(dossier), Change::Theme) => {
                self.theme = pipeline::reload_theme(&self.options.root, dossier, &mut diagnostics);
                Change::Theme
            }
            _ => {
                match pipeline::prepare(&self.options, &mut diagnostics) {
                    Some((dossier, theme)) => {
                        self.dossier = Some(dossier);
                        self.theme = Some(theme);
                    }
                    None => {
                        // Keep nothing half-loaded: the next change loads everything again.
                        self.dossier = None;
                        self.theme = None;
                    }
                }
                Change::Dossier
            }
        };
        let (files, static_files) = match (&self.dossier, &self.theme) {
            (Some(dossier), Some(theme)) if !diagnostics.has_errors() => (
                pipeline::render_in_memory(dossier, theme, &self.search, &mut diagnostics),
                theme.static_files.keys().cloned().collect(),
            ),
            _ => (None, Vec::new()),
        };
        Rebuilt {
            files,
            static_files,
            diagnostics,
            took: started.elapsed(),
            change,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_told_apart_by_their_folder() {
        assert_eq!(Change::of(Path::new("dossier.yaml")), Some(Change::Dossier));
        assert_eq!(
            Change::of(Path::new("annotations/claims/a.yaml")),
            Some(Change::Dossier)
        );
        assert_eq!(
            Change::of(Path::new("seeds/000.txt")),
            Some(Change::Dossier)
        );
        assert_eq!(
            Change::of(Path::new("templates/base.html")),
            Some(Change::Theme)
        );
        assert_eq!(
            Change::of(Path::new("themes/default/static/style.css")),
            Some(Change::Theme)
        );
        assert_eq!(
            Change::of(Path::new("static/logo.svg")),
            Some(Change::Theme)
        );
        assert_eq!(Change::of(Path::new("site/index.html")), None);
        assert_eq!(Change::of(Path::new(".git/index")), None);
        assert_eq!(Change::of(Path::new("dossier.yaml.swp")), None);
    }
}
