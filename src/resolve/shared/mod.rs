//! Shared wording: which passages articles have in common, so that five reports of one wire
//! story read as one source, not five; and where a claim already checked appears unmarked.
//!
//! As passim finds text reuse across newspapers: every run of [`SEED_WORDS`] words of every
//! article (a shingle) is hashed into one sorted index (`grams`), each run found in two
//! articles is a seed, and the seeds of each pair of articles are chained across small edits
//! into passages (`chain`). The work is a sort of the whole text's shingles, then in
//! proportion to what is shared: linear in the text, not quadratic in the articles. Runs
//! that are boilerplate are no seeds (`boilerplate`): those found in more than
//! [`COMMON_PLACES`] places, and those with fewer than three words of their own, once
//! the language's function words, days, months and the newsroom's stock phrases are left out.
//!
//! Words are compared after folding, as anchors are, and without case or punctuation
//! (`words`). What was found depends only on the articles' texts, so `serve` keeps it while
//! only annotations change ([`SharedCache`]).

mod boilerplate;
mod chain;
mod grams;
pub mod unmarked;
pub mod words;

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use crate::model::shared::{SharedPassage, SharedWording};
use crate::model::{Article, ArticleText, LayoutRole};
use chain::Seed;
use grams::GramTable;
use words::Words;

/// The fewest consecutive words two articles must share exactly for a passage to begin:
/// fewer recur by chance in news prose ("said on Thursday that the"); eight rarely do.
pub const SEED_WORDS: usize = 8;

/// A run of words found more often than this, in all the articles together, is boilerplate
/// (a standing line, a disclaimer, a live blog's refrain), not a sign that the articles
/// share a source. Every two places of a seed are compared, so this also bounds the work one
/// run can cause: a sentence said 600 times in each of two articles is not 360,000 seeds.
pub const COMMON_PLACES: usize = 100;

/// What is found in the articles' texts alone: their words, and the passages they share.
#[derive(Clone)]
pub struct Analysis {
    pub words: Vec<Arc<Words>>,
    pub shared: Arc<SharedWording>,
}

/// The last [`Analysis`], and each article's words, kept by `serve` between rebuilds: after
/// an edit to the annotations alone nothing is found again, and after an edit to one
/// article only its words are read again.
#[derive(Default)]
pub struct SharedCache {
    /// What the last analysis was made from, and the analysis: its words are those of
    /// `Made::texts`, article by article.
    last: Option<(Made, Analysis)>,
}

/// What an analysis is made from: each article's file and text, its byline and dateline
/// (words that are nobody's own), and the dossier's language.
struct Made {
    files: Vec<String>,
    texts: Vec<Arc<ArticleText>>,
    excluded: Vec<Vec<Range<usize>>>,
    language: String,
}

impl Made {
    fn of(articles: &[Article], language: &str) -> Made {
        Made {
            files: articles.iter().map(|a| a.file.clone()).collect(),
            texts: articles.iter().map(|a| a.text.clone()).collect(),
            excluded: articles.iter().map(excluded_ranges).collect(),
            language: language.to_string(),
        }
    }

    /// The same texts (the very ones: `serve` keeps a file's text while it is unchanged), the
    /// same bylines and datelines, the same language.
    fn is(&self, other: &Made) -> bool {
        self.language == other.language
            && self.excluded == other.excluded
            && self.texts.len() == other.texts.len()
            && self
                .texts
                .iter()
                .zip(&other.texts)
                .all(|(a, b)| Arc::ptr_eq(a, b))
    }
}

/// The byte ranges of an article's byline and dateline.
fn excluded_ranges(article: &Article) -> Vec<Range<usize>> {
    article
        .layout
        .iter()
        .filter(|span| matches!(span.role, LayoutRole::Byline | LayoutRole::Dateline))
        .map(|span| span.range.clone())
        .collect()
}

impl SharedCache {
    /// The analysis of `articles`, written in `language` (a BCP 47 tag): the last one if
    /// they and their bylines and datelines are the same.
    pub fn analyse(&mut self, articles: &[Article], language: &str) -> Analysis {
        let made = Made::of(articles, language);
        if let Some((last, analysis)) = &self.last
            && last.is(&made)
        {
            return analysis.clone();
        }
        // An article whose text is the one read last time keeps its words, wherever it
        // stands now among the others.
        let last: HashMap<&str, (&Arc<ArticleText>, &Arc<Words>)> = match &self.last {
            Some((last, analysis)) => last
                .files
                .iter()
                .map(String::as_str)
                .zip(last.texts.iter().zip(&analysis.words))
                .collect(),
            None => HashMap::new(),
        };
        let words: Vec<Arc<Words>> = articles
            .par_iter()
            .map(|article| match last.get(article.file.as_str()) {
                Some((text, words)) if Arc::ptr_eq(text, &article.text) => Arc::clone(words),
                _ => Arc::new(Words::of_article(&article.text)),
            })
            .collect();
        drop(last);
        let shared = Arc::new(find(&words, &made.excluded, language));
        let analysis = Analysis { words, shared };
        self.last = Some((made, analysis.clone()));
        analysis
    }
}

/// The passages the articles share, given by their words, the byte ranges of their bylines
/// and datelines, and the language they are written in.
pub fn find(words: &[Arc<Words>], excluded: &[Vec<Range<usize>>], language: &str) -> SharedWording {
    let boilerplate = boilerplate::Boilerplate::new(language);
    // The words of bylines and datelines: no one's own, in no seed, and no passage takes
    // them in.
    let apart: Vec<Vec<bool>> = words
        .par_iter()
        .zip(excluded)
        .map(|(w, excluded)| boilerplate::set_apart(w, excluded))
        .collect();
    let content: Vec<Vec<u32>> = words
        .par_iter()
        .zip(&apart)
        .map(|(w, apart)| boilerplate.content_counts(w, apart))
        .collect();
    let table = GramTable::new(SEED_WORDS, words, |article, word| {
        let counts = &content[article];
        (counts[word + SEED_WORDS] - counts[word]) as usize >= boilerplate::CONTENT_WORDS
            && !apart[article][word..word + SEED_WORDS].contains(&true)
    });
    let mut seeds: Vec<Seed> = table
        .repeated()
        .flat_map_iter(|run| {
            let mut seeds = Vec::new();
            let in_two = run.iter().any(|g| g.article != run[0].article);
            if in_two && run.len() <= COMMON_PLACES {
                for (k, x) in run.iter().enumerate() {
                    for y in run[k + 1..].iter().filter(|y| y.article != x.article) {
                        // The pair's first article is the one that comes first.
                        let (x, y) = if x.article < y.article {
                            (x, y)
                        } else {
                            (y, x)
                        };
                        seeds.push(Seed {
                            a: x.article,
                            b: y.article,
                            i: x.word,
                            j: y.word,
                        });
                    }
                }
            }
            seeds
        })
        .collect();
    seeds.par_sort_unstable();
    let passages: Vec<SharedPassage> = seeds
        .par_chunk_by(|x, y| x.a == y.a && x.b == y.b)
        .flat_map_iter(|pair| {
            let (a, b) = (pair[0].a as usize, pair[0].b as usize);
            chain::passages(
                pair,
                SEED_WORDS,
                &words[a],
                &words[b],
                [&apart[a], &apart[b]],
            )
        })
        .collect();
    SharedWording::new(passages, words.iter().map(|w| w.len()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find_in(texts: &[&str]) -> SharedWording {
        find(&words_of(texts), &vec![Vec::new(); texts.len()], "en")
    }

    fn words_of(texts: &[&str]) -> Vec<Arc<Words>> {
        texts.iter().map(|t| Arc::new(Words::of_text(t))).collect()
    }

    #[test]
    fn a_shared_passage_is_found_across_a_changed_word() {
        let found = find_in(&[
            "The council voted on Tuesday to close the old library on Elm Street and to sell the building to a developer next year.",
            "Officials said the council voted on Tuesday to close the old library on Oak Street and to sell the building to a developer next year, angering residents.",
            "Nothing in common here at all, the weather was fine and the trains ran on time.",
        ]);
        assert_eq!(found.passages.len(), 1);
        let passage = &found.passages[0];
        assert_eq!((passage.sides[0].article, passage.sides[1].article), (0, 1));
        // The 23 words of the passage but the changed one.
        assert_eq!(passage.words, 22);
        assert!(!passage.quoted);
    }

    #[test]
    fn stock_phrases_make_no_passage() {
        let found = find_in(&[
            "A spokesman for the mayor did not immediately respond to a request for comment on Monday.",
            "The bank's press office did not immediately respond to a request for comment on Monday.",
        ]);
        assert!(found.passages.is_empty(), "{:?}", found.passages);
    }
}
