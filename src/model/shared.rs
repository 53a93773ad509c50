//! Shared wording: the passages two articles have in common, found when resolving
//! (`resolve::shared`), and what follows from them: which articles share wording with which,
//! how much, and which derive from one text.

use std::ops::Range;

/// What the articles of a dossier have in common.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SharedWording {
    /// Sorted by the first side's article, then the second's, then the first side's start.
    pub passages: Vec<SharedPassage>,
    /// How many words each article's text has, by article index.
    pub word_counts: Vec<usize>,
    /// For each article, its passages: (index into `passages`, which side is the article's),
    /// by start.
    by_article: Vec<Vec<(usize, usize)>>,
    /// The groups of articles drawn from one text (see [`SharedWording::families`]): found
    /// once, as every sources page lists those of its articles.
    families: Vec<Vec<usize>>,
}

/// A passage two articles share, allowing small edits (a changed word, a dropped clause).
#[derive(Debug, Clone, PartialEq)]
pub struct SharedPassage {
    /// The words of the passage the two articles pair up: all but those a rewrite changed.
    pub words: usize,
    /// Of those, the words that stand outside quotation marks: what tells a common text from
    /// a common quote.
    pub unquoted_words: usize,
    /// The passage stands inside quotation marks (or a block quote) in one of the articles:
    /// both quote the same words, which says nothing about one being drawn from the other.
    pub quoted: bool,
    /// The first side's article comes before the second's.
    pub sides: [PassageSide; 2],
}

/// One article's side of a shared passage.
#[derive(Debug, Clone, PartialEq)]
pub struct PassageSide {
    pub article: usize,
    /// Byte range in the article's text, from the first shared word to the last.
    pub range: Range<usize>,
}

/// What one article shares with another, summed over their passages.
#[derive(Debug, Clone, PartialEq)]
pub struct SharedWith {
    pub article: usize,
    pub words: usize,
    /// The words outside quotations: what tells a common text from a common quote.
    pub unquoted_words: usize,
    pub passages: usize,
    /// The passages both quote (see [`SharedPassage::quoted`]).
    pub quoted_passages: usize,
}

/// The share of the shorter article's words that two articles must have in common, outside
/// quotations, to count as drawn from one text: a rewrite of a wire story keeps most of it,
/// while two reports that borrow a paragraph of it do not.
pub const FAMILY_SHARE: f64 = 0.2;

/// And at least this many words: a standing line of a few dozen words at the foot of two
/// short briefs is not a common text.
pub const FAMILY_WORDS: usize = 40;

impl SharedWording {
    pub fn new(passages: Vec<SharedPassage>, word_counts: Vec<usize>) -> SharedWording {
        let mut by_article: Vec<Vec<(usize, usize)>> = vec![Vec::new(); word_counts.len()];
        for (index, passage) in passages.iter().enumerate() {
            for (side, at) in passage.sides.iter().enumerate() {
                by_article[at.article].push((index, side));
            }
        }
        for list in &mut by_article {
            list.sort_by_key(|&(index, side)| {
                let range = &passages[index].sides[side].range;
                (range.start, std::cmp::Reverse(range.end), index)
            });
        }
        let mut shared = SharedWording {
            passages,
            word_counts,
            by_article,
            families: Vec::new(),
        };
        shared.families = shared.find_families();
        shared
    }

    /// The articles `article` shares passages with, most words first.
    pub fn shared_with(&self, article: usize) -> Vec<SharedWith> {
        let mut by_other: Vec<SharedWith> = Vec::new();
        for &(index, side) in self.passages_in(article) {
            let passage = &self.passages[index];
            let other = &passage.sides[1 - side];
            let entry = match by_other.iter_mut().find(|s| s.article == other.article) {
                Some(entry) => entry,
                None => {
                    by_other.push(SharedWith {
                        article: other.article,
                        words: 0,
                        unquoted_words: 0,
                        passages: 0,
                        quoted_passages: 0,
                    });
                    by_other.last_mut().expect("just pushed")
                }
            };
            entry.words += passage.words;
            entry.passages += 1;
            entry.unquoted_words += passage.unquoted_words;
            entry.quoted_passages += usize::from(passage.quoted);
        }
        by_other.sort_by(|a, b| b.words.cmp(&a.words).then(a.article.cmp(&b.article)));
        by_other
    }

    /// The share of `article`'s words that `words` is, from 0 to 1.
    pub fn share_of(&self, article: usize, words: usize) -> f64 {
        match self.word_counts.get(article) {
            Some(&count) if count > 0 => (words as f64 / count as f64).min(1.0),
            _ => 0.0,
        }
    }

    /// The passages of `article`, with which side of each is its own, by start.
    pub fn passages_in(&self, article: usize) -> &[(usize, usize)] {
        self.by_article.get(article).map_or(&[], Vec::as_slice)
    }

    /// Where passage `index` stands among the passages of its side `side`'s article.
    pub fn position_in_article(&self, index: usize, side: usize) -> usize {
        let article = self.passages[index].sides[side].article;
        self.passages_in(article)
            .iter()
            .position(|&entry| entry == (index, side))
            .expect("every passage is listed in both its articles")
    }

    /// Whether articles `a` and `b`, sharing `unquoted_words` outside quotation marks, are
    /// drawn from one text: at least [`FAMILY_WORDS`] words, and [`FAMILY_SHARE`] of the
    /// shorter.
    pub fn drawn_from_one_text(&self, a: usize, b: usize, unquoted_words: usize) -> bool {
        let shorter = self.word_counts[a].min(self.word_counts[b]).max(1);
        unquoted_words >= FAMILY_WORDS && unquoted_words as f64 >= FAMILY_SHARE * shorter as f64
    }

    /// Groups of two or more articles drawn from one text: linked, directly or through each
    /// other, by wording outside quotations that makes up at least [`FAMILY_SHARE`] of the
    /// shorter one, and [`FAMILY_WORDS`] words. Each group is sorted, and the groups by their first article.
    pub fn families(&self) -> &[Vec<usize>] {
        &self.families
    }

    fn find_families(&self) -> Vec<Vec<usize>> {
        let count = self.word_counts.len();
        let mut parent: Vec<usize> = (0..count).collect();
        fn root(parent: &mut [usize], mut at: usize) -> usize {
            while parent[at] != at {
                parent[at] = parent[parent[at]];
                at = parent[at];
            }
            at
        }
        let mut unquoted: std::collections::BTreeMap<(usize, usize), usize> = Default::default();
        for passage in &self.passages {
            let key = (passage.sides[0].article, passage.sides[1].article);
            *unquoted.entry(key).or_default() += passage.unquoted_words;
        }
        for ((a, b), words) in unquoted {
            if self.drawn_from_one_text(a, b, words) {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                parent[ra.max(rb)] = ra.min(rb);
            }
        }
        let mut groups: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for article in 0..count {
            let r = root(&mut parent, article);
            groups.entry(r).or_default().push(article);
        }
        groups.into_values().filter(|g| g.len() > 1).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(a: usize, b: usize, words: usize, quoted: bool) -> SharedPassage {
        SharedPassage {
            words,
            unquoted_words: if quoted { 0 } else { words },
            quoted,
            sides: [
                PassageSide {
                    article: a,
                    range: 0..10,
                },
                PassageSide {
                    article: b,
                    range: 5..15,
                },
            ],
        }
    }

    #[test]
    fn families_join_articles_drawn_from_one_text_but_not_a_common_quote() {
        // 0 and 1 rewrite one story; 2 draws on 1; 3 only quotes what 0 quotes.
        let shared = SharedWording::new(
            vec![
                passage(0, 1, 150, false),
                passage(0, 3, 90, true),
                passage(1, 2, 40, false),
            ],
            vec![300, 400, 200, 100, 500],
        );
        assert_eq!(shared.families(), vec![vec![0, 1, 2]]);
        let with = shared.shared_with(0);
        assert_eq!(with.len(), 2);
        assert_eq!((with[0].article, with[0].words), (1, 150));
        assert_eq!((with[1].article, with[1].unquoted_words), (3, 0));
        assert!((shared.share_of(0, 150) - 0.5).abs() < 1e-9);
        assert_eq!(shared.passages_in(1), [(2, 0), (0, 1)]);
        assert_eq!(shared.position_in_article(0, 1), 1);
    }
}
