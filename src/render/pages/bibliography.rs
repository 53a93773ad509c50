//! The bibliography on the first sources page: every piece of evidence the claims cite, once
//! each (by its address, or by its publisher, title and date when it has none), with the
//! claims that rely on it. A reader checking the dossier starts from this list.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::model::Dossier;
use crate::render::urls::claim_page;

#[derive(Serialize)]
pub(super) struct ClaimLink<'a> {
    statement: &'a str,
    url: String,
}

#[derive(Serialize)]
pub(super) struct Evidence<'a> {
    title: &'a str,
    publisher: Option<&'a str>,
    date: Option<String>,
    date_human: Option<String>,
    url: Option<&'a str>,
    /// The claims citing it, in the order of the dossier.
    claims: Vec<ClaimLink<'a>>,
}

/// The evidence cited, by publisher, then date, then title.
pub(super) fn evidence(dossier: &Dossier) -> Vec<Evidence<'_>> {
    let mut found: BTreeMap<String, Evidence> = BTreeMap::new();
    // Each piece of evidence names a statement once, however many claims state it. A set,
    // since one source may back thousands of claims.
    let mut listed: HashSet<(String, &str)> = HashSet::new();
    for claim in &dossier.claims {
        for source in &claim.sources {
            // One entry per address, however its title was written; without one, per
            // publisher, title and date.
            let key = match &source.url {
                Some(url) => url.trim_end_matches('/').to_ascii_lowercase(),
                None => format!(
                    "{}\u{0}{}\u{0}{}",
                    source.publisher.as_deref().unwrap_or_default(),
                    source.title,
                    source.date.map(|d| d.to_string()).unwrap_or_default()
                ),
            };
            let first_time = listed.insert((key.clone(), &claim.statement));
            let entry = found.entry(key).or_insert_with(|| Evidence {
                title: &source.title,
                publisher: source.publisher.as_deref(),
                date: source.date.map(|d| d.to_string()),
                date_human: source.date.map(|d| d.human()),
                url: source.url.as_deref(),
                claims: Vec::new(),
            });
            if first_time {
                entry.claims.push(ClaimLink {
                    statement: &claim.statement,
                    url: claim_page(&claim.id),
                });
            }
        }
    }
    let mut evidence: Vec<Evidence> = found.into_values().collect();
    evidence.sort_by(|a, b| {
        (a.publisher.unwrap_or("\u{10ffff}"), &a.date, a.title).cmp(&(
            b.publisher.unwrap_or("\u{10ffff}"),
            &b.date,
            b.title,
        ))
    });
    evidence
}
