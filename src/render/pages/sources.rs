//! The sources page: the articles, and which claims and people each one carries.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Page, articles_by_date};
use crate::model::{Dossier, HighlightTarget};
use crate::render::views::{self, ArticleView, ClaimView, PersonView};

/// Above this many cells, the sources page lists each article's claims instead of drawing
/// the full articles × claims grid.
const MAX_MATRIX_CELLS: usize = 2_500;

pub(super) fn page(dossier: &Dossier) -> Page {
    let mut page = super::page(
        dossier,
        "sources/index.html".into(),
        "sources.html",
        "Sources",
    );
    #[derive(Serialize)]
    struct Row<'a> {
        article: ArticleView<'a>,
        claims: Vec<ClaimView<'a>>,
        people: Vec<PersonView<'a>>,
        /// One entry per claim column: whether this article carries the claim.
        claim_cells: Vec<bool>,
        person_cells: Vec<bool>,
    }
    let order = articles_by_date(dossier);
    let index_of: BTreeMap<&str, usize> = dossier
        .articles
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id.as_str(), i))
        .collect();
    let mentioned: Vec<usize> = (0..dossier.people.len())
        .filter(|&p| !dossier.people[p].mentions.is_empty())
        .collect();
    let claim_grid = dossier.articles.len() * dossier.claims.len() <= MAX_MATRIX_CELLS;
    let people_grid = dossier.articles.len() * mentioned.len() <= MAX_MATRIX_CELLS;
    let rows: Vec<Row> = order
        .into_iter()
        .map(|view| {
            let article = &dossier.articles[index_of[view.id]];
            let mut claims: Vec<usize> = Vec::new();
            let mut people: Vec<usize> = Vec::new();
            for h in &article.highlights {
                match h.target {
                    HighlightTarget::Claim(c) if !claims.contains(&c) => claims.push(c),
                    HighlightTarget::Person(p) if !people.contains(&p) => people.push(p),
                    _ => {}
                }
            }
            claims.sort_unstable();
            people.sort_unstable();
            Row {
                article: view,
                claim_cells: if claim_grid {
                    (0..dossier.claims.len())
                        .map(|c| claims.binary_search(&c).is_ok())
                        .collect()
                } else {
                    Vec::new()
                },
                person_cells: if people_grid {
                    mentioned
                        .iter()
                        .map(|p| people.binary_search(p).is_ok())
                        .collect()
                } else {
                    Vec::new()
                },
                claims: claims
                    .iter()
                    .map(|&c| views::claim(dossier, &dossier.claims[c]))
                    .collect(),
                people: people
                    .iter()
                    .map(|&p| views::person(&dossier.people[p]))
                    .collect(),
            }
        })
        .collect();
    let claim_columns: Vec<ClaimView> = if claim_grid {
        dossier
            .claims
            .iter()
            .map(|c| views::claim(dossier, c))
            .collect()
    } else {
        Vec::new()
    };
    let person_columns: Vec<PersonView> = if people_grid {
        mentioned
            .iter()
            .map(|&p| views::person(&dossier.people[p]))
            .collect()
    } else {
        Vec::new()
    };
    let c = &mut page.context;
    c.insert("rows", &rows);
    c.insert("claim_columns", &claim_columns);
    c.insert("person_columns", &person_columns);
    page
}
