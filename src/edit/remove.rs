//! Removing a highlight from the page: the explicit mention or appearance that placed it is
//! taken out of its entry; a person's name or alias matched there is unmarked with a
//! `not_mentions` anchor instead, since the name itself stays in the register.

use std::path::Path;

use super::file::{Plan, conflict, read_target};
use super::guard::Change;
use super::request::{Highlighted, Passage};
use super::{Refusal, anchor_item, entry_file, find_id, id_place, place_passage, yaml_text};
use crate::diagnostic::Diagnostic;
use crate::load::{self, Loaded};
use crate::model::Dossier;
use crate::resolve;

/// Removes the highlight of a person or a claim at a passage: the explicit mention or
/// appearance that placed it goes from its entry; a person's name or alias matched there gets
/// a `not_mentions` anchor instead, since the name itself stays.
pub(super) fn remove(
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
    let index = match of {
        Highlighted::Person(_) => find_id(kind, id, dossier.people.iter().map(|p| p.id.as_str())),
        Highlighted::Claim(_) => find_id(kind, id, dossier.claims.iter().map(|c| c.id.as_str())),
    }?;
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
    let found = anchors
        .into_iter()
        .flatten()
        .enumerate()
        .find(|(_, entry)| placed_here(entry));
    let (new_text, at, change) = match found {
        Some((index, entry)) => {
            let (new_text, at) =
                yaml_text::remove_list_item(file_text, line, column, key, entry.article.line)
                    .map_err(cannot)?;
            let change = Change::RemoveItem {
                section,
                id: id.to_string(),
                key,
                index,
            };
            (new_text, at, change)
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
            let (new_text, at) =
                yaml_text::add_list_item(file_text, line, column, "not_mentions", &item)
                    .map_err(cannot)?;
            let change = Change::AddItem {
                section,
                id: id.to_string(),
                key: "not_mentions",
                item,
            };
            (new_text, at, change)
        }
    };
    Ok(Plan {
        old_text: file_text.clone(),
        file: target.file,
        folder: target.folder,
        mode: target.mode,
        old_bytes: target.bytes,
        bom: target.bom,
        new_text,
        line: at,
        change,
        anchor: Some(anchor),
    })
}
