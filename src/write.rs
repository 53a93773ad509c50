//! Writing: the last stage of the pipeline. The site is written to a fresh folder beside the
//! output folder, file by file as pages are rendered, and swapped in only once every file is
//! written, so a failed build leaves the previous site exactly as it was.

use std::io;
use std::path::{Path, PathBuf};

use crate::render::OutputFile;

/// A site being written: a staging folder beside the output folder, removed unless the
/// build gets as far as [`Staging::commit`].
pub struct Staging {
    path: PathBuf,
    out: PathBuf,
    committed: bool,
}

impl Staging {
    /// Starts writing the site that will replace `out`.
    pub fn begin(out: &Path) -> io::Result<Staging> {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = out
            .file_name()
            .ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "the output path has no folder name",
                )
            })?
            .to_string_lossy()
            .into_owned();
        if out.exists() && !out.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("`{}` exists and is not a folder", out.display()),
            ));
        }
        std::fs::create_dir_all(parent)?;
        let path = parent.join(format!(".{name}.new-{}", std::process::id()));
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
        std::fs::create_dir_all(&path)?;
        Ok(Staging {
            path,
            out: out.to_path_buf(),
            committed: false,
        })
    }

    /// Writes one file of the site. Safe to call from several threads.
    pub fn write(&self, file: &OutputFile) -> io::Result<()> {
        let path = self.path.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &file.contents)
    }

    /// Swaps the new site in for the old one, then removes the old one.
    pub fn commit(mut self) -> io::Result<()> {
        let parent = self.path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let name = self
            .out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if self.out.exists() {
            let _ = std::fs::remove_dir_all(&old);
            std::fs::rename(&self.out, &old)?;
        }
        if let Err(error) = std::fs::rename(&self.path, &self.out) {
            // Put the previous site back before reporting.
            if old.exists() {
                let _ = std::fs::rename(&old, &self.out);
            }
            return Err(error);
        }
        self.committed = true;
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `files` as the site at `out`, as a build does.
    fn write_site(out: &Path, files: &[OutputFile]) -> io::Result<()> {
        let staging = Staging::begin(out)?;
        for file in files {
            staging.write(file)?;
        }
        staging.commit()
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn replaces_the_previous_site_and_leaves_no_staging_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        write_site(
            &out,
            &[file("index.html", "one"), file("a/b/index.html", "b")],
        )
        .unwrap();
        write_site(&out, &[file("index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("a").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("site")]);
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
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
