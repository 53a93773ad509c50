//! The article renderer's tests: nesting, escaping, links, notes and shared passages.

use super::*;
use crate::load::article::parse_plain;
use crate::model::*;

fn dossier(text: &str, highlights: Vec<(std::ops::Range<usize>, HighlightTarget)>) -> Dossier {
    let highlights = highlights
        .into_iter()
        .enumerate()
        .map(|(i, (range, target))| Highlight {
            range,
            target,
            fragment: format!("h{i}"),
        })
        .collect();
    Dossier {
        text_bytes: 0,
        shared: Default::default(),
        config: Config {
            title: "T".into(),
            description: None,
            base_url: None,
            language: "en".into(),
            theme: "default".into(),
            publisher: None,
            ratings: vec![Rating {
                id: "false".into(),
                label: "False".into(),
                description: String::new(),
            }],
            authors: Vec::new(),
            methodology: None,
        },
        articles: vec![Article {
            id: "a".into(),
            file: "seeds/a.txt".into(),
            title: "A".into(),
            publisher: None,
            author: None,
            published: None,
            url: None,
            notes: None,
            text: parse_plain(text).into(),
            capture: None,
            layout: Vec::new(),
            highlights,
        }],
        people: vec![Person {
            id: "bob".into(),
            name: "Bob".into(),
            aliases: Vec::new(),
            role: None,
            description: None,
            same_as: Vec::new(),
            mentions: Vec::new(),
            claims_made: Vec::new(),
            claims_about: Vec::new(),
        }],
        claims: vec![Claim {
            id: "c".into(),
            statement: "S".into(),
            claimant: Claimant::Unknown,
            date: None,
            rating: 0,
            reviewed: None,
            explanation: None,
            appearances: Vec::new(),
            sources: Vec::new(),
        }],
        corrections: vec![Correction {
            id: "k".into(),
            date: Date::parse("2024-01-01").unwrap(),
            kind: CorrectionKind::Correction,
            target: CorrectionTarget::Article(0),
            text: String::new(),
        }],
        events: Vec::new(),
    }
}

/// Checks that every element closes in the order it opened.
fn assert_nested(html: &str) {
    let mut stack: Vec<String> = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        let end = rest[start..].find('>').unwrap() + start;
        let tag = &rest[start + 1..end];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "in {html}");
        } else if !(tag.starts_with("br") || tag.starts_with("input")) {
            stack.push(tag.split_whitespace().next().unwrap().to_string());
        }
        rest = &rest[end + 1..];
    }
    assert!(stack.is_empty(), "unclosed {stack:?} in {html}");
}

/// `html` without its margin notes (`<span class="sidenote ...">`, spans within), which a
/// wide screen shows beside the text rather than in it.
fn without_margin_notes(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find("<span class=\"sidenote") {
        out.push_str(&rest[..at]);
        let mut depth = 0;
        let mut i = at;
        loop {
            let next_open = rest[i + 1..].find("<span").map(|p| p + i + 1);
            let next_close = rest[i..]
                .find("</span>")
                .map(|p| p + i)
                .expect("a closed note");
            match next_open {
                Some(open) if open < next_close => {
                    depth += 1;
                    i = open;
                }
                _ => {
                    if depth == 0 {
                        rest = &rest[next_close + "</span>".len()..];
                        break;
                    }
                    depth -= 1;
                    i = next_close + 1;
                }
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn a_margin_note_stands_just_before_the_first_mark_of_its_highlight() {
    let d = dossier(
        "Bob said a b c d",
        vec![
            (0..3, HighlightTarget::Person(0)),
            (4..12, HighlightTarget::Claim(0)),
        ],
    );
    let html = render(&d, 0, "").body;
    assert!(
        html.contains("<span class=\"sidenote\" data-note-for=\"h1\"><a class=\"note-body\" href=\"claims/c/index.html\">"),
        "{html}"
    );
    assert!(
        html.contains("</span></span><mark class=\"claim\" data-claim=\"c\" id=\"h1\""),
        "{html}"
    );
    assert_eq!(without_margin_notes(&html).matches("sidenote").count(), 0);
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn partly_overlapping_highlights_are_split_into_nested_elements() {
    // "Bob said a b" is a claim; "said a b c" a correction: they cross.
    let text = "Bob said a b c d";
    let d = dossier(
        text,
        vec![
            (0..3, HighlightTarget::Person(0)),
            (0..12, HighlightTarget::Claim(0)),
            (4..14, HighlightTarget::Correction(0)),
        ],
    );
    let html = render(&d, 0, "../../").body;
    assert_nested(&html);
    let html = without_margin_notes(&html);
    assert!(
        html.starts_with(
            "<p><mark class=\"claim\" data-claim=\"c\" id=\"h1\" title=\"Claim (False): S\">\
         <mark class=\"person\" data-person=\"bob\" id=\"h0\" title=\"Bob\">\
         <a href=\"../../people/bob/index.html\">Bob</a></mark> \
         <mark class=\"correction\" data-correction=\"k\" id=\"h2\""
        ),
        "{html}"
    );
    // The correction goes on after the claim closes, in an element of its own.
    assert!(
        html.contains(
            "a b</mark></mark><sup class=\"note-ref\"><a class=\"rating rating-false rating-pos-1\""
        ),
        "{html}"
    );
    assert!(
        html.contains("<mark class=\"correction\" data-correction=\"k\" data-of=\"h2\" title="),
        "{html}"
    );
    // The reader sees the text once, in order.
    let visible = strip_tags(&html);
    assert!(
        visible.starts_with("Bob said a b") && visible.contains(" c"),
        "{visible}"
    );
}

#[test]
fn a_shared_passage_crosses_highlights_and_links_to_the_other_article() {
    use crate::model::shared::{PassageSide, SharedPassage, SharedWording};
    let text = "Bob said a b c d";
    let mut d = dossier(
        text,
        vec![
            (0..3, HighlightTarget::Person(0)),
            (4..14, HighlightTarget::Correction(0)),
        ],
    );
    let mut other = d.articles[0].clone();
    other.id = "b".into();
    other.title = "B & co".into();
    d.articles.push(other);
    d.shared = std::sync::Arc::new(SharedWording::new(
        vec![SharedPassage {
            words: 3,
            quoted: false,
            unquoted_words: 3,
            sides: [
                PassageSide {
                    article: 0,
                    range: 0..10,
                },
                PassageSide {
                    article: 1,
                    range: 0..10,
                },
            ],
        }],
        vec![6, 6],
    ));
    let html = render(&d, 0, "../../").body;
    assert_nested(&html);
    let html = without_margin_notes(&html);
    // The passage holds the person's mark whole and the correction's start; the mark
    // goes on after it, and the link to the other side follows its end.
    assert!(
        html.starts_with("<p><span class=\"shared\" id=\"shared-1\" title=\"3 words also in: B &amp; co\"><mark class=\"person\""),
        "{html}"
    );
    assert!(
        html.contains("a</mark></span><sup class=\"shared-ref\"><a href=\"../../articles/b/index.html#shared-1\" aria-label=\"The same words in B &amp; co\">"),
        "{html}"
    );
    assert_eq!(
        html.matches("<mark class=\"correction\"").count(),
        2,
        "{html}"
    );
    let visible = strip_tags(&html).replace('\u{21c4}', "");
    assert!(visible.starts_with("Bob said a b c"), "{visible}");
}

#[test]
fn the_text_is_escaped() {
    let d = dossier("<b>x</b> & \"y\"", vec![(3..4, HighlightTarget::Person(0))]);
    let html = render(&d, 0, "").body;
    assert!(html.starts_with("<p>&lt;b&gt;<mark"), "{html}");
    assert!(html.contains("&amp; &quot;y&quot;"), "{html}");
}

#[test]
fn highlights_never_put_a_link_inside_a_link() {
    // A person inside a claim inside an article link: one link only.
    let mut d = dossier(
        "see Bob now",
        vec![
            (4..7, HighlightTarget::Person(0)),
            (0..11, HighlightTarget::Claim(0)),
        ],
    );
    d.articles[0]
        .highlights
        .sort_by_key(|h| (h.range.start, std::cmp::Reverse(h.range.end)));
    if let crate::model::text::Node::Leaf(leaf) =
        &mut std::sync::Arc::make_mut(&mut d.articles[0].text).nodes[0]
    {
        leaf.inlines.push(crate::model::text::Inline {
            range: 0..11,
            tag: InlineTag::Link {
                href: "https://example.org/".into(),
                title: String::new(),
            },
        });
    }
    let html = render(&d, 0, "").body;
    assert_nested(&html);
    let html = without_margin_notes(&html);
    assert_eq!(html.matches("<a ").count(), 2, "{html}");
    // The claim's link comes after the article's link has closed.
    assert!(
        html.contains("now</mark></a><sup class=\"note-ref\">"),
        "{html}"
    );
}
