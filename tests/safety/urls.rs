//! Every address a user writes goes through one validator: http or https, a host, no white
//! space or control character. Nothing else reaches an `href`, the feed or robots.txt.

use std::path::Path;

use crate::common::*;

/// Both commands fail with exit 1 at `file`:`line`, saying the address is wrong; no page
/// holds `needle`.
fn refused(root: &Path, file: &str, line: usize, needle: &str) {
    for command in ["check", "build"] {
        let output = dossier(&[command, "--root", root.to_str().unwrap()]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{command}: {message}");
        assert!(
            message.contains(&format!("{file}:{line}:")),
            "{command}: {message}"
        );
        assert!(message.contains("error[bad-url]"), "{message}");
    }
    let site = root.join("site");
    if site.exists() {
        for (path, bytes) in snapshot(&site) {
            assert!(!String::from_utf8_lossy(&bytes).contains(needle), "{path}");
        }
    }
}

fn append(path: &Path, text: &str) -> usize {
    let mut content = std::fs::read_to_string(path).unwrap();
    let line = content.lines().count() + 1;
    content.push_str(text);
    std::fs::write(path, content).unwrap();
    line
}

#[test]
fn a_script_url_for_an_article_is_an_error_at_its_place() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let line = append(
        &root.join("annotations/articles.yaml"),
        "    url: \"javascript:alert(document.domain)\"\n",
    );
    refused(&root, "annotations/articles.yaml", line, "javascript:");

    // The same in an article's front matter.
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let report = root.join("seeds/report.md");
    let text = std::fs::read_to_string(&report).unwrap();
    std::fs::write(
        &report,
        text.replacen(
            "author: Ana Reyes",
            "author: Ana Reyes\r\nurl: JavaScript:alert(1)",
            1,
        ),
    )
    .unwrap();
    refused(&root, "seeds/report.md", 5, "alert(1)");
}

#[test]
fn source_and_same_as_addresses_with_hidden_characters_are_errors() {
    for (from, to) in [
        (
            "url: \"https://example.org/budget\", accessed",
            "url: \"https://example.org/budget\\nx\", accessed",
        ),
        (
            "url: \"https://example.org/budget\" }",
            "url: \"data:text/html,<script>alert(1)</script>\" }",
        ),
    ] {
        let work = tempfile::tempdir().unwrap();
        let root = copy_fixture("newsroom", work.path());
        let claims = root.join("annotations/claims/budget.yaml");
        let text = std::fs::read_to_string(&claims).unwrap();
        let line = text[..text.find(from).unwrap()].lines().count();
        std::fs::write(&claims, text.replacen(from, to, 1)).unwrap();
        refused(&root, "annotations/claims/budget.yaml", line, "data:text");
    }
}

#[test]
fn a_base_url_with_a_line_break_or_a_space_is_an_error() {
    for bad in [
        "\"https://example.org/\\nDisallow: /\\nSitemap: https://evil.example/s.xml\"",
        "\"https://example.org/my dossier/\"",
    ] {
        let work = tempfile::tempdir().unwrap();
        let root = copy_fixture("newsroom", work.path());
        let line = append(&root.join("dossier.yaml"), &format!("base_url: {bad}\n"));
        refused(&root, "dossier.yaml", line, "evil.example");
    }
    // On the command line, a usage error.
    let work = tempfile::tempdir().unwrap();
    let output = build_for(
        &fixture("newsroom"),
        &work.path().join("site"),
        "https://example.org/\nDisallow: /",
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("line break"),
        "{}",
        stderr(&output)
    );
    assert!(!work.path().join("site").exists());
}
