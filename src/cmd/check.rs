//! `dossier check`: load, validate, anchor and render everything, write nothing, and report
//! every problem.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::diagnostic::Diagnostics;
use crate::pipeline;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The dossier folder (holding dossier.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// How to report: for people, or one JSON array on standard output for programs.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Fail (exit 1) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub fn run(args: CheckArgs) -> i32 {
    let mut diagnostics = Diagnostics::default();
    let checked = pipeline::check(&args.root, &mut diagnostics);
    match args.format {
        Format::Json => super::print_stdout(&diagnostics.render_json(&args.root)),
        Format::Human => {
            if !diagnostics.is_empty() {
                eprint!(
                    "{}",
                    diagnostics.render_human(&args.root, super::stderr_color())
                );
            }
            if let Some(summary) = &checked {
                eprintln!(
                    "checked {}, {}, {}, {} and {}: {} placed",
                    count(summary.articles, "article", "articles"),
                    count(summary.people, "person", "people"),
                    count(summary.claims, "claim", "claims"),
                    count(summary.corrections, "correction", "corrections"),
                    count(summary.events, "event", "events"),
                    count(summary.anchors, "anchor", "anchors"),
                );
            }
        }
    }
    let failed = diagnostics.has_errors() || (args.deny_warnings && !diagnostics.is_empty());
    if failed {
        super::EXIT_DOSSIER_ERRORS
    } else {
        0
    }
}
