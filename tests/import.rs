//! `dossier import` end to end, on saved news pages kept as fixtures (one saved by a browser,
//! one by SingleFile, one served inside a WARC file and a WACZ package made here): the body,
//! the metadata, the capture and its digest; fixity in `check`; and nothing written when the
//! import cannot be made.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};

use common::*;

const LEDGER: &str = "harbour-ledger.html";
const COURIER: &str = "valley-courier-singlefile.html";
const WIRE: &str = "coastal-wire.html";

fn capture(name: &str) -> PathBuf {
    fixture("captures").join(name)
}

/// A new dossier, as `dossier init` makes it.
fn new_dossier() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("d");
    let output = dossier(&["init", root.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    (dir, root)
}

fn import(root: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["import", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    dossier(&all)
}

fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn sha256(bytes: &[u8]) -> String {
    dossier::load::sha256_hex(bytes)
}

/// The article entry `id` of the dossier's `annotations/articles.yaml`, as YAML.
fn entry(root: &Path, id: &str) -> serde_json::Value {
    let text = std::fs::read_to_string(root.join("annotations/articles.yaml")).unwrap();
    let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
    value["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("no entry {id} in {text}"))
        .clone()
}

/// What `check` says, and whether it passed with no warning.
fn check_clean(root: &Path) -> (bool, String) {
    let output = dossier(&["check", "--deny-warnings", "--root", root.to_str().unwrap()]);
    (output.status.success(), stderr(&output))
}

/// The article's text as the dossier reads it, without its layout spans.
fn body_text(root: &Path, id: &str) -> String {
    let data: serde_json::Value = json(&root.join("site/dossier.json"));
    let article = data["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap()
        .clone();
    let text: Vec<char> = article["text"].as_str().unwrap().chars().collect();
    let mut out = String::new();
    let mut at = 0;
    let mut spans: Vec<(usize, usize)> = article["layout"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            )
        })
        .collect();
    spans.sort();
    for (start, end) in spans {
        out.extend(&text[at..start]);
        at = end;
    }
    out.extend(&text[at..]);
    out
}

struct Expected {
    file: &'static str,
    id: &'static str,
    title: &'static str,
    author: &'static str,
    published: &'static str,
    publisher: &'static str,
    url: &'static str,
    /// The start of every paragraph of the article.
    paragraphs: &'static [&'static str],
    /// Words of the page around the article.
    boilerplate: &'static [&'static str],
}

const PAGES: [Expected; 3] = [
    Expected {
        file: LEDGER,
        id: "ferry-contract-delayed",
        title: "Ferry contract delayed again as costs climb",
        author: "Mara Lindqvist",
        published: "2025-03-14",
        publisher: "The Harbour Ledger",
        url: "https://www.harbour-ledger.example/news/2025/03/ferry-contract-delayed",
        paragraphs: &[
            "The contract for the island's new ferry will not be signed",
            "The board's chair, Tomas Berg, told a public meeting",
            "Islanders who depend on the crossing say",
            "What happens next",
            "The board will ask the council in April",
            "\"Every delay costs us another winter",
            "The council's finance committee meets on 2 April.",
        ],
        boilerplate: &[
            "cookies",
            "Subscribe",
            "Share on",
            "Related stories",
            "Ferry breaks down in November",
            "islander77",
            "Typical.",
            "newsletter",
            "All rights reserved",
            "Privacy policy",
        ],
    },
    Expected {
        file: COURIER,
        id: "school-roof-repairs",
        title: "School roof repairs to finish before the autumn term",
        author: "Daniel Okafor",
        published: "2025-04-07",
        publisher: "Valley Courier",
        url: "https://valley-courier.example/2025/04/07/school-roof-repairs/",
        paragraphs: &[
            "Repairs to the leaking roof of Millbrook Primary School",
            "The work, which began in March, has cost 380,000",
            "Two classrooms closed since December",
            "Lessons moved to the library and the hall",
            "Work due to end on 29 August",
            "Head teacher Priya Shah said",
            "The county said a survey of its other 31 schools",
        ],
        boilerplate: &[
            "What's on",
            "Posted in",
            "Tagged",
            "Previous:",
            "Next:",
            "thought on",
            "Sue P.",
            "Leave a reply",
            "Most read",
            "Council tax",
            "WordPress",
        ],
    },
    Expected {
        file: WIRE,
        id: "wind-farm-approved",
        title: "Wind farm approved off the northern cape",
        author: "Lena Vogt",
        published: "2025-05-20",
        publisher: "Coastal Wire",
        url: "https://coastalwire.example/stories/wind-farm-approved",
        paragraphs: &[
            "The national energy agency approved on Tuesday",
            "The developer, North Sea Breeze, says",
            "The agency's decision sets conditions",
            "\"It is a fair balance,\"",
        ],
        boilerplate: &[
            "Weather",
            "Advertisement",
            "More from Coastal Wire",
            "Storm closes",
            "Terms",
        ],
    },
];

fn assert_imported(root: &Path, expected: &Expected, capture_bytes: &[u8]) {
    let entry = entry(root, expected.id);
    for (key, value) in [
        ("title", expected.title),
        ("author", expected.author),
        ("published", expected.published),
        ("publisher", expected.publisher),
        ("url", expected.url),
    ] {
        assert_eq!(entry[key], value, "{key} of {}", expected.id);
    }
    let kept = entry["capture"]["file"].as_str().unwrap();
    assert!(kept.starts_with("captures/"), "{kept}");
    assert_eq!(std::fs::read(root.join(kept)).unwrap(), capture_bytes);
    assert_eq!(entry["capture"]["sha256"], sha256(capture_bytes));
    assert!(
        entry["capture"]["captured"]
            .as_str()
            .unwrap()
            .ends_with('Z')
    );
    let body = squash(&body_text(root, expected.id));
    for paragraph in expected.paragraphs {
        assert!(
            body.contains(&squash(paragraph)),
            "{}: no {paragraph:?} in {body}",
            expected.id
        );
    }
    assert!(
        !body.contains(&squash(expected.title)),
        "{}: the headline is in the body",
        expected.id
    );
    for words in expected.boilerplate {
        assert!(
            !body.contains(&squash(words)),
            "{}: {words:?} in {body}",
            expected.id
        );
    }
}

#[test]
fn saved_pages_become_articles_with_their_metadata_body_and_capture() {
    let (_dir, root) = new_dossier();
    for expected in &PAGES {
        let output = import(&root, &[capture(expected.file).to_str().unwrap()]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert_eq!(
            stdout(&output),
            format!(
                "added {} from {}\n",
                expected.id,
                capture(expected.file).display()
            )
        );
    }
    let (clean, said) = check_clean(&root);
    assert!(clean, "{said}");
    build_ok(&root, &root.join("site"));
    for expected in &PAGES {
        assert_imported(
            &root,
            expected,
            &std::fs::read(capture(expected.file)).unwrap(),
        );
    }
    // SingleFile's header gives the time of the capture.
    assert_eq!(
        entry(&root, "school-roof-repairs")["capture"]["captured"],
        "2025-04-07T16:12:45Z"
    );
    // The article page says where the text came from.
    let html =
        std::fs::read_to_string(root.join("site/articles/ferry-contract-delayed/index.html"))
            .unwrap();
    assert!(html.contains(&sha256(&std::fs::read(capture(LEDGER)).unwrap())));
    assert!(html.contains("captures/harbour-ledger.html"));
}

/// `html` as an HTTP response inside a gzipped WARC file, after a request record, beside an
/// advertisement's frame and an image.
fn warc_of(url: &str, html: &[u8]) -> Vec<u8> {
    fn record(kind: &str, url: Option<&str>, content_type: &str, body: &[u8], n: usize) -> Vec<u8> {
        let mut head = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-00000000000{n}>\r\n\
             WARC-Date: 2025-05-21T09:15:00Z\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n",
            body.len()
        );
        if let Some(url) = url {
            head.push_str(&format!("WARC-Target-URI: {url}\r\n"));
        }
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(b"\r\n");
        bytes.extend_from_slice(body);
        bytes.extend_from_slice(b"\r\n\r\n");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bytes).unwrap();
        gz.finish().unwrap()
    }
    let response = |content_type: &str, body: &[u8]| {
        let mut r = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .into_bytes();
        r.extend_from_slice(body);
        r
    };
    let mut warc = record(
        "warcinfo",
        None,
        "application/warc-fields",
        b"software: test\r\n",
        1,
    );
    let request = "GET / HTTP/1.1\r\nHost: coastalwire.example\r\n\r\n";
    warc.extend(record(
        "request",
        Some(url),
        "application/http; msgtype=request",
        request.as_bytes(),
        2,
    ));
    warc.extend(record(
        "response",
        Some(url),
        "application/http; msgtype=response",
        &response("text/html; charset=utf-8", html),
        3,
    ));
    let ad = b"<html><body><a href=\"https://ads.example\">Advertisement</a></body></html>";
    warc.extend(record(
        "response",
        Some("https://ads.example/frame"),
        "application/http; msgtype=response",
        &response("text/html", ad),
        4,
    ));
    warc.extend(record(
        "response",
        Some("https://coastalwire.example/logo.png"),
        "application/http; msgtype=response",
        &response("image/png", b"\x89PNG"),
        5,
    ));
    warc
}

#[test]
fn a_page_inside_a_warc_or_a_wacz_is_imported_from_its_response_record() {
    let (dir, root) = new_dossier();
    let url = "https://coastalwire.example/stories/wind-farm-approved";
    let html = std::fs::read(capture(WIRE)).unwrap();
    let warc = warc_of(url, &html);
    let path = dir.path().join("wind.warc.gz");
    std::fs::write(&path, &warc).unwrap();
    let output = import(&root, &[path.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains(&format!("added wind-farm-approved from {}", path.display())),
        "{said}"
    );
    assert!(said.contains("skipped https://ads.example/frame"), "{said}");
    build_ok(&root, &root.join("site"));
    assert_imported(&root, &PAGES[2], &warc);
    assert_eq!(
        entry(&root, "wind-farm-approved")["capture"]["captured"],
        "2025-05-21T09:15:00Z"
    );

    // The same page in a WACZ package, a new capture of the same address: it needs an id.
    let wacz = dir.path().join("wind.wacz");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&wacz).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("datapackage.json", stored).unwrap();
    zip.write_all(b"{\"profile\":\"data-package\",\"wacz_version\":\"1.1.1\"}")
        .unwrap();
    zip.start_file("pages/pages.jsonl", stored).unwrap();
    zip.write_all(format!("{{\"format\":\"json-pages-1.0\"}}\n{{\"url\":\"{url}\",\"ts\":\"2025-05-21T09:15:00Z\"}}\n").as_bytes()).unwrap();
    zip.start_file("archive/data.warc.gz", stored).unwrap();
    zip.write_all(&warc).unwrap();
    zip.finish().unwrap();
    let output = import(&root, &[wacz.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("is already in the dossier as the article `wind-farm-approved`"),
        "{}",
        stderr(&output)
    );
    assert!(stderr(&output).contains("--id"), "{}", stderr(&output));
    let output = import(
        &root,
        &["--id", "wind-farm-second-capture", wacz.to_str().unwrap()],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    // Only the page the package lists is read: the advertisement is not even skipped.
    assert_eq!(
        stdout(&output),
        format!("added wind-farm-second-capture from {}\n", wacz.display())
    );
    let (clean, said) = check_clean(&root);
    assert!(clean, "{said}");
}

#[test]
fn importing_the_same_capture_twice_adds_nothing() {
    let (_dir, root) = new_dossier();
    let page = capture(LEDGER);
    assert!(import(&root, &[page.to_str().unwrap()]).status.success());
    let before = snapshot(&root);
    let output = import(&root, &[page.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "{} is already imported, as ferry-contract-delayed\n",
            page.display()
        )
    );
    assert!(
        snapshot(&root) == before,
        "the second import changed the dossier"
    );
}

#[test]
fn a_page_given_twice_in_one_command_is_imported_once() {
    let (dir, root) = new_dossier();
    let page = capture(LEDGER);
    let copy = dir.path().join("copy.html");
    std::fs::copy(&page, &copy).unwrap();
    let output = import(&root, &[page.to_str().unwrap(), copy.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "added ferry-contract-delayed from {}\n{} is the same capture as {}\n",
            page.display(),
            copy.display(),
            page.display()
        )
    );

    // A WARC that fetched one address twice: the first is imported, the second skipped;
    // imported again, the whole capture is already in.
    let url = "https://coastalwire.example/stories/wind-farm-approved";
    let html = std::fs::read(capture(WIRE)).unwrap();
    let mut warc = warc_of(url, &html);
    warc.extend(warc_of(url, &html));
    let twice = dir.path().join("twice.warc.gz");
    std::fs::write(&twice, &warc).unwrap();
    let output = import(&root, &[twice.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("added wind-farm-approved"), "{said}");
    assert!(
        said.contains(&format!(
            "skipped {url} in {}: the same address again",
            twice.display()
        )),
        "{said}"
    );
    let before = snapshot(&root);
    let output = import(&root, &[twice.to_str().unwrap()]);
    assert_eq!(
        stdout(&output),
        format!(
            "{} is already imported, as wind-farm-approved\n",
            twice.display()
        )
    );
    assert!(snapshot(&root) == before);
    let (clean, said) = check_clean(&root);
    assert!(clean, "{said}");
}

#[test]
fn two_captures_of_one_address_or_one_url_for_many_pages_are_refused() {
    let (dir, root) = new_dossier();
    let before = snapshot(&root);
    // The saved page, and a WARC of the same page at its address: two captures, one article.
    let ledger = std::fs::read(capture(LEDGER)).unwrap();
    let warc = dir.path().join("ledger.warc.gz");
    std::fs::write(
        &warc,
        warc_of(
            "https://www.harbour-ledger.example/news/2025/03/ferry-contract-delayed",
            &ledger,
        ),
    )
    .unwrap();
    let page = capture(LEDGER);
    let output = import(&root, &[page.to_str().unwrap(), warc.to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("is in both"),
        "{}",
        stderr(&output)
    );
    // Two articles in one WARC, one address given.
    let mut both = warc_of(
        "https://coastalwire.example/stories/wind-farm-approved",
        &std::fs::read(capture(WIRE)).unwrap(),
    );
    both.extend(warc_of(
        "https://www.harbour-ledger.example/news/2025/03/ferry-contract-delayed",
        &ledger,
    ));
    let both_path = dir.path().join("both.warc.gz");
    std::fs::write(&both_path, both).unwrap();
    let output = import(
        &root,
        &["--url", "https://x.example/a", both_path.to_str().unwrap()],
    );
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("`--url` gives one page's address, but 2 pages"),
        "{}",
        stderr(&output)
    );
    assert!(snapshot(&root) == before, "a refused import wrote files");
}

#[test]
fn a_changed_capture_fails_check_at_its_entry() {
    let (_dir, root) = new_dossier();
    assert!(
        import(&root, &[capture(COURIER).to_str().unwrap()])
            .status
            .success()
    );
    assert!(check_clean(&root).0);
    let kept = root.join("captures/valley-courier-singlefile.html");
    let mut bytes = std::fs::read(&kept).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    std::fs::write(&kept, &bytes).unwrap();
    let output = dossier(&["check", "--root", root.to_str().unwrap()]);
    assert!(!output.status.success());
    let said = stderr(&output);
    assert!(said.contains("error[capture-changed]"), "{said}");
    assert!(
        said.contains("the capture of article `school-roof-repairs`"),
        "{said}"
    );
    assert!(said.contains("annotations/articles.yaml:"), "{said}");
    // And a missing capture.
    std::fs::remove_file(&kept).unwrap();
    let said = stderr(&dossier(&["check", "--root", root.to_str().unwrap()]));
    assert!(said.contains("error[capture-missing]"), "{said}");
}

#[test]
fn nothing_is_written_for_a_file_that_is_no_page_or_a_dossier_with_errors() {
    let (dir, root) = new_dossier();
    let before = snapshot(&root);
    let cases: [(&str, &[u8]); 3] = [
        (
            "notes.txt",
            b"Just some notes about the story, not a web page at all.",
        ),
        ("scan.pdf", b"%PDF-1.7\n\x00\x01binary"),
        (
            "empty.html",
            b"<!doctype html><html><head><title>Loading</title></head><body></body></html>",
        ),
    ];
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        // With a good page beside it: the whole import is refused.
        let output = import(
            &root,
            &[capture(LEDGER).to_str().unwrap(), path.to_str().unwrap()],
        );
        assert!(!output.status.success(), "{name} was imported");
        let said = stderr(&output);
        assert!(said.contains(name), "{said}");
        assert!(said.contains("nothing was imported"), "{said}");
        assert!(snapshot(&root) == before, "{name}: the dossier changed");
    }
    // A dossier with errors takes nothing.
    std::fs::write(root.join("annotations/broken.yaml"), "people: [ { id: x\n").unwrap();
    let before = snapshot(&root);
    let output = import(&root, &[capture(LEDGER).to_str().unwrap()]);
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("the dossier has errors"),
        "{}",
        stderr(&output)
    );
    assert!(snapshot(&root) == before);
}

#[test]
fn annotations_on_an_imported_article_carry_the_time_of_its_capture() {
    let (_dir, root) = new_dossier();
    assert!(
        import(&root, &[capture(LEDGER).to_str().unwrap()])
            .status
            .success()
    );
    std::fs::write(
        root.join("annotations/ferry.yaml"),
        "people:\n  - { id: tomas-berg, name: Tomas Berg, role: Chair of the harbour board }\n",
    )
    .unwrap();
    // Published at an address, as the model wants ids to be absolute.
    let output = build_for(&root, &root.join("site"), "https://example.org/ferry/");
    assert!(output.status.success(), "{}", stderr(&output));
    let collection = json(&root.join("site/annotations.jsonld"));
    let items = collection["first"]["items"].as_array().unwrap();
    let on_ferry: Vec<&serde_json::Value> = items
        .iter()
        .filter(|i| {
            i["target"]["source"]
                .as_str()
                .unwrap()
                .contains("ferry-contract-delayed")
        })
        .collect();
    assert!(!on_ferry.is_empty());
    let captured = entry(&root, "ferry-contract-delayed")["capture"]["captured"].clone();
    for item in &on_ferry {
        assert_eq!(item["target"]["state"]["type"], "TimeState");
        assert_eq!(item["target"]["state"]["sourceDate"], captured);
    }
    let musts = w3c_assertions("annotations/annotationMusts.test");
    for item in items {
        assert_meets(item, &musts, &item["id"].to_string());
    }
}

#[cfg(unix)]
#[test]
fn a_capture_already_there_as_a_link_out_of_the_dossier_is_not_reused() {
    let (dir, root) = new_dossier();
    let outside = dir.path().join("outside.html");
    std::fs::copy(capture(WIRE), &outside).unwrap();
    std::fs::create_dir(root.join("captures")).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("captures").join(WIRE)).unwrap();
    let before = snapshot(&root);
    let output = import(&root, &[capture(WIRE).to_str().unwrap()]);
    assert!(!output.status.success(), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("nothing was imported"),
        "{}",
        stderr(&output)
    );
    assert!(snapshot(&root) == before);
}
