//! One saved page into an article: its text (with rs-trafilatura, bounded by dom_smoothie's
//! Readability, then [`body`] and [`markdown`](super::markdown)), its metadata, and the
//! anchors of its layout lines.
//!
//! The metadata is rs-trafilatura's, which reads JSON-LD first, then OpenGraph and the other
//! `<meta>` tags, then the page itself (`<time>`, bylines); the address is the page's own
//! canonical link, else its `og:url`, else the address the capture records.

use dom_query::Document;

use super::body::{self, Known};
use super::markdown::{self, Form};
use crate::edit::selection::{Anchor, Selection, anchor_for};
use crate::load::annotations::RoleName;

/// What was found in one page.
#[derive(Debug)]
pub struct Extracted {
    /// The seed's text, as written to the file.
    pub text: String,
    /// How many words its body has (without the layout lines).
    pub body_words: usize,
    pub layout: Vec<(Anchor, RoleName)>,
    pub title: Option<String>,
    pub author: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    /// The page's language, as it declares it.
    pub language: Option<String>,
}

/// The deepest a page's elements may nest. Browsers stop nesting at 512 (Chromium's parser
/// puts deeper elements beside their parent); the extractors walk the tree recursively, and a
/// page nested tens of thousands deep would overflow the stack or take minutes.
pub const DEEPEST: usize = 512;

/// Reads the article in `html`, a page captured at `captured_url` (if the capture says); an
/// error for a page nested deeper than any browser shows.
pub fn extract(html: &str, captured_url: Option<&str>, form: Form) -> Result<Extracted, String> {
    let document = Document::from(html);
    if let Some(depth) = deeper_than(&document, DEEPEST) {
        return Err(format!(
            "its elements nest {depth} deep or more, beyond the {DEEPEST} a browser shows"
        ));
    }
    let page_url = own_url(&document, captured_url).or_else(|| captured_url.map(str::to_string));
    drop(document);
    let options = rs_trafilatura::Options {
        url: page_url.clone(),
        // The body keeps its links (the text is the same either way).
        include_links: true,
        ..Default::default()
    };
    let result = rs_trafilatura::extract_with_options(html, &options).ok();
    let (content_text, content_html, metadata) = match result {
        Some(r) => (r.content_text, r.content_html, r.metadata),
        None => (String::new(), None, rs_trafilatura::Metadata::default()),
    };
    let clean = |v: Option<String>| v.map(|s| clean_text(&s)).filter(|s| !s.is_empty());
    let title = clean(metadata.title);
    let author = clean(metadata.author);
    let base = page_url.as_deref().and_then(|u| url::Url::parse(u).ok());
    let known = Known {
        title: title.as_deref(),
        author: author.as_deref(),
        description: metadata.description.as_deref(),
    };
    let second = readability(html, page_url.as_deref());
    let mut chosen = match &content_html {
        Some(html) => body::choose(
            markdown::blocks(html, base.as_ref()),
            &content_text,
            second.as_deref(),
            &known,
        ),
        None => body::Chosen {
            blocks: Vec::new(),
            roles: Vec::new(),
        },
    };
    if chosen.blocks.is_empty() {
        chosen = body::Chosen {
            blocks: markdown::text_blocks(&content_text),
            roles: Vec::new(),
        };
    }
    let text = markdown::serialise(&chosen.blocks, form);
    let layout = layout_anchors(&text, form, &chosen);
    // A text that starts with a `---` line and has another would be read as front matter:
    // an empty front matter before it keeps it the article's.
    let text = match crate::load::article::split_front_matter(&text).0 {
        Some(_) => format!("---\n---\n{text}"),
        None => text,
    };
    let body_words = chosen
        .blocks
        .iter()
        .enumerate()
        .filter(|(i, _)| !chosen.roles.iter().any(|(at, _)| at == i))
        .map(|(_, b)| body::word_count(&b.plain))
        .sum();
    Ok(Extracted {
        text,
        body_words,
        layout,
        title,
        author,
        // A date the dossier cannot read (a year before 1000, say) is no date found.
        published: metadata
            .date
            .map(|d| local_date(html, d))
            .filter(|d| crate::model::Date::parse(d).is_ok()),
        publisher: clean(metadata.sitename),
        url: page_url,
        language: clean(metadata.language),
    })
}

/// The depth `document` reaches past `limit`, if it does: walked with a stack of its own,
/// since the tree may be deeper than the program's.
fn deeper_than(document: &Document, limit: usize) -> Option<usize> {
    let mut stack = vec![(document.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > limit {
            return Some(depth);
        }
        let mut child = node.first_child();
        while let Some(c) = child {
            child = c.next_sibling();
            stack.push((c, depth + 1));
        }
    }
    None
}

/// A metadata value as a line of text: a page's `content` attributes and JSON-LD may still
/// hold entities (`&#39;`, `&amp;amp;` escaped twice) and control characters.
fn clean_text(value: &str) -> String {
    let decoded = html_escape::decode_html_entities(value);
    let decoded = html_escape::decode_html_entities(&decoded);
    decoded
        .split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The day of `instant` as the page gives it. The extractor keeps dates in UTC, where an
/// article published at 00:30 in Paris is a day early: the page's own time stamp of that
/// instant (`2024-05-02T00:30:00+02:00` in its JSON-LD, meta tags or `<time>`) says the day
/// its readers saw.
fn local_date(html: &str, instant: chrono::DateTime<chrono::Utc>) -> String {
    let bytes = html.as_bytes();
    let digits = |r: std::ops::Range<usize>| bytes[r].iter().all(u8::is_ascii_digit);
    let stamp = |c: &u8| c.is_ascii_digit() || b"T:+-.Z".contains(c);
    // The first stamp of that instant with the page's own offset, else the first in UTC.
    let mut in_utc = None;
    let mut at = 0;
    while let Some(found) = memchr::memchr(b'T', &bytes[at..]) {
        let t = at + found;
        at = t + 1;
        if t < 10 || !digits(t - 10..t - 6) || bytes[t - 6] != b'-' || bytes[t - 3] != b'-' {
            continue;
        }
        let end = t + bytes[t..].iter().take(40).take_while(|c| stamp(c)).count();
        let text = &html[t - 10..end];
        let parsed = chrono::DateTime::parse_from_rfc3339(text)
            .or_else(|_| chrono::DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z"))
            .or_else(|_| chrono::DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M%z"));
        if let Ok(parsed) = parsed
            && parsed == instant
        {
            if parsed.offset().local_minus_utc() != 0 {
                return text[..10].to_string();
            }
            in_utc.get_or_insert_with(|| text[..10].to_string());
        }
    }
    in_utc.unwrap_or_else(|| instant.format("%Y-%m-%d").to_string())
}

/// The article's text as Readability's algorithm finds it (dom_smoothie), if it finds one.
fn readability(html: &str, url: Option<&str>) -> Option<String> {
    let mut reader = dom_smoothie::Readability::new(html, url, None).ok()?;
    let article = reader.parse().ok()?;
    Some(article.text_content.to_string())
}

/// The anchors of the blocks with a layout role, in the text as the dossier reads it.
fn layout_anchors(text: &str, form: Form, chosen: &body::Chosen) -> Vec<(Anchor, RoleName)> {
    let read = match form {
        Form::Markdown => crate::load::markdown::parse(text),
        Form::Plain => crate::load::article::parse_plain(text),
    };
    let plain: Vec<&str> = chosen.blocks.iter().map(|b| b.plain.as_str()).collect();
    chosen
        .roles
        .iter()
        .filter_map(|&(i, role)| {
            let selection = Selection {
                exact: plain[i].to_string(),
                prefix: plain[..i].join("\n\n"),
                suffix: plain[i + 1..].join("\n\n"),
            };
            anchor_for(&read.text, &selection).ok().map(|a| (a, role))
        })
        .collect()
}

/// The page's own address: its canonical link, else its `og:url`, made absolute against the
/// address it was captured from; only http(s).
fn own_url(document: &Document, captured_url: Option<&str>) -> Option<String> {
    let base = captured_url.and_then(|u| url::Url::parse(u).ok());
    let found = [
        ("link[rel~='canonical'][href]", "href"),
        ("meta[property='og:url'][content]", "content"),
    ];
    found.iter().find_map(|(selector, attribute)| {
        let value = document.select(selector).attr(attribute)?;
        let value = value.trim();
        let url = match &base {
            Some(base) => base.join(value).ok()?,
            None => url::Url::parse(value).ok()?,
        };
        matches!(url.scheme(), "http" | "https").then(|| url.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_nested_deeper_than_a_browser_shows_is_refused() {
        let deep = format!("<html><body>{}x", "<b>".repeat(60_000));
        assert!(
            extract(&deep, None, Form::Markdown)
                .unwrap_err()
                .contains("nest")
        );
        let fine = format!("<html><body>{}x", "<div>".repeat(200));
        assert!(extract(&fine, None, Form::Markdown).is_ok());
    }

    #[test]
    fn metadata_is_decoded_to_plain_text() {
        assert_eq!(
            clean_text("Mayor&#39;s  plan\0 &amp;amp; more"),
            "Mayor's plan & more"
        );
        assert_eq!(clean_text("\u{7}\n"), "");
    }

    #[test]
    fn the_date_is_the_page_s_own_day() {
        let instant = "2024-05-01T22:30:00Z".parse().unwrap();
        let page =
            r#"<meta property="article:published_time" content="2024-05-02T00:30:00+02:00">"#;
        assert_eq!(local_date(page, instant), "2024-05-02");
        let page = r#"<time datetime="2024-05-01T18:30-0400">"#;
        assert_eq!(local_date(page, instant), "2024-05-01");
        // The same instant in UTC first (a meta tag), then in the page's zone (JSON-LD).
        let page =
            r#"<meta content="2024-05-01T22:30:00Z">{"datePublished":"2024-05-02T00:30:00+02:00"}"#;
        assert_eq!(local_date(page, instant), "2024-05-02");
        // A stamp of another instant is not this one's.
        let page = r#"{"dateModified":"2024-05-03T10:00:00+02:00"}"#;
        assert_eq!(local_date(page, instant), "2024-05-01");
    }

    const PAGE: &str = r#"<!doctype html><html lang="en"><head>
<title>Council passes the budget | Riverton Ledger</title>
<link rel="canonical" href="/2024/05/council-budget">
<meta property="og:site_name" content="Riverton Ledger">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Council passes the budget","datePublished":"2024-05-02T09:00:00Z",
"author":{"@type":"Person","name":"Ana Reyes"},
"publisher":{"@type":"NewsMediaOrganization","name":"Riverton Ledger"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council passes the budget</h1><p class="byline">By Ana Reyes</p>
<p>The Riverton council passed the city's budget on Tuesday by five votes to four, after a
debate that ran late into the evening and drew a crowd of residents to the chamber.</p>
<p>The budget raises spending on the city's parks and libraries and holds the property tax
rate where it was last year, the council's finance chair said after the vote.</p>
<p>Opponents said the plan leaned on one-off savings that would not be there next year, and
asked for an audit of the parks department before any new money is spent.</p></article>
<aside><h2>Related</h2><ul><li><a href="/x">Another story</a></li></ul></aside>
<footer>© Riverton Ledger</footer></body></html>"#;

    #[test]
    fn a_news_page_gives_its_body_metadata_and_layout() {
        let found = extract(
            PAGE,
            Some("https://ledger.example/2024/05/council-budget?utm=x"),
            Form::Markdown,
        )
        .unwrap();
        assert_eq!(found.title.as_deref(), Some("Council passes the budget"));
        assert_eq!(found.author.as_deref(), Some("Ana Reyes"));
        assert_eq!(found.published.as_deref(), Some("2024-05-02"));
        assert_eq!(found.publisher.as_deref(), Some("Riverton Ledger"));
        assert_eq!(
            found.url.as_deref(),
            Some("https://ledger.example/2024/05/council-budget")
        );
        // The byline's element is named as one, and the extractor leaves it out.
        assert!(
            found
                .text
                .starts_with("# Council passes the budget\n\nThe Riverton council"),
            "{}",
            found.text
        );
        assert!(found.text.contains("before any new money is spent."));
        for boilerplate in ["Home", "Related", "Another story", "©"] {
            assert!(
                !found.text.contains(boilerplate),
                "{boilerplate} in {}",
                found.text
            );
        }
        let roles: Vec<(&str, RoleName)> = found
            .layout
            .iter()
            .map(|(a, r)| (a.quote.as_str(), *r))
            .collect();
        assert!(
            matches!(
                roles[..],
                [("Council passes the budget", RoleName::Headline)]
            ),
            "{roles:?}"
        );
        assert_eq!(found.body_words, 91);
    }
}
