//! The files for other machines: `feed.xml` (Atom, one entry per correction), `sitemap.xml`
//! and `robots.txt`.

use atom_syndication::{
    ContentBuilder, EntryBuilder, FeedBuilder, FixedDateTime, LinkBuilder, PersonBuilder, Text,
};

use super::markdown::escape;
use super::urls::absolute;
use super::views;
use crate::model::{Date, Dossier};

/// An Atom date for a dossier date (midnight UTC; a month or a year starts on its first day).
fn timestamp(date: Date) -> FixedDateTime {
    let text = format!(
        "{:04}-{:02}-{:02}T00:00:00Z",
        date.year,
        date.month.unwrap_or(1),
        date.day.unwrap_or(1)
    );
    FixedDateTime::parse_from_rfc3339(&text).unwrap_or_default()
}

/// A stable identifier for something in the dossier: its address when the site has one, or
/// a URN made from the dossier's title.
fn identifier(dossier: &Dossier, path: &str) -> String {
    match &dossier.config.base_url {
        Some(_) => absolute(dossier, path),
        None => {
            let name = crate::resolve::ids::id_from_name(&dossier.config.title);
            format!("urn:dossier:{name}:{}", path.replace(['/', '#'], ":"))
        }
    }
}

/// `feed.xml`: corrections and updates, newest first, each linking to the corrected place.
pub fn feed(dossier: &Dossier) -> String {
    let mut order: Vec<usize> = (0..dossier.corrections.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&dossier.corrections[a], &dossier.corrections[b]);
        (b.date, &a.id).cmp(&(a.date, &b.id))
    });
    let newest = order
        .first()
        .map(|&i| dossier.corrections[i].date)
        .or_else(|| dossier.articles.iter().filter_map(|a| a.published).max())
        .unwrap_or(Date {
            year: 1970,
            month: None,
            day: None,
        });
    let author = PersonBuilder::default()
        .name(
            dossier
                .config
                .publisher
                .clone()
                .unwrap_or_else(|| dossier.config.title.clone()),
        )
        .build();
    let entries = order
        .into_iter()
        .map(|i| {
            let correction = &dossier.corrections[i];
            let view = views::correction(dossier, correction);
            let mut html = view.text_html.clone();
            if let Some(passage) = &view.passage {
                html.push_str(&format!(
                    "<p>Original wording: <q>{}</q></p>",
                    escape(passage.passage.text)
                ));
            }
            let place = absolute(dossier, &view.target_url);
            EntryBuilder::default()
                .id(identifier(
                    dossier,
                    &format!("corrections/#{}", correction.id),
                ))
                .title(Text::plain(format!(
                    "{}: {}",
                    view.kind_label, view.target_label
                )))
                .updated(timestamp(correction.date))
                .published(Some(timestamp(correction.date)))
                .links(vec![
                    LinkBuilder::default().href(place).rel("alternate").build(),
                ])
                .content(Some(
                    ContentBuilder::default()
                        .value(Some(html))
                        .content_type(Some("html".to_string()))
                        .build(),
                ))
                .build()
        })
        .collect::<Vec<_>>();
    let mut links = vec![
        LinkBuilder::default()
            .href(absolute(dossier, "index.html"))
            .rel("alternate")
            .build(),
    ];
    if dossier.config.base_url.is_some() {
        links.push(
            LinkBuilder::default()
                .href(absolute(dossier, "feed.xml"))
                .rel("self")
                .build(),
        );
    }
    let feed = FeedBuilder::default()
        .id(identifier(dossier, "feed.xml"))
        .title(Text::plain(format!(
            "{}: corrections and updates",
            dossier.config.title
        )))
        .updated(timestamp(newest))
        .authors(vec![author])
        .links(links)
        .lang(Some(dossier.config.language.clone()))
        .entries(entries)
        .build();
    let mut xml = feed.to_string();
    xml.push('\n');
    xml
}

/// `sitemap.xml`: every page under `base_url`. `None` without a base URL, since a sitemap
/// lists absolute addresses only.
pub fn sitemap(dossier: &Dossier, pages: &[String]) -> Option<String> {
    dossier.config.base_url.as_ref()?;
    let mut pages: Vec<&String> = pages
        .iter()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
        .collect();
    pages.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for page in pages {
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape(&absolute(dossier, page))
        ));
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

/// `robots.txt`: everything may be crawled; the sitemap is named when there is one.
pub fn robots(dossier: &Dossier) -> String {
    let mut text = String::from("User-agent: *\nAllow: /\n");
    if dossier.config.base_url.is_some() {
        text.push_str(&format!("Sitemap: {}\n", absolute(dossier, "sitemap.xml")));
    }
    text
}
