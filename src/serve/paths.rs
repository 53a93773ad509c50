//! From the path of a request to the path of a file of the site. The server serves from memory,
//! so nothing outside the site can be reached by construction; this module still refuses every
//! path that tries (`..`, encoded slashes and dots, backslashes, empty segments), so that such a
//! request is answered plainly as bad rather than looked up.

use percent_encoding::percent_decode_str;

/// A request path, checked and decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    /// The decoded segments joined by `/`, without a leading or trailing slash; empty for the
    /// site root.
    pub path: String,
    /// Whether the request ended with `/` (or was the root).
    pub trailing_slash: bool,
}

impl SitePath {
    /// The site file this path names when it names a folder.
    pub fn index(&self) -> String {
        if self.path.is_empty() {
            "index.html".to_string()
        } else {
            format!("{}/index.html", self.path)
        }
    }
}

/// Why a request path was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Not an absolute path.
    NotAbsolute,
    /// A segment that is `.` or `..`, raw or percent-encoded.
    DotSegment,
    /// A `/` or `\` inside a segment (percent-encoded), or a raw backslash.
    Separator,
    /// Two slashes in a row.
    EmptySegment,
    /// A NUL byte or a percent-encoding that is not UTF-8.
    BadBytes,
}

/// Checks and decodes the path of a request (the part before `?`, still percent-encoded).
pub fn site_path(raw: &str) -> Result<SitePath, Refused> {
    let rest = raw.strip_prefix('/').ok_or(Refused::NotAbsolute)?;
    if rest.is_empty() {
        return Ok(SitePath {
            path: String::new(),
            trailing_slash: true,
        });
    }
    let (rest, trailing_slash) = match rest.strip_suffix('/') {
        Some(rest) => (rest, true),
        None => (rest, false),
    };
    let mut segments = Vec::new();
    // Split before decoding, so that an encoded slash stays inside its segment and is refused.
    for segment in rest.split('/') {
        if segment.is_empty() {
            return Err(Refused::EmptySegment);
        }
        let decoded = percent_decode_str(segment)
            .decode_utf8()
            .map_err(|_| Refused::BadBytes)?;
        if decoded == "." || decoded == ".." {
            return Err(Refused::DotSegment);
        }
        if decoded.contains(['/', '\\']) {
            return Err(Refused::Separator);
        }
        if decoded.contains('\0') {
            return Err(Refused::BadBytes);
        }
        segments.push(decoded.into_owned());
    }
    Ok(SitePath {
        path: segments.join("/"),
        trailing_slash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> (String, bool) {
        let path = site_path(raw).unwrap();
        (path.path, path.trailing_slash)
    }

    #[test]
    fn plain_paths_decode() {
        assert_eq!(ok("/"), (String::new(), true));
        assert_eq!(ok("/style.css"), ("style.css".into(), false));
        assert_eq!(
            ok("/people/jeff-sessions/"),
            ("people/jeff-sessions".into(), true)
        );
        assert_eq!(
            ok("/people/jeff-sessions"),
            ("people/jeff-sessions".into(), false)
        );
        assert_eq!(ok("/a%20b/caf%C3%A9"), ("a b/café".into(), false));
        // A dot inside a name is not a dot segment.
        assert_eq!(ok("/..a/b..c/.well"), ("..a/b..c/.well".into(), false));
    }

    #[test]
    fn every_way_out_is_refused() {
        for (raw, why) in [
            ("/../etc/passwd", Refused::DotSegment),
            ("/a/../../etc/passwd", Refused::DotSegment),
            ("/./index.html", Refused::DotSegment),
            ("/%2e%2e/etc/passwd", Refused::DotSegment),
            ("/%2E%2E/%2E%2E/etc/passwd", Refused::DotSegment),
            ("/.%2e/etc/passwd", Refused::DotSegment),
            ("/a/..", Refused::DotSegment),
            ("/a/../", Refused::DotSegment),
            ("/..%2fetc%2fpasswd", Refused::Separator),
            ("/%2Fetc%2Fpasswd", Refused::Separator),
            ("/..%5c..%5cetc", Refused::Separator),
            ("/a\\..\\b", Refused::Separator),
            ("//etc/passwd", Refused::EmptySegment),
            ("/a//b", Refused::EmptySegment),
            ("/index.html%00.css", Refused::BadBytes),
            ("/%ff%fe", Refused::BadBytes),
            ("etc/passwd", Refused::NotAbsolute),
            ("", Refused::NotAbsolute),
        ] {
            assert_eq!(site_path(raw), Err(why), "{raw}");
        }
    }

    #[test]
    fn a_folder_names_its_index() {
        assert_eq!(site_path("/").unwrap().index(), "index.html");
        assert_eq!(site_path("/claims/").unwrap().index(), "claims/index.html");
    }
}
