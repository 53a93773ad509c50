//! What one build keeps for the next: the parts of the search index, each under the key of
//! what it indexes (see [`crate::render::search`]). `build` reads an unchanged part back from
//! the site it wrote last time, whose keys it records beside it in `.SITE.search.json`; `serve`
//! keeps the parts in memory.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::render::OutputFile;
use crate::render::search::SearchCache;

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
    parts: BTreeMap<String, PartRecord>,
}

const VERSION: u32 = 1;

/// The search index of the site at `out`, as its last build left it.
pub struct SiteCache {
    out: PathBuf,
    record_path: PathBuf,
    previous: Record,
    /// The parts of the site being built, recorded once it is in place.
    next: Mutex<BTreeMap<String, PartRecord>>,
}

impl SiteCache {
    /// The cache of the site at `out`; empty when it has no record.
    pub fn open(out: &Path) -> SiteCache {
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let record_path = out.with_file_name(format!(".{name}.search.json"));
        let previous = std::fs::read(&record_path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
            .filter(|record| record.version == VERSION)
            .unwrap_or_default();
        SiteCache {
            out: out.to_path_buf(),
            record_path,
            previous,
            next: Mutex::new(BTreeMap::new()),
        }
    }

    /// Records the parts of the site just put in place. A failure only costs the next build
    /// the time to index again.
    pub fn commit(self) {
        let record = Record {
            version: VERSION,
            parts: self.next.into_inner().unwrap_or_default(),
        };
        let Ok(json) = serde_json::to_vec(&record) else {
            return;
        };
        let temporary = self.record_path.with_extension("json.new");
        if std::fs::write(&temporary, json).is_ok() {
            let _ = std::fs::rename(&temporary, &self.record_path);
        }
    }

    fn remember(&self, folder: &str, key: &str, files: &[OutputFile]) {
        let part = PartRecord {
            key: key.to_string(),
            files: files.len(),
            bytes: files.iter().map(|f| f.contents.len() as u64).sum(),
        };
        self.next
            .lock()
            .expect("no thread panics while holding it")
            .insert(folder.to_string(), part);
    }
}

impl SearchCache for SiteCache {
    fn load(&self, folder: &str, key: &str) -> Option<Vec<OutputFile>> {
        let part = self.previous.parts.get(folder).filter(|p| p.key == key)?;
        let files = read_part(&self.out, folder)?;
        // The site may have been changed by hand since: then the part is built again.
        let bytes: u64 = files.iter().map(|f| f.contents.len() as u64).sum();
        if files.len() != part.files || bytes != part.bytes {
            return None;
        }
        self.remember(folder, key, &files);
        Some(files)
    }

    fn store(&self, folder: &str, key: &str, files: &[OutputFile]) {
        self.remember(folder, key, files);
    }
}

/// Every file of the part in `folder` of the site at `out`, but not those of the parts in
/// its `part-N` subfolders.
fn read_part(out: &Path, folder: &str) -> Option<Vec<OutputFile>> {
    let root = out.join(folder);
    let mut files = Vec::new();
    let walk = walkdir::WalkDir::new(&root)
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
    fn load(&self, folder: &str, key: &str) -> Option<Vec<OutputFile>> {
        let parts = self
            .parts
            .lock()
            .expect("no thread panics while holding it");
        let (kept, files) = parts.get(folder)?;
        (kept == key).then(|| files.clone())
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
        let first = SiteCache::open(&out);
        assert!(first.load("pagefind", "k1").is_none(), "no record yet");
        first.store("pagefind", "k1", &part);
        first.commit();
        assert!(dir.path().join(".site.search.json").is_file());

        let second = SiteCache::open(&out);
        let loaded = second.load("pagefind", "k1").unwrap();
        let paths: Vec<&str> = loaded.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(paths, ["pagefind/a.js", "pagefind/index/x.pf_index"]);
        assert!(second.load("pagefind", "k2").is_none(), "another key");
        // A file changed by hand: built again.
        std::fs::write(out.join("pagefind/a.js"), "changed").unwrap();
        assert!(SiteCache::open(&out).load("pagefind", "k1").is_none());
    }
}
