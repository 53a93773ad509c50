//! `dossier serve`, run as a user runs it: what it serves after every kind of edit, what it
//! refuses to serve, and how it answers HTTP.

mod annotate;
#[path = "../common/mod.rs"]
mod common;
mod support;

use std::path::Path;

use common::{copy_fixture, snapshot};
use support::{Server, request, request_for, without_live_reload};

/// Asserts that the server serves exactly what `dossier build` makes of the dossier now:
/// the same files, byte for byte (less the live-reload script in pages).
fn assert_serves_a_fresh_build(server: &Server, root: &Path, work: &Path, step: &str) {
    let status = server.settled_after(0);
    assert_eq!(status["errors"], 0, "{step}: {}", server.stderr());
    let out = work.join(format!("fresh-{}", step.replace(' ', "-")));
    let built = common::build_for(root, &out, &server.url);
    assert!(built.status.success(), "{step}: {}", common::stderr(&built));
    let mut fresh = snapshot(&out);
    // The mark a build leaves in the folders it writes is no file of the site.
    fresh.remove(".dossier-site");
    let served: Vec<String> = status["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        served,
        fresh.keys().cloned().collect::<Vec<_>>(),
        "{step}: the served files differ from a fresh build's"
    );
    for (path, contents) in &fresh {
        let reply = server.get(&format!("/{path}"));
        assert_eq!(reply.status, 200, "{step}: /{path}");
        let body = if path.ends_with(".html") {
            without_live_reload(&reply.body)
        } else {
            reply.body
        };
        assert!(
            &body == contents,
            "{step}: /{path} differs from a fresh build's"
        );
    }
}

/// Makes a change and waits for the server to take it in.
fn change(server: &Server, edit: impl FnOnce()) {
    let before = server.generation();
    edit();
    server.settled_after(before);
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn after_any_sequence_of_edits_the_served_site_equals_a_fresh_build() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let server = Server::start(&root);
    let annotations = root.join("annotations");
    assert_serves_a_fresh_build(&server, &root, work.path(), "start");

    change(&server, || {
        replace_in(
            &annotations.join("people.yaml"),
            "role: Councillor",
            "role: Councillor for Ward 3",
        )
    });
    assert!(server.shows("/people/sam-park/", "Councillor for Ward 3"));
    assert_serves_a_fresh_build(&server, &root, work.path(), "edit");

    // An article's own text: its names and quotes are looked for again.
    change(&server, || {
        let wire = root.join("seeds/wire.txt");
        let mut text = std::fs::read(&wire).unwrap();
        text.extend_from_slice(b"\r\nLater, Councillor Sam Park declined to comment.\r\n");
        std::fs::write(&wire, text).unwrap();
    });
    assert!(server.shows("/articles/wire/", "declined to comment"));
    assert_serves_a_fresh_build(&server, &root, work.path(), "article text");

    // Other aliases: every article is scanned for names again.
    let before = server.get("/people/sam-park/").text();
    change(&server, || {
        replace_in(
            &annotations.join("people.yaml"),
            "aliases: [Park, Councillor Sam Park]",
            "aliases: [Councillor Sam Park]",
        )
    });
    assert_ne!(server.get("/people/sam-park/").text(), before);
    assert_serves_a_fresh_build(&server, &root, work.path(), "aliases");

    change(&server, || {
        std::fs::write(
            annotations.join("events.yaml"),
            "events:\n  - { id: budget-vote, date: 2024-05-02, title: The budget vote is postponed, refs: [no-cuts] }\n",
        )
        .unwrap()
    });
    assert!(server.shows("/timeline/", "The budget vote is postponed"));
    assert_serves_a_fresh_build(&server, &root, work.path(), "new file");

    // An editor's save: write a temporary file beside, then rename it over the original.
    change(&server, || {
        let people = annotations.join("people.yaml");
        let text = std::fs::read_to_string(&people).unwrap().replace(
            "role: Mayor of Riverton",
            "role: Mayor of Riverton since 2020",
        );
        let temporary = annotations.join(".people.yaml.tmp");
        std::fs::write(&temporary, text).unwrap();
        std::fs::rename(&temporary, &people).unwrap();
    });
    assert!(server.shows("/people/lena-ortiz/", "Mayor of Riverton since 2020"));
    assert_serves_a_fresh_build(&server, &root, work.path(), "save by rename");

    change(&server, || {
        std::fs::remove_file(annotations.join("events.yaml")).unwrap()
    });
    assert!(!server.shows("/timeline/", "The budget vote is postponed"));
    assert_serves_a_fresh_build(&server, &root, work.path(), "delete");

    // The whole folder replaced by a renamed copy; then an edit inside the new folder, which
    // must be watched too, and one inside the old, which no longer counts.
    change(&server, || {
        let copy = root.join("annotations-new");
        common::copy_dir(&annotations, &copy);
        replace_in(
            &copy.join("people.yaml"),
            "name: Sam Park",
            "name: Samuel Park",
        );
        std::fs::rename(&annotations, root.join("annotations-old")).unwrap();
        std::fs::rename(&copy, &annotations).unwrap();
    });
    assert!(server.shows("/people/sam-park/", "Samuel Park"));
    assert_serves_a_fresh_build(&server, &root, work.path(), "folder renamed");
    change(&server, || {
        replace_in(
            &annotations.join("people.yaml"),
            "name: Samuel Park",
            "name: Sam J. Park",
        )
    });
    assert!(server.shows("/people/sam-park/", "Sam J. Park"));
    std::fs::write(root.join("annotations-old/people.yaml"), "people: [").unwrap();
    assert_serves_a_fresh_build(&server, &root, work.path(), "new folder edited");

    // A new article, then its removal.
    change(&server, || {
        std::fs::write(
            root.join("seeds/late.txt"),
            "Late edition\n\nMayor Lena Ortiz spoke again on Friday.\n",
        )
        .unwrap()
    });
    assert_eq!(server.get("/articles/late/").status, 200);
    assert_serves_a_fresh_build(&server, &root, work.path(), "new article");
    change(&server, || {
        std::fs::remove_file(root.join("seeds/late.txt")).unwrap()
    });
    assert_eq!(server.get("/articles/late/").status, 404);
    assert_serves_a_fresh_build(&server, &root, work.path(), "article removed");

    // The theme: a template override, its folder created and then removed whole.
    change(&server, || {
        common::override_template(
            &root,
            "404.html",
            "{% extends \"base.html\" %}{% block content %}<h1>Nothing here, says the test</h1>{% endblock content %}",
        )
    });
    assert!(server.shows("/no-such-page", "Nothing here, says the test"));
    assert_serves_a_fresh_build(&server, &root, work.path(), "template added");
    change(&server, || {
        std::fs::remove_dir_all(root.join("templates")).unwrap()
    });
    assert!(!server.shows("/no-such-page", "Nothing here, says the test"));
    assert_serves_a_fresh_build(&server, &root, work.path(), "template removed");

    change(&server, || {
        replace_in(
            &root.join("dossier.yaml"),
            "title: Riverton budget dossier",
            "title: Riverton budget",
        )
    });
    assert_serves_a_fresh_build(&server, &root, work.path(), "configuration");
    assert!(server.terminate().success());
}

#[test]
fn a_broken_edit_shows_its_errors_over_the_last_good_pages_until_fixed() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let server = Server::start(&root);
    let people = root.join("annotations/people.yaml");
    let good = std::fs::read_to_string(&people).unwrap();

    change(&server, || {
        std::fs::write(
            &people,
            good.replace("  - id: sam-park", "  - id: sam-park\n   broken: ["),
        )
        .unwrap()
    });
    let status = server.status();
    assert!(status["errors"].as_u64().unwrap() >= 1);
    // The last good page, with the overlay naming the file and line.
    let page = server.get("/people/sam-park/");
    assert_eq!(page.status, 200);
    let text = page.text();
    assert!(
        text.contains("Councillor"),
        "the last good page is still served"
    );
    assert!(text.contains("<dialog open id=\"dossier-errors\""));
    assert!(text.contains("annotations/people.yaml:"), "{text}");
    // Only the file's own error: references into it are not reported again.
    assert!(!text.contains("unknown-id"), "{text}");
    assert!(
        server
            .stderr()
            .contains("still serving the last good build")
    );
    // Pages that are not HTML are served as they were.
    assert_eq!(server.get("/dossier.json").status, 200);

    change(&server, || std::fs::write(&people, &good).unwrap());
    assert_eq!(server.status()["errors"], 0);
    assert!(!server.shows("/people/sam-park/", "dossier-errors"));
}

#[test]
fn template_errors_show_at_once_in_every_page_or_in_the_one_page_they_break() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let server = Server::start(&root);
    let theme = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/person.html"),
    )
    .unwrap();
    let first_line = "{% extends \"base.html\" %}\n";
    assert!(theme.starts_with(first_line));

    // A template that fails for every person: the server tries a page of each kind at once,
    // so every page shows the error over the last good build.
    change(&server, || {
        common::override_template(
            &root,
            "person.html",
            &theme.replacen(
                "<h1>{{ person.name }}</h1>",
                "<h1>{{ person.no_such_field }}</h1>",
                1,
            ),
        )
    });
    assert!(server.status()["errors"].as_u64().unwrap() >= 1);
    let page = server.get("/people/sam-park/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Councillor"), "the last good page");
    assert!(
        page.text().contains("templates/person.html"),
        "{}",
        page.text()
    );

    // A template that fails for one person only: the other pages are served, and that page
    // is an error page naming the template.
    change(&server, || {
        common::override_template(
            &root,
            "person.html",
            &theme.replacen(
                "<h1>{{ person.name }}</h1>",
                "<h1>{% if person.id == \"sam-park\" %}{{ person.no_such_field }}{% else %}{{ person.name }}{% endif %}</h1>",
                1,
            ),
        )
    });
    let status = server.status();
    assert_eq!(status["errors"], 0, "{}", server.stderr());
    assert_eq!(server.get("/people/lena-ortiz/").status, 200);
    let broken = server.get("/people/sam-park/");
    assert_eq!(broken.status, 500);
    assert!(broken.text().contains("<dialog open id=\"dossier-errors\""));
    assert!(broken.text().contains("This page cannot be made"));
    assert!(
        broken.text().contains("templates/person.html"),
        "{}",
        broken.text()
    );
    assert!(server.stderr().contains("templates/person.html"));

    // Fixed, the page is served again.
    change(&server, || {
        std::fs::remove_dir_all(root.join("templates")).unwrap()
    });
    let page = server.get("/people/sam-park/");
    assert_eq!(page.status, 200);
    assert!(!page.text().contains("dossier-errors"));
}

#[test]
fn a_template_broken_from_the_start_is_reported_before_any_page_is_served() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    common::override_template(
        &root,
        "claim.html",
        "{% extends \"base.html\" %}{% block content %}{{ claim.no_such_field }}{% endblock content %}",
    );
    let server = Server::start(&root);
    // Every page, even one the broken template does not make: no build is good yet.
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains("templates/claim.html"),
        "{}",
        page.text()
    );
    change(&server, || {
        std::fs::remove_dir_all(root.join("templates")).unwrap()
    });
    assert_eq!(server.get("/").status, 200);
}

#[test]
fn a_dossier_broken_from_the_start_is_served_once_fixed() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let config = root.join("dossier.yaml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, "title: [").unwrap();
    let server = Server::start(&root);
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(page.text().contains("dossier.yaml:"), "{}", page.text());
    change(&server, || std::fs::write(&config, &good).unwrap());
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Riverton budget dossier"));
}

#[test]
fn nothing_outside_the_site_can_be_reached() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let secret = "SECRET-NOT-IN-THE-SITE";
    std::fs::write(work.path().join("secret.txt"), secret).unwrap();
    std::fs::write(root.join("secret.txt"), secret).unwrap();
    // A link in the site's static files to a file outside it: an error, so no site is
    // served, only the overlay that names the link.
    std::fs::create_dir_all(root.join("static")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        work.path().join("secret.txt"),
        root.join("static/secret.txt"),
    )
    .unwrap();
    let server = Server::start(&root);
    let page = server.get("/");
    assert_eq!(page.status, 503);
    assert!(
        page.text().contains("static/secret.txt") && page.text().contains("outside the dossier"),
        "{}",
        page.text()
    );
    for target in [
        "/../secret.txt",
        "/../../secret.txt",
        "/articles/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/secret.txt",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/..%2Fdossier%2Fsecret.txt",
        "/%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/articles\\..\\..\\secret.txt",
        "//secret.txt",
        "//etc/passwd",
        "/secret.txt",
        "/static/secret.txt",
        "/seeds/wire.txt",
        "/annotations/people.yaml",
        "/dossier.yaml",
        "/../dossier/dossier.yaml",
        "/%00",
        "/index.html%00.txt",
        "/../../../../../../etc/passwd",
        "/....//....//etc/passwd",
    ] {
        let reply = request(&server.address, "GET", target, &[]);
        assert!(
            [400, 404, 503].contains(&reply.status),
            "{target} answered {}",
            reply.status
        );
        let text = reply.text();
        assert!(!text.contains(secret), "{target} served the secret");
        assert!(!text.contains("root:x:0:0"), "{target} served /etc/passwd");
        assert!(
            !text.contains("lena-ortiz"),
            "{target} served a source file"
        );
    }
}

#[test]
fn http_content_types_head_conditional_requests_and_the_404_page() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let server = Server::start(&root);
    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/style.css", "text/css; charset=utf-8"),
        ("/feed.xml", "application/atom+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/dossier.json", "application/json"),
        ("/annotations.jsonld", "application/ld+json"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/pagefind/pagefind.js", "text/javascript; charset=utf-8"),
        ("/__dossier/live.js", "text/javascript; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
    }

    let get = server.get("/people/");
    let head = request(&server.address, "HEAD", "/people/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert_eq!(
        head.header("content-length"),
        Some(get.body.len().to_string().as_str())
    );
    assert_eq!(head.header("etag"), get.header("etag"));

    let etag = get.header("etag").unwrap();
    let again = request(
        &server.address,
        "GET",
        "/people/",
        &[("If-None-Match", etag)],
    );
    assert_eq!(again.status, 304);
    assert!(again.body.is_empty());
    let modified = get.header("last-modified").unwrap();
    let again = request(
        &server.address,
        "GET",
        "/people/",
        &[("If-Modified-Since", modified)],
    );
    assert_eq!(again.status, 304);
    let other = request(
        &server.address,
        "GET",
        "/people/",
        &[("If-None-Match", "\"other\"")],
    );
    assert_eq!(other.status, 200);

    let redirect = server.get("/people");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("/people/"));

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    let out = work.path().join("fresh");
    assert!(common::build_for(&root, &out, &server.url).status.success());
    assert_eq!(
        without_live_reload(&missing.body),
        std::fs::read(out.join("404.html")).unwrap(),
        "the site's own 404 page"
    );

    let post = request(&server.address, "POST", "/", &[("Content-Length", "0")]);
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[test]
fn a_burst_of_requests_is_answered_in_full() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let server = Server::start(&root);
    let paths = [
        "/",
        "/people/",
        "/claims/",
        "/style.css",
        "/dossier.json",
        "/articles/wire/",
    ];
    let answered: Vec<u16> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..300)
            .map(|i| {
                let address = server.address.clone();
                let path = paths[i % paths.len()];
                scope.spawn(move || request(&address, "GET", path, &[]).status)
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(answered.len(), 300);
    assert!(answered.iter().all(|&status| status == 200), "{answered:?}");
}

#[test]
fn it_listens_on_loopback_and_stops_on_sigterm_with_pages_open() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let server = Server::start(&root);
    assert!(
        server.address.starts_with("127.0.0.1:"),
        "{}",
        server.address
    );
    // An open page's event stream must not keep the server from stopping.
    let mut events = std::net::TcpStream::connect(&server.address).unwrap();
    std::io::Write::write_all(
        &mut events,
        format!(
            "GET /__dossier/events?path=index.html&etag=x HTTP/1.1\r\nHost: {}\r\n\r\n",
            server.address
        )
        .as_bytes(),
    )
    .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(200));
    let status = server.terminate();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let output = common::dossier(&["serve", "--root", root.to_str().unwrap(), "--port", &port]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = common::stderr(&output);
    assert!(
        stderr.contains(&format!("the port {port} is already in use")),
        "{stderr}"
    );
    assert!(stderr.contains("--port 0"), "{stderr}");
}

#[test]
fn a_request_for_another_host_is_refused_on_every_endpoint() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let server = Server::start(&root);
    let port = server.address.rsplit(':').next().unwrap().to_string();
    let paths = [
        "/",
        "/dossier.json",
        "/annotations.jsonld",
        "/articles/wire/",
        "/no-such-page",
        "/__dossier/status",
        "/__dossier/events?path=/&etag=x",
        "/__dossier/live.js",
    ];
    // What a rebinding page sends: its own name, with the server's port or without.
    let foreign = [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("127.0.0.1.evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.parse::<u16>().unwrap() + 1),
    ];
    for path in paths {
        for host in &foreign {
            for method in ["GET", "HEAD", "POST"] {
                let reply = request_for(&server.address, Some(host), method, path, &[]);
                assert_eq!(reply.status, 421, "{method} {path} as {host}");
                assert!(
                    reply.body.is_empty(),
                    "{method} {path} as {host} has a body"
                );
            }
        }
        let reply = request_for(&server.address, None, "GET", path, &[]);
        assert_eq!(reply.status, 421, "{path} without a Host");
        assert!(reply.body.is_empty());
        // A target named in full goes by its own host, whatever the `Host` says; and a
        // second `Host` is one too many.
        let absolute = format!("http://evil.example{path}");
        for host in [Some(server.address.as_str()), None] {
            let reply = request_for(&server.address, host, "GET", &absolute, &[]);
            assert_eq!(reply.status, 421, "{absolute} as {host:?}");
            assert!(reply.body.is_empty());
        }
        let reply = request_for(
            &server.address,
            Some(&server.address),
            "GET",
            path,
            &[("Host", "evil.example")],
        );
        assert_eq!(reply.status, 421, "{path} with two Hosts");
    }
    // The names the server is reached by are answered.
    for host in [server.address.clone(), format!("localhost:{port}")] {
        let reply = request_for(&server.address, Some(&host), "GET", "/dossier.json", &[]);
        assert_eq!(reply.status, 200, "as {host}");
    }
}
