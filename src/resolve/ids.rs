//! Ids: their form, their uniqueness within a kind, and looking them up with suggestions.
//!
//! Ids name pages (`people/ID/`), so they are restricted to `[a-z0-9-]+`: nothing like `../`
//! or a space can reach a path or a URL.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::suggest::closest_n;

/// The longest id: ids name folders (`people/ID/`), and file systems refuse names past 255
/// bytes; a hundred is far more than anyone types.
pub const MAX_ID_LEN: usize = 100;

/// True for a well-formed id.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// An id made from a file name: lowercase, with every other character turned into `-`.
pub fn id_from_name(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut id = String::with_capacity(name.len());
    // Accents come apart from their letters and are left out: "Élection" gives "election".
    for c in name
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
    {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if !id.ends_with('-') {
            id.push('-');
        }
    }
    let id = id.trim_matches('-').to_string();
    if id.is_empty() {
        "article".to_string()
    } else {
        id
    }
}

/// The ids of one kind (people, claims, ...) with the place each was defined.
pub struct IdIndex {
    kind: &'static str,
    ids: HashMap<String, (usize, Location)>,
    /// Accept any id without a word: used when the ids could not be read (a broken
    /// dossier.yaml), so that one mistake is not reported again at every reference.
    unchecked: bool,
    /// Some ids may be missing because a file that defines them could not be read (and that
    /// was reported): an unknown id is then not reported again at each reference.
    incomplete: bool,
}

impl IdIndex {
    pub fn new(kind: &'static str) -> IdIndex {
        IdIndex {
            kind,
            ids: HashMap::new(),
            unchecked: false,
            incomplete: false,
        }
    }

    /// This index, not reporting unknown ids, since some could not be read.
    pub fn incomplete(mut self) -> IdIndex {
        self.incomplete = true;
        self
    }

    /// Whether unknown ids go unreported (see [`IdIndex::incomplete`]).
    pub fn is_incomplete(&self) -> bool {
        self.incomplete
    }

    /// This index, accepting every id as the first.
    pub fn unchecked(mut self) -> IdIndex {
        self.unchecked = true;
        self
    }

    /// Registers `id` for item `index`; reports a bad form or a duplicate. Returns whether
    /// the id was accepted.
    pub fn insert(
        &mut self,
        id: &str,
        index: usize,
        at: &Location,
        diagnostics: &mut Diagnostics,
    ) -> bool {
        let well_formed = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
        if id.len() > MAX_ID_LEN && id.bytes().all(well_formed) {
            diagnostics.push(
                Diagnostic::error(
                    "id-form",
                    format!(
                        "{} id `{}…` is {} characters long; ids have at most {MAX_ID_LEN}",
                        self.kind,
                        &id[..24],
                        id.len()
                    ),
                )
                .at(at.clone())
                .help("shorten it: an id names the entry's page, so a few words do"),
            );
            return false;
        }
        if !is_valid_id(id) {
            diagnostics.push(
                Diagnostic::error("id-form", format!("`{id}` is not a valid {} id", self.kind))
                    .at(at.clone())
                    .help(format!(
                        "ids use lowercase letters, digits and '-' only, e.g. `{}`",
                        id_from_name(id)
                    )),
            );
            return false;
        }
        if let Some((_, first)) = self.ids.get(id) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    format!(
                        "{} id `{id}` is defined twice; it was first defined at {}:{}:{}",
                        self.kind, first.file, first.line, first.column
                    ),
                )
                .at(at.clone())
                .help(format!("give each {} its own id", self.kind)),
            );
            return false;
        }
        self.ids.insert(id.to_string(), (index, at.clone()));
        true
    }

    pub fn get(&self, id: &str) -> Option<usize> {
        self.ids.get(id).map(|(index, _)| *index)
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains_key(id)
    }

    /// Looks `id` up; reports an unknown id at `at`, with the closest existing ids.
    pub fn resolve(&self, id: &str, at: &Location, diagnostics: &mut Diagnostics) -> Option<usize> {
        if let Some(index) = self.get(id) {
            return Some(index);
        }
        if self.unchecked {
            return Some(0);
        }
        if !self.incomplete {
            diagnostics.push(self.unknown(id, at));
        }
        None
    }

    /// The error for an unknown id, with suggestions.
    pub fn unknown(&self, id: &str, at: &Location) -> Diagnostic {
        unknown_id(self.kind, id, self.ids.keys().map(String::as_str)).at(at.clone())
    }
}

/// The error for an id of `kind` that none of `known` is, with the closest as suggestions:
/// what `check` says, and `serve`'s edits too.
pub fn unknown_id<'a>(
    kind: &str,
    id: &str,
    known: impl Iterator<Item = &'a str> + Clone,
) -> Diagnostic {
    let close = closest_n(id, known.clone(), 3);
    let help = if close.is_empty() {
        let mut all: Vec<&str> = known.collect();
        all.sort_unstable();
        if all.is_empty() {
            format!("this dossier has no {kind} yet")
        } else if all.len() <= 8 {
            format!("the {kind} ids are: {}", all.join(", "))
        } else {
            format!("no {kind} id is close to `{id}`")
        }
    } else {
        format!(
            "did you mean {}?",
            close
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        )
    };
    Diagnostic::error("unknown-id", format!("unknown {kind} id `{id}`")).help(help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_lowercase_words_with_dashes() {
        assert!(is_valid_id("jeff-sessions"));
        assert!(is_valid_id("seed-001"));
        assert!(!is_valid_id("../etc"));
        assert!(!is_valid_id("Jeff"));
        assert!(!is_valid_id("a b"));
        assert!(!is_valid_id(""));
        assert!(is_valid_id(&"a".repeat(MAX_ID_LEN)));
        assert!(!is_valid_id(&"a".repeat(MAX_ID_LEN + 1)));
        assert_eq!(id_from_name("001_c6a5aa7f5e9c44e2"), "001-c6a5aa7f5e9c44e2");
        assert_eq!(id_from_name("__"), "article");
    }

    #[test]
    fn duplicates_name_the_first_place_and_unknown_ids_suggest() {
        let mut index = IdIndex::new("person");
        let mut diagnostics = Diagnostics::default();
        let first = Location::new("annotations/a.yaml", 3, 9);
        let second = Location::new("annotations/b.yaml", 7, 9);
        assert!(index.insert("jeff-sessions", 0, &first, &mut diagnostics));
        assert!(!index.insert("jeff-sessions", 1, &second, &mut diagnostics));
        let message = &diagnostics.sorted()[0].message;
        assert!(message.contains("annotations/a.yaml:3:9"), "{message}");
        let unknown = index.unknown("jeff-sesions", &second);
        assert_eq!(
            unknown.help.as_deref(),
            Some("did you mean `jeff-sessions`?")
        );
    }
}
