//! `annotations.jsonld`: every anchor as a W3C Web Annotation, in one AnnotationCollection.
//!
//! Mentions are `identifying`, claim appearances `assessing`, corrections `editing`. Each
//! target is the article page with a TextQuoteSelector (exact, prefix, suffix) and a
//! TextPositionSelector counted in code points of the article's text (the `text` of each
//! article in `dossier.json`). Ids are absolute when `base_url` is set.
//!
//! The shapes are typed and borrow from the model, so a dossier of tens of thousands of
//! anchors serialises without building a tree of JSON values first.

use serde::Serialize;

use super::urls::{CodePoints, absolute, article_page, claim_page, person_page};
use crate::model::{Dossier, HighlightTarget};

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// Characters of context kept as prefix and suffix.
const AFFIX: usize = 32;

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: Page<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Page<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    part_of: PartOf,
    start_index: usize,
    items: Vec<Annotation<'a>>,
}

#[derive(Serialize)]
struct PartOf {
    id: String,
    total: usize,
}

#[derive(Serialize)]
struct Annotation<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: Vec<Body<'a>>,
    target: Target<'a>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Body<'a> {
    /// A page, with the purpose it serves (the model gives purposes to specific resources).
    Specific {
        #[serde(rename = "type")]
        kind: &'static str,
        source: String,
        purpose: &'static str,
    },
    Text {
        #[serde(rename = "type")]
        kind: &'static str,
        value: String,
        format: &'static str,
        language: &'a str,
        purpose: &'static str,
    },
}

#[derive(Serialize)]
struct Target<'a> {
    source: &'a str,
    selector: (QuoteSelector<'a>, PositionSelector),
    /// When the article's page was captured, for an article imported from a capture: the
    /// text selected is the page's as it was then.
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<TimeState<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TimeState<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    source_date: &'a str,
}

#[derive(Serialize)]
struct QuoteSelector<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    exact: &'a str,
    prefix: &'a str,
    suffix: &'a str,
}

#[derive(Serialize)]
struct PositionSelector {
    #[serde(rename = "type")]
    kind: &'static str,
    start: usize,
    end: usize,
}

fn specific<'a>(source: String, purpose: &'static str) -> Body<'a> {
    Body::Specific {
        kind: "SpecificResource",
        source,
        purpose,
    }
}

/// `annotations.jsonld`.
pub fn annotations_jsonld(dossier: &Dossier) -> String {
    let sources: Vec<String> = dossier
        .articles
        .iter()
        .map(|article| absolute(dossier, &article_page(&article.id)))
        .collect();
    let mut items: Vec<Annotation> = Vec::new();
    for (article, source) in dossier.articles.iter().zip(&sources) {
        let text = &article.text.text;
        let points = CodePoints::new(text);
        for highlight in &article.highlights {
            let range = highlight.range.clone();
            let prefix_start = text[..range.start]
                .char_indices()
                .rev()
                .nth(AFFIX - 1)
                .map_or(0, |(i, _)| i);
            let suffix_end = text[range.end..]
                .char_indices()
                .nth(AFFIX)
                .map_or(text.len(), |(i, _)| range.end + i);
            let (motivation, body) = body(dossier, highlight.target);
            items.push(Annotation {
                context: CONTEXT,
                id: absolute(
                    dossier,
                    &format!("annotations.jsonld#{}-{}", article.id, highlight.fragment),
                ),
                kind: "Annotation",
                motivation,
                body,
                target: Target {
                    source,
                    selector: (
                        QuoteSelector {
                            kind: "TextQuoteSelector",
                            exact: &text[range.clone()],
                            prefix: &text[prefix_start..range.start],
                            suffix: &text[range.end..suffix_end],
                        },
                        PositionSelector {
                            kind: "TextPositionSelector",
                            start: points.at(range.start),
                            end: points.at(range.end),
                        },
                    ),
                    state: article
                        .capture
                        .as_ref()
                        .and_then(|c| c.captured.as_deref())
                        .map(|source_date| TimeState {
                            kind: "TimeState",
                            source_date,
                        }),
                },
            });
        }
    }
    let total = items.len();
    let collection = Collection {
        context: CONTEXT,
        id: absolute(dossier, "annotations.jsonld"),
        kind: "AnnotationCollection",
        label: format!("{}: annotations", dossier.config.title),
        total,
        first: Page {
            context: CONTEXT,
            id: absolute(dossier, "annotations.jsonld#page-1"),
            kind: "AnnotationPage",
            part_of: PartOf {
                id: absolute(dossier, "annotations.jsonld"),
                total,
            },
            start_index: 0,
            items,
        },
    };
    // Room for the whole document at once: growing a buffer of a hundred megabytes by
    // doubling would hold two copies at the moment it moves. Room reserved and not written
    // costs no memory.
    let room: usize = collection
        .first
        .items
        .iter()
        .map(|item| {
            let quote = &item.target.selector.0;
            2 * (item.id.len() + quote.exact.len() + quote.prefix.len() + quote.suffix.len()) + 1024
        })
        .sum();
    let mut out = Vec::with_capacity(room);
    serde_json::to_writer(&mut out, &collection).expect("annotations serialise");
    out.push(b'\n');
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// The motivation and the body of an annotation on `target`.
fn body(dossier: &Dossier, target: HighlightTarget) -> (&'static str, Vec<Body<'_>>) {
    let language = dossier.config.language.as_str();
    match target {
        HighlightTarget::Person(i) => {
            let person = &dossier.people[i];
            let page = absolute(dossier, &person_page(&person.id));
            let bodies = std::iter::once(page)
                .chain(person.same_as.iter().cloned())
                .map(|source| specific(source, "identifying"))
                .collect();
            ("identifying", bodies)
        }
        HighlightTarget::Claim(i) => {
            let claim = &dossier.claims[i];
            let rating = &dossier.config.ratings[claim.rating];
            (
                "assessing",
                vec![
                    Body::Text {
                        kind: "TextualBody",
                        value: format!("{}: {}", rating.label, claim.statement),
                        format: "text/plain",
                        language,
                        purpose: "assessing",
                    },
                    specific(absolute(dossier, &claim_page(&claim.id)), "describing"),
                ],
            )
        }
        HighlightTarget::Correction(i) => {
            let correction = &dossier.corrections[i];
            (
                "editing",
                vec![
                    Body::Text {
                        kind: "TextualBody",
                        value: correction.text.clone(),
                        format: "text/markdown",
                        language,
                        purpose: "editing",
                    },
                    specific(
                        absolute(
                            dossier,
                            &format!("corrections/index.html#{}", correction.id),
                        ),
                        "describing",
                    ),
                ],
            )
        }
    }
}
