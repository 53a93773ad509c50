//! `dossier build`: render the dossier into `site/`.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;

use crate::diagnostic::Diagnostics;
use crate::pipeline::{self, BuildOptions};

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The dossier folder (holding dossier.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Where to write the site [default: ROOT/site].
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// The address the site is published at; overrides base_url in dossier.yaml.
    #[arg(long, value_parser = parse_base_url)]
    pub base_url: Option<String>,
}

/// An http(s) address, ending with `/`.
fn parse_base_url(text: &str) -> Result<String, String> {
    let text = text.trim();
    if !(text.starts_with("https://") || text.starts_with("http://"))
        || text.contains(char::is_whitespace)
    {
        return Err(format!(
            "`{text}` is not an http(s) URL, e.g. https://example.org/dossier/"
        ));
    }
    Ok(if text.ends_with('/') {
        text.to_string()
    } else {
        format!("{text}/")
    })
}

pub fn run(args: BuildArgs) -> i32 {
    let started = Instant::now();
    let out = args.out.clone().unwrap_or_else(|| args.root.join("site"));
    let options = BuildOptions {
        root: args.root.clone(),
        out: out.clone(),
        base_url: args.base_url,
    };
    let mut diagnostics = Diagnostics::default();
    let summary = pipeline::build(&options, &mut diagnostics);
    if !diagnostics.is_empty() {
        eprint!(
            "{}",
            diagnostics.render_human(&args.root, super::stderr_color())
        );
    }
    match summary {
        Some(summary) => {
            eprintln!(
                "built {} pages ({} files, {} anchors) into {} in {} ms",
                summary.pages,
                summary.files,
                summary.anchors,
                out.display(),
                started.elapsed().as_millis()
            );
            0
        }
        None => {
            eprintln!(
                "build failed; the previous site in {} was left as it was",
                out.display()
            );
            super::EXIT_DOSSIER_ERRORS
        }
    }
}
