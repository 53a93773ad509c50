//! Annotation files: the YAML shapes of `articles`, `people`, `claims`, `corrections` and
//! `events`, as written, with the place of every value.
//!
//! Unknown fields are errors (a misspelt field must not be silently ignored). Sections may be
//! empty or left out; a dossier splits them across files as it likes.

use serde::{Deserialize, Deserializer};

use super::SourceFile;
use super::yaml::Spanned;
use crate::model::{CorrectionKind, LayoutRole};

type Text = Spanned<String>;

/// One annotation file.
#[derive(Debug, Default, Deserialize)]
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleEntry {
    pub id: Text,
    pub file: Text,
    pub title: Option<Text>,
    pub publisher: Option<Text>,
    pub author: Option<Text>,
    pub published: Option<Text>,
    pub url: Option<Text>,
    /// Markdown: what the record shows about the article's provenance, and what it does not.
    pub notes: Option<Text>,
    #[serde(default, deserialize_with = "list")]
    pub layout: Vec<LayoutEntry>,
}

/// A span of the article's text with a layout role (headline, byline, ...).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutEntry {
    pub quote: Text,
    pub prefix: Option<Text>,
    pub suffix: Option<Text>,
    pub role: Spanned<RoleName>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnchorEntry {
    pub article: Text,
    pub quote: Text,
    pub prefix: Option<Text>,
    pub suffix: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonEntry {
    pub id: Text,
    pub name: Text,
    #[serde(default, deserialize_with = "list")]
    pub aliases: Vec<Text>,
    pub role: Option<Text>,
    pub description: Option<Text>,
    #[serde(default, deserialize_with = "list")]
    pub same_as: Vec<Text>,
    #[serde(default, deserialize_with = "list")]
    pub mentions: Vec<AnchorEntry>,
    #[serde(default, deserialize_with = "list")]
    pub not_mentions: Vec<AnchorEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClaimEntry {
    pub id: Text,
    pub statement: Text,
    pub claimant: Option<Text>,
    pub claimant_name: Option<Text>,
    pub date: Option<Text>,
    pub rating: Text,
    pub explanation: Option<Text>,
    #[serde(default, deserialize_with = "list")]
    pub appearances: Vec<AnchorEntry>,
    #[serde(default, deserialize_with = "list")]
    pub sources: Vec<SourceEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceEntry {
    pub title: Text,
    pub url: Option<Text>,
    pub publisher: Option<Text>,
    pub date: Option<Text>,
    pub accessed: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CorrectionEntry {
    pub id: Text,
    pub date: Text,
    pub kind: Spanned<KindName>,
    pub target: TargetEntry,
    pub text: Text,
}

#[derive(Debug, Clone, Copy, Deserialize)]
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
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetEntry {
    pub article: Option<Text>,
    pub quote: Option<Text>,
    pub prefix: Option<Text>,
    pub suffix: Option<Text>,
    pub claim: Option<Text>,
    pub person: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventEntry {
    pub id: Text,
    pub date: Text,
    pub title: Text,
    pub description: Option<Text>,
    #[serde(default, deserialize_with = "list")]
    pub refs: Vec<Text>,
}
