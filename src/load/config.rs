//! `dossier.yaml`: the dossier's title, address, language, theme and rating scale.

use schemars::JsonSchema;
use serde::Deserialize;

use super::SourceFile;
use super::yaml::Spanned;

/// The file as written; defaults are applied when the model is built.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub title: Spanned<String>,
    pub description: Option<Spanned<String>>,
    pub base_url: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    pub theme: Option<Spanned<String>>,
    pub publisher: Option<Spanned<String>>,
    pub ratings: Option<Spanned<Vec<RatingEntry>>>,
    /// Who made the dossier, shown on its about page.
    pub authors: Option<Vec<AuthorEntry>>,
    /// How the dossier was made (sources, method, corrections policy), in Markdown, shown
    /// on its about page.
    pub methodology: Option<Spanned<String>>,
    /// Where `dossier serve` writes the entries made in its pages that have no file yet.
    pub new_entries: Option<NewEntriesFile>,
}

/// One annotation file per kind of entry, each under `annotations/`; each defaults to
/// `annotations/KIND.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntriesFile {
    pub articles: Option<Spanned<String>>,
    pub people: Option<Spanned<String>>,
    pub claims: Option<Spanned<String>>,
    pub corrections: Option<Spanned<String>>,
}

impl ConfigFile {
    /// The file new entries of section `kind` go to, as written or by default, relative to
    /// the dossier, with the place it was written (if it was).
    pub fn new_entries_file(&self, kind: &str) -> (String, Option<&Spanned<String>>) {
        let given = self.new_entries.as_ref().and_then(|files| match kind {
            "articles" => files.articles.as_ref(),
            "people" => files.people.as_ref(),
            "claims" => files.claims.as_ref(),
            "corrections" => files.corrections.as_ref(),
            _ => None,
        });
        match given {
            Some(path) => (path.value.trim().to_string(), Some(path)),
            None => (format!("annotations/{kind}.yaml"), None),
        }
    }
}

/// Whether `path` may receive new entries: a YAML file under `annotations/`, written
/// without `..` or a leading `/`.
pub fn is_annotation_path(path: &str) -> bool {
    crate::load::normal_path(path).is_some_and(|normal| {
        normal == path
            && normal.starts_with("annotations/")
            // The loader skips hidden files: an entry written there would never be read.
            && !normal.split('/').any(|part| part.starts_with('.'))
            && (normal.ends_with(".yaml") || normal.ends_with(".yml"))
    })
}

/// One of the people who made the dossier.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorEntry {
    pub name: Spanned<String>,
    /// What they did: "Research and annotation".
    pub role: Option<Spanned<String>>,
    /// A page about them.
    pub url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingEntry {
    pub id: Spanned<String>,
    pub label: Spanned<String>,
    /// What the rating means; shown under it.
    pub description: Option<Spanned<String>>,
}

/// `dossier.yaml` with where it came from.
#[derive(Debug)]
pub struct LoadedConfig {
    pub source: SourceFile,
    pub file: ConfigFile,
}

/// The scale used when `dossier.yaml` gives none, best first: the usual fact-checking
/// verdicts, then the two outcomes that are not verdicts on truth.
pub const DEFAULT_RATINGS: [(&str, &str, &str); 8] = [
    (
        "true",
        "True",
        "The statement is accurate and nothing significant is missing.",
    ),
    (
        "mostly-true",
        "Mostly true",
        "The statement is accurate but needs clarification or additional information.",
    ),
    (
        "half-true",
        "Half true",
        "The statement is partly accurate but leaves out important details or takes things out of context.",
    ),
    (
        "misleading",
        "Misleading",
        "The statement contains accurate elements but gives a false impression.",
    ),
    (
        "mostly-false",
        "Mostly false",
        "The statement contains an element of truth but ignores facts that would give a different impression.",
    ),
    ("false", "False", "The statement is not accurate."),
    (
        "unproven",
        "Unproven",
        "The evidence available neither establishes nor refutes the statement.",
    ),
    (
        "opinion",
        "Opinion",
        "A judgement or characterisation rather than a statement of fact that evidence can settle.",
    ),
];
