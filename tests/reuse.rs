//! Shared wording, end to end, on a dossier whose articles share known passages: a wire story
//! and a rewrite of it with light edits, a column that only quotes the statement they carry,
//! and two unrelated reports that share nothing but stock phrases.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;
use serde_json::Value;

fn built(work: &Path) -> (std::path::PathBuf, Value) {
    let root = copy_fixture("wire-copies", work);
    let site = work.join("site");
    build_ok(&root, &site);
    let data: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("dossier.json")).unwrap()).unwrap();
    (site, data)
}

fn text_of<'a>(data: &'a Value, article: &str) -> &'a str {
    data["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == article)
        .unwrap()["text"]
        .as_str()
        .unwrap()
}

fn pair(item: &Value) -> (String, String) {
    let side = |k: usize| item["passages"][k]["article"].as_str().unwrap().to_string();
    (side(0), side(1))
}

#[test]
fn reuse_pairs_exactly_the_articles_that_share_passages() {
    let work = tempfile::tempdir().unwrap();
    let (_, data) = built(work.path());
    let reuse = data["reuse"].as_array().unwrap();
    let pairs: BTreeSet<(String, String)> = reuse.iter().map(pair).collect();
    let expected: BTreeSet<(String, String)> = [
        ("column", "rewrite"),
        ("column", "wire"),
        ("rewrite", "wire"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(pairs, expected, "{reuse:#?}");

    for item in reuse {
        // Each side's text is the article's text between its offsets, in code points.
        for side in item["passages"].as_array().unwrap() {
            let text: Vec<char> = text_of(&data, side["article"].as_str().unwrap())
                .chars()
                .collect();
            let (start, end) = (
                side["start"].as_u64().unwrap() as usize,
                side["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(
                text[start..end].iter().collect::<String>(),
                side["text"].as_str().unwrap()
            );
        }
        // The column shares only the statement it quotes; the rewrite, the wire's own words.
        let (a, _) = pair(item);
        assert_eq!(item["quoted"], a == "column", "{item:#}");
        assert!(item["words"].as_u64().unwrap() >= 8);
    }

    // Every passage the rewrite kept, edited or not, lies within one reported passage.
    let wire = text_of(&data, "wire");
    let known = [
        "The Harbour Bridge will close to all traffic for eleven months from 1 March while engineers replace its corroded steel cables, the regional transport authority said on Monday.",
        "onto the coastal ring road, where the authority expects journeys to take up to twenty minutes longer at peak times.",
        "Transport commissioner Ines Varga said the cables had lost a third of their strength since the last inspection",
        "\"We cannot keep this bridge open safely for another winter, and we will not gamble with people's lives to save a few minutes of driving,\" she said in a statement.",
        "A ferry service between the two harbour piers will run every fifteen minutes during the works",
        "The repairs are expected to cost 85 million euros, of which the national government has agreed to pay half",
    ];
    let covered = |snippet: &str| {
        let at = wire.find(snippet).expect("a snippet of the wire story");
        let (start, end) = (
            wire[..at].chars().count(),
            wire[..at + snippet.len()].chars().count(),
        );
        reuse.iter().any(|item| {
            pair(item) == ("rewrite".into(), "wire".into())
                && item["passages"][1]["start"].as_u64().unwrap() as usize <= start + 1
                && end <= item["passages"][1]["end"].as_u64().unwrap() as usize + 1
        })
    };
    for snippet in known {
        assert!(covered(snippet), "not covered: {snippet}\n{reuse:#?}");
    }
    // What only the wire has is not.
    assert!(!covered("Local business groups warned"));
}

#[test]
fn the_pages_show_families_and_the_shared_passages() {
    let work = tempfile::tempdir().unwrap();
    let (site, _) = built(work.path());

    // The sources page groups the wire and its rewrite; the column, which only quotes, and
    // the unrelated reports are in no family.
    let sources = page(&site, "sources/index.html");
    let families = select(&sources, ".families > li");
    assert_eq!(families.len(), 1);
    let members: Vec<String> = select(&sources, ".families > li li a")
        .into_iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(
        members,
        [
            "../articles/wire/index.html",
            "../articles/rewrite/index.html"
        ]
    );
    let summaries: Vec<String> = select(&sources, ".shared-summary")
        .into_iter()
        .map(|s| squash(&reader_text(s)))
        .collect();
    assert_eq!(summaries.len(), 3, "{summaries:?}");
    assert!(summaries.iter().any(|s| s.contains("the same quotation")));

    // The rewrite's page lists both others and marks each passage, linking to the other side.
    let rewrite = page(&site, "articles/rewrite/index.html");
    let listed: Vec<String> = select(&rewrite, ".shared-box li")
        .into_iter()
        .map(|li| squash(&reader_text(li)))
        .collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(
        listed[0].starts_with("Harbour Bridge to close for eleven months")
            && listed[0].contains("drawn from the same text")
    );
    assert!(listed[1].contains("both quote the same words"));
    let spans = select(&rewrite, ".article-body span.shared[id]");
    assert_eq!(spans.len(), 2);
    for link in select(&rewrite, ".article-body .shared-ref a") {
        let href = link.value().attr("href").unwrap();
        let (file, fragment) = href.split_once('#').unwrap();
        let other = page(&site, file.trim_start_matches("../"));
        assert_eq!(
            select(&other, &format!("span.shared#{fragment}")).len(),
            1,
            "{href}"
        );
    }
    // The dossier's own highlights are still there, inside the shared passage.
    assert!(
        !select(
            &page(&site, "articles/wire/index.html"),
            "span.shared mark.claim"
        )
        .is_empty()
    );
    // The unrelated reports share nothing.
    assert!(
        select(
            &page(&site, "articles/fire/index.html"),
            ".shared-box, .shared"
        )
        .is_empty()
    );
}

#[test]
fn a_claim_whose_words_appear_unmarked_is_warned_about() {
    let work = tempfile::tempdir().unwrap();
    let root = copy_fixture("wire-copies", work.path());
    let check = |root: &Path| -> Vec<Value> {
        let output = dossier(&[
            "check",
            "--root",
            root.to_str().unwrap(),
            "--format",
            "json",
        ]);
        let all: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
        all.into_iter()
            .filter(|d| d["code"] == "possible-appearance")
            .collect()
    };
    let warned = check(&root);
    let messages: Vec<&str> = warned
        .iter()
        .map(|w| w["message"].as_str().unwrap())
        .collect();
    // The rewrite carries both claims unmarked; the column's appearance is marked.
    assert_eq!(warned.len(), 2, "{messages:#?}");
    assert!(messages.iter().all(|m| m.contains("article `rewrite`")));
    assert!(messages[0].contains("claim `cables-lost-a-third`"));
    assert!(messages[1].contains("claim `not-safe-another-winter`"));
    assert_eq!(
        (&warned[1]["file"], &warned[1]["line"]),
        (&Value::from("annotations/claims.yaml"), &Value::from(10))
    );
    let help = warned[1]["help"].as_str().unwrap();
    let anchor = "- { article: rewrite, quote: \"We cannot keep this bridge open safely for another winter\" }";
    assert!(help.contains(anchor), "{help}");

    // With the anchor the warning gives added, that warning is gone.
    let claims = root.join("annotations/claims.yaml");
    let text = std::fs::read_to_string(&claims).unwrap();
    let marked = text.replace(
        "      - { article: column,",
        &format!("      {anchor}\n      - {{ article: column,"),
    );
    assert_ne!(marked, text);
    std::fs::write(&claims, marked).unwrap();
    let warned = check(&root);
    assert_eq!(warned.len(), 1);
    assert!(
        warned[0]["message"]
            .as_str()
            .unwrap()
            .contains("claim `cables-lost-a-third`")
    );
}

#[test]
fn claim_review_names_every_appearance_and_the_first() {
    let work = tempfile::tempdir().unwrap();
    let (site, _) = built(work.path());
    let html =
        std::fs::read_to_string(site.join("claims/not-safe-another-winter/index.html")).unwrap();
    let start = html.find("<script type=\"application/ld+json\">").unwrap() + 35;
    let end = start + html[start..].find("</script>").unwrap();
    let review: Value = serde_json::from_str(&html[start..end]).unwrap();
    let item = &review["itemReviewed"];
    let headlines: Vec<&str> = item["appearance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["headline"].as_str().unwrap())
        .collect();
    assert_eq!(
        headlines,
        [
            "Harbour Bridge to close for eleven months",
            "Our city keeps choosing the car"
        ]
    );
    assert_eq!(
        item["firstAppearance"]["headline"],
        "Harbour Bridge to close for eleven months"
    );
    assert_eq!(item["firstAppearance"]["datePublished"], "2025-01-13");
}
