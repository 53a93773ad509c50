//! Files parsed by an earlier load, kept by `serve` so that a rebuild after an edit parses
//! again only the files that changed: at 10,000 articles, reading and parsing everything
//! takes most of a second, a stat of every file a few milliseconds.
//!
//! A file is taken from the cache when its size, modification time and inode are those it had
//! when it was parsed, and the watcher has not named it since ([`FileCache::forget`]): an edit
//! that keeps the size within the clock's resolution is still seen.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::diagnostic::Diagnostic;

/// What identifies one version of a file on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl Stamp {
    /// The file's stamp now, or `None` when it cannot be read.
    pub fn of(path: &Path) -> Option<Stamp> {
        let metadata = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&metadata);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
            inode,
        })
    }
}

/// A file's parsed contents, or why it could not be loaded.
pub type Parsed<T> = Arc<Result<Arc<T>, Diagnostic>>;

/// One kind of parsed file, by path.
#[derive(Debug)]
pub struct Entries<T> {
    by_path: HashMap<PathBuf, (Stamp, Parsed<T>)>,
    /// Whether files are kept at all: a single load keeps none, and stats none.
    keeping: bool,
}

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries {
            by_path: HashMap::new(),
            keeping: true,
        }
    }
}

impl<T> Entries<T> {
    /// Entries that keep nothing.
    fn off() -> Self {
        Entries {
            by_path: HashMap::new(),
            keeping: false,
        }
    }

    /// The parsed file at `path` if it has not changed since, with its stamp now.
    pub fn get(&self, path: &Path) -> (Option<Parsed<T>>, Option<Stamp>) {
        if !self.keeping {
            return (None, None);
        }
        let now = Stamp::of(path);
        let hit = self
            .by_path
            .get(path)
            .filter(|(stamp, _)| Some(*stamp) == now)
            .map(|(_, parsed)| parsed.clone());
        (hit, now)
    }

    pub fn insert(&mut self, path: PathBuf, stamp: Option<Stamp>, parsed: Parsed<T>) {
        if !self.keeping {
            return;
        }
        match stamp {
            Some(stamp) => {
                self.by_path.insert(path, (stamp, parsed));
            }
            // A file that cannot be stat'ed is read again next time.
            None => {
                self.by_path.remove(&path);
            }
        }
    }

    /// Keeps only the files of this load, so deleted files do not stay in memory.
    pub fn retain(&mut self, seen: &std::collections::HashSet<PathBuf>) {
        self.by_path.retain(|path, _| seen.contains(path));
    }
}

/// The parsed annotation files and articles of the last load, and the digests of its
/// captures.
#[derive(Debug, Default)]
pub struct FileCache {
    pub annotations: Entries<super::LoadedAnnotations>,
    pub articles: Entries<super::ArticleFile>,
    pub captures: Entries<String>,
}

impl FileCache {
    /// A cache that keeps nothing, for a load that is not repeated (`build`, `check`): no
    /// file is stat'ed for it.
    pub fn none() -> FileCache {
        FileCache {
            annotations: Entries::off(),
            articles: Entries::off(),
            captures: Entries::off(),
        }
    }

    /// Drops what is known of `path` (a file or a folder), which the watcher saw change.
    pub fn forget(&mut self, path: &Path) {
        self.annotations.by_path.retain(|p, _| !p.starts_with(path));
        self.articles.by_path.retain(|p, _| !p.starts_with(path));
        self.captures.by_path.retain(|p, _| !p.starts_with(path));
    }

    /// Drops everything, when changes may have been missed.
    pub fn clear(&mut self) {
        self.annotations.by_path.clear();
        self.articles.by_path.clear();
        self.captures.by_path.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_taken_from_the_cache_only_while_it_is_unchanged() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "one").unwrap();
        let mut entries: Entries<String> = Entries::default();
        let (hit, stamp) = entries.get(&path);
        assert!(hit.is_none());
        entries.insert(
            path.clone(),
            stamp,
            Arc::new(Ok(Arc::new("one".to_string()))),
        );
        assert!(entries.get(&path).0.is_some());
        // Another size: parsed again.
        std::fs::write(&path, "three").unwrap();
        assert!(entries.get(&path).0.is_none());
        // Replaced by another file of the same size (a save by rename): parsed again.
        let (_, stamp) = entries.get(&path);
        entries.insert(
            path.clone(),
            stamp,
            Arc::new(Ok(Arc::new("three".to_string()))),
        );
        let other = dir.path().join("b.yaml");
        std::fs::write(&other, "THREE").unwrap();
        std::fs::rename(&other, &path).unwrap();
        assert!(entries.get(&path).0.is_none());
    }

    #[test]
    fn a_cache_that_keeps_nothing_stats_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "one").unwrap();
        let mut cache = FileCache::none();
        let (hit, stamp) = cache.articles.get(&path);
        assert!(hit.is_none() && stamp.is_none());
        let stamp = Stamp::of(&path);
        cache.articles.insert(
            path.clone(),
            stamp,
            Arc::new(Err(Diagnostic::error("x", "y"))),
        );
        assert!(cache.articles.by_path.is_empty());
    }

    #[test]
    fn forgetting_a_folder_forgets_the_files_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("claims").join("a.yaml");
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, "x").unwrap();
        let mut cache = FileCache::default();
        let (_, stamp) = cache.articles.get(&path);
        cache.articles.insert(
            path.clone(),
            stamp,
            Arc::new(Err(Diagnostic::error("x", "y"))),
        );
        assert!(cache.articles.get(&path).0.is_some());
        cache.forget(&dir.path().join("claims"));
        assert!(cache.articles.get(&path).0.is_none());
    }
}
