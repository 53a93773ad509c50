//! The theme: Tera templates and static files, compiled once per build.
//!
//! Templates come from three layers, each overriding the one before file by file: the default
//! theme built into the binary (so a dossier without a `themes/` folder still builds), the
//! dossier's `themes/NAME/`, and the dossier's own `templates/` and `static/`.

use std::collections::BTreeMap;
use std::path::Path;

use tera::Tera;

use crate::diagnostic::{Diagnostic, Diagnostics, Location, relative};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

/// The default theme's templates, built in.
const BUILTIN_TEMPLATES: &[(&str, &str)] = builtin!(
    "base.html",
    "index.html",
    "article.html",
    "people.html",
    "person.html",
    "claims.html",
    "claim.html",
    "corrections.html",
    "timeline.html",
    "sources.html",
    "pagination.html",
    "404.html",
    "search.html",
    "about.html",
    "claim_card.html",
);

/// The default theme's static files, built in: its style sheet, its one script, and the font
/// it embeds (Source Serif 4, under the SIL Open Font License, whose text goes with it).
macro_rules! builtin_static {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/static/", $name)))),*]
    };
}
const BUILTIN_STATIC: &[(&str, &[u8])] = builtin_static!(
    "style.css",
    "dossier.js",
    "fonts/OFL.txt",
    "fonts/source-serif-4-latin-wght-normal.woff2",
    "fonts/source-serif-4-latin-wght-italic.woff2",
    "fonts/source-serif-4-latin-ext-wght-normal.woff2",
    "fonts/source-serif-4-latin-ext-wght-italic.woff2",
);

/// Compiled templates and the static files to copy.
pub struct Theme {
    pub tera: Tera,
    /// Template name → file it came from (relative to the root, or `(built-in)`), for errors.
    pub origins: BTreeMap<String, String>,
    /// Output path → contents.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Output path → the file it came from, for errors.
    pub static_origins: BTreeMap<String, String>,
}

impl Theme {
    /// An error for each static file that would take the place of a file the build makes
    /// (`static/index.html`, `static/dossier.json`, anything under `pagefind/`): the two
    /// would silently replace each other.
    pub fn clashes(&self, dossier: &crate::model::Dossier) -> Vec<Diagnostic> {
        if self.static_origins.is_empty() {
            return Vec::new();
        }
        // Every file the build makes but the search index (a folder of its own), and every
        // folder that holds one: a static file may be neither, nor lie below a file.
        let mut files: std::collections::HashSet<String> = super::pages::all(dossier)
            .into_iter()
            .map(|kind| super::pages::path(dossier, kind))
            .collect();
        files.extend(super::DATA_FILES.iter().map(|f| f.to_string()));
        let folders: std::collections::HashSet<&str> = files
            .iter()
            .flat_map(|file| file.match_indices('/').map(move |(i, _)| &file[..i]))
            .collect();
        let mut found = Vec::new();
        for (path, origin) in &self.static_origins {
            let mut ancestors = path.match_indices('/').map(|(i, _)| &path[..i]);
            let what = if path == "pagefind" || path.starts_with("pagefind/") {
                Some("the search index".to_string())
            } else if files.contains(path) {
                Some(format!("`{path}`"))
            } else if folders.contains(path.as_str()) {
                Some(format!("the folder `{path}/` of the pages"))
            } else {
                ancestors
                    .find(|folder| files.contains(*folder))
                    .map(|file| format!("`{file}`"))
            };
            if let Some(what) = what {
                found.push(
                    Diagnostic::error(
                        "static-clash",
                        format!("the static file `{origin}` would replace {what}, which the build makes"),
                    )
                    .at(Location::new(origin.clone(), 1, 1))
                    .help("rename or move the static file; to change a page, override its template in templates/"),
                );
            }
        }
        found
    }
}

/// Loads the theme named in `dossier.yaml` with the dossier's overrides.
/// `named_at` is where `dossier.yaml` names the theme.
pub fn load(
    root: &Path,
    theme: &str,
    named_at: &Location,
    diagnostics: &mut Diagnostics,
) -> Option<Theme> {
    let mut sources: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    let mut static_files: BTreeMap<String, (String, Vec<u8>)> = BTreeMap::new();
    if theme == "default" {
        for (name, text) in BUILTIN_TEMPLATES {
            let origin = format!("(built-in default theme) {name}");
            sources.insert(name.to_string(), (origin, text.as_bytes().to_vec()));
        }
        for (name, bytes) in BUILTIN_STATIC {
            let origin = format!("(built-in default theme) {name}");
            static_files.insert(name.to_string(), (origin, bytes.to_vec()));
        }
    }
    // Theme names are folder names under themes/; a name that is not an id was already
    // reported with the settings, and never becomes a path.
    if !crate::resolve::ids::is_valid_id(theme) {
        return None;
    }
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "unknown-theme",
                format!("theme `{theme}` not found in themes/"),
            )
            .at(named_at.clone())
            .help("put the theme in themes/NAME/ or remove `theme:` to use the default"),
        );
        return None;
    }
    read_layer(
        root,
        &theme_dir.join("templates"),
        &mut sources,
        diagnostics,
    );
    read_layer(root, &root.join("templates"), &mut sources, diagnostics);
    read_layer(
        root,
        &theme_dir.join("static"),
        &mut static_files,
        diagnostics,
    );
    read_layer(root, &root.join("static"), &mut static_files, diagnostics);

    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    super::limits::register(&mut tera);
    let origins: BTreeMap<String, String> = sources
        .iter()
        .map(|(name, (origin, _))| (name.clone(), origin.clone()))
        .collect();
    let mut templates: Vec<(String, String)> = Vec::with_capacity(sources.len());
    for (name, (origin, bytes)) in sources {
        match String::from_utf8(bytes) {
            Ok(text) => templates.push((name, text)),
            Err(_) => diagnostics.push(
                Diagnostic::error("not-utf8", format!("template `{origin}` is not UTF-8"))
                    .at(Location::file(origin)),
            ),
        }
    }
    if let Err(error) =
        tera.add_raw_templates(templates.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        for diagnostic in template_errors(&error, &origins) {
            diagnostics.push(diagnostic);
        }
        return None;
    }
    let static_origins = static_files
        .iter()
        .filter(|(_, (origin, _))| !origin.starts_with("(built-in"))
        .map(|(name, (origin, _))| (name.clone(), origin.clone()))
        .collect();
    let static_files = static_files
        .into_iter()
        .map(|(name, (_, bytes))| (name, bytes))
        .collect();
    Some(Theme {
        tera,
        origins,
        static_files,
        static_origins,
    })
}

/// Adds every file under `dir` (by its path below `dir`) to `layer`, as (origin, bytes).
/// Files are read only inside the dossier ([`crate::load::Fence`]).
fn read_layer(
    root: &Path,
    dir: &Path,
    layer: &mut BTreeMap<String, (String, Vec<u8>)>,
    diagnostics: &mut Diagnostics,
) {
    let fence = crate::load::Fence::new(root);
    for path in fence.files_under(dir, diagnostics) {
        let name = relative(dir, &path);
        let origin = relative(root, &path);
        match fence.read(&path, "file-unreadable") {
            Ok(bytes) => {
                layer.insert(name, (origin, bytes));
            }
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
}

/// A Tera error as diagnostics at the template's file and line. Tera reports several
/// problems found while checking templates as one message of rendered reports
/// (`error: ...` then ` --> name:line:column`); each becomes a diagnostic of its own.
pub fn template_errors(error: &tera::Error, origins: &BTreeMap<String, String>) -> Vec<Diagnostic> {
    let origin = |name: &str| {
        origins
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_string())
    };
    let help = "fix the template, or delete the override to use the theme's own";
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            vec![
                Diagnostic::error("template", format!("template error: {}", report.message()))
                    .at(Location::new(
                        origin(report.filename()),
                        span.start_line,
                        span.start_col + 1,
                    ))
                    .help(help),
            ]
        }
        tera::ErrorKind::Msg(text) => {
            let mut found = Vec::new();
            let mut message: Option<&str> = None;
            for line in text.lines() {
                if let Some(rest) = line.strip_prefix("error: ") {
                    message = Some(rest);
                } else if let (Some(place), Some(text)) =
                    (line.trim_start().strip_prefix("--> "), message)
                {
                    let mut parts = place.rsplitn(3, ':');
                    let column = parts.next().and_then(|c| c.parse().ok()).unwrap_or(0);
                    let line_number = parts.next().and_then(|l| l.parse().ok()).unwrap_or(0);
                    let name = parts.next().unwrap_or(place);
                    found.push(
                        Diagnostic::error("template", format!("template error: {text}"))
                            .at(Location::new(origin(name), line_number, column))
                            .help(help),
                    );
                    message = None;
                }
            }
            if found.is_empty() {
                found.push(
                    Diagnostic::error("template", format!("template error: {text}")).help(help),
                );
            }
            found
        }
        other => vec![
            Diagnostic::error("template", format!("template error: {other}"))
                .help("check the templates/ folder and the theme's templates"),
        ],
    }
}
