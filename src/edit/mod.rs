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

mod entries;
mod file;
pub mod register;
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
use entries::{anchor_item, claim_lines, correction_lines, person_lines, plain_or_quoted, quoted};
use file::{Plan, Target, conflict, read_target, write};
pub use request::EditRequest;
use request::{Edit, Highlighted, Passage};
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
        Edit::Remove { passage, of } => remove(root, loaded, dossier, passage, of),
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

/// Removes the highlight of a person or a claim at a passage: the explicit mention or
/// appearance that placed it goes from its entry; a person's name or alias matched there gets
/// a `not_mentions` anchor instead, since the name itself stays.
fn remove(
    root: &Path,
    loaded: &Loaded,
    dossier: &Dossier,
    passage: &Passage,
    of: &Highlighted,
) -> Result<Plan, Refusal> {
    let (section, key, kind, id) = match of {
        Highlighted::Person(id) => ("people", "mentions", "person", id),
        Highlighted::Claim(id) => ("claims", "appearances", "claim", id),
    };
    let (index, known): (Option<usize>, Vec<&str>) = match of {
        Highlighted::Person(id) => (
            dossier.people.iter().position(|p| &p.id == id),
            dossier.people.iter().map(|p| p.id.as_str()).collect(),
        ),
        Highlighted::Claim(id) => (
            dossier.claims.iter().position(|c| &c.id == id),
            dossier.claims.iter().map(|c| c.id.as_str()).collect(),
        ),
    };
    let Some(index) = index else {
        return Err(unknown(kind, id, &mut known.into_iter()).into());
    };
    let (article, anchor) = place_passage(dossier, passage)?;
    let folded = resolve::fold::Folded::new(&dossier.articles[article].text.text);
    let source = entry_file(loaded, section, id).ok_or_else(|| conflict("annotations/"))?;
    let target = read_target(root, &source.path)?;
    let (Some(file_text), Some((line, column))) =
        (&target.text, id_place(&target.parsed, section, id))
    else {
        return Err(conflict(&source.path));
    };
    let anchors = match section {
        "people" => target
            .parsed
            .people
            .iter()
            .find(|e| e.id.value.trim() == id)
            .map(|e| &e.mentions),
        _ => target
            .parsed
            .claims
            .iter()
            .find(|e| e.id.value.trim() == id)
            .map(|e| &e.appearances),
    };
    let placed_here = |entry: &&load::annotations::AnchorEntry| {
        let request = resolve::anchor::QuoteRequest::new(
            &entry.quote.value,
            entry.prefix.as_ref().map(|p| p.value.as_str()),
            entry.suffix.as_ref().map(|s| s.value.as_str()),
        );
        entry.article.value.trim() == passage.article
            && resolve::anchor::place_quotes(&folded, &[request]).pop()
                == Some(Ok(anchor.range.clone()))
    };
    let cannot = |e: yaml_text::Unsupported| -> Refusal {
        Diagnostic::error(
            "cannot-edit",
            format!("cannot change `{id}` in `{}`: {}", source.path, e.0),
        )
        .help("remove the anchor by hand")
        .into()
    };
    let (new_text, at) = match anchors.into_iter().flatten().find(placed_here) {
        Some(entry) => {
            yaml_text::remove_list_item(file_text, line, column, key, entry.article.line)
                .map_err(cannot)?
        }
        None => {
            let named_here = section == "people"
                && dossier.articles[article].highlights.iter().any(|h| {
                    h.range == anchor.range
                        && h.target == crate::model::HighlightTarget::Person(index)
                });
            if !named_here {
                return Err(Diagnostic::error(
                    "no-such-anchor",
                    format!(
                        "no anchor of {kind} `{id}` selects \"{}\" in `{}`",
                        anchor.quote, passage.article
                    ),
                )
                .help("send the whole highlighted passage and the text around it")
                .into());
            }
            let item = anchor_item(Some(&passage.article), &anchor, "");
            yaml_text::add_list_item(file_text, line, column, "not_mentions", &item)
                .map_err(cannot)?
        }
    };
    Ok(Plan {
        file: target.file,
        old_bytes: target.bytes,
        bom: target.bom,
        new_text,
        line: at,
        anchor: Some(anchor),
    })
}
