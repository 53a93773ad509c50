//! Writing: the last stage of the pipeline. The site is written to a fresh folder beside the
//! output folder and swapped in only once every file is written, so a failed build leaves
//! the previous site exactly as it was.

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::render::OutputFile;

/// Writes `files` as the site at `out`, atomically replacing what was there.
pub fn write_site(out: &Path, files: &[OutputFile]) -> io::Result<()> {
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
    std::fs::create_dir_all(parent)?;
    let staging = Staging::new(parent.join(format!(".{name}.new-{}", std::process::id())))?;
    files.par_iter().try_for_each(|file| {
        let path = staging.path.join(&file.path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &file.contents)
    })?;
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if out.exists() {
        if !out.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("`{}` exists and is not a folder", out.display()),
            ));
        }
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(out, &old)?;
    }
    if let Err(error) = std::fs::rename(&staging.path, out) {
        // Put the previous site back before reporting.
        if old.exists() {
            let _ = std::fs::rename(&old, out);
        }
        return Err(error);
    }
    staging.keep();
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(())
}

/// A staging folder that is removed unless the build gets as far as swapping it in.
struct Staging {
    path: PathBuf,
    keep: bool,
}

impl Staging {
    fn new(path: PathBuf) -> io::Result<Staging> {
        if path.exists() {
            std::fs::remove_dir_all(&path)?;
        }
        std::fs::create_dir_all(&path)?;
        Ok(Staging { path, keep: false })
    }

    fn keep(mut self) {
        self.keep = true;
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.keep {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
