//! What is published for other programs: annotations.jsonld against the W3C's own
//! conformance assertions, the Atom feed, the sitemap, dossier.json and the JSON-LD in pages.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const BASE_URL: &str = "https://example.org/newsroom/dossier/";

/// The newsroom fixture built under a subpath.
fn published() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let site = out.path().join("site");
    let root = fixture("newsroom");
    let output = build_for(&root, &site, BASE_URL);
    assert!(output.status.success(), "{}", stderr(&output));
    (out, site)
}

#[test]
fn annotations_meet_the_w3c_model_s_musts_and_hold_every_anchor() {
    let (_out, site) = published();
    let collection = json(&site.join("annotations.jsonld"));
    assert_meets(
        &collection,
        &w3c_assertions("collections/collectionMusts.test"),
        "the collection",
    );
    let page = &collection["first"];
    assert_meets(
        page,
        &w3c_assertions("collections/pages/pageMusts.test"),
        "the page",
    );
    let annotation_musts = w3c_assertions("annotations/annotationMusts.test");
    assert!(annotation_musts.len() > 40);
    let items = page["items"].as_array().unwrap();
    for item in items {
        assert_meets(item, &annotation_musts, &item["id"].to_string());
    }

    // One annotation per highlight on the article pages, each with both selectors agreeing.
    let data = json(&site.join("dossier.json"));
    let mut marks = 0;
    for article in data["articles"].as_array().unwrap() {
        let id = article["id"].as_str().unwrap();
        let html = page_html(&site, &format!("articles/{id}/index.html"));
        marks += html.matches(" id=\"m-").count()
            + html.matches(" id=\"c-").count()
            + html.matches(" id=\"fix-").count();
    }
    assert_eq!(items.len(), marks);
    assert_eq!(collection["total"], marks);
    let texts: std::collections::BTreeMap<String, Vec<char>> = data["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                format!("{BASE_URL}articles/{}/", a["id"].as_str().unwrap()),
                a["text"].as_str().unwrap().chars().collect(),
            )
        })
        .collect();
    let motivations: BTreeSet<&str> = items
        .iter()
        .map(|i| i["motivation"].as_str().unwrap())
        .collect();
    assert_eq!(
        motivations,
        BTreeSet::from(["assessing", "editing", "identifying"])
    );
    for item in items {
        let target = &item["target"];
        let text = &texts[target["source"].as_str().unwrap()];
        let quote = &target["selector"][0];
        let position = &target["selector"][1];
        assert_eq!(quote["type"], "TextQuoteSelector");
        assert_eq!(position["type"], "TextPositionSelector");
        let (start, end) = (
            position["start"].as_u64().unwrap() as usize,
            position["end"].as_u64().unwrap() as usize,
        );
        let exact: String = text[start..end].iter().collect();
        assert_eq!(quote["exact"], exact.as_str());
        let prefix: String = text[start.saturating_sub(32)..start].iter().collect();
        assert_eq!(quote["prefix"], prefix.as_str());
    }
}

fn page_html(site: &Path, path: &str) -> String {
    std::fs::read_to_string(site.join(path)).unwrap()
}

#[test]
fn the_feed_is_atom_with_an_entry_per_correction_newest_first() {
    let (_out, site) = published();
    let file = std::fs::File::open(site.join("feed.xml")).unwrap();
    let feed =
        atom_syndication::Feed::read_from(std::io::BufReader::new(file)).expect("valid Atom");
    let data = json(&site.join("dossier.json"));
    let corrections = data["corrections"].as_array().unwrap();
    assert_eq!(feed.entries().len(), corrections.len());
    let dates: Vec<_> = feed.entries().iter().map(|e| *e.updated()).collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "newest first");
    for entry in feed.entries() {
        assert!(entry.id().starts_with(BASE_URL), "{}", entry.id());
        let link = entry.links()[0].href();
        assert!(link.starts_with(BASE_URL), "{link}");
    }
    let overlap = feed
        .entries()
        .iter()
        .find(|e| e.id().ends_with("#wire-overlap"))
        .unwrap();
    assert!(
        overlap.links()[0]
            .href()
            .ends_with("articles/wire/#fix-wire-overlap")
    );
    assert!(
        feed.links()
            .iter()
            .any(|l| l.rel() == "self" && l.href() == format!("{BASE_URL}feed.xml"))
    );
}

#[test]
fn the_sitemap_lists_every_page_under_the_base_url() {
    let (_out, site) = published();
    let sitemap = std::fs::read_to_string(site.join("sitemap.xml")).unwrap();
    let locations: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().unwrap())
        .collect();
    let pages = snapshot(&site)
        .keys()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .count();
    assert_eq!(locations.len(), pages);
    assert!(
        locations
            .iter()
            .all(|l| l.starts_with(BASE_URL) && !l.contains("index.html"))
    );
    let robots = std::fs::read_to_string(site.join("robots.txt")).unwrap();
    assert!(robots.contains(&format!("Sitemap: {BASE_URL}sitemap.xml")));
}

#[test]
fn dossier_json_holds_every_id_and_offset() {
    let (_out, site) = published();
    let data = json(&site.join("dossier.json"));
    assert_eq!(data["version"], 1);
    let ids = |section: &str| -> BTreeSet<String> {
        data[section]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        ids("articles"),
        BTreeSet::from(["council-report".to_string(), "wire".to_string()])
    );
    assert_eq!(
        ids("people"),
        BTreeSet::from(["lena-ortiz".to_string(), "sam-park".to_string()])
    );
    assert_eq!(ids("claims").len(), 3);
    assert_eq!(ids("corrections").len(), 3);
    assert_eq!(ids("events"), BTreeSet::from(["vote".to_string()]));
    let articles: std::collections::BTreeMap<&str, Vec<char>> = data["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["id"].as_str().unwrap(),
                a["text"].as_str().unwrap().chars().collect(),
            )
        })
        .collect();
    for person in data["people"].as_array().unwrap() {
        for mention in person["mentions"].as_array().unwrap() {
            let text = &articles[mention["article"].as_str().unwrap()];
            let (start, end) = (
                mention["start"].as_u64().unwrap() as usize,
                mention["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                text[start..end].iter().collect::<String>(),
                mention["text"].as_str().unwrap()
            );
        }
    }
    let claim = data["claims"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "no-cuts")
        .unwrap();
    assert_eq!(claim["rating"], "inaccurate");
    assert_eq!(claim["claimant"]["id"], "lena-ortiz");
    assert_eq!(claim["appearances"].as_array().unwrap().len(), 3);
}

/// The JSON-LD of a page.
fn jsonld(site: &Path, path: &str) -> Value {
    let html = page_html(site, path);
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("JSON-LD in the page")
        + 35;
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

#[test]
fn pages_carry_schema_org_json_ld() {
    let (_out, site) = published();
    let data = json(&site.join("dossier.json"));
    let labels: std::collections::BTreeMap<&str, &str> = data["ratings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["id"].as_str().unwrap(), r["label"].as_str().unwrap()))
        .collect();
    for claim in data["claims"].as_array().unwrap() {
        let id = claim["id"].as_str().unwrap();
        let review = jsonld(&site, &format!("claims/{id}/index.html"));
        assert_eq!(review["@type"], "ClaimReview");
        assert_eq!(review["claimReviewed"], claim["statement"]);
        assert_eq!(review["url"], format!("{BASE_URL}claims/{id}/"));
        assert_eq!(
            review["reviewRating"]["alternateName"],
            labels[claim["rating"].as_str().unwrap()]
        );
        assert_eq!(review["itemReviewed"]["@type"], "Claim");
        let articles: BTreeSet<&str> = claim["appearances"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["article"].as_str().unwrap())
            .collect();
        assert_eq!(
            review["itemReviewed"]["appearance"]
                .as_array()
                .unwrap()
                .len(),
            articles.len()
        );
        assert!(review["author"]["name"].is_string());
    }
    let review = jsonld(&site, "claims/no-cuts/index.html");
    assert_eq!(review["itemReviewed"]["author"]["name"], "Lena Ortiz");
    assert_eq!(review["itemReviewed"]["datePublished"], "2024-05-01");
    let library = jsonld(&site, "claims/library-falls/index.html");
    assert_eq!(
        library["datePublished"], "2024-05-04",
        "the review date follows its rating change"
    );

    let article = jsonld(&site, "articles/wire/index.html");
    assert_eq!(article["@type"], "NewsArticle");
    let corrections = article["correction"].as_array().unwrap();
    assert_eq!(corrections.len(), 2);
    assert!(
        corrections
            .iter()
            .all(|c| c["@type"] == "CorrectionComment" && c["datePublished"].is_string())
    );

    let person = jsonld(&site, "people/lena-ortiz/index.html");
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["name"], "Lena Ortiz");
    assert!(person["sameAs"].is_array());
}

#[test]
fn the_404_page_works_at_any_depth_under_the_base_url() {
    let (_out, site) = published();
    let html = page_html(&site, "404.html");
    assert!(html.contains(&format!("<base href=\"{BASE_URL}\">")));
    assert!(html.contains("href=\"people/index.html\""));
}
