//! Addresses a user writes: an article's `url`, a person's `same_as`, a source's `url`,
//! `base_url` in dossier.yaml and `--base-url`. Every one goes through [`check`], the one
//! validator, before it reaches a page, a feed or robots.txt: http or https only, a host, and
//! no white space or control character anywhere (a line break in `base_url` would add lines
//! to robots.txt; `javascript:` in an `href` runs when clicked).

/// The address, trimmed, if it is an http(s) URL with a host and nothing hidden in it;
/// otherwise what is wrong with it, to follow the address in a message.
pub fn check(text: &str) -> Result<String, String> {
    let url = text.trim();
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err("is not an http(s) URL".into());
    };
    if !matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https") {
        return Err("is not an http(s) URL".into());
    }
    if let Some(bad) = url
        .chars()
        .find(|&c| c.is_whitespace() || c.is_control() || is_invisible(c))
    {
        return Err(format!(
            "contains {}; an address has none",
            match bad {
                '\n' | '\r' => "a line break".to_string(),
                '\t' => "a tab".to_string(),
                ' ' => "a space".to_string(),
                other => format!("the character U+{:04X}", other as u32),
            }
        ));
    }
    // Browsers read `http:///x` and `http:/\\x` as the host `x`: what is meant is unclear.
    if rest.starts_with(['/', '\\']) {
        return Err("has no host".into());
    }
    match url::Url::parse(url) {
        Ok(parsed) if parsed.host_str().is_some_and(|host| !host.is_empty()) => Ok(url.to_string()),
        Ok(_) => Err("has no host".into()),
        Err(error) => Err(format!("is not a well-formed address ({error})")),
    }
}

/// Characters that show nothing but change how an address reads or where it leads: zero-width
/// spaces and joiners, direction marks and overrides (an override makes
/// `https://example.org/` followed by U+202E and `gpj.exe` read as an address ending `exe.jpg`), the soft hyphen and the byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{FFF0}'..='\u{FFF8}'
            | '\u{E0000}'..='\u{E0FFF}'
    )
}

/// [`check`], for the address a site is published at: it ends with `/`, so that pages' paths
/// can follow it.
pub fn base_url(text: &str) -> Result<String, String> {
    let url = check(text)?;
    Ok(if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    })
}

/// The help line for a refused address.
pub const HELP: &str = "write a full http(s) address on one line, e.g. `https://example.org/page`";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_http_addresses_pass() {
        assert_eq!(
            check(" https://example.org/a?b=c#d ").unwrap(),
            "https://example.org/a?b=c#d"
        );
        assert!(check("HTTP://EXAMPLE.ORG/").is_ok());
        for bad in [
            "javascript:alert(document.domain)",
            "JavaScript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "//example.org/",
            "example.org",
            "https://",
            "http:///path",
            "https:\\\\example.org",
            "http:example.org",
            "https://example.org/\nDisallow: /",
            "https://example.org/a b",
            "https://exa\tmple.org/",
            "https://example.org/\u{0}",
            "https://example.org/\u{2028}x",
            "https://example.org/\u{0}x",
            "https://example.org/\u{202e}x",
            "https://example.org/\u{200b}x",
            "https://example.org/\u{feff}x",
            "ftp://example.org/",
            "file:///etc/passwd",
        ] {
            assert!(check(bad).is_err(), "{bad:?} passed");
        }
        assert!(
            check("https://example.org/\nx")
                .unwrap_err()
                .contains("line break")
        );
    }

    #[test]
    fn a_base_url_ends_with_a_slash() {
        assert_eq!(
            base_url("https://example.org/d").unwrap(),
            "https://example.org/d/"
        );
        assert_eq!(
            base_url("https://example.org/").unwrap(),
            "https://example.org/"
        );
    }
}
