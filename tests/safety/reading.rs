//! What a build reads: only files inside the dossier. A link out of it, in any of the places
//! a build reads from, is an error at the link, and nothing it points to reaches the site.

use std::path::Path;

use crate::common::*;

fn link(target: &str, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// Builds and checks `root`; both must fail at `file` saying it is outside, and write no site.
fn refused(root: &Path, file: &str) {
    for command in ["check", "build"] {
        let output = dossier(&[command, "--root", root.to_str().unwrap()]);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{command} {file}: {message}");
        assert!(
            message.contains(&format!("--> {file}")),
            "{command} {file}: {message}"
        );
        assert!(message.contains("outside the dossier"), "{message}");
        assert!(!message.contains("root:x:0:0"), "{message}");
        assert!(!root.join("site").exists());
    }
}

#[test]
fn an_article_file_that_links_out_of_the_dossier_is_not_read() {
    for target in ["/etc/passwd", "/proc/self/environ"] {
        let work = tempfile::tempdir().unwrap();
        let root = copy_fixture("newsroom", work.path());
        link(target, &root.join("seeds/passwd.txt"));
        let articles = root.join("annotations/articles.yaml");
        let mut text = std::fs::read_to_string(&articles).unwrap();
        text.push_str("  - id: passwd\n    file: seeds/passwd.txt\n    title: Leak\n");
        std::fs::write(&articles, text).unwrap();
        refused(&root, "seeds/passwd.txt");
    }
}

#[test]
fn an_article_named_outside_seeds_that_links_out_is_not_read() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    link("/etc/passwd", &root.join("extra/passwd.txt"));
    let articles = root.join("annotations/articles.yaml");
    let mut text = std::fs::read_to_string(&articles).unwrap();
    text.push_str("  - id: passwd\n    file: extra/passwd.txt\n");
    std::fs::write(&articles, text).unwrap();
    refused(&root, "extra/passwd.txt");
}

#[test]
fn annotation_files_templates_static_files_and_the_settings_are_fenced_too() {
    let outside = tempfile::tempdir().unwrap();
    let yaml = outside.path().join("people.yaml");
    std::fs::write(&yaml, "people:\n  - { id: spy, name: Spy }\n").unwrap();
    let html = outside.path().join("base.html");
    std::fs::write(&html, "{{ config.title }}").unwrap();
    for (at, target) in [
        ("annotations/more.yaml", yaml.to_str().unwrap()),
        ("annotations/linked", outside.path().to_str().unwrap()),
        ("templates/base.html", html.to_str().unwrap()),
        ("static/passwd.txt", "/etc/passwd"),
        ("seeds/etc", "/etc"),
    ] {
        let work = tempfile::tempdir().unwrap();
        let root = copy_fixture("newsroom", work.path());
        link(target, &root.join(at));
        refused(&root, at);
    }
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    std::fs::rename(
        root.join("dossier.yaml"),
        outside.path().join("dossier.yaml"),
    )
    .unwrap();
    link(
        outside.path().join("dossier.yaml").to_str().unwrap(),
        &root.join("dossier.yaml"),
    );
    refused(&root, "dossier.yaml");
}

#[test]
fn links_that_stay_inside_the_dossier_are_read() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    std::fs::create_dir_all(root.join("shared")).unwrap();
    std::fs::rename(
        root.join("annotations/people.yaml"),
        root.join("shared/people.yaml"),
    )
    .unwrap();
    link(
        "../shared/people.yaml",
        &root.join("annotations/people.yaml"),
    );
    let out = root.join("site");
    build_ok(&root, &out);
    assert!(out.join("people/sam-park/index.html").is_file());
}

#[test]
fn a_link_to_a_device_and_a_pipe_are_refused_without_reading_them() {
    for (at, target) in [
        ("seeds/zero.md", "/dev/zero"),
        ("templates/index.html", "/dev/zero"),
        ("annotations/zero.yaml", "/dev/urandom"),
    ] {
        let work = tempfile::tempdir().unwrap();
        let root = copy_fixture("newsroom", work.path());
        link(target, &root.join(at));
        refused(&root, at);
    }
    // A pipe in the dossier's place of dossier.yaml: refused, never opened to wait on.
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    std::fs::remove_file(root.join("dossier.yaml")).unwrap();
    let path = std::ffi::CString::new(root.join("dossier.yaml").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    let output = dossier(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("not a regular file"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_article_refused_is_one_error_not_a_cascade() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    // seeds/wire.txt, which annotations and events refer to, becomes a link out.
    std::fs::remove_file(root.join("seeds/wire.txt")).unwrap();
    link("/etc/passwd", &root.join("seeds/wire.txt"));
    refused(&root, "seeds/wire.txt");
    let output = dossier(&["check", "--root", root.to_str().unwrap()]);
    let message = stderr(&output);
    assert!(message.contains("\n1 error, "), "{message}");
    assert!(!message.contains("not found"), "{message}");
}
