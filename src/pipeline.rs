//! The pipeline from a dossier folder to a site, shared by every command.

use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Dossier;
use crate::render::{self, Theme};

/// Loads and resolves the dossier at `root`. Warnings are added to `diagnostics` either way;
/// the model is returned only when there is no error.
pub fn resolve(root: &Path, diagnostics: &mut Diagnostics) -> Option<Dossier> {
    let loaded = crate::load::load(root, diagnostics);
    crate::resolve::resolve(&loaded, diagnostics)
}

/// The theme `dossier.yaml` names, as far as it could be read, and where it is named.
fn theme_name(loaded: &crate::load::Loaded) -> (String, crate::diagnostic::Location) {
    let named = loaded.config.as_ref().and_then(|config| {
        let theme = config.file.theme.as_ref()?;
        Some((theme.value.trim().to_string(), config.source.at(theme)))
    });
    named.unwrap_or_else(|| {
        (
            "default".to_string(),
            crate::diagnostic::Location::file(crate::load::CONFIG_FILE),
        )
    })
}

/// Options of a build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub out: PathBuf,
    /// Overrides `base_url` from `dossier.yaml`.
    pub base_url: Option<String>,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub pages: usize,
    pub files: usize,
    pub anchors: usize,
}

/// What a check found in a dossier that has no errors.
#[derive(Debug, Clone)]
pub struct CheckSummary {
    pub articles: usize,
    pub people: usize,
    pub claims: usize,
    pub corrections: usize,
    pub events: usize,
    pub anchors: usize,
}

/// Checks the dossier at `root` as a build would, rendering every page but writing nothing,
/// so that a dossier that checks clean builds; then checks that every internal link of the
/// rendered pages resolves.
pub fn check(root: &Path, diagnostics: &mut Diagnostics) -> Option<CheckSummary> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        out: root.join("site"),
        base_url: None,
    };
    let (dossier, theme) = prepare(&options, diagnostics)?;
    let links = std::sync::Mutex::new(crate::links::LinkCheck::default());
    // The search index of the site last built, where it is still right: a check writes nothing,
    // so it records nothing.
    let search_cache = crate::cache::SiteCache::open(&options.out);
    render::render(
        &dossier,
        &theme,
        &|file| {
            links
                .lock()
                .expect("no thread panics while holding it")
                .add(&file);
            Ok(())
        },
        &search_cache,
        diagnostics,
    );
    links
        .into_inner()
        .expect("no thread panicked")
        .finish(diagnostics);
    if diagnostics.has_errors() {
        return None;
    }
    Some(CheckSummary {
        articles: dossier.articles.len(),
        people: dossier.people.len(),
        claims: dossier.claims.len(),
        corrections: dossier.corrections.len(),
        events: dossier.events.len(),
        anchors: anchor_count(&dossier),
    })
}

fn anchor_count(dossier: &Dossier) -> usize {
    dossier
        .articles
        .iter()
        .map(|a| a.highlights.len() + a.layout.len())
        .sum()
}

/// What `serve` keeps between rebuilds, so that after an edit only the files that changed are
/// parsed again and only the articles whose quotes or text changed are scanned again.
#[derive(Default)]
pub struct Reuse {
    pub files: crate::load::FileCache,
    pub resolved: crate::resolve::Kept,
}

/// Loads and resolves the dossier and compiles its theme: everything rendering needs.
pub fn prepare(options: &BuildOptions, diagnostics: &mut Diagnostics) -> Option<(Dossier, Theme)> {
    prepare_with(options, &mut Reuse::default(), diagnostics)
}

/// [`prepare`], reusing what `reuse` kept of the last time, and keeping this time's there.
pub fn prepare_with(
    options: &BuildOptions,
    reuse: &mut Reuse,
    diagnostics: &mut Diagnostics,
) -> Option<(Dossier, Theme)> {
    let loaded = crate::load::load_with(&options.root, &mut reuse.files, diagnostics);
    let mut dossier = crate::resolve::resolve_with(&loaded, &mut reuse.resolved, diagnostics);
    if let (Some(dossier), Some(base_url)) = (dossier.as_mut(), &options.base_url) {
        let base = base_url.trim();
        dossier.config.base_url = Some(if base.ends_with('/') {
            base.to_string()
        } else {
            format!("{base}/")
        });
    }
    // The theme is compiled even when the dossier has errors, so template errors are reported
    // in the same run.
    let (theme, named_at) = theme_name(&loaded);
    let theme = render::templates::load(&options.root, &theme, &named_at, diagnostics);
    let (dossier, theme) = (dossier?, theme?);
    fits(&dossier, theme, diagnostics).map(|theme| (dossier, theme))
}

/// Compiles the theme a resolved dossier names again, without reloading the dossier: what a
/// change to a template or a static file needs.
pub fn reload_theme(
    root: &Path,
    dossier: &Dossier,
    diagnostics: &mut Diagnostics,
) -> Option<Theme> {
    let named_at = crate::diagnostic::Location::file(crate::load::CONFIG_FILE);
    let theme = render::templates::load(root, &dossier.config.theme, &named_at, diagnostics)?;
    fits(dossier, theme, diagnostics)
}

/// The theme, unless one of its static files would take the place of a file the build makes.
fn fits(dossier: &Dossier, theme: Theme, diagnostics: &mut Diagnostics) -> Option<Theme> {
    let clashes = theme.clashes(dossier);
    if clashes.is_empty() {
        return Some(theme);
    }
    for clash in clashes {
        diagnostics.push(clash);
    }
    None
}

/// Every file of a site, by its path relative to the site root.
pub type SiteFiles = std::collections::BTreeMap<String, Vec<u8>>;

/// Renders the whole site into memory, as `build` would write it (the benchmarks time the
/// rendering apart from the disk with it).
pub fn render_in_memory(
    dossier: &Dossier,
    theme: &Theme,
    search_cache: &dyn render::search::SearchCache,
    diagnostics: &mut Diagnostics,
) -> Option<SiteFiles> {
    let files = std::sync::Mutex::new(SiteFiles::new());
    render::render(
        dossier,
        theme,
        &|file| {
            files
                .lock()
                .expect("no thread panics while holding it")
                .insert(file.path, file.contents);
            Ok(())
        },
        search_cache,
        diagnostics,
    );
    if diagnostics.has_errors() {
        return None;
    }
    Some(files.into_inner().expect("no thread panicked"))
}

/// Told how a build goes, for a progress bar. Called from several threads at once.
pub trait Progress: Sync {
    /// Another build holds the lock on the output folder `out`; this one waits for it.
    fn waiting(&self, _out: &Path) {}
    /// The dossier is loaded and resolved; `pages` pages are to be written.
    fn rendering(&self, pages: usize);
    /// One more page is written.
    fn wrote_page(&self);
}

/// A build that reports its progress to no one.
pub struct NoProgress;

impl Progress for NoProgress {
    fn rendering(&self, _: usize) {}
    fn wrote_page(&self) {}
}

/// Why a build wrote no site; the diagnostics say more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuildFailure {
    /// The dossier has errors, or the site could not be written.
    Dossier,
    /// The output folder named is not one the build may replace.
    Refused,
}

/// Builds the site: renders it into a staging folder beside `options.out`, then swaps it in.
/// On any error the staging folder is kept as the spare and the previous site stays as it was.
pub fn build(
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
) -> Result<BuildSummary, BuildFailure> {
    build_with_progress(options, diagnostics, &NoProgress)
}

/// [`build`], telling `progress` how it goes.
pub fn build_with_progress(
    options: &BuildOptions,
    diagnostics: &mut Diagnostics,
    progress: &dyn Progress,
) -> Result<BuildSummary, BuildFailure> {
    let output = match crate::write::output::claim(&options.root, &options.out, &|out| {
        progress.waiting(out)
    }) {
        Ok(output) => output,
        Err(refusal) => {
            diagnostics.push(refusal.diagnostic());
            return Err(if refusal.is_usage() {
                BuildFailure::Refused
            } else {
                BuildFailure::Dossier
            });
        }
    };
    let write_failed = |error: std::io::Error| {
        Diagnostic::error(
            "write-failed",
            format!("cannot write the site to `{}`: {error}", options.out.display()),
        )
        .help("check that the output folder's parent exists and is writable; the previous site was left as it was")
    };
    // The spare folder is claimed and listed while the dossier loads, on a thread of its own
    // (rayon's would be busy loading).
    let (prepared, staging) = std::thread::scope(|scope| {
        let staging = scope.spawn(|| crate::write::Staging::begin(output));
        let prepared = prepare(options, diagnostics);
        let staging = staging
            .join()
            .unwrap_or_else(|_| Err(std::io::Error::other("listing the spare folder failed")));
        (prepared, staging)
    });
    let staging = match staging {
        Ok(staging) => staging,
        Err(error) => {
            diagnostics.push(write_failed(error));
            return Err(BuildFailure::Dossier);
        }
    };
    let (dossier, theme) = prepared.ok_or(BuildFailure::Dossier)?;
    let pages = render::pages::all(&dossier).len();
    progress.rendering(pages);
    let search_cache = crate::cache::SiteCache::for_build(&options.out, staging.reused());
    let files = render::render(
        &dossier,
        &theme,
        &|file| {
            staging.write(&file)?;
            if file.path.ends_with(".html") {
                progress.wrote_page();
            }
            Ok(())
        },
        &search_cache,
        diagnostics,
    );
    if diagnostics.has_errors() {
        return Err(BuildFailure::Dossier);
    }
    // The search index's parts left in place in the spare folder stay.
    let in_place = search_cache.in_place();
    let keep =
        |path: &str| render::search::part_of(path).is_some_and(|part| in_place.contains(&part));
    match staging.commit_keeping(&keep) {
        Ok(replaced) => search_cache.commit(replaced),
        Err(error) => {
            diagnostics.push(write_failed(error));
            return Err(BuildFailure::Dossier);
        }
    }
    Ok(BuildSummary {
        pages,
        files,
        anchors: anchor_count(&dossier),
    })
}
