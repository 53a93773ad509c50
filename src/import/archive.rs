//! Web archives: the HTML pages of a WARC file (`.warc`, `.warc.gz`) and of a WACZ package,
//! each with the address and time its record gives, its HTTP body decoded from its transfer
//! and content encodings.

use super::capture::{LARGEST, LARGEST_PAGE, Page, inflate, record_page, too_large};

/// The HTML pages of a WARC file (gzipped or not): its `response` records of status 200 and
/// `resource` records, of type `text/html` or `application/xhtml+xml`.
pub(super) fn warc(bytes: &[u8]) -> Result<Vec<Page>, String> {
    let plain;
    let bytes = if bytes.starts_with(&[0x1f, 0x8b]) {
        plain = inflate(flate2::read::MultiGzDecoder::new(bytes), LARGEST)
            .map_err(|e| format!("it is not a readable gzip file ({e})"))?
            .ok_or("it inflates to more than a gigabyte")?;
        &plain[..]
    } else {
        bytes
    };
    if !bytes.starts_with(b"WARC/") {
        return Err("it is not a WARC file".into());
    }
    let mut pages = Vec::new();
    for record in warc::WarcReader::new(bytes).iter_records() {
        let record = record.map_err(|e| format!("a WARC record cannot be read ({e})"))?;
        let url = record
            .header(warc::WarcHeader::TargetURI)
            .map(|u| u.trim().trim_matches(['<', '>']).to_string());
        let captured = Some(record.date().format("%Y-%m-%dT%H:%M:%SZ").to_string());
        let html = match record.warc_type() {
            warc::RecordType::Response => {
                http_html(record.body()).map_err(|()| too_large(url.as_deref()))?
            }
            warc::RecordType::Resource => {
                let kind = record
                    .header(warc::WarcHeader::ContentType)
                    .unwrap_or_default();
                is_html(&kind).then(|| (record.body().to_vec(), charset_of(&kind)))
            }
            _ => None,
        };
        if let Some((html, charset)) = html
            && let Some(page) = record_page(&html, charset.as_deref(), url, captured)?
        {
            pages.push(page);
        }
    }
    Ok(pages)
}

/// The `charset` of a `Content-Type` value.
fn charset_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        (key.trim().eq_ignore_ascii_case("charset"))
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

fn is_html(content_type: &str) -> bool {
    let kind = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    kind == "text/html" || kind == "application/xhtml+xml"
}

/// An HTTP body, with the charset its `Content-Type` names.
type Body = (Vec<u8>, Option<String>);

/// The body of an HTTP response of status 200 with an HTML type, decoded from its transfer
/// and content encodings, with its charset; none for another response, an error for a body
/// that inflates beyond the largest page.
fn http_html(response: &[u8]) -> Result<Option<Body>, ()> {
    http_response(response).transpose()
}

/// [`http_html`]'s work, with `Some(Err)` for a body that is too large.
fn http_response(response: &[u8]) -> Option<Result<Body, ()>> {
    let end = response.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&response[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?;
    if status.split_whitespace().nth(1) != Some("200") {
        return None;
    }
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_ascii_lowercase()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let content_type = header("content-type")?;
    if !is_html(content_type) {
        return None;
    }
    let charset = charset_of(content_type);
    let mut body = response[end + 4..].to_vec();
    if header("transfer-encoding").is_some_and(|t| t.contains("chunked")) {
        body = dechunk(&body)?;
    }
    let inflated = match header("content-encoding") {
        None | Some("identity") => Some(body),
        Some("gzip" | "x-gzip") => {
            inflate(flate2::read::MultiGzDecoder::new(&body[..]), LARGEST_PAGE).ok()?
        }
        Some("deflate") => inflate(flate2::read::ZlibDecoder::new(&body[..]), LARGEST_PAGE).ok()?,
        Some(_) => return None,
    };
    Some(inflated.map(|body| (body, charset)).ok_or(()))
}

/// A chunked HTTP body, joined.
fn dechunk(mut body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&body[..line_end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        body = &body[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(body.get(..size)?);
        body = body.get(size + 2..)?;
    }
}

/// The pages of a WACZ package: the HTML pages of its WARC files under `archive/`, only those
/// its `pages/pages.jsonl` lists when it lists any.
pub(super) fn wacz(bytes: &[u8]) -> Result<Vec<Page>, String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("it is not a readable WACZ (zip) file ({e})"))?;
    let mut listed: Vec<String> = Vec::new();
    let mut pages = Vec::new();
    let names: Vec<String> = zip
        .file_names()
        .map(|n| n.map(|n| n.into_owned()))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("it lists a name it cannot read ({e})"))?;
    for name in &names {
        let mut entry = zip
            .by_name(name)
            .map_err(|e| format!("`{name}` cannot be read ({e})"))?;
        let content = inflate(&mut entry, LARGEST)
            .map_err(|e| format!("`{name}` cannot be read ({e})"))?
            .ok_or_else(|| format!("`{name}` inflates to more than a gigabyte"))?;
        if name == "pages/pages.jsonl" {
            for line in String::from_utf8_lossy(&content).lines() {
                let page: serde_json::Value = serde_json::from_str(line).unwrap_or_default();
                if let Some(url) = page.get("url").and_then(|u| u.as_str()) {
                    listed.push(url.to_string());
                }
            }
        } else if name.starts_with("archive/")
            && (name.ends_with(".warc") || name.ends_with(".warc.gz"))
        {
            pages.extend(warc(&content).map_err(|e| format!("in `{name}`, {e}"))?);
        }
    }
    if !names.iter().any(|n| n == "datapackage.json") {
        return Err("it has no `datapackage.json`, so it is no WACZ package".into());
    }
    if !listed.is_empty() {
        pages.retain(|p| p.url.as_ref().is_some_and(|u| listed.contains(u)));
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_and_gzipped_responses_are_decoded() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"<html>hi</html>").unwrap();
        let body = gz.finish().unwrap();
        let mut chunked = format!("{:x}\r\n", body.len()).into_bytes();
        chunked.extend_from_slice(&body);
        chunked.extend_from_slice(b"\r\n0\r\n\r\n");
        let mut response = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
            Transfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n"
            .to_vec();
        response.extend_from_slice(&chunked);
        assert_eq!(
            http_html(&response).unwrap().unwrap(),
            (b"<html>hi</html>".to_vec(), Some("utf-8".to_string()))
        );
        assert_eq!(
            http_html(b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n\r\nx"),
            Ok(None)
        );
        assert_eq!(
            http_html(b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n\r\nx"),
            Ok(None)
        );
    }

    #[test]
    fn a_body_that_inflates_beyond_a_page_is_refused() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..=(LARGEST_PAGE >> 20) {
            std::io::Write::write_all(&mut gz, &zeros).unwrap();
        }
        let mut response =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"
                .to_vec();
        response.extend_from_slice(&gz.finish().unwrap());
        assert_eq!(http_html(&response), Err(()));
    }
}
