//! Rendering: the third stage of the pipeline. Turns the resolved [`Dossier`] into the site's
//! files with the theme's templates; it reads only the model, never the source files.

pub mod annotations;
pub mod article;
pub mod data;
pub mod feeds;
pub mod jsonld;
pub mod limits;
pub mod local_search;
pub mod markdown;
pub mod overlap;
pub mod pages;
pub mod search;
pub mod shared;
pub mod snippet;
pub mod templates;
pub mod urls;
pub mod views;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Dossier;
pub use templates::Theme;

/// A file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Relative to the site root, with `/` separators.
    pub path: String,
    pub contents: Vec<u8>,
}

/// Where rendered files go: the staging folder of a build, or the link checker of `check`.
/// It is called from several threads at once.
pub type Sink<'a> = dyn Fn(OutputFile) -> std::io::Result<()> + Sync + 'a;

/// Renders every page (in parallel), the files for other programs, the search index and the
/// theme's static files, handing each file to `sink` as soon as it is made: the site is never
/// held in memory whole. Template errors become diagnostics naming the template file and line;
/// a failure of the sink becomes a `write-failed` diagnostic. Returns how many files were made.
pub fn render(
    dossier: &Dossier,
    theme: &Theme,
    sink: &Sink,
    search_cache: &dyn search::SearchCache,
    diagnostics: &mut Diagnostics,
) -> usize {
    let kinds = pages::all(dossier);
    // The data files, the search index and the theme's files are made and written while the
    // pages render: the pages keep every thread busy, the rest fits in beside them.
    let (failures, (data_written, others_written)) = rayon::join(
        || render_pages(dossier, theme, &kinds, sink),
        || {
            rayon::join(
                || write_data_files(dossier, &kinds, sink),
                || write_search_and_static_files(dossier, theme, search_cache, sink),
            )
        },
    );
    let mut reported = std::collections::BTreeSet::new();
    // The same template error would otherwise repeat for every page of a kind.
    for diagnostic in failures.into_iter().flatten() {
        if reported.insert((diagnostic.location.clone(), diagnostic.message.clone())) {
            diagnostics.push(diagnostic);
        }
    }
    let (data_count, data_failure) = data_written;
    if let Some(error) = data_failure {
        diagnostics.push(write_failed(&error));
    }
    let (others_count, others_failure) = others_written;
    match others_failure {
        Some(OthersFailure::Search(message)) => diagnostics.push(
            Diagnostic::error("search-index", message)
                .help("this is a fault in dossier, not in the dossier: please report it"),
        ),
        Some(OthersFailure::Write(error)) => diagnostics.push(write_failed(&error)),
        None => {}
    }
    kinds.len() + data_count + others_count
}

/// Why the search index or the theme's files could not be written.
enum OthersFailure {
    Search(String),
    Write(std::io::Error),
}

/// Builds the search index (or takes its unchanged parts from the cache), then writes its
/// files and the theme's static files, thousands of them, in parallel. Returns how many were
/// written, and what failed.
fn write_search_and_static_files(
    dossier: &Dossier,
    theme: &Theme,
    search_cache: &dyn search::SearchCache,
    sink: &Sink,
) -> (usize, Option<OthersFailure>) {
    let (mut files, in_place) = match search::index(dossier, search_cache) {
        Ok(index) => (index.files, index.in_place),
        Err(message) => return (0, Some(OthersFailure::Search(message))),
    };
    files.extend(
        theme
            .static_files
            .iter()
            .map(|(path, contents)| OutputFile {
                path: path.clone(),
                contents: contents.clone(),
            }),
    );
    let count = files.len() + in_place;
    let failure = files
        .into_par_iter()
        .map(|file| sink(file).err())
        .find_map_any(|error| error);
    (count, failure.map(OthersFailure::Write))
}

/// Renders the pages in parallel, each handed to `sink` as it is done; returns the errors.
fn render_pages(
    dossier: &Dossier,
    theme: &Theme,
    kinds: &[pages::PageKind],
    sink: &Sink,
) -> Vec<Vec<Diagnostic>> {
    let limit = limits::site_limit(dossier.text_bytes);
    let total = std::sync::atomic::AtomicUsize::new(0);
    kinds
        .par_iter()
        .filter_map(|&kind| match render_page(dossier, theme, kind) {
            Ok(file) => {
                let size = file.contents.len();
                let before = total.fetch_add(size, std::sync::atomic::Ordering::Relaxed);
                if before <= limit && before + size > limit {
                    return Some(vec![
                        Diagnostic::error(
                            "template",
                            format!(
                                "template error: the pages come to more than {} MiB, far more than the dossier holds",
                                limit >> 20
                            ),
                        )
                        .help("check the templates' loops: a page shows what the dossier has"),
                    ]);
                }
                if before + size > limit {
                    return None;
                }
                sink(file).err().map(|error| vec![write_failed(&error)])
            }
            Err(errors) => Some(errors),
        })
        .collect()
}

/// Renders one page; a template error becomes diagnostics naming the template file and line.
pub fn render_page(
    dossier: &Dossier,
    theme: &Theme,
    kind: pages::PageKind,
) -> Result<OutputFile, Vec<Diagnostic>> {
    let page = pages::build(dossier, kind);
    let origin = theme
        .origins
        .get(page.template)
        .map_or(page.template, String::as_str);
    let mut html = limits::Bounded::new(limits::page_limit(dossier.text_bytes));
    let rendering = limits::rendering(origin);
    let rendered = theme
        .tera
        .render_to(page.template, &page.context, &mut html);
    drop(rendering);
    match rendered {
        Ok(()) => Ok(OutputFile {
            path: page.path,
            contents: html.buffer,
        }),
        Err(_) if html.exceeded.is_some() => Err(vec![
            Diagnostic::error(
                "template",
                format!(
                    "template error: `{}` made the page `{}` larger than {} MiB",
                    page.template,
                    page.path,
                    html.exceeded.map_or(0, |too_large| too_large.limit) >> 20
                ),
            )
            .at(crate::diagnostic::Location::file(origin))
            .help("a page holds what the dossier has: check the template's loops"),
        ]),
        Err(error) => Err(templates::template_errors(&error, &theme.origins)),
    }
}

/// The files for other programs, by path: data, annotations, feed, robots.txt and the sitemap.
pub const DATA_FILES: [&str; 6] = [
    "dossier.json",
    local_search::PATH,
    "annotations.jsonld",
    "feed.xml",
    "robots.txt",
    "sitemap.xml",
];

/// Whether the site of `dossier` has the file for other programs at `path`, one of
/// [`DATA_FILES`]: all but the sitemap, which needs the site's address, always do.
pub fn has_data_file(dossier: &Dossier, path: &str) -> bool {
    DATA_FILES.contains(&path) && (path != "sitemap.xml" || dossier.config.base_url.is_some())
}

/// Makes the file for other programs at `path` (one of [`DATA_FILES`]), or `None` when the
/// dossier has none there ([`has_data_file`]). `kinds` are the site's pages.
pub fn data_file(dossier: &Dossier, kinds: &[pages::PageKind], path: &str) -> Option<String> {
    if !has_data_file(dossier, path) {
        return None;
    }
    match path {
        "dossier.json" => Some(data::dossier_json(dossier)),
        "annotations.jsonld" => Some(annotations::annotations_jsonld(dossier)),
        "feed.xml" => Some(feeds::feed(dossier)),
        "robots.txt" => Some(feeds::robots(dossier)),
        local_search::PATH => Some(local_search::script(dossier)),
        "sitemap.xml" => {
            let page_paths: Vec<String> = kinds
                .iter()
                .map(|&kind| pages::path(dossier, kind))
                .collect();
            feeds::sitemap(dossier, &page_paths)
        }
        _ => None,
    }
}

/// Writes the files for other programs one at a time: the data files of a large dossier run
/// to hundreds of megabytes, so each is dropped before the next is made. Returns how many
/// were written, and the first failure.
fn write_data_files(
    dossier: &Dossier,
    kinds: &[pages::PageKind],
    sink: &Sink,
) -> (usize, Option<std::io::Error>) {
    let mut written = 0;
    for path in DATA_FILES {
        let Some(text) = data_file(dossier, kinds, path) else {
            continue;
        };
        let file = OutputFile {
            path: path.to_string(),
            contents: text.into_bytes(),
        };
        if let Err(error) = sink(file) {
            return (written, Some(error));
        }
        written += 1;
    }
    (written, None)
}

fn write_failed(error: &std::io::Error) -> Diagnostic {
    Diagnostic::error("write-failed", format!("cannot write the site: {error}"))
        .help("check that the output folder's parent exists and is writable; the previous site was left as it was")
}
