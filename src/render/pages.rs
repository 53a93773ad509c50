//! The site's pages: which pages exist, and the data each one's template receives.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::article;
use super::views::{self, ArticleView, ClaimView, CorrectionView, PersonView, PlaceView};
use crate::model::{CorrectionTarget, Dossier, HighlightTarget, LayoutRole};

/// One page to render: where it goes, its template and its data.
pub struct Page {
    /// Output path relative to the site root, e.g. `people/jeff-sessions/index.html`.
    pub path: String,
    pub template: &'static str,
    pub context: Context,
}

/// Every page of the site, in a stable order.
pub fn all(dossier: &Dossier) -> Vec<Page> {
    let mut pages = vec![
        overview(dossier),
        people_index(dossier),
        claims_index(dossier),
        corrections_index(dossier),
        timeline(dossier),
        sources(dossier),
    ];
    pages.extend((0..dossier.articles.len()).map(|i| article_page(dossier, i)));
    pages.extend((0..dossier.people.len()).map(|i| person_page(dossier, i)));
    pages.extend((0..dossier.claims.len()).map(|i| claim_page(dossier, i)));
    pages
}

/// A page with the values every template gets: the site, the relative path to the root, the
/// rating scale, and the page's kind and title.
fn page(dossier: &Dossier, path: String, template: &'static str, title: &str) -> Page {
    let depth = path.matches('/').count();
    let mut context = Context::new();
    context.insert("site", &views::site(dossier));
    context.insert("root", &"../".repeat(depth));
    context.insert("page_path", &path);
    context.insert("page_title", title);
    context.insert("page_kind", template.trim_end_matches(".html"));
    let ratings: Vec<_> = (0..dossier.config.ratings.len())
        .map(|i| views::rating(dossier, i))
        .collect();
    context.insert("ratings", &ratings);
    Page {
        path,
        template,
        context,
    }
}

fn articles_by_date(dossier: &Dossier) -> Vec<ArticleView<'_>> {
    let mut order: Vec<usize> = (0..dossier.articles.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&dossier.articles[a], &dossier.articles[b]);
        (a.published, &a.id).cmp(&(b.published, &b.id))
    });
    order
        .into_iter()
        .map(|i| views::article(&dossier.articles[i]))
        .collect()
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
    #[derive(Serialize)]
    struct Count<'a> {
        rating: views::RatingView<'a>,
        count: usize,
    }
    let rating_counts: Vec<Count> = rating_counts
        .into_iter()
        .map(|(rating, count)| Count { rating, count })
        .collect();
    let c = &mut page.context;
    c.insert("articles", &articles_by_date(dossier));
    c.insert("key_people", &people);
    c.insert("rating_counts", &rating_counts);
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

fn article_page(dossier: &Dossier, index: usize) -> Page {
    let article = &dossier.articles[index];
    let path = format!("articles/{}/index.html", article.id);
    let mut page = page(dossier, path, "article.html", &article.title);
    let html = article::render(dossier, article, "../../");
    let mut header: BTreeMap<&str, Vec<String>> = [
        LayoutRole::Headline,
        LayoutRole::Standfirst,
        LayoutRole::Byline,
        LayoutRole::Dateline,
    ]
    .into_iter()
    .map(|role| (role.name(), Vec::new()))
    .collect();
    for (role, html) in html.header {
        header.entry(role.name()).or_default().push(html);
    }

    let mut people_counts: BTreeMap<usize, usize> = BTreeMap::new();
    let mut claims: Vec<usize> = Vec::new();
    for highlight in &article.highlights {
        match highlight.target {
            HighlightTarget::Person(p) => *people_counts.entry(p).or_default() += 1,
            HighlightTarget::Claim(c) if !claims.contains(&c) => claims.push(c),
            _ => {}
        }
    }
    #[derive(Serialize)]
    struct PersonCount<'a> {
        person: PersonView<'a>,
        count: usize,
    }
    let mut people: Vec<PersonCount> = people_counts
        .into_iter()
        .map(|(p, count)| PersonCount {
            person: views::person(&dossier.people[p]),
            count,
        })
        .collect();
    people.sort_by(|a, b| b.count.cmp(&a.count).then(a.person.name.cmp(b.person.name)));
    let corrections = corrections_newest_first(dossier, |correction| match correction.target {
        CorrectionTarget::Passage(place) => place.article == index,
        CorrectionTarget::Article(a) => a == index,
        _ => false,
    });

    let c = &mut page.context;
    c.insert("article", &views::article(article));
    c.insert(
        "notes_html",
        &article.notes.as_deref().map(super::markdown::to_html),
    );
    c.insert("header", &header);
    c.insert("body_html", &html.body);
    c.insert("people", &people);
    c.insert(
        "claims",
        &claims
            .iter()
            .map(|&i| views::claim(dossier, &dossier.claims[i]))
            .collect::<Vec<_>>(),
    );
    c.insert("corrections", &corrections);
    page
}

fn people_index(dossier: &Dossier) -> Page {
    let mut page = page(dossier, "people/index.html".into(), "people.html", "People");
    page.context.insert("people", &people_a_to_z(dossier));
    page
}

fn person_page(dossier: &Dossier, index: usize) -> Page {
    let person = &dossier.people[index];
    let path = format!("people/{}/index.html", person.id);
    let mut page = page(dossier, path, "person.html", &person.name);
    #[derive(Serialize)]
    struct ArticleMentions<'a> {
        article: ArticleView<'a>,
        count: usize,
        places: Vec<PlaceView<'a>>,
    }
    let mut by_article: Vec<ArticleMentions> = Vec::new();
    for &place in &person.mentions {
        let view = views::place(dossier, place);
        match by_article.last_mut() {
            Some(group) if group.article.id == view.article.id => {
                group.count += 1;
                group.places.push(view);
            }
            _ => by_article.push(ArticleMentions {
                article: view.article.clone(),
                count: 1,
                places: vec![view],
            }),
        }
    }
    let claims_made: Vec<ClaimView> = dossier
        .claims
        .iter()
        .filter(|c| c.claimant == crate::model::Claimant::Person(index))
        .map(|c| views::claim(dossier, c))
        .collect();
    // A claim is about a person when one of its appearances contains a mention of them.
    let claims_about: Vec<ClaimView> = dossier
        .claims
        .iter()
        .filter(|c| c.claimant != crate::model::Claimant::Person(index))
        .filter(|c| {
            c.appearances.iter().any(|a| {
                let range = &dossier.articles[a.article].highlights[a.highlight].range;
                person.mentions.iter().any(|m| {
                    let mention = &dossier.articles[m.article].highlights[m.highlight].range;
                    m.article == a.article
                        && range.start <= mention.start
                        && mention.end <= range.end
                })
            })
        })
        .map(|c| views::claim(dossier, c))
        .collect();
    let c = &mut page.context;
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
    let path = format!("claims/{}/index.html", claim.id);
    let mut page = page(dossier, path, "claim.html", &claim.statement);
    let corrections = corrections_newest_first(dossier, |correction| {
        correction.target == CorrectionTarget::Claim(index)
    });
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
    page.context
        .insert("corrections", &corrections_newest_first(dossier, |_| true));
    page
}

/// One line of the timeline: an event, a dated claim or a correction.
#[derive(Serialize)]
struct TimelineEntry {
    date: String,
    date_human: String,
    kind: &'static str,
    id: String,
    title_html: String,
    detail_html: Option<String>,
    url: String,
    links: Vec<views::LinkView>,
}

fn timeline(dossier: &Dossier) -> Page {
    let mut page = page(
        dossier,
        "timeline/index.html".into(),
        "timeline.html",
        "Timeline",
    );
    let mut entries: Vec<(crate::model::Date, u8, TimelineEntry)> = Vec::new();
    for event in &dossier.events {
        let view = views::event(dossier, event);
        entries.push((
            event.date,
            0,
            TimelineEntry {
                date: view.date,
                date_human: view.date_human,
                kind: "event",
                id: event.id.clone(),
                title_html: view.title_html,
                detail_html: view.description_html,
                url: format!("timeline/index.html#{}", event.id),
                links: view.refs,
            },
        ));
    }
    for claim in &dossier.claims {
        let Some(date) = claim.date else { continue };
        let view = views::claim(dossier, claim);
        let title = match &view.claimant {
            Some(claimant) => format!("{}: {}", claimant.name, claim.statement),
            None => claim.statement.clone(),
        };
        entries.push((
            date,
            1,
            TimelineEntry {
                date: date.to_string(),
                date_human: date.human(),
                kind: "claim",
                id: claim.id.clone(),
                title_html: super::markdown::escape(&title),
                detail_html: Some(format!(
                    "Rated <strong>{}</strong>",
                    super::markdown::escape(view.rating.label)
                )),
                url: view.url,
                links: Vec::new(),
            },
        ));
    }
    for correction in &dossier.corrections {
        let view = views::correction(dossier, correction);
        entries.push((
            correction.date,
            2,
            TimelineEntry {
                date: view.date,
                date_human: view.date_human,
                kind: "correction",
                id: correction.id.clone(),
                title_html: super::markdown::escape(&format!(
                    "{} — {}",
                    view.kind_label, view.target_label
                )),
                detail_html: Some(view.text_html),
                url: view.url,
                links: Vec::new(),
            },
        ));
    }
    entries.sort_by(|a, b| (a.0, a.1, &a.2.id).cmp(&(b.0, b.1, &b.2.id)));
    let entries: Vec<TimelineEntry> = entries.into_iter().map(|(_, _, e)| e).collect();
    page.context.insert("entries", &entries);
    page
}

/// Above this many cells, the sources page lists each article's claims instead of drawing
/// the full articles × claims grid.
const MAX_MATRIX_CELLS: usize = 2_500;

fn sources(dossier: &Dossier) -> Page {
    let mut page = page(
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
