//! Writing: the last stage of the pipeline. The site is written to a folder beside the output
//! folder, file by file as pages are rendered, and swapped in only once every file is written,
//! so a failed build leaves the previous site exactly as it was.
//!
//! The folder written to is the site before last, kept beside the output as `.NAME.spare`
//! after each swap. Rebuilding into it rather than into an empty folder is what makes a
//! rebuild cheap: its folders already exist, a file whose contents are already right is left
//! alone (and keeps its modification time, which helps `rsync`), and files the new site no
//! longer has are removed. Nothing is ever deleted whole: the swap exchanges the two folders
//! (atomically, where the system can), and the site it replaces becomes the next spare.
//!
//! What the build may replace is decided in [`output`], before anything is written.

pub mod output;

use std::collections::HashSet;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::render::OutputFile;
pub use output::Output;

/// A site being written, in a folder beside the output folder.
pub struct Staging {
    /// Where the site is being written: `.NAME.building-PID`.
    path: PathBuf,
    /// The output claimed for this build; its lock is held until the staging is dropped.
    output: Output,
    /// Whether `path` held an earlier site when the build began.
    reused: bool,
    /// The files written (or found already right), relative to the site root.
    written: Mutex<HashSet<String>>,
    /// What the reused folder held when the build began, so that the commit knows what to
    /// remove without walking it again.
    listing: Option<Listing>,
    committed: bool,
}

/// The files and folders under a folder, relative to it; every folder before what it holds.
#[derive(Debug, Default)]
struct Listing {
    files: Vec<String>,
    folders: Vec<String>,
}

/// Lists what is under `root`, removing every entry that is neither a file nor a folder (a
/// symbolic link, a pipe): a build writes neither, and writing into the folder must never
/// follow a link out of it. Nothing is followed.
fn list(root: &Path) -> io::Result<Listing> {
    let mut listing = Listing::default();
    for entry in walkdir::WalkDir::new(root)
        .follow_root_links(false)
        .min_depth(1)
    {
        let entry = entry.map_err(io::Error::other)?;
        let relative = entry
            .path()
            .strip_prefix(root)
            .map_err(io::Error::other)?
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_dir() {
            listing.folders.push(relative);
        } else if entry.file_type().is_file() {
            listing.files.push(relative);
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(listing)
}

impl Staging {
    /// Starts writing the site that will replace the claimed output.
    pub fn begin(output: Output) -> io::Result<Staging> {
        let path = output.staging();
        let spare = output.spare();
        // Claiming the spare by renaming it means two builds at once never share a folder.
        // The claim has checked that it is a real folder, made by a build or empty.
        let reused = spare.is_dir() && std::fs::rename(&spare, &path).is_ok();
        let listing = if reused {
            Some(list(&path)?)
        } else {
            std::fs::create_dir(&path)?;
            None
        };
        let staging = Staging {
            path,
            output,
            reused,
            written: Mutex::new(HashSet::new()),
            listing,
            committed: false,
        };
        staging.write(&OutputFile {
            path: output::MARKER.to_string(),
            contents: output::MARKER_TEXT.as_bytes().to_vec(),
        })?;
        Ok(staging)
    }

    /// Writes one file of the site, unless the folder already holds exactly these contents.
    /// Safe to call from several threads.
    pub fn write(&self, file: &OutputFile) -> io::Result<()> {
        let path = self.path.join(&file.path);
        if !self.reused {
            // A new folder holds only what this build writes, so nothing of an earlier site
            // can be in the way and there is nothing to remove at the commit: a missing folder
            // is made and the file written again, with no lock shared between the writers.
            // (A clash within the site, a file where a folder must go, fails the write.)
            if std::fs::write(&path, &file.contents).is_err() {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::write(&path, &file.contents)?;
            }
            return Ok(());
        }
        if !holds(&path, &file.contents) {
            // A file of the spare is replaced by a new one, never rewritten in place: it may
            // be a hard link to a backup (`cp -al`, `rsync --link-dest`) that must not change.
            let _ = std::fs::remove_file(&path);
            // Most folders exist already when the spare is reused: make them only when needed.
            if std::fs::write(&path, &file.contents).is_err() {
                self.make_room(&file.path)?;
                std::fs::write(&path, &file.contents)?;
            }
        }
        self.written
            .lock()
            .expect("no thread panics while holding it")
            .insert(file.path.clone());
        Ok(())
    }

    /// After writing `relative` failed: makes its folders, and removes what the
    /// earlier site had in the way (a file where a folder must go, or a folder where the file
    /// must go). What this build wrote is never removed: a clash within one site is an error.
    fn make_room(&self, relative: &str) -> io::Result<()> {
        let clash = |what: &str| {
            io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("`{relative}` clashes with `{what}`, written by the same build"),
            )
        };
        let written = self
            .written
            .lock()
            .expect("no thread panics while holding it");
        let path = self.path.join(relative);
        if path.is_dir() {
            let inside = format!("{relative}/");
            if let Some(other) = written.iter().find(|w| w.starts_with(&inside)) {
                return Err(clash(other));
            }
            return std::fs::remove_dir_all(&path);
        }
        let mut ancestor = String::new();
        for part in relative
            .split('/')
            .collect::<Vec<_>>()
            .split_last()
            .map_or(&[][..], |(_, dirs)| dirs)
        {
            if !ancestor.is_empty() {
                ancestor.push('/');
            }
            ancestor.push_str(part);
            let at = self.path.join(&ancestor);
            if at.is_file() || at.is_symlink() {
                if written.contains(&ancestor) {
                    return Err(clash(&ancestor));
                }
                std::fs::remove_file(&at)?;
            }
        }
        // Another thread may have made the folder since; either way, the caller writes again
        // and meets any real problem then.
        match path.parent() {
            Some(dir) => std::fs::create_dir_all(dir),
            None => Ok(()),
        }
    }

    /// Where the site is being written, when that is the spare folder of an earlier build.
    pub fn reused(&self) -> Option<&Path> {
        self.reused.then_some(self.path.as_path())
    }

    /// Removes what the earlier site had and this one does not, swaps the new site in for the
    /// old one, and keeps the old one as the next build's spare. Returns whether there was an
    /// old one.
    pub fn commit(self) -> io::Result<bool> {
        self.commit_keeping(&|_| false)
    }

    /// [`Staging::commit`], keeping also the files of the earlier site for which `keep` (given
    /// their path in the site) says so: files this build left in place rather than wrote.
    pub fn commit_keeping(mut self, keep: &dyn Fn(&str) -> bool) -> io::Result<bool> {
        if self.reused {
            let written = std::mem::take(
                &mut *self
                    .written
                    .lock()
                    .expect("no thread panics while holding it"),
            );
            let listing = match self.listing.take() {
                Some(listing) => listing,
                None => list(&self.path)?,
            };
            remove_all_but(&self.path, &listing, &|path| {
                written.contains(path) || keep(path)
            })?;
        }
        let out = self.output.path().to_path_buf();
        if out.is_dir() {
            exchange(&self.path, &out)?;
            self.committed = true;
            // `path` now holds the previous site.
            std::fs::rename(&self.path, self.output.spare())?;
            Ok(true)
        } else {
            std::fs::rename(&self.path, &out)?;
            self.committed = true;
            Ok(false)
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        // A half-written folder is still a fine spare: every file is compared before it is
        // left alone, and what does not belong is removed at the next commit.
        if std::fs::rename(&self.path, self.output.spare()).is_err() {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Whether the file at `path` holds exactly `contents`.
fn holds(path: &Path, contents: &[u8]) -> bool {
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    match file.metadata() {
        Ok(meta) if meta.is_file() && meta.len() == contents.len() as u64 => {}
        _ => return false,
    }
    // In pieces, so that comparing a data file of hundreds of megabytes does not hold a
    // second copy of it.
    let mut buffer = vec![0; 64 * 1024];
    let mut rest = contents;
    while !rest.is_empty() {
        let want = rest.len().min(buffer.len());
        if file.read_exact(&mut buffer[..want]).is_err() || buffer[..want] != rest[..want] {
            return false;
        }
        rest = &rest[want..];
    }
    true
}

/// Removes every file of `listing` (what `root` held when the build began) that `keep` does
/// not want (given its path relative to `root`, with `/`), then every listed folder that no
/// longer holds anything: those holding no kept file and nothing written since, which `keep`
/// also wants.
fn remove_all_but(root: &Path, listing: &Listing, keep: &dyn Fn(&str) -> bool) -> io::Result<()> {
    // Gone, or replaced by this build: a file where the folder was (`a/b` listed, `a` now a
    // file) or a folder where the file was. The listing is made while the build writes, so
    // it may have seen either state.
    let gone = |error: &io::Error| {
        matches!(
            error.kind(),
            io::ErrorKind::NotFound | io::ErrorKind::NotADirectory | io::ErrorKind::IsADirectory
        )
    };
    let mut needed: HashSet<&str> = HashSet::new();
    for file in &listing.files {
        if keep(file) {
            needed.extend(ancestors(file));
        } else if let Err(error) = std::fs::remove_file(root.join(file))
            && !gone(&error)
        {
            return Err(error);
        }
    }
    // Folders that were not listed (new ones) are not removed, so only listed ones matter; a
    // listed folder is needed if anything kept lies below it, which `keep` tells for files
    // written during the build too.
    for folder in listing.folders.iter().rev() {
        if needed.contains(folder.as_str()) {
            continue;
        }
        match std::fs::remove_dir(root.join(folder)) {
            Ok(()) => {}
            // Not empty: it holds files written by this build.
            Err(_)
                if root
                    .join(folder)
                    .read_dir()
                    .is_ok_and(|mut d| d.next().is_some()) => {}
            Err(error) if gone(&error) => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

/// The folders that hold the file at `path` (relative, with `/`): `a/b/c` gives `a/b`, `a`.
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    path.char_indices()
        .filter(|&(_, c)| c == '/')
        .map(move |(i, _)| &path[..i])
}

/// Exchanges two folders: atomically on Linux, where no reader of `b` ever finds it missing;
/// elsewhere (or on a file system that cannot) with three renames.
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::ffi::OsStrExt;
        let a_c = std::ffi::CString::new(a.as_os_str().as_bytes()).map_err(io::Error::other)?;
        let b_c = std::ffi::CString::new(b.as_os_str().as_bytes()).map_err(io::Error::other)?;
        // SAFETY: both are valid NUL-terminated paths for the duration of the call.
        let result = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                a_c.as_ptr(),
                libc::AT_FDCWD,
                b_c.as_ptr(),
                libc::RENAME_EXCHANGE,
            )
        };
        if result == 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        if !matches!(error.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) {
            return Err(error);
        }
    }
    let aside = a.with_extension("swap");
    std::fs::rename(b, &aside)?;
    if let Err(error) = std::fs::rename(a, b) {
        // Put the previous site back before reporting.
        let _ = std::fs::rename(&aside, b);
        return Err(error);
    }
    std::fs::rename(&aside, a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Claims `out` as a build of a dossier beside it would.
    fn claim(out: &Path) -> Output {
        output::claim(&out.with_file_name("no-dossier-here"), out, &|_| {}).unwrap()
    }

    /// Writes `files` as the site at `out`, as a build does.
    fn write_site(out: &Path, files: &[OutputFile]) -> io::Result<()> {
        let staging = Staging::begin(claim(out))?;
        for file in files {
            staging.write(file)?;
        }
        staging.commit().map(|_| ())
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: text.as_bytes().to_vec(),
        }
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            // The lock beside a site and the marker inside it are in every listing.
            .filter(|name| name != ".site.lock" && name != output::MARKER)
            .collect();
        names.sort();
        names
    }

    #[test]
    fn each_build_replaces_the_site_exactly_and_keeps_one_spare() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let read = |path: &str| std::fs::read_to_string(out.join(path)).ok();
        write_site(
            &out,
            &[file("index.html", "one"), file("a/b/index.html", "b")],
        )
        .unwrap();
        assert_eq!(entries(dir.path()), ["site"]);
        assert!(output::is_marked(&out));
        write_site(
            &out,
            &[file("index.html", "two"), file("c/index.html", "c")],
        )
        .unwrap();
        assert_eq!(entries(dir.path()), [".site.spare", "site"]);
        assert_eq!(read("index.html").as_deref(), Some("two"));
        assert!(!out.join("a").exists());
        // The third build reuses the first one's folder: what it no longer has is gone.
        write_site(
            &out,
            &[file("index.html", "three"), file("a/index.html", "a")],
        )
        .unwrap();
        assert_eq!(read("index.html").as_deref(), Some("three"));
        assert_eq!(read("a/index.html").as_deref(), Some("a"));
        assert!(!out.join("a/b").exists(), "a folder left empty is removed");
        assert!(!out.join("c").exists());
        assert_eq!(entries(&out), ["a", "index.html"]);
        assert_eq!(entries(dir.path()), [".site.spare", "site"]);
    }

    #[test]
    fn a_hard_link_to_a_file_of_the_spare_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("index.html", "one")]).unwrap();
        write_site(&out, &[file("index.html", "two")]).unwrap();
        // A backup of the spare by hard links, as `cp -al` makes.
        let backup = dir.path().join("backup.html");
        std::fs::hard_link(dir.path().join(".site.spare/index.html"), &backup).unwrap();
        write_site(&out, &[file("index.html", "three")]).unwrap();
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), "one");
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "three"
        );
    }

    #[test]
    fn a_file_already_right_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let site = [file("index.html", "same"), file("x/index.html", "x")];
        write_site(&out, &site).unwrap();
        write_site(&out, &site).unwrap();
        let spare = dir.path().join(".site.spare/index.html");
        let before = std::fs::metadata(&spare).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write_site(
            &out,
            &[file("index.html", "same"), file("x/index.html", "y")],
        )
        .unwrap();
        let after = std::fs::metadata(out.join("index.html"))
            .unwrap()
            .modified()
            .unwrap();
        assert_eq!(before, after, "an unchanged file is not rewritten");
        assert_eq!(
            std::fs::read_to_string(out.join("x/index.html")).unwrap(),
            "y"
        );
    }

    #[test]
    fn a_failed_write_keeps_the_previous_site() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("index.html", "good")]).unwrap();
        // A file and a folder of the same name cannot both be written.
        let result = write_site(&out, &[file("x", "file"), file("x/index.html", "dir")]);
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "good"
        );
        assert_eq!(entries(&out), ["index.html"]);
        // The half-written folder stays only as the spare, and the next build is right.
        assert_eq!(entries(dir.path()), [".site.spare", "site"]);
        write_site(&out, &[file("y/index.html", "y")]).unwrap();
        assert_eq!(entries(&out), ["y"]);
    }

    #[test]
    fn threads_writing_into_the_same_new_folder_all_succeed() {
        use rayon::prelude::*;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        for _ in 0..20 {
            let staging = Staging::begin(claim(&out)).unwrap();
            let files: Vec<OutputFile> = (0..64)
                .map(|i| file(&format!("deep/er/{}/f{i}", i % 4), "x"))
                .collect();
            files.par_iter().for_each(|f| staging.write(f).unwrap());
            staging.commit().unwrap();
            std::fs::remove_dir_all(&out).unwrap();
            let _ = std::fs::remove_dir_all(dir.path().join(".site.spare"));
        }
    }

    #[test]
    fn a_file_and_a_folder_may_trade_places_between_builds() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(&out, &[file("a", "file"), file("b/index.html", "in b")]).unwrap();
        write_site(&out, &[file("c", "c")]).unwrap();
        // The spare holds `a` as a file and `b` as a folder; now they swap.
        write_site(&out, &[file("a/index.html", "in a"), file("b", "file")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "in a"
        );
        assert_eq!(std::fs::read_to_string(out.join("b")).unwrap(), "file");
    }
}
