//! What a build may touch: the one place that decides it.
//!
//! A build replaces its output folder whole, so before it writes anything it claims the
//! output here, and is refused when the folder is not its own:
//!
//! - the output and its spare (`.NAME.spare` beside it) must be real folders: a symbolic link
//!   at either is an error, never followed;
//! - an existing output folder (or spare) must be one that a build made, marked by the file
//!   [`MARKER`] written into every site, or be empty: a folder of the user's (`docs/`, `~/`)
//!   is never emptied;
//! - the output may never be, hold or lie inside the dossier's own sources or a `.git`, with
//!   every path resolved through its symbolic links first;
//! - one build at a time writes beside an output: the claim holds an exclusive lock on
//!   `.NAME.lock`, and a second build waits for it. Under the lock, the staging folders of
//!   builds that were killed are removed.
//!
//! Every file the build itself keeps beside the output (the lock, the search record) is
//! opened so that a symbolic link at its place is replaced or refused, never written through.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The file that marks a folder as a site this tool wrote.
pub const MARKER: &str = ".dossier-site";

/// What the marker says, for whoever finds it.
pub const MARKER_TEXT: &str = "This folder is a site built by dossier. `dossier build` replaces it \
whole, so keep no other files in it.\n";

/// The dossier's own folders and files, which no output may be, hold or lie inside.
const SOURCES: [&str; 7] = [
    crate::load::CONFIG_FILE,
    crate::load::SEEDS_DIR,
    crate::load::ANNOTATIONS_DIR,
    "themes",
    "templates",
    "static",
    ".git",
];

/// An output folder claimed for one build: checked, and locked until this is dropped.
#[derive(Debug)]
pub struct Output {
    /// As given.
    out: PathBuf,
    parent: PathBuf,
    name: String,
    /// Held for as long as the build runs.
    _lock: File,
}

impl Output {
    /// The output folder, as given.
    pub fn path(&self) -> &Path {
        &self.out
    }

    /// `.NAME.SUFFIX` beside the output: where the build keeps what is its own.
    pub fn beside(&self, suffix: &str) -> PathBuf {
        beside(&self.parent, &self.name, suffix)
    }

    /// The site before last, kept for the next build to write into.
    pub fn spare(&self) -> PathBuf {
        self.beside("spare")
    }

    /// Where this process writes the new site.
    pub fn staging(&self) -> PathBuf {
        self.beside(&format!("building-{}", std::process::id()))
    }
}

fn beside(parent: &Path, name: &str, suffix: &str) -> PathBuf {
    parent.join(format!(".{name}.{suffix}"))
}

/// Why a build may not write to an output folder.
#[derive(Debug)]
pub enum Refusal {
    /// A symbolic link where the build must find a real folder (or its own file).
    Link(PathBuf),
    /// The output is, holds or lies inside the dossier's sources or a `.git`.
    Protected { out: PathBuf, what: String },
    /// Something that is not a site of this tool's is in the way.
    NotASite { path: PathBuf, why: &'static str },
    /// The file system said no.
    Io(PathBuf, io::Error),
}

impl Refusal {
    /// Whether this is the user's mistake in naming the output (exit code 2), rather than a
    /// problem of the dossier's files (exit code 1).
    pub fn is_usage(&self) -> bool {
        matches!(self, Refusal::Protected { .. } | Refusal::NotASite { .. })
    }

    pub fn diagnostic(&self) -> Diagnostic {
        match self {
            Refusal::Link(path) => Diagnostic::error(
                "output-link",
                format!(
                    "`{}` is a symbolic link; the build never writes through one",
                    path.display()
                ),
            )
            .help("the output folder and the files beside it must be real: remove the link, or give --out a real folder"),
            Refusal::Protected { out, what } => Diagnostic::error(
                "unsafe-output",
                format!("the output folder `{}` {what}", out.display()),
            )
            .help("the build replaces its output folder whole: choose a folder of its own, e.g. the default `site/`"),
            Refusal::NotASite { path, why } => Diagnostic::error(
                "output-not-a-site",
                format!("`{}` {why}", path.display()),
            )
            .help(format!(
                "the build replaces its output folder whole, so it writes only into a folder it made (one with a `{MARKER}` file), an empty folder or a new one: give --out another folder, or empty this one if nothing in it is needed (a site built by a version of dossier before 0.2, which marked nothing, is deleted once by hand)"
            )),
            Refusal::Io(path, error) => Diagnostic::error(
                "write-failed",
                format!("cannot prepare the output `{}`: {error}", path.display()),
            )
            .help("check that the output folder's parent exists and is writable"),
        }
    }
}

/// Claims `out` for a build of the dossier at `root`: checks that the build may replace it,
/// takes the lock (calling `waiting` first if another build holds it), and removes the
/// staging folders of killed builds.
pub fn claim(root: &Path, out: &Path, waiting: &dyn Fn(&Path)) -> Result<Output, Refusal> {
    // `site/` and `site/.` are `site`: a trailing slash would make the system follow a link
    // at `site`, and `.` would name the folder's own entry.
    let out: PathBuf = out.components().collect();
    let out = out.as_path();
    // `zz/../seeds` is `seeds` to the system once `zz` exists, and something else again when
    // `zz` is a link: a `..` after a name is refused rather than guessed at.
    let mut named = false;
    for component in out.components() {
        match component {
            Component::ParentDir if named => {
                return Err(Refusal::NotASite {
                    path: out.to_path_buf(),
                    why: "goes down into a folder and back up again (`..` after a name)",
                });
            }
            Component::Normal(_) => named = true,
            _ => {}
        }
    }
    let name = out
        .file_name()
        .filter(|_| !matches!(out.components().next_back(), Some(Component::ParentDir)))
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Refusal::NotASite {
            path: out.to_path_buf(),
            why: "names no folder of its own",
        })?;
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    protected(root, out, &parent, &name)?;
    let spare = beside(&parent, &name, "spare");
    // Checked before the lock is made, so that a refused build leaves nothing beside a folder
    // that is not its own, and again under the lock, which another build may have held.
    must_be_ours(out, true)?;
    must_be_ours(&spare, false)?;
    std::fs::create_dir_all(&parent).map_err(|e| Refusal::Io(parent.clone(), e))?;
    let lock = lock(&beside(&parent, &name, "lock"), out, waiting)?;
    must_be_ours(out, true)?;
    must_be_ours(&spare, false)?;
    remove_stale_staging(&parent, &name);
    Ok(Output {
        out: out.to_path_buf(),
        parent,
        name,
        _lock: lock,
    })
}

/// Refuses an output that is, holds or lies inside the dossier's sources or a `.git`,
/// comparing real paths (a symbolic link to `seeds/` is `seeds/`).
fn protected(root: &Path, out: &Path, parent: &Path, name: &str) -> Result<(), Refusal> {
    let refuse = |what: String| {
        Err(Refusal::Protected {
            out: out.to_path_buf(),
            what,
        })
    };
    let Ok(root) = std::fs::canonicalize(root) else {
        // No dossier there: loading reports it, and nothing is written.
        return Ok(());
    };
    let out_real = real_path(&parent.join(name));
    if root.starts_with(&out_real) {
        return refuse("is the dossier's folder or holds it".into());
    }
    if out_real.components().any(|c| c.as_os_str() == ".git") {
        return refuse("lies inside a `.git` folder".into());
    }
    if std::fs::symlink_metadata(out_real.join(".git")).is_ok() {
        return refuse("is a git working tree (it holds `.git`)".into());
    }
    // Sources the dossier does not have yet are protected too: a site written to
    // `templates/` today would be read as templates tomorrow.
    for source in SOURCES {
        let real = real_path(&root.join(source));
        if out_real.starts_with(&real) {
            return refuse(format!("lies inside the dossier's `{source}`"));
        }
        if real.starts_with(&out_real) {
            return refuse(format!("holds the dossier's `{source}`"));
        }
    }
    Ok(())
}

/// `path` with every symbolic link resolved, as far as it exists; the rest appended.
fn real_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = std::fs::canonicalize(existing) {
            return rest.iter().rev().fold(real, |path, part| path.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(part)) => {
                rest.push(part.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

/// Refuses a link at `path`, anything that is not a folder, and a folder that holds files but
/// no marker. `output` says whether it is the output itself (for the message).
fn must_be_ours(path: &Path, output: bool) -> Result<(), Refusal> {
    let meta = match std::fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(Refusal::Io(path.to_path_buf(), e)),
    };
    if meta.file_type().is_symlink() {
        return Err(Refusal::Link(path.to_path_buf()));
    }
    if !meta.is_dir() {
        return Err(Refusal::NotASite {
            path: path.to_path_buf(),
            why: "exists and is not a folder",
        });
    }
    if is_marked(path) {
        return Ok(());
    }
    let empty = std::fs::read_dir(path)
        .map_err(|e| Refusal::Io(path.to_path_buf(), e))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    Err(Refusal::NotASite {
        path: path.to_path_buf(),
        why: if output {
            "holds files that dossier did not write (it is not a site a build made)"
        } else {
            "is in the way of the build's spare folder and was not made by dossier"
        },
    })
}

/// Whether the folder at `path` holds the marker, as a real file.
pub fn is_marked(path: &Path) -> bool {
    std::fs::symlink_metadata(path.join(MARKER)).is_ok_and(|meta| meta.is_file())
}

/// Takes the exclusive lock at `path`, waiting for another build that holds it.
fn lock(path: &Path, out: &Path, waiting: &dyn Fn(&Path)) -> Result<File, Refusal> {
    let file = open_no_follow(path).map_err(|e| match e.raw_os_error() {
        Some(libc::ELOOP) => Refusal::Link(path.to_path_buf()),
        _ => Refusal::Io(path.to_path_buf(), e),
    })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => {
            waiting(out);
            file.lock()
                .map_err(|e| Refusal::Io(path.to_path_buf(), e))?;
            Ok(file)
        }
        Err(std::fs::TryLockError::Error(e)) => Err(Refusal::Io(path.to_path_buf(), e)),
    }
}

/// Opens (creating) a file for writing, failing rather than following a symbolic link at its
/// place.
fn open_no_follow(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    #[cfg(not(unix))]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(io::Error::other("a symbolic link"));
    }
    options.open(path)
}

/// Writes `contents` to the file at `path` beside the output by way of a new file renamed
/// over it: a symbolic link at either place is replaced, never written through.
pub fn replace_file(path: &Path, contents: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut temporary = path.as_os_str().to_os_string();
    temporary.push(".new");
    let temporary = PathBuf::from(temporary);
    match std::fs::remove_file(&temporary) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    // `create_new` fails on anything already there, a link included.
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&temporary)?;
    file.write_all(contents)?;
    drop(file);
    std::fs::rename(&temporary, path)
}

/// Removes the staging folders beside the output of builds that are no longer running
/// (killed, or stopped by a power cut). Called under the lock, so no build of this version
/// is writing one; a running process of another kind keeps its own.
fn remove_stale_staging(parent: &Path, name: &str) {
    let prefix = format!(".{name}.building-");
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.strip_suffix(".swap").unwrap_or(rest);
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && process_alive(pid) {
            continue;
        }
        // A link of that name is left alone: it is not one of ours, and is never followed. A
        // folder is removed only when a build made it: marked, or still empty.
        let path = entry.path();
        let empty = std::fs::read_dir(&path).is_ok_and(|mut d| d.next().is_none());
        if entry.file_type().is_ok_and(|t| t.is_dir()) && (is_marked(&path) || empty) {
            let _ = std::fs::remove_dir_all(path);
        }
    }
}

/// Whether a process with this id is running.
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        // SAFETY: signal 0 only checks whether the process exists; nothing is sent.
        let result = unsafe { libc::kill(pid, 0) };
        result == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_wait(_: &Path) {}

    fn dossier(dir: &Path) -> PathBuf {
        let root = dir.join("dossier");
        std::fs::create_dir_all(root.join("seeds")).unwrap();
        std::fs::create_dir_all(root.join("annotations")).unwrap();
        std::fs::write(root.join("dossier.yaml"), "title: T\n").unwrap();
        root
    }

    #[test]
    fn a_new_an_empty_and_a_marked_folder_may_be_claimed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dossier(dir.path());
        assert!(claim(&root, &root.join("site"), &no_wait).is_ok());
        std::fs::create_dir(root.join("empty")).unwrap();
        assert!(claim(&root, &root.join("empty"), &no_wait).is_ok());
        std::fs::create_dir(root.join("built")).unwrap();
        std::fs::write(root.join("built").join(MARKER), MARKER_TEXT).unwrap();
        std::fs::write(root.join("built/index.html"), "x").unwrap();
        assert!(claim(&root, &root.join("built"), &no_wait).is_ok());
    }

    #[test]
    fn a_folder_of_the_users_is_refused_as_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let root = dossier(dir.path());
        std::fs::create_dir(root.join("docs")).unwrap();
        std::fs::write(root.join("docs/notes.md"), "mine").unwrap();
        let refusal = claim(&root, &root.join("docs"), &no_wait).unwrap_err();
        assert!(refusal.is_usage());
        assert!(matches!(refusal, Refusal::NotASite { .. }));
        // A marker that is a link does not count.
        std::os::unix::fs::symlink("/etc/hostname", root.join("docs").join(MARKER)).unwrap();
        assert!(claim(&root, &root.join("docs"), &no_wait).is_err());
    }

    #[test]
    fn sources_the_dossier_and_git_are_refused_through_links() {
        let dir = tempfile::tempdir().unwrap();
        let root = dossier(dir.path());
        std::fs::create_dir(root.join(".git")).unwrap();
        for out in [
            "seeds",
            "annotations/x",
            ".git",
            ".",
            "..",
            "dossier.yaml",
            "templates",
            "static/",
            "themes/x",
            "zz/../seeds",
            "zz/../site",
        ] {
            let refusal = claim(&root, &root.join(out), &no_wait).unwrap_err();
            assert!(refusal.is_usage(), "{out}: {refusal:?}");
        }
        // seeds/ is a link to a folder beside the dossier: that folder is the seeds.
        let articles = dir.path().join("articles");
        std::fs::create_dir(&articles).unwrap();
        std::fs::remove_dir(root.join("seeds")).unwrap();
        std::os::unix::fs::symlink(&articles, root.join("seeds")).unwrap();
        let refusal = claim(&root, &articles, &no_wait).unwrap_err();
        assert!(matches!(refusal, Refusal::Protected { .. }), "{refusal:?}");
        assert!(claim(&root, &dir.path().join("elsewhere"), &no_wait).is_ok());
    }

    #[test]
    fn links_at_the_output_the_spare_and_the_lock_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let root = dossier(dir.path());
        let victim = dir.path().join("victim");
        std::fs::create_dir(&victim).unwrap();
        for link in ["site", ".site.spare", ".site.lock"] {
            let at = root.join(link);
            let _ = std::fs::remove_file(&at);
            std::os::unix::fs::symlink(&victim, &at).unwrap();
            let refusal = claim(&root, &root.join("site"), &no_wait).unwrap_err();
            assert!(
                matches!(&refusal, Refusal::Link(path) if path == &at),
                "{link}: {refusal:?}"
            );
            assert!(!refusal.is_usage());
            std::fs::remove_file(&at).unwrap();
        }
        assert_eq!(std::fs::read_dir(&victim).unwrap().count(), 0);
    }

    #[test]
    fn staging_folders_of_dead_builds_are_removed_and_links_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dossier(dir.path());
        // No process has an id this large.
        let dead = root.join(".site.building-4000000000");
        std::fs::create_dir_all(dead.join("people")).unwrap();
        std::fs::write(dead.join(MARKER), MARKER_TEXT).unwrap();
        // A folder of that name that a build did not make is left alone.
        let foreign = root.join(".site.building-4000000002");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("thesis.md"), "mine").unwrap();
        let victim = dir.path().join("victim");
        std::fs::create_dir(&victim).unwrap();
        std::fs::write(victim.join("keep"), "x").unwrap();
        std::os::unix::fs::symlink(&victim, root.join(".site.building-4000000001")).unwrap();
        claim(&root, &root.join("site"), &no_wait).unwrap();
        assert!(!dead.exists());
        assert!(victim.join("keep").exists());
        assert!(foreign.join("thesis.md").exists());
    }

    #[test]
    fn a_second_claim_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let root = dossier(dir.path());
        let out = root.join("site");
        let first = claim(&root, &out, &no_wait).unwrap();
        let waited = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|scope| {
            let second = scope.spawn(|| {
                claim(&root, &out, &|_| {
                    waited.store(true, std::sync::atomic::Ordering::SeqCst)
                })
                .map(|_| ())
            });
            std::thread::sleep(std::time::Duration::from_millis(100));
            drop(first);
            assert!(second.join().unwrap().is_ok());
        });
        assert!(waited.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[test]
    fn a_file_beside_the_output_is_replaced_not_written_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("victim");
        std::fs::write(&victim, "mine").unwrap();
        let record = dir.path().join(".site.search.json");
        std::os::unix::fs::symlink(&victim, &record).unwrap();
        std::os::unix::fs::symlink(&victim, dir.path().join(".site.search.json.new")).unwrap();
        replace_file(&record, b"{}").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(&record).unwrap(), "{}");
    }
}
