//! The search index: Pagefind, through its Rust API, over every article, person and claim.
//!
//! Pagefind splits the index into small fragments that the search page fetches as a query
//! needs them, so search stays fast on a dossier of thousands of articles, and everything it
//! loads is a file of the site: it works offline, with no request elsewhere. The index is
//! built from the model (titles, text, roles, statements, verdicts), not by re-reading the
//! rendered pages. docs/search.md says why Pagefind.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use super::OutputFile;
use crate::model::Dossier;

/// The folder of the site that holds the index and the search scripts.
pub const BUNDLE: &str = "pagefind";

/// One thing to find.
struct Record {
    url: String,
    kind: &'static str,
    title: String,
    content: String,
}

fn records(dossier: &Dossier) -> Vec<Record> {
    let mut records =
        Vec::with_capacity(dossier.articles.len() + dossier.people.len() + dossier.claims.len());
    for article in &dossier.articles {
        records.push(Record {
            url: format!("articles/{}/index.html", article.id),
            kind: "Article",
            title: article.title.clone(),
            content: format!("{}\n{}", article.title, article.text.text),
        });
    }
    for person in &dossier.people {
        let mut content = format!("{} {}", person.name, person.aliases.join(" "));
        for part in [&person.role, &person.description].into_iter().flatten() {
            content.push('\n');
            content.push_str(part);
        }
        records.push(Record {
            url: format!("people/{}/index.html", person.id),
            kind: "Person",
            title: person.name.clone(),
            content,
        });
    }
    for claim in &dossier.claims {
        let rating = &dossier.config.ratings[claim.rating];
        let mut content = format!("{}\n{}", claim.statement, rating.label);
        if let Some(explanation) = &claim.explanation {
            content.push('\n');
            content.push_str(explanation);
        }
        records.push(Record {
            url: format!("claims/{}/index.html", claim.id),
            kind: "Claim",
            title: format!("{} ({})", claim.statement, rating.label),
            content,
        });
    }
    records
}

/// Builds the index and returns its files, under `pagefind/`.
pub fn index(dossier: &Dossier) -> Result<Vec<OutputFile>, String> {
    // Pagefind wants an ISO 639-1 code: `en-GB` is indexed as `en`.
    let language = dossier
        .config
        .language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_lowercase();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.clone())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for record in records(dossier) {
            let meta = BTreeMap::from([("title".to_string(), record.title)]);
            let filters = BTreeMap::from([("kind".to_string(), vec![record.kind.to_string()])]);
            index
                .add_custom_record(
                    record.url,
                    record.content,
                    language.clone(),
                    Some(meta),
                    Some(filters),
                    None,
                )
                .await
                .map_err(|e| format!("cannot index for search: {e}"))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| format!("cannot build the search index: {e}"))?;
        Ok(files
            .into_iter()
            .map(|file| OutputFile {
                path: format!(
                    "{BUNDLE}/{}",
                    file.filename.to_string_lossy().replace('\\', "/")
                ),
                contents: file.contents,
            })
            .collect())
    })
}
