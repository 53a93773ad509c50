//! The import worked out before anything is written: for each page, its id, its seed file,
//! where its capture is kept and its entry ([`write`](super::write) then writes it).

use std::collections::HashSet;

use super::Options;
use super::capture::Capture;
use super::extract::{Extracted, extract};
use super::naming::{id_for, seed_file};
use crate::diagnostic::Diagnostic;
use crate::edit::{anchor_item, plain_or_quoted, quoted};
use crate::load::Loaded;
use crate::model::Dossier;
use crate::model::LayoutRole;
use crate::resolve::ids::{MAX_ID_LEN, is_valid_id};

/// What was done with one page.
#[derive(Debug)]
pub enum Outcome {
    Added {
        id: String,
        from: String,
        /// What the page did not say: "author", "date", ...
        missing: Vec<&'static str>,
    },
    /// The same capture is already in the dossier, as this article.
    AlreadyImported { id: String, from: String },
    /// The same capture as one given earlier in the command.
    Repeated { from: String, first: String },
    /// A page of a WARC or WACZ file not imported.
    Skipped {
        url: String,
        from: String,
        why: Skip,
    },
}

/// Why a page of a WARC or WACZ file is not imported.
#[derive(Debug)]
pub enum Skip {
    /// Too few words for an article: a frame, an advertisement, a redirect.
    NoArticle { words: usize },
    /// The capture holds the same address again (fetched twice), and the first is imported.
    Again,
}

/// The fewest words an article's body has. A page of a WARC or WACZ file with fewer (a frame,
/// an advertisement, a redirect) is taken for no article and skipped; a saved page, which the
/// user chose, needs only a sentence.
const FEWEST_WORDS: usize = 25;
const FEWEST_WORDS_SAVED: usize = 8;

pub(super) struct NewArticle {
    pub(super) seed: String,
    pub(super) text: String,
    /// Its entry's YAML lines.
    pub(super) entry: Vec<String>,
    /// The capture its entry names, under `captures/`.
    pub(super) capture: String,
}

pub struct Planned {
    pub(super) outcomes: Vec<Outcome>,
    pub(super) articles: Vec<NewArticle>,
    /// The captures to keep: their file under `captures/`, and their bytes.
    pub(super) captures: Vec<(String, Vec<u8>)>,
}

fn error(code: &'static str, message: String, help: &str) -> Diagnostic {
    Diagnostic::error(code, message).help(help.to_string())
}

/// The same address, ignoring a trailing slash and the scheme's case.
fn same_url(a: &str, b: &str) -> bool {
    let norm = |u: &str| u.trim().trim_end_matches('/').to_ascii_lowercase();
    norm(a) == norm(b)
}

pub fn plan(
    loaded: &Loaded,
    dossier: &Dossier,
    captures: &[(String, Capture)],
    options: &Options,
) -> Result<Planned, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    // By the capture and page they are about, to be told in the order they were given.
    let mut outcomes: Vec<((usize, usize), Outcome)> = Vec::new();
    let mut found: Vec<(usize, usize, Extracted)> = Vec::new();
    let mut given: Vec<(&str, &str)> = Vec::new();
    for (c, (from, capture)) in captures.iter().enumerate() {
        // A capture is imported whole: once any article names it, all of it is in.
        let done: Vec<_> = dossier
            .articles
            .iter()
            .filter(|a| {
                a.capture
                    .as_ref()
                    .is_some_and(|k| k.sha256 == capture.sha256)
            })
            .collect();
        if !done.is_empty() {
            for article in done {
                outcomes.push((
                    (c, 0),
                    Outcome::AlreadyImported {
                        id: article.id.clone(),
                        from: from.clone(),
                    },
                ));
            }
            continue;
        }
        if let Some((_, first)) = given.iter().find(|(sha, _)| *sha == capture.sha256) {
            outcomes.push((
                (c, 0),
                Outcome::Repeated {
                    from: from.clone(),
                    first: first.to_string(),
                },
            ));
            continue;
        }
        given.push((&capture.sha256, from));
        let several = capture.pages.len() > 1;
        let mut any = false;
        // The addresses of this capture's articles: a page fetched twice is imported once.
        let mut seen: Vec<String> = Vec::new();
        for (p, page) in capture.pages.iter().enumerate() {
            let extracted = match extract(&page.html, page.url.as_deref(), options.form) {
                Ok(extracted) => extracted,
                Err(why) => {
                    let page = page
                        .url
                        .as_deref()
                        .map(|u| format!(" ({u})"))
                        .unwrap_or_default();
                    errors.push(error(
                        "not-a-capture",
                        format!("`{from}`{page} cannot be imported: {why}"),
                        "save the page again from a browser, which writes what it shows",
                    ));
                    any = true;
                    continue;
                }
            };
            let fewest = if several {
                FEWEST_WORDS
            } else {
                FEWEST_WORDS_SAVED
            };
            if extracted.body_words < fewest {
                if several {
                    outcomes.push((
                        (c, p),
                        Outcome::Skipped {
                            url: page.url.clone().unwrap_or_default(),
                            from: from.clone(),
                            why: Skip::NoArticle {
                                words: extracted.body_words,
                            },
                        },
                    ));
                    continue;
                }
                errors.push(error(
                    "no-article",
                    format!(
                        "no article text found in `{from}` ({} words)",
                        extracted.body_words
                    ),
                    "import the page of the article itself, saved once it had loaded",
                ));
                continue;
            }
            any = true;
            if let Some(url) = extracted.url.as_ref().or(page.url.as_ref()) {
                if seen.iter().any(|u| same_url(u, url)) {
                    outcomes.push((
                        (c, p),
                        Outcome::Skipped {
                            url: url.clone(),
                            from: from.clone(),
                            why: Skip::Again,
                        },
                    ));
                    continue;
                }
                seen.push(url.clone());
            }
            found.push((c, p, extracted));
        }
        if !any && errors.is_empty() {
            errors.push(error(
                "no-article",
                format!("no page of `{from}` holds an article"),
                "import a capture of the article's own page",
            ));
        }
    }
    if options.id.is_some() && found.len() > 1 {
        errors.push(error(
            "one-id-many-pages",
            format!(
                "`--id` names one article, but {} pages are to be imported",
                found.len()
            ),
            "import the captures one at a time, each with its own `--id`",
        ));
    }
    if options.url.is_some() && found.len() > 1 {
        errors.push(error(
            "one-url-many-pages",
            format!(
                "`--url` gives one page's address, but {} pages are to be imported",
                found.len()
            ),
            "import the captures one at a time, or leave the addresses to the captures",
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut taken: HashSet<String> = dossier.articles.iter().map(|a| a.id.clone()).collect();
    let mut seeds: HashSet<String> = loaded
        .articles
        .iter()
        .map(|a| a.source.path.clone())
        .collect();
    let mut kept: Vec<(String, Vec<u8>)> = Vec::new();
    let mut articles = Vec::new();
    // The addresses imported so far in this command, and from which capture.
    let mut imported: Vec<(String, usize)> = Vec::new();
    for (c, p, extracted) in found {
        let (from, capture) = &captures[c];
        let page = &capture.pages[p];
        let url = match &options.url {
            Some(url) => Some(crate::resolve::url::check(url).map_err(|why| {
                vec![error(
                    "bad-url",
                    format!("`--url {url}` {why}"),
                    "give the page's http(s) address",
                )]
            })?),
            None => extracted
                .url
                .clone()
                .and_then(|u| crate::resolve::url::check(&u).ok()),
        };
        if options.id.is_none()
            && let Some(url) = &url
            && let Some(other) = dossier
                .articles
                .iter()
                .find(|a| a.url.as_deref().is_some_and(|u| same_url(u, url)))
        {
            errors.push(error(
                "already-in-dossier",
                format!(
                    "`{url}` is already in the dossier as the article `{}`",
                    other.id
                ),
                "to keep this new capture as an article of its own, give it an id with `--id`",
            ));
            continue;
        }
        if let Some(url) = &url
            && let Some((_, first)) = imported.iter().find(|(u, _)| same_url(u, url))
        {
            if *first == c {
                outcomes.push((
                    (c, p),
                    Outcome::Skipped {
                        url: url.clone(),
                        from: from.clone(),
                        why: Skip::Again,
                    },
                ));
            } else {
                errors.push(error(
                    "imported-twice",
                    format!("`{url}` is in both `{}` and `{from}`", captures[*first].0),
                    "import one capture of each page; to keep another as an article of its \
                     own, import it alone with `--id`",
                ));
            }
            continue;
        }
        if let Some(url) = &url {
            imported.push((url.clone(), c));
        }
        let id = match &options.id {
            Some(id) => {
                if !is_valid_id(id) {
                    errors.push(error(
                        "bad-id",
                        format!("`{id}` is not an id"),
                        "ids are lowercase letters, digits and `-`",
                    ));
                    continue;
                }
                if taken.contains(id) {
                    errors.push(error(
                        "duplicate-id",
                        format!("the dossier already has an article `{id}`"),
                        "choose another id with `--id`",
                    ));
                    continue;
                }
                id.clone()
            }
            None => {
                let base = id_for(url.as_deref(), extracted.title.as_deref());
                let mut id = base.clone();
                let mut n = 2;
                while taken.contains(&id) || seeds.contains(&seed_file(&id, options.form)) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                id
            }
        };
        debug_assert!(id.len() <= MAX_ID_LEN);
        let seed = seed_file(&id, options.form);
        if seeds.contains(&seed) || loaded.root.join(&seed).exists() {
            errors.push(error(
                "file-exists",
                format!("`{seed}` already exists"),
                "choose another id with `--id`",
            ));
            continue;
        }
        taken.insert(id.clone());
        seeds.insert(seed.clone());
        let capture_file = keep_capture(loaded, capture, &mut kept);
        let mut missing = Vec::new();
        for (what, value) in [
            ("title", &extracted.title),
            ("author", &extracted.author),
            ("date", &extracted.published),
            ("publisher", &extracted.publisher),
        ] {
            if value.is_none() {
                missing.push(what);
            }
        }
        if url.is_none() {
            missing.push("address");
        }
        let entry = entry_lines(
            &id,
            &seed,
            &extracted,
            url.as_deref(),
            &capture_file,
            capture,
            page.captured.as_deref(),
        );
        outcomes.push((
            (c, p),
            Outcome::Added {
                id: id.clone(),
                from: from.clone(),
                missing,
            },
        ));
        articles.push(NewArticle {
            seed,
            text: extracted.text,
            entry,
            capture: capture_file,
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    outcomes.sort_by_key(|(at, _)| *at);
    Ok(Planned {
        outcomes: outcomes.into_iter().map(|(_, o)| o).collect(),
        articles,
        captures: kept,
    })
}

/// Where `capture` is kept: a file under `captures/` with the same bytes if there is one,
/// else a new one named after it (with the digest's start when the name is taken).
fn keep_capture(loaded: &Loaded, capture: &Capture, kept: &mut Vec<(String, Vec<u8>)>) -> String {
    if let Some((name, _)) = kept.iter().find(|(_, bytes)| *bytes == capture.bytes) {
        return name.clone();
    }
    let safe: String = capture
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.').to_string();
    let safe = if safe.is_empty() {
        "capture".to_string()
    } else {
        safe
    };
    // Short enough for any file system with the digest's start and a hidden name around it.
    let safe = match safe.rsplit_once('.') {
        _ if safe.len() <= 100 => safe,
        Some((stem, ext)) if ext.len() <= 10 => format!("{}.{ext}", &stem[..80.min(stem.len())]),
        _ => safe[..90].to_string(),
    };
    let mut name = format!("captures/{safe}");
    let exists = |name: &str| {
        kept.iter().any(|(n, _)| n == name)
            || std::fs::symlink_metadata(loaded.root.join(name)).is_ok()
    };
    if exists(&name) {
        if std::fs::read(loaded.root.join(&name)).is_ok_and(|b| b == capture.bytes) {
            return name;
        }
        name = format!("captures/{}-{safe}", &capture.sha256[..12]);
    }
    kept.push((name.clone(), capture.bytes.clone()));
    name
}

#[allow(clippy::too_many_arguments)]
fn entry_lines(
    id: &str,
    seed: &str,
    found: &Extracted,
    url: Option<&str>,
    capture_file: &str,
    capture: &Capture,
    captured: Option<&str>,
) -> Vec<String> {
    let mut lines = vec![
        format!("- id: {}", plain_or_quoted(id)),
        format!("  file: {}", quoted(seed)),
    ];
    for (key, value) in [
        ("title", found.title.as_deref()),
        ("author", found.author.as_deref()),
        ("published", found.published.as_deref()),
        ("publisher", found.publisher.as_deref()),
        ("url", url),
    ] {
        if let Some(value) = value {
            let value = if key == "published" {
                plain_or_quoted(value)
            } else {
                quoted(value)
            };
            lines.push(format!("  {key}: {value}"));
        }
    }
    let mut capture_line = format!(
        "  capture: {{ file: {}, sha256: {}",
        quoted(capture_file),
        capture.sha256
    );
    if let Some(captured) = captured {
        capture_line.push_str(&format!(", captured: {}", quoted(captured)));
    }
    capture_line.push_str(" }");
    lines.push(capture_line);
    if !found.layout.is_empty() {
        lines.push("  layout:".to_string());
        for (anchor, role) in &found.layout {
            let role = format!("role: {}", LayoutRole::from(*role).name());
            lines.push(format!("    - {}", anchor_item(None, anchor, &role)));
        }
    }
    lines
}
