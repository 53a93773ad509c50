//! Editing the annotation files from `dossier serve`'s pages: a passage selected in an
//! article becomes a mention, an appearance, a new claim, a correction or a layout role,
//! written into the YAML as a plain addition.
//!
//! One edit at a time: the dossier is loaded and resolved as `check` does (an edit to a
//! dossier with errors is refused), the anchor is made from the selection ([`selection`]),
//! the lines are added to the file's text at the places the parser reports ([`yaml_text`]),
//! and the dossier with the changed file is resolved again before anything is written: a
//! change that would make `check` fail is refused with its diagnostics. Files are written
//! only under `annotations/`, to an entry's own file or to the file `dossier.yaml` names for
//! new entries (never a path from the request), by replacing them whole with a rename.

pub mod register;
pub mod request;
pub mod selection;
pub mod yaml_text;

use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::annotations::{AnnotationFile, LoadedAnnotations};
use crate::load::config::is_annotation_path;
use crate::load::{self, Loaded, SourceFile};
use crate::model::Dossier;
use crate::resolve;
pub use request::EditRequest;
use request::{Edit, NewClaim, NewCorrection, NewPerson, Passage};
use selection::Anchor;
use yaml_text::{plain_or_quoted, quoted};

/// What an edit wrote.
#[derive(Debug)]
pub struct Written {
    /// Relative to the dossier, with `/`.
    pub file: String,
    /// The 1-based line of the new anchor or entry.
    pub line: usize,
    pub anchor: Option<Anchor>,
}

/// Why nothing was written.
#[derive(Debug)]
pub struct Refusal {
    /// The file changed on disk while the edit was made: trying again may succeed.
    pub conflict: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Refusal {
    fn one(diagnostic: Diagnostic) -> Refusal {
        Refusal {
            conflict: false,
            diagnostics: vec![diagnostic],
        }
    }
}

impl From<Diagnostic> for Refusal {
    fn from(diagnostic: Diagnostic) -> Refusal {
        Refusal::one(diagnostic)
    }
}

/// Edits are made one at a time, from reading the file to replacing it.
static EDITING: Mutex<()> = Mutex::new(());

/// Makes `request`'s change to the dossier at `root`, or says why not.
pub fn apply(root: &Path, request: EditRequest) -> Result<Written, Refusal> {
    let edit = request.into_edit()?;
    let _one_at_a_time = EDITING.lock().unwrap_or_else(|e| e.into_inner());
    let mut diagnostics = Diagnostics::default();
    let mut loaded = load::load(root, &mut diagnostics);
    let dossier = resolve::resolve(&loaded, &mut diagnostics);
    let Some(dossier) = dossier.filter(|_| !diagnostics.has_errors()) else {
        let mut errors: Vec<Diagnostic> = diagnostics
            .sorted()
            .into_iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .cloned()
            .collect();
        errors.insert(
            0,
            Diagnostic::error(
                "dossier-has-errors",
                "the dossier has errors, so nothing is added to it",
            )
            .help("fix the errors `dossier check` lists, then annotate again"),
        );
        return Err(Refusal {
            conflict: false,
            diagnostics: errors,
        });
    };
    let plan = plan(root, &loaded, &dossier, &edit)?;
    verify(&mut loaded, &plan)?;
    write(root, &plan)?;
    Ok(Written {
        file: plan.file,
        line: plan.line,
        anchor: plan.anchor,
    })
}

/// The change to one file, worked out but not yet written.
struct Plan {
    file: String,
    /// The file's bytes as they were read, `None` when it does not exist yet.
    old_bytes: Option<Vec<u8>>,
    /// Whether the file starts with a byte-order mark, which it keeps.
    bom: bool,
    /// The new text, after the byte-order mark if there is one.
    new_text: String,
    line: usize,
    anchor: Option<Anchor>,
}

/// A file to change, read, with its parsed entries (parsed from exactly the text read, so
/// that their places fit it).
struct Target {
    file: String,
    bytes: Option<Vec<u8>>,
    /// The text after a byte-order mark, line breaks as written.
    text: Option<String>,
    bom: bool,
    parsed: AnnotationFile,
}

fn read_target(root: &Path, file: &str) -> Result<Target, Refusal> {
    if !is_annotation_path(file) {
        return Err(Diagnostic::error(
            "bad-new-entries-file",
            format!("`{file}` is not a YAML file under `annotations/`"),
        )
        .help("`serve` writes only annotation files under `annotations/`")
        .into());
    }
    let path = root.join(file);
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

/// The file of the entry with `id` in `section`, per the loaded dossier.
fn entry_file<'a>(loaded: &'a Loaded, section: &str, id: &str) -> Option<&'a SourceFile> {
    loaded.annotations.iter().find_map(|file| {
        let f = &file.file;
        let found = match section {
            "people" => f.people.iter().any(|e| e.id.value.trim() == id),
            "claims" => f.claims.iter().any(|e| e.id.value.trim() == id),
            "articles" => f.articles.iter().any(|e| e.id.value.trim() == id),
            _ => false,
        };
        found.then_some(&file.source)
    })
}

/// Where the entry with `id` of `section` has its id in `parsed`: 1-based line and column.
fn id_place(parsed: &AnnotationFile, section: &str, id: &str) -> Option<(usize, usize)> {
    let place =
        |v: &load::yaml::Spanned<String>| (v.value.trim() == id).then_some((v.line, v.column));
    match section {
        "people" => parsed.people.iter().find_map(|e| place(&e.id)),
        "claims" => parsed.claims.iter().find_map(|e| place(&e.id)),
        "articles" => parsed.articles.iter().find_map(|e| place(&e.id)),
        _ => None,
    }
}

fn new_entries_file(loaded: &Loaded, section: &str) -> String {
    match &loaded.config {
        Some(config) => config.file.new_entries_file(section).0,
        None => format!("annotations/{section}.yaml"),
    }
}

/// `{ article: ..., quote: ..., prefix: ... }` for an anchor, `article` left out for layout.
fn anchor_item(article: Option<&str>, anchor: &Anchor, extra: &str) -> String {
    let mut parts = Vec::new();
    if let Some(article) = article {
        parts.push(format!("article: {}", plain_or_quoted(article)));
    }
    parts.push(format!("quote: {}", quoted(&anchor.quote)));
    if let Some(prefix) = &anchor.prefix {
        parts.push(format!("prefix: {}", quoted(prefix)));
    }
    if let Some(suffix) = &anchor.suffix {
        parts.push(format!("suffix: {}", quoted(suffix)));
    }
    if !extra.is_empty() {
        parts.push(extra.to_string());
    }
    format!("{{ {} }}", parts.join(", "))
}

/// An id the edit names that the dossier does not have, in `check`'s words. (New entries
/// need no such test: resolving the changed dossier reports a taken or malformed id, an
/// unknown rating or claimant, as `check` would.)
fn unknown(kind: &str, id: &str, known: &mut dyn Iterator<Item = &str>) -> Diagnostic {
    let ids: Vec<&str> = known.collect();
    let diagnostic = Diagnostic::error("unknown-id", format!("unknown {kind} id `{id}`"));
    match crate::suggest::closest(id, ids.iter().copied()) {
        Some(near) => diagnostic.help(format!("did you mean `{near}`?")),
        None => diagnostic.help(format!("use the id of a {kind} of the dossier")),
    }
}

/// The article a passage is in, and the anchor of the passage in it.
fn place_passage(dossier: &Dossier, passage: &Passage) -> Result<(usize, Anchor), Diagnostic> {
    let index = dossier
        .articles
        .iter()
        .position(|a| a.id == passage.article)
        .ok_or_else(|| {
            unknown(
                "article",
                &passage.article,
                &mut dossier.articles.iter().map(|a| a.id.as_str()),
            )
        })?;
    let anchor = selection::anchor_for(&dossier.articles[index].text.text, &passage.selection)?;
    Ok((index, anchor))
}

/// Adds `item` to the list `key` of the entry `id` of `section`, in the entry's own file.
fn add_to_entry(
    root: &Path,
    loaded: &Loaded,
    section: &str,
    id: &str,
    key: &str,
    item: &str,
) -> Result<Option<(Target, String, usize)>, Refusal> {
    let Some(source) = entry_file(loaded, section, id) else {
        return Ok(None);
    };
    let target = read_target(root, &source.path)?;
    let (Some(text), Some((line, column))) = (&target.text, id_place(&target.parsed, section, id))
    else {
        return Err(conflict(&source.path));
    };
    let (new_text, at) = yaml_text::add_list_item(text, line, column, key, item).map_err(|e| {
        Diagnostic::error(
            "cannot-edit",
            format!("cannot add to `{id}` in `{}`: {}", source.path, e.0),
        )
        .help("add the anchor by hand")
    })?;
    Ok(Some((target, new_text, at)))
}

fn conflict(file: &str) -> Refusal {
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

/// Appends an entry to `section` of the file named for new entries of that kind.
fn append(
    root: &Path,
    loaded: &Loaded,
    section: &str,
    lines: &[String],
) -> Result<(Target, String, usize), Refusal> {
    let target = read_target(root, &new_entries_file(loaded, section))?;
    let (new_text, at) =
        yaml_text::append_entry(target.text.as_deref().unwrap_or(""), section, lines).map_err(
            |e| {
                Diagnostic::error(
                    "cannot-edit",
                    format!("cannot add to `{}`: {}", target.file, e.0),
                )
                .help("name another file for new entries in `dossier.yaml` (`new_entries:`)")
            },
        )?;
    Ok((target, new_text, at))
}

fn plan(root: &Path, loaded: &Loaded, dossier: &Dossier, edit: &Edit) -> Result<Plan, Refusal> {
    let done = |(target, new_text, line): (Target, String, usize), anchor: Option<Anchor>| Plan {
        file: target.file,
        old_bytes: target.bytes,
        bom: target.bom,
        new_text,
        line,
        anchor,
    };
    match edit {
        Edit::Mention { passage, person } => {
            if !dossier.people.iter().any(|p| &p.id == person) {
                return Err(unknown(
                    "person",
                    person,
                    &mut dossier.people.iter().map(|p| p.id.as_str()),
                )
                .into());
            }
            let (_, anchor) = place_passage(dossier, passage)?;
            let item = anchor_item(Some(&passage.article), &anchor, "");
            let found = add_to_entry(root, loaded, "people", person, "mentions", &item)?
                .ok_or_else(|| conflict("annotations/"))?;
            Ok(done(found, Some(anchor)))
        }
        Edit::Appearance { passage, claim } => {
            if !dossier.claims.iter().any(|c| &c.id == claim) {
                return Err(unknown(
                    "claim",
                    claim,
                    &mut dossier.claims.iter().map(|c| c.id.as_str()),
                )
                .into());
            }
            let (_, anchor) = place_passage(dossier, passage)?;
            let item = anchor_item(Some(&passage.article), &anchor, "");
            let found = add_to_entry(root, loaded, "claims", claim, "appearances", &item)?
                .ok_or_else(|| conflict("annotations/"))?;
            Ok(done(found, Some(anchor)))
        }
        Edit::Layout { passage, role } => {
            let (index, anchor) = place_passage(dossier, passage)?;
            let item = anchor_item(None, &anchor, &format!("role: {}", role.name()));
            let found =
                match add_to_entry(root, loaded, "articles", &passage.article, "layout", &item)? {
                    Some(found) => found,
                    // An article with no entry yet gets one, with the id it has now; the answer
                    // names the line of the role, the fourth of the entry.
                    None => append(
                        root,
                        loaded,
                        "articles",
                        &[
                            format!("- id: {}", plain_or_quoted(&passage.article)),
                            format!("  file: {}", quoted(&dossier.articles[index].file)),
                            "  layout:".to_string(),
                            format!("    - {item}"),
                        ],
                    )
                    .map(|(target, text, line)| (target, text, line + 3))?,
                };
            Ok(done(found, Some(anchor)))
        }
        Edit::Claim { passage, claim } => {
            let (_, anchor) = place_passage(dossier, passage)?;
            let lines = claim_lines(claim, &anchor_item(Some(&passage.article), &anchor, ""));
            Ok(done(append(root, loaded, "claims", &lines)?, Some(anchor)))
        }
        Edit::Person { person } => {
            let lines = person_lines(person);
            Ok(done(append(root, loaded, "people", &lines)?, None))
        }
        Edit::Correction {
            passage,
            correction,
        } => {
            let (_, anchor) = place_passage(dossier, passage)?;
            let lines = correction_lines(
                correction,
                &anchor_item(Some(&passage.article), &anchor, ""),
            );
            Ok(done(
                append(root, loaded, "corrections", &lines)?,
                Some(anchor),
            ))
        }
    }
}

/// `key: value` with the value quoted, when there is one.
fn optional_line(lines: &mut Vec<String>, key: &str, value: &Option<String>) {
    if let Some(value) = value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
        lines.push(format!("  {key}: {}", quoted(value)));
    }
}

fn claim_lines(claim: &NewClaim, appearance: &str) -> Vec<String> {
    let mut lines = vec![
        format!("- id: {}", plain_or_quoted(&claim.id)),
        format!("  statement: {}", quoted(claim.statement.trim())),
    ];
    if let Some(person) = &claim.claimant {
        lines.push(format!("  claimant: {}", plain_or_quoted(person)));
    }
    optional_line(&mut lines, "claimant_name", &claim.claimant_name);
    if let Some(date) = claim
        .date
        .as_deref()
        .map(str::trim)
        .filter(|d| !d.is_empty())
    {
        lines.push(format!("  date: {}", plain_or_quoted(date)));
    }
    lines.push(format!(
        "  rating: {}",
        plain_or_quoted(claim.rating.trim())
    ));
    optional_line(&mut lines, "explanation", &claim.explanation);
    lines.push("  appearances:".to_string());
    lines.push(format!("    - {appearance}"));
    lines
}

fn person_lines(person: &NewPerson) -> Vec<String> {
    let mut lines = vec![
        format!("- id: {}", plain_or_quoted(&person.id)),
        format!("  name: {}", quoted(person.name.trim())),
    ];
    let aliases: Vec<String> = person
        .aliases
        .iter()
        .map(|a| a.trim())
        .filter(|a| !a.is_empty())
        .map(quoted)
        .collect();
    if !aliases.is_empty() {
        lines.push(format!("  aliases: [{}]", aliases.join(", ")));
    }
    optional_line(&mut lines, "role", &person.role);
    lines
}

fn correction_lines(correction: &NewCorrection, target: &str) -> Vec<String> {
    vec![
        format!("- id: {}", plain_or_quoted(&correction.id)),
        format!("  date: {}", plain_or_quoted(correction.date.trim())),
        format!("  kind: {}", plain_or_quoted(correction.kind.trim())),
        format!("  target: {target}"),
        format!("  text: {}", quoted(correction.text.trim())),
    ]
}

/// Resolves the dossier with the changed file in place of the old one; any error refuses the
/// change.
fn verify(loaded: &mut Loaded, plan: &Plan) -> Result<(), Refusal> {
    let file = load::yaml::parse::<AnnotationFile>(&plan.new_text, &plan.file, 0)?;
    let changed = Arc::new(LoadedAnnotations {
        source: SourceFile {
            path: plan.file.clone(),
            line_offset: 0,
        },
        file,
    });
    match loaded
        .annotations
        .iter()
        .position(|a| a.source.path == plan.file)
    {
        Some(at) => loaded.annotations[at] = changed,
        None => {
            loaded.annotations.push(changed);
            loaded
                .annotations
                .sort_by(|a, b| a.source.path.cmp(&b.source.path));
        }
    }
    let mut diagnostics = Diagnostics::default();
    let resolved = resolve::resolve(loaded, &mut diagnostics);
    if resolved.is_some() && !diagnostics.has_errors() {
        return Ok(());
    }
    Err(Refusal {
        conflict: false,
        diagnostics: diagnostics
            .sorted()
            .into_iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .cloned()
            .collect(),
    })
}

/// Replaces the file with its new text, unless it changed since it was read.
fn write(root: &Path, plan: &Plan) -> Result<(), Refusal> {
    let path = root.join(&plan.file);
    let now = match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(Diagnostic::error(
                "file-unreadable",
                format!("cannot read `{}`: {e}", plan.file),
            )
            .into());
        }
    };
    if now != plan.old_bytes {
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
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let spare = path.with_file_name(format!(".{name}.dossier-edit-{}", std::process::id()));
    let result = (|| {
        std::fs::write(&spare, &bytes)?;
        if let Ok(meta) = std::fs::metadata(&path) {
            std::fs::set_permissions(&spare, meta.permissions())?;
        }
        std::fs::File::open(&spare)?.sync_all()?;
        std::fs::rename(&spare, &path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&spare);
        return Err(cannot(e));
    }
    Ok(())
}
