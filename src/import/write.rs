//! The planned import written: the dossier resolved with the new articles and entries first
//! (any error, and nothing is written), then the captures and seeds written under hidden
//! names (no link followed), the annotation file replaced, and the files given their names,
//! never over an existing file; a step that fails before the annotation file is replaced
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

        // Each file is written under a hidden name first (the loader reads no hidden file),
        // the annotation file replaced, and only then are the files given their names, each
        // never over an existing one. An interrupt waits for the end of it; a killed import
        // leaves hidden files only, or entries whose files are missing, which `check` names.
        let _deferred = Interrupts::deferred();
        let mut written: Vec<Written> = Vec::new();
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
            for file in written {
                file.folder.remove(&file.hidden);
            }
            if let Ok(top) = Folder::open(root, "") {
                for folder in made {
                    top.remove_empty_folder(&folder);
                }
            }
            return Err(errors);
        }
        let mut errors = Vec::new();
        for file in written {
            match file.folder.link_new(&file.hidden, &file.name) {
                Ok(()) => file.folder.remove(&file.hidden),
                Err(e) => errors.push(
                    Diagnostic::error(
                        "cannot-write",
                        format!(
                            "cannot name `{}` (written as `{}` beside it): {e}",
                            file.rel, file.hidden
                        ),
                    )
                    .help("the entries are written: rename the hidden file to its name by hand"),
                ),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(self.outcomes)
    }
}

/// A file written under a hidden name, to be given its own.
struct Written {
    folder: Folder,
    hidden: String,
    name: String,
    /// Its path in the dossier.
    rel: String,
}

/// SIGINT, SIGTERM and SIGHUP held back while the import writes: each is noted, and acted on
/// (the process ends, as it would have) once the files are in place.
struct Interrupts {
    #[cfg(unix)]
    previous: Vec<(libc::c_int, libc::sighandler_t)>,
}

#[cfg(unix)]
static INTERRUPTED: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(0);

#[cfg(unix)]
extern "C" fn note_interrupt(signal: libc::c_int) {
    INTERRUPTED.store(signal, std::sync::atomic::Ordering::SeqCst);
}

impl Interrupts {
    fn deferred() -> Interrupts {
        #[cfg(unix)]
        {
            let handler = note_interrupt as extern "C" fn(libc::c_int) as libc::sighandler_t;
            let previous = [libc::SIGINT, libc::SIGTERM, libc::SIGHUP]
                .into_iter()
                // SAFETY: the handler only stores into an atomic, which is signal-safe.
                .map(|signal| (signal, unsafe { libc::signal(signal, handler) }))
                .collect();
            Interrupts { previous }
        }
        #[cfg(not(unix))]
        Interrupts {}
    }
}

impl Drop for Interrupts {
    fn drop(&mut self) {
        #[cfg(unix)]
        {
            for &(signal, previous) in &self.previous {
                // SAFETY: puts back the handler the process had.
                unsafe { libc::signal(signal, previous) };
            }
            let signal = INTERRUPTED.swap(0, std::sync::atomic::Ordering::SeqCst);
            if signal != 0 {
                // SAFETY: raises the held-back signal, now with its own handler again.
                unsafe { libc::raise(signal) };
            }
        }
    }
}

/// Writes the new file `rel` (`seeds/x.md`, `captures/x.html`) with `bytes` under a hidden
/// name beside it: its folder is made if need be (and named in `made`), and neither the folder
/// nor the file may be a link.
fn create(
    root: &std::path::Path,
    rel: &str,
    bytes: &[u8],
    made: &mut Vec<String>,
) -> Result<Written, Vec<Diagnostic>> {
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
    let hidden = format!(".{name}.dossier-import-{}", std::process::id());
    let mut file = folder.create_new(&hidden).map_err(cannot)?;
    let result = set_mode(&file, 0o644)
        .and_then(|_| file.write_all(bytes))
        .and_then(|_| file.sync_all());
    if let Err(e) = result {
        folder.remove(&hidden);
        return Err(cannot(e));
    }
    Ok(Written {
        folder,
        hidden,
        name: name.to_string(),
        rel: rel.to_string(),
    })
}
