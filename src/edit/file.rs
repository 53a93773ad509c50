//! Reading and replacing the annotation file an edit changes: only a regular UTF-8 file
//! under `annotations/` (never a link), parsed from exactly the bytes read so that the places
//! the parser reports fit them; written whole, through a rename, only if it has not changed
//! since it was read, keeping its byte-order mark and its line breaks.

use std::path::Path;

use super::Refusal;
use super::selection::Anchor;
use crate::diagnostic::Diagnostic;
use crate::load;
use crate::load::annotations::AnnotationFile;
use crate::load::config::is_annotation_path;

/// The change to one file, worked out but not yet written.
pub(super) struct Plan {
    pub(super) file: String,
    /// The file's text as read (after a byte-order mark), empty when it does not exist.
    pub(super) old_text: String,
    /// What the change is, for the guard.
    pub(super) change: super::guard::Change,
    /// The file's bytes as they were read, `None` when it does not exist yet.
    pub(super) old_bytes: Option<Vec<u8>>,
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
    pub(super) bytes: Option<Vec<u8>>,
    /// The text after a byte-order mark, line breaks as written.
    pub(super) text: Option<String>,
    pub(super) bom: bool,
    pub(super) parsed: AnnotationFile,
}

/// An error unless every folder from `annotations/` down to `file`'s is a real folder, not
/// a link: a link inside the dossier would let a write land elsewhere.
fn no_link_on_the_way(root: &Path, file: &str) -> Result<(), Refusal> {
    let parts: Vec<&str> = file.split('/').collect();
    for depth in 1..parts.len() {
        let folder = parts[..depth].join("/");
        match std::fs::symlink_metadata(root.join(&folder)) {
            Ok(meta) if meta.file_type().is_dir() => {}
            Ok(_) => {
                return Err(Diagnostic::error(
                    "not-a-file",
                    format!(
                        "`{folder}` is a link, not a folder; `serve` does not write through it"
                    ),
                )
                .help("edit the files behind the link by hand, or make the folder a real one")
                .into());
            }
            Err(_) => return Ok(()), // reported when the file's folder is looked for
        }
    }
    Ok(())
}

pub(super) fn read_target(root: &Path, file: &str) -> Result<Target, Refusal> {
    if !is_annotation_path(file) {
        return Err(Diagnostic::error(
            "bad-new-entries-file",
            format!("`{file}` is not a YAML file under `annotations/`"),
        )
        .help("`serve` writes only annotation files under `annotations/`")
        .into());
    }
    let path = root.join(file);
    no_link_on_the_way(root, file)?;
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if !meta.file_type().is_file() => {
            return Err(Diagnostic::error(
                "not-a-file",
                format!("`{file}` is a link or not a regular file; `serve` does not write it"),
            )
            .help(
                "edit this file by hand, or name a regular file for new entries in `dossier.yaml`",
            )
            .into());
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if !path.parent().is_some_and(Path::is_dir) {
                return Err(Diagnostic::error(
                    "file-unreadable",
                    format!("the folder of `{file}` does not exist"),
                )
                .help("create the folder, or name another file for new entries in `dossier.yaml`")
                .into());
            }
            return Ok(Target {
                file: file.to_string(),
                bytes: None,
                text: None,
                bom: false,
                parsed: AnnotationFile::default(),
            });
        }
        Err(e) => {
            return Err(
                Diagnostic::error("file-unreadable", format!("cannot read `{file}`: {e}")).into(),
            );
        }
    }
    let bytes = load::Fence::new(root).read(&path, "file-unreadable")?;
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
        bytes: Some(bytes),
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

/// The file's bytes now, `None` when there is no file; an error when it is not a regular
/// file (a link put in its place since it was read).
fn bytes_now(path: &Path, file: &str) -> Result<Option<Vec<u8>>, Refusal> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() => Err(conflict(file)),
        Ok(_) => std::fs::read(path).map(Some).map_err(|e| {
            Diagnostic::error("file-unreadable", format!("cannot read `{file}`: {e}")).into()
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => {
            Err(Diagnostic::error("file-unreadable", format!("cannot read `{file}`: {e}")).into())
        }
    }
}

/// A new file beside `path`, created here (never an existing name or a link planted under
/// the name), with a name no one can guess ahead.
fn create_spare(path: &Path) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut last = None;
    for _ in 0..8 {
        let mut random = [0u8; 8];
        std::io::Read::read_exact(&mut std::fs::File::open("/dev/urandom")?, &mut random)?;
        let tag: String = random.iter().map(|b| format!("{b:02x}")).collect();
        let spare =
            path.with_file_name(format!(".{name}.dossier-edit-{}-{tag}", std::process::id()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&spare)
        {
            Ok(file) => return Ok((spare, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::Error::other("no free name for the new file")))
}

/// Replaces the file with its new text, unless it changed since it was read. The bytes are
/// compared again right before the rename; an editor saving in that instant can still lose
/// its save (a rename cannot be made conditional), but nothing else can.
pub(super) fn write(root: &Path, plan: &Plan) -> Result<(), Refusal> {
    let path = root.join(&plan.file);
    no_link_on_the_way(root, &plan.file)?;
    if bytes_now(&path, &plan.file)? != plan.old_bytes {
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
    let (spare, mut file) = create_spare(&path).map_err(cannot)?;
    let result = (|| {
        std::io::Write::write_all(&mut file, &bytes)?;
        if let Ok(meta) = std::fs::symlink_metadata(&path) {
            file.set_permissions(meta.permissions())?;
        }
        file.sync_all()
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&spare);
        return Err(cannot(e));
    }
    match bytes_now(&path, &plan.file) {
        Ok(now) if now == plan.old_bytes => {}
        Ok(_) => {
            let _ = std::fs::remove_file(&spare);
            return Err(conflict(&plan.file));
        }
        Err(refusal) => {
            let _ = std::fs::remove_file(&spare);
            return Err(refusal);
        }
    }
    if let Err(e) = std::fs::rename(&spare, &path) {
        let _ = std::fs::remove_file(&spare);
        return Err(cannot(e));
    }
    Ok(())
}
