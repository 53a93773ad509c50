//! Annotating over HTTP, as the served page does: every action writes exactly its new lines
//! into the right annotation file, the page shows the new highlight after the rebuild, and
//! `check` stays clean; every refused request writes nothing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::common::{copy_fixture, dossier};
use super::support::{Reply, Server, edit_token, send};

/// Every annotation file's text.
fn annotation_files(root: &Path) -> BTreeMap<PathBuf, String> {
    walkdir::WalkDir::new(root.join("annotations"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

/// Every line of `before` is in `after`, in the same order, and `after` has `added` more.
fn assert_only_added(before: &str, after: &str, added: usize) {
    let mut rest = after.lines();
    for line in before.lines() {
        assert!(
            rest.any(|l| l == line),
            "the line {line:?} is gone:\n{after}"
        );
    }
    assert_eq!(
        after.lines().count(),
        before.lines().count() + added,
        "{after}"
    );
}

fn post(server: &Server, token: &str, body: &Value, extra: &[(&str, &str)]) -> Reply {
    let mut headers = vec![
        ("Content-Type", "application/json"),
        ("X-Dossier-Token", token),
    ];
    headers.extend_from_slice(extra);
    send(
        &server.address,
        Some(&server.address),
        "POST",
        "/__dossier/annotate",
        &headers,
        body.to_string().as_bytes(),
    )
}

/// Posts an edit, checks the answer names a file and a line holding `expect`, and waits until
/// `page` shows `mark` (within 2 seconds of the answer).
fn annotate(
    server: &Server,
    root: &Path,
    token: &str,
    body: Value,
    expect: &str,
    page: &str,
    mark: &str,
) -> Value {
    let before = server.generation();
    let reply = post(server, token, &body, &[]);
    assert_eq!(reply.status, 200, "{body}: {}", reply.text());
    let answer: Value = serde_json::from_slice(&reply.body).unwrap();
    let answered = Instant::now();
    let file = answer["file"].as_str().unwrap();
    assert!(file.starts_with("annotations/"), "{answer}");
    let line = answer["line"].as_u64().unwrap() as usize;
    let text = std::fs::read_to_string(root.join(file)).unwrap();
    let written = text.lines().nth(line - 1).unwrap_or("");
    assert!(
        written.contains(expect),
        "line {line} of {file} is {written:?}, not {expect:?}"
    );
    server.settled_after(before);
    while !server.shows(page, mark) {
        assert!(
            answered.elapsed() < Duration::from_secs(2),
            "{page} shows no {mark} 2 s after {body}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    answer
}

fn start(work: &Path, extra: &[&str]) -> (PathBuf, Server) {
    start_after(work, extra, |_| {})
}

/// Serves a copy of the fixture, once `prepare` has changed it.
fn start_after(work: &Path, extra: &[&str], prepare: impl FnOnce(&Path)) -> (PathBuf, Server) {
    let root = copy_fixture("newsroom", work);
    prepare(&root);
    let server = Server::start_with(&root, extra);
    server.settled_after(0);
    (root, server)
}

#[test]
fn every_action_adds_exactly_its_lines_and_the_page_shows_it() {
    let work = tempfile::tempdir().unwrap();
    // people.yaml has CRLF line breaks; it is given a byte-order mark too.
    let (root, server) = start_after(work.path(), &[], |root| {
        let people = root.join("annotations/people.yaml");
        let text = std::fs::read(&people).unwrap();
        std::fs::write(&people, [b"\xEF\xBB\xBF".as_slice(), &text].concat()).unwrap();
    });
    let token = edit_token(&server, "/articles/wire/");
    let people = root.join("annotations/people.yaml");
    let claims = root.join("annotations/claims/budget.yaml");
    let before = annotation_files(&root);

    // A mention in a CRLF file with a byte-order mark, for a person with no `mentions:` yet:
    // the key and the item are added, and a quote found once needs no prefix or suffix.
    let answer = annotate(
        &server,
        &root,
        &token,
        json!({"action": "mention", "article": "wire", "exact": "The council", "prefix": "RIVERTON (Wire) - ", "suffix": " voted 7-2", "person": "sam-park"}),
        "quote: \"The council\" }",
        "/articles/wire/",
        ">The council</a></mark>",
    );
    assert_eq!(answer["anchor"], json!({"quote": "The council"}));
    let now = std::fs::read_to_string(&people).unwrap();
    assert_only_added(&before[&people], &now, 2);
    assert!(now.starts_with('\u{feff}'));
    assert!(
        now.contains("\r\n    mentions:\r\n      - { article: wire, quote: \"The council\" }\r\n"),
        "{now}"
    );

    // An appearance of a repeated phrase: the shortest context that tells it apart.
    let answer = annotate(
        &server,
        &root,
        &token,
        json!({"action": "appearance", "article": "wire", "exact": "Park said", "prefix": "falls by 12% this year, and ", "suffix": " it twice.", "claim": "library-falls"}),
        "quote: \"Park said\"",
        "/articles/wire/",
        "id=\"c-library-falls-2\"",
    );
    assert_eq!(
        answer["anchor"],
        json!({"quote": "Park said", "prefix": "and"})
    );
    let claims_now = std::fs::read_to_string(&claims).unwrap();
    assert_only_added(&before[&claims], &claims_now, 1);

    // A new person, then a mention of them.
    annotate(
        &server,
        &root,
        &token,
        json!({"action": "person", "person": {"id": "ana-reyes", "name": "Ana Reyes", "role": "Reporter", "aliases": ["Reyes"]}}),
        "- id: ana-reyes",
        "/people/",
        "Ana Reyes",
    );
    assert_only_added(&now, &std::fs::read_to_string(&people).unwrap(), 4);

    // A new claim with its first appearance, in the file named for new claims (created).
    let answer = annotate(
        &server,
        &root,
        &token,
        json!({"action": "claim", "article": "council-report", "exact": "Councillor Sam Park voted against it.", "claim": {"id": "park-voted-against", "statement": "Sam Park voted against the budget.", "claimant_name": "The council report", "date": "2024-05-02", "rating": "accurate", "explanation": "The vote was 7-2."}}),
        "- id: park-voted-against",
        "/articles/council-report/",
        "data-claim=\"park-voted-against\"",
    );
    assert_eq!(answer["file"], "annotations/claims.yaml");

    // A correction, and a layout role for an article with no entry of its own yet.
    annotate(
        &server,
        &root,
        &token,
        json!({"action": "correction", "article": "wire", "exact": "stayed closed", "correction": {"id": "wire-office", "kind": "clarification", "text": "It reopened on 3 May.", "date": "2024-05-06"}}),
        "- id: wire-office",
        "/articles/wire/",
        "data-correction=\"wire-office\"",
    );
    annotate(
        &server,
        &root,
        &token,
        json!({"action": "layout", "article": "council-report", "exact": "Council passes the Riverton budget", "suffix": "\n\nMayor", "role": "headline"}),
        "role: headline",
        "/articles/council-report/",
        "<h1 class=\"headline\">Council passes the Riverton budget</h1>",
    );

    // Every original line of every annotation file is still there, in order.
    let after = annotation_files(&root);
    for (path, text) in &before {
        let mut rest = after[path].lines();
        for line in text.lines() {
            assert!(
                rest.any(|l| l == line),
                "{}: {line:?} is gone",
                path.display()
            );
        }
    }
    let checked = dossier(&["check", "--root", root.to_str().unwrap()]);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
}

#[test]
fn refused_requests_write_nothing() {
    let work = tempfile::tempdir().unwrap();
    let (root, server) = start(work.path(), &[]);
    let token = edit_token(&server, "/articles/wire/");
    let before = annotation_files(&root);
    let mention = json!({"action": "mention", "article": "wire", "exact": "The council", "person": "sam-park"});
    let status = |reply: Reply| reply.status;

    // Without the token, with a wrong one, from another site, for another host.
    assert_eq!(status(post(&server, "", &mention, &[])), 403);
    assert_eq!(
        status(post(
            &server,
            "0123456789abcdef0123456789abcdef",
            &mention,
            &[]
        )),
        403
    );
    assert_eq!(
        status(post(
            &server,
            &token,
            &mention,
            &[("Origin", "http://evil.example")]
        )),
        403
    );
    assert_eq!(
        status(post(
            &server,
            &token,
            &mention,
            &[("Sec-Fetch-Site", "cross-site")]
        )),
        403
    );
    let foreign = send(
        &server.address,
        Some("evil.example"),
        "POST",
        "/__dossier/annotate",
        &[
            ("Content-Type", "application/json"),
            ("X-Dossier-Token", &token),
        ],
        mention.to_string().as_bytes(),
    );
    assert_eq!(foreign.status, 403);
    let get = send(
        &server.address,
        Some(&server.address),
        "GET",
        "/__dossier/annotate",
        &[],
        b"",
    );
    assert_eq!(get.status, 405);

    // What the dossier cannot take: each 422 with the diagnostic check would give.
    for (body, code) in [
        (
            json!({"action": "mention", "article": "wire", "exact": "Park said", "person": "sam-park"}),
            "selection-ambiguous",
        ),
        (
            json!({"action": "mention", "article": "wire", "exact": "not in the text", "person": "sam-park"}),
            "selection-not-found",
        ),
        (
            json!({"action": "mention", "article": "wire", "exact": "The council", "person": "sam-parks"}),
            "unknown-id",
        ),
        (
            json!({"action": "appearance", "article": "wire", "exact": "The council", "claim": "no-such-claim"}),
            "unknown-id",
        ),
        (
            json!({"action": "person", "person": {"id": "lena-ortiz", "name": "Lena Ortiz"}}),
            "duplicate-id",
        ),
        (
            json!({"action": "claim", "article": "wire", "exact": "The council", "claim": {"id": "c", "statement": "S", "rating": "maybe"}}),
            "unknown-id",
        ),
        (
            json!({"action": "mention", "article": "wire", "exact": "The council", "person": "sam-park", "colour": "red"}),
            "bad-request",
        ),
    ] {
        let reply = post(&server, &token, &body, &[]);
        assert_eq!(reply.status, 422, "{body}: {}", reply.text());
        let answer: Value = serde_json::from_slice(&reply.body).unwrap();
        assert_eq!(answer["code"], code, "{body}: {answer}");
        assert!(
            answer["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{answer}"
        );
    }
    assert_eq!(annotation_files(&root), before);
    assert!(!root.join("annotations/claims.yaml").exists());
}

#[test]
fn a_read_only_server_offers_no_editing() {
    let work = tempfile::tempdir().unwrap();
    let (root, server) = start(work.path(), &["--read-only"]);
    let page = server.get("/articles/wire/").text();
    assert!(!page.contains("dossier-edit-token"));
    assert!(!page.contains("annotate.js"));
    let before = annotation_files(&root);
    let reply = post(
        &server,
        "",
        &json!({"action": "person", "person": {"id": "x", "name": "X"}}),
        &[],
    );
    assert_eq!(reply.status, 403);
    assert_eq!(annotation_files(&root), before);
}

#[test]
fn a_highlight_is_removed_by_taking_out_its_anchor_or_unmarking_the_name() {
    let work = tempfile::tempdir().unwrap();
    let (root, server) = start(work.path(), &[]);
    let token = edit_token(&server, "/articles/wire/");
    let people = root.join("annotations/people.yaml");
    let claims = root.join("annotations/claims/budget.yaml");
    let (people_before, claims_before) = (
        std::fs::read_to_string(&people).unwrap(),
        std::fs::read_to_string(&claims).unwrap(),
    );
    let post_ok = |body: Value| {
        let before = server.generation();
        let reply = post(&server, &token, &body, &[]);
        assert_eq!(reply.status, 200, "{body}: {}", reply.text());
        server.settled_after(before);
    };

    // An explicit mention: its line goes, and nothing else.
    post_ok(
        json!({"action": "remove", "article": "wire", "exact": "The mayor's office", "suffix": " said the budget", "person": "lena-ortiz"}),
    );
    let now = std::fs::read_to_string(&people).unwrap();
    assert_eq!(
        now,
        people_before.replace(
            "      - { article: wire, quote: \"The mayor’s office\" }\r\n",
            ""
        )
    );
    assert!(!server.shows("/articles/wire/", ">The mayor’s office</a>"));

    // A name matched in the text: a `not_mentions` anchor, so the name stays unmarked there.
    post_ok(
        json!({"action": "remove", "article": "wire", "exact": "Ortiz", "suffix": " said: \"We kept", "person": "lena-ortiz"}),
    );
    let after = std::fs::read_to_string(&people).unwrap();
    assert_only_added(&now, &after, 2);
    assert!(
        after.contains("    not_mentions:\r\n      - { article: wire, quote: \"Ortiz\" }\r\n"),
        "{after}"
    );

    // An appearance of a claim that has others.
    post_ok(
        json!({"action": "remove", "article": "wire", "exact": "Park said the library budget falls by 12% this year", "claim": "library-falls"}),
    );
    let claims_now = std::fs::read_to_string(&claims).unwrap();
    assert_eq!(
        claims_now,
        claims_before.replace("      - { article: wire, quote: \"Park said the library budget falls by 12% this year\" }\n", "")
    );

    // The only appearance of a claim cannot go: the claim would appear nowhere.
    let reply = post(
        &server,
        &token,
        &json!({"action": "remove", "article": "council-report", "exact": "The figures do not add up.", "claim": "figures-add-up"}),
        &[],
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    // Nor can a highlight that is not there.
    let reply = post(
        &server,
        &token,
        &json!({"action": "remove", "article": "wire", "exact": "stayed closed", "claim": "no-cuts"}),
        &[],
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert_eq!(std::fs::read_to_string(&claims).unwrap(), claims_now);
    let checked = dossier(&["check", "--root", root.to_str().unwrap()]);
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
}

#[test]
fn links_in_annotations_are_never_written_through() {
    let work = tempfile::tempdir().unwrap();
    let outside = work.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let victim = outside.join("victim.txt");
    std::fs::write(&victim, "untouched\n").unwrap();
    let (root, server) = start_after(work.path(), &[], |root| {
        // The claims folder is a link to a folder inside the dossier but outside annotations/.
        std::fs::rename(root.join("annotations/claims"), root.join("claims-real")).unwrap();
        std::os::unix::fs::symlink("../claims-real", root.join("annotations/claims")).unwrap();
    });
    let token = edit_token(&server, "/articles/wire/");
    // A link planted under the name a spare file once had, for this server's process.
    let pid = server.pid();
    std::os::unix::fs::symlink(
        &victim,
        root.join(format!("annotations/.people.yaml.dossier-edit-{pid}")),
    )
    .unwrap();
    let before = std::fs::read(root.join("claims-real/budget.yaml")).unwrap();

    let reply = post(
        &server,
        &token,
        &json!({"action": "appearance", "article": "wire", "exact": "The council", "claim": "no-cuts"}),
        &[],
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert!(reply.text().contains("is a link"), "{}", reply.text());
    assert_eq!(
        std::fs::read(root.join("claims-real/budget.yaml")).unwrap(),
        before
    );

    let reply = post(
        &server,
        &token,
        &json!({"action": "mention", "article": "wire", "exact": "The council", "person": "sam-park"}),
        &[],
    );
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched\n");
    let people = std::fs::symlink_metadata(root.join("annotations/people.yaml")).unwrap();
    assert!(people.file_type().is_file());
}

#[test]
fn two_servers_on_one_dossier_lose_no_edit_and_read_only_files_are_left_alone() {
    let work = tempfile::tempdir().unwrap();
    let (root, first) = start(work.path(), &[]);
    let second = Server::start(&root);
    second.settled_after(0);
    let tokens = [
        edit_token(&first, "/articles/wire/"),
        edit_token(&second, "/articles/wire/"),
    ];
    // Twelve places, each a word of the wire report found once, sent to both servers at once.
    let words = [
        "council",
        "voted",
        "Wednesday",
        "library",
        "falls",
        "year",
        "twice",
        "kept",
        "every",
        "promise",
        "Street",
        "closed",
    ];
    let answers: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = words
            .iter()
            .enumerate()
            .map(|(i, word)| {
                let (server, token) = if i % 2 == 0 { (&first, &tokens[0]) } else { (&second, &tokens[1]) };
                scope.spawn(move || {
                    let body = json!({"action": "mention", "article": "wire", "exact": word, "person": "lena-ortiz"});
                    post(server, token, &body, &[]).status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let people = std::fs::read_to_string(root.join("annotations/people.yaml")).unwrap();
    for (word, status) in words.iter().zip(&answers) {
        assert!(*status == 200 || *status == 409, "{word}: {status}");
        if *status == 200 {
            assert!(
                people.contains(&format!("quote: \"{word}\" }}")),
                "{word} answered 200 but is not written"
            );
        }
    }
    assert!(
        answers.iter().filter(|s| **s == 200).count() >= 6,
        "{answers:?}"
    );

    let claims = root.join("annotations/claims/budget.yaml");
    let before = std::fs::read(&claims).unwrap();
    let mut perms = std::fs::metadata(&claims).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&claims, perms).unwrap();
    let reply = post(
        &first,
        &tokens[0],
        &json!({"action": "appearance", "article": "wire", "exact": "closed", "claim": "no-cuts"}),
        &[],
    );
    assert_eq!(reply.status, 422, "{}", reply.text());
    assert!(reply.text().contains("read-only"), "{}", reply.text());
    assert_eq!(std::fs::read(&claims).unwrap(), before);
}
