//! Rebuilding after a change, with the same pipeline as `build`. A change to the theme alone
//! (a template or a static file) recompiles the theme over the dossier already resolved; any
//! other change loads and resolves the dossier again, parsing only the files that changed and
//! scanning only the articles whose text or quotes changed. Either way the result is a new
//! [`Site`] whose pages are rendered when they are asked for.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::site::{Site, Terminal, Validators};
use crate::cache::MemoryCache;
use crate::diagnostic::Diagnostics;
use crate::model::Dossier;
use crate::pipeline::{self, BuildOptions, Reuse};
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
    pub site: Option<Site>,
    /// Errors and warnings.
    pub diagnostics: Diagnostics,
    pub took: Duration,
    /// Whether the dossier was loaded again or only the theme.
    pub change: Change,
}

/// Rebuilds a dossier, keeping what the next rebuild can reuse: the parsed files and the
/// articles' scans, the resolved dossier and the compiled theme of the last build that got
/// that far, the search index's parts, and the files' validators.
pub struct Rebuilder {
    options: BuildOptions,
    reuse: Reuse,
    dossier: Option<Arc<Dossier>>,
    theme: Option<Arc<Theme>>,
    search: Arc<MemoryCache>,
    validators: Arc<Validators>,
    terminal: Terminal,
    /// Whether the theme has rendered a page of each kind without error since it last changed.
    theme_tried: bool,
}

impl Rebuilder {
    /// `base_url` is the address the site is served at, which pages use for their absolute
    /// links. `color` colours the errors printed while pages are rendered.
    pub fn new(root: PathBuf, base_url: String, color: bool) -> Rebuilder {
        Rebuilder {
            terminal: Terminal {
                root: root.clone(),
                color,
            },
            options: BuildOptions {
                out: root.join("site"),
                root,
                base_url: Some(base_url),
            },
            reuse: Reuse::default(),
            dossier: None,
            theme: None,
            search: Arc::default(),
            validators: Arc::default(),
            theme_tried: false,
        }
    }

    /// Forgets what is known of the files at `paths` (files or folders, as the watcher named
    /// them), so they are read again even if their size and time look unchanged.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        for path in paths {
            self.reuse.files.forget(path);
        }
    }

    /// Forgets every file read, when changes may have been missed.
    pub fn forget_all(&mut self) {
        self.reuse.files.clear();
    }

    /// Rebuilds after `change`.
    pub fn rebuild(&mut self, change: Change) -> Rebuilt {
        let started = Instant::now();
        let mut diagnostics = Diagnostics::default();
        let change = match (&self.dossier, change) {
            (Some(dossier), Change::Theme) => {
                self.theme = pipeline::reload_theme(&self.options.root, dossier, &mut diagnostics)
                    .map(Arc::new);
                Change::Theme
            }
            _ => {
                let prepared =
                    pipeline::prepare_with(&self.options, &mut self.reuse, &mut diagnostics);
                // Keep nothing half-loaded: the next change loads everything again.
                let (dossier, theme) = prepared.map_or((None, None), |(d, t)| {
                    (Some(Arc::new(d)), Some(Arc::new(t)))
                });
                let old = std::mem::replace(&mut self.dossier, dossier);
                self.theme = theme;
                // A large dossier takes a while to free; the new one need not wait for it.
                // (Should no thread start, the refused closure frees it here.)
                let _ = std::thread::Builder::new()
                    .name("dossier-free".into())
                    .spawn(move || drop(old));
                Change::Dossier
            }
        };
        let site = match (&self.dossier, &self.theme) {
            (Some(dossier), Some(theme)) if !diagnostics.has_errors() => {
                let site = Site::new(
                    dossier.clone(),
                    theme.clone(),
                    self.search.clone(),
                    self.validators.clone(),
                    self.terminal.clone(),
                );
                // A new theme is tried on a page of each kind at once, and so is the first
                // build; after an edit of the dossier, the open pages are rendered first of
                // all anyway.
                if change == Change::Theme || !self.theme_tried {
                    diagnostics.extend(site.probe());
                    self.theme_tried = !diagnostics.has_errors();
                }
                self.validators.keep_only(&site);
                (!diagnostics.has_errors()).then_some(site)
            }
            _ => None,
        };
        Rebuilt {
            site,
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
