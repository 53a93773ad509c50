//! What templates see: the model's data flattened into serialisable views, with URLs relative
//! to the site root and annotation Markdown already rendered and sanitised.
//!
//! Every field is always present (absent values are `null`), since Tera 2 treats a missing
//! field as an error: templates test `{% if person.role %}`.

use serde::Serialize;

use super::markdown::{to_html, to_inline_html};
use super::urls::{article_page, claim_page, person_page};
use crate::model::{
    Article, Claim, Claimant, Correction, CorrectionTarget, Dossier, Event, Person, Place, Rating,
    Ref, Source,
};

/// Site-wide values, the same on every page.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: Option<&'a str>,
    pub language: &'a str,
    pub publisher: Option<&'a str>,
    pub base_url: Option<&'a str>,
}

pub fn site(dossier: &Dossier) -> SiteView<'_> {
    let config = &dossier.config;
    SiteView {
        title: &config.title,
        description: config.description.as_deref(),
        language: &config.language,
        publisher: config.publisher.as_deref(),
        base_url: config.base_url.as_deref(),
    }
}

#[derive(Serialize, Clone)]
pub struct RatingView<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub description: &'a str,
    /// 1 for the best rating of the scale.
    pub position: usize,
}

pub fn rating(dossier: &Dossier, index: usize) -> RatingView<'_> {
    let Rating {
        id,
        label,
        description,
    } = &dossier.config.ratings[index];
    RatingView {
        id,
        label,
        description,
        position: index + 1,
    }
}

#[derive(Serialize, Clone)]
pub struct ArticleView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub publisher: Option<&'a str>,
    pub author: Option<&'a str>,
    pub published: Option<String>,
    pub published_human: Option<String>,
    pub source_url: Option<&'a str>,
    pub file: &'a str,
    pub url: String,
    /// Where the text came from, when it was imported from a capture.
    pub capture: Option<CaptureView<'a>>,
}

#[derive(Serialize, Clone)]
pub struct CaptureView<'a> {
    pub file: &'a str,
    pub sha256: &'a str,
    /// RFC 3339.
    pub captured: Option<&'a str>,
    /// `2 December 2026, 07:34 UTC`.
    pub captured_human: Option<String>,
}

/// `2026-12-02T07:34:19Z` as `2 December 2026, 07:34 UTC`.
fn time_human(time: &str) -> Option<String> {
    let parsed = chrono::DateTime::parse_from_rfc3339(time).ok()?;
    let date = crate::model::date::Date::parse(&parsed.format("%Y-%m-%d").to_string()).ok()?;
    Some(format!("{}, {} UTC", date.human(), parsed.format("%H:%M")))
}

pub fn article(article: &Article) -> ArticleView<'_> {
    ArticleView {
        id: &article.id,
        title: &article.title,
        publisher: article.publisher.as_deref(),
        author: article.author.as_deref(),
        published: article.published.map(|d| d.to_string()),
        published_human: article.published.map(|d| d.human()),
        source_url: article.url.as_deref(),
        file: &article.file,
        url: article_page(&article.id),
        capture: article.capture.as_ref().map(|c| CaptureView {
            file: &c.file,
            sha256: &c.sha256,
            captured: c.captured.as_deref(),
            captured_human: c.captured.as_deref().and_then(time_human),
        }),
    }
}

#[derive(Serialize, Clone)]
pub struct PersonView<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub aliases: &'a [String],
    pub role: Option<&'a str>,
    pub same_as: &'a [String],
    pub mention_count: usize,
    pub url: String,
}

pub fn person(person: &Person) -> PersonView<'_> {
    PersonView {
        id: &person.id,
        name: &person.name,
        aliases: &person.aliases,
        role: person.role.as_deref(),
        same_as: &person.same_as,
        mention_count: person.mentions.len(),
        url: person_page(&person.id),
    }
}

/// A highlighted place with the words around it, within its paragraph, and its article.
#[derive(Serialize, Clone)]
pub struct PlaceView<'a> {
    pub article: ArticleView<'a>,
    #[serde(flatten)]
    pub passage: PassageView<'a>,
}

/// A highlighted place with the words around it, within its paragraph: what a list of places
/// in one article shows for each (a person's page groups their mentions by article).
#[derive(Serialize, Clone)]
pub struct PassageView<'a> {
    pub before: &'a str,
    pub text: &'a str,
    pub after: &'a str,
    /// Whether the context was cut short before or after (so an ellipsis belongs there).
    pub cut_before: bool,
    pub cut_after: bool,
    /// The fragment id of this place on its article page.
    pub fragment: &'a str,
    /// The article page with the fragment of this place.
    pub url: String,
}

pub fn place(dossier: &Dossier, place: Place) -> PlaceView<'_> {
    PlaceView {
        article: article(&dossier.articles[place.article]),
        passage: passage(dossier, place),
    }
}

pub fn passage(dossier: &Dossier, place: Place) -> PassageView<'_> {
    let article = &dossier.articles[place.article];
    let highlight = &article.highlights[place.highlight];
    let text = &article.text.text;
    let block = article
        .text
        .leaves()
        .map(|leaf| leaf.range.clone())
        .find(|r| r.start <= highlight.range.start && highlight.range.start < r.end)
        .unwrap_or(0..text.len());
    let range = &highlight.range;
    // A layout line (a byline, a dateline, a caption) is a block of its own for a snippet,
    // even where the text runs it into a paragraph.
    let mut block = block;
    for line in &article.layout {
        let line = &line.range;
        if line.start <= range.start && range.end <= line.end {
            block = block.start.max(line.start)..block.end.min(line.end);
        } else if line.end <= range.start {
            block.start = block.start.max(line.end);
        } else if range.end <= line.start {
            block.end = block.end.min(line.start);
        }
    }
    let context = super::snippet::context(
        text[block.start.min(range.start)..range.start].trim_start(),
        text[range.end..block.end.max(range.end)].trim_end(),
    );
    PassageView {
        before: context.before,
        text: &text[range.clone()],
        after: context.after,
        cut_before: context.cut_before,
        cut_after: context.cut_after,
        fragment: &highlight.fragment,
        url: format!("{}#{}", article_page(&article.id), highlight.fragment),
    }
}

#[derive(Serialize, Clone)]
pub struct ClaimantView<'a> {
    pub name: &'a str,
    /// The person's page, when the claimant is a person of the dossier.
    pub url: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct SourceView<'a> {
    pub title: &'a str,
    pub url: Option<&'a str>,
    pub publisher: Option<&'a str>,
    pub date: Option<String>,
    pub accessed: Option<String>,
}

fn source(source: &Source) -> SourceView<'_> {
    SourceView {
        title: &source.title,
        url: source.url.as_deref(),
        publisher: source.publisher.as_deref(),
        date: source.date.map(|d| d.human()),
        accessed: source.accessed.map(|d| d.human()),
    }
}

#[derive(Serialize, Clone)]
pub struct ClaimView<'a> {
    pub id: &'a str,
    pub statement: &'a str,
    pub claimant: Option<ClaimantView<'a>>,
    pub date: Option<String>,
    pub date_human: Option<String>,
    pub rating: RatingView<'a>,
    pub appearance_count: usize,
    pub url: String,
}

pub fn claim<'a>(dossier: &'a Dossier, claim: &'a Claim) -> ClaimView<'a> {
    let claimant = match &claim.claimant {
        Claimant::Person(i) => Some(ClaimantView {
            name: &dossier.people[*i].name,
            url: Some(person_page(&dossier.people[*i].id)),
        }),
        Claimant::Named(name) => Some(ClaimantView { name, url: None }),
        Claimant::Unknown => None,
    };
    ClaimView {
        id: &claim.id,
        statement: &claim.statement,
        claimant,
        date: claim.date.map(|d| d.to_string()),
        date_human: claim.date.map(|d| d.human()),
        rating: rating(dossier, claim.rating),
        appearance_count: claim.appearances.len(),
        url: claim_page(&claim.id),
    }
}

/// A claim with every appearance in context and its sources, for its own page.
#[derive(Serialize)]
pub struct ClaimDetail<'a> {
    #[serde(flatten)]
    pub claim: ClaimView<'a>,
    pub explanation_html: Option<String>,
    pub appearances: Vec<PlaceView<'a>>,
    pub sources: Vec<SourceView<'a>>,
}

pub fn claim_detail<'a>(dossier: &'a Dossier, claim: &'a Claim) -> ClaimDetail<'a> {
    ClaimDetail {
        claim: self::claim(dossier, claim),
        explanation_html: claim.explanation.as_deref().map(to_html),
        appearances: claim
            .appearances
            .iter()
            .map(|&p| place(dossier, p))
            .collect(),
        sources: claim.sources.iter().map(source).collect(),
    }
}

#[derive(Serialize, Clone)]
pub struct CorrectionView<'a> {
    pub id: &'a str,
    pub date: String,
    pub date_human: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub text_html: String,
    /// What is corrected, for readers: "Article: ...", "Claim: ...".
    pub target_label: String,
    pub target_url: String,
    /// The original wording of a corrected passage, which stays visible.
    pub passage: Option<PlaceView<'a>>,
    pub url: String,
    /// Whether it is the dossier's finding about an error in a report (its target is an
    /// article or a passage of one), rather than a change to the dossier's own work (a
    /// claim's rating, a person's entry). Readers must never take one for the other.
    pub finding: bool,
}

pub fn correction<'a>(dossier: &'a Dossier, correction: &'a Correction) -> CorrectionView<'a> {
    let (target_label, target_url, passage) = match correction.target {
        CorrectionTarget::Passage(p) => {
            let view = place(dossier, p);
            (
                format!("Article: {}", view.article.title),
                view.passage.url.clone(),
                Some(view),
            )
        }
        CorrectionTarget::Article(i) => {
            let a = &dossier.articles[i];
            (format!("Article: {}", a.title), article_page(&a.id), None)
        }
        CorrectionTarget::Claim(i) => {
            let c = &dossier.claims[i];
            (format!("Claim: {}", c.statement), claim_page(&c.id), None)
        }
        CorrectionTarget::Person(i) => {
            let p = &dossier.people[i];
            (format!("Person: {}", p.name), person_page(&p.id), None)
        }
    };
    CorrectionView {
        id: &correction.id,
        date: correction.date.to_string(),
        date_human: correction.date.human(),
        kind: correction.kind.name(),
        kind_label: correction.kind.label(),
        text_html: to_html(&correction.text),
        target_label,
        target_url,
        passage,
        url: format!("corrections/index.html#{}", correction.id),
        finding: matches!(
            correction.target,
            CorrectionTarget::Passage(_) | CorrectionTarget::Article(_)
        ),
    }
}

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub label: String,
    pub url: String,
}

#[derive(Serialize, Clone)]
pub struct EventView<'a> {
    pub id: &'a str,
    pub date: String,
    pub date_human: String,
    pub title_html: String,
    pub description_html: Option<String>,
    pub refs: Vec<LinkView>,
}

pub fn event<'a>(dossier: &'a Dossier, event: &'a Event) -> EventView<'a> {
    EventView {
        id: &event.id,
        date: event.date.to_string(),
        date_human: event.date.human(),
        title_html: to_inline_html(&event.title),
        description_html: event.description.as_deref().map(to_html),
        refs: event.refs.iter().map(|&r| reference(dossier, r)).collect(),
    }
}

pub fn reference(dossier: &Dossier, reference: Ref) -> LinkView {
    let (label, url) = match reference {
        Ref::Article(i) => (
            dossier.articles[i].title.clone(),
            article_page(&dossier.articles[i].id),
        ),
        Ref::Person(i) => (
            dossier.people[i].name.clone(),
            person_page(&dossier.people[i].id),
        ),
        Ref::Claim(i) => (
            dossier.claims[i].statement.clone(),
            claim_page(&dossier.claims[i].id),
        ),
        Ref::Correction(i) => (
            format!(
                "{} of {}",
                dossier.corrections[i].kind.label(),
                dossier.corrections[i].date.human()
            ),
            format!("corrections/index.html#{}", dossier.corrections[i].id),
        ),
        Ref::Event(i) => (
            dossier.events[i].title.clone(),
            format!("timeline/index.html#{}", dossier.events[i].id),
        ),
    };
    LinkView { label, url }
}
