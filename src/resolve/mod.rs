//! Resolving: the second stage of the pipeline. Checks every id and reference, places every
//! anchor, and produces the plain [`Dossier`] model that rendering reads.
//!
//! Problems are collected as diagnostics; a model is returned only when there is no error.

pub mod anchor;
pub mod articles;
pub mod cache;
pub mod capture;
pub mod entities;
pub mod fields;
pub mod fold;
pub mod ids;
pub mod nearest;
pub mod shared;
pub mod url;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::Loaded;
use crate::load::yaml::Spanned;
use crate::model::{Config, Dossier, HighlightTarget, Place, Rating};
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
    let (config, ratings) = config(loaded, diagnostics);

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

/// Whether `tag` has the shape of a BCP 47 language tag: a language of two to eight letters,
/// then subtags of one to eight letters or digits, each after a `-`. It names the pages'
/// language and the search index's, which expects no more.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=8).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_alphabetic())
        && tag.len() <= 35
        && parts.all(|part| {
            (1..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
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

/// Settings from `dossier.yaml` with defaults, and the index of the rating scale.
fn config(loaded: &Loaded, diagnostics: &mut Diagnostics) -> (Option<Config>, IdIndex) {
    let mut index = IdIndex::new("rating");
    let Some(loaded_config) = &loaded.config else {
        // The scale is unknown, so ratings cannot be checked: no error for each of them.
        return (None, index.unchecked());
    };
    let file = &loaded_config.file;
    let source = &loaded_config.source;
    let ratings: Vec<Rating> = match &file.ratings {
        Some(entries) => {
            if entries.value.is_empty() {
                diagnostics.push(
                    Diagnostic::error("no-ratings", "the rating scale is empty")
                        .at(source.at(entries))
                        .help("list ratings as `{id, label}` (and a `description` if you like), best first, or remove `ratings:` to use the default scale"),
                );
                index = index.unchecked();
            }
            entries
                .value
                .iter()
                .enumerate()
                .map(|(i, entry)| {
                    index.insert(entry.id.value.trim(), i, &source.at(&entry.id), diagnostics);
                    let label = entry.label.value.trim().to_string();
                    if label.is_empty() {
                        diagnostics.push(
                            Diagnostic::error("empty-value", "the rating's `label` is empty")
                                .at(source.at(&entry.label))
                                .help("give the words a reader sees for the rating, e.g. `label: Mostly true`"),
                        );
                    }
                    Rating {
                        id: entry.id.value.trim().to_string(),
                        label,
                        description: text_of(&entry.description)
                            .map(|d| d.trim().to_string())
                            .unwrap_or_default(),
                    }
                })
                .collect()
        }
        None => crate::load::config::DEFAULT_RATINGS
            .iter()
            .enumerate()
            .map(|(i, (id, label, description))| {
                index.insert(id, i, &Location::file(&source.path), diagnostics);
                Rating {
                    id: id.to_string(),
                    label: label.to_string(),
                    description: description.to_string(),
                }
            })
            .collect(),
    };
    for kind in ["articles", "people", "claims", "corrections"] {
        if let (path, Some(at)) = file.new_entries_file(kind)
            && !crate::load::config::is_annotation_path(&path)
        {
            diagnostics.push(
                Diagnostic::error(
                    "bad-new-entries-file",
                    format!("`{path}` is not a YAML file under `annotations/`"),
                )
                .at(source.at(at))
                .help(format!(
                    "name a file such as `annotations/{kind}.yaml`: `serve` writes only there"
                )),
            );
        }
    }
    let title = file.title.value.trim().to_string();
    if title.is_empty() {
        diagnostics.push(
            Diagnostic::error("empty-value", "the dossier's title is empty")
                .at(source.at(&file.title))
                .help("give the dossier a title, e.g. `title: The Sessions recusal, March 2017`"),
        );
    }
    let base_url = file.base_url.as_ref().and_then(|url| {
        let value = url.value.trim();
        if value.is_empty() {
            return None;
        }
        match url::base_url(value) {
            Ok(base) => Some(base),
            Err(problem) => {
                diagnostics.push(
                    Diagnostic::error("bad-url", format!("base_url `{}` {problem}", value.escape_debug()))
                        .at(source.at(url))
                        .help("write the address the site will be published at, on one line, e.g. `https://example.org/dossier/`"),
                );
                None
            }
        }
    });
    let language = match &file.language {
        Some(language) if !is_language_tag(language.value.trim()) => {
            diagnostics.push(
                Diagnostic::error(
                    "bad-language",
                    format!("`{}` is not a language tag", language.value.trim().escape_debug()),
                )
                .at(source.at(language))
                .help("write the language of the articles as a BCP 47 tag, e.g. `en`, `en-GB` or `fr`"),
            );
            "en".to_string()
        }
        Some(language) => language.value.trim().to_string(),
        None => "en".to_string(),
    };
    let theme = match &file.theme {
        Some(theme) if !ids::is_valid_id(theme.value.trim()) => {
            diagnostics.push(
                Diagnostic::error("unknown-theme", format!("`{}` is not a theme name", theme.value.trim()))
                    .at(source.at(theme))
                    .help("a theme is a folder under themes/ named with lowercase letters, digits and '-'"),
            );
            "default".to_string()
        }
        Some(theme) => theme.value.trim().to_string(),
        None => "default".to_string(),
    };
    let config = Config {
        title,
        description: text_of(&file.description).map(|d| d.trim().to_string()),
        base_url,
        language,
        theme,
        publisher: text_of(&file.publisher).map(|p| p.trim().to_string()),
        ratings,
    };
    (Some(config), index)
}
