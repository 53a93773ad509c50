//! `dossier.yaml` resolved: its settings with their defaults, the rating scale and its index,
//! and the authors and methodology the about page shows.

use super::ids::{self, IdIndex};
use super::{text_of, url};
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::Loaded;
use crate::model::{Author, Config, Rating};

/// Settings from `dossier.yaml` with defaults, and the index of the rating scale.
pub(super) fn config(loaded: &Loaded, diagnostics: &mut Diagnostics) -> (Option<Config>, IdIndex) {
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
    let mut authors = Vec::new();
    for entry in file.authors.iter().flatten() {
        let name = entry.name.value.trim().to_string();
        if name.is_empty() {
            diagnostics.push(
                Diagnostic::error("empty-value", "an author's `name` is empty")
                    .at(source.at(&entry.name))
                    .help("give the name of one of the people who made the dossier, or remove the entry"),
            );
            continue;
        }
        let url = entry
            .url
            .as_ref()
            .and_then(|value| match url::check(&value.value) {
                Ok(url) => Some(url),
                Err(problem) => {
                    diagnostics
                        .push(super::fields::bad_url(&value.value, &problem).at(source.at(value)));
                    None
                }
            });
        authors.push(Author {
            name,
            role: text_of(&entry.role)
                .map(str::trim)
                .filter(|r| !r.is_empty())
                .map(str::to_string),
            url,
        });
    }
    let config = Config {
        title,
        description: text_of(&file.description).map(|d| d.trim().to_string()),
        base_url,
        language,
        theme,
        publisher: text_of(&file.publisher).map(|p| p.trim().to_string()),
        ratings,
        authors,
        methodology: text_of(&file.methodology)
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_string),
    };
    (Some(config), index)
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
