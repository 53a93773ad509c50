//! `dossier init DIR`: a small working dossier to start from.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::load::annotations::AnnotationFile;

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create; it must not exist or be empty.
    pub dir: PathBuf,
}

/// The files of a new dossier, by path.
const FILES: &[(&str, &str)] = &[
    ("dossier.yaml", include_str!("init/dossier.yaml")),
    ("seeds/council-library.md", include_str!("init/article.md")),
    (
        "annotations/example.yaml",
        include_str!("init/annotations.yaml"),
    ),
    (".gitignore", "/site/\n/.site.*\n"),
];

pub fn run(args: InitArgs) -> i32 {
    match init(&args.dir) {
        Ok(()) => {
            eprintln!(
                "created a dossier in {dir}\n\nnext:\n  cd {dir}\n  dossier check\n  dossier build    # then open site/index.html",
                dir = args.dir.display()
            );
            0
        }
        Err(InitError::NotEmpty(message)) => {
            eprintln!(
                "error: {message}\n  = help: give a new folder's name, e.g. `dossier init my-dossier`"
            );
            super::EXIT_USAGE
        }
        Err(InitError::Io(message)) => {
            eprintln!("error: {message}");
            super::EXIT_DOSSIER_ERRORS
        }
    }
}

/// Why no dossier was made: the folder named is taken (a usage error), or writing failed.
enum InitError {
    NotEmpty(String),
    Io(String),
}

fn init(dir: &Path) -> Result<(), InitError> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir)
            .map_err(|e| InitError::NotEmpty(format!("cannot read `{}`: {e}", dir.display())))?;
        if entries.next().is_some() {
            return Err(InitError::NotEmpty(format!(
                "`{}` is not empty; dossier init only writes into a new or empty folder",
                dir.display()
            )));
        }
    }
    for (path, text) in FILES {
        write(dir, path, text).map_err(InitError::Io)?;
    }
    // The schema beside the annotations, for editors (see docs/editors.md).
    let schema = schemars::schema_for!(AnnotationFile);
    let schema = serde_json::to_string_pretty(&schema).expect("a schema serialises") + "\n";
    write(dir, "dossier-schema.json", &schema).map_err(InitError::Io)
}

fn write(dir: &Path, path: &str, text: &str) -> Result<(), String> {
    let target = dir.join(path);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
    }
    std::fs::write(&target, text).map_err(|e| format!("cannot write `{}`: {e}", target.display()))
}
