//! The planned import written: the dossier resolved with the new articles and entries first
//! (any error, and nothing is written), then the captures and seeds created as new files (no
//! name that exists, no link followed), then the annotation file replaced; a step that fails
//! takes back the files made before it.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::plan::{Outcome, Planned};
use crate::diagnostic::Diagnostic;
use crate::edit::folder::{Folder, set_mode};
use crate::load::Loaded;

impl Planned {
    /// Checks the dossier with the new articles and writes them; on any failure, what was
    /// written is taken back.
    pub fn write(self, root: &Path, loaded: &mut Loaded) -> Result<Vec<Outcome>, Vec<Diagnostic>> {
        if self.articles.is_empty() {
            return Ok(self.outcomes);
        }
        for article in &self.articles {
            let path = Path::new(&article.seed);
            let file = crate::load::article::parse(
                article.text.as_bytes(),
                &root.join(path),
                &article.seed,
            )
            .map_err(|d| vec![d])?;
            loaded.articles.push(Arc::new(file));
        }
        loaded
            .articles
            .sort_by(|a, b| a.source.path.cmp(&b.source.path));
        for (file, bytes) in &self.captures {
            loaded
                .captures
                .insert(file.clone(), Ok(crate::load::sha256_hex(bytes)));
        }
        // A capture already in the dossier, named again, is read as every build reads it:
        // inside the dossier only, through no link out of it.
        for article in &self.articles {
            if !loaded.captures.contains_key(&article.capture) {
                let digest = crate::load::digest_capture(root, &article.capture);
                loaded.captures.insert(article.capture.clone(), digest);
            }
        }
        let entries: Vec<Vec<String>> = self.articles.iter().map(|a| a.entry.clone()).collect();
        let prepared = crate::edit::prepare_appends(root, loaded, "articles", &entries)
            .map_err(|r| r.diagnostics)?;

        let mut written: Vec<(Folder, String)> = Vec::new();
        let mut made: Vec<String> = Vec::new();
        let result = (|| -> Result<(), Vec<Diagnostic>> {
            for (file, bytes) in &self.captures {
                written.push(create(root, file, bytes, &mut made)?);
            }
            for article in &self.articles {
                written.push(create(
                    root,
                    &article.seed,
                    article.text.as_bytes(),
                    &mut made,
                )?);
            }
            prepared.write().map_err(|r| r.diagnostics)
        })();
        if let Err(errors) = result {
            for (folder, name) in written {
                folder.remove(&name);
            }
            if let Ok(top) = Folder::open(root, "") {
                for folder in made {
                    top.remove_empty_folder(&folder);
                }
            }
            return Err(errors);
        }
        Ok(self.outcomes)
    }
}

/// Creates the new file `rel` (`seeds/x.md`, `captures/x.html`) with `bytes`: its folder is
/// made if need be (and named in `made`), and neither the folder nor the file may be a link.
fn create(
    root: &std::path::Path,
    rel: &str,
    bytes: &[u8],
    made: &mut Vec<String>,
) -> Result<(Folder, String), Vec<Diagnostic>> {
    let cannot = |e: std::io::Error| {
        vec![Diagnostic::error("cannot-write", format!("cannot write `{rel}`: {e}; nothing was imported"))
            .help("check that the dossier's `seeds/` and `captures/` can be written, and are no links")]
    };
    let (folder, name) = rel.split_once('/').unwrap_or(("", rel));
    let top = Folder::open(root, "").map_err(cannot)?;
    if top.create_folder(folder).map_err(cannot)? {
        made.push(folder.to_string());
    }
    let folder = Folder::open(root, folder).map_err(cannot)?;
    let mut file = folder.create_new(name).map_err(cannot)?;
    let result = set_mode(&file, 0o644)
        .and_then(|_| file.write_all(bytes))
        .and_then(|_| file.sync_all());
    if let Err(e) = result {
        folder.remove(name);
        return Err(cannot(e));
    }
    Ok((folder, name.to_string()))
}
