//! `annotations.jsonld`: every anchor as a W3C Web Annotation, in one AnnotationCollection.
//!
//! Mentions are `identifying`, claim appearances `assessing`, corrections `editing`. Each
//! target is the article page with a TextQuoteSelector (exact, prefix, suffix) and a
//! TextPositionSelector counted in code points of the article's text (the `text` of each
//! article in `dossier.json`). Ids are absolute when `base_url` is set.

use serde_json::{Value, json};

use super::urls::{CodePoints, absolute};
use crate::model::{Dossier, HighlightTarget};

const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// Characters of context kept as prefix and suffix.
const AFFIX: usize = 32;

/// `annotations.jsonld`, pretty-printed.
pub fn annotations_jsonld(dossier: &Dossier) -> String {
    let mut items: Vec<Value> = Vec::new();
    for article in &dossier.articles {
        let text = &article.text.text;
        let points = CodePoints::new(text);
        let source = absolute(dossier, &format!("articles/{}/index.html", article.id));
        for highlight in &article.highlights {
            let range = highlight.range.clone();
            let prefix: String = {
                let before: Vec<char> = text[..range.start].chars().rev().take(AFFIX).collect();
                before.into_iter().rev().collect()
            };
            let suffix: String = text[range.end..].chars().take(AFFIX).collect();
            let (motivation, body) = body(dossier, highlight.target);
            items.push(json!({
                "@context": CONTEXT,
                "id": absolute(dossier, &format!("annotations.jsonld#{}-{}", article.id, highlight.fragment)),
                "type": "Annotation",
                "motivation": motivation,
                "body": body,
                "target": {
                    "source": source,
                    "selector": [
                        {
                            "type": "TextQuoteSelector",
                            "exact": &text[range.clone()],
                            "prefix": prefix,
                            "suffix": suffix,
                        },
                        {
                            "type": "TextPositionSelector",
                            "start": points.at(range.start),
                            "end": points.at(range.end),
                        }
                    ]
                }
            }));
        }
    }
    let collection = json!({
        "@context": CONTEXT,
        "id": absolute(dossier, "annotations.jsonld"),
        "type": "AnnotationCollection",
        "label": format!("{}: annotations", dossier.config.title),
        "total": items.len(),
        "first": {
            "@context": CONTEXT,
            "id": absolute(dossier, "annotations.jsonld#page-1"),
            "type": "AnnotationPage",
            "partOf": {
                "id": absolute(dossier, "annotations.jsonld"),
                "total": items.len(),
            },
            "startIndex": 0,
            "items": items,
        }
    });
    let mut out = serde_json::to_string_pretty(&collection).expect("annotations serialise");
    out.push('\n');
    out
}

/// A web page as a body with a purpose: the model gives purposes to specific resources only.
fn specific(source: &str, purpose: &str) -> Value {
    json!({ "type": "SpecificResource", "source": source, "purpose": purpose })
}

/// The motivation and the body of an annotation on `target`.
fn body(dossier: &Dossier, target: HighlightTarget) -> (&'static str, Value) {
    match target {
        HighlightTarget::Person(i) => {
            let person = &dossier.people[i];
            let page = absolute(dossier, &format!("people/{}/index.html", person.id));
            let bodies: Vec<Value> = std::iter::once(&page)
                .chain(&person.same_as)
                .map(|source| specific(source, "identifying"))
                .collect();
            ("identifying", Value::Array(bodies))
        }
        HighlightTarget::Claim(i) => {
            let claim = &dossier.claims[i];
            let rating = &dossier.config.ratings[claim.rating];
            (
                "assessing",
                json!([
                    {
                        "type": "TextualBody",
                        "value": format!("{}: {}", rating.label, claim.statement),
                        "format": "text/plain",
                        "language": dossier.config.language,
                        "purpose": "assessing",
                    },
                    specific(&absolute(dossier, &format!("claims/{}/index.html", claim.id)), "describing"),
                ]),
            )
        }
        HighlightTarget::Correction(i) => {
            let correction = &dossier.corrections[i];
            (
                "editing",
                json!([
                    {
                        "type": "TextualBody",
                        "value": correction.text,
                        "format": "text/markdown",
                        "language": dossier.config.language,
                        "purpose": "editing",
                    },
                    specific(&absolute(dossier, &format!("corrections/index.html#{}", correction.id)), "describing"),
                ]),
            )
        }
    }
}
