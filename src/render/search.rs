//! The search index: Pagefind, through its Rust API, over every article, person and claim.
//!
//! Pagefind splits the index into small fragments that the search page fetches as a query
//! needs them, so search stays fast on a dossier of thousands of articles, and everything it
//! loads is a file of the site: it works offline, with no request elsewhere. The index is
//! built from the model (titles, text, roles, statements, verdicts), not by re-reading the
//! rendered pages. docs/search.md says why Pagefind.
//!
//! Indexing is the costliest part of a build, so the index is made in parts, which the search
//! page merges: the articles in parts of their own, the people and claims in others. Each part
//! is built on its own thread (Pagefind builds an index on one), and each has a key, a digest
//! of everything it indexes: a part whose key has not changed since the last build is taken
//! from a [`SearchCache`] rather than built again. Editing annotations changes the people and
//! claims parts only, and the articles' text, the bulk of the index, is rarely indexed twice.

use std::collections::BTreeMap;
use std::hash::Hasher;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use rayon::prelude::*;

use super::OutputFile;
use super::urls::{article_page, claim_page, person_page};
use crate::model::Dossier;

/// The folder of the site that holds the index and the search scripts.
pub const BUNDLE: &str = "pagefind";

/// At most this many articles, or people and claims, go into one part. Pagefind takes longer
/// to add a record the more it holds, so large dossiers are indexed in more parts.
const ARTICLES_PER_PART: usize = 2_500;
const ENTRIES_PER_PART: usize = 10_000;
const MAX_PARTS_OF_A_KIND: usize = 3;

/// One thing to find.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Record {
    url: String,
    kind: &'static str,
    title: String,
    /// A line that says what the result is (a role, a rating, a publisher and date), shown
    /// under its title.
    detail: String,
    content: String,
}

/// A part of the index found in a [`SearchCache`].
pub enum Cached {
    /// Its files, to be written.
    Files(Vec<OutputFile>),
    /// Its files (this many) are already where the site is being written, exactly as they
    /// must be: nothing to write.
    InPlace(usize),
}

/// Where the search index of earlier builds is kept, to be taken rather than built again.
pub trait SearchCache: Sync {
    /// The part in `folder`, if it was made from exactly the records `key` names.
    fn load(&self, folder: &str, key: &str) -> Option<Cached>;
    /// Keeps the files of a part just built.
    fn store(&self, folder: &str, key: &str, files: &[OutputFile]);
}

/// No cache: every part is built.
pub struct NoCache;

impl SearchCache for NoCache {
    fn load(&self, _: &str, _: &str) -> Option<Cached> {
        None
    }
    fn store(&self, _: &str, _: &str, _: &[OutputFile]) {}
}

/// The folder of part `i` of the index: the first is the bundle itself, with the search
/// interface; the others are merged into it by the search page.
pub fn part_folder(i: usize) -> String {
    if i == 0 {
        BUNDLE.to_string()
    } else {
        format!("{BUNDLE}/part-{}", i + 1)
    }
}

/// The folder of the part that the site file at `path` belongs to, if it is a file of the
/// index.
pub fn part_of(path: &str) -> Option<String> {
    let rest = path.strip_prefix(BUNDLE)?.strip_prefix('/')?;
    if let Some((folder, _)) = rest.split_once('/')
        && folder.starts_with("part-")
    {
        return Some(format!("{BUNDLE}/{folder}"));
    }
    Some(BUNDLE.to_string())
}

/// How many articles' parts and people-and-claims' parts the index of `dossier` has. It
/// depends only on the dossier, so that builds stay byte-identical.
fn part_counts(dossier: &Dossier) -> (usize, usize) {
    let count = |n: usize, per: usize| n.div_ceil(per).clamp(1, MAX_PARTS_OF_A_KIND);
    (
        count(dossier.articles.len(), ARTICLES_PER_PART),
        count(
            dossier.people.len() + dossier.claims.len(),
            ENTRIES_PER_PART,
        ),
    )
}

/// How many parts the index of `dossier` has.
pub fn parts(dossier: &Dossier) -> usize {
    let (articles, entries) = part_counts(dossier);
    articles + entries
}

fn article_records(dossier: &Dossier) -> Vec<Record> {
    dossier
        .articles
        .iter()
        .map(|article| Record {
            url: article_page(&article.id),
            kind: "Article",
            title: article.title.clone(),
            detail: [
                article.publisher.clone(),
                article.published.map(|date| date.human()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
            content: format!("{}\n{}", article.title, article.text.text),
        })
        .collect()
}

fn entry_records(dossier: &Dossier) -> Vec<Record> {
    let mut records = Vec::with_capacity(dossier.people.len() + dossier.claims.len());
    for person in &dossier.people {
        // Written as a reader would read it, since the result's excerpt is taken from it: the
        // name and role first, the other names last.
        let mut content = person.name.clone();
        if let Some(role) = &person.role {
            content.push_str(", ");
            content.push_str(role);
        }
        content.push('.');
        if let Some(description) = &person.description {
            content.push('\n');
            content.push_str(description);
        }
        if !person.aliases.is_empty() {
            content.push_str("\nAlso named: ");
            content.push_str(&person.aliases.join(", "));
            content.push('.');
        }
        records.push(Record {
            url: person_page(&person.id),
            kind: "Person",
            title: person.name.clone(),
            detail: person.role.clone().unwrap_or_default(),
            content,
        });
    }
    for claim in &dossier.claims {
        let rating = &dossier.config.ratings[claim.rating];
        let mut content = format!("{}\nRated {}.", claim.statement, rating.label);
        if let Some(explanation) = &claim.explanation {
            content.push('\n');
            content.push_str(explanation);
        }
        records.push(Record {
            url: claim_page(&claim.id),
            kind: "Claim",
            title: claim.statement.clone(),
            detail: format!("Rated {}", rating.label),
            content,
        });
    }
    records
}

/// Deals `records` into `parts` shares in turn, so each has its share of long and short ones.
fn deal(records: Vec<Record>, parts: usize) -> Vec<Vec<Record>> {
    let mut shares: Vec<Vec<Record>> = (0..parts).map(|_| Vec::new()).collect();
    for (i, record) in records.into_iter().enumerate() {
        shares[i % parts].push(record);
    }
    shares
}

/// A digest of everything a part is built from: a part with the same key has the same files.
fn key(records: &[Record], language: &str) -> String {
    let mut hasher = std::hash::DefaultHasher::new();
    // A new version of dossier (and of the Pagefind it embeds) builds afresh.
    hasher.write(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.write(language.as_bytes());
    for record in records {
        for text in [
            &record.url,
            record.kind,
            &record.title,
            &record.detail,
            &record.content,
        ] {
            hasher.write(text.as_bytes());
            hasher.write_u8(0);
        }
    }
    format!("{:016x}-{}", hasher.finish(), records.len())
}

/// The index's files to write, and how many more are already in place.
pub struct IndexFiles {
    pub files: Vec<OutputFile>,
    pub in_place: usize,
}

/// Builds the index (or takes its unchanged parts from `cache`) and returns its files, under
/// `pagefind/`.
pub fn index(dossier: &Dossier, cache: &dyn SearchCache) -> Result<IndexFiles, String> {
    let (article_parts, entry_parts) = part_counts(dossier);
    let mut shares = deal(article_records(dossier), article_parts);
    shares.extend(deal(entry_records(dossier), entry_parts));
    let language = language(dossier);
    let built: Vec<Result<Cached, String>> = shares
        .into_par_iter()
        .enumerate()
        .map(|(i, records)| {
            let folder = part_folder(i);
            let key = key(&records, &language);
            if let Some(cached) = cache.load(&folder, &key) {
                return Ok(cached);
            }
            let files = index_part(records, &language, &folder)?;
            cache.store(&folder, &key, &files);
            Ok(Cached::Files(files))
        })
        .collect();
    let mut index = IndexFiles {
        files: Vec::new(),
        in_place: 0,
    };
    for part in built {
        match part? {
            Cached::Files(files) => index.files.extend(files),
            Cached::InPlace(count) => index.in_place += count,
        }
    }
    Ok(index)
}

/// The language Pagefind indexes in: an ISO 639-1 code, so `en-GB` is indexed as `en`.
fn language(dossier: &Dossier) -> String {
    dossier
        .config
        .language
        .split(['-', '_'])
        .next()
        .unwrap_or("en")
        .to_lowercase()
}

/// Builds one part of the index, with its files under `folder`.
fn index_part(
    records: Vec<Record>,
    language: &str,
    folder: &str,
) -> Result<Vec<OutputFile>, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("cannot start the search indexer: {e}"))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language(language.to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for record in records {
            let meta = BTreeMap::from([
                ("title".to_string(), record.title),
                ("detail".to_string(), record.detail),
            ]);
            let filters = BTreeMap::from([("kind".to_string(), vec![record.kind.to_string()])]);
            index
                .add_custom_record(
                    record.url,
                    record.content,
                    language.to_string(),
                    Some(meta),
                    Some(filters),
                    None,
                )
                .await
                .map_err(|e| format!("cannot index for search: {e}"))?;
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| format!("cannot build the search index: {e}"))?;
        Ok(files
            .into_iter()
            .map(|file| OutputFile {
                path: format!(
                    "{folder}/{}",
                    file.filename.to_string_lossy().replace('\\', "/")
                ),
                contents: file.contents,
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(url: &str, content: &str) -> Record {
        Record {
            url: url.into(),
            kind: "Article",
            title: "t".into(),
            detail: String::new(),
            content: content.into(),
        }
    }

    #[test]
    fn a_key_changes_with_any_record_and_only_then() {
        let records = vec![record("a", "one"), record("b", "two")];
        let same = vec![record("a", "one"), record("b", "two")];
        assert_eq!(key(&records, "en"), key(&same, "en"));
        assert_ne!(key(&records, "en"), key(&records, "fr"));
        let edited = vec![record("a", "one"), record("b", "two!")];
        assert_ne!(key(&records, "en"), key(&edited, "en"));
        // Fields do not run into each other.
        let shifted = vec![record("a", "on"), record("eb", "two")];
        assert_ne!(key(&records, "en"), key(&shifted, "en"));
    }

    #[test]
    fn each_index_file_belongs_to_its_part() {
        assert_eq!(part_of("pagefind/pagefind.js").as_deref(), Some("pagefind"));
        assert_eq!(
            part_of("pagefind/fragment/en_1.pf_fragment").as_deref(),
            Some("pagefind")
        );
        assert_eq!(
            part_of("pagefind/part-2/pagefind.js").as_deref(),
            Some("pagefind/part-2")
        );
        assert_eq!(
            part_of("pagefind/part-3/index/x").as_deref(),
            Some("pagefind/part-3")
        );
        assert_eq!(part_of("pagefinder/x"), None);
        assert_eq!(part_of("people/index.html"), None);
    }

    #[test]
    fn records_are_dealt_evenly_in_order() {
        let records: Vec<Record> = (0..5).map(|i| record(&i.to_string(), "")).collect();
        let shares = deal(records, 2);
        let urls: Vec<Vec<&str>> = shares
            .iter()
            .map(|share| share.iter().map(|r| r.url.as_str()).collect())
            .collect();
        assert_eq!(urls, [vec!["0", "2", "4"], vec!["1", "3"]]);
    }

    #[test]
    fn a_cached_part_gives_the_same_files() {
        let records = vec![record("articles/a/index.html", "the council met on Friday")];
        let cache = crate::cache::MemoryCache::default();
        let key = key(&records, "en");
        let built = index_part(records, "en", "pagefind").unwrap();
        assert!(
            built
                .iter()
                .any(|f| f.path == "pagefind/pagefind-entry.json")
        );
        cache.store("pagefind", &key, &built);
        let Some(Cached::Files(again)) = cache.load("pagefind", &key) else {
            panic!("the part is in the cache");
        };
        assert_eq!(again.len(), built.len());
        assert!(cache.load("pagefind", "other").is_none());
        assert!(cache.load("pagefind/part-2", &key).is_none());
    }
}
