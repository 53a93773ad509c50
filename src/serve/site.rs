//! The site of one good build as `serve` holds it: the resolved dossier and the compiled
//! theme, with the list of the site's files. A file is made the first time it is asked for
//! and kept for as long as this build is served, so after an edit only the pages someone looks
//! at are rendered again (the open pages first, to tell whether they must reload), never the
//! whole site: at 10,000 articles that is a few pages instead of 31,000 and 2 GB. The files
//! are made by the same functions `build` writes with.

use std::collections::HashMap;
use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::SystemTime;

use axum::body::Bytes;
use rayon::prelude::*;

use super::state::{ServedFile, etag};
use crate::cache::MemoryCache;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Dossier;
use crate::render::pages::{self, PageKind};
use crate::render::{self, Theme};

/// A file as made for one build: its contents, or the errors that kept it from being made.
pub type Made = Result<Arc<ServedFile>, Arc<Diagnostics>>;

/// What a file of the site (other than the search index's) is made from.
#[derive(Debug, Clone, Copy)]
enum Source {
    Page(PageKind),
    /// One of [`render::DATA_FILES`].
    Data,
    /// One of the theme's static files.
    Static,
}

/// The search index's files, made together when the first of them is asked for.
type SearchFiles = Result<HashMap<String, Arc<ServedFile>>, Arc<Diagnostics>>;

/// One good build, served.
pub struct Site {
    dossier: Arc<Dossier>,
    theme: Arc<Theme>,
    pages: Vec<PageKind>,
    /// Every file but the search index's, by path.
    sources: HashMap<String, Source>,
    search_cache: Arc<MemoryCache>,
    search: OnceLock<SearchFiles>,
    /// The files made so far; each is made once, however many ask for it at the same time.
    made: Mutex<HashMap<String, Arc<OnceLock<Made>>>>,
    validators: Arc<Validators>,
    /// A digest of the theme's static files: when it changes, every open page reloads.
    pub assets: String,
    terminal: Terminal,
}

/// Where and how errors found while serving are printed.
#[derive(Debug, Clone)]
pub struct Terminal {
    pub root: PathBuf,
    pub color: bool,
}

impl Site {
    /// The site of `dossier` rendered with `theme`. Nothing is rendered yet.
    pub fn new(
        dossier: Arc<Dossier>,
        theme: Arc<Theme>,
        search_cache: Arc<MemoryCache>,
        validators: Arc<Validators>,
        terminal: Terminal,
    ) -> Site {
        let pages = pages::all(&dossier);
        let mut sources: HashMap<String, Source> = pages
            .iter()
            .map(|&kind| (pages::path(&dossier, kind), Source::Page(kind)))
            .collect();
        for path in render::DATA_FILES {
            if render::has_data_file(&dossier, path) {
                sources.insert(path.to_string(), Source::Data);
            }
        }
        let mut assets = std::hash::DefaultHasher::new();
        for (path, contents) in &theme.static_files {
            sources.insert(path.clone(), Source::Static);
            assets.write(path.as_bytes());
            assets.write(contents);
        }
        Site {
            dossier,
            theme,
            pages,
            sources,
            search_cache,
            search: OnceLock::new(),
            made: Mutex::new(HashMap::new()),
            validators,
            assets: format!("{:016x}", assets.finish()),
            terminal,
        }
    }

    /// The overlay's report of errors met in making a file of this site.
    pub fn error_report(&self, errors: &Diagnostics) -> super::state::ErrorReport {
        let text = errors.render_human(&self.terminal.root, false);
        let mut report = super::state::ErrorReport::new(errors, text, SystemTime::now());
        report.page_only = true;
        report
    }

    /// How many pages the site has.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Whether the site has a file at `path`. A path under `pagefind/` makes the search index.
    pub fn contains(&self, path: &str) -> bool {
        self.sources.contains_key(path)
            || (in_search_index(path)
                && self
                    .search()
                    .as_ref()
                    .is_ok_and(|files| files.contains_key(path)))
    }

    /// The file at `path`, made now if no one asked for it before; `None` when the site has no
    /// such file. Rendering takes time: call it off the server's event loop.
    pub fn file(&self, path: &str) -> Option<Made> {
        self.file_reporting(path, true)
    }

    /// [`Site::file`]; errors in making it are printed when `report` is set.
    fn file_reporting(&self, path: &str, report: bool) -> Option<Made> {
        let Some(&source) = self.sources.get(path) else {
            if !in_search_index(path) {
                return None;
            }
            return match self.search() {
                Ok(files) => files.get(path).cloned().map(Ok),
                Err(errors) => Some(Err(errors.clone())),
            };
        };
        let slot = self
            .made
            .lock()
            .expect("no thread panics while holding it")
            .entry(path.to_string())
            .or_default()
            .clone();
        let mut made_here = false;
        let made = slot
            .get_or_init(|| {
                made_here = true;
                self.make(path, source)
            })
            .clone();
        if let (true, true, Err(errors)) = (report, made_here, &made) {
            eprint!(
                "{}",
                errors.render_human(&self.terminal.root, self.terminal.color)
            );
        }
        Some(made)
    }

    /// Every file of the site, sorted. Makes the search index.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.sources.keys().cloned().collect();
        if let Ok(files) = self.search() {
            paths.extend(files.keys().cloned());
        }
        paths.sort();
        paths
    }

    /// Renders one page of each kind, so that a template error shows at once, in every open
    /// page, rather than when a page of that kind is next looked at. The errors are returned,
    /// not printed.
    pub fn probe(&self) -> Diagnostics {
        let mut kinds: Vec<PageKind> = Vec::new();
        for &kind in &self.pages {
            if !kinds.iter().any(|k| same_kind(*k, kind)) {
                kinds.push(kind);
            }
        }
        let failures: Vec<Diagnostics> = kinds
            .par_iter()
            .filter_map(|&kind| {
                self.file_reporting(&pages::path(&self.dossier, kind), false)?
                    .err()
            })
            .map(|errors| (*errors).clone())
            .collect();
        let mut diagnostics = Diagnostics::default();
        for failure in failures {
            diagnostics.extend(failure);
        }
        diagnostics
    }

    fn make(&self, path: &str, source: Source) -> Made {
        let contents = match source {
            Source::Page(kind) => match render::render_page(&self.dossier, &self.theme, kind) {
                Ok(file) => file.contents,
                Err(errors) => {
                    let mut diagnostics = Diagnostics::default();
                    for error in errors {
                        diagnostics.push(error);
                    }
                    return Err(Arc::new(diagnostics));
                }
            },
            Source::Data => render::data_file(&self.dossier, &self.pages, path)
                .unwrap_or_default()
                .into_bytes(),
            Source::Static => self.theme.static_files[path].clone(),
        };
        Ok(Arc::new(self.validators.served(path, contents)))
    }

    fn search(&self) -> &SearchFiles {
        self.search.get_or_init(|| {
            match render::search::index(&self.dossier, &*self.search_cache) {
                Ok(index) => {
                    let files: HashMap<String, Arc<ServedFile>> = index
                        .files
                        .into_iter()
                        .map(|file| {
                            let served = self.validators.served(&file.path, file.contents);
                            (file.path, Arc::new(served))
                        })
                        .collect();
                    // The index's file names change with its contents: forget the old ones.
                    self.validators
                        .forget_search_files_but(|path| files.contains_key(path));
                    Ok(files)
                }
                Err(message) => {
                    let mut diagnostics = Diagnostics::default();
                    diagnostics.push(
                        Diagnostic::error("search-index", message).help(
                            "this is a fault in dossier, not in the dossier: please report it",
                        ),
                    );
                    Err(Arc::new(diagnostics))
                }
            }
        })
    }
}

/// Whether `path` lies in the search index's folder.
fn in_search_index(path: &str) -> bool {
    render::search::part_of(path).is_some()
}

fn same_kind(a: PageKind, b: PageKind) -> bool {
    std::mem::discriminant(&a) == std::mem::discriminant(&b)
}

/// When each file's contents were first served, across builds: a file that comes out the same
/// after an edit keeps its validator and its `Last-Modified` time.
#[derive(Debug, Default)]
pub struct Validators {
    first_served: Mutex<HashMap<String, (String, SystemTime)>>,
}

impl Validators {
    /// `contents`, to be served at `path`.
    fn served(&self, path: &str, contents: Vec<u8>) -> ServedFile {
        let etag = etag(&contents);
        let mut first_served = self
            .first_served
            .lock()
            .expect("no thread panics while holding it");
        let modified = match first_served.get(path) {
            Some((known, at)) if *known == etag => *at,
            _ => {
                let now = SystemTime::now();
                first_served.insert(path.to_string(), (etag.clone(), now));
                now
            }
        };
        ServedFile {
            body: Bytes::from(contents),
            etag,
            modified,
        }
    }

    /// Forgets the files `site` does not have, so that deleted pages are not remembered. The
    /// search index's files are known only once it is made ([`Validators::forget_search_files_but`]).
    pub fn keep_only(&self, site: &Site) {
        self.first_served
            .lock()
            .expect("no thread panics while holding it")
            .retain(|path, _| site.sources.contains_key(path) || in_search_index(path));
    }

    /// Forgets the search index's files for which `keep` says no.
    fn forget_search_files_but(&self, keep: impl Fn(&str) -> bool) {
        self.first_served
            .lock()
            .expect("no thread panics while holding it")
            .retain(|path, _| !in_search_index(path) || keep(path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contents_that_come_out_the_same_keep_their_validator_and_time() {
        let validators = Validators::default();
        let first = validators.served("index.html", b"a".to_vec());
        std::thread::sleep(std::time::Duration::from_millis(5));
        let same = validators.served("index.html", b"a".to_vec());
        assert_eq!(same.etag, first.etag);
        assert_eq!(same.modified, first.modified);
        let changed = validators.served("index.html", b"b".to_vec());
        assert_ne!(changed.etag, first.etag);
        assert!(changed.modified > first.modified);
        // The same contents at another path are another file.
        let other = validators.served("other.html", b"a".to_vec());
        assert_eq!(other.etag, first.etag);
        assert!(other.modified > first.modified);
        // The search index's files of an earlier index are forgotten once a new one is made.
        validators.served("pagefind/fragment/old.pf_fragment", b"o".to_vec());
        validators.served("pagefind/fragment/new.pf_fragment", b"n".to_vec());
        validators.forget_search_files_but(|path| path.ends_with("new.pf_fragment"));
        let mut known: Vec<String> = validators
            .first_served
            .lock()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        known.sort();
        assert_eq!(
            known,
            [
                "index.html",
                "other.html",
                "pagefind/fragment/new.pf_fragment"
            ]
        );
    }

    #[test]
    fn a_page_is_rendered_once_per_build_and_only_when_asked_for() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut diagnostics = Diagnostics::default();
        let options = crate::pipeline::BuildOptions {
            root: root.to_path_buf(),
            out: root.join("site"),
            base_url: Some("http://127.0.0.1:4040/".into()),
        };
        let (dossier, theme) = crate::pipeline::prepare(&options, &mut diagnostics).unwrap();
        let validators = Arc::new(Validators::default());
        let site = Site::new(
            Arc::new(dossier),
            Arc::new(theme),
            Arc::default(),
            validators.clone(),
            Terminal {
                root: root.to_path_buf(),
                color: false,
            },
        );
        assert!(site.made.lock().unwrap().is_empty());
        let Some(Ok(page)) = site.file("people/index.html") else {
            panic!("no people page")
        };
        assert!(std::str::from_utf8(&page.body).unwrap().contains("<html"));
        let Some(Ok(again)) = site.file("people/index.html") else {
            panic!("no people page")
        };
        assert!(Arc::ptr_eq(&page, &again), "rendered twice");
        assert_eq!(site.made.lock().unwrap().len(), 1);
        assert!(site.file("people/nobody/index.html").is_none());
        assert!(site.contains("dossier.json") && site.contains("sitemap.xml"));
        // The search index is listed with the rest, and made once.
        let paths = site.paths();
        assert!(
            paths.iter().any(|p| p == "pagefind/pagefind.js"),
            "{paths:?}"
        );
        assert!(matches!(site.file("pagefind/pagefind.js"), Some(Ok(_))));
        assert!(site.probe().is_empty());
    }
}
