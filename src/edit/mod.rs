//! Editing the annotation files from `dossier serve`'s pages: a passage selected in an
//! article becomes a mention, an appearance, a new claim, a correction or a layout role,
//! written into the YAML as a plain addition. `dossier import` adds its entries the same way
//! ([`prepare_appends`]).
//!
//! One edit at a time: the dossier is loaded and resolved as `check` does (an edit to a
//! dossier with errors is refused), the anchor is made from the selection ([`selection`]),
//! the lines are added to the file's text at the places the parser reports ([`yaml_text`]),
//! the changed file must read back as the old data with exactly that change ([`guard`]), and
//! the dossier with the changed file is resolved again before anything is written: a change
//! that would make `check` fail is refused with its diagnostics. Files are written only under
//! `annotations/`, to an entry's own file or to the file `dossier.yaml` names for new entries
//! (never a path from the request), by replacing them whole with a rename made in their
//! folder, held open through no link ([`folder`], [`file`]). The `annotations/` folder is
//! locked for the whole edit, so two servers on one dossier take turns.

mod append;
mod entries;
mod file;
pub mod folder;
mod guard;
pub mod register;
mod remove;
pub mod request;
pub mod selection;
pub mod yaml_text;

use std::path::Path;
use std::sync::{Arc, Mutex};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::annotations::{AnnotationFile, LoadedAnnotations};
use crate::load::{self, Loaded, SourceFile};
use crate::model::Dossier;
use crate::resolve;
pub use append::{Prepared, prepare_appends};
pub use entries::{anchor_item, plain_or_quoted, quoted};
use entries::{claim_lines, correction_lines, person_lines};
use file::{Plan, Target, conflict, read_target, write};
use guard::Change;
pub use request::EditRequest;
use request::{Edit, Passage};
use selection::Anchor;

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
    let _locked = lock(root)?;
    let (mut loaded, dossier) = load_checked(root)?;
    let plan = plan(root, &loaded, &dossier, &edit)?;
    verify(&mut loaded, &plan)?;
    write(&plan)?;
    Ok(Written {
        file: plan.file,
        line: plan.line,
        anchor: plan.anchor,
    })
}

/// Locks the dossier's `annotations/` folder for one edit, so that edits take turns across
/// processes (two servers on one dossier, an import beside a server); the lock ends when the
/// returned handle is dropped.
pub fn lock(root: &Path) -> Result<std::fs::File, Refusal> {
    let annotations = folder::Folder::open(root, "annotations").and_then(|f| f.handle());
    let Ok(annotations) = annotations else {
        return Err(Diagnostic::error(
            "file-unreadable",
            "the dossier has no `annotations/` folder of its own (or it is a link)",
        )
        .help("create the folder `annotations/` in the dossier")
        .into());
    };
    // An edit takes a fraction of a second; one that has held the lock for ten is stuck.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        match annotations.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) if std::time::Instant::now() < deadline => {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Refusal {
                    conflict: true,
                    diagnostics: vec![
                        Diagnostic::error(
                            "file-changed",
                            "another program has been editing the annotation files for ten seconds",
                        )
                        .help("try again once it is done"),
                    ],
                });
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(Diagnostic::error(
                    "cannot-write",
                    format!("cannot lock `annotations/`: {e}"),
                )
                .into());
            }
        }
    }
    Ok(annotations)
}

/// The dossier at `root` loaded and resolved, or why nothing may be added to it.
pub fn load_checked(root: &Path) -> Result<(Loaded, Dossier), Refusal> {
    load_and_resolve(root).map_err(|mut errors| {
        errors.insert(
            0,
            Diagnostic::error(
                "dossier-has-errors",
                "the dossier has errors, so nothing is added to it",
            )
            .help("fix the errors `dossier check` lists, then annotate again"),
        );
        Refusal {
            conflict: false,
            diagnostics: errors,
        }
    })
}

/// The errors among `diagnostics`, in the order `check` prints them.
fn errors_of(diagnostics: &Diagnostics) -> Vec<Diagnostic> {
    diagnostics
        .sorted()
        .into_iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .cloned()
        .collect()
}

/// The dossier at `root` loaded and resolved, as `check` does, or its errors.
fn load_and_resolve(root: &Path) -> Result<(Loaded, Dossier), Vec<Diagnostic>> {
    let mut diagnostics = Diagnostics::default();
    let loaded = load::load(root, &mut diagnostics);
    match resolve::resolve_annotations(&loaded, &mut diagnostics) {
        Some(dossier) if !diagnostics.has_errors() => Ok((loaded, dossier)),
        _ => Err(errors_of(&diagnostics)),
    }
}

/// Random bits from the system, as hex: the edit token, the names of new files.
pub fn random_hex(bytes: usize) -> std::io::Result<String> {
    let mut random = vec![0u8; bytes];
    std::io::Read::read_exact(&mut std::fs::File::open("/dev/urandom")?, &mut random)?;
    Ok(random.iter().map(|b| format!("{b:02x}")).collect())
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

/// Where `id` is among the `ids` of entries of `kind`, or the error `check` gives for an
/// unknown one. (New entries need no such test: resolving the changed dossier reports a
/// taken or malformed id, an unknown rating or claimant, as `check` would.)
fn find_id<'a>(
    kind: &str,
    id: &str,
    ids: impl Iterator<Item = &'a str> + Clone,
) -> Result<usize, Diagnostic> {
    ids.clone()
        .position(|known| known == id)
        .ok_or_else(|| resolve::ids::unknown_id(kind, id, ids))
}

/// The article a passage is in, and the anchor of the passage in it.
fn place_passage(dossier: &Dossier, passage: &Passage) -> Result<(usize, Anchor), Diagnostic> {
    let index = find_id(
        "article",
        &passage.article,
        dossier.articles.iter().map(|a| a.id.as_str()),
    )?;
    let anchor = selection::anchor_for(&dossier.articles[index].text.text, &passage.selection)?;
    Ok((index, anchor))
}

/// Adds `item` to the list `key` of the entry `id` of `section`, in the entry's own file.
/// A change worked out on a file's text: the new text, the line of what was added, and the
/// change in the file's data terms, for the guard.
struct Made {
    target: Target,
    new_text: String,
    line: usize,
    change: Change,
}

fn add_to_entry(
    root: &Path,
    loaded: &Loaded,
    section: &'static str,
    id: &str,
    key: &'static str,
    item: &str,
) -> Result<Option<Made>, Refusal> {
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
    Ok(Some(Made {
        target,
        new_text,
        line: at,
        change: Change::AddItem {
            section,
            id: id.to_string(),
            key,
            item: item.to_string(),
        },
    }))
}

/// Adds the anchor of `passage` to the mentions (`people`) or appearances (`claims`) of the
/// entry `id`, in its own file.
fn add_anchor(
    root: &Path,
    loaded: &Loaded,
    dossier: &Dossier,
    passage: &Passage,
    section: &'static str,
    id: &str,
) -> Result<(Made, Anchor), Refusal> {
    let key = if section == "people" {
        "mentions"
    } else {
        "appearances"
    };
    let (_, anchor) = place_passage(dossier, passage)?;
    let item = anchor_item(Some(&passage.article), &anchor, "");
    let made = add_to_entry(root, loaded, section, id, key, &item)?
        .ok_or_else(|| conflict("annotations/"))?;
    Ok((made, anchor))
}

/// Appends an entry to `section` of the file named for new entries of that kind.
fn append(
    root: &Path,
    loaded: &Loaded,
    section: &'static str,
    lines: &[String],
) -> Result<Made, Refusal> {
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
    Ok(Made {
        target,
        new_text,
        line: at,
        change: Change::AppendEntry {
            section,
            lines: lines.to_vec(),
        },
    })
}

fn plan(root: &Path, loaded: &Loaded, dossier: &Dossier, edit: &Edit) -> Result<Plan, Refusal> {
    let done = |made: Made, anchor: Option<Anchor>| Plan {
        file: made.target.file,
        folder: made.target.folder,
        mode: made.target.mode,
        old_text: made.target.text.unwrap_or_default(),
        old_bytes: made.target.bytes,
        bom: made.target.bom,
        new_text: made.new_text,
        line: made.line,
        change: made.change,
        anchor,
    };
    match edit {
        Edit::Mention { passage, person } => {
            find_id(
                "person",
                person,
                dossier.people.iter().map(|p| p.id.as_str()),
            )?;
            let (target, anchor) = add_anchor(root, loaded, dossier, passage, "people", person)?;
            Ok(done(target, Some(anchor)))
        }
        Edit::Appearance { passage, claim } => {
            find_id("claim", claim, dossier.claims.iter().map(|c| c.id.as_str()))?;
            let (target, anchor) = add_anchor(root, loaded, dossier, passage, "claims", claim)?;
            Ok(done(target, Some(anchor)))
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
                    .map(|made| Made {
                        line: made.line + 3,
                        ..made
                    })?,
                };
            Ok(done(found, Some(anchor)))
        }
        Edit::Remove { passage, of } => remove::remove(root, loaded, dossier, passage, of),
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

/// Resolves the dossier with the changed file in place of the old one; any error refuses the
/// change.
fn verify(loaded: &mut Loaded, plan: &Plan) -> Result<(), Refusal> {
    let cannot = |why: &str| {
        Diagnostic::error(
            "cannot-edit",
            format!(
                "`{}` is laid out in a way this cannot add to safely: {why}; nothing was written",
                plan.file
            ),
        )
        .help("make the change by hand in the file")
    };
    if !guard::changed_as_planned(&plan.old_text, &plan.new_text, &plan.change) {
        return Err(cannot("the change would not be exactly the one asked for").into());
    }
    verify_text(loaded, plan)
}

/// Resolves the dossier with the changed file's text in place of the old one.
fn verify_text(loaded: &mut Loaded, plan: &Plan) -> Result<(), Refusal> {
    let file = load::yaml::parse::<AnnotationFile>(&plan.new_text, &plan.file, 0).map_err(|e| {
        let cannot = Diagnostic::error(
            "cannot-edit",
            format!(
                "`{}` would not parse after the change; nothing was written",
                plan.file
            ),
        )
        .help("make the change by hand in the file");
        Refusal {
            conflict: false,
            diagnostics: vec![cannot, e],
        }
    })?;
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
    let resolved = resolve::resolve_annotations(loaded, &mut diagnostics);
    if resolved.is_some() && !diagnostics.has_errors() {
        return Ok(());
    }
    Err(Refusal {
        conflict: false,
        diagnostics: errors_of(&diagnostics),
    })
}
