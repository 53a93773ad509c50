//! Resolving: the second stage of the pipeline. Checks every id and reference, places every
//! anchor, and produces the plain [`Dossier`] model that rendering reads.
//!
//! Problems are collected as diagnostics; a model is returned only when there is no error.

pub mod anchor;
pub mod articles;
pub mod cache;
pub mod capture;
mod config;
pub mod entities;
pub mod fields;
pub mod fold;
pub mod ids;
pub mod nearest;
pub mod shared;
pub mod url;

use crate::diagnostic::Diagnostics;
use crate::load::Loaded;
use crate::load::yaml::Spanned;
use crate::model::{Dossier, HighlightTarget, Place};
use articles::{AnchorRequest, Purpose};
pub use cache::AnchorCache;
use ids::IdIndex;

/// The value of an optional spanned string, as `&str`.
pub(crate) fn text_of(value: &Option<Spanned<String>>) -> Option<&str> {
    value.as_ref().map(|v| v.value.as_str())
}

/// The index of one kind of entry defined in the annotation files. When one of those files
/// could not be read, references to the entries it defined would all look unknown: those are
/// not reported, only the file's own error.
fn entity_index(kind: &'static str, loaded: &Loaded) -> IdIndex {
    let index = IdIndex::new(kind);
    if loaded.unreadable_annotations > 0 {
        index.incomplete()
    } else {
        index
    }
}

/// What resolving keeps between runs, for `serve`: each article's scan for anchors, and
/// what the articles' texts share.
#[derive(Default)]
pub struct Kept {
    pub anchors: AnchorCache,
    pub shared: shared::SharedCache,
    /// Leave shared wording out (see [`resolve_annotations`]).
    pub annotations_only: bool,
}

/// Resolves a loaded dossier. Returns `None` when `diagnostics` has errors.
pub fn resolve(loaded: &Loaded, diagnostics: &mut Diagnostics) -> Option<Dossier> {
    resolve_with(loaded, &mut Kept::default(), diagnostics)
}

/// [`resolve`] without shared wording: every check of the annotations, and no
/// `possible-appearance` warning, `shared` left empty. What an edit from `serve` needs to
/// know that its change resolves: shared wording depends on the articles' texts alone, which
/// an edit never changes, and finding it afresh would cost as much again as the edit.
pub fn resolve_annotations(loaded: &Loaded, diagnostics: &mut Diagnostics) -> Option<Dossier> {
    let mut kept = Kept {
        annotations_only: true,
        ..Kept::default()
    };
    resolve_with(loaded, &mut kept, diagnostics)
}

/// [`resolve`], scanning again only the articles whose text, quotes or people changed since
/// the scans `kept` holds, and finding shared wording again only when a text changed; `kept`
/// is left holding this resolve's.
pub fn resolve_with(
    loaded: &Loaded,
    kept: &mut Kept,
    diagnostics: &mut Diagnostics,
) -> Option<Dossier> {
    let cache = &mut kept.anchors;
    let (config, ratings) = config::config(loaded, diagnostics);

    // References to an article that could not be read would all look unknown: only the
    // file's own error is reported.
    let mut article_ids = IdIndex::new("article");
    if loaded.unreadable_articles > 0 {
        article_ids = article_ids.incomplete();
    }
    let mut articles = articles::collect(loaded, &mut article_ids, diagnostics);
    let mut requests: Vec<Vec<AnchorRequest>> = vec![Vec::new(); articles.len()];
    articles::layout_requests(loaded, &article_ids, &mut requests);

    let mut indexes = entities::Indexes {
        articles: article_ids,
        people: entity_index("person", loaded),
        claims: entity_index("claim", loaded),
        corrections: entity_index("correction", loaded),
        events: entity_index("event", loaded),
        ratings,
    };
    let mut entities = entities::collect(loaded, &mut indexes, &mut requests, diagnostics);

    let matcher = cache.aliases(&entities.aliases);
    let ids = |target: HighlightTarget| match target {
        HighlightTarget::Person(i) => entities.people[i].id.as_str(),
        HighlightTarget::Claim(i) => entities.claims[i].id.as_str(),
        HighlightTarget::Correction(i) => entities.corrections[i].id.as_str(),
    };
    let (anchored, scans): (Vec<_>, Vec<_>) =
        articles::anchor_all(&articles, &requests, &matcher, cache, &ids)
            .into_iter()
            .unzip();
    cache.keep(articles.iter().map(|a| a.file.clone()).zip(scans));

    let mut appearances = entities.appearance_slots();
    let mut used_aliases = vec![false; entities.aliases.len()];
    for (index, (article, outcome)) in articles.iter_mut().zip(anchored).enumerate() {
        diagnostics.extend(outcome.diagnostics);
        for alias in outcome.used_aliases {
            used_aliases[alias] = true;
        }
        article.layout = outcome.layout;
        implicit_headline(article);
        let (highlights, purposes) = (outcome.highlights, outcome.purposes);
        for (highlight, (position, purpose)) in highlights.iter().zip(purposes.iter().enumerate()) {
            let place = Place {
                article: index,
                highlight: position,
            };
            match (highlight.target, purpose) {
                (HighlightTarget::Person(person), _) => {
                    entities.people[person].mentions.push(place)
                }
                (_, Some(Purpose::Appearance(claim, slot))) => {
                    appearances[*claim][*slot] = Some(place)
                }
                (_, Some(Purpose::Correction(correction))) => {
                    entities.corrections[*correction].target =
                        crate::model::CorrectionTarget::Passage(place)
                }
                _ => {}
            }
        }
        article.highlights = highlights;
        if article.title.is_empty() {
            article.title = article
                .layout
                .iter()
                .find(|span| span.role == crate::model::LayoutRole::Headline)
                .map(|span| collapse_spaces(&article.text.text[span.range.clone()]))
                .unwrap_or_else(|| article.id.clone());
        }
    }
    for (claim, slots) in entities.claims.iter_mut().zip(appearances) {
        claim.appearances = slots.into_iter().flatten().collect();
    }
    link_claims_to_people(&articles, &entities.claims, &mut entities.people);
    entities::warn(&entities, &used_aliases, diagnostics);
    let found = if kept.annotations_only {
        Default::default()
    } else {
        let language = config.as_ref().map_or("en", |c| c.language.as_str());
        let analysis = kept.shared.analyse(&articles, language);
        shared::unmarked::warn(
            &articles,
            &analysis.words,
            &entities.claims,
            entities.claim_places(),
            diagnostics,
        );
        analysis.shared
    };

    if diagnostics.has_errors() {
        return None;
    }
    Some(Dossier {
        config: config?,
        text_bytes: articles.iter().map(|a| a.text.text.len()).sum(),
        articles,
        people: entities.people,
        claims: entities.claims,
        corrections: entities.corrections,
        events: entities.events,
        shared: found,
    })
}

/// Fills each person's claims: those they made, and those about them (a mention of them lies
/// within one of the claim's appearances). Each appearance looks only at the highlights inside
/// it, found by binary search, so the work grows with the annotations, not people × claims.
fn link_claims_to_people(
    articles: &[crate::model::Article],
    claims: &[crate::model::Claim],
    people: &mut [crate::model::Person],
) {
    for (index, claim) in claims.iter().enumerate() {
        let claimant = match claim.claimant {
            crate::model::Claimant::Person(person) => {
                people[person].claims_made.push(index);
                Some(person)
            }
            _ => None,
        };
        for place in &claim.appearances {
            let highlights = &articles[place.article].highlights;
            let range = highlights[place.highlight].range.clone();
            let first = highlights.partition_point(|h| h.range.start < range.start);
            for highlight in highlights[first..]
                .iter()
                .take_while(|h| h.range.start < range.end)
            {
                if let HighlightTarget::Person(person) = highlight.target
                    && highlight.range.end <= range.end
                    && Some(person) != claimant
                    && people[person].claims_about.last() != Some(&index)
                {
                    people[person].claims_about.push(index);
                }
            }
        }
    }
}

/// A Markdown article that opens with a level-1 heading and has no `headline` layout entry
/// uses that heading as its headline, so it is not shown twice.
fn implicit_headline(article: &mut crate::model::Article) {
    use crate::model::text::{LeafKind, Node};
    use crate::model::{LayoutRole, LayoutSpan};
    if article
        .layout
        .iter()
        .any(|span| span.role == LayoutRole::Headline)
    {
        return;
    }
    let first = article.text.nodes.iter().find_map(|node| match node {
        Node::Leaf(leaf) => Some(leaf),
        _ => None,
    });
    let Some(leaf) = first.filter(|leaf| leaf.kind == LeafKind::Heading(1)) else {
        return;
    };
    let overlaps =
        |span: &LayoutSpan| span.range.start < leaf.range.end && leaf.range.start < span.range.end;
    if !article.layout.iter().any(overlaps) {
        article.layout.insert(
            0,
            LayoutSpan {
                role: LayoutRole::Headline,
                range: leaf.range.clone(),
            },
        );
    }
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
