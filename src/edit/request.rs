//! The changes `dossier serve` accepts, as JSON bodies of `POST /__dossier/annotate`
//! (docs/serve.md), checked into typed [`Edit`]s before anything is read.

use serde::Deserialize;

use super::selection::Selection;
use crate::diagnostic::Diagnostic;
use crate::model::LayoutRole;

/// A request body as sent. One flat shape for every action, so that a misspelt field is an
/// error rather than silently ignored (serde cannot deny unknown fields of a tagged enum).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditRequest {
    pub action: String,
    pub article: Option<String>,
    pub exact: Option<String>,
    pub prefix: Option<String>,
    pub suffix: Option<String>,
    pub person: Option<PersonField>,
    pub claim: Option<ClaimField>,
    pub correction: Option<NewCorrection>,
    pub role: Option<String>,
}

/// `person`: an id (for a mention) or a new person.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum PersonField {
    Id(String),
    New(NewPerson),
}

/// `claim`: an id (for an appearance) or a new claim.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ClaimField {
    Id(String),
    New(NewClaim),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewPerson {
    pub id: String,
    pub name: String,
    pub role: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewClaim {
    pub id: String,
    pub statement: String,
    pub claimant: Option<String>,
    pub claimant_name: Option<String>,
    pub date: Option<String>,
    pub rating: String,
    pub explanation: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCorrection {
    pub id: String,
    pub kind: String,
    pub text: String,
    pub date: String,
}

/// A passage of an article, as selected.
#[derive(Debug, Clone)]
pub struct Passage {
    pub article: String,
    pub selection: Selection,
}

/// One change to the annotation files.
#[derive(Debug, Clone)]
pub enum Edit {
    Mention {
        passage: Passage,
        person: String,
    },
    Appearance {
        passage: Passage,
        claim: String,
    },
    Claim {
        passage: Passage,
        claim: NewClaim,
    },
    Person {
        person: NewPerson,
    },
    Correction {
        passage: Passage,
        correction: NewCorrection,
    },
    Layout {
        passage: Passage,
        role: LayoutRole,
    },
    /// Remove the highlight of a person or a claim at the passage.
    Remove {
        passage: Passage,
        of: Highlighted,
    },
}

/// Whose highlight a removal is of.
#[derive(Debug, Clone)]
pub enum Highlighted {
    Person(String),
    Claim(String),
}

/// The longest text a field may hold: a page's worth. The selection's context is cut to what
/// placing it can use.
const FIELD_LIMIT: usize = 100_000;
const CONTEXT_LIMIT: usize = 2_000;

fn bad(message: impl Into<String>) -> Diagnostic {
    Diagnostic::error("bad-request", message)
        .help("see docs/serve.md for the bodies `POST /__dossier/annotate` accepts")
}

fn last_chars(text: &str, n: usize) -> String {
    let count = text.chars().count();
    text.chars().skip(count.saturating_sub(n)).collect()
}

/// The fields each action takes besides `action`; `None` for an unknown action.
fn fields_of(action: &str) -> Option<&'static [&'static str]> {
    Some(match action {
        "mention" => &["article", "exact", "prefix", "suffix", "person"],
        "appearance" | "claim" => &["article", "exact", "prefix", "suffix", "claim"],
        "correction" => &["article", "exact", "prefix", "suffix", "correction"],
        "layout" => &["article", "exact", "prefix", "suffix", "role"],
        "remove" => &["article", "exact", "prefix", "suffix", "person", "claim"],
        "person" => &["person"],
        _ => return None,
    })
}

impl EditRequest {
    /// The edit this body asks for, or why it is not one.
    pub fn into_edit(self) -> Result<Edit, Diagnostic> {
        let too_long = [
            self.exact.as_deref(),
            self.article.as_deref(),
            self.role.as_deref(),
        ]
        .into_iter()
        .flatten()
        .any(|s| s.len() > FIELD_LIMIT);
        if too_long {
            return Err(bad("a field is longer than a page"));
        }
        let passage = |this: &EditRequest| -> Result<Passage, Diagnostic> {
            let article = this
                .article
                .clone()
                .ok_or_else(|| bad(format!("`{}` needs `article`", this.action)))?;
            let exact = this.exact.clone().ok_or_else(|| {
                bad(format!(
                    "`{}` needs `exact`, the selected words",
                    this.action
                ))
            })?;
            let prefix = this.prefix.as_deref().unwrap_or("");
            let suffix = this.suffix.as_deref().unwrap_or("");
            Ok(Passage {
                article,
                selection: Selection {
                    exact,
                    prefix: last_chars(prefix, CONTEXT_LIMIT),
                    suffix: suffix.chars().take(CONTEXT_LIMIT).collect(),
                },
            })
        };
        // A field the action does not take is an error, not silently ignored.
        let present = [
            ("article", self.article.is_some()),
            ("exact", self.exact.is_some()),
            ("prefix", self.prefix.is_some()),
            ("suffix", self.suffix.is_some()),
            ("person", self.person.is_some()),
            ("claim", self.claim.is_some()),
            ("correction", self.correction.is_some()),
            ("role", self.role.is_some()),
        ];
        if let Some(takes) = fields_of(&self.action)
            && let Some((name, _)) = present
                .iter()
                .find(|(name, present)| *present && !takes.contains(name))
        {
            return Err(bad(format!("`{}` takes no `{name}`", self.action)));
        }
        match self.action.as_str() {
            "mention" => {
                let passage = passage(&self)?;
                match self.person {
                    Some(PersonField::Id(person)) => Ok(Edit::Mention { passage, person }),
                    _ => Err(bad("`mention` needs `person`, the id of a person")),
                }
            }
            "appearance" => {
                let passage = passage(&self)?;
                match self.claim {
                    Some(ClaimField::Id(claim)) => Ok(Edit::Appearance { passage, claim }),
                    _ => Err(bad("`appearance` needs `claim`, the id of a claim")),
                }
            }
            "claim" => {
                let passage = passage(&self)?;
                match self.claim {
                    Some(ClaimField::New(claim)) => Ok(Edit::Claim { passage, claim }),
                    _ => Err(bad(
                        "`claim` needs `claim: {id, statement, rating, ...}`, the new claim",
                    )),
                }
            }
            "person" => match self.person {
                Some(PersonField::New(person)) => Ok(Edit::Person { person }),
                _ => Err(bad(
                    "`person` needs `person: {id, name, ...}`, the new person",
                )),
            },
            "correction" => {
                let passage = passage(&self)?;
                match self.correction {
                    Some(correction) => Ok(Edit::Correction {
                        passage,
                        correction,
                    }),
                    None => Err(bad(
                        "`correction` needs `correction: {id, kind, text, date}`",
                    )),
                }
            }
            "layout" => {
                let passage = passage(&self)?;
                let role = match self.role.as_deref() {
                    Some("headline") => LayoutRole::Headline,
                    Some("standfirst") => LayoutRole::Standfirst,
                    Some("byline") => LayoutRole::Byline,
                    Some("dateline") => LayoutRole::Dateline,
                    Some("caption") => LayoutRole::Caption,
                    _ => {
                        return Err(bad(
                            "`layout` needs `role`: headline, standfirst, byline, dateline or caption",
                        ));
                    }
                };
                Ok(Edit::Layout { passage, role })
            }
            "remove" => {
                let passage = passage(&self)?;
                match (self.person, self.claim) {
                    (Some(PersonField::Id(person)), None) => Ok(Edit::Remove {
                        passage,
                        of: Highlighted::Person(person),
                    }),
                    (None, Some(ClaimField::Id(claim))) => Ok(Edit::Remove {
                        passage,
                        of: Highlighted::Claim(claim),
                    }),
                    _ => Err(bad(
                        "`remove` needs `person` or `claim`: the id whose highlight goes",
                    )),
                }
            }
            other => Err(bad(format!(
                "unknown action `{other}`: mention, appearance, claim, person, correction, layout or remove"
            ))),
        }
    }
}
