//! Markdown written in annotations (descriptions, explanations, correction texts), rendered
//! and sanitised.
//!
//! Annotation files are edited by many hands, so their HTML is never trusted: ammonia keeps a
//! small set of harmless elements, and drops images, scripts, styles, event handlers, any link
//! that is not http(s) or mailto, and every `id` (the site's own ids, such as a correction's,
//! are what its links lead to: a note must not take one over).

use std::collections::HashSet;
use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        let allowed: HashSet<&str> = [
            "a",
            "abbr",
            "b",
            "blockquote",
            "br",
            "cite",
            "code",
            "del",
            "em",
            "i",
            "li",
            "ol",
            "p",
            "pre",
            "q",
            "s",
            "small",
            "strong",
            "sub",
            "sup",
            "ul",
        ]
        .into_iter()
        .collect();
        builder
            .tags(allowed)
            .url_schemes(["http", "https", "mailto"].into_iter().collect())
            // No `rel` on links: a link whose unsafe target was removed must stay valid HTML.
            .link_rel(None);
        builder
    })
}

/// Block Markdown (paragraphs, lists) to safe HTML.
pub fn to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH);
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    sanitizer().clean(&unsafe_html).to_string()
}

/// One-paragraph Markdown to safe inline HTML (no surrounding `<p>`).
pub fn to_inline_html(markdown: &str) -> String {
    let html = to_html(markdown);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|rest| rest.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

/// Markdown's words alone, on one line: its text and code, without markup or raw HTML.
pub fn to_plain_text(markdown: &str) -> String {
    use pulldown_cmark::Event;
    let mut text = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    escape_into(&mut out, text);
    out
}

pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_rendered() {
        assert_eq!(
            to_html("Some *emphasis*."),
            "<p>Some <em>emphasis</em>.</p>\n"
        );
        assert_eq!(
            to_inline_html("A [link](https://example.org/)"),
            "A <a href=\"https://example.org/\">link</a>"
        );
    }

    #[test]
    fn nothing_dangerous_survives() {
        let html = to_html(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n[x](javascript:alert(3)) \
             <a href=\"javascript:alert(4)\">y</a> <style>p{}</style> <b onclick=\"alert(5)\">b</b>",
        );
        for bad in [
            "<script",
            "alert(1)",
            "<img",
            "onerror",
            "href=\"javascript",
            "<style",
            "onclick",
        ] {
            assert!(!html.contains(bad), "{bad} in {html}");
        }
        assert!(html.contains("<b>b</b>"));
    }

    #[test]
    fn ids_are_dropped() {
        let html = to_html("<a id=\"fix-wire-vote\">a</a> <em id=\"y\">b</em>");
        assert!(!html.contains("id="), "{html}");
        assert!(html.contains("<em>b</em>"), "{html}");
    }

    #[test]
    fn escape_covers_attributes() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
