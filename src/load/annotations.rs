//! Annotation files: the YAML shapes of `articles`, `people`, `claims`, `corrections` and
//! `events`, as written, with the place of every value.
//!
//! Unknown fields are errors (a misspelt field must not be silently ignored). Sections may be
//! empty or left out; a dossier splits them across files as it likes.

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

use super::SourceFile;
use super::yaml::Spanned;
use crate::model::{CorrectionKind, LayoutRole};

type Text = Spanned<String>;

/// One annotation file.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnnotationFile {
    #[serde(default, deserialize_with = "list")]
    pub articles: Vec<ArticleEntry>,
    #[serde(default, deserialize_with = "list")]
    pub people: Vec<PersonEntry>,
    #[serde(default, deserialize_with = "list")]
    pub claims: Vec<ClaimEntry>,
    #[serde(default, deserialize_with = "list")]
    pub corrections: Vec<CorrectionEntry>,
    #[serde(default, deserialize_with = "list")]
    pub events: Vec<EventEntry>,
}

/// An annotation file with where it came from.
#[derive(Debug)]
pub struct LoadedAnnotations {
    pub source: SourceFile,
    pub file: AnnotationFile,
}

/// A section written as `claims:` with nothing under it is an empty list.
fn list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(deserializer)?.unwrap_or_default())
}

/// Metadata for an article file; the file itself is never edited.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleEntry {
    /// Lowercase letters, digits and '-'; unique among articles.
    pub id: Text,
    /// The article file, from the dossier folder: `seeds/001.txt`.
    pub file: Text,
    /// The headline or, when the copy has none, a description of the article.
    pub title: Option<Text>,
    /// Who published it, as far as the record shows.
    pub publisher: Option<Text>,
    pub author: Option<Text>,
    /// YYYY-MM-DD (or YYYY-MM, or YYYY).
    pub published: Option<Text>,
    /// Where it was published.
    pub url: Option<Text>,
    /// Markdown: what the record shows about the article's provenance, and what it does not.
    pub notes: Option<Text>,
    #[serde(default, deserialize_with = "list")]
    pub layout: Vec<LayoutEntry>,
    /// The saved page the text was taken from, kept in the dossier (`dossier import` writes
    /// it): its file, its SHA-256, and when it was captured.
    pub capture: Option<CaptureEntry>,
}

/// A capture of the page an article was taken from, and its digest, checked on every build.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaptureEntry {
    /// The capture, from the dossier folder: `captures/page.html`.
    pub file: Text,
    /// The SHA-256 of the file's bytes, 64 lowercase hex digits.
    pub sha256: Text,
    /// When the page was captured: `2026-12-02T07:00:00Z`.
    pub captured: Option<Text>,
}

/// A span of the article's text with a layout role (headline, byline, ...).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LayoutEntry {
    /// The exact words of the span.
    pub quote: Text,
    pub prefix: Option<Text>,
    pub suffix: Option<Text>,
    pub role: Spanned<RoleName>,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RoleName {
    Headline,
    Standfirst,
    Byline,
    Dateline,
    Caption,
}

impl From<RoleName> for LayoutRole {
    fn from(role: RoleName) -> LayoutRole {
        match role {
            RoleName::Headline => LayoutRole::Headline,
            RoleName::Standfirst => LayoutRole::Standfirst,
            RoleName::Byline => LayoutRole::Byline,
            RoleName::Dateline => LayoutRole::Dateline,
            RoleName::Caption => LayoutRole::Caption,
        }
    }
}

/// A W3C TextQuoteSelector on one article: the quote, with prefix and suffix to choose among
/// repeats.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnchorEntry {
    /// The id of the article.
    pub article: Text,
    /// The article's exact words; curly or straight quotes, dashes and spacing may differ.
    pub quote: Text,
    /// The words right before the quote, to choose among repeats.
    pub prefix: Option<Text>,
    /// The words right after the quote, to choose among repeats.
    pub suffix: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    /// Lowercase letters, digits and '-'; unique among people.
    pub id: Text,
    /// The person's name; also found in the articles.
    pub name: Text,
    /// Other names found in every article as whole words (longest first).
    #[serde(default, deserialize_with = "list")]
    pub aliases: Vec<Text>,
    /// The person's role at the time of the story.
    pub role: Option<Text>,
    /// Markdown.
    pub description: Option<Text>,
    /// The same person elsewhere (a Wikidata page, an official page).
    #[serde(default, deserialize_with = "list")]
    pub same_as: Vec<Text>,
    /// Places the names do not catch ("the former senator").
    #[serde(default, deserialize_with = "list")]
    pub mentions: Vec<AnchorEntry>,
    /// Places where a name matches but means someone else.
    #[serde(default, deserialize_with = "list")]
    pub not_mentions: Vec<AnchorEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClaimEntry {
    /// Lowercase letters, digits and '-'; unique among claims.
    pub id: Text,
    /// The claim, in one sentence.
    pub statement: Text,
    /// The id of the person who made it.
    pub claimant: Option<Text>,
    /// Who made it, when that is an organisation or a group.
    pub claimant_name: Option<Text>,
    /// When it was made: YYYY-MM-DD (or YYYY-MM, or YYYY).
    pub date: Option<Text>,
    /// An id from the rating scale in dossier.yaml.
    pub rating: Text,
    /// When the rating was given: YYYY-MM-DD.
    pub reviewed: Option<Text>,
    /// Markdown: the evidence for the rating.
    pub explanation: Option<Text>,
    /// Where the claim is made: one anchor per place.
    #[serde(default, deserialize_with = "list")]
    pub appearances: Vec<AnchorEntry>,
    #[serde(default, deserialize_with = "list")]
    pub sources: Vec<SourceEntry>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub title: Text,
    pub url: Option<Text>,
    pub publisher: Option<Text>,
    pub date: Option<Text>,
    pub accessed: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectionEntry {
    /// Lowercase letters, digits and '-'; unique among corrections.
    pub id: Text,
    /// When the correction was made.
    pub date: Text,
    pub kind: Spanned<KindName>,
    pub target: TargetEntry,
    /// Markdown: what was wrong or unclear, and what is right.
    pub text: Text,
}

#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum KindName {
    Correction,
    Clarification,
    Update,
    RatingChange,
    Retraction,
}

impl From<KindName> for CorrectionKind {
    fn from(kind: KindName) -> CorrectionKind {
        match kind {
            KindName::Correction => CorrectionKind::Correction,
            KindName::Clarification => CorrectionKind::Clarification,
            KindName::Update => CorrectionKind::Update,
            KindName::RatingChange => CorrectionKind::RatingChange,
            KindName::Retraction => CorrectionKind::Retraction,
        }
    }
}

/// What a correction is about: a passage (`article` + `quote`), a whole article, a claim or a
/// person. Which combinations are allowed is checked when resolving, with a clear message.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TargetEntry {
    pub article: Option<Text>,
    pub quote: Option<Text>,
    pub prefix: Option<Text>,
    pub suffix: Option<Text>,
    pub claim: Option<Text>,
    pub person: Option<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventEntry {
    /// Lowercase letters, digits and '-'; unique among events.
    pub id: Text,
    /// YYYY-MM-DD (or YYYY-MM, or YYYY).
    pub date: Text,
    /// One line of Markdown.
    pub title: Text,
    /// Markdown; name the source.
    pub description: Option<Text>,
    /// Ids of the people, claims, articles, corrections or events involved (`kind:id` when
    /// an id names entries of two kinds).
    #[serde(default, deserialize_with = "list")]
    pub refs: Vec<Text>,
}
