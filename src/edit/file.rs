//! Reading and replacing the annotation file an edit changes: only a regular, writable UTF-8
//! file under `annotations/`, reached through no link (the folder is held open, see
//! [`folder`](super::folder)), parsed from exactly the bytes read so that the places the
//! parser reports fit them; written whole, through a rename, only if it has not changed since
//! it was read, keeping its byte-order mark, its line breaks and its permissions.

use std::path::Path;

use super::Refusal;
use super::folder::{Folder, set_mode, split};
use super::selection::Anchor;
use crate::diagnostic::Diagnostic;
use crate::load;
use crate::load::annotations::AnnotationFile;
use crate::load::config::is_annotation_path;

/// The change to one file, worked out but not yet written.
pub(super) struct Plan {
    pub(super) file: String,
    /// The file's folder, as it was opened to read the file.
    pub(super) folder: Folder,
    /// The file's text as read (after a byte-order mark), empty when it does not exist.
    pub(super) old_text: String,
    /// What the change is, for the guard.
    pub(super) change: super::guard::Change,
    /// The file's bytes as they were read, `None` when it does not exist yet.
    pub(super) old_bytes: Option<Vec<u8>>,
    /// The file's permission bits, which the new file keeps.
    pub(super) mode: u32,
    /// Whether the file starts with a byte-order mark, which it keeps.
    pub(super) bom: bool,
    /// The new text, after the byte-order mark if there is one.
    pub(super) new_text: String,
    pub(super) line: usize,
    pub(super) anchor: Option<Anchor>,
}

/// A file to change, read, with its parsed entries (parsed from exactly the text read, so
/// that their places fit it).
pub(super) struct Target {
    pub(super) file: String,
    pub(super) folder: Folder,
    pub(super) bytes: Option<Vec<u8>>,
    pub(super) mode: u32,
    /// The text after a byte-order mark, line breaks as written.
    pub(super) text: Option<String>,
    pub(super) bom: bool,
    pub(super) parsed: AnnotationFile,
}

fn link_refused(file: &str, e: &std::io::Error) -> Refusal {
    Diagnostic::error(
        "not-a-file",
        format!("cannot write `{file}`: {e}; dossier writes no file through a link"),
    )
    .help("edit this file by hand, or name a regular file for new entries in `dossier.yaml`")
    .into()
}

pub(super) fn read_target(root: &Path, file: &str) -> Result<Target, Refusal> {
    if !is_annotation_path(file) {
        return Err(Diagnostic::error(
            "bad-new-entries-file",
            format!("`{file}` is not a YAML file under `annotations/`"),
        )
        .help("dossier edits only annotation files under `annotations/`")
        .into());
    }
    let (folders, name) = split(file);
    let folder = match Folder::open(root, folders) {
        Ok(folder) => folder,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(Diagnostic::error(
                "file-unreadable",
                format!("the folder of `{file}` does not exist"),
            )
            .help("create the folder, or name another file for new entries in `dossier.yaml`")
            .into());
        }
        Err(e) => return Err(link_refused(file, &e)),
    };
    let Some((bytes, mode)) = folder.read(name).map_err(|e| link_refused(file, &e))? else {
        return Ok(Target {
            file: file.to_string(),
            folder,
            bytes: None,
            mode: 0o644,
            text: None,
            bom: false,
            parsed: AnnotationFile::default(),
        });
    };
    if mode & 0o200 == 0 {
        return Err(Diagnostic::error(
            "read-only-file",
            format!("`{file}` is read-only; dossier does not write it"),
        )
        .help("make the file writable (`chmod u+w`) to annotate into it")
        .into());
    }
    // What the loader refuses (UTF-16, NUL bytes, invalid UTF-8) is refused here too.
    load::article::decode(&bytes, file)?;
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let bom = bytes.starts_with(BOM);
    let text = String::from_utf8(bytes[if bom { BOM.len() } else { 0 }..].to_vec())
        .map_err(|_| Diagnostic::error("not-utf8", format!("`{file}` is not UTF-8")))?;
    // The text keeps its line breaks (`\r\n` stays `\r\n`); places are the same either way.
    let parsed = load::yaml::parse(&text, file, 0)?;
    Ok(Target {
        file: file.to_string(),
        folder,
        bytes: Some(bytes),
        mode,
        text: Some(text),
        bom,
        parsed,
    })
}

pub(super) fn conflict(file: &str) -> Refusal {
    Refusal {
        conflict: true,
        diagnostics: vec![
            Diagnostic::error(
                "file-changed",
                format!("`{file}` changed while the edit was made"),
            )
            .help("try again"),
        ],
    }
}

/// The file's bytes now, in the folder held open.
fn bytes_now(plan: &Plan, name: &str) -> Result<Option<Vec<u8>>, Refusal> {
    match plan.folder.read(name) {
        Ok(found) => Ok(found.map(|(bytes, _)| bytes)),
        Err(_) => Err(conflict(&plan.file)),
    }
}

/// A name for the new file no one can guess ahead.
fn spare_name(name: &str) -> std::io::Result<String> {
    let tag = super::random_hex(8)?;
    Ok(format!(".{name}.dossier-edit-{}-{tag}", std::process::id()))
}

/// Replaces the file with its new text, unless it changed since it was read. Every step is
/// made in the folder held open since the file was read. The bytes are compared again right
/// before the rename; an editor saving in that instant can still lose its save (a rename
/// cannot be made conditional), but nothing else can.
pub(super) fn write(plan: &Plan) -> Result<(), Refusal> {
    let (_, name) = split(&plan.file);
    if bytes_now(plan, name)? != plan.old_bytes {
        return Err(conflict(&plan.file));
    }
    let mut bytes = Vec::with_capacity(plan.new_text.len() + 3);
    if plan.bom {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(plan.new_text.as_bytes());
    let cannot = |e: std::io::Error| -> Refusal {
        Diagnostic::error("cannot-write", format!("cannot write `{}`: {e}", plan.file))
            .help("check that the annotation files can be written")
            .into()
    };
    let spare = spare_name(name).map_err(cannot)?;
    let mut file = plan.folder.create_new(&spare).map_err(cannot)?;
    let result = (|| {
        set_mode(&file, plan.mode)?;
        std::io::Write::write_all(&mut file, &bytes)?;
        file.sync_all()
    })();
    let unchanged =
        result.is_ok() && matches!(bytes_now(plan, name), Ok(now) if now == plan.old_bytes);
    let renamed = match (&result, unchanged) {
        (Ok(()), true) => plan.folder.rename(&spare, name).map_err(cannot),
        (Ok(()), false) => Err(conflict(&plan.file)),
        (Err(e), _) => Err(cannot(std::io::Error::new(e.kind(), e.to_string()))),
    };
    if renamed.is_err() {
        plan.folder.remove(&spare);
    }
    renamed
}
