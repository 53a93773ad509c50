//! Helpers shared by the integration tests: running the binary, copying fixtures, reading
//! built pages.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use scraper::{ElementRef, Html, Selector};

pub mod w3c;
#[allow(unused_imports)]
pub use w3c::{assert_meets, json, w3c_assertions};

/// The repository root, which is also the example dossier.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures").join(name)
}

/// Runs `dossier` with `args`.
pub fn dossier(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .output()
        .expect("the dossier binary runs")
}

/// Builds `root` into `out` and returns the process output.
pub fn build(root: &Path, out: &Path) -> Output {
    build_with(root, out, &[])
}

/// Builds `root` into `out` for publication at `base_url`.
pub fn build_for(root: &Path, out: &Path, base_url: &str) -> Output {
    build_with(root, out, &["--base-url", base_url])
}

fn build_with(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    dossier(&args)
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Builds and asserts success.
pub fn build_ok(root: &Path, out: &Path) {
    let output = build(root, out);
    assert!(
        output.status.success(),
        "build of {} failed:\n{}",
        root.display(),
        stderr(&output)
    );
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of fixture `name` in `work`, to change without touching the original.
pub fn copy_fixture(name: &str, work: &Path) -> PathBuf {
    let root = work.join("dossier");
    copy_dir(&fixture(name), &root);
    root
}

/// Writes a template override into the dossier at `root`.
pub fn override_template(root: &Path, name: &str, text: &str) {
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("templates").join(name), text).unwrap();
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

pub fn page(site: &Path, path: &str) -> Html {
    let text = std::fs::read_to_string(site.join(path))
        .unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    Html::parse_document(&text)
}

pub fn select<'a>(html: &'a Html, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).unwrap();
    html.select(&selector).collect()
}

/// The elements under `element` that match `selector`.
pub fn select_in<'a>(element: &ElementRef<'a>, selector: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(selector).unwrap();
    element.select(&selector).collect()
}

/// The text of an element without the small links and margin notes placed after claims and
/// corrections.
pub fn reader_text(element: ElementRef) -> String {
    let mut text = String::new();
    for node in element.descendants() {
        if let Some(t) = node.value().as_text() {
            let in_note = node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    e.classes().any(|c| {
                        [
                            "note-ref",
                            "sidenote",
                            "inline-note",
                            "margin-toggle",
                            "shared-ref",
                        ]
                        .contains(&c)
                    })
                })
            });
            if !in_note {
                text.push_str(t);
            }
        }
    }
    text
}

/// The highlights of an article page as (kind, id, text) in document order. A highlight split
/// into several `<mark>` elements is joined back: its first piece carries the fragment id.
pub fn highlights(html: &Html) -> Vec<(String, String, String)> {
    let mut found: Vec<(String, String, String)> = Vec::new();
    for mark in select(html, ".article-body mark, .article-header mark") {
        let element = mark.value();
        let (kind, id) = ["person", "claim", "correction"]
            .iter()
            .find_map(|kind| {
                element
                    .attr(&format!("data-{kind}"))
                    .map(|id| (kind.to_string(), id.to_string()))
            })
            .expect("every mark names what it highlights");
        let text = reader_text(mark);
        if element.attr("id").is_some() {
            found.push((kind, id, text));
        } else {
            let previous = found
                .iter_mut()
                .rev()
                .find(|(k, i, _)| *k == kind && *i == id)
                .expect("a continued highlight follows its first piece");
            previous.2.push_str(&text);
        }
    }
    found
}

/// Collapses runs of white space, as a browser shows them.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
