//! The output folder: only a folder the build made, an empty one or a new one is replaced;
//! links are never followed; one build at a time; killed builds leave nothing behind.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::*;

/// What `dir` holds, file by file, links included as their targets' names.
fn contents(dir: &Path) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .map(|e| {
            let what = if e.file_type().is_file() {
                String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).into_owned()
            } else {
                format!("{:?}", e.file_type())
            };
            (e.path().display().to_string(), what)
        })
        .collect();
    found.sort();
    found
}

fn victim(work: &Path) -> std::path::PathBuf {
    let victim = work.join("victim");
    std::fs::create_dir_all(victim.join("inner")).unwrap();
    std::fs::write(victim.join("thesis.md"), "five years of work").unwrap();
    std::fs::write(victim.join("inner/notes.txt"), "notes").unwrap();
    victim
}

#[test]
fn a_link_at_the_output_or_its_spare_is_an_error_and_never_followed() {
    for link in ["site", ".site.spare"] {
        let work = tempfile::tempdir().unwrap();
        let root = copy_fixture("newsroom", work.path());
        let victim = victim(work.path());
        let before = contents(&victim);
        std::os::unix::fs::symlink(&victim, root.join(link)).unwrap();
        // Twice: a first build would move the folder aside, a second would empty it.
        // `site/` with a slash, which the system would follow, is `site`.
        let slashed = format!("{}/", root.join("site").display());
        for out in [None, Some(slashed.as_str()), None] {
            let mut args = vec!["build", "--root", root.to_str().unwrap()];
            args.extend(out.iter().flat_map(|out| ["--out", *out]));
            let output = dossier(&args);
            let message = stderr(&output);
            assert_eq!(output.status.code(), Some(1), "{link}: {message}");
            assert!(message.contains(link), "{link}: {message}");
            assert!(message.contains("symbolic link"), "{message}");
        }
        assert_eq!(contents(&victim), before, "{link}");
    }
}

#[test]
fn an_output_folder_of_the_users_is_refused_and_left_whole() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    std::fs::create_dir_all(root.join("docs")).unwrap();
    std::fs::write(root.join("docs/index.md"), "the project's own docs").unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join("src/main.rs"), "fn main() {}").unwrap();
    std::fs::create_dir_all(root.join(".git/objects")).unwrap();
    std::fs::write(root.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let home = victim(work.path());
    let before = contents(work.path());
    for out in [
        root.join("docs"),
        root.join("src"),
        root.join(".git"),
        root.join(".git/objects"),
        home.clone(),
        root.clone(),
        root.join("seeds"),
        root.join("annotations/claims"),
        // Folders the dossier does not have yet, and paths that go down and up again.
        root.join("templates"),
        root.join("static"),
        root.join("themes/site"),
        root.join("zz/../seeds/site"),
        root.join("zz/yy/../../annotations/site"),
    ] {
        for _ in 0..2 {
            let output = build(&root, &out);
            let message = stderr(&output);
            assert_eq!(
                output.status.code(),
                Some(2),
                "{}: {message}",
                out.display()
            );
            assert!(message.contains(&out.display().to_string()), "{message}");
            assert!(message.contains("help:"), "{message}");
        }
    }
    assert_eq!(
        contents(work.path()),
        before,
        "nothing was moved or removed"
    );
    // An empty folder and a new one are fine, and so is the site once it is built.
    std::fs::create_dir(root.join("public")).unwrap();
    build_ok(&root, &root.join("public"));
    build_ok(&root, &root.join("public"));
    build_ok(&root, &root.join("fresh/site"));
    assert!(root.join("public/.dossier-site").is_file());
}

#[test]
fn a_linked_source_folder_is_no_way_around_the_check() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    // seeds/ is a link to the folder that really holds the articles, inside the dossier.
    let articles = root.join("library/2024");
    std::fs::create_dir_all(root.join("library")).unwrap();
    std::fs::rename(root.join("seeds"), &articles).unwrap();
    std::os::unix::fs::symlink(&articles, root.join("seeds")).unwrap();
    let before = contents(&articles);
    let link_to_it = work.path().join("also-articles");
    std::os::unix::fs::symlink(&articles, &link_to_it).unwrap();
    for out in [
        articles.clone(),
        root.join("library"),
        link_to_it.clone(),
        link_to_it.join("sub"),
    ] {
        let output = build(&root, &out);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{}: {}",
            out.display(),
            stderr(&output)
        );
        assert!(stderr(&output).contains("seeds"), "{}", stderr(&output));
    }
    assert_eq!(contents(&articles), before);
    build_ok(&root, &root.join("site"));
}

/// A copy of the fixture with `extra` more articles: long enough for a build to be caught
/// in the middle.
fn large_dossier(work: &Path, name: &str, extra: usize) -> std::path::PathBuf {
    let root = work.join(name);
    copy_dir(&fixture("newsroom"), &root);
    let text = std::fs::read_to_string(root.join("seeds/wire.txt")).unwrap();
    for i in 0..extra {
        std::fs::write(
            root.join(format!("seeds/extra-{i:04}.txt")),
            format!("{name} copy {i}.\n\n{text}"),
        )
        .unwrap();
    }
    root
}

fn stale_staging(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains(".building-"))
        .collect()
}

#[test]
fn builds_at_once_into_one_folder_take_turns_and_never_mix_sites() {
    let work = tempfile::tempdir().unwrap();
    let a = large_dossier(work.path(), "alpha", 40);
    let b = large_dossier(work.path(), "beta", 40);
    let clean_a = work.path().join("clean-a");
    let clean_b = work.path().join("clean-b");
    build_ok(&a, &clean_a);
    build_ok(&b, &clean_b);
    let out = work.path().join("shared/site");
    let runs: Vec<_> = (0..8)
        .map(|i| {
            let root = if i % 2 == 0 { &a } else { &b };
            Command::new(env!("CARGO_BIN_EXE_dossier"))
                .args(["build", "--quiet", "--root", root.to_str().unwrap()])
                .args(["--out", out.to_str().unwrap()])
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let output = run.wait_with_output().unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
    }
    assert!(stale_staging(out.parent().unwrap()).is_empty());
    let site = snapshot(&out);
    assert!(
        site == snapshot(&clean_a) || site == snapshot(&clean_b),
        "the site is one dossier's, whole"
    );
    // And the next build of one of them is exactly its clean build, search index included.
    build_ok(&a, &out);
    assert!(snapshot(&out) == snapshot(&clean_a));
    build_ok(&b, &out);
    assert!(snapshot(&out) == snapshot(&clean_b));
}

#[test]
fn a_killed_build_leaves_nothing_after_the_next_one() {
    let work = tempfile::tempdir().unwrap();
    let root = large_dossier(work.path(), "large", 1500);
    let out = root.join("site");
    build_ok(&root, &out);
    let clean = snapshot(&out);
    // Kill builds in the middle, once the staging folder exists.
    let mut killed = 0;
    for _ in 0..3 {
        let mut run = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["build", "--quiet", "--root", root.to_str().unwrap()])
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        // This build's own folder: an earlier killed build's may still be there.
        let own = format!(".site.building-{}", run.id());
        while !stale_staging(&root).contains(&own)
            && started.elapsed() < std::time::Duration::from_secs(20)
        {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
        run.kill().unwrap();
        let status = run.wait().unwrap();
        if !status.success() {
            killed += 1;
        }
    }
    assert!(killed > 0, "no build was caught in the middle");
    assert!(
        !stale_staging(&root).is_empty(),
        "a killed build left its folder"
    );
    build_ok(&root, &out);
    assert!(
        stale_staging(&root).is_empty(),
        "{:?}",
        stale_staging(&root)
    );
    assert!(
        snapshot(&out) == clean,
        "the next build is exactly a clean one"
    );
}
