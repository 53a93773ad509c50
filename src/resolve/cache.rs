//! What anchoring found in each article, kept by `serve` between rebuilds: after an edit, an
//! article is scanned again only when its text, its quotes or the people's aliases changed.
//! At 10,000 articles, scanning every article takes longer than the rest of resolving.

use std::collections::HashMap;
use std::sync::Arc;

use super::anchor::{AliasMatch, AliasMatcher, Placed, QuoteRequest, place_quotes};
use super::fold::Folded;
use crate::model::{Article, ArticleText};

/// The alias automaton and each article's scan, from the last resolve.
#[derive(Default)]
pub struct AnchorCache {
    aliases: Option<Arc<AliasMatcher>>,
    /// By article file.
    scans: HashMap<String, ArticleScan>,
}

/// What one article's scan found, and what it was made from.
#[derive(Debug, Clone)]
pub struct ArticleScan {
    text: Arc<ArticleText>,
    aliases: Arc<AliasMatcher>,
    quotes: Arc<Vec<QuoteRequest>>,
    /// Whole-word alias matches, leftmost-longest and non-overlapping.
    pub mentions: Arc<Vec<AliasMatch>>,
    /// One result per quote, in order.
    pub placed: Arc<Vec<Placed>>,
}

impl AnchorCache {
    /// The automaton of `aliases`: the last one if they are the same.
    pub fn aliases(&mut self, aliases: &[(String, usize)]) -> Arc<AliasMatcher> {
        match &self.aliases {
            Some(matcher) if matcher.aliases() == aliases => matcher.clone(),
            _ => {
                let matcher = Arc::new(AliasMatcher::new(aliases));
                self.aliases = Some(matcher.clone());
                matcher
            }
        }
    }

    /// Scans `article` for `matcher`'s aliases and its `quotes`, reusing what the last scan
    /// of the same text found for the same aliases or the same quotes.
    pub fn scan<'a>(
        &self,
        article: &Article,
        matcher: &Arc<AliasMatcher>,
        quotes: impl ExactSizeIterator<Item = &'a QuoteRequest> + Clone,
    ) -> ArticleScan {
        let last = self
            .scans
            .get(&article.file)
            .filter(|last| Arc::ptr_eq(&last.text, &article.text));
        // Folded only when something must be looked for again.
        let folded = std::cell::OnceCell::new();
        let folded = || folded.get_or_init(|| Folded::new(&article.text.text));
        let mentions = match last {
            Some(last) if Arc::ptr_eq(&last.aliases, matcher) => last.mentions.clone(),
            _ => Arc::new(matcher.find(folded())),
        };
        let (quotes, placed) = match last {
            Some(last)
                if last.quotes.len() == quotes.len() && last.quotes.iter().eq(quotes.clone()) =>
            {
                (last.quotes.clone(), last.placed.clone())
            }
            _ => {
                let quotes: Vec<QuoteRequest> = quotes.cloned().collect();
                let placed = place_quotes(folded(), &quotes);
                (Arc::new(quotes), Arc::new(placed))
            }
        };
        ArticleScan {
            text: article.text.clone(),
            aliases: matcher.clone(),
            quotes,
            mentions,
            placed,
        }
    }

    /// Keeps `scans`, one per article of the dossier just resolved, for the next resolve.
    pub fn keep(&mut self, scans: impl IntoIterator<Item = (String, ArticleScan)>) {
        self.scans = scans.into_iter().collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::article::parse_plain;

    fn article(text: &str) -> Article {
        Article {
            id: "a".into(),
            file: "seeds/a.txt".into(),
            title: String::new(),
            publisher: None,
            author: None,
            published: None,
            url: None,
            notes: None,
            text: Arc::new(parse_plain(text)),
            capture: None,
            layout: Vec::new(),
            highlights: Vec::new(),
        }
    }

    #[test]
    fn a_scan_is_reused_only_for_the_same_text_aliases_and_quotes() {
        let mut cache = AnchorCache::default();
        let aliases = vec![("Ortiz".to_string(), 0)];
        let matcher = cache.aliases(&aliases);
        assert!(Arc::ptr_eq(&matcher, &cache.aliases(&aliases)));
        let first = article("Mayor Ortiz cut the budget.");
        let quotes = [QuoteRequest::new("cut the budget", None, None)];
        let scan = cache.scan(&first, &matcher, quotes.iter());
        assert_eq!(scan.mentions.len(), 1);
        assert_eq!(*scan.placed, vec![Ok(12..26)]);
        cache.keep([(first.file.clone(), scan)]);

        // The same text and quotes: the same results.
        let again = cache.scan(&first, &matcher, quotes.iter());
        assert_eq!(*again.placed, vec![Ok(12..26)]);
        // Another quote is placed again.
        let other_quotes = [QuoteRequest::new("the budget", None, None)];
        let other = cache.scan(&first, &matcher, other_quotes.iter());
        assert_eq!(*other.placed, vec![Ok(16..26)]);
        // Other aliases are looked for again.
        let more = cache.aliases(&[("Ortiz".to_string(), 0), ("Mayor".to_string(), 1)]);
        assert_eq!(cache.scan(&first, &more, quotes.iter()).mentions.len(), 2);
        // An edited file is a new text, scanned again even at the same path.
        let edited = article("Mayor Ortiz kept the budget.");
        let scan = cache.scan(&edited, &more, quotes.iter());
        assert!(scan.placed[0].is_err());
    }
}
