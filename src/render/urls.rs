//! Page addresses: relative inside the site, absolute under `base_url` for the outputs that
//! leave it (feeds, sitemaps, JSON-LD, annotation ids).

use crate::model::Dossier;

/// Where an article's page is in the site.
pub fn article_page(id: &str) -> String {
    format!("articles/{id}/index.html")
}

/// Where a person's page is in the site.
pub fn person_page(id: &str) -> String {
    format!("people/{id}/index.html")
}

/// Where a claim's page is in the site.
pub fn claim_page(id: &str) -> String {
    format!("claims/{id}/index.html")
}

/// The published address of a page, from its path in the site (`people/x/index.html`):
/// `base_url` + the pretty form (`people/x/`). Without a base URL the pretty path is returned
/// as is, a reference relative to the site's root.
pub fn absolute(dossier: &Dossier, path: &str) -> String {
    let (path, fragment) = match path.split_once('#') {
        Some((path, fragment)) => (path, Some(fragment)),
        None => (path, None),
    };
    let pretty = path.strip_suffix("index.html").unwrap_or(path);
    let mut address = match &dossier.config.base_url {
        Some(base) => format!("{base}{pretty}"),
        None => pretty.to_string(),
    };
    if let Some(fragment) = fragment {
        address.push('#');
        address.push_str(fragment);
    }
    address
}

/// Converts byte offsets of a text to code point offsets (as the W3C annotation model counts
/// positions), in time proportional to the text once, then constant per offset.
pub struct CodePoints {
    /// For every byte offset, the number of characters before it.
    before: Vec<u32>,
}

impl CodePoints {
    pub fn new(text: &str) -> CodePoints {
        let mut before = Vec::with_capacity(text.len() + 1);
        let mut count = 0u32;
        for (i, _) in text.char_indices() {
            // Bytes inside a character count the characters before it.
            before.resize(i, count);
            before.push(count);
            count += 1;
        }
        before.resize(text.len() + 1, count);
        CodePoints { before }
    }

    pub fn at(&self, byte: usize) -> usize {
        self.before[byte] as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_points_count_characters_not_bytes() {
        let text = "a’b c";
        let points = CodePoints::new(text);
        assert_eq!(points.at(0), 0);
        assert_eq!(points.at(1), 1);
        assert_eq!(points.at(4), 2);
        assert_eq!(points.at(text.len()), 5);
    }
}
