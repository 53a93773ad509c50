//! Checking the rendered site's internal links: every relative `href` and `src` must name a
//! file of the site, and every `#fragment` an `id` in it. Root-absolute links (`/x`) are
//! refused too, since they break when the site is published under a subpath.
//!
//! Pages are added as they are rendered and only their links and ids are kept, so
//! `dossier check` finds a broken link in a template override without writing anything.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::OutputFile;

/// The values of every `name="..."` (or `name='...'`) attribute in an HTML text.
fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let mut values = Vec::new();
    for quote in ['"', '\''] {
        let needle = format!(" {name}={quote}");
        let mut rest = html;
        while let Some(at) = rest.find(&needle) {
            let value_start = at + needle.len();
            let Some(length) = rest[value_start..].find(quote) else {
                break;
            };
            values.push(&rest[value_start..value_start + length]);
            rest = &rest[value_start + length..];
        }
    }
    values
}

fn unescape(value: &str) -> String {
    value
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// Resolves `target` against the folder of `page` (both relative to the site root); `None`
/// when it climbs above the root.
fn resolve(page: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    let mut path = parts.join("/");
    // A link to a folder means its index page.
    if target.ends_with('/') || target.is_empty() {
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str("index.html");
    }
    Some(path)
}

/// The links and ids of the pages seen so far; pages are added as they are rendered, and
/// only these small parts of them are kept.
#[derive(Default)]
pub struct LinkCheck {
    files: BTreeSet<String>,
    /// For each page: the targets of its links, and its ids.
    pages: BTreeMap<String, (Vec<String>, BTreeSet<String>)>,
}

impl LinkCheck {
    /// Notes a file of the site, and the links and ids of a page.
    pub fn add(&mut self, file: &OutputFile) {
        self.files.insert(file.path.clone());
        if !file.path.ends_with(".html") {
            return;
        }
        let Ok(html) = std::str::from_utf8(&file.contents) else {
            return;
        };
        let targets = attribute_values(html, "href")
            .into_iter()
            .chain(attribute_values(html, "src"))
            .map(unescape)
            .filter(|t| !(t.contains("://") || t.starts_with("mailto:") || t.starts_with("data:")))
            .collect();
        let ids = attribute_values(html, "id")
            .into_iter()
            .map(unescape)
            .collect();
        self.pages.insert(file.path.clone(), (targets, ids));
    }

    /// Reports every link that does not resolve.
    pub fn finish(self, diagnostics: &mut Diagnostics) {
        for (page, (targets, _)) in &self.pages {
            // The 404 page is served at any address; its links are relative to the root.
            let base = if page == "404.html" {
                "index.html"
            } else {
                page.as_str()
            };
            let mut reported = BTreeSet::new();
            for target in targets {
                let problem = if target.starts_with('/') {
                    Some(format!(
                        "`{page}` has a root-absolute link `{target}`, which breaks under a subpath"
                    ))
                } else {
                    let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
                    let path = path.split('?').next().unwrap_or(path);
                    let file = if path.is_empty() {
                        Some(page.clone())
                    } else {
                        resolve(base, path)
                    };
                    match file {
                        None => Some(format!(
                            "`{page}` links to `{target}`, above the site's root"
                        )),
                        Some(file) if !self.files.contains(&file) => Some(format!(
                            "`{page}` links to `{target}`, and there is no `{file}`"
                        )),
                        Some(file) if !fragment.is_empty() => match self.pages.get(&file) {
                            Some((_, ids)) if !ids.contains(fragment) => Some(format!(
                                "`{page}` links to `{target}`, and `{file}` has no id `{fragment}`"
                            )),
                            _ => None,
                        },
                        Some(_) => None,
                    }
                };
                if let Some(message) = problem
                    && reported.insert(message.clone())
                {
                    diagnostics.push(
                        Diagnostic::error("broken-link", message)
                            .help("check the template that makes this page (templates/ overrides the theme's)"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, html: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: html.as_bytes().to_vec(),
        }
    }

    #[test]
    fn resolves_relative_paths_and_folders() {
        assert_eq!(
            resolve("people/x/index.html", "../../claims/y/index.html").as_deref(),
            Some("claims/y/index.html")
        );
        assert_eq!(
            resolve("people/x/index.html", "../").as_deref(),
            Some("people/index.html")
        );
        assert_eq!(
            resolve("index.html", "people/").as_deref(),
            Some("people/index.html")
        );
        assert_eq!(resolve("index.html", "../x").as_deref(), None);
    }

    #[test]
    fn finds_missing_pages_fragments_and_root_absolute_links() {
        let files = [
            file(
                "index.html",
                "<a href=\"a/index.html#here\">a</a> <a href='a/index.html#gone'>b</a> <a href=\"/x\">c</a> <a href=\"b/\">d</a> <a href=\"https://example.org/\">e</a>",
            ),
            file(
                "a/index.html",
                "<p id=\"here\">x</p><link rel=\"stylesheet\" href=\"../style.css\">",
            ),
            file("style.css", ""),
        ];
        let mut links = LinkCheck::default();
        for file in &files {
            links.add(file);
        }
        let mut diagnostics = Diagnostics::default();
        links.finish(&mut diagnostics);
        let messages: Vec<String> = diagnostics
            .sorted()
            .iter()
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages.iter().any(|m| m.contains("has no id `gone`")));
        assert!(
            messages
                .iter()
                .any(|m| m.contains("root-absolute link `/x`"))
        );
        assert!(messages.iter().any(|m| m.contains("no `b/index.html`")));
    }
}
