//! Shared wording as the pages show it: on an article's page, the articles it shares
//! passages with and the passages themselves in its text; on the sources page, every
//! article's shared wording and the families of articles drawn from one text.

use serde::Serialize;

use super::urls::article_page;
use super::views::{ArticleView, article};
use crate::model::Dossier;

/// The fragment id of an article's `position`-th shared passage on its page.
pub fn fragment(position: usize) -> String {
    format!("shared-{}", position + 1)
}

/// A shared passage as the article renderer marks it.
pub struct SharedSpan {
    /// Byte range in this article's text.
    pub range: std::ops::Range<usize>,
    /// Its fragment id on this article's page.
    pub fragment: String,
    /// The other article's title, and the same passage on its page (from the site root).
    pub other_title: String,
    pub other_url: String,
    pub words: usize,
}

/// The shared passages of article `index`, by start.
pub fn spans(dossier: &Dossier, index: usize) -> Vec<SharedSpan> {
    let shared = &dossier.shared;
    shared
        .passages_in(index)
        .iter()
        .enumerate()
        .map(|(position, &(passage, side))| {
            let entry = &shared.passages[passage];
            let other = entry.sides[1 - side].article;
            let other_position = shared.position_in_article(passage, 1 - side);
            let other_article = &dossier.articles[other];
            SharedSpan {
                range: entry.sides[side].range.clone(),
                fragment: fragment(position),
                other_title: other_article.title.clone(),
                other_url: format!(
                    "{}#{}",
                    article_page(&other_article.id),
                    fragment(other_position)
                ),
                words: entry.words,
            }
        })
        .collect()
}

/// What one article shares with another, as a page lists it.
#[derive(Serialize)]
pub struct SharedWithView<'a> {
    pub article: ArticleView<'a>,
    pub words: usize,
    /// The share of this article's words, as a reader reads it: "38%", "under 1%".
    pub share: String,
    pub passages: usize,
    /// Every passage they share is a quotation both make.
    pub quotes_only: bool,
    /// They are drawn from one text (see [`crate::model::SharedWording::drawn_from_one_text`]).
    pub same_text: bool,
    /// The first of the passages on this article's page, and on the other's.
    pub first_here: String,
    pub first_there: String,
}

/// The articles article `index` shares wording with, most words first.
pub fn shared_with(dossier: &Dossier, index: usize) -> Vec<SharedWithView<'_>> {
    let shared = &dossier.shared;
    let own = shared.passages_in(index);
    shared
        .shared_with(index)
        .into_iter()
        .map(|with| {
            let other = &dossier.articles[with.article];
            let first = own
                .iter()
                .position(|&(p, side)| shared.passages[p].sides[1 - side].article == with.article)
                .expect("an article shared with has a passage");
            let (passage, side) = own[first];
            SharedWithView {
                article: article(other),
                words: with.words,
                share: percent(shared.share_of(index, with.words)),
                passages: with.passages,
                quotes_only: with.quoted_passages == with.passages,
                same_text: shared.drawn_from_one_text(index, with.article, with.unquoted_words),
                first_here: fragment(first),
                first_there: format!(
                    "{}#{}",
                    article_page(&other.id),
                    fragment(shared.position_in_article(passage, 1 - side))
                ),
            }
        })
        .collect()
}

fn percent(share: f64) -> String {
    match (share * 100.0).round() as u32 {
        0 => "under 1%".to_string(),
        n => format!("{n}%"),
    }
}

/// A family of articles drawn from one text, as the sources page lists it.
#[derive(Serialize)]
pub struct FamilyView<'a> {
    pub members: Vec<FamilyMember<'a>>,
}

#[derive(Serialize)]
pub struct FamilyMember<'a> {
    pub article: ArticleView<'a>,
    /// The most words it shares, outside quotations, with any one other of its family.
    pub words: usize,
    /// Their share of its text.
    pub share: String,
}

/// The families with an article among `articles` (those of one sources page), each from
/// its earliest-published article.
pub fn families_of<'a>(dossier: &'a Dossier, articles: &[usize]) -> Vec<FamilyView<'a>> {
    let shared = &dossier.shared;
    let listed: std::collections::HashSet<usize> = articles.iter().copied().collect();
    shared
        .families()
        .iter()
        .filter(|family| family.iter().any(|a| listed.contains(a)))
        .map(|family| {
            let mut family = family.clone();
            // Earliest first: the text the others were most likely drawn from.
            family.sort_by_key(|&a| {
                let published = dossier.articles[a].published;
                (published.is_none(), published, a)
            });
            family
        })
        .map(|family| FamilyView {
            members: family
                .iter()
                .map(|&member| {
                    let words: usize = shared
                        .shared_with(member)
                        .iter()
                        .filter(|with| family.contains(&with.article))
                        .map(|with| with.unquoted_words)
                        .max()
                        .unwrap_or(0);
                    FamilyMember {
                        article: article(&dossier.articles[member]),
                        words,
                        share: percent(shared.share_of(member, words)),
                    }
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_read_as_percentages() {
        assert_eq!(percent(0.004), "under 1%");
        assert_eq!(percent(0.384), "38%");
        assert_eq!(percent(1.0), "100%");
    }
}
