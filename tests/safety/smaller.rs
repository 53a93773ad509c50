//! The smaller cases: ids from annotation Markdown, a rating without a description, a path
//! written with a doubled slash, and what a failed build says about the site it left.

use std::collections::HashSet;

use crate::common::*;

fn replace(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn an_id_in_annotation_markdown_cannot_take_over_one_of_the_sites() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    replace(
        &root.join("annotations/claims/budget.yaml"),
        "text: The vote was on Wednesday 1 May.",
        "text: \"The vote was on <a id=\\\"fix-wire-vote\\\" href=\\\"https://example.org/\\\">Wednesday</a> <span id=\\\"content\\\">1 May</span>.\"",
    );
    let out = work.path().join("site");
    build_ok(&root, &out);
    for (path, bytes) in snapshot(&out) {
        if !path.ends_with(".html") {
            continue;
        }
        let html = scraper::Html::parse_document(&String::from_utf8(bytes).unwrap());
        let mut seen = HashSet::new();
        for element in select(&html, "[id]") {
            let id = element.value().attr("id").unwrap();
            assert!(seen.insert(id.to_string()), "{path}: id `{id}` twice");
        }
    }
    let corrections = std::fs::read_to_string(out.join("corrections/index.html")).unwrap();
    assert!(
        corrections.contains("Wednesday</a>"),
        "the note is kept, without its ids"
    );
}

#[test]
fn a_rating_needs_only_an_id_and_a_label() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    replace(
        &root.join("dossier.yaml"),
        "{ id: unclear, label: Unclear, description: The record does not settle it. }",
        "{ id: unclear, label: Unclear }",
    );
    let out = work.path().join("site");
    let output = build(&root, &out);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        !stderr(&output).contains("description"),
        "{}",
        stderr(&output)
    );
    let claim = page(&out, "claims/figures-add-up/index.html");
    assert!(select(&claim, ".rating-description").is_empty());
    assert!(
        !select(
            &page(&out, "claims/no-cuts/index.html"),
            ".rating-description"
        )
        .is_empty()
    );
}

#[test]
fn an_article_path_with_a_doubled_slash_is_the_same_path() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    replace(
        &root.join("annotations/articles.yaml"),
        "file: seeds/wire.txt",
        "file: ./seeds//wire.txt",
    );
    let out = work.path().join("site");
    let output = build(&root, &out);
    assert!(output.status.success(), "{}", stderr(&output));
    let wire = std::fs::read_to_string(out.join("articles/wire/index.html")).unwrap();
    assert!(wire.contains("Riverton council votes 7-2 for budget"));
}

#[test]
fn a_failed_build_says_whether_a_previous_site_was_kept() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    replace(
        &root.join("annotations/people.yaml"),
        "name: Sam Park",
        "name: \"\"",
    );
    let out = work.path().join("site");
    let output = build(&root, &out);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("nothing was written to"),
        "{}",
        stderr(&output)
    );
    assert!(!stderr(&output).contains("previous site"));
    replace(
        &root.join("annotations/people.yaml"),
        "name: \"\"",
        "name: Sam Park",
    );
    build_ok(&root, &out);
    replace(
        &root.join("annotations/people.yaml"),
        "name: Sam Park",
        "name: \"\"",
    );
    let output = build(&root, &out);
    assert!(
        stderr(&output).contains("the previous site in"),
        "{}",
        stderr(&output)
    );
}
