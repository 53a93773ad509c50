//! Reading the fields of annotation entries: required text, dates, URLs, anchors, correction
//! targets and event references, each checked with a diagnostic at the value's place.

use super::anchor::QuoteRequest;
use super::articles::{AnchorRequest, Purpose};
use super::entities::Indexes;
use super::ids::IdIndex;
use super::text_of;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::SourceFile;
use crate::load::annotations::{AnchorEntry, CorrectionEntry};
use crate::load::yaml::Spanned;
use crate::model::{CorrectionTarget, Date, Ref};

/// The error for an address that [`super::url::check`] refused.
pub fn bad_url(text: &str, problem: &str) -> Diagnostic {
    Diagnostic::error(
        "bad-url",
        format!("`{}` {problem}", text.trim().escape_debug()),
    )
    .help(super::url::HELP)
}

/// What the entry readers share: the indexes, the anchor requests and the diagnostics.
pub struct Context<'a> {
    pub indexes: &'a Indexes,
    pub requests: &'a mut [Vec<AnchorRequest>],
    pub diagnostics: &'a mut Diagnostics,
}

impl Context<'_> {
    /// A text that must not be empty.
    pub fn required(
        &mut self,
        source: &SourceFile,
        value: &Spanned<String>,
        field: &str,
    ) -> String {
        let text = value.value.trim();
        if text.is_empty() {
            self.diagnostics.push(
                Diagnostic::error("empty-value", format!("`{field}` is empty"))
                    .at(source.at(value))
                    .help(format!("write the {field}, or remove the entry")),
            );
        }
        text.to_string()
    }

    pub fn optional(&self, value: &Option<Spanned<String>>) -> Option<String> {
        text_of(value)
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
    }

    pub fn date(&mut self, source: &SourceFile, value: &Spanned<String>) -> Option<Date> {
        match Date::parse(&value.value) {
            Ok(date) => Some(date),
            Err(message) => {
                self.diagnostics
                    .push(Diagnostic::error("bad-date", message).at(source.at(value)));
                None
            }
        }
    }

    pub fn url(&mut self, source: &SourceFile, value: &Spanned<String>) -> Option<String> {
        match super::url::check(&value.value) {
            Ok(url) => Some(url),
            Err(problem) => {
                self.diagnostics
                    .push(bad_url(&value.value, &problem).at(source.at(value)));
                None
            }
        }
    }

    /// Queues an anchor on the article it names.
    pub fn anchor(&mut self, source: &SourceFile, entry: &AnchorEntry, purpose: Purpose) -> bool {
        let Some(article) = self.indexes.articles.resolve(
            entry.article.value.trim(),
            &source.at(&entry.article),
            self.diagnostics,
        ) else {
            return false;
        };
        self.requests[article].push(AnchorRequest {
            quote: QuoteRequest::new(
                &entry.quote.value,
                text_of(&entry.prefix),
                text_of(&entry.suffix),
            ),
            purpose,
            at: source.at(&entry.quote),
        });
        true
    }

    pub fn correction_target(
        &mut self,
        source: &SourceFile,
        entry: &CorrectionEntry,
        index: usize,
    ) -> CorrectionTarget {
        let target = &entry.target;
        let at = source.at(&entry.id);
        let given = [
            target.article.is_some(),
            target.claim.is_some(),
            target.person.is_some(),
        ];
        if given.iter().filter(|&&g| g).count() != 1 {
            self.diagnostics.push(
                Diagnostic::error(
                    "bad-target",
                    "a correction's target names exactly one of `article`, `claim` or `person`",
                )
                .at(at)
                .help("e.g. `target: { article: ID, quote: \"...\" }` or `target: { claim: ID }`"),
            );
            return CorrectionTarget::Article(0);
        }
        if let Some(article) = &target.article {
            return match &target.quote {
                Some(quote) => {
                    let anchor = AnchorEntry {
                        article: article.clone(),
                        quote: quote.clone(),
                        prefix: target.prefix.clone(),
                        suffix: target.suffix.clone(),
                    };
                    self.anchor(source, &anchor, Purpose::Correction(index));
                    // Replaced by the placed passage once anchoring is done.
                    CorrectionTarget::Article(
                        self.indexes.articles.get(article.value.trim()).unwrap_or(0),
                    )
                }
                None => CorrectionTarget::Article(
                    self.indexes
                        .articles
                        .resolve(article.value.trim(), &source.at(article), self.diagnostics)
                        .unwrap_or(0),
                ),
            };
        }
        if target.quote.is_some() || target.prefix.is_some() || target.suffix.is_some() {
            self.diagnostics.push(
                Diagnostic::error(
                    "bad-target",
                    "`quote`, `prefix` and `suffix` need an `article`",
                )
                .at(at.clone())
                .help("a quote selects a passage of an article: add `article: ID`"),
            );
        }
        if let Some(claim) = &target.claim {
            let found = self.indexes.claims.resolve(
                claim.value.trim(),
                &source.at(claim),
                self.diagnostics,
            );
            return CorrectionTarget::Claim(found.unwrap_or(0));
        }
        let person = target.person.as_ref().expect("one target kind is given");
        let found =
            self.indexes
                .people
                .resolve(person.value.trim(), &source.at(person), self.diagnostics);
        CorrectionTarget::Person(found.unwrap_or(0))
    }

    /// An event's reference: `kind:id`, or a bare id found in exactly one kind.
    pub fn reference(&mut self, source: &SourceFile, value: &Spanned<String>) -> Option<Ref> {
        let text = value.value.trim();
        let at = source.at(value);
        type Kind<'a> = (&'a str, &'a IdIndex, fn(usize) -> Ref);
        let kinds: [Kind; 5] = [
            ("person", &self.indexes.people, Ref::Person),
            ("claim", &self.indexes.claims, Ref::Claim),
            ("article", &self.indexes.articles, Ref::Article),
            ("correction", &self.indexes.corrections, Ref::Correction),
            ("event", &self.indexes.events, Ref::Event),
        ];
        if let Some((kind, id)) = text.split_once(':') {
            return match kinds.iter().find(|(name, _, _)| *name == kind) {
                Some((_, index, make)) => index.resolve(id, &at, self.diagnostics).map(make),
                None => {
                    self.diagnostics.push(
                        Diagnostic::error("unknown-kind", format!("`{kind}` is not a kind of entry"))
                            .at(at)
                            .help("write `person:ID`, `claim:ID`, `article:ID`, `correction:ID` or `event:ID`, or just the id"),
                    );
                    None
                }
            };
        }
        let found: Vec<(&str, Ref)> = kinds
            .iter()
            .filter_map(|(name, index, make)| index.get(text).map(|i| (*name, make(i))))
            .collect();
        match found.as_slice() {
            [(_, reference)] => Some(*reference),
            [] if kinds.iter().any(|(_, index, _)| index.is_incomplete()) => None,
            [] => {
                let mut diagnostic = self.indexes.people.unknown(text, &at);
                diagnostic.message = format!(
                    "`{text}` is not the id of any person, claim, article, correction or event"
                );
                self.diagnostics.push(diagnostic);
                None
            }
            many => {
                let kinds: Vec<String> = many
                    .iter()
                    .map(|(kind, _)| format!("`{kind}:{text}`"))
                    .collect();
                self.diagnostics.push(
                    Diagnostic::error(
                        "ambiguous-ref",
                        format!("`{text}` is the id of more than one kind of entry"),
                    )
                    .at(at)
                    .help(format!("write {}", kinds.join(" or "))),
                );
                None
            }
        }
    }
}
