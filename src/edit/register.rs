//! What the annotating page offers in its forms: the people to pick from (with their names
//! and aliases for the type-ahead), the claims, the rating scale, the correction kinds, and
//! the file each kind of entry is written to.

use std::path::Path;

use serde_json::{Value, json};

use crate::diagnostic::Diagnostic;
use crate::load::Loaded;

fn file_of(loaded: &Loaded, section: &str, id: &str) -> Option<String> {
    super::entry_file(loaded, section, id).map(|source| source.path.clone())
}

/// The register of the dossier at `root`, or its errors when it has some.
pub fn register(root: &Path) -> Result<Value, Vec<Diagnostic>> {
    let (loaded, dossier) = super::load_and_resolve(root)?;
    let people: Vec<Value> = dossier
        .people
        .iter()
        .map(|p| {
            json!({
                "id": p.id,
                "name": p.name,
                "aliases": p.aliases,
                "role": p.role,
                "file": file_of(&loaded, "people", &p.id),
            })
        })
        .collect();
    let claims: Vec<Value> = dossier
        .claims
        .iter()
        .map(|c| {
            json!({
                "id": c.id,
                "statement": c.statement,
                "file": file_of(&loaded, "claims", &c.id),
            })
        })
        .collect();
    let articles: Vec<Value> = dossier
        .articles
        .iter()
        .map(|a| json!({"id": a.id, "file": file_of(&loaded, "articles", &a.id)}))
        .collect();
    let ratings: Vec<Value> = dossier
        .config
        .ratings
        .iter()
        .map(|r| json!({"id": r.id, "label": r.label}))
        .collect();
    let new_entries: serde_json::Map<String, Value> =
        ["articles", "people", "claims", "corrections"]
            .into_iter()
            .map(|kind| {
                (
                    kind.to_string(),
                    Value::from(super::new_entries_file(&loaded, kind)),
                )
            })
            .collect();
    Ok(json!({
        "people": people,
        "claims": claims,
        "articles": articles,
        "ratings": ratings,
        "correction_kinds": ["correction", "clarification", "update", "rating-change", "retraction"],
        "layout_roles": ["headline", "standfirst", "byline", "dateline", "caption"],
        "new_entries": new_entries,
    }))
}
