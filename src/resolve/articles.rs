//! Articles: pairing files with their `articles` entries, then placing every anchor of each
//! article in one pass and turning the results into layout spans and highlights.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use std::sync::Arc;

use super::anchor::{AliasMatch, AliasMatcher, AnchorError, QuoteRequest};
use super::cache::{AnchorCache, ArticleScan};
use super::ids::{IdIndex, id_from_name};
use super::text_of;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::annotations::ArticleEntry;
use crate::load::{ArticleFile, Loaded, SourceFile};
use crate::model::{Article, Date, Highlight, HighlightTarget, LayoutRole, LayoutSpan};
use crate::suggest::closest_n;

/// What an anchor is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Layout(LayoutRole),
    Mention(usize),
    NotMention(usize),
    /// Claim index and the appearance's index in the claim's list.
    Appearance(usize, usize),
    Correction(usize),
}

/// An anchor to place, with where it was written.
#[derive(Debug, Clone)]
pub struct AnchorRequest {
    pub quote: QuoteRequest,
    pub purpose: Purpose,
    pub at: Location,
}

/// A highlight before fragments are assigned, with what asked for it.
#[derive(Debug, Clone)]
pub struct PlacedHighlight {
    pub range: Range<usize>,
    pub target: HighlightTarget,
    pub purpose: Option<Purpose>,
}

/// Builds one article per loaded file, taking metadata from its entry, then its front matter.
pub fn collect(
    loaded: &Loaded,
    index: &mut IdIndex,
    diagnostics: &mut Diagnostics,
) -> Vec<Article> {
    let by_path: HashMap<&str, usize> = loaded
        .articles
        .iter()
        .enumerate()
        .map(|(i, file)| (file.source.path.as_str(), i))
        .collect();
    let mut entries: Vec<Option<(&SourceFile, &ArticleEntry)>> = vec![None; loaded.articles.len()];
    for annotations in &loaded.annotations {
        for entry in &annotations.file.articles {
            let at = annotations.source.at(&entry.file);
            // A path that is not inside the dossier was reported when loading.
            let Some(path) = crate::load::normal_path(entry.file.value.trim()) else {
                continue;
            };
            let path = path.as_str();
            let Some(&file) = by_path.get(path) else {
                // A file that is there but could not be loaded (a link out of the dossier, a
                // pipe, bad bytes) was reported when loading: "not found" would mislead.
                let there =
                    std::fs::symlink_metadata(loaded.root.join(path)).is_ok_and(|m| !m.is_dir());
                if !there {
                    let close = closest_n(path, by_path.keys().copied(), 3);
                    let help = if close.is_empty() {
                        "article files live under seeds/ and end in .txt or .md".to_string()
                    } else {
                        format!("did you mean {}?", close.join(" or "))
                    };
                    diagnostics.push(
                        Diagnostic::error(
                            "article-missing",
                            format!("article file `{path}` not found"),
                        )
                        .at(at)
                        .help(help),
                    );
                }
                continue;
            };
            if let Some((first_source, first)) = entries[file] {
                let first_at = first_source.at(&first.file);
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-article",
                        format!(
                            "`{path}` already has an entry at {}:{}",
                            first_at.file, first_at.line
                        ),
                    )
                    .at(at)
                    .help("describe each article file once"),
                );
                continue;
            }
            entries[file] = Some((&annotations.source, entry));
        }
    }

    let mut articles = Vec::with_capacity(loaded.articles.len());
    for (file, entry) in loaded.articles.iter().zip(entries) {
        let mut article = build_article(file, entry, diagnostics);
        article.capture = entry.and_then(|(source, entry)| {
            let capture = entry.capture.as_ref()?;
            super::capture::check(loaded, source, &entry.id.value, capture, diagnostics)
        });
        let at = match entry {
            Some((source, entry)) => source.at(&entry.id),
            None => match &file.front.id {
                Some(id) => file.source.at(id),
                // The id comes from the file's name: the file is where it is written.
                None => Location::new(&file.source.path, 1, 1),
            },
        };
        let derived = entry.is_none() && file.front.id.is_none();
        let before = diagnostics.error_count();
        index.insert(&article.id, articles.len(), &at, diagnostics);
        if derived && diagnostics.error_count() > before {
            diagnostics.push(
                Diagnostic::error(
                    "article-id",
                    format!(
                        "`{}` has no entry, so its id `{}` is made from its file name",
                        file.source.path, article.id
                    ),
                )
                .at(at)
                .help("give the article an entry with an id of its own: `articles: [{ id: ..., file: ... }]`"),
            );
        }
        articles.push(article);
    }
    articles
}

fn build_article(
    file: &ArticleFile,
    entry: Option<(&SourceFile, &ArticleEntry)>,
    diagnostics: &mut Diagnostics,
) -> Article {
    let front = &file.front;
    let pick = |from_entry: Option<&crate::load::yaml::Spanned<String>>,
                from_front: &Option<crate::load::yaml::Spanned<String>>|
     -> Option<(String, Location)> {
        match (entry, from_entry) {
            (Some((source, _)), Some(value)) => {
                Some((value.value.trim().to_string(), source.at(value)))
            }
            _ => from_front
                .as_ref()
                .map(|value| (value.value.trim().to_string(), file.source.at(value))),
        }
        .filter(|(value, _)| !value.is_empty())
    };
    let e = entry.map(|(_, e)| e);
    let stem = std::path::Path::new(&file.source.path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = pick(e.map(|e| &e.id), &front.id)
        .map(|(id, _)| id)
        .unwrap_or_else(|| id_from_name(&stem));
    let published =
        pick(e.and_then(|e| e.published.as_ref()), &front.published).and_then(|(text, at)| {
            match Date::parse(&text) {
                Ok(date) => Some(date),
                Err(message) => {
                    diagnostics.push(Diagnostic::error("bad-date", message).at(at));
                    None
                }
            }
        });
    Article {
        id,
        file: file.source.path.clone(),
        title: pick(e.and_then(|e| e.title.as_ref()), &front.title)
            .map(|(t, _)| t)
            .unwrap_or_default(),
        publisher: pick(e.and_then(|e| e.publisher.as_ref()), &front.publisher).map(|(t, _)| t),
        author: pick(e.and_then(|e| e.author.as_ref()), &front.author).map(|(t, _)| t),
        published,
        url: pick(e.and_then(|e| e.url.as_ref()), &front.url).and_then(|(text, at)| {
            match super::url::check(&text) {
                Ok(url) => Some(url),
                Err(problem) => {
                    diagnostics.push(super::fields::bad_url(&text, &problem).at(at));
                    None
                }
            }
        }),
        notes: e
            .and_then(|e| e.notes.as_ref())
            .map(|n| n.value.trim().to_string())
            .filter(|n| !n.is_empty()),
        text: file.text.clone(),
        capture: None,
        layout: Vec::new(),
        highlights: Vec::new(),
    }
}

/// The layout requests written in `articles` entries, by article index.
pub fn layout_requests(loaded: &Loaded, index: &IdIndex, requests: &mut [Vec<AnchorRequest>]) {
    for annotations in &loaded.annotations {
        for entry in &annotations.file.articles {
            let Some(article) = index.get(entry.id.value.trim()) else {
                continue;
            };
            for layout in &entry.layout {
                requests[article].push(AnchorRequest {
                    quote: QuoteRequest::new(
                        &layout.quote.value,
                        text_of(&layout.prefix),
                        text_of(&layout.suffix),
                    ),
                    purpose: Purpose::Layout(layout.role.value.into()),
                    at: annotations.source.at(&layout.quote),
                });
            }
        }
    }
}

/// The outcome of anchoring one article.
pub struct Anchored {
    pub layout: Vec<LayoutSpan>,
    /// Sorted, with their fragment ids.
    pub highlights: Vec<Highlight>,
    /// What asked for each highlight (none for an alias match).
    pub purposes: Vec<Option<Purpose>>,
    /// The aliases (by index) that produced a mention.
    pub used_aliases: Vec<usize>,
    pub diagnostics: Diagnostics,
}

/// Places every request of every article, articles in parallel, reusing what `cache` holds
/// of earlier scans. `ids` names the target of a highlight, for its fragment id. Returns each
/// article's outcome and its scan, for the cache.
pub fn anchor_all<'a>(
    articles: &[Article],
    requests: &[Vec<AnchorRequest>],
    matcher: &Arc<AliasMatcher>,
    cache: &AnchorCache,
    ids: &(dyn Fn(HighlightTarget) -> &'a str + Sync),
) -> Vec<(Anchored, ArticleScan)> {
    articles
        .par_iter()
        .zip(requests.par_iter())
        .map(|(article, requests)| {
            let scan = cache.scan(article, matcher, requests.iter().map(|r| &r.quote));
            (anchor_article(article, requests, &scan, ids), scan)
        })
        .collect()
}

fn anchor_article<'a>(
    article: &Article,
    requests: &[AnchorRequest],
    scan: &ArticleScan,
    ids: &dyn Fn(HighlightTarget) -> &'a str,
) -> Anchored {
    let results = scan.placed.iter().cloned();
    let mut diagnostics = Diagnostics::default();
    let mut layout = Vec::new();
    let mut explicit = Vec::new();
    let mut excluded: Vec<(Range<usize>, usize, &AnchorRequest)> = Vec::new();
    for (request, result) in requests.iter().zip(results) {
        let range = match result {
            Ok(range) => range,
            Err(error) => {
                diagnostics.push(anchor_error(article, request, error));
                continue;
            }
        };
        let target = match request.purpose {
            Purpose::Layout(role) => {
                layout.push((LayoutSpan { role, range }, request));
                continue;
            }
            Purpose::NotMention(person) => {
                excluded.push((range, person, request));
                continue;
            }
            Purpose::Mention(person) => HighlightTarget::Person(person),
            Purpose::Appearance(claim, _) => HighlightTarget::Claim(claim),
            Purpose::Correction(correction) => HighlightTarget::Correction(correction),
        };
        explicit.push(PlacedHighlight {
            range,
            target,
            purpose: Some(request.purpose),
        });
    }

    let layout = check_layout(article, layout, &mut diagnostics);

    let mut used_exclusions = vec![false; excluded.len()];
    let mut used_aliases = Vec::new();
    let mentions: Vec<PlacedHighlight> = scan
        .mentions
        .iter()
        .filter(|AliasMatch { range, person, .. }| {
            let mut keep = true;
            for (i, (ex, ex_person, _)) in excluded.iter().enumerate() {
                if ex_person == person && overlaps(ex, range) {
                    used_exclusions[i] = true;
                    keep = false;
                }
            }
            // An explicit mention of anyone wins over an alias match at the same place.
            keep && !explicit.iter().any(|h| {
                matches!(h.target, HighlightTarget::Person(_)) && overlaps(&h.range, range)
            })
        })
        .map(|found| {
            used_aliases.push(found.alias);
            PlacedHighlight {
                range: found.range.clone(),
                target: HighlightTarget::Person(found.person),
                purpose: None,
            }
        })
        .collect();
    for ((_, _, request), used) in excluded.iter().zip(used_exclusions) {
        if !used {
            diagnostics.push(
                Diagnostic::warning(
                    "not-mention-unused",
                    format!(
                        "this not_mentions quote in article `{}` covers no alias match of the person",
                        article.id
                    ),
                )
                .at(request.at.clone())
                .help("not_mentions only removes matches of the person's own aliases; remove the entry if it is not needed"),
            );
        }
    }

    let mut highlights = explicit;
    highlights.extend(mentions);
    let (highlights, purposes) = finish_highlights(highlights, ids);
    Anchored {
        layout,
        highlights,
        purposes,
        used_aliases,
        diagnostics,
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Layout spans may not overlap each other nor reach across a block boundary.
fn check_layout(
    article: &Article,
    mut spans: Vec<(LayoutSpan, &AnchorRequest)>,
    diagnostics: &mut Diagnostics,
) -> Vec<LayoutSpan> {
    spans.sort_by_key(|(span, _)| (span.range.start, span.range.end));
    let mut kept: Vec<LayoutSpan> = Vec::new();
    for (span, request) in spans {
        let in_one_block = article
            .text
            .leaves()
            .any(|leaf| leaf.range.start <= span.range.start && span.range.end <= leaf.range.end);
        if !in_one_block {
            diagnostics.push(
                Diagnostic::error(
                    "layout-across-blocks",
                    format!(
                        "the {} quote in article `{}` runs across a paragraph break",
                        span.role.name(),
                        article.id
                    ),
                )
                .at(request.at.clone())
                .help("a layout role applies to a span within one paragraph; give each paragraph its own entry"),
            );
            continue;
        }
        if let Some(last) = kept.last()
            && last.range.end > span.range.start
        {
            diagnostics.push(
                Diagnostic::error(
                    "layout-overlap",
                    format!(
                        "the {} quote overlaps the {} quote in article `{}`",
                        span.role.name(),
                        last.role.name(),
                        article.id
                    ),
                )
                .at(request.at.clone())
                .help("a span of text can have only one layout role"),
            );
            continue;
        }
        kept.push(span);
    }
    kept
}

fn anchor_error(article: &Article, request: &AnchorRequest, error: AnchorError) -> Diagnostic {
    let whose = format!("article `{}` ({})", article.id, article.file);
    match error {
        AnchorError::Empty => Diagnostic::error("anchor-empty", "the quote is empty")
            .at(request.at.clone())
            .help("quote the exact words of the article that the annotation is about"),
        AnchorError::NotFound { hint } => Diagnostic::error(
            "anchor-not-found",
            format!("quote `{}` not found in {whose}", request.quote.quote),
        )
        .at(request.at.clone())
        .help(match hint {
            Some(hint) => hint,
            None => "a quote must match the article's words exactly; case matters, while curly or straight quotes, dashes and spacing do not".into(),
        }),
        AnchorError::Ambiguous { places } => {
            let list = places
                .iter()
                .enumerate()
                .map(|(i, place)| format!("{}. \"{}\": add {}", i + 1, place.context, place.choose))
                .collect::<Vec<_>>()
                .join("\n");
            Diagnostic::error(
                "anchor-ambiguous",
                format!(
                    "quote `{}` matches {} places in {whose}",
                    request.quote.quote,
                    places.len()
                ),
            )
            .at(request.at.clone())
            .help(format!("add a `prefix` or `suffix` to choose one place:\n{list}"))
        }
    }
}

/// Sorts an article's highlights and gives each a fragment id unique on its page.
pub fn finish_highlights<'a>(
    highlights: Vec<PlacedHighlight>,
    ids: &dyn Fn(HighlightTarget) -> &'a str,
) -> (Vec<Highlight>, Vec<Option<Purpose>>) {
    let mut highlights = highlights;
    highlights.sort_by(|a, b| {
        (a.range.start, std::cmp::Reverse(a.range.end), a.target).cmp(&(
            b.range.start,
            std::cmp::Reverse(b.range.end),
            b.target,
        ))
    });
    highlights.dedup_by(|a, b| a.range == b.range && a.target == b.target && a.purpose.is_none());
    let mut counts: HashMap<HighlightTarget, usize> = HashMap::new();
    let purposes = highlights.iter().map(|h| h.purpose).collect();
    let finished = highlights
        .into_iter()
        .map(|h| {
            let n = counts.entry(h.target).or_default();
            *n += 1;
            let fragment = match h.target {
                HighlightTarget::Person(_) => format!("m-{}-{n}", ids(h.target)),
                HighlightTarget::Claim(_) => format!("c-{}-{n}", ids(h.target)),
                HighlightTarget::Correction(_) => format!("fix-{}", ids(h.target)),
            };
            Highlight {
                range: h.range,
                target: h.target,
                fragment,
            }
        })
        .collect();
    (finished, purposes)
}
