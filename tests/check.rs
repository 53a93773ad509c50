//! `dossier check`, `dossier schema` and `dossier init`.

mod common;

use std::path::Path;

use common::*;

fn check(root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--root", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    dossier(&args)
}

fn broken_newsroom(work: &Path) -> std::path::PathBuf {
    let root = copy_fixture("newsroom", work);
    let claims = root.join("annotations/claims/budget.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    let text = text
        .replace("claimant: sam-park", "claimant: sam-parc")
        .replace("rating: inaccurate", "rating: wrong")
        .replace("date: 2024-05-03", "date: 2024-13-03");
    std::fs::write(&claims, text).unwrap();
    root
}

#[test]
fn good_dossiers_check_clean_and_nothing_is_written() {
    for root in [repo_root(), fixture("newsroom")] {
        let before: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        let output = check(&root, &["--deny-warnings"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stderr(&output).contains("anchors placed"));
        let after: Vec<_> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(before, after);
    }
}

#[test]
fn every_error_is_reported_in_one_run() {
    let work = tempfile::tempdir().unwrap();
    let root = broken_newsroom(work.path());
    let output = check(&root, &[]);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    assert!(
        messages.contains("unknown person id `sam-parc`"),
        "{messages}"
    );
    assert!(messages.contains("unknown rating id `wrong`"), "{messages}");
    assert!(messages.contains("there is no month 13"), "{messages}");
    assert!(messages.contains("4 errors"), "{messages}");
    assert!(!root.join("site").exists());
}

#[test]
fn json_output_is_one_array_of_diagnostics() {
    let work = tempfile::tempdir().unwrap();
    let root = broken_newsroom(work.path());
    let output = check(&root, &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("stdout is JSON");
    let items = json.as_array().unwrap();
    assert_eq!(items.len(), 4);
    for item in items {
        for field in [
            "file", "line", "column", "end", "severity", "code", "message", "help",
        ] {
            assert!(item.get(field).is_some(), "{field} missing in {item}");
        }
        assert_eq!(item["file"], "annotations/claims/budget.yaml");
        assert_eq!(item["severity"], "error");
    }
    let unknown = items
        .iter()
        .find(|i| i["code"] == "unknown-id" && i["message"].as_str().unwrap().contains("sam-parc"))
        .unwrap();
    assert_eq!(unknown["line"], 16);
    assert_eq!(unknown["column"], 15);
    assert_eq!(unknown["end"]["column"], 23);
    assert_eq!(unknown["help"], "did you mean `sam-park`?");
}

#[test]
fn warnings_fail_only_when_denied() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let people = root.join("annotations/people.yaml");
    let text = std::fs::read_to_string(&people).unwrap();
    std::fs::write(
        &people,
        text.replace("aliases: [Park,", "aliases: [Parks, Park,"),
    )
    .unwrap();
    let output = check(&root, &[]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stderr(&output)
            .contains("warning[alias-unused]: alias \"Parks\" of `sam-park` matches nowhere")
    );
    assert_eq!(check(&root, &["--deny-warnings"]).status.code(), Some(1));
    let output = check(&root, &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json[0]["severity"], "warning");
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(
        dossier(&["check", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(dossier(&["init"]).status.code(), Some(2));
}

/// Reads a YAML file into JSON for schema validation.
fn yaml_as_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_schema_accepts_good_annotation_files_and_names_bad_fields() {
    let output = dossier(&["schema"]);
    assert!(output.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("a valid JSON Schema");
    for root in [
        repo_root().join("annotations"),
        fixture("newsroom").join("annotations"),
    ] {
        for entry in walkdir::WalkDir::new(root) {
            let path = entry.unwrap().into_path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let errors: Vec<String> = validator
                    .iter_errors(&yaml_as_json(&path))
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            }
        }
    }
    let bad = serde_json::json!({"claims": [{"id": "a", "statement": "s", "rating": "true", "claimaint": "x"}]});
    assert!(!validator.is_valid(&bad));
    let config = dossier(&["schema", "--config"]);
    let config: serde_json::Value = serde_json::from_slice(&config.stdout).unwrap();
    let validator = jsonschema::validator_for(&config).unwrap();
    assert!(validator.is_valid(&yaml_as_json(&repo_root().join("dossier.yaml"))));
}

#[test]
fn init_makes_a_dossier_that_checks_clean_and_builds() {
    let work = tempfile::tempdir().unwrap();
    let root = work.path().join("new");
    let output = dossier(&["init", root.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let output = check(&root, &["--deny-warnings"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    build_ok(&root, &root.join("site"));
    let claim =
        std::fs::read_to_string(root.join("site/claims/library-costs-nothing/index.html")).unwrap();
    assert!(claim.contains("will cost taxpayers nothing"));
    // The schema written beside the annotations is the one `dossier schema` prints.
    let written = std::fs::read(root.join("dossier-schema.json")).unwrap();
    assert_eq!(written, dossier(&["schema"]).stdout);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("notes.txt"), "mine").unwrap();
    let output = dossier(&["init", work.path().to_str().unwrap()]);
    // Naming a folder that is taken is a usage error.
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not empty"));
    assert_eq!(std::fs::read_dir(work.path()).unwrap().count(), 1);
    assert_eq!(
        std::fs::read_to_string(work.path().join("notes.txt")).unwrap(),
        "mine"
    );
}

#[test]
fn broken_internal_links_in_templates_are_found() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    override_template(
        &root,
        "people.html",
        "{% extends \"base.html\" %}{% block content %}<a href=\"{{ root }}nowhere/index.html\">x</a> <a href=\"/people/\">y</a> <a href=\"{{ root }}index.html#no-such-id\">z</a>{% endblock content %}",
    );
    let output = check(&root, &[]);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    assert!(
        messages
            .contains("error[broken-link]: `people/index.html` links to `../nowhere/index.html`"),
        "{messages}"
    );
    assert!(
        messages.contains("root-absolute link `/people/`"),
        "{messages}"
    );
    assert!(messages.contains("has no id `no-such-id`"), "{messages}");
}
