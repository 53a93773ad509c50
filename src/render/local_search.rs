//! The search page's own index for a site opened from disk (`file://`), where browsers load
//! no module script and fetch no file, so Pagefind cannot run: a classic script,
//! `search/local.js`, that lists every person (name, other names, role), claim (statement,
//! rating) and article (title, publisher, date) for the page to search by words. It holds
//! no article text, so it stays small: about 150 bytes an entry.

use serde::Serialize;

use super::urls::{article_page, claim_page, person_page};
use crate::model::Dossier;

/// Where the script goes, relative to the site's root.
pub const PATH: &str = "search/local.js";

#[derive(Serialize)]
struct Entry<'a> {
    /// What it is: "person", "claim" or "article".
    kind: &'static str,
    title: &'a str,
    /// A line under the title: a role, a rating, a publisher and date.
    detail: String,
    /// Other words it is found by: a person's other names.
    also: Vec<&'a str>,
    /// From the site's root.
    url: String,
}

/// The script: one assignment of the entries, as JSON (which is JavaScript).
pub fn script(dossier: &Dossier) -> String {
    let mut entries =
        Vec::with_capacity(dossier.people.len() + dossier.claims.len() + dossier.articles.len());
    for person in &dossier.people {
        entries.push(Entry {
            kind: "person",
            title: &person.name,
            detail: person.role.clone().unwrap_or_default(),
            also: person.aliases.iter().map(String::as_str).collect(),
            url: person_page(&person.id),
        });
    }
    for claim in &dossier.claims {
        entries.push(Entry {
            kind: "claim",
            title: &claim.statement,
            detail: format!("Rated {}", dossier.config.ratings[claim.rating].label),
            also: Vec::new(),
            url: claim_page(&claim.id),
        });
    }
    for article in &dossier.articles {
        let detail = [
            article.publisher.clone(),
            article.published.map(|d| d.human()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
        entries.push(Entry {
            kind: "article",
            title: &article.title,
            detail,
            also: Vec::new(),
            url: article_page(&article.id),
        });
    }
    let json = serde_json::to_string(&entries).expect("entries serialise");
    format!("window.dossierSearch = {json};\n")
}
