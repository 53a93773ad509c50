//! The timeline page: events, dated claims and corrections, in date order.

use serde::Serialize;

use super::Page;
use crate::model::Dossier;
use crate::render::views;

/// One line of the timeline: an event, a dated claim or a correction.
#[derive(Serialize)]
struct TimelineEntry {
    date: String,
    date_human: String,
    kind: &'static str,
    id: String,
    title_html: String,
    detail_html: Option<String>,
    url: String,
    links: Vec<views::LinkView>,
}

pub(super) fn page(dossier: &Dossier) -> Page {
    let mut page = super::page(
        dossier,
        "timeline/index.html".into(),
        "timeline.html",
        "Timeline",
    );
    let mut entries: Vec<(crate::model::Date, u8, TimelineEntry)> = Vec::new();
    for event in &dossier.events {
        let view = views::event(dossier, event);
        entries.push((
            event.date,
            0,
            TimelineEntry {
                date: view.date,
                date_human: view.date_human,
                kind: "event",
                id: event.id.clone(),
                title_html: view.title_html,
                detail_html: view.description_html,
                url: format!("timeline/index.html#{}", event.id),
                links: view.refs,
            },
        ));
    }
    for claim in &dossier.claims {
        let Some(date) = claim.date else { continue };
        let view = views::claim(dossier, claim);
        let title = match &view.claimant {
            Some(claimant) => format!("{}: {}", claimant.name, claim.statement),
            None => claim.statement.clone(),
        };
        entries.push((
            date,
            1,
            TimelineEntry {
                date: date.to_string(),
                date_human: date.human(),
                kind: "claim",
                id: claim.id.clone(),
                title_html: crate::render::markdown::escape(&title),
                detail_html: Some(format!(
                    "Rated <strong>{}</strong>",
                    crate::render::markdown::escape(view.rating.label)
                )),
                url: view.url,
                links: Vec::new(),
            },
        ));
    }
    for correction in &dossier.corrections {
        let view = views::correction(dossier, correction);
        entries.push((
            correction.date,
            2,
            TimelineEntry {
                date: view.date,
                date_human: view.date_human,
                // A finding about a report, or a change to the dossier's own work: told
                // apart by name, never both called a correction.
                kind: if view.finding { "finding" } else { "change" },
                id: correction.id.clone(),
                title_html: crate::render::markdown::escape(&format!(
                    "{} — {}",
                    if view.finding {
                        "Error found in a report"
                    } else {
                        "Change to this dossier"
                    },
                    view.target_label
                )),
                detail_html: Some(view.text_html),
                url: view.url,
                links: Vec::new(),
            },
        ));
    }
    entries.sort_by(|a, b| (a.0, a.1, &a.2.id).cmp(&(b.0, b.1, &b.2.id)));
    let entries: Vec<TimelineEntry> = entries.into_iter().map(|(_, _, e)| e).collect();
    page.context.insert("entries", &entries);
    page
}
