//! Loading: the first stage of the pipeline. Reads `dossier.yaml`, every article under
//! `seeds/` and every YAML file under `annotations/`, and parses them into their written shapes.
//!
//! Nothing is checked against anything else here; that is resolving's job. Every file that
//! fails to load becomes a diagnostic, and loading goes on with the others so that one run
//! reports all of them.

pub mod annotations;
pub mod article;
pub mod cache;
pub mod config;
pub mod fence;
pub mod markdown;
pub mod yaml;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, Location, relative};
pub use annotations::LoadedAnnotations;
pub use article::ArticleFile;
pub use cache::FileCache;
use cache::{Entries, Parsed};
pub use config::LoadedConfig;
pub use fence::Fence;
use yaml::Spanned;

/// A file that values were read from, for locating them in messages.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the dossier root, with `/` separators.
    pub path: String,
    /// Lines of the file before the parsed part (front matter fences, for instance).
    pub line_offset: usize,
}

impl SourceFile {
    /// Where a value was written.
    pub fn at<T>(&self, value: &Spanned<T>) -> Location {
        Location::new(&self.path, value.line + self.line_offset, value.column)
            .with_length(value.length)
    }
}

/// Everything read from a dossier folder.
#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub config: Option<LoadedConfig>,
    /// Sorted by path. Shared with the [`FileCache`] of `serve`.
    pub articles: Vec<Arc<ArticleFile>>,
    /// Sorted by path.
    pub annotations: Vec<Arc<LoadedAnnotations>>,
    /// How many annotation files could not be read or parsed (each reported), and so define
    /// ids the other files may use.
    pub unreadable_annotations: usize,
    /// How many article files could not be read or parsed, or were refused (each reported):
    /// the ids they would have had are missing.
    pub unreadable_articles: usize,
    /// The SHA-256 of each capture an article entry names (by its normal path), or why it
    /// could not be read.
    pub captures: std::collections::HashMap<String, Result<String, String>>,
}

pub const CONFIG_FILE: &str = "dossier.yaml";
pub const SEEDS_DIR: &str = "seeds";
pub const ANNOTATIONS_DIR: &str = "annotations";

/// Loads the dossier at `root`. Problems are added to `diagnostics`; what could be loaded is
/// returned either way.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Loaded {
    load_with(root, &mut FileCache::none(), diagnostics)
}

/// [`load`], parsing again only the files that changed since they went into `cache`, which is
/// left holding this load's files.
pub fn load_with(root: &Path, cache: &mut FileCache, diagnostics: &mut Diagnostics) -> Loaded {
    let fence = Fence::new(root);
    let config = load_config(root, &fence, diagnostics);
    let annotation_paths: Vec<PathBuf> = fence
        .files_under(&root.join(ANNOTATIONS_DIR), diagnostics)
        .into_iter()
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            )
        })
        .collect();
    let errors_before_seeds = diagnostics.error_count();
    let seed_paths: BTreeSet<String> = fence
        .files_under(&root.join(SEEDS_DIR), diagnostics)
        .into_iter()
        .filter(|path| article::is_article_path(path))
        .map(|path| relative(root, &path))
        .collect();
    // Files are read and parsed in parallel; problems are reported afterwards, in order.
    let (parsed, seeds) = rayon::join(
        || {
            parse_all(&cache.annotations, annotation_paths, |path| {
                read_annotations(root, &fence, path)
            })
        },
        || load_articles(root, &fence, &cache.articles, seed_paths.iter()),
    );
    let mut unreadable_annotations = 0;
    let mut seen = std::collections::HashSet::new();
    let mut annotations = Vec::with_capacity(parsed.len());
    for (path, stamp, result) in parsed {
        match &*result {
            Ok(file) => annotations.push(file.clone()),
            Err(diagnostic) => {
                diagnostics.push(diagnostic.clone());
                unreadable_annotations += 1;
            }
        }
        seen.insert(path.clone());
        cache.annotations.insert(path, stamp, result);
    }
    cache.annotations.retain(&seen);

    // Articles may also live outside seeds/, when an entry names them.
    let mut elsewhere: BTreeSet<String> = BTreeSet::new();
    for loaded in &annotations {
        for entry in &loaded.file.articles {
            let file = entry.file.value.trim();
            if file.is_empty() {
                continue;
            }
            match normal_path(file) {
                Some(rel) if seed_paths.contains(&rel) || elsewhere.contains(&rel) => {}
                Some(rel) if root.join(&rel).is_file() => {
                    elsewhere.insert(rel);
                }
                Some(_) => {} // reported when resolving, with the entry's place
                None => diagnostics.push(
                    Diagnostic::error(
                        "article-path",
                        format!("`{file}` is not a path inside the dossier"),
                    )
                    .at(loaded.source.at(&entry.file))
                    .help("give the article's path relative to the dossier root, e.g. `seeds/001.txt`"),
                ),
            }
        }
    }
    let mut by_path = seeds;
    by_path.extend(load_articles(
        root,
        &fence,
        &cache.articles,
        elsewhere.iter(),
    ));
    let mut unreadable_articles = diagnostics.error_count() - errors_before_seeds;
    let mut seen = std::collections::HashSet::new();
    let mut articles = Vec::with_capacity(by_path.len());
    for (path, stamp, result) in by_path.into_values() {
        match &*result {
            Ok(file) => articles.push(file.clone()),
            // A file refused while walking seeds/ and named by an entry is refused twice.
            Err(diagnostic) if diagnostics.contains(diagnostic) => {}
            Err(diagnostic) => {
                diagnostics.push(diagnostic.clone());
                unreadable_articles += 1;
            }
        }
        seen.insert(path.clone());
        cache.articles.insert(path, stamp, result);
    }
    cache.articles.retain(&seen);
    let captures = digest_captures(root, &fence, &annotations, &mut cache.captures);

    Loaded {
        root: root.to_path_buf(),
        config,
        articles,
        annotations,
        unreadable_annotations,
        unreadable_articles,
        captures,
    }
}

/// The SHA-256 of `bytes`, as 64 lowercase hex digits: the digest a capture is kept with.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The digest of every capture named by an article entry, read inside the dossier only, and
/// again only when it changed since it went into `cached` (a WARC may be a gigabyte, and
/// `serve` loads on every edit). Whether each matches its entry is decided when resolving,
/// with the entry's place.
fn digest_captures(
    root: &Path,
    fence: &Fence,
    annotations: &[Arc<LoadedAnnotations>],
    cached: &mut Entries<String>,
) -> std::collections::HashMap<String, Result<String, String>> {
    let paths: BTreeSet<String> = annotations
        .iter()
        .flat_map(|a| a.file.articles.iter())
        .filter_map(|entry| entry.capture.as_ref())
        .filter_map(|capture| normal_path(capture.file.value.trim()))
        .collect();
    let full: Vec<PathBuf> = paths.iter().map(|rel| root.join(rel)).collect();
    let digested = parse_all(cached, full, |path| digest_file(fence, path));
    let mut seen = std::collections::HashSet::new();
    let mut digests = std::collections::HashMap::with_capacity(paths.len());
    for (rel, (path, stamp, digest)) in paths.into_iter().zip(digested) {
        let value = match &*digest {
            Ok(sha) => Ok(sha.to_string()),
            Err(diagnostic) => Err(diagnostic.message.clone()),
        };
        digests.insert(rel, value);
        seen.insert(path.clone());
        cached.insert(path, stamp, digest);
    }
    cached.retain(&seen);
    digests
}

/// The digest of the capture `rel` (a normal path), read as [`load`] reads captures.
pub fn digest_capture(root: &Path, rel: &str) -> Result<String, String> {
    digest_file(&Fence::new(root), &root.join(rel)).map_err(|d| d.message)
}

/// The digest of the capture at `path`, read inside the dossier only.
fn digest_file(fence: &Fence, path: &Path) -> Result<String, Diagnostic> {
    fence
        .read(path, "capture-unreadable")
        .map(|bytes| sha256_hex(&bytes))
}

/// Reads and parses one annotation file.
fn read_annotations(
    root: &Path,
    fence: &Fence,
    path: &Path,
) -> Result<LoadedAnnotations, Diagnostic> {
    let rel = relative(root, path);
    let bytes = fence.read(path, "file-unreadable")?;
    let text = article::decode(&bytes, &rel)?;
    let file = yaml::parse(&text, &rel, 0)?;
    Ok(LoadedAnnotations {
        source: SourceFile {
            path: rel,
            line_offset: 0,
        },
        file,
    })
}

/// Loads the articles at `paths` (relative to `root`) in parallel, by path.
fn load_articles<'a>(
    root: &Path,
    fence: &Fence,
    cached: &Entries<ArticleFile>,
    paths: impl Iterator<Item = &'a String>,
) -> BTreeMap<String, (PathBuf, Option<cache::Stamp>, Parsed<ArticleFile>)> {
    let paths: Vec<&String> = paths.collect();
    let full: Vec<PathBuf> = paths.iter().map(|rel| root.join(rel)).collect();
    let parsed = parse_all(cached, full, |path| {
        let bytes = fence.read(path, "article-unreadable")?;
        article::parse(&bytes, path, &relative(root, path))
    });
    paths.into_iter().cloned().zip(parsed).collect()
}

/// Each file of `paths` parsed: taken from `cached` when unchanged, parsed with `parse`
/// otherwise, in parallel. Returns each path with its stamp when it was looked at.
fn parse_all<T: Send + Sync>(
    cached: &Entries<T>,
    paths: Vec<PathBuf>,
    parse: impl Fn(&Path) -> Result<T, Diagnostic> + Sync,
) -> Vec<(PathBuf, Option<cache::Stamp>, Parsed<T>)> {
    paths
        .into_par_iter()
        .map(|path| {
            let (hit, stamp) = cached.get(&path);
            let parsed = hit.unwrap_or_else(|| Arc::new(parse(&path).map(Arc::new)));
            (path, stamp, parsed)
        })
        .collect()
}

fn load_config(root: &Path, fence: &Fence, diagnostics: &mut Diagnostics) -> Option<LoadedConfig> {
    let path = root.join(CONFIG_FILE);
    let bytes = match std::fs::symlink_metadata(&path) {
        // There is one: it must be readable, and inside the dossier.
        Ok(_) => match fence.read(&path, "file-unreadable") {
            Ok(bytes) => bytes,
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                return None;
            }
        },
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    "no-config",
                    format!("cannot read {CONFIG_FILE} in `{}`: {e}", root.display()),
                )
                .help("run dossier in a dossier folder, pass --root DIR, or create one with `dossier init DIR`"),
            );
            return None;
        }
    };
    let parsed =
        article::decode(&bytes, CONFIG_FILE).and_then(|text| yaml::parse(&text, CONFIG_FILE, 0));
    match parsed {
        Ok(file) => Some(LoadedConfig {
            source: SourceFile {
                path: CONFIG_FILE.to_string(),
                line_offset: 0,
            },
            file,
        }),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    }
}

/// A path written in an annotation file as the dossier names its files: relative, with `/`,
/// without `.` or empty parts (`seeds//a.txt` and `./seeds/a.txt` are `seeds/a.txt`); `None`
/// when it is not a path inside the dossier.
pub fn normal_path(path: &str) -> Option<String> {
    let path = safe_relative_path(path)?;
    let parts: Vec<String> = path
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// A relative path with no `..`, root or prefix component, or `None`.
pub fn safe_relative_path(path: &str) -> Option<PathBuf> {
    let path = Path::new(path);
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        .then(|| path.components().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_load_parses_again_only_what_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("seeds")).unwrap();
        std::fs::create_dir_all(root.join("annotations")).unwrap();
        std::fs::write(root.join(CONFIG_FILE), "title: Test\n").unwrap();
        std::fs::write(root.join("seeds/a.txt"), "First.").unwrap();
        std::fs::write(root.join("seeds/b.txt"), "Second.").unwrap();
        let people = root.join("annotations/people.yaml");
        std::fs::write(&people, "people:\n  - { id: p, name: P }\n").unwrap();
        std::fs::write(root.join("annotations/other.yaml"), "events: []\n").unwrap();

        let mut cache = FileCache::default();
        let mut diagnostics = Diagnostics::default();
        let first = load_with(root, &mut cache, &mut diagnostics);
        std::fs::write(root.join("seeds/b.txt"), "Second, edited.").unwrap();
        std::fs::write(&people, "people:\n  - { id: p, name: Q }\n").unwrap();
        // An edit that keeps the size may keep the time too: the watcher names the file.
        cache.forget(&people);
        let second = load_with(root, &mut cache, &mut diagnostics);
        assert!(diagnostics.is_empty());

        assert!(
            Arc::ptr_eq(&first.articles[0], &second.articles[0]),
            "a.txt parsed again"
        );
        assert!(!Arc::ptr_eq(&first.articles[1], &second.articles[1]));
        assert_eq!(second.articles[1].text.text, "Second, edited.");
        // Annotation files are sorted by path: other.yaml, then people.yaml.
        assert!(Arc::ptr_eq(&first.annotations[0], &second.annotations[0]));
        assert_eq!(second.annotations[1].file.people[0].name.value, "Q");

        // A deleted file is gone from the next load; the others are still reused.
        std::fs::remove_file(root.join("seeds/a.txt")).unwrap();
        let third = load_with(root, &mut cache, &mut diagnostics);
        assert_eq!(third.articles.len(), 1);
        assert!(Arc::ptr_eq(&second.articles[1], &third.articles[0]));
    }

    #[test]
    fn article_paths_must_stay_inside_the_dossier() {
        assert!(safe_relative_path("seeds/a.txt").is_some());
        assert!(safe_relative_path("./seeds/a.txt").is_some());
        assert!(safe_relative_path("../secret.txt").is_none());
        assert!(safe_relative_path("/etc/passwd").is_none());
        assert!(safe_relative_path("seeds/../../x").is_none());
        assert_eq!(normal_path("seeds//a.txt").as_deref(), Some("seeds/a.txt"));
        assert_eq!(
            normal_path("./seeds/./a.txt").as_deref(),
            Some("seeds/a.txt")
        );
        assert_eq!(normal_path("seeds/../a.txt"), None);
    }
}
