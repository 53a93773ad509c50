//! What each element of a rendered article is as HTML: the article's own inline markup, a
//! highlight's `<mark>` with what it points at, the link inside a person's mention, and the
//! note a claim or correction gets in the margin, and a passage shared with another article.

use super::{Element, Renderer, escape};
use crate::model::HighlightTarget;
use crate::model::text::{InlineTag, Leaf};

impl Renderer<'_> {
    pub(super) fn is_link(&self, leaf: &Leaf, element: Element) -> bool {
        match element {
            Element::PersonLink(_) => true,
            Element::Inline(i) => matches!(leaf.inlines[i].tag, InlineTag::Link { .. }),
            Element::Mark(_) | Element::Shared(_) => false,
        }
    }

    pub(super) fn open(&self, leaf: &Leaf, element: Element, at: usize) -> String {
        match element {
            Element::Inline(i) => match &leaf.inlines[i].tag {
                InlineTag::Emphasis => "<em>".into(),
                InlineTag::Strong => "<strong>".into(),
                InlineTag::Strikethrough => "<del>".into(),
                InlineTag::Code => "<code>".into(),
                InlineTag::LineBreak => String::new(),
                InlineTag::Link { href, title } if title.is_empty() => {
                    format!("<a href=\"{}\">", escape(href))
                }
                InlineTag::Link { href, title } => {
                    format!("<a href=\"{}\" title=\"{}\">", escape(href), escape(title))
                }
            },
            Element::Mark(i) => {
                let highlight = &self.article.highlights[i];
                // The first mark of a highlight carries its id; a later one, where the highlight
                // is split by other markup, names that id, so that the theme's script can mark
                // every part of it and its note together.
                let id = if highlight.range.start == at {
                    format!(" id=\"{}\"", highlight.fragment)
                } else {
                    format!(" data-of=\"{}\"", highlight.fragment)
                };
                let (kind, target_id, title) = self.describe(highlight.target);
                format!(
                    "<mark class=\"{kind}\" data-{kind}=\"{target_id}\"{id} title=\"{}\">",
                    escape(&title)
                )
            }
            Element::Shared(i) => {
                let span = &self.shared[i];
                let id = if span.range.start == at {
                    format!(" id=\"{}\"", span.fragment)
                } else {
                    String::new()
                };
                format!(
                    "<span class=\"shared\"{id} title=\"{} words also in: {}\">",
                    span.words,
                    escape(&span.other_title)
                )
            }
            Element::PersonLink(i) => {
                let HighlightTarget::Person(person) = self.article.highlights[i].target else {
                    unreachable!("person links are made for person highlights only")
                };
                let person = &self.dossier.people[person];
                // The role, shown beside the link on hover and on keyboard focus.
                match &person.role {
                    Some(role) => format!(
                        "<a href=\"{}people/{}/index.html\" data-role=\"{}\">",
                        self.root,
                        person.id,
                        escape(role)
                    ),
                    None => format!("<a href=\"{}people/{}/index.html\">", self.root, person.id),
                }
            }
        }
    }

    pub(super) fn close(&self, leaf: &Leaf, element: Element) -> String {
        match element {
            Element::Inline(i) => match &leaf.inlines[i].tag {
                InlineTag::Emphasis => "</em>",
                InlineTag::Strong => "</strong>",
                InlineTag::Strikethrough => "</del>",
                InlineTag::Code => "</code>",
                InlineTag::LineBreak => "",
                InlineTag::Link { .. } => "</a>",
            }
            .into(),
            Element::Mark(_) => "</mark>".into(),
            Element::PersonLink(_) => "</a>".into(),
            Element::Shared(_) => "</span>".into(),
        }
    }

    /// The kind, id and tooltip of a highlight's target.
    pub(super) fn describe(&self, target: HighlightTarget) -> (&'static str, &str, String) {
        match target {
            HighlightTarget::Person(i) => {
                let person = &self.dossier.people[i];
                let title = match &person.role {
                    Some(role) => format!("{}: {role}", person.name),
                    None => person.name.clone(),
                };
                ("person", person.id.as_str(), title)
            }
            HighlightTarget::Claim(i) => {
                let claim = &self.dossier.claims[i];
                let rating = &self.dossier.config.ratings[claim.rating];
                (
                    "claim",
                    claim.id.as_str(),
                    format!("Claim ({}): {}", rating.label, claim.statement),
                )
            }
            HighlightTarget::Correction(i) => {
                let correction = &self.dossier.corrections[i];
                (
                    "correction",
                    correction.id.as_str(),
                    format!("{} of {}", correction.kind.label(), correction.date.human()),
                )
            }
        }
    }

    /// The short label, the date and the words of a correction's note: its first paragraph.
    fn correction_note(&self, i: usize) -> (String, &str) {
        let correction = &self.dossier.corrections[i];
        let label = format!("{}, {}", correction.kind.label(), correction.date.human());
        let first = correction.text.split("\n\n").next().unwrap_or_default();
        (label, first)
    }

    /// The note in the margin beside a claim or correction, placed just before the first
    /// mark of its highlight (`data-note-for` names that mark): its rating and statement, or
    /// the correction's first paragraph, on one line where notes crowd a passage and on up to
    /// three elsewhere, so that notes stay level with their highlights. The whole note shows
    /// over the margin on hover or focus (an `aria-hidden` copy: the clipped text is whole
    /// for a screen reader, which reads past the clipping).
    pub(super) fn margin_note(&self, highlight: usize, crowded: bool) -> String {
        let h = &self.article.highlights[highlight];
        let class = if crowded {
            "sidenote crowded"
        } else {
            "sidenote"
        };
        let (body, full) = match h.target {
            HighlightTarget::Claim(i) => {
                let claim = &self.dossier.claims[i];
                let rating = &self.dossier.config.ratings[claim.rating];
                let badge = format!(
                    "<span class=\"rating rating-{} rating-pos-{}\">{}</span>",
                    rating.id,
                    claim.rating + 1,
                    escape(&rating.label)
                );
                (
                    format!(
                        "<a class=\"note-body\" href=\"{}claims/{}/index.html\">{badge} {}</a>",
                        self.root,
                        claim.id,
                        escape(&claim.statement)
                    ),
                    format!("{badge} {}", escape(&claim.statement)),
                )
            }
            HighlightTarget::Correction(i) => {
                let (label, first) = self.correction_note(i);
                let correction = &self.dossier.corrections[i];
                // The kind alone where the line is short; the date is in the whole note.
                (
                    format!(
                        "<span class=\"note-body\"><a href=\"{}corrections/index.html#{}\"><strong>{}:</strong></a> {}</span>",
                        self.root,
                        correction.id,
                        correction.kind.label(),
                        crate::render::markdown::to_inline_html(first)
                    ),
                    format!(
                        "<strong>{}:</strong> {}",
                        escape(&label),
                        escape(&crate::render::markdown::to_plain_text(first))
                    ),
                )
            }
            HighlightTarget::Person(_) => return String::new(),
        };
        format!(
            "<span class=\"{class}\" data-note-for=\"{}\">{body}<span class=\"note-full\" aria-hidden=\"true\">{full}</span></span>",
            h.fragment
        )
    }

    /// The small link placed after a claim or a correction, with its note behind a toggle
    /// for narrow screens and print (and its margin note, when that could not go before).
    pub(super) fn note_ref(&self, highlight: usize) -> String {
        let late = {
            let mut late = self.late_notes.borrow_mut();
            match late.iter().position(|&i| i == highlight) {
                Some(at) => {
                    late.swap_remove(at);
                    self.margin_note(highlight, false)
                }
                None => String::new(),
            }
        };
        let h = &self.article.highlights[highlight];
        match h.target {
            HighlightTarget::Claim(i) => {
                let claim = &self.dossier.claims[i];
                let rating = &self.dossier.config.ratings[claim.rating];
                let note = format!(
                    "<span class=\"rating rating-{} rating-pos-{}\">{}</span> {}",
                    rating.id,
                    claim.rating + 1,
                    escape(&rating.label),
                    escape(&claim.statement)
                );
                format!(
                    "<sup class=\"note-ref\"><a class=\"rating rating-{} rating-pos-{}\" href=\"{}claims/{}/index.html\" aria-label=\"Claim rated {}: {}\">{}</a></sup>{}{late}",
                    rating.id,
                    claim.rating + 1,
                    self.root,
                    claim.id,
                    escape(&rating.label),
                    escape(&claim.statement),
                    escape(&rating.label),
                    inline_note(&h.fragment, "claim", &note)
                )
            }
            HighlightTarget::Correction(i) => {
                let correction = &self.dossier.corrections[i];
                let (label, first) = self.correction_note(i);
                let note = format!(
                    "<strong>{}:</strong> {}",
                    escape(&label),
                    crate::render::markdown::to_inline_html(first)
                );
                format!(
                    "<sup class=\"note-ref\"><a class=\"correction-ref\" href=\"{}corrections/index.html#{}\">{}</a></sup>{}{late}",
                    self.root,
                    correction.id,
                    correction.kind.label(),
                    inline_note(&h.fragment, "correction", &note)
                )
            }
            HighlightTarget::Person(_) => String::new(),
        }
    }
}

impl Renderer<'_> {
    /// The small link after a shared passage, to the same words in the other article.
    pub(super) fn shared_ref(&self, index: usize) -> String {
        let span = &self.shared[index];
        format!(
            "<sup class=\"shared-ref\"><a href=\"{}{}\" aria-label=\"The same words in {}\">\u{21c4}</a></sup>",
            self.root,
            span.other_url,
            escape(&span.other_title)
        )
    }
}

/// A note behind a toggle (a checkbox and its label, so no script is needed), shown after
/// its highlight on a narrow screen and in print; the margin has its own copy on a wide one.
/// `html` is already escaped.
fn inline_note(fragment: &str, what: &str, html: &str) -> String {
    format!(
        "<input type=\"checkbox\" id=\"sn-{fragment}\" class=\"margin-toggle\">\
         <label for=\"sn-{fragment}\" class=\"margin-toggle\"><span aria-hidden=\"true\">\u{2295}</span>\
         <span class=\"visually-hidden\">Show the note on this {what}</span></label>\
         <span class=\"inline-note\">{html}</span>"
    )
}
