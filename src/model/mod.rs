//! The resolved dossier: plain data, every reference checked and every anchor placed.
//!
//! Resolving produces a [`Dossier`]; rendering, the checker and the server read it and never
//! go back to the files. Cross references are indices into the dossier's vectors, so a
//! person's mentions or a claim's appearances are found without searching.

pub mod date;
pub mod shared;
pub mod text;

use std::ops::Range;

pub use date::Date;
pub use shared::SharedWording;
pub use text::ArticleText;

/// Everything a site is rendered from.
#[derive(Debug, Clone)]
pub struct Dossier {
    pub config: Config,
    pub articles: Vec<Article>,
    pub people: Vec<Person>,
    pub claims: Vec<Claim>,
    pub corrections: Vec<Correction>,
    pub events: Vec<Event>,
    /// The passages articles share; kept by `serve` while no article's text changes.
    pub shared: std::sync::Arc<SharedWording>,
    /// The bytes of every article's text: what bounds a page's size (`render::limits`).
    pub text_bytes: usize,
}

/// Settings from `dossier.yaml`, with defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub description: Option<String>,
    /// Always ends with `/` when set.
    pub base_url: Option<String>,
    pub language: String,
    pub theme: String,
    pub publisher: Option<String>,
    /// The rating scale, best first.
    pub ratings: Vec<Rating>,
    /// Who made the dossier.
    pub authors: Vec<Author>,
    /// How the dossier was made, in Markdown, for its about page.
    pub methodology: Option<String>,
}

/// One of the people who made the dossier.
#[derive(Debug, Clone, PartialEq)]
pub struct Author {
    pub name: String,
    /// What they did: "Research and annotation".
    pub role: Option<String>,
    /// Checked by the one URL validator.
    pub url: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rating {
    pub id: String,
    pub label: String,
    pub description: String,
}

/// The role of a span of an article that is not body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LayoutRole {
    Headline,
    Standfirst,
    Byline,
    Dateline,
    Caption,
}

impl LayoutRole {
    pub fn name(self) -> &'static str {
        match self {
            LayoutRole::Headline => "headline",
            LayoutRole::Standfirst => "standfirst",
            LayoutRole::Byline => "byline",
            LayoutRole::Dateline => "dateline",
            LayoutRole::Caption => "caption",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    /// Path of the source file, relative to the dossier root, with `/` separators.
    pub file: String,
    pub title: String,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub published: Option<Date>,
    pub url: Option<String>,
    /// Markdown: the editor's notes on the article's provenance.
    pub notes: Option<String>,
    /// Shared with the loaded file, which `serve` keeps between rebuilds.
    pub text: std::sync::Arc<ArticleText>,
    /// The saved page the text was taken from, its digest checked.
    pub capture: Option<Capture>,
    /// Spans with a layout role, sorted by start; they never overlap.
    pub layout: Vec<LayoutSpan>,
    /// Annotated spans, sorted by start (longer first at equal starts).
    pub highlights: Vec<Highlight>,
}

/// A capture kept in the dossier, whose bytes match `sha256`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Capture {
    /// From the dossier folder, with `/`.
    pub file: String,
    /// Lowercase hex.
    pub sha256: String,
    /// RFC 3339, UTC.
    pub captured: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LayoutSpan {
    pub role: LayoutRole,
    pub range: Range<usize>,
}

/// An annotated span of an article's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Highlight {
    pub range: Range<usize>,
    pub target: HighlightTarget,
    /// The fragment id of this span on the article page, unique within the page.
    pub fragment: String,
}

/// What a highlight points at: indices into the dossier's vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum HighlightTarget {
    Person(usize),
    Claim(usize),
    Correction(usize),
}

/// A place in an article: the article's index and the highlight's index in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub article: usize,
    pub highlight: usize,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub role: Option<String>,
    /// Markdown, rendered and sanitised at render time.
    pub description: Option<String>,
    pub same_as: Vec<String>,
    /// Every place the person is mentioned, in article order then text order.
    pub mentions: Vec<Place>,
    /// The claims the person made (indices into the claims).
    pub claims_made: Vec<usize>,
    /// The claims about the person: one of their appearances contains a mention of them.
    pub claims_about: Vec<usize>,
}

/// Who made a claim: a person of the dossier, or a named organisation or group.
#[derive(Debug, Clone, PartialEq)]
pub enum Claimant {
    Person(usize),
    Named(String),
    Unknown,
}

#[derive(Debug, Clone)]
pub struct Claim {
    pub id: String,
    pub statement: String,
    pub claimant: Claimant,
    pub date: Option<Date>,
    /// Index into the rating scale.
    pub rating: usize,
    /// When the rating was given.
    pub reviewed: Option<Date>,
    /// Markdown.
    pub explanation: Option<String>,
    /// Each appearance, in the order the annotations list them.
    pub appearances: Vec<Place>,
    pub sources: Vec<Source>,
}

/// A source cited for a claim's verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub date: Option<Date>,
    pub accessed: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum CorrectionKind {
    Correction,
    Clarification,
    Update,
    RatingChange,
    Retraction,
}

impl CorrectionKind {
    pub fn name(self) -> &'static str {
        match self {
            CorrectionKind::Correction => "correction",
            CorrectionKind::Clarification => "clarification",
            CorrectionKind::Update => "update",
            CorrectionKind::RatingChange => "rating-change",
            CorrectionKind::Retraction => "retraction",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CorrectionKind::Correction => "Correction",
            CorrectionKind::Clarification => "Clarification",
            CorrectionKind::Update => "Update",
            CorrectionKind::RatingChange => "Rating change",
            CorrectionKind::Retraction => "Retraction",
        }
    }
}

/// What a correction is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorrectionTarget {
    /// A passage of an article.
    Passage(Place),
    /// An article as a whole.
    Article(usize),
    Claim(usize),
    Person(usize),
}

#[derive(Debug, Clone)]
pub struct Correction {
    pub id: String,
    pub date: Date,
    pub kind: CorrectionKind,
    pub target: CorrectionTarget,
    /// Markdown.
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub date: Date,
    pub title: String,
    /// Markdown.
    pub description: Option<String>,
    pub refs: Vec<Ref>,
}

/// A reference from an event to anything else in the dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ref {
    Article(usize),
    Person(usize),
    Claim(usize),
    Correction(usize),
    Event(usize),
}

impl Dossier {
    /// The text of a highlighted place, as it stands in the article.
    pub fn place_text(&self, place: Place) -> &str {
        let article = &self.articles[place.article];
        &article.text.text[article.highlights[place.highlight].range.clone()]
    }
}
