//! `dossier.json`: the whole dossier, merged and resolved, for other programs.
//!
//! The shape is documented in docs/data.md and versioned by `version`: fields may be added in
//! the same version, never removed or changed. Offsets count code points in the article's
//! `text`, as the W3C annotation model does, so they agree with `annotations.jsonld`.

use serde::Serialize;

use super::urls::{CodePoints, absolute, article_page, claim_page, person_page};
use crate::model::{Claimant, CorrectionTarget, Dossier, Place, Ref};

/// The version of the `dossier.json` shape.
pub const DATA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Data<'a> {
    version: u32,
    generator: String,
    dossier: Meta<'a>,
    ratings: Vec<RatingData<'a>>,
    articles: Vec<ArticleData<'a>>,
    people: Vec<PersonData<'a>>,
    claims: Vec<ClaimData<'a>>,
    corrections: Vec<CorrectionData<'a>>,
    events: Vec<EventData<'a>>,
    /// The passages articles share (docs/reuse.md).
    reuse: Vec<ReuseData<'a>>,
}

#[derive(Serialize)]
struct ReuseData<'a> {
    words: usize,
    /// Both articles quote the same words (inside quotation marks in one of them).
    quoted: bool,
    passages: [PassageData<'a>; 2],
}

#[derive(Serialize)]
struct PassageData<'a> {
    article: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct Meta<'a> {
    title: &'a str,
    description: Option<&'a str>,
    language: &'a str,
    publisher: Option<&'a str>,
    base_url: Option<&'a str>,
}

#[derive(Serialize)]
struct RatingData<'a> {
    id: &'a str,
    label: &'a str,
    description: &'a str,
}

#[derive(Serialize)]
struct ArticleData<'a> {
    id: &'a str,
    file: &'a str,
    title: &'a str,
    publisher: Option<&'a str>,
    author: Option<&'a str>,
    published: Option<String>,
    url: Option<&'a str>,
    notes: Option<&'a str>,
    /// The saved page the text was taken from: its file in the dossier, SHA-256 and time.
    #[serde(skip_serializing_if = "Option::is_none")]
    capture: Option<&'a crate::model::Capture>,
    page: String,
    /// What a reader sees, blocks separated by a blank line; offsets count its code points.
    text: &'a str,
    layout: Vec<SpanData<'a>>,
}

#[derive(Serialize)]
struct SpanData<'a> {
    role: &'static str,
    start: usize,
    end: usize,
    text: &'a str,
}

/// A place in an article.
#[derive(Serialize)]
struct PlaceData<'a> {
    article: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    /// The place on the article page.
    page: String,
}

#[derive(Serialize)]
struct PersonData<'a> {
    id: &'a str,
    name: &'a str,
    aliases: &'a [String],
    role: Option<&'a str>,
    description: Option<&'a str>,
    same_as: &'a [String],
    page: String,
    mentions: Vec<PlaceData<'a>>,
}

#[derive(Serialize)]
struct ClaimData<'a> {
    id: &'a str,
    statement: &'a str,
    claimant: ClaimantData<'a>,
    date: Option<String>,
    rating: &'a str,
    reviewed: Option<String>,
    explanation: Option<&'a str>,
    page: String,
    appearances: Vec<PlaceData<'a>>,
    sources: Vec<SourceData<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum ClaimantData<'a> {
    Person { id: &'a str, name: &'a str },
    Named { name: &'a str },
    Unknown,
}

#[derive(Serialize)]
struct SourceData<'a> {
    title: &'a str,
    url: Option<&'a str>,
    publisher: Option<&'a str>,
    date: Option<String>,
    accessed: Option<String>,
}

#[derive(Serialize)]
struct CorrectionData<'a> {
    id: &'a str,
    date: String,
    kind: &'static str,
    text: &'a str,
    target: TargetData<'a>,
}

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum TargetData<'a> {
    Passage {
        #[serde(flatten)]
        place: PlaceData<'a>,
    },
    Article {
        article: &'a str,
    },
    Claim {
        claim: &'a str,
    },
    Person {
        person: &'a str,
    },
}

#[derive(Serialize)]
struct EventData<'a> {
    id: &'a str,
    date: String,
    title: &'a str,
    description: Option<&'a str>,
    refs: Vec<RefData<'a>>,
}

#[derive(Serialize)]
struct RefData<'a> {
    kind: &'static str,
    id: &'a str,
}

/// `dossier.json`.
pub fn dossier_json(dossier: &Dossier) -> String {
    let points: Vec<CodePoints> = dossier
        .articles
        .iter()
        .map(|a| CodePoints::new(&a.text.text))
        .collect();
    let place = |place: Place| -> PlaceData {
        let article = &dossier.articles[place.article];
        let highlight = &article.highlights[place.highlight];
        PlaceData {
            article: &article.id,
            start: points[place.article].at(highlight.range.start),
            end: points[place.article].at(highlight.range.end),
            text: &article.text.text[highlight.range.clone()],
            page: absolute(
                dossier,
                &format!("articles/{}/#{}", article.id, highlight.fragment),
            ),
        }
    };
    let config = &dossier.config;
    let data = Data {
        version: DATA_VERSION,
        generator: format!("dossier {}", env!("CARGO_PKG_VERSION")),
        dossier: Meta {
            title: &config.title,
            description: config.description.as_deref(),
            language: &config.language,
            publisher: config.publisher.as_deref(),
            base_url: config.base_url.as_deref(),
        },
        ratings: config
            .ratings
            .iter()
            .map(|r| RatingData {
                id: &r.id,
                label: &r.label,
                description: &r.description,
            })
            .collect(),
        articles: dossier
            .articles
            .iter()
            .zip(&points)
            .map(|(article, points)| ArticleData {
                id: &article.id,
                file: &article.file,
                title: &article.title,
                publisher: article.publisher.as_deref(),
                author: article.author.as_deref(),
                published: article.published.map(|d| d.to_string()),
                url: article.url.as_deref(),
                notes: article.notes.as_deref(),
                capture: article.capture.as_ref(),
                page: absolute(dossier, &article_page(&article.id)),
                text: &article.text.text,
                layout: article
                    .layout
                    .iter()
                    .map(|span| SpanData {
                        role: span.role.name(),
                        start: points.at(span.range.start),
                        end: points.at(span.range.end),
                        text: &article.text.text[span.range.clone()],
                    })
                    .collect(),
            })
            .collect(),
        people: dossier
            .people
            .iter()
            .map(|person| PersonData {
                id: &person.id,
                name: &person.name,
                aliases: &person.aliases,
                role: person.role.as_deref(),
                description: person.description.as_deref(),
                same_as: &person.same_as,
                page: absolute(dossier, &person_page(&person.id)),
                mentions: person.mentions.iter().map(|&p| place(p)).collect(),
            })
            .collect(),
        claims: dossier
            .claims
            .iter()
            .map(|claim| ClaimData {
                id: &claim.id,
                statement: &claim.statement,
                claimant: match &claim.claimant {
                    Claimant::Person(i) => ClaimantData::Person {
                        id: &dossier.people[*i].id,
                        name: &dossier.people[*i].name,
                    },
                    Claimant::Named(name) => ClaimantData::Named { name },
                    Claimant::Unknown => ClaimantData::Unknown,
                },
                date: claim.date.map(|d| d.to_string()),
                rating: &config.ratings[claim.rating].id,
                reviewed: claim.reviewed.map(|d| d.to_string()),
                explanation: claim.explanation.as_deref(),
                page: absolute(dossier, &claim_page(&claim.id)),
                appearances: claim.appearances.iter().map(|&p| place(p)).collect(),
                sources: claim
                    .sources
                    .iter()
                    .map(|s| SourceData {
                        title: &s.title,
                        url: s.url.as_deref(),
                        publisher: s.publisher.as_deref(),
                        date: s.date.map(|d| d.to_string()),
                        accessed: s.accessed.map(|d| d.to_string()),
                    })
                    .collect(),
            })
            .collect(),
        reuse: dossier
            .shared
            .passages
            .iter()
            .map(|passage| ReuseData {
                words: passage.words,
                quoted: passage.quoted,
                passages: passage.sides.clone().map(|side| {
                    let article = &dossier.articles[side.article];
                    PassageData {
                        article: &article.id,
                        start: points[side.article].at(side.range.start),
                        end: points[side.article].at(side.range.end),
                        text: &article.text.text[side.range],
                    }
                }),
            })
            .collect(),
        corrections: dossier
            .corrections
            .iter()
            .map(|correction| CorrectionData {
                id: &correction.id,
                date: correction.date.to_string(),
                kind: correction.kind.name(),
                text: &correction.text,
                target: match correction.target {
                    CorrectionTarget::Passage(p) => TargetData::Passage { place: place(p) },
                    CorrectionTarget::Article(i) => TargetData::Article {
                        article: &dossier.articles[i].id,
                    },
                    CorrectionTarget::Claim(i) => TargetData::Claim {
                        claim: &dossier.claims[i].id,
                    },
                    CorrectionTarget::Person(i) => TargetData::Person {
                        person: &dossier.people[i].id,
                    },
                },
            })
            .collect(),
        events: dossier
            .events
            .iter()
            .map(|event| EventData {
                id: &event.id,
                date: event.date.to_string(),
                title: &event.title,
                description: event.description.as_deref(),
                refs: event.refs.iter().map(|&r| reference(dossier, r)).collect(),
            })
            .collect(),
    };
    // Room for the whole document at once (see `annotations_jsonld`): the articles' text
    // twice over, and a generous share for every entry and highlight.
    let entries = dossier.people.len()
        + dossier.claims.len()
        + dossier.corrections.len()
        + dossier.events.len()
        + dossier
            .articles
            .iter()
            .map(|a| a.highlights.len() + a.layout.len())
            .sum::<usize>();
    let room = 2 * dossier
        .articles
        .iter()
        .map(|a| a.text.text.len())
        .sum::<usize>()
        + 2048 * entries;
    let mut json = Vec::with_capacity(room);
    serde_json::to_writer(&mut json, &data).expect("the dossier serialises");
    json.push(b'\n');
    String::from_utf8(json).expect("JSON is UTF-8")
}

fn reference(dossier: &Dossier, reference: Ref) -> RefData<'_> {
    match reference {
        Ref::Article(i) => RefData {
            kind: "article",
            id: &dossier.articles[i].id,
        },
        Ref::Person(i) => RefData {
            kind: "person",
            id: &dossier.people[i].id,
        },
        Ref::Claim(i) => RefData {
            kind: "claim",
            id: &dossier.claims[i].id,
        },
        Ref::Correction(i) => RefData {
            kind: "correction",
            id: &dossier.corrections[i].id,
        },
        Ref::Event(i) => RefData {
            kind: "event",
            id: &dossier.events[i].id,
        },
    }
}
