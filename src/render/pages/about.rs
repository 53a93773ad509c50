//! The about page (`about/index.html`): what the dossier is, who made it and when it last
//! changed, the rating scale with what each rating means, how the articles were collected,
//! and the corrections policy. A fact-check's readers look for this page before trusting it.

use serde::Serialize;

use super::{Page, PageKind, page, path};
use crate::model::{Date, Dossier};
use crate::render::markdown::to_html;

#[derive(Serialize)]
struct AuthorView<'a> {
    name: &'a str,
    role: Option<&'a str>,
    url: Option<&'a str>,
}

/// The newest date at which the dossier itself changed: a correction, or a claim reviewed.
pub fn last_updated(dossier: &Dossier) -> Option<Date> {
    let corrections = dossier.corrections.iter().map(|c| c.date);
    let reviews = dossier.claims.iter().filter_map(|c| c.reviewed);
    corrections.chain(reviews).max()
}

pub fn page_of(dossier: &Dossier) -> Page {
    let mut page = page(
        dossier,
        path(dossier, PageKind::About),
        "about.html",
        "About this dossier",
    );
    let authors: Vec<AuthorView> = dossier
        .config
        .authors
        .iter()
        .map(|a| AuthorView {
            name: &a.name,
            role: a.role.as_deref(),
            url: a.url.as_deref(),
        })
        .collect();
    page.context.insert("authors", &authors);
    page.context.insert(
        "methodology_html",
        &dossier.config.methodology.as_deref().map(to_html),
    );
    let updated = last_updated(dossier);
    page.context
        .insert("updated", &updated.map(|d| d.to_string()));
    page.context
        .insert("updated_human", &updated.map(|d| d.human()));
    page.context
        .insert("article_count", &dossier.articles.len());
    page.context.insert(
        "captured_count",
        &dossier
            .articles
            .iter()
            .filter(|a| a.capture.is_some())
            .count(),
    );
    page
}
