//! Bad input: each mutation of a good dossier fails the build with exit code 1 and a message
//! that names the file and line, and nothing is written.

mod common;

use std::path::Path;

use common::*;

/// Copies the newsroom fixture, applies `edit`, builds, and returns the messages.
fn build_broken(edit: impl FnOnce(&Path)) -> String {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    edit(&root);
    let site = root.join("site");
    let output = build(&root, &site);
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{messages}");
    assert!(!site.exists(), "a failed build wrote a site");
    messages
}

fn replace(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join(file);
    let text = String::from_utf8(std::fs::read(&path).unwrap()).unwrap();
    assert!(text.contains(from), "{from} not in {file}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

const CLAIMS: &str = "annotations/claims/budget.yaml";
const PEOPLE: &str = "annotations/people.yaml";

#[test]
fn a_quote_that_matches_several_places_lists_them() {
    let messages = build_broken(|root| {
        replace(
            root,
            CLAIMS,
            "quote: \"the budget cuts no services\", prefix: \"repeated that\"",
            "quote: \"cuts no services\"",
        );
    });
    assert!(messages.contains("error[anchor-ambiguous]"), "{messages}");
    assert!(
        messages.contains("matches 2 places in article `council-report`"),
        "{messages}"
    );
    assert!(
        messages.contains(&format!("--> {CLAIMS}:10:43")),
        "{messages}"
    );
    assert!(
        messages.contains("add a `prefix` or `suffix`"),
        "{messages}"
    );
}

#[test]
fn a_quote_that_matches_nowhere_is_an_error_not_a_guess() {
    let messages = build_broken(|root| {
        replace(
            root,
            CLAIMS,
            "quote: \"The figures do not add up.\"",
            "quote: \"The figures do not ad up.\"",
        );
    });
    assert!(messages.contains("error[anchor-not-found]"), "{messages}");
    assert!(
        messages.contains(&format!("--> {CLAIMS}:28:43")),
        "{messages}"
    );
    assert!(
        messages.contains("did you mean \"The figures do not add up"),
        "{messages}"
    );
}

#[test]
fn an_alias_claimed_by_two_people_names_both() {
    let messages = build_broken(|root| {
        replace(
            root,
            PEOPLE,
            "aliases: [Park, Councillor Sam Park]",
            "aliases: [Ortiz, Councillor Sam Park]",
        );
    });
    assert!(messages.contains("error[alias-conflict]"), "{messages}");
    assert!(
        messages.contains("`sam-park`") && messages.contains("`lena-ortiz`"),
        "{messages}"
    );
    assert!(messages.contains(&format!("--> {PEOPLE}:")), "{messages}");
}

#[test]
fn unknown_ids_suggest_the_closest() {
    let messages = build_broken(|root| {
        replace(root, CLAIMS, "rating: inaccurate", "rating: inacurate");
        replace(
            root,
            CLAIMS,
            "article: council-report, quote: \"The figures",
            "article: council-reprot, quote: \"The figures",
        );
    });
    assert!(
        messages.contains("unknown rating id `inacurate`"),
        "{messages}"
    );
    assert!(messages.contains("did you mean `inaccurate`"), "{messages}");
    assert!(
        messages.contains("unknown article id `council-reprot`"),
        "{messages}"
    );
    assert!(
        messages.contains("2 errors"),
        "both errors in one run: {messages}"
    );
}

#[test]
fn ids_that_could_reach_a_path_are_refused() {
    let messages = build_broken(|root| {
        replace(root, PEOPLE, "id: sam-park", "id: ../sam-park");
    });
    assert!(
        messages.contains("error[id-form]: `../sam-park` is not a valid person id"),
        "{messages}"
    );
    assert!(messages.contains(&format!("--> {PEOPLE}:")), "{messages}");
}

#[test]
fn duplicate_ids_across_files_name_both_places() {
    let messages = build_broken(|root| {
        std::fs::write(
            root.join("annotations/more.yaml"),
            "people:\n  - id: sam-park\n    name: Samuel Park\n",
        )
        .unwrap();
    });
    assert!(messages.contains("error[duplicate-id]"), "{messages}");
    assert!(messages.contains("annotations/more.yaml:2:9"), "{messages}");
    assert!(messages.contains(PEOPLE), "{messages}");
}

#[test]
fn impossible_dates_and_missing_files_are_errors() {
    let messages = build_broken(|root| {
        replace(root, CLAIMS, "date: 2024-05-03", "date: 2024-02-30");
        replace(
            root,
            "annotations/articles.yaml",
            "file: seeds/wire.txt",
            "file: seeds/wires.txt",
        );
    });
    assert!(
        messages.contains("`2024-02-30` is not a date: February 2024 has 29 days"),
        "{messages}"
    );
    assert!(
        messages.contains("article file `seeds/wires.txt` not found"),
        "{messages}"
    );
    assert!(
        messages.contains("did you mean seeds/wire.txt?"),
        "{messages}"
    );
}

#[test]
fn yaml_mistakes_point_at_the_line() {
    let messages = build_broken(|root| {
        replace(
            root,
            CLAIMS,
            "    claimant: sam-park\n    rating: accurate",
            "    claimant: sam-park\n   rating: accurate",
        );
    });
    assert!(messages.contains(&format!("--> {CLAIMS}:")), "{messages}");
    let messages = build_broken(|root| {
        replace(
            root,
            CLAIMS,
            "claimant: lena-ortiz",
            "claimaint: lena-ortiz",
        );
    });
    assert!(messages.contains("did you mean `claimant`?"), "{messages}");
    assert!(
        messages.contains(&format!("--> {CLAIMS}:4:5")),
        "{messages}"
    );
}

#[test]
fn article_files_that_are_not_utf8_name_the_byte() {
    let messages = build_broken(|root| {
        std::fs::write(root.join("seeds/latin1.txt"), b"Caf\xe9 society\n").unwrap();
    });
    assert!(
        messages.contains("`seeds/latin1.txt` is not UTF-8: invalid byte 0xE9 at offset 3"),
        "{messages}"
    );
    assert!(messages.contains("--> seeds/latin1.txt:1:4"), "{messages}");
}

#[test]
fn layout_spans_may_not_overlap() {
    let messages = build_broken(|root| {
        replace(
            root,
            "annotations/articles.yaml",
            "      - { quote: \"RIVERTON (Wire) -\", role: dateline }",
            "      - { quote: \"RIVERTON (Wire) -\", role: dateline }\n      - { quote: \"(Wire) - The council\", role: byline }",
        );
    });
    assert!(messages.contains("error[layout-overlap]"), "{messages}");
}
