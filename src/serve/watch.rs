//! Watching the dossier's sources for changes. The root is watched on its own (for
//! `dossier.yaml`, and for source folders that appear, go away or are renamed) and each source
//! folder recursively; the output folder, `.git` and anything else beside them are not
//! watched, which keeps large unrelated trees from costing watches. Events are debounced, so an
//! editor's save (often a write to a temporary file and a rename) makes one rebuild.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, RecommendedCache, new_debouncer, notify::RecommendedWatcher,
};

use super::rebuild::{Change, SOURCE_DIRS};

/// How long the files must be quiet before a rebuild starts.
const QUIET: Duration = Duration::from_millis(30);

/// The watches on a dossier's sources, sending batches of changes.
pub struct SourceWatcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    watched: Vec<PathBuf>,
}

impl SourceWatcher {
    /// Starts watching the dossier at `root` (an absolute, canonical path); batches of events
    /// arrive on the returned channel.
    pub fn start(
        root: &Path,
    ) -> notify_debouncer_full::notify::Result<(SourceWatcher, mpsc::Receiver<DebounceEventResult>)>
    {
        let (sender, receiver) = mpsc::channel();
        let debouncer = new_debouncer(QUIET, Some(Duration::from_millis(10)), sender)?;
        let mut watcher = SourceWatcher {
            debouncer,
            root: root.to_path_buf(),
            watched: Vec::new(),
        };
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        watcher.rewatch();
        Ok((watcher, receiver))
    }

    /// Watches each source folder that exists now, afresh: a folder that was renamed away
    /// and replaced must be watched at its path, not followed to its new name.
    pub fn rewatch(&mut self) {
        for path in self.watched.drain(..) {
            let _ = self.debouncer.unwatch(&path);
        }
        for dir in SOURCE_DIRS {
            let path = self.root.join(dir);
            if !path.is_dir() {
                continue;
            }
            match self.debouncer.watch(&path, RecursiveMode::Recursive) {
                Ok(()) => self.watched.push(path),
                Err(error) => eprintln!(
                    "warning: cannot watch {dir}/, so its changes will not be seen: {error} \
                     (on Linux, the limit fs.inotify.max_user_watches may be too low)"
                ),
            }
        }
    }

    /// What a batch of changed paths touched, and whether a source folder itself appeared,
    /// went away or was renamed (so the watches must be renewed).
    pub fn classify<'a>(
        &self,
        paths: impl IntoIterator<Item = &'a Path>,
    ) -> (Option<Change>, bool) {
        let mut change = None;
        let mut rewatch = false;
        for path in paths {
            let Ok(relative) = path.strip_prefix(&self.root) else {
                continue;
            };
            let this = Change::of(relative);
            change = change.max(this);
            let top_level = relative.components().count() == 1;
            if top_level && this.is_some() && relative != Path::new(crate::load::CONFIG_FILE) {
                rewatch = true;
            }
        }
        (change, rewatch)
    }
}

/// Whether an event may change what a file holds: not reading it (which a rebuild itself does),
/// but closing it after writing, or creating, changing, removing or renaming it.
pub fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}
