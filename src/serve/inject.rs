//! What `serve` adds to each HTML page it serves: the live-reload script and, while the latest
//! build has failed, the error overlay. Both go into the served copy only, never into the
//! built site, and the overlay is in the HTML itself, so a page opened or reloaded while the
//! errors stand shows them too, with or without JavaScript.

use crate::render::markdown::escape;

use super::state::ErrorReport;

/// Where the server's own files live; no site file is served under it.
pub const PREFIX: &str = "/__dossier/";

/// The live-reload script, served at `/__dossier/live.js`.
pub const LIVE_JS: &str = include_str!("live.js");

/// What the live-reload script of a page needs to know to tell whether the page is stale.
pub struct PageState<'a> {
    /// The site file the page was served from (or would be, for a missing page).
    pub path: &'a str,
    /// The validator of that file as served; empty when there was none.
    pub etag: &'a str,
    /// The digest of the theme's static files as served.
    pub assets: &'a str,
    /// The edit token, when the page may be annotated (editing on, a page served whole).
    pub edit_token: Option<&'a str>,
}

/// Whether `path` is an article's page (`articles/ID/index.html`), the pages one annotates.
pub fn is_article_page(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    matches!(parts[..], ["articles", id, "index.html"] if !id.is_empty())
}

/// `html` with the overlay (when there are errors) and the live-reload script added before
/// `</body>`, or at the end when there is no `</body>`; in an article page that may be
/// annotated, the edit token in `<head>` and the annotating script too.
pub fn inject(html: &[u8], page: &PageState, errors: Option<&ErrorReport>) -> Vec<u8> {
    let token = page.edit_token.filter(|_| is_article_page(page.path));
    let mut head = String::new();
    if let Some(token) = token {
        head = format!(
            "\n<!-- added by dossier serve -->\n<meta name=\"dossier-edit-token\" content=\"{}\">\n",
            escape(token)
        );
    }
    let mut added = String::from("\n<!-- added by dossier serve -->\n");
    if let Some(errors) = errors {
        added.push_str(&overlay(errors));
    }
    if token.is_some() {
        added.push_str(&format!(
            "<script src=\"{PREFIX}annotate.js\" defer></script>\n"
        ));
    }
    added.push_str(&format!(
        "<script src=\"{PREFIX}live.js\" data-path=\"{}\" data-etag=\"{}\" data-assets=\"{}\"></script>\n",
        escape(page.path),
        escape(page.etag),
        escape(page.assets)
    ));
    let head_at = if head.is_empty() {
        None
    } else {
        find_last(html, b"</head>")
    };
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + head.len() + added.len());
    match head_at {
        Some(head_at) if head_at < at => {
            out.extend_from_slice(&html[..head_at]);
            out.extend_from_slice(head.as_bytes());
            out.extend_from_slice(&html[head_at..at]);
        }
        _ => out.extend_from_slice(&html[..at]),
    }
    out.extend_from_slice(added.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// Where the last `tag` begins, in any letter case.
fn find_last(html: &[u8], tag: &[u8]) -> Option<usize> {
    html.windows(tag.len())
        .rposition(|w| w.eq_ignore_ascii_case(tag))
}

/// What the overlay says first.
fn heading(errors: &ErrorReport) -> String {
    let count = errors.items.len();
    let errors_word = if count == 1 { "error" } else { "errors" };
    if errors.page_only {
        format!("This page cannot be made: {count} {errors_word}.")
    } else {
        format!("The dossier has {count} {errors_word}. This is the last good build.")
    }
}

/// The error overlay: a non-modal dialog over the top of the last good page, which a reader
/// can dismiss (the dialog form closes it without script). Everything in it is escaped.
pub fn overlay(errors: &ErrorReport) -> String {
    let mut html = format!(
        "<dialog open id=\"dossier-errors\" data-digest=\"{}\" aria-labelledby=\"dossier-errors-title\" style=\"{STYLE}\">\n\
         <h2 id=\"dossier-errors-title\" style=\"margin:0 0 .5em;font-size:1.2em;color:#8b0000\">\
         {}</h2>\n\
         <p style=\"margin:0 0 .75em\">Fix the files below; this page updates by itself.</p>\n<ol style=\"margin:0;padding-left:1.5em\">\n",
        escape(&errors.digest),
        heading(errors),
    );
    for item in &errors.items {
        html.push_str("<li style=\"margin-bottom:.6em\">");
        if !item.place.is_empty() {
            html.push_str(&format!(
                "<code style=\"font-weight:bold\">{}</code> ",
                escape(&item.place)
            ));
        }
        html.push_str(&format!(
            "<span>{}</span> <small>[{}]</small>",
            escape(&item.message),
            escape(item.code)
        ));
        if let Some(help) = &item.help {
            html.push_str(&format!(
                "<br><span style=\"color:#333\">help: {}</span>",
                escape(help)
            ));
        }
        html.push_str("</li>\n");
    }
    html.push_str(&format!(
        "</ol>\n<details style=\"margin-top:.5em\"><summary>The full report</summary>\
         <pre style=\"white-space:pre-wrap;font-size:.85em;background:#f4f4f4;color:#111;padding:.5em\">{}</pre></details>\n\
         <form method=\"dialog\" style=\"margin-top:.75em\"><button style=\"font:inherit;padding:.3em 1em\">Dismiss</button></form>\n</dialog>\n",
        escape(&errors.text)
    ));
    html
}

/// The overlay's own look, inline so that it does not depend on the theme, which may be what
/// is broken.
const STYLE: &str = "position:fixed;inset:0 0 auto 0;z-index:2147483647;margin:0;\
max-height:70vh;overflow:auto;box-sizing:border-box;width:100%;padding:1em 1.25em;\
border:0;border-bottom:4px solid #8b0000;background:#fff8f6;color:#111;\
font:16px/1.45 system-ui,sans-serif;box-shadow:0 4px 16px rgba(0,0,0,.3)";

/// The page served for every HTML request before the first good build.
pub fn no_build_yet() -> &'static [u8] {
    b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>dossier serve: no good build yet</title></head>\n<body>\
<main><p>The dossier has not built yet. When its errors are fixed, this page shows it.</p></main>\n</body></html>\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::state::ErrorItem;

    fn report(message: &str) -> ErrorReport {
        ErrorReport {
            page_only: false,
            items: vec![ErrorItem {
                place: "annotations/people.yaml:3:7".into(),
                code: "yaml-syntax",
                message: message.into(),
                help: Some("close the <quote>".into()),
            }],
            text: format!("error: {message}"),
            digest: "abc".into(),
            at: std::time::SystemTime::UNIX_EPOCH,
        }
    }

    const PAGE: PageState = PageState {
        path: "articles/a/index.html",
        etag: "\"1-2\"",
        assets: "ff",
        edit_token: None,
    };

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let html = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject(html, &PAGE, None)).unwrap();
        let script = out.find("<script src=\"/__dossier/live.js\"").unwrap();
        assert!(script < out.find("</BODY>").unwrap());
        assert!(out.contains("data-etag=\"&quot;1-2&quot;\""));
        assert!(!out.contains("dossier-errors"));
        assert!(out.ends_with("</BODY></html>"));
    }

    #[test]
    fn the_overlay_escapes_what_it_shows() {
        let out = String::from_utf8(inject(
            b"<body></body>",
            &PAGE,
            Some(&report("bad <script>alert(1)</script>")),
        ))
        .unwrap();
        assert!(out.contains("<dialog open id=\"dossier-errors\""));
        assert!(out.contains("annotations/people.yaml:3:7"));
        assert!(out.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(out.contains("close the &lt;quote&gt;"));
        assert!(!out.contains("<script>alert"));
        assert!(out.contains("1 error."));
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_the_end() {
        let out = String::from_utf8(inject(b"<p>x", &PAGE, None)).unwrap();
        assert!(out.starts_with("<p>x\n<!-- added by dossier serve -->"));
    }
}
