//! What one build keeps for the next: the parts of the search index, each under the key of
//! what it indexes (see [`crate::render::search`]). `build` records the keys of the parts of
//! the site it wrote, and of the spare folder beside it (the site before last, which the next
//! build is written into), in `.SITE.search.json`. An unchanged part already in the spare is
//! left where it is; one in the site is read back from there; `serve` keeps the parts in
//! memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::render::OutputFile;
use crate::render::search::{Cached, SearchCache};

/// What the record beside a site says of one part of its index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct PartRecord {
    key: String,
    files: usize,
    bytes: u64,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Record {
    version: u32,
    /// The parts of the site, by folder.
    site: BTreeMap<String, PartRecord>,
    /// The parts of the spare folder, by folder.
    spare: BTreeMap<String, PartRecord>,
}

const VERSION: u32 = 2;

/// The search index of the site at `out` and of its spare folder, as the last build left them.
pub struct SiteCache {
    out: PathBuf,
    record_path: PathBuf,
    site: BTreeMap<String, PartRecord>,
    /// The spare's parts, when the spare is where this build writes.
    spare: BTreeMap<String, PartRecord>,
    /// Where this build writes, when it reuses the spare.
    staging: Option<PathBuf>,
    /// The parts of the site being built, recorded once it is in place.
    next: Mutex<BTreeMap<String, PartRecord>>,
    /// The folders of the parts left in place in the spare.
    in_place: Mutex<Vec<String>>,
}

impl SiteCache {
    /// The cache of the site at `out`, to read parts from; `check` uses it, and changes
    /// nothing.
    pub fn open(out: &Path) -> SiteCache {
        let (record_path, record) = read_record(out);
        SiteCache {
            out: out.to_path_buf(),
            record_path,
            site: record.site,
            spare: BTreeMap::new(),
            staging: None,
            next: Mutex::new(BTreeMap::new()),
            in_place: Mutex::new(Vec::new()),
        }
    }

    /// The cache of a build of the site at `out`, which writes into the spare folder now at
    /// `staging` (when it reuses one). The record of the spare is dropped at once: if the build
    /// fails, the spare is left half-written and must not be trusted.
    pub fn for_build(out: &Path, staging: Option<&Path>) -> SiteCache {
        let (record_path, record) = read_record(out);
        let spare = if staging.is_some() {
            record.spare
        } else {
            BTreeMap::new()
        };
        let claimed = Record {
            version: VERSION,
            site: record.site.clone(),
            spare: BTreeMap::new(),
        };
        write_record(&record_path, &claimed);
        SiteCache {
            out: out.to_path_buf(),
            record_path,
            site: record.site,
            spare,
            staging: staging.map(Path::to_path_buf),
            next: Mutex::new(BTreeMap::new()),
            in_place: Mutex::new(Vec::new()),
        }
    }

    /// The folders of the parts left in place: the build must keep their files.
    pub fn in_place(&self) -> Vec<String> {
        self.in_place
            .lock()
            .expect("no thread panics while holding it")
            .clone()
    }

    /// Records the parts of the site just put in place; `replaced` says whether the site it
    /// replaced became the spare. A failure only costs the next build the time to index again.
    pub fn commit(self, replaced: bool) {
        let record = Record {
            version: VERSION,
            site: self.next.into_inner().unwrap_or_default(),
            spare: if replaced { self.site } else { BTreeMap::new() },
        };
        write_record(&self.record_path, &record);
    }

    fn remember(&self, folder: &str, part: PartRecord) {
        self.next
            .lock()
            .expect("no thread panics while holding it")
            .insert(folder.to_string(), part);
    }
}

/// Where the record of the site at `out` is, and what it says (nothing, if it cannot be read).
fn read_record(out: &Path) -> (PathBuf, Record) {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let path = out.with_file_name(format!(".{name}.search.json"));
    let record = std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
        .filter(|record| record.version == VERSION)
        .unwrap_or_default();
    (path, record)
}

fn write_record(path: &Path, record: &Record) {
    let Ok(json) = serde_json::to_vec(record) else {
        return;
    };
    let _ = crate::write::output::replace_file(path, &json);
}

impl SearchCache for SiteCache {
    fn load(&self, folder: &str, key: &str) -> Option<Cached> {
        if let (Some(part), Some(staging)) = (
            self.spare.get(folder).filter(|p| p.key == key),
            &self.staging,
        ) && staging.join(folder).join("pagefind-entry.json").is_file()
        {
            self.in_place
                .lock()
                .expect("no thread panics while holding it")
                .push(folder.to_string());
            self.remember(folder, part.clone());
            return Some(Cached::InPlace(part.files));
        }
        let part = self.site.get(folder).filter(|p| p.key == key)?;
        let files = read_part(&self.out, folder)?;
        // The site may have been changed by hand since: then the part is built again.
        let bytes: u64 = files.iter().map(|f| f.contents.len() as u64).sum();
        if files.len() != part.files || bytes != part.bytes {
            return None;
        }
        self.remember(folder, part.clone());
        Some(Cached::Files(files))
    }

    fn store(&self, folder: &str, key: &str, files: &[OutputFile]) {
        let part = PartRecord {
            key: key.to_string(),
            files: files.len(),
            bytes: files.iter().map(|f| f.contents.len() as u64).sum(),
        };
        self.remember(folder, part);
    }
}

/// Every file of the part in `folder` of the site at `out`, but not those of the parts in
/// its `part-N` subfolders.
fn read_part(out: &Path, folder: &str) -> Option<Vec<OutputFile>> {
    let root = out.join(folder);
    let mut files = Vec::new();
    // Nothing is followed: a link in the site is not a part this build wrote.
    let walk = walkdir::WalkDir::new(&root)
        .follow_root_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            !(entry.depth() == 1 && entry.file_name().to_string_lossy().starts_with("part-"))
        });
    for entry in walk {
        let entry = entry.ok()?;
        if entry.file_type().is_dir() {
            continue;
        }
        if !entry.file_type().is_file() {
            return None;
        }
        let relative = entry.path().strip_prefix(out).ok()?;
        files.push(OutputFile {
            path: relative.to_string_lossy().replace('\\', "/"),
            contents: std::fs::read(entry.path()).ok()?,
        });
    }
    Some(files)
}

/// The parts of the index kept in memory between the rebuilds of `serve`.
#[derive(Default)]
pub struct MemoryCache {
    /// By folder: the key and the files.
    parts: Mutex<BTreeMap<String, (String, Vec<OutputFile>)>>,
}

impl SearchCache for MemoryCache {
    fn load(&self, folder: &str, key: &str) -> Option<Cached> {
        let parts = self
            .parts
            .lock()
            .expect("no thread panics while holding it");
        let (kept, files) = parts.get(folder)?;
        (kept == key).then(|| Cached::Files(files.clone()))
    }

    fn store(&self, folder: &str, key: &str, files: &[OutputFile]) {
        self.parts
            .lock()
            .expect("no thread panics while holding it")
            .insert(folder.to_string(), (key.to_string(), files.to_vec()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: text.as_bytes().to_vec(),
        }
    }

    fn files(cached: Option<Cached>) -> Vec<String> {
        match cached {
            Some(Cached::Files(files)) => files.into_iter().map(|f| f.path).collect(),
            Some(Cached::InPlace(_)) => panic!("in place, not read"),
            None => panic!("not found"),
        }
    }

    #[test]
    fn a_part_is_read_back_from_the_site_only_under_its_key_and_intact() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let part = [
            file("pagefind/a.js", "a"),
            file("pagefind/index/x.pf_index", "xx"),
        ];
        for f in part.iter().chain([&file("pagefind/part-2/b", "b")]) {
            std::fs::create_dir_all(out.join(&f.path).parent().unwrap()).unwrap();
            std::fs::write(out.join(&f.path), &f.contents).unwrap();
        }
        let first = SiteCache::for_build(&out, None);
        assert!(first.load("pagefind", "k1").is_none(), "no record yet");
        first.store("pagefind", "k1", &part);
        first.commit(false);
        assert!(dir.path().join(".site.search.json").is_file());

        let second = SiteCache::open(&out);
        assert_eq!(
            files(second.load("pagefind", "k1")),
            ["pagefind/a.js", "pagefind/index/x.pf_index"]
        );
        assert!(second.load("pagefind", "k2").is_none(), "another key");
        // A file changed by hand: built again.
        std::fs::write(out.join("pagefind/a.js"), "changed").unwrap();
        assert!(SiteCache::open(&out).load("pagefind", "k1").is_none());
    }

    #[test]
    fn a_part_already_in_the_spare_stays_there_and_a_failed_build_forgets_the_spare() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("site");
        let staging = dir.path().join(".site.building");
        std::fs::create_dir_all(staging.join("pagefind")).unwrap();
        std::fs::write(staging.join("pagefind/pagefind-entry.json"), "{}").unwrap();
        // Two builds: the first site's parts become the spare's.
        let first = SiteCache::for_build(&out, None);
        first.store(
            "pagefind",
            "k1",
            &[file("pagefind/pagefind-entry.json", "{}")],
        );
        first.commit(false);
        let second = SiteCache::for_build(&out, None);
        second.store(
            "pagefind",
            "k2",
            &[file("pagefind/pagefind-entry.json", "{}")],
        );
        second.commit(true);

        let third = SiteCache::for_build(&out, Some(&staging));
        assert!(matches!(
            third.load("pagefind", "k1"),
            Some(Cached::InPlace(1))
        ));
        assert_eq!(third.in_place(), ["pagefind"]);
        // The third build fails: it never commits. The spare is not trusted again.
        drop(third);
        let fourth = SiteCache::for_build(&out, Some(&staging));
        assert!(fourth.load("pagefind", "k1").is_none());
    }
}
