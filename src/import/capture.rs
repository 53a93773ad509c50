//! Reading a capture: a saved page (a browser's "Save page as", SingleFile), a WARC file
//! (`.warc`, `.warc.gz`) or a WACZ package, into the pages it holds, each with the address
//! and the time the capture records for it. Web archives are read by [`archive`](super::archive).

use std::io::Read;
use std::path::Path;

use crate::diagnostic::Diagnostic;

/// One capture file, read whole.
pub struct Capture {
    /// The file's name, as given.
    pub name: String,
    pub bytes: Vec<u8>,
    /// SHA-256 of the bytes, lowercase hex.
    pub sha256: String,
    pub pages: Vec<Page>,
}

/// One page in a capture.
pub struct Page {
    /// The page's HTML, decoded to UTF-8.
    pub html: String,
    /// The address the capture records for it.
    pub url: Option<String>,
    /// When it was captured, in RFC 3339 (UTC), as the capture records it.
    pub captured: Option<String>,
}

/// The largest capture read, and the most a compressed WARC may inflate to, so that a wrong
/// file cannot take all memory.
pub(super) const LARGEST: u64 = 1 << 30;

/// The largest page extracted, once decoded. Extraction holds the page's tree many times
/// over, so a page is bounded far below a capture: 64 MB is a long SingleFile page with its
/// pictures inlined.
pub(super) const LARGEST_PAGE: u64 = 64 << 20;

/// `reader`'s bytes, if they are no more than `limit`.
pub(super) fn inflate(mut reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut out = Vec::new();
    reader.by_ref().take(limit + 1).read_to_end(&mut out)?;
    Ok((out.len() as u64 <= limit).then_some(out))
}

/// A page's bytes as text, decoded as a browser would: by its byte-order mark (a page saved
/// as UTF-16), else by the charset its HTTP response gave, else by its `<meta charset>`, else
/// as UTF-8 when it is, else as windows-1252 (what browsers take an unlabelled legacy page for).
/// A stray NUL becomes U+FFFD, as browsers show it; bytes with many are no text (`None`).
fn page_text(bytes: &[u8], http_charset: Option<&str>) -> Option<String> {
    let decode = |encoding: &'static encoding_rs::Encoding, from: usize| {
        encoding
            .decode_without_bom_handling(&bytes[from..])
            .0
            .into_owned()
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    let text = if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        decode(encoding, bom)
    } else if let Some(encoding) =
        http_charset.and_then(|c| encoding_rs::Encoding::for_label(c.trim().as_bytes()))
    {
        decode(encoding, 0)
    } else if head.contains("charset=") {
        rs_trafilatura::encoding::transcode_to_utf8(bytes)
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_string()
    } else {
        decode(encoding_rs::WINDOWS_1252, 0)
    };
    let nuls = text.bytes().filter(|&b| b == 0).count();
    match nuls {
        0 => Some(text),
        n if n * 100 < text.len() => Some(text.replace('\0', "\u{fffd}")),
        _ => None,
    }
}

/// The page of a WARC or WACZ record, decoded: none for bytes that are not text (a NUL in
/// them), an error for a page too large to extract.
pub(super) fn record_page(
    bytes: &[u8],
    charset: Option<&str>,
    url: Option<String>,
    captured: Option<String>,
) -> Result<Option<Page>, String> {
    if bytes.len() as u64 > LARGEST_PAGE {
        return Err(too_large(url.as_deref()));
    }
    Ok(page_text(bytes, charset).map(|html| Page {
        html,
        url,
        captured,
    }))
}

pub(super) fn too_large(url: Option<&str>) -> String {
    format!(
        "its page {}is larger than {} MB once decoded",
        url.map(|u| format!("`{u}` ")).unwrap_or_default(),
        LARGEST_PAGE >> 20
    )
}

fn not_a_capture(name: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        "not-a-capture",
        format!("`{name}` is not a saved web page: {why}"),
    )
    .help(
        "import a page saved by the browser (`.html`), by SingleFile, or a WARC (`.warc`, \
         `.warc.gz`) or WACZ (`.wacz`) file",
    )
}

/// Reads the capture at `path`.
pub fn read(path: &Path) -> Result<Capture, Diagnostic> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let unreadable = |e: std::io::Error| {
        Diagnostic::error(
            "file-unreadable",
            format!("cannot read `{}`: {e}", path.display()),
        )
    };
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(not_a_capture(&name, "it is not a file"));
    }
    if metadata.len() > LARGEST {
        return Err(not_a_capture(&name, "it is larger than a gigabyte"));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let modified = metadata.modified().ok().map(rfc3339);
    let lower = name.to_ascii_lowercase();
    let pages = if bytes.starts_with(b"PK\x03\x04") || lower.ends_with(".wacz") {
        super::archive::wacz(&bytes).map_err(|why| not_a_capture(&name, &why))?
    } else if bytes.starts_with(&[0x1f, 0x8b]) || bytes.starts_with(b"WARC/") {
        super::archive::warc(&bytes).map_err(|why| not_a_capture(&name, &why))?
    } else {
        vec![saved_page(&bytes, modified).map_err(|why| not_a_capture(&name, &why))?]
    };
    if pages.is_empty() {
        return Err(not_a_capture(&name, "it holds no HTML page"));
    }
    Ok(Capture {
        name,
        sha256: crate::load::sha256_hex(&bytes),
        bytes,
        pages,
    })
}

fn rfc3339(time: std::time::SystemTime) -> String {
    chrono::DateTime::<chrono::Utc>::from(time)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// A page saved as one HTML file. SingleFile's header gives the address and the time; a
/// browser's `saved from url` comment the address; the file's time stands for the capture's.
fn saved_page(bytes: &[u8], modified: Option<String>) -> Result<Page, String> {
    if bytes.len() as u64 > LARGEST_PAGE {
        return Err(format!("it is larger than {} MB", LARGEST_PAGE >> 20));
    }
    let html = page_text(bytes, None).ok_or("it is binary, not text")?;
    let head: String = html
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    let looks_like_html = [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
    ]
    .iter()
    .any(|tag| head.contains(tag));
    if !looks_like_html {
        return Err("it does not read as HTML".into());
    }
    let (url, saved) = single_file_header(&html);
    let url = url.or_else(|| saved_from(&html));
    Ok(Page {
        url,
        captured: saved.or(modified),
        html,
    })
}

/// The `url:` and `saved date:` lines of SingleFile's header comment.
fn single_file_header(html: &str) -> (Option<String>, Option<String>) {
    let Some(start) = html.find("<!--") else {
        return (None, None);
    };
    let Some(length) = html[start..].find("-->") else {
        return (None, None);
    };
    let comment = &html[start + 4..start + length];
    if !comment.contains("SingleFile") {
        return (None, None);
    }
    let field = |key: &str| {
        comment.lines().find_map(|line| {
            let line = line.trim();
            line.strip_prefix(key).map(|rest| rest.trim().to_string())
        })
    };
    let url = field("url:").filter(|u| u.starts_with("http"));
    let saved = field("saved date:").and_then(|d| javascript_date(&d));
    (url, saved)
}

/// A date as JavaScript's `Date.toString()` writes it (`Wed Dec 02 2026 07:00:00 GMT+0100
/// (Central European Standard Time)`), in RFC 3339 (UTC).
fn javascript_date(text: &str) -> Option<String> {
    let text = text.split(" (").next()?.trim();
    let parsed = chrono::DateTime::parse_from_str(text, "%a %b %d %Y %H:%M:%S GMT%z").ok()?;
    Some(
        parsed
            .with_timezone(&chrono::Utc)
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
    )
}

/// The address in a browser's `<!-- saved from url=(0047)https://... -->`.
fn saved_from(html: &str) -> Option<String> {
    let at = html.find("saved from url=(")?;
    let rest = &html[at + "saved from url=(".len()..];
    // The count in brackets is the address's length (an address may hold `-` and `--`);
    // where it does not end at a space, the address runs to the next one.
    let close = rest.find(')')?;
    let (count, rest) = (&rest[..close], &rest[close + 1..]);
    let counted = count.parse::<usize>().ok().filter(|&n| {
        rest.get(n..)
            .is_some_and(|after| after.starts_with(char::is_whitespace))
    });
    let length = counted.unwrap_or_else(|| rest.find(char::is_whitespace).unwrap_or(rest.len()));
    let url = &rest[..length];
    (url.starts_with("http") && !url.contains(char::is_whitespace)).then(|| url.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_file_header_gives_address_and_time() {
        let html = "<!--\n Page saved with SingleFile \n url: https://news.example/a \n saved date: \
                    Wed Dec 02 2026 08:00:00 GMT+0100 (Central European Standard Time)\n-->\
                    <html><body><p>x</p></body></html>";
        let page = saved_page(html.as_bytes(), None).unwrap();
        assert_eq!(page.url.as_deref(), Some("https://news.example/a"));
        assert_eq!(page.captured.as_deref(), Some("2026-12-02T07:00:00Z"));
    }

    #[test]
    fn a_browser_s_saved_from_comment_gives_the_address() {
        let html =
            "<!DOCTYPE html>\n<!-- saved from url=(0022)https://news.example/ -->\n<html></html>";
        let page = saved_page(html.as_bytes(), Some("2026-01-01T00:00:00Z".into())).unwrap();
        assert_eq!(page.url.as_deref(), Some("https://news.example/"));
        assert_eq!(page.captured.as_deref(), Some("2026-01-01T00:00:00Z"));
    }

    #[test]
    fn text_that_is_not_html_is_refused() {
        assert!(saved_page(b"just some words", None).is_err());
        assert!(saved_page(b"%PDF-1.7 <html>\0\0\0\0", None).is_err());
    }

    #[test]
    fn pages_are_decoded_as_a_browser_would() {
        // A stray NUL is shown as U+FFFD, not taken for a binary file.
        let mut page = b"<html><body><p>One stray".to_vec();
        page.push(0);
        page.extend_from_slice(&b" byte in a page of words, long enough that one NUL is a slip of the saver and not a sign of a binary file."[..]);
        assert!(saved_page(&page, None).unwrap().html.contains('\u{fffd}'));
        // An unlabelled page that is not UTF-8 is windows-1252.
        let legacy = b"<html><body><p>Caf\xe9 cr\xe8me</p></body></html>";
        assert!(
            saved_page(legacy, None)
                .unwrap()
                .html
                .contains("Caf\u{e9} cr\u{e8}me")
        );
        // The charset of the HTTP response counts when the page names none.
        let sjis = encoding_rs::SHIFT_JIS
            .encode("<html><body>東京</body></html>")
            .0;
        assert_eq!(
            page_text(&sjis, Some("Shift_JIS")).unwrap(),
            "<html><body>東京</body></html>"
        );
    }

    #[test]
    fn a_page_saved_as_utf_16_is_read() {
        let text = "<!doctype html><html><body><p>Caf\u{e9}</p></body></html>";
        let mut bytes = vec![0xff, 0xfe];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let page = saved_page(&bytes, None).unwrap();
        assert!(page.html.contains("Caf\u{e9}"), "{}", page.html);
    }

    #[test]
    fn the_saved_from_address_is_as_long_as_its_count() {
        let html =
            "<!-- saved from url=(0034)https://news.example/a--b-c/?q=1-2 -->\n<html></html>";
        let page = saved_page(html.as_bytes(), None).unwrap();
        assert_eq!(
            page.url.as_deref(),
            Some("https://news.example/a--b-c/?q=1-2")
        );
    }
}
