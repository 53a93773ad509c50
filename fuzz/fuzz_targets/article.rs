//! Article files: decoding, front matter, plain text and Markdown parsing.
//! Checks that every block and inline range lies on character boundaries of the text.
#![no_main]

use dossier::load::article::{decode, parse_plain, split_front_matter};
use dossier::load::markdown;
use dossier::model::text::{ArticleText, Node};
use libfuzzer_sys::fuzz_target;

fn check(article: &ArticleText) {
    let text = &article.text;
    for node in &article.nodes {
        if let Node::Leaf(leaf) = node {
            assert!(leaf.range.start <= leaf.range.end && leaf.range.end <= text.len());
            assert!(text.is_char_boundary(leaf.range.start) && text.is_char_boundary(leaf.range.end));
            for inline in &leaf.inlines {
                assert!(leaf.range.start <= inline.range.start && inline.range.end <= leaf.range.end);
                assert!(text.is_char_boundary(inline.range.start) && text.is_char_boundary(inline.range.end));
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(content) = decode(data, "fuzz.md") else { return };
    let (front, body, _) = split_front_matter(&content);
    if let Some(front) = front {
        let _ = dossier::load::yaml::parse::<dossier::load::article::FrontMatter>(front, "fuzz.md", 1);
    }
    check(&parse_plain(body));
    check(&markdown::parse(body));
});
