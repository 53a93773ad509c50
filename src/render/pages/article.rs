//! An article's page: its text with the highlights in place (`render::article`), its header
//! (headline, standfirst, byline, date line), its people, claims, the errors found in it and
//! the wording it shares with other articles.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{Page, corrections_newest_first, page};
use crate::model::{CorrectionTarget, Dossier, HighlightTarget, LayoutRole};
use crate::render::views::{self, PersonView};
use crate::render::{article, jsonld, shared, urls};

/// Whether the layout line `html` says no more than the publication date `published`.
fn repeats_published(html: &str, published: Option<crate::model::Date>) -> bool {
    let Some(date) = published else { return false };
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let rest = text
        .replace(&date.to_string(), " ")
        .replace(&date.human(), " ")
        .to_lowercase();
    text != rest
        && rest
            .split(|c: char| !c.is_alphanumeric())
            .all(|word| word.is_empty() || matches!(word, "date" | "dated" | "published" | "on"))
}

pub(super) fn page_of(dossier: &Dossier, index: usize) -> Page {
    let article = &dossier.articles[index];
    let path = urls::article_page(&article.id);
    let mut page = page(dossier, path, "article.html", &article.title);
    let html = article::render(dossier, index, "../../");
    let mut header: BTreeMap<&str, Vec<String>> = [
        LayoutRole::Headline,
        LayoutRole::Standfirst,
        LayoutRole::Byline,
        LayoutRole::Dateline,
    ]
    .into_iter()
    .map(|role| (role.name(), Vec::new()))
    .chain([("published_line", Vec::new())])
    .collect();
    for (role, html) in html.header {
        // A date line that gives the date the metadata shows is shown with that date, as
        // the report printed it, rather than as a second line saying the same.
        let role = if role == LayoutRole::Dateline && repeats_published(&html, article.published) {
            "published_line"
        } else {
            role.name()
        };
        header.entry(role).or_default().push(html);
    }

    let mut people_counts: BTreeMap<usize, usize> = BTreeMap::new();
    let mut claims: Vec<usize> = Vec::new();
    for highlight in &article.highlights {
        match highlight.target {
            HighlightTarget::Person(p) => *people_counts.entry(p).or_default() += 1,
            HighlightTarget::Claim(c) if !claims.contains(&c) => claims.push(c),
            _ => {}
        }
    }
    #[derive(Serialize)]
    struct PersonCount<'a> {
        person: PersonView<'a>,
        count: usize,
    }
    let mut people: Vec<PersonCount> = people_counts
        .into_iter()
        .map(|(p, count)| PersonCount {
            person: views::person(&dossier.people[p]),
            count,
        })
        .collect();
    people.sort_by(|a, b| b.count.cmp(&a.count).then(a.person.name.cmp(b.person.name)));
    let corrections = corrections_newest_first(dossier, |correction| match correction.target {
        CorrectionTarget::Passage(place) => place.article == index,
        CorrectionTarget::Article(a) => a == index,
        _ => false,
    });

    let c = &mut page.context;
    c.insert(
        "jsonld",
        &jsonld::script_json(&jsonld::news_article(dossier, index)),
    );
    c.insert("article", &views::article(article));
    c.insert(
        "notes_html",
        &article
            .notes
            .as_deref()
            .map(crate::render::markdown::to_html),
    );
    c.insert("header", &header);
    c.insert("body_html", &html.body);
    c.insert("people", &people);
    c.insert(
        "claims",
        &claims
            .iter()
            .map(|&i| views::claim(dossier, &dossier.claims[i]))
            .collect::<Vec<_>>(),
    );
    c.insert("corrections", &corrections);
    c.insert("shared_with", &shared::shared_with(dossier, index));
    page
}

#[cfg(test)]
mod tests {
    use super::repeats_published;
    use crate::model::Date;

    #[test]
    fn a_date_line_repeats_the_publication_date_only_when_it_says_no_more() {
        let date = Date::parse("2017-03-04").ok();
        assert!(repeats_published("date 2017-03-04", date));
        assert!(repeats_published(
            "<mark>Published</mark> 4 March 2017",
            date
        ));
        assert!(!repeats_published("WASHINGTON, 4 March 2017", date));
        assert!(!repeats_published("date 2017-03-05", date));
        assert!(!repeats_published("date 2017-03-04", None));
    }
}
