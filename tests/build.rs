//! `dossier build` end to end: the fixture dossiers and the example dossier, built by the
//! binary and checked in the HTML it writes.

mod common;

use common::*;

/// The texts highlighted for one target, in document order.
fn texts_of(marks: &[(String, String, String)], kind: &str, id: &str) -> Vec<String> {
    marks
        .iter()
        .filter(|(k, i, _)| k == kind && i == id)
        .map(|(_, _, t)| squash(t))
        .collect()
}

#[test]
fn highlights_land_exactly_on_their_quotes() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("newsroom"), &site);

    let wire = page(&site, "articles/wire/index.html");
    let marks = highlights(&wire);
    let of = |kind: &str, id: &str| texts_of(&marks, kind, id);
    // Curly quotes in the YAML against straight ones in a CRLF file with a byte-order mark.
    assert_eq!(of("person", "lena-ortiz"), ["The mayor's office", "Ortiz"]);
    assert_eq!(of("person", "sam-park"), ["Park", "Park"]);
    assert_eq!(
        of("claim", "no-cuts"),
        ["The mayor's office said the budget \"cuts no services\""]
    );
    assert_eq!(
        of("claim", "library-falls"),
        ["Park said the library budget falls by 12% this year"]
    );
    // A correction that overlaps the end of one claim and the start of the next.
    assert_eq!(
        of("correction", "wire-overlap"),
        ["\"cuts no services\". Park said the library"]
    );

    // Markdown: quotes match across emphasis, links and strong text; repeats are told
    // apart by their prefix.
    let report = page(&site, "articles/council-report/index.html");
    let marks = highlights(&report);
    let of = |kind: &str, id: &str| texts_of(&marks, kind, id);
    assert_eq!(
        of("claim", "no-cuts"),
        [
            "said the budget \"cuts no services\"",
            "the budget cuts no services"
        ]
    );
    assert_eq!(
        of("claim", "library-falls"),
        ["Park said the library budget falls by 12%"]
    );
    assert_eq!(
        of("person", "lena-ortiz"),
        ["Mayor Lena Ortiz", "Ortiz", "Ortiz"]
    );
    assert_eq!(
        of("person", "sam-park"),
        ["Councillor Sam Park", "Park", "Park"]
    );
    // The opening `# heading` is the headline, not repeated as body text.
    assert_eq!(select(&report, "h1.headline").len(), 1);
    assert!(select(&report, ".article-body h2").is_empty());
    // The link kept from the article stays one link; a mention inside it adds none.
    let links = select(&report, ".article-body a[href='https://example.org/park']");
    assert_eq!(links.len(), 1);
    assert!(select(&report, ".article-body a a").is_empty());
}

#[test]
fn every_seed_paragraph_is_shown_once() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&repo_root(), &site);
    for entry in std::fs::read_dir(repo_root().join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        let source = std::fs::read_to_string(&path).unwrap();
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let id = format!("seed-{}", &stem[..3]);
        let html = page(&site, &format!("articles/{id}/index.html"));

        let layout: Vec<String> = select(
            &html,
            ".article-header .headline, .article-header .byline, .article-header .dateline, .article-header .standfirst",
        )
        .into_iter()
        .map(|e| squash(&reader_text(e)))
        .collect();
        let body: Vec<String> = select(&html, ".article-body > *")
            .into_iter()
            .map(|e| squash(&reader_text(e)))
            .collect();
        let shown = format!("{}\n{}", layout.join("\n"), body.join("\n"));

        for paragraph in source.split("\n\n").map(squash).filter(|p| !p.is_empty()) {
            // Cut the layout spans out of the paragraph; every remaining piece is body text.
            let mut rest = vec![paragraph.clone()];
            for span in &layout {
                rest = rest
                    .into_iter()
                    .flat_map(|piece| {
                        piece
                            .splitn(2, span.as_str())
                            .map(|s| s.trim().to_string())
                            .collect::<Vec<_>>()
                    })
                    .collect();
            }
            for piece in rest.iter().filter(|p| !p.is_empty()) {
                assert!(
                    body.iter().any(|b| b.contains(piece.as_str())),
                    "{id}: missing from the page: {piece}"
                );
            }
        }
        // Nothing shown twice: the page carries exactly the source's characters.
        let count = |text: &str| text.chars().filter(|c| !c.is_whitespace()).count();
        assert_eq!(
            count(&shown),
            count(&source),
            "{id}: text shown more or less than once"
        );
    }
}

#[test]
fn the_example_dossier_builds_every_page_with_every_anchor() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let output = build(&repo_root(), &site);
    let messages = stderr(&output);
    assert!(output.status.success(), "{messages}");
    assert!(!messages.contains("error"), "{messages}");
    for page in [
        "index.html",
        "people/index.html",
        "claims/index.html",
        "corrections/index.html",
        "timeline/index.html",
        "sources/index.html",
        "style.css",
    ] {
        assert!(site.join(page).is_file(), "{page} missing");
    }
    let people = std::fs::read_dir(site.join("people")).unwrap().count() - 1;
    let claims = std::fs::read_dir(site.join("claims")).unwrap().count() - 1;
    assert!(people >= 10, "{people} people");
    assert!(claims >= 10, "{claims} claims");
    // At least four claims appear in two or more articles.
    let mut shared = 0;
    for entry in std::fs::read_dir(site.join("claims")).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            let html = page(&path, "index.html");
            let sources: std::collections::BTreeSet<String> =
                select(&html, ".appearances .attribution a")
                    .into_iter()
                    .map(|a| {
                        a.value()
                            .attr("href")
                            .unwrap()
                            .split('#')
                            .next()
                            .unwrap()
                            .to_string()
                    })
                    .collect();
            if sources.len() >= 2 {
                shared += 1;
            }
        }
    }
    assert!(
        shared >= 4,
        "{shared} claims appear in two or more articles"
    );
}

#[test]
fn internal_links_are_relative_and_resolve() {
    let out = tempfile::tempdir().unwrap();
    for root in [repo_root(), fixture("newsroom")] {
        let site = out.path().join(root.file_name().unwrap());
        build_ok(&root, &site);
        for entry in walkdir::WalkDir::new(&site) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "html") {
                continue;
            }
            let rel = entry
                .path()
                .strip_prefix(&site)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let html = page(&site, &rel);
            for element in select(&html, "[href], [src]") {
                let target = element
                    .value()
                    .attr("href")
                    .or(element.value().attr("src"))
                    .unwrap();
                if target.starts_with("http://")
                    || target.starts_with("https://")
                    || target.starts_with("data:")
                {
                    continue;
                }
                assert!(
                    !target.starts_with('/'),
                    "{rel}: root-absolute link {target}"
                );
                let (path, fragment) = target.split_once('#').unwrap_or((target, ""));
                let file = if path.is_empty() {
                    entry.path().to_path_buf()
                } else {
                    entry.path().parent().unwrap().join(path)
                };
                assert!(file.is_file(), "{rel}: broken link {target}");
                if !fragment.is_empty() {
                    let linked = std::fs::read_to_string(&file).unwrap();
                    assert!(
                        linked.contains(&format!("id=\"{fragment}\"")),
                        "{rel}: no #{fragment} in {target}"
                    );
                }
            }
        }
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let out = tempfile::tempdir().unwrap();
    for root in [repo_root(), fixture("newsroom")] {
        let first = out.path().join("first");
        let second = out.path().join("second");
        build_ok(&root, &first);
        build_ok(&root, &second);
        assert_eq!(snapshot(&first), snapshot(&second), "{}", root.display());
    }
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let site = root.join("site");
    build_ok(&root, &site);
    let before = snapshot(&site);

    let claims = root.join("annotations/claims/budget.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    std::fs::write(
        &claims,
        text.replace("claimant: sam-park", "claimant: sam-parc"),
    )
    .unwrap();
    let output = build(&root, &site);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    assert!(
        messages.contains("unknown person id `sam-parc`"),
        "{messages}"
    );
    assert!(
        messages.contains("annotations/claims/budget.yaml:"),
        "{messages}"
    );
    assert!(messages.contains("did you mean `sam-park`?"), "{messages}");
    assert_eq!(snapshot(&site), before);
    // No folder being built is left behind: only what a build keeps for the next (the
    // spare folder, the record of the search index, the lock).
    let names: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n == ".site.spare" || n == ".site.search.json" || n == ".site.lock"),
        "{names:?}"
    );
}

#[test]
fn nothing_from_annotations_runs_in_a_page() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("newsroom"), &site);
    // Pages and the feed (whose HTML is escaped once more as XML text). The JSON files hold
    // the annotations' own words as data, where a `<script>` is only text.
    for (rel, bytes) in snapshot(&site) {
        if !(rel.ends_with(".html") || rel.ends_with(".xml")) {
            continue;
        }
        let text = String::from_utf8_lossy(&bytes);
        let text = if rel.ends_with(".xml") {
            text.replace("&lt;", "<").replace("&gt;", ">")
        } else {
            text.into_owned()
        };
        for bad in ["onerror", "javascript:", "<img", "<style"] {
            assert!(!text.contains(bad), "{bad} in {rel}");
        }
        // The only scripts are the theme's: JSON-LD data, an article page's one script, and
        // the search page's own.
        for (at, _) in text.match_indices("<script") {
            let rest = &text[at..];
            let theirs = rest.starts_with("<script type=\"application/ld+json\">")
                || (rel.starts_with("articles/")
                    && rest.starts_with("<script src=\"../../dossier.js\" defer>"))
                || (rel == "search/index.html"
                    && (rest.starts_with("<script src=\"../search/local.js\">")
                        || rest.starts_with("<script>\n(() => {\n  const root = \"../\";")));
            assert!(theirs, "a script in {rel}: {}", &rest[..rest.len().min(60)]);
        }
    }
    // The search from disk's script is one assignment of JSON: the annotations' words are
    // data in it, never code.
    let local = std::fs::read_to_string(site.join("search/local.js")).unwrap();
    let json = local
        .strip_prefix("window.dossierSearch = ")
        .and_then(|rest| rest.strip_suffix(";\n"))
        .expect("one assignment");
    let entries: serde_json::Value = serde_json::from_str(json).unwrap();
    assert!(entries.as_array().is_some_and(|e| !e.is_empty()));
    let claim = std::fs::read_to_string(site.join("claims/figures-add-up/index.html")).unwrap();
    assert!(
        claim.contains("&lt;b&gt;Bold&lt;/b&gt; &amp; &lt;script&gt;"),
        "source titles are escaped"
    );
    let person = std::fs::read_to_string(site.join("people/lena-ortiz/index.html")).unwrap();
    assert!(
        person.contains("Elected in 2020."),
        "the description's Markdown is rendered"
    );
}

#[test]
fn the_dossier_s_templates_override_the_theme() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    override_template(
        &root,
        "people.html",
        "{% extends \"base.html\" %}{% block content %}<p id=\"own\">{{ people | length }} people</p>{% endblock content %}",
    );
    let site = root.join("site");
    build_ok(&root, &site);
    let people = std::fs::read_to_string(site.join("people/index.html")).unwrap();
    assert!(people.contains("<p id=\"own\">2 people</p>"), "{people}");
    assert!(
        people.contains("<nav"),
        "the theme's base template is still used"
    );

    // A broken override is reported at its file and line.
    std::fs::write(root.join("templates/person.html"), "{% extends \"base.html\" %}\n{% block content %}\n{{ person.name | nosuchfilter }}\n{% endblock content %}\n").unwrap();
    let output = build(&root, &site);
    assert_eq!(output.status.code(), Some(1));
    let messages = stderr(&output);
    assert!(messages.contains("templates/person.html:3:"), "{messages}");
}

#[test]
fn usage_errors_exit_with_2_and_dossier_errors_with_1() {
    assert_eq!(dossier(&["build", "--no-such-flag"]).status.code(), Some(2));
    assert_eq!(dossier(&["no-such-command"]).status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let output = build(empty.path(), &empty.path().join("site"));
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("dossier.yaml"));
    assert!(!empty.path().join("site").exists());
}

#[test]
fn the_output_folder_cannot_be_the_dossier() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    for out in [root.clone(), work.path().to_path_buf(), root.join("seeds")] {
        let output = build(&root, &out);
        // Naming the wrong folder is a usage error.
        assert_eq!(output.status.code(), Some(2), "{}", out.display());
        assert!(stderr(&output).contains("unsafe-output"));
    }
    assert!(root.join("seeds/report.md").is_file());
}

#[test]
fn base_url_gives_canonical_addresses_and_must_be_http() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let root = fixture("newsroom");
    let output = build_for(&root, &site, "https://example.org/riverton");
    assert!(output.status.success(), "{}", stderr(&output));
    let person = std::fs::read_to_string(site.join("people/sam-park/index.html")).unwrap();
    assert!(person.contains(
        "<link rel=\"canonical\" href=\"https://example.org/riverton/people/sam-park/\">"
    ));
    let output = dossier(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--base-url",
        "ftp://x",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not an http(s) URL"));
}

#[test]
fn person_pages_list_the_claims_made_and_those_that_mention_them() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&repo_root(), &site);
    let links = |path: &str, section: &str| -> Vec<String> {
        let html = page(&site, path);
        select(&html, &format!("section[aria-labelledby='{section}'] a"))
            .into_iter()
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect()
    };
    let made = links("people/donald-trump/index.html", "claims-made");
    assert!(
        made.contains(&"../../claims/trump-witch-hunt/index.html".to_string()),
        "{made:?}"
    );
    assert!(
        !made
            .iter()
            .any(|l| l.contains("sessions-met-kislyak-twice")),
        "{made:?}"
    );
    // "declared his "total" confidence in Mr Sessions" mentions Sessions; Trump made it.
    let about = links("people/jeff-sessions/index.html", "claims-about");
    assert!(
        about.contains(&"../../claims/trump-total-confidence/index.html".to_string()),
        "{about:?}"
    );
    let trump_about = links("people/donald-trump/index.html", "claims-about");
    assert!(
        !trump_about.iter().any(|l| l.contains("trump-witch-hunt")),
        "a claim is not about its own claimant"
    );
}

#[test]
fn the_overview_charts_claims_by_rating_without_script() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("newsroom"), &site);
    let html = page(&site, "index.html");
    // Three claims, one for each rating of the fixture's scale: one bar each, the longest
    // for the most claims, each linking to its group of claims.
    let bars = select(&html, ".rating-chart rect.chart-bar");
    assert_eq!(bars.len(), 3);
    let links: Vec<&str> = select(&html, ".rating-chart a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        links,
        [
            "claims/index.html#rating-accurate",
            "claims/index.html#rating-inaccurate",
            "claims/index.html#rating-unclear"
        ]
    );
    assert!(select(&html, ".rating-chart script").is_empty());
    let description = select(&html, ".rating-chart desc")[0]
        .text()
        .collect::<String>();
    assert_eq!(description, "Accurate: 1; Inaccurate: 1; Unclear: 1");
}

#[test]
fn claims_and_corrections_have_margin_notes_with_their_verdict() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("newsroom"), &site);
    let html = page(&site, "articles/wire/index.html");
    let notes: Vec<String> = select(&html, ".article-body .sidenote .note-body")
        .into_iter()
        .map(|n| squash(&n.text().collect::<String>()))
        .collect();
    // Each margin note names the first mark of its highlight, and comes just before it.
    let margin = select(&html, ".article-body .sidenote[data-note-for]");
    assert_eq!(margin.len(), notes.len());
    for note in &margin {
        let id = note.value().attr("data-note-for").unwrap();
        let next = note
            .next_siblings()
            .find_map(scraper::ElementRef::wrap)
            .unwrap();
        assert_eq!(next.value().name(), "mark");
        assert_eq!(next.value().attr("id"), Some(id));
    }
    // The same notes stay behind toggles for narrow screens.
    assert_eq!(
        select(&html, ".article-body .inline-note").len(),
        notes.len()
    );
    assert!(
        notes.contains(&"Inaccurate The budget cuts no services.".to_string()),
        "{notes:?}"
    );
    assert!(
        notes.contains(&"Accurate The library budget falls by 12% this year.".to_string()),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("Clarification: The vote was on Wednesday 1 May.")),
        "{notes:?}"
    );
    // A person's role rides on the link to them, for hover and keyboard focus.
    let park = select(&html, ".article-body mark.person a[data-role]");
    assert!(
        park.iter()
            .all(|a| a.value().attr("data-role") == Some("Councillor")
                || a.value().attr("data-role") == Some("Mayor of Riverton"))
    );
    assert!(!park.is_empty());
    // Every toggle's label names an input of the page, which makes the note work without script.
    for label in select(&html, "label.margin-toggle") {
        let target = label.value().attr("for").unwrap();
        assert_eq!(
            select(&html, &format!("input#{target}[type=checkbox]")).len(),
            1
        );
    }
}

#[test]
fn a_build_ends_with_a_summary_line_unless_quiet() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let root = fixture("newsroom");
    let output = build(&root, &site);
    let messages = stderr(&output);
    assert!(
        messages.starts_with("built 16 pages (")
            && messages.contains(" anchors) into ")
            && messages.trim_end().ends_with(" ms"),
        "{messages}"
    );
    // Not a terminal: no progress bar, only the line.
    assert_eq!(messages.lines().count(), 1, "{messages}");
    let args = ["--quiet"];
    let output = dossier(
        &[
            &[
                "build",
                "--root",
                root.to_str().unwrap(),
                "--out",
                site.to_str().unwrap(),
            ][..],
            &args,
        ]
        .concat(),
    );
    assert!(output.status.success());
    assert!(output.stderr.is_empty(), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}

/// A rebuild writes into the site before last and reuses unchanged parts of the search index:
/// after any sequence of edits it must still equal a fresh build.
#[test]
fn rebuilds_after_edits_and_reverts_equal_a_fresh_build() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    let site = work.path().join("site");
    let claims = root.join("annotations/claims/budget.yaml");
    let original = std::fs::read_to_string(&claims).unwrap();
    let edited = original.replace(
        "statement: The figures do not add up.",
        "statement: The figures still do not add up.",
    );
    assert_ne!(original, edited);
    let article = root.join("seeds/wire.txt");
    let wire = std::fs::read_to_string(&article).unwrap();
    let steps: [(&str, &std::path::Path, &str); 5] = [
        ("first", &claims, &original),
        ("claim edited", &claims, &edited),
        ("claim reverted", &claims, &original),
        (
            "article edited",
            &article,
            &format!("{wire}\nA late paragraph.\n"),
        ),
        ("article reverted", &article, &wire),
    ];
    for (step, file, text) in steps {
        std::fs::write(file, text).unwrap();
        build_ok(&root, &site);
        let fresh = work
            .path()
            .join(format!("fresh-{}", step.replace(' ', "-")));
        build_ok(&root, &fresh);
        assert!(
            snapshot(&site) == snapshot(&fresh),
            "{step}: the rebuilt site differs"
        );
    }
}

#[test]
fn the_overview_of_a_long_investigation_names_its_latest_sources() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    for i in 0..30 {
        std::fs::write(
            root.join(format!("seeds/extra-{i:02}.md")),
            format!("---\ntitle: Extra report {i:02}\npublished: 2024-06-{:02}\n---\n\nMore on the budget.\n", i % 28 + 1),
        )
        .unwrap();
    }
    let site = work.path().join("site");
    build_ok(&root, &site);
    let overview = page(&site, "index.html");
    let listed = select(&overview, ".source-cards li");
    assert_eq!(listed.len(), 25);
    let text: String = overview.root_element().text().collect();
    assert!(text.contains("The 25 latest of 32 articles"), "{text}");
    // All of them on the sources page.
    let sources = page(&site, "sources/index.html");
    assert_eq!(select(&sources, ".article-list li").len(), 32);
}

#[test]
fn the_sources_of_a_long_investigation_run_over_pages() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("newsroom", work.path());
    // 600 articles besides the fixture's two: three pages of 250.
    for i in 0..600 {
        std::fs::write(
            root.join(format!("seeds/extra-{i:03}.md")),
            format!(
                "---\ntitle: Extra report {i:03}\npublished: 2023-{:02}-{:02}\n---\n\nMore on the budget.\n",
                i % 12 + 1,
                i % 28 + 1
            ),
        )
        .unwrap();
    }
    let site = work.path().join("site");
    build_ok(&root, &site);
    let paths = [
        "sources/index.html",
        "sources/page/2/index.html",
        "sources/page/3/index.html",
    ];
    assert!(!site.join("sources/page/4").exists());
    let mut listed = Vec::new();
    for (n, path) in paths.iter().enumerate() {
        let sources = page(&site, path);
        let titles: Vec<String> = select(&sources, ".article-list li > a:first-child")
            .into_iter()
            .map(reader_text)
            .collect();
        assert_eq!(titles.len(), [250, 250, 102][n], "{path}");
        listed.extend(titles);
        let current = select(&sources, ".pagination a[aria-current=page]");
        assert_eq!(reader_text(current[0]), (n + 1).to_string(), "{path}");
        let title: String = select(&sources, "title")[0].text().collect();
        assert!(
            title.starts_with(&format!("Sources, page {} of 3", n + 1)),
            "{title}"
        );
        let next = select(&sources, ".pagination a[rel=next]");
        let previous = select(&sources, ".pagination a[rel=prev]");
        assert_eq!(
            next.len(),
            if n < 2 { 2 } else { 0 },
            "{path}: above and below"
        );
        assert_eq!(previous.len(), if n > 0 { 2 } else { 0 }, "{path}");
    }
    // Every article once, earliest first.
    assert_eq!(listed.len(), 602);
    let unique: std::collections::BTreeSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), 602);
    assert!(listed[0].starts_with("Extra report"), "{}", listed[0]);
    // Every link of these pages resolves: `check` follows them all.
    let checked = dossier(&["check", "--root", root.to_str().unwrap()]);
    assert!(checked.status.success(), "{}", stderr(&checked));
}

#[test]
fn the_sources_page_lists_the_evidence_once_each_with_the_claims_citing_it() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&fixture("newsroom"), &site);
    let html = page(&site, "sources/index.html");
    let items = select(&html, ".bibliography li");
    // Two claims cite one address: one entry, naming both; a source without an address is
    // listed by its title, escaped.
    assert_eq!(items.len(), 2, "{items:?}");
    let budget = items
        .iter()
        .find(|li| !select_in(li, "a[href=\"https://example.org/budget\"]").is_empty())
        .expect("the budget's entry");
    let text = squash(&budget.text().collect::<String>());
    assert!(text.contains("The budget cuts no services."), "{text}");
    assert!(
        text.contains("The library budget falls by 12% this year."),
        "{text}"
    );
    let plain = items
        .iter()
        .find(|li| !select_in(li, "cite").is_empty())
        .expect("the entry without an address");
    assert!(
        squash(&plain.text().collect::<String>()).starts_with("<b>Bold</b> & <script>"),
        "the title is text"
    );
}

#[test]
fn errors_found_in_the_reports_and_changes_to_the_dossier_are_told_apart() {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    build_ok(&repo_root(), &site);
    let data: serde_json::Value = json(&site.join("dossier.json"));
    let html = page(&site, "corrections/index.html");
    for correction in data["corrections"].as_array().unwrap() {
        let id = correction["id"].as_str().unwrap();
        let kind = correction["target"]["type"].as_str().unwrap();
        // A correction of an article's passage (or of an article) is a finding about the
        // report; one of a claim or a person is a change to the dossier.
        let section = if matches!(kind, "passage" | "article") {
            "findings"
        } else {
            "changes"
        };
        let found = select(
            &html,
            &format!("section[aria-labelledby={section}] article[id=\"{id}\"]"),
        );
        assert_eq!(found.len(), 1, "{id} ({kind}) is not under #{section}");
    }
    let timeline = page(&site, "timeline/index.html");
    assert!(select(&timeline, ".timeline-correction").is_empty());
    assert!(!select(&timeline, ".timeline-finding").is_empty());
    assert!(!select(&timeline, ".timeline-change").is_empty());
}
