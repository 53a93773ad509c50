//! The timeline page: events, dated claims and corrections, in date order, grouped by day,
//! with how many there are of each kind (the page filters by kind without a script).

use serde::Serialize;

use super::Page;
use crate::model::Dossier;
use crate::render::views;

/// One day of the timeline, with what happened on it.
#[derive(Serialize)]
struct TimelineDay {
    date: String,
    date_human: String,
    entries: Vec<TimelineEntry>,
}

/// How many entries of one kind the timeline has, for its filter.
#[derive(Serialize)]
struct KindCount {
    kind: &'static str,
    count: usize,
}

/// The kinds of entry, in the order the filter offers them.
const KINDS: [&str; 4] = ["event", "claim", "finding", "change"];

/// One line of the timeline: an event, a dated claim or a correction.
#[derive(Serialize)]
struct TimelineEntry {
    #[serde(skip)]
    date: String,
    #[serde(skip)]
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
                // The entry's kind names it as a finding or a change; its title says of what.
                title_html: crate::render::markdown::escape(&view.target_label),
                detail_html: Some(view.text_html),
                url: view.url,
                links: Vec::new(),
            },
        ));
    }
    entries.sort_by(|a, b| (a.0, a.1, &a.2.id).cmp(&(b.0, b.1, &b.2.id)));
    let kinds: Vec<KindCount> = KINDS
        .iter()
        .map(|&kind| KindCount {
            kind,
            count: entries.iter().filter(|(_, _, e)| e.kind == kind).count(),
        })
        .filter(|k| k.count > 0)
        .collect();
    let mut days: Vec<TimelineDay> = Vec::new();
    for (_, _, entry) in entries {
        match days.last_mut() {
            Some(day) if day.date == entry.date => day.entries.push(entry),
            _ => days.push(TimelineDay {
                date: entry.date.clone(),
                date_human: entry.date_human.clone(),
                entries: vec![entry],
            }),
        }
    }
    page.context
        .insert("entry_count", &kinds.iter().map(|k| k.count).sum::<usize>());
    page.context.insert("kinds", &kinds);
    page.context.insert("days", &days);
    page
}
