//! Inputs that once made a build run without bound: each now finishes, in time that grows
//! with the input (or stops at a bound with an error naming the file). The deadlines here are
//! guards against a build that never ends, generous for a debug build on a slow machine; the
//! figures themselves are measured by `scripts/hostile.sh`.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::common::*;

/// Runs `dossier args`, failing the test if it has not finished within `seconds`.
fn within(seconds: u64, args: &[&str]) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    // The pipes are read while it runs, so that a long report never blocks it.
    let (done, finished) = std::sync::mpsc::channel();
    std::thread::spawn(move || done.send(child.wait_with_output()));
    match finished.recv_timeout(Duration::from_secs(seconds)) {
        Ok(output) => output.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
            panic!("`dossier {}` ran past {seconds} s", args.join(" "));
        }
    }
}

fn build_within(seconds: u64, root: &Path) -> Output {
    within(
        seconds,
        &["build", "--quiet", "--root", root.to_str().unwrap()],
    )
}

#[test]
fn two_megabytes_of_markdown_on_one_line_build() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let sentence = "Some *emphasis* and a [link](https://example.org/) and `code` here. ";
    std::fs::write(root.join("seeds/long.md"), sentence.repeat(30_000) + "\n").unwrap();
    let output = build_within(120, &root);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(root.join("site/articles/long/index.html")).unwrap();
    assert_eq!(page.matches("<em>emphasis</em>").count(), 30_000);
}

#[test]
fn tens_of_thousands_of_mentions_in_one_paragraph_build() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let sentence = "Smith said the council met again today and Park left. ";
    std::fs::write(root.join("seeds/long.txt"), sentence.repeat(40_000) + "\n").unwrap();
    let people = root.join("annotations/people.yaml");
    let mut text = std::fs::read_to_string(&people).unwrap();
    text.push_str("  - id: smith\r\n    name: John Smith\r\n    aliases: [Smith]\r\n");
    std::fs::write(&people, text).unwrap();
    let output = build_within(120, &root);
    assert!(output.status.success(), "{}", stderr(&output));
    let page = std::fs::read_to_string(root.join("site/articles/long/index.html")).unwrap();
    assert_eq!(page.matches("data-person=\"smith\"").count(), 40_000);
    assert_eq!(page.matches("data-person=\"sam-park\"").count(), 40_000);
}

#[test]
fn twenty_thousand_unused_aliases_on_one_line_are_reported_in_full_by_check() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let people = root.join("annotations/people.yaml");
    let aliases: Vec<String> = (0..20_000).map(|i| format!("Zqx{i}")).collect();
    let mut text = std::fs::read_to_string(&people).unwrap();
    let line = text.lines().count() + 3;
    text.push_str(&format!(
        "  - id: many\r\n    name: Many Names\r\n    aliases: [{}]\r\n",
        aliases.join(", ")
    ));
    std::fs::write(&people, text).unwrap();
    let output = within(120, &["check", "--root", root.to_str().unwrap()]);
    let messages = stderr(&output);
    assert!(output.status.success(), "{messages}");
    assert_eq!(messages.matches("warning[alias-unused]").count(), 20_000);
    assert!(messages.contains(&format!("annotations/people.yaml:{line}:")));
    // The build shows the first few and counts the rest.
    let output = within(120, &["build", "--root", root.to_str().unwrap()]);
    let messages = stderr(&output);
    assert!(output.status.success(), "{messages}");
    assert_eq!(messages.matches("warning[alias-unused]").count(), 5);
    assert!(
        messages.contains("... and 19,995 more [alias-unused]; `dossier check` lists them all"),
        "{messages}"
    );
}

#[test]
fn a_template_that_makes_an_endless_page_stops_at_the_bound() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let kilobyte = "x".repeat(1024);
    override_template(
        &root,
        "people.html",
        &format!(
            "{{% extends \"base.html\" %}}\n{{% block content %}}\n{{% for i in range(end=70000) %}}{kilobyte}{{% endfor %}}\n{{% endblock content %}}\n"
        ),
    );
    let output = build_within(300, &root);
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "{messages}");
    assert!(messages.contains("--> templates/people.html"), "{messages}");
    assert!(messages.contains("larger than 64 MiB"), "{messages}");
    assert!(!root.join("site").exists());
}

#[test]
fn a_template_that_loops_for_ever_over_a_stored_list_is_stopped_by_the_clock() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    override_template(
        &root,
        "index.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{% set a = range(end=999999) %}{% for i in a %}{% for j in a %}{% endfor %}{% endfor %}\n{% endblock content %}\n",
    );
    let out = root.join("site");
    for command in ["build", "check"] {
        let output = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args([command, "--root", root.to_str().unwrap()])
            .env("DOSSIER_PAGE_SECONDS", "2")
            .output()
            .unwrap();
        let messages = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{command}: {messages}");
        assert!(messages.contains("--> templates/index.html"), "{messages}");
        assert!(
            messages.contains("rendered for more than 2 s"),
            "{messages}"
        );
    }
    assert!(!out.exists(), "no site was put in place");
    // The next build, with the template fixed, leaves nothing of the stopped one behind.
    std::fs::remove_file(root.join("templates/index.html")).unwrap();
    build_ok(&root, &out);
    let left: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".building-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
