//! The site's pages: which pages exist, and the data each one's template receives.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

mod about;
mod article;
mod bibliography;
mod sources;
mod timeline;

use super::views::{self, ArticleView, ClaimView, CorrectionView, PassageView, PersonView};
use super::{jsonld, urls};
use crate::model::{CorrectionTarget, Dossier};

/// One page to render: where it goes, its template and its data.
pub struct Page {
    /// Output path relative to the site root, e.g. `people/jeff-sessions/index.html`.
    pub path: String,
    pub template: &'static str,
    pub context: Context,
}

/// A page of the site, before its data is gathered: pages are listed cheaply, and each one's
/// data is built only when it is rendered, so a large site is never held in memory at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Overview,
    PeopleIndex,
    ClaimsIndex,
    CorrectionsIndex,
    Timeline,
    /// One page of the sources, from 0: long dossiers list their articles over several.
    Sources(usize),
    NotFound,
    Search,
    About,
    Article(usize),
    Person(usize),
    Claim(usize),
}

/// Every page of the site, in a stable order.
pub fn all(dossier: &Dossier) -> Vec<PageKind> {
    let mut pages = vec![
        PageKind::Overview,
        PageKind::PeopleIndex,
        PageKind::ClaimsIndex,
        PageKind::CorrectionsIndex,
        PageKind::Timeline,
        PageKind::NotFound,
        PageKind::Search,
        PageKind::About,
    ];
    pages.extend((0..sources::page_count(dossier)).map(PageKind::Sources));
    pages.extend((0..dossier.articles.len()).map(PageKind::Article));
    pages.extend((0..dossier.people.len()).map(PageKind::Person));
    pages.extend((0..dossier.claims.len()).map(PageKind::Claim));
    pages
}

/// Where a page goes, relative to the site's root.
pub fn path(dossier: &Dossier, kind: PageKind) -> String {
    match kind {
        PageKind::Overview => "index.html".into(),
        PageKind::PeopleIndex => "people/index.html".into(),
        PageKind::ClaimsIndex => "claims/index.html".into(),
        PageKind::CorrectionsIndex => "corrections/index.html".into(),
        PageKind::Timeline => "timeline/index.html".into(),
        PageKind::Sources(n) => sources::path(n),
        PageKind::NotFound => "404.html".into(),
        PageKind::Search => "search/index.html".into(),
        PageKind::About => "about/index.html".into(),
        PageKind::Article(i) => urls::article_page(&dossier.articles[i].id),
        PageKind::Person(i) => urls::person_page(&dossier.people[i].id),
        PageKind::Claim(i) => urls::claim_page(&dossier.claims[i].id),
    }
}

/// A page with its template and data.
pub fn build(dossier: &Dossier, kind: PageKind) -> Page {
    match kind {
        PageKind::Overview => overview(dossier),
        PageKind::PeopleIndex => people_index(dossier),
        PageKind::ClaimsIndex => claims_index(dossier),
        PageKind::CorrectionsIndex => corrections_index(dossier),
        PageKind::Timeline => timeline::page(dossier),
        PageKind::Sources(n) => sources::page(dossier, n),
        // Served for any missing address, at any depth: with a base URL its links are
        // made absolute by a <base> element.
        PageKind::NotFound => page(dossier, path(dossier, kind), "404.html", "Page not found"),
        PageKind::Search => search_page(dossier),
        PageKind::About => about::page_of(dossier),
        PageKind::Article(i) => article::page_of(dossier, i),
        PageKind::Person(i) => person_page(dossier, i),
        PageKind::Claim(i) => claim_page(dossier, i),
    }
}

/// A page with the values every template gets: the site, the relative path to the root, the
/// rating scale, and the page's kind and title.
fn page(dossier: &Dossier, path: String, template: &'static str, title: &str) -> Page {
    let depth = path.matches('/').count();
    let mut context = Context::new();
    context.insert("site", &views::site(dossier));
    context.insert("root", &"../".repeat(depth));
    context.insert("page_path", &path);
    // The page's address under base_url, in the pretty form (`people/x/`), for canonical links.
    context.insert("page_url", path.strip_suffix("index.html").unwrap_or(&path));
    context.insert("page_title", title);
    context.insert("page_kind", template.trim_end_matches(".html"));
    let ratings: Vec<_> = (0..dossier.config.ratings.len())
        .map(|i| views::rating(dossier, i))
        .collect();
    context.insert("ratings", &ratings);
    // schema.org JSON-LD for the page's `<head>`; pages that describe a thing replace it.
    context.insert("jsonld", &Option::<String>::None);
    Page {
        path,
        template,
        context,
    }
}

/// The search page, which needs to know the parts of the index to merge.
fn search_page(dossier: &Dossier) -> Page {
    let mut page = page(
        dossier,
        path(dossier, PageKind::Search),
        "search.html",
        "Search",
    );
    let more: Vec<String> = (1..crate::render::search::parts(dossier))
        .map(|i| format!("{}/", crate::render::search::part_folder(i)))
        .collect();
    page.context.insert("search_parts", &more);
    page
}

/// The articles' indices, earliest first (undated ones first of all), then by id. Views are
/// made only of those a page shows: a sources page shows 250 of 10,000.
fn articles_by_date(dossier: &Dossier) -> Vec<usize> {
    let mut order: Vec<usize> = (0..dossier.articles.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&dossier.articles[a], &dossier.articles[b]);
        (a.published, &a.id).cmp(&(b.published, &b.id))
    });
    order
}

/// The corrections that `keep` accepts, newest first.
fn corrections_newest_first(
    dossier: &Dossier,
    keep: impl Fn(&crate::model::Correction) -> bool,
) -> Vec<CorrectionView<'_>> {
    let mut order: Vec<usize> = (0..dossier.corrections.len())
        .filter(|&i| keep(&dossier.corrections[i]))
        .collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&dossier.corrections[a], &dossier.corrections[b]);
        (b.date, &a.id).cmp(&(a.date, &b.id))
    });
    order
        .into_iter()
        .map(|i| views::correction(dossier, &dossier.corrections[i]))
        .collect()
}

#[derive(Serialize)]
struct RatingGroup<'a> {
    rating: views::RatingView<'a>,
    claims: Vec<ClaimView<'a>>,
}

fn claims_by_rating(dossier: &Dossier) -> Vec<RatingGroup<'_>> {
    let mut groups: Vec<RatingGroup> = (0..dossier.config.ratings.len())
        .map(|i| RatingGroup {
            rating: views::rating(dossier, i),
            claims: Vec::new(),
        })
        .collect();
    for claim in &dossier.claims {
        groups[claim.rating]
            .claims
            .push(views::claim(dossier, claim));
    }
    groups
}

/// People ordered for a register: by family name (the last word of the name), then full name.
fn people_a_to_z(dossier: &Dossier) -> Vec<PersonView<'_>> {
    let mut order: Vec<usize> = (0..dossier.people.len()).collect();
    let key = |i: usize| {
        let name = &dossier.people[i].name;
        let family = name
            .split_whitespace()
            .last()
            .unwrap_or(name)
            .to_lowercase();
        (family, name.to_lowercase())
    };
    order.sort_by_cached_key(|&i| key(i));
    order
        .into_iter()
        .map(|i| views::person(&dossier.people[i]))
        .collect()
}

/// The overview lists at most this many sources, the latest.
const OVERVIEW_SOURCES: usize = 25;

fn overview(dossier: &Dossier) -> Page {
    let mut page = page(
        dossier,
        "index.html".into(),
        "index.html",
        &dossier.config.title,
    );
    let mut people: Vec<PersonView> = dossier.people.iter().map(views::person).collect();
    people.sort_by(|a, b| {
        b.mention_count
            .cmp(&a.mention_count)
            .then(a.name.cmp(b.name))
    });
    people.truncate(10);
    let corrections: Vec<CorrectionView> = corrections_newest_first(dossier, |_| true)
        .into_iter()
        .take(5)
        .collect();
    let groups = claims_by_rating(dossier);
    let rating_counts: Vec<(views::RatingView, usize)> = groups
        .iter()
        .map(|g| (g.rating.clone(), g.claims.len()))
        .collect();
    /// One rating's count, with its bar in the chart (positions in the SVG's units).
    #[derive(Serialize)]
    struct Count<'a> {
        rating: views::RatingView<'a>,
        count: usize,
        /// The bar's top and length, and where its count is written.
        y: usize,
        width: usize,
        count_x: usize,
    }
    const ROW: usize = 28;
    const BAR_START: usize = 150;
    const BAR_LENGTH: usize = 220;
    let most = rating_counts
        .iter()
        .map(|(_, n)| *n)
        .max()
        .unwrap_or(0)
        .max(1);
    let rating_counts: Vec<Count> = rating_counts
        .into_iter()
        .filter(|(_, count)| *count > 0)
        .enumerate()
        .map(|(row, (rating, count))| {
            let width = (count * BAR_LENGTH).div_ceil(most);
            Count {
                rating,
                count,
                y: row * ROW,
                width,
                count_x: BAR_START + width + 6,
            }
        })
        .collect();
    let chart_height = rating_counts.len() * ROW;
    let c = &mut page.context;
    // A long investigation's overview names its latest sources; the sources page has all.
    let order = articles_by_date(dossier);
    let shown_from = order.len().saturating_sub(OVERVIEW_SOURCES);
    let articles: Vec<ArticleView> = order[shown_from..]
        .iter()
        .map(|&i| views::article(&dossier.articles[i]))
        .collect();
    c.insert("articles_elsewhere", &shown_from);
    c.insert("articles", &articles);
    c.insert("key_people", &people);
    c.insert("rating_counts", &rating_counts);
    c.insert("chart_height", &chart_height);
    c.insert("latest_corrections", &corrections);
    c.insert(
        "counts",
        &BTreeMap::from([
            ("articles", dossier.articles.len()),
            ("people", dossier.people.len()),
            ("claims", dossier.claims.len()),
            ("corrections", dossier.corrections.len()),
            ("events", dossier.events.len()),
        ]),
    );
    page
}

fn people_index(dossier: &Dossier) -> Page {
    let mut page = page(dossier, "people/index.html".into(), "people.html", "People");
    page.context.insert("people", &people_a_to_z(dossier));
    page
}

fn person_page(dossier: &Dossier, index: usize) -> Page {
    let person = &dossier.people[index];
    let path = urls::person_page(&person.id);
    let mut page = page(dossier, path, "person.html", &person.name);
    #[derive(Serialize)]
    struct ArticleMentions<'a> {
        article: ArticleView<'a>,
        count: usize,
        places: Vec<PassageView<'a>>,
    }
    let mut by_article: Vec<ArticleMentions> = Vec::new();
    let mut last_article = None;
    for &place in &person.mentions {
        let view = views::passage(dossier, place);
        match by_article.last_mut() {
            Some(group) if last_article == Some(place.article) => {
                group.count += 1;
                group.places.push(view);
            }
            _ => {
                last_article = Some(place.article);
                by_article.push(ArticleMentions {
                    article: views::article(&dossier.articles[place.article]),
                    count: 1,
                    places: vec![view],
                })
            }
        }
    }
    let claims = |list: &[usize]| -> Vec<ClaimView> {
        list.iter()
            .map(|&c| views::claim(dossier, &dossier.claims[c]))
            .collect()
    };
    let claims_made = claims(&person.claims_made);
    let claims_about = claims(&person.claims_about);
    let c = &mut page.context;
    c.insert(
        "jsonld",
        &jsonld::script_json(&jsonld::person(dossier, index)),
    );
    c.insert("person", &views::person(person));
    c.insert(
        "description_html",
        &person.description.as_deref().map(super::markdown::to_html),
    );
    c.insert("mentions_by_article", &by_article);
    c.insert("claims_made", &claims_made);
    c.insert("claims_about", &claims_about);
    page
}

fn claims_index(dossier: &Dossier) -> Page {
    let mut page = page(dossier, "claims/index.html".into(), "claims.html", "Claims");
    page.context.insert("groups", &claims_by_rating(dossier));
    page
}

fn claim_page(dossier: &Dossier, index: usize) -> Page {
    let claim = &dossier.claims[index];
    let path = urls::claim_page(&claim.id);
    let mut page = page(dossier, path, "claim.html", &claim.statement);
    let corrections = corrections_newest_first(dossier, |correction| {
        correction.target == CorrectionTarget::Claim(index)
    });
    page.context.insert(
        "jsonld",
        &jsonld::script_json(&jsonld::claim_review(dossier, index)),
    );
    page.context
        .insert("claim", &views::claim_detail(dossier, claim));
    page.context.insert("corrections", &corrections);
    page
}

fn corrections_index(dossier: &Dossier) -> Page {
    let mut page = page(
        dossier,
        "corrections/index.html".into(),
        "corrections.html",
        "Corrections",
    );
    let corrections = corrections_newest_first(dossier, |_| true);
    page.context.insert(
        "finding_count",
        &corrections.iter().filter(|c| c.finding).count(),
    );
    page.context.insert("corrections", &corrections);
    page
}
