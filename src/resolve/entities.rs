//! People, claims, corrections and events: ids, references, dates, and the anchors they ask
//! for, turned from their written shapes into the model's.

use std::collections::HashMap;

use super::articles::{AnchorRequest, Purpose};
use super::fields::Context;
use super::fold::fold;
use super::ids::IdIndex;
use crate::diagnostic::{Diagnostic, Diagnostics, Location};
use crate::load::Loaded;
use crate::load::annotations::AnnotationFile;
use crate::load::yaml::Spanned;
use crate::model::{Claim, Claimant, Correction, Date, Event, Person, Place, Source};

/// The id indexes of every kind.
pub struct Indexes {
    pub articles: IdIndex,
    pub people: IdIndex,
    pub claims: IdIndex,
    pub corrections: IdIndex,
    pub events: IdIndex,
    pub ratings: IdIndex,
}

/// Everything but the articles, with the aliases to look for.
pub struct Entities {
    pub people: Vec<Person>,
    pub claims: Vec<Claim>,
    pub corrections: Vec<Correction>,
    pub events: Vec<Event>,
    /// (folded alias, person index), each alias once.
    pub aliases: Vec<(String, usize)>,
    /// Where each alias was written, and whether it is the person's name rather than an
    /// entry of `aliases`.
    alias_places: Vec<(Location, bool)>,
    /// How many appearances each claim lists.
    appearance_counts: Vec<usize>,
    /// Where each claim was defined, for warnings.
    claim_places: Vec<Location>,
    person_places: Vec<Location>,
}

impl Entities {
    /// Where each claim was defined, for warnings about it.
    pub fn claim_places(&self) -> &[Location] {
        &self.claim_places
    }

    /// One empty slot per appearance of each claim, filled as anchors are placed.
    pub fn appearance_slots(&self) -> Vec<Vec<Option<Place>>> {
        self.appearance_counts
            .iter()
            .map(|&n| vec![None; n])
            .collect()
    }
}

/// Reads every entry of every annotation file, registering ids first so references may point
/// at entries in any file, in any order.
pub fn collect(
    loaded: &Loaded,
    indexes: &mut Indexes,
    requests: &mut [Vec<AnchorRequest>],
    diagnostics: &mut Diagnostics,
) -> Entities {
    let files = &loaded.annotations;
    // Items are numbered across files in file order, the order they are read in below.
    let ids = |kind: fn(&AnnotationFile) -> Vec<&Spanned<String>>| {
        files
            .iter()
            .flat_map(move |file| {
                kind(&file.file)
                    .into_iter()
                    .map(move |id| (&file.source, id))
            })
            .enumerate()
    };
    for (index, (source, id)) in ids(|f| f.people.iter().map(|p| &p.id).collect()) {
        indexes
            .people
            .insert(id.value.trim(), index, &source.at(id), diagnostics);
    }
    for (index, (source, id)) in ids(|f| f.claims.iter().map(|c| &c.id).collect()) {
        indexes
            .claims
            .insert(id.value.trim(), index, &source.at(id), diagnostics);
    }
    for (index, (source, id)) in ids(|f| f.corrections.iter().map(|c| &c.id).collect()) {
        indexes
            .corrections
            .insert(id.value.trim(), index, &source.at(id), diagnostics);
    }
    for (index, (source, id)) in ids(|f| f.events.iter().map(|e| &e.id).collect()) {
        indexes
            .events
            .insert(id.value.trim(), index, &source.at(id), diagnostics);
    }

    let mut entities = Entities {
        people: Vec::new(),
        claims: Vec::new(),
        corrections: Vec::new(),
        events: Vec::new(),
        aliases: Vec::new(),
        alias_places: Vec::new(),
        appearance_counts: Vec::new(),
        claim_places: Vec::new(),
        person_places: Vec::new(),
    };
    let mut alias_owner: HashMap<String, (usize, Location)> = HashMap::new();
    let mut context = Context {
        indexes,
        requests,
        diagnostics,
    };

    for file in files {
        let source = &file.source;
        for entry in &file.file.people {
            let index = entities.people.len();
            let name = context.required(source, &entry.name, "name");
            let mut aliases = Vec::new();
            let written = std::iter::once(&entry.name).chain(entry.aliases.iter());
            for alias in written {
                let folded = fold(alias.value.trim()).trim().to_string();
                let at = source.at(alias);
                let is_name = std::ptr::eq(alias, &entry.name);
                if folded.is_empty() {
                    // An empty name is reported as the missing name it is.
                    if !is_name {
                        context.diagnostics.push(
                            Diagnostic::error("empty-value", "an alias is empty")
                                .at(at)
                                .help("write the name the articles use, or remove the empty entry"),
                        );
                    }
                    continue;
                }
                if folded.chars().count() > LONGEST_NAME {
                    context.diagnostics.push(
                        Diagnostic::error(
                            "alias-too-long",
                            format!(
                                "{} is {} characters long; names and aliases have at most {LONGEST_NAME}",
                                if is_name { "the name" } else { "an alias" },
                                folded.chars().count()
                            ),
                        )
                        .at(at)
                        .help("give the name as the articles write it; mark a longer passage with `mentions`"),
                    );
                    continue;
                }
                if let Some(why) = too_common(&folded) {
                    context.diagnostics.push(
                        Diagnostic::error(
                            "alias-too-common",
                            format!("alias \"{folded}\" {why}: it would mark words that name no one"),
                        )
                        .at(at)
                        .help("give the names the articles use (a surname, a title with the name), and mark other places with `mentions`"),
                    );
                    continue;
                }
                match alias_owner.get(&folded) {
                    Some((owner, _)) if *owner == index => continue,
                    Some((owner, first)) => {
                        let other = &entities.people[*owner].id;
                        context.diagnostics.push(
                            Diagnostic::error(
                                "alias-conflict",
                                format!(
                                    "alias \"{folded}\" is claimed by `{}` and by `{other}` (at {}:{})",
                                    entry.id.value.trim(), first.file, first.line
                                ),
                            )
                            .at(at)
                            .help("an alias must name one person; use explicit `mentions` for the places that mean each"),
                        );
                    }
                    None => {
                        alias_owner.insert(folded.clone(), (index, at.clone()));
                        entities.aliases.push((folded, index));
                        entities.alias_places.push((at, is_name));
                        if alias.value.trim() != name {
                            aliases.push(alias.value.trim().to_string());
                        }
                    }
                }
            }
            for mention in &entry.mentions {
                context.anchor(source, mention, Purpose::Mention(index));
            }
            for mention in &entry.not_mentions {
                context.anchor(source, mention, Purpose::NotMention(index));
            }
            entities.people.push(Person {
                id: entry.id.value.trim().to_string(),
                name,
                aliases,
                role: context.optional(&entry.role),
                description: context.optional(&entry.description),
                same_as: entry
                    .same_as
                    .iter()
                    .filter_map(|url| context.url(source, url))
                    .collect(),
                mentions: Vec::new(),
                claims_made: Vec::new(),
                claims_about: Vec::new(),
            });
            entities.person_places.push(source.at(&entry.id));
        }
    }

    for file in files {
        let source = &file.source;
        for entry in &file.file.claims {
            let index = entities.claims.len();
            let claimant = match (&entry.claimant, &entry.claimant_name) {
                (Some(id), None) => context
                    .indexes
                    .people
                    .resolve(id.value.trim(), &source.at(id), context.diagnostics)
                    .map_or(Claimant::Unknown, Claimant::Person),
                (None, Some(name)) => {
                    Claimant::Named(context.required(source, name, "claimant_name"))
                }
                (None, None) => Claimant::Unknown,
                (Some(id), Some(_)) => {
                    context.diagnostics.push(
                        Diagnostic::error("claimant-twice", "a claim has either `claimant` or `claimant_name`, not both")
                            .at(source.at(id))
                            .help("`claimant` is a person id; `claimant_name` names an organisation or a group"),
                    );
                    Claimant::Unknown
                }
            };
            let rating = context
                .indexes
                .ratings
                .resolve(
                    entry.rating.value.trim(),
                    &source.at(&entry.rating),
                    context.diagnostics,
                )
                .unwrap_or(0);
            for (slot, appearance) in entry.appearances.iter().enumerate() {
                context.anchor(source, appearance, Purpose::Appearance(index, slot));
            }
            if entry.appearances.is_empty() {
                context.diagnostics.push(
                    Diagnostic::error("no-appearances", format!("claim `{}` has no appearances", entry.id.value.trim()))
                        .at(source.at(&entry.id))
                        .help("list where the claim is made: `appearances: [{ article: ID, quote: \"...\" }]`"),
                );
            }
            let sources = entry
                .sources
                .iter()
                .map(|s| Source {
                    title: context.required(source, &s.title, "title"),
                    url: s.url.as_ref().and_then(|url| context.url(source, url)),
                    publisher: context.optional(&s.publisher),
                    date: s.date.as_ref().and_then(|d| context.date(source, d)),
                    accessed: s.accessed.as_ref().and_then(|d| context.date(source, d)),
                })
                .collect();
            entities.claims.push(Claim {
                id: entry.id.value.trim().to_string(),
                statement: context.required(source, &entry.statement, "statement"),
                claimant,
                date: entry.date.as_ref().and_then(|d| context.date(source, d)),
                rating,
                reviewed: entry
                    .reviewed
                    .as_ref()
                    .and_then(|d| context.date(source, d)),
                explanation: context.optional(&entry.explanation),
                appearances: Vec::new(),
                sources,
            });
            entities.appearance_counts.push(entry.appearances.len());
            entities.claim_places.push(source.at(&entry.id));
        }
    }

    for file in files {
        let source = &file.source;
        for entry in &file.file.corrections {
            let index = entities.corrections.len();
            let target = context.correction_target(source, entry, index);
            let date = context.date(source, &entry.date);
            entities.corrections.push(Correction {
                id: entry.id.value.trim().to_string(),
                date: date.unwrap_or(Date {
                    year: 0,
                    month: None,
                    day: None,
                }),
                kind: entry.kind.value.into(),
                target,
                text: context.required(source, &entry.text, "text"),
            });
        }
        for entry in &file.file.events {
            let date = context.date(source, &entry.date);
            let refs = entry
                .refs
                .iter()
                .filter_map(|r| context.reference(source, r))
                .collect();
            entities.events.push(Event {
                id: entry.id.value.trim().to_string(),
                date: date.unwrap_or(Date {
                    year: 0,
                    month: None,
                    day: None,
                }),
                title: context.required(source, &entry.title, "title"),
                description: context.optional(&entry.description),
                refs,
            });
        }
    }
    entities
}

/// Words too common to be anyone's alias, whatever their capitals: found in every article,
/// they would mark thousands of places that name no one.
const COMMON_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been",
    "but", "by", "can", "for", "from", "had", "has", "have", "he", "her", "him", "his", "i", "if",
    "in", "into", "is", "it", "its", "me", "mr", "mrs", "ms", "my", "no", "not", "of", "on", "one",
    "or", "our", "out", "said", "says", "she", "so", "that", "the", "their", "them", "then",
    "there", "they", "this", "to", "up", "us", "was", "we", "were", "what", "when", "which", "who",
    "will", "with", "would", "you", "your",
];

/// The longest name or alias, in characters: far beyond any person's, and short enough that
/// the automaton of every alias, whose making grows with each alias's length, stays small.
const LONGEST_NAME: usize = 200;

/// Why an alias may not be used, if it may not: a single character, or a common word.
fn too_common(folded: &str) -> Option<&'static str> {
    if folded.chars().count() < 2 {
        return Some("is a single character");
    }
    let lower = folded.to_lowercase();
    COMMON_WORDS
        .binary_search(&lower.as_str())
        .is_ok()
        .then_some("is a common word")
}

/// Warnings that do not stop a build. `used_aliases` tells, per alias, whether it matched.
pub fn warn(entities: &Entities, used_aliases: &[bool], diagnostics: &mut Diagnostics) {
    for (((alias, person), (at, is_name)), used) in entities
        .aliases
        .iter()
        .zip(&entities.alias_places)
        .zip(used_aliases)
    {
        if !used && !is_name {
            diagnostics.push(
                Diagnostic::warning(
                    "alias-unused",
                    format!(
                        "alias \"{alias}\" of `{}` matches nowhere",
                        entities.people[*person].id
                    ),
                )
                .at(at.clone())
                .help("check its spelling and capitals against the articles, or remove it"),
            );
        }
    }
    for (person, at) in entities.people.iter().zip(&entities.person_places) {
        if person.mentions.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    "person-unmentioned",
                    format!("`{}` is never mentioned in any article", person.id),
                )
                .at(at.clone())
                .help("add the names the articles use to `aliases`, or explicit `mentions`"),
            );
        }
    }
    for (claim, at) in entities.claims.iter().zip(&entities.claim_places) {
        if claim.sources.is_empty() {
            diagnostics.push(
                Diagnostic::warning(
                    "claim-unsourced",
                    format!("claim `{}` cites no sources", claim.id),
                )
                .at(at.clone())
                .help("list the evidence for the rating under `sources`"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_sorted_and_names_pass() {
        assert!(COMMON_WORDS.windows(2).all(|w| w[0] < w[1]));
        for bad in ["a", "The", "THE", "he", "Mr", "é"] {
            assert!(too_common(bad).is_some(), "{bad}");
        }
        for good in ["Xi", "Ma", "May", "Sessions", "Trump"] {
            assert!(too_common(good).is_none(), "{good}");
        }
    }
}
