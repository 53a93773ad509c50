//! The sources pages: the articles, which claims and people each one carries, and which
//! share wording (`render::shared`). A long
//! investigation's articles are listed over several pages ([`PER_PAGE`] each, by date): at
//! 10,000 articles one page would weigh 24 MB.

use serde::Serialize;

use super::{Page, articles_by_date};
use crate::model::{Dossier, HighlightTarget};
use crate::render::shared::{self, SharedWithView};
use crate::render::urls::{claim_page, person_page};
use crate::render::views::{self, ArticleView, ClaimView, PersonView};

/// Above this many cells, a sources page lists each article's claims instead of drawing
/// the full articles × claims grid.
const MAX_MATRIX_CELLS: usize = 2_500;

/// How many of the articles an article shares wording with its row names; the rest are
/// counted. (Its own page lists them all.)
const SHARED_SHOWN: usize = 5;

/// How many articles one sources page lists.
pub const PER_PAGE: usize = 250;

/// How many sources pages the dossier has: one at least, even with no article.
pub(super) fn page_count(dossier: &Dossier) -> usize {
    dossier.articles.len().div_ceil(PER_PAGE).max(1)
}

/// Where sources page `n` (from 0) goes: the first at `sources/`, the others at
/// `sources/page/N/`.
pub(super) fn path(n: usize) -> String {
    if n == 0 {
        "sources/index.html".into()
    } else {
        format!("sources/page/{}/index.html", n + 1)
    }
}

/// A link in the list of pages; `None` in the list stands for pages left out.
#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

/// Where a sources page stands among the others, for its navigation.
#[derive(Serialize)]
struct Pagination {
    /// From 1.
    current: usize,
    total: usize,
    previous_url: Option<String>,
    next_url: Option<String>,
    /// The first and last pages and those around this one, with gaps as `None`.
    pages: Vec<Option<PageLink>>,
}

fn pagination(n: usize, total: usize) -> Pagination {
    // Like every link of the site, to the file itself, so the site works opened from disk.
    let url = path;
    let shown = |i: usize| i == 0 || i + 1 == total || i.abs_diff(n) <= 2;
    let mut pages = Vec::new();
    for i in 0..total {
        if shown(i) {
            pages.push(Some(PageLink {
                number: i + 1,
                url: url(i),
                current: i == n,
            }));
        } else if pages.last().is_some_and(Option::is_some) {
            pages.push(None);
        }
    }
    Pagination {
        current: n + 1,
        total,
        previous_url: (n > 0).then(|| url(n - 1)),
        next_url: (n + 1 < total).then(|| url(n + 1)),
        pages,
    }
}

pub(super) fn page(dossier: &Dossier, n: usize) -> Page {
    let total = page_count(dossier);
    let title = if total == 1 {
        "Sources".to_string()
    } else {
        format!("Sources, page {} of {total}", n + 1)
    };
    let mut page = super::page(dossier, path(n), "sources.html", &title);
    /// A claim or person an article carries: what its row links to. (Full views of every
    /// claim and person of 250 articles, most unused, made these pages the slowest to build.)
    #[derive(Serialize)]
    struct ClaimLink<'a> {
        id: &'a str,
        statement: &'a str,
        url: String,
    }
    #[derive(Serialize)]
    struct PersonLink<'a> {
        id: &'a str,
        name: &'a str,
        url: String,
    }
    #[derive(Serialize)]
    struct Row<'a> {
        article: ArticleView<'a>,
        claims: Vec<ClaimLink<'a>>,
        people: Vec<PersonLink<'a>>,
        /// The articles it shares most wording with, and how many more it shares some with.
        shared_with: Vec<SharedWithView<'a>>,
        shared_more: usize,
        /// One entry per claim column: whether this article carries the claim.
        claim_cells: Vec<bool>,
        person_cells: Vec<bool>,
    }
    let order: Vec<usize> = articles_by_date(dossier)
        .into_iter()
        .skip(n * PER_PAGE)
        .take(PER_PAGE)
        .collect();
    let mentioned: Vec<usize> = (0..dossier.people.len())
        .filter(|&p| !dossier.people[p].mentions.is_empty())
        .collect();
    let claim_grid = order.len() * dossier.claims.len() <= MAX_MATRIX_CELLS;
    let people_grid = order.len() * mentioned.len() <= MAX_MATRIX_CELLS;
    let rows: Vec<Row> = order
        .iter()
        .map(|&index| {
            let article = &dossier.articles[index];
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
            let mut shared_with = shared::shared_with(dossier, index);
            let shared_more = shared_with.len().saturating_sub(SHARED_SHOWN);
            shared_with.truncate(SHARED_SHOWN);
            Row {
                article: views::article(article),
                shared_with,
                shared_more,
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
                    .map(|&c| {
                        let claim = &dossier.claims[c];
                        ClaimLink {
                            id: &claim.id,
                            statement: &claim.statement,
                            url: claim_page(&claim.id),
                        }
                    })
                    .collect(),
                people: people
                    .iter()
                    .map(|&p| {
                        let person = &dossier.people[p];
                        PersonLink {
                            id: &person.id,
                            name: &person.name,
                            url: person_page(&person.id),
                        }
                    })
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
    c.insert("families", &shared::families_of(dossier, &order));
    c.insert("rows", &rows);
    c.insert("claim_columns", &claim_columns);
    c.insert("person_columns", &person_columns);
    c.insert("pagination", &pagination(n, total));
    // The evidence is listed once, on the first page.
    let evidence = if n == 0 {
        super::bibliography::evidence(dossier)
    } else {
        Vec::new()
    };
    c.insert("evidence", &evidence);
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(p: &Pagination) -> Vec<Option<usize>> {
        p.pages
            .iter()
            .map(|l| l.as_ref().map(|l| l.number))
            .collect()
    }

    #[test]
    fn pages_are_numbered_from_one_with_the_far_ones_left_out() {
        let one = pagination(0, 1);
        assert_eq!(numbers(&one), vec![Some(1)]);
        assert!(one.previous_url.is_none() && one.next_url.is_none());
        let middle = pagination(9, 40);
        assert_eq!(
            numbers(&middle),
            vec![
                Some(1),
                None,
                Some(8),
                Some(9),
                Some(10),
                Some(11),
                Some(12),
                None,
                Some(40)
            ]
        );
        assert_eq!(
            middle.previous_url.as_deref(),
            Some("sources/page/9/index.html")
        );
        assert_eq!(
            middle.next_url.as_deref(),
            Some("sources/page/11/index.html")
        );
        let second = pagination(1, 3);
        assert_eq!(second.previous_url.as_deref(), Some("sources/index.html"));
        assert_eq!(numbers(&second), vec![Some(1), Some(2), Some(3)]);
        assert!(second.pages[1].as_ref().unwrap().current);
    }
}
