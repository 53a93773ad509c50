//! Times each stage of the pipeline on a dossier, page kinds apart: where a build's time goes.
//!
//! `cargo run --release --example stages -- DIR`
use std::time::Instant;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use dossier::diagnostic::Diagnostics;
use dossier::render::pages::{self, PageKind};

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("usage: stages DIR"));
    let mut diagnostics = Diagnostics::default();
    let mut files = dossier::load::FileCache::default();
    let mut scans = dossier::resolve::Kept::default();
    let started = Instant::now();
    let loaded = dossier::load::load_with(&root, &mut files, &mut diagnostics);
    println!("load      {:>8.1} ms", ms(started));
    let started = Instant::now();
    let dossier =
        dossier::resolve::resolve_with(&loaded, &mut scans, &mut diagnostics).expect("resolves");
    println!("resolve   {:>8.1} ms", ms(started));
    // Shared wording alone: the articles' words and the passages they share, found afresh;
    // then the scan for claims found unmarked, which every resolve makes.
    let started = Instant::now();
    let analysis = dossier::resolve::shared::SharedCache::default()
        .analyse(&dossier.articles, &dossier.config.language);
    println!(
        "  shared wording {:>8.1} ms ({} passages)",
        ms(started),
        analysis.shared.passages.len()
    );
    let started = Instant::now();
    let places = vec![dossier::diagnostic::Location::file("claims"); dossier.claims.len()];
    dossier::resolve::shared::unmarked::warn(
        &dossier.articles,
        &analysis.words,
        &dossier.claims,
        &places,
        &mut Diagnostics::default(),
    );
    println!("  claims unmarked {:>7.1} ms", ms(started));
    // Again, as `serve` does after an edit, with what the first load and resolve kept.
    let started = Instant::now();
    let loaded = dossier::load::load_with(&root, &mut files, &mut diagnostics);
    println!("load again    {:>8.1} ms", ms(started));
    let started = Instant::now();
    let again = dossier::resolve::resolve_with(&loaded, &mut scans, &mut diagnostics);
    println!("resolve again {:>8.1} ms", ms(started));
    drop(again);
    // `serve`'s rebuild after an edit that changed nothing, with everything kept.
    let mut rebuilder = dossier::serve::rebuild::Rebuilder::new(
        root.clone(),
        "http://127.0.0.1:4040/".into(),
        false,
    );
    for attempt in ["serve build", "serve rebuild", "serve rebuild"] {
        let rebuilt = rebuilder.rebuild(dossier::serve::rebuild::Change::Dossier);
        assert!(rebuilt.site.is_some());
        println!(
            "{attempt:<13} {:>8.1} ms",
            rebuilt.took.as_secs_f64() * 1000.0
        );
    }
    let started = Instant::now();
    let theme = dossier::render::templates::load(
        &root,
        &dossier.config.theme,
        &dossier::diagnostic::Location::file("dossier.yaml"),
        &mut diagnostics,
    )
    .expect("theme");
    println!("theme     {:>8.1} ms", ms(started));
    let kinds = pages::all(&dossier);
    let mut totals: std::collections::BTreeMap<String, (usize, f64, f64, usize)> =
        Default::default();
    for kind in kinds {
        let started = Instant::now();
        let page = pages::build(&dossier, kind);
        let built = ms(started);
        let started = Instant::now();
        let html = theme
            .tera
            .render(page.template, &page.context)
            .expect("renders");
        let rendered = ms(started);
        let name = match kind {
            PageKind::Article(_) => "article".to_string(),
            PageKind::Person(_) => "person".to_string(),
            PageKind::Claim(_) => "claim".to_string(),
            PageKind::Sources(_) => "sources".to_string(),
            other => format!("{other:?}"),
        };
        let entry = totals.entry(name).or_default();
        entry.0 += 1;
        entry.1 += built;
        entry.2 += rendered;
        entry.3 += html.len();
    }
    for (name, (count, built, rendered, bytes)) in totals {
        println!(
            "{name:<16} {count:>6} pages  context {built:>8.1} ms  template {rendered:>8.1} ms  {:>8} KB",
            bytes / 1024
        );
    }
    // The files for other programs, and the search index as a first build makes it (no part
    // to reuse), each on one thread but for the index's parts, built at once.
    let started = Instant::now();
    let json = dossier::render::data::dossier_json(&dossier);
    println!(
        "dossier.json       {:>8.1} ms  {:>8} KB",
        ms(started),
        json.len() / 1024
    );
    let started = Instant::now();
    let jsonld = dossier::render::annotations::annotations_jsonld(&dossier);
    println!(
        "annotations.jsonld {:>8.1} ms  {:>8} KB",
        ms(started),
        jsonld.len() / 1024
    );
    let started = Instant::now();
    let index = dossier::render::search::index(&dossier, &dossier::render::search::NoCache)
        .expect("indexes");
    let bytes: usize = index.files.iter().map(|f| f.contents.len()).sum();
    println!(
        "search index       {:>8.1} ms  {:>8} KB in {} files, {} parts",
        ms(started),
        bytes / 1024,
        index.files.len(),
        dossier::render::search::parts(&dossier)
    );
}

fn ms(started: Instant) -> f64 {
    started.elapsed().as_secs_f64() * 1000.0
}
