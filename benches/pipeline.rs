//! The stages of the pipeline, one at a time, on a synthetic dossier of 300 articles (the
//! generator of `examples/gen.rs`): loading, resolving (anchoring every quote and alias), and
//! rendering the whole site into memory. `cargo bench` runs them; scripts/bench.sh times whole
//! builds against Hugo.

use std::path::Path;

use criterion::{Criterion, criterion_group, criterion_main};
use dossier::diagnostic::Diagnostics;
use dossier::pipeline::{self, BuildOptions};
use dossier::render::search::NoCache;

#[path = "../examples/gen.rs"]
#[allow(dead_code)]
mod generator;

const ARTICLES: usize = 300;

fn stages(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    generator::generate(ARTICLES, dir.path());
    let root = dir.path().join("dossier");
    let root: &Path = &root;

    let mut group = c.benchmark_group(format!("{ARTICLES} articles"));
    group.sample_size(20);

    group.bench_function("load", |b| {
        b.iter(|| {
            let mut diagnostics = Diagnostics::default();
            dossier::load::load(root, &mut diagnostics)
        })
    });

    let mut diagnostics = Diagnostics::default();
    let loaded = dossier::load::load(root, &mut diagnostics);
    group.bench_function("resolve and anchor", |b| {
        b.iter(|| {
            let mut diagnostics = Diagnostics::default();
            dossier::resolve::resolve(&loaded, &mut diagnostics).expect("the dossier resolves")
        })
    });

    let options = BuildOptions {
        root: root.to_path_buf(),
        out: dir.path().join("site"),
        base_url: None,
    };
    let (model, theme) =
        pipeline::prepare(&options, &mut Diagnostics::default()).expect("the dossier builds");
    group.bench_function("render into memory, search index included", |b| {
        b.iter(|| {
            let mut diagnostics = Diagnostics::default();
            pipeline::render_in_memory(&model, &theme, &NoCache, &mut diagnostics)
                .expect("the site renders")
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
