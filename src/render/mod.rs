//! Rendering: the third stage of the pipeline. Turns the resolved [`Dossier`] into the site's
//! files with the theme's templates; it reads only the model, never the source files.

pub mod annotations;
pub mod article;
pub mod data;
pub mod feeds;
pub mod jsonld;
pub mod markdown;
pub mod pages;
pub mod search;
pub mod templates;
pub mod urls;
pub mod views;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Dossier;
pub use templates::Theme;

/// A file of the built site.
pub struct OutputFile {
    /// Relative to the site root, with `/` separators.
    pub path: String,
    pub contents: Vec<u8>,
}

/// Renders every page (in parallel) and adds the theme's static files. Template errors become
/// diagnostics naming the template file and line.
pub fn render(dossier: &Dossier, theme: &Theme, diagnostics: &mut Diagnostics) -> Vec<OutputFile> {
    let pages = pages::all(dossier);
    let results: Vec<Result<OutputFile, Vec<Diagnostic>>> = pages
        .par_iter()
        .map(|page| {
            theme
                .tera
                .render(page.template, &page.context)
                .map(|html| OutputFile {
                    path: page.path.clone(),
                    contents: html.into_bytes(),
                })
                .map_err(|error| templates::template_errors(&error, &theme.origins))
        })
        .collect();
    let mut files = Vec::with_capacity(results.len() + theme.static_files.len());
    let mut reported = std::collections::BTreeSet::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            // The same template error would otherwise repeat for every page of a kind.
            Err(found) => {
                for diagnostic in found {
                    if reported.insert((diagnostic.location.clone(), diagnostic.message.clone())) {
                        diagnostics.push(diagnostic);
                    }
                }
            }
        }
    }
    let pages: Vec<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut data = vec![
        ("dossier.json", data::dossier_json(dossier)),
        (
            "annotations.jsonld",
            annotations::annotations_jsonld(dossier),
        ),
        ("feed.xml", feeds::feed(dossier)),
        ("robots.txt", feeds::robots(dossier)),
    ];
    if let Some(sitemap) = feeds::sitemap(dossier, &pages) {
        data.push(("sitemap.xml", sitemap));
    }
    for (path, text) in data {
        files.push(OutputFile {
            path: path.to_string(),
            contents: text.into_bytes(),
        });
    }
    match search::index(dossier) {
        Ok(index) => files.extend(index),
        Err(message) => diagnostics.push(
            Diagnostic::error("search-index", message)
                .help("this is a fault in dossier, not in the dossier: please report it"),
        ),
    }
    for (path, contents) in &theme.static_files {
        files.push(OutputFile {
            path: path.clone(),
            contents: contents.clone(),
        });
    }
    files
}
