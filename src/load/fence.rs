//! Which files a build may read: the one place that decides it.
//!
//! Articles, annotation files, `dossier.yaml`, templates and static files are read only when
//! their real path, with every symbolic link resolved, lies inside the dossier folder (themes
//! live there too), and only when it is a regular file. A link to `/etc/passwd` or
//! `/proc/self/environ` committed as `seeds/passwd.txt` is an error naming the link, never
//! published; a link that stays inside the dossier is read like the file it names.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics, Location, relative};

/// The dossier folder, as the files read must resolve to.
#[derive(Debug, Clone)]
pub struct Fence {
    /// As given, for naming files relative to it.
    root: PathBuf,
    /// With every link resolved.
    real_root: PathBuf,
}

impl Fence {
    pub fn new(root: &Path) -> Fence {
        Fence {
            root: root.to_path_buf(),
            real_root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
        }
    }

    /// The contents of the file at `path`, if it may be read; otherwise an error at the file.
    /// `code` names the failure to read (`article-unreadable`, `file-unreadable`).
    pub fn read(&self, path: &Path, code: &'static str) -> Result<Vec<u8>, Diagnostic> {
        let rel = relative(&self.root, path);
        let unreadable = |e: std::io::Error| {
            Diagnostic::error(code, format!("cannot read `{rel}`: {e}"))
                .at(Location::file(&rel))
                .help("check that the file exists and can be read")
        };
        let real = std::fs::canonicalize(path).map_err(unreadable)?;
        self.inside(&real, &rel)?;
        let meta = std::fs::metadata(&real).map_err(unreadable)?;
        if !meta.is_file() {
            return Err(
                Diagnostic::error("not-a-file", format!("`{rel}` is not a regular file"))
                    .at(Location::file(&rel))
                    .help("an article, an annotation file or a template must be an ordinary file"),
            );
        }
        std::fs::read(&real).map_err(unreadable)
    }

    /// An error unless `real` (a path with its links resolved) lies inside the dossier.
    fn inside(&self, real: &Path, rel: &str) -> Result<(), Diagnostic> {
        if real.starts_with(&self.real_root) {
            return Ok(());
        }
        Err(Diagnostic::error(
            "outside-dossier",
            format!(
                "`{rel}` is a link to `{}`, outside the dossier; it is not read",
                real.display()
            ),
        )
        .at(Location::file(rel))
        .help("copy the file into the dossier instead of linking to it: what a build reads must be part of the dossier"))
    }

    /// The files under `dir`, recursively and sorted, skipping hidden files and folders.
    /// Links are followed only where they stay inside the dossier; each link out of it is
    /// reported once, and what it leads to is never walked.
    pub fn files_under(&self, dir: &Path, diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
        if !dir.is_dir() {
            return Vec::new();
        }
        let outside: RefCell<Vec<Diagnostic>> = RefCell::new(Vec::new());
        let mut files = Vec::new();
        let walker = WalkDir::new(dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|entry| {
                if entry.depth() > 0 && entry.file_name().to_string_lossy().starts_with('.') {
                    return false;
                }
                if !entry.path_is_symlink() {
                    return true;
                }
                let rel = relative(&self.root, entry.path());
                match std::fs::canonicalize(entry.path()) {
                    Ok(real) => match self.inside(&real, &rel) {
                        Ok(()) => true,
                        Err(diagnostic) => {
                            outside.borrow_mut().push(diagnostic);
                            false
                        }
                    },
                    // A dangling link: reported when walking it fails below.
                    Err(_) => true,
                }
            });
        for entry in walker {
            match entry {
                Ok(entry) if entry.file_type().is_file() => files.push(entry.into_path()),
                Ok(entry) if entry.file_type().is_dir() => {}
                // A pipe, a device or a socket: never opened, since reading one may never end.
                Ok(entry) => {
                    let at = relative(&self.root, entry.path());
                    diagnostics.push(
                        Diagnostic::error("not-a-file", format!("`{at}` is not a regular file"))
                            .at(Location::file(at))
                            .help("an article, an annotation file or a template must be an ordinary file: remove this one"),
                    );
                }
                Err(e) => {
                    let at = e
                        .path()
                        .map(|p| relative(&self.root, p))
                        .unwrap_or_else(|| relative(&self.root, dir));
                    let message = match e.loop_ancestor() {
                        Some(_) => format!("`{at}` is a link to a folder that holds it"),
                        None => format!("cannot read `{at}`: {e}"),
                    };
                    diagnostics.push(
                        Diagnostic::error("file-unreadable", message)
                            .at(Location::file(at))
                            .help("remove the link, or make it name a file inside the dossier"),
                    );
                }
            }
        }
        for diagnostic in outside.into_inner() {
            diagnostics.push(diagnostic);
        }
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_out_of_the_dossier_are_refused_and_links_inside_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("dossier");
        std::fs::create_dir_all(root.join("seeds/sub")).unwrap();
        std::fs::write(root.join("seeds/a.txt"), "inside").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "outside").unwrap();
        std::os::unix::fs::symlink(root.join("seeds/a.txt"), root.join("seeds/b.txt")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("seeds/c.txt"))
            .unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("seeds/up")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.join("seeds/passwd.txt")).unwrap();
        std::os::unix::fs::symlink(root.join("seeds"), root.join("seeds/sub/loop")).unwrap();
        let fence = Fence::new(&root);
        assert_eq!(
            fence.read(&root.join("seeds/b.txt"), "x").unwrap(),
            b"inside"
        );
        for link in ["seeds/c.txt", "seeds/passwd.txt"] {
            let error = fence.read(&root.join(link), "x").unwrap_err();
            assert_eq!(error.code, "outside-dossier");
            assert_eq!(error.location.unwrap().file, link);
        }
        let mut diagnostics = Diagnostics::default();
        let files: Vec<String> = fence
            .files_under(&root.join("seeds"), &mut diagnostics)
            .iter()
            .map(|p| relative(&root, p))
            .collect();
        assert_eq!(files, ["seeds/a.txt", "seeds/b.txt"]);
        let reported: Vec<String> = diagnostics
            .sorted()
            .iter()
            .map(|d| d.location.clone().unwrap().file)
            .collect();
        assert_eq!(
            reported,
            [
                "seeds/c.txt",
                "seeds/passwd.txt",
                "seeds/sub/loop",
                "seeds/up"
            ]
        );
    }

    #[test]
    fn a_pipe_is_reported_when_walking_and_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("a.txt");
        let path = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
        let error = Fence::new(dir.path()).read(&fifo, "x").unwrap_err();
        assert_eq!(error.code, "not-a-file");
        let mut diagnostics = Diagnostics::default();
        assert!(
            Fence::new(dir.path())
                .files_under(dir.path(), &mut diagnostics)
                .is_empty()
        );
        assert_eq!(diagnostics.sorted()[0].code, "not-a-file");
    }
}
