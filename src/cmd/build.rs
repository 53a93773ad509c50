//! `dossier build`: render the dossier into `site/`.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::diagnostic::Diagnostics;
use crate::pipeline::{self, BuildFailure, BuildOptions};

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
    /// Print nothing but errors and warnings: no progress bar, no summary.
    #[arg(long, short)]
    pub quiet: bool,
}

/// An http(s) address, ending with `/`.
fn parse_base_url(text: &str) -> Result<String, String> {
    crate::resolve::url::base_url(text).map_err(|problem| {
        format!(
            "`{}` {problem}, e.g. https://example.org/dossier/",
            text.trim().escape_debug()
        )
    })
}

/// How many diagnostics of each code a build prints; `check` prints them all.
const SHOWN_PER_CODE: usize = 5;

pub fn run(args: BuildArgs) -> i32 {
    let started = Instant::now();
    let out = args.out.clone().unwrap_or_else(|| args.root.join("site"));
    let options = BuildOptions {
        root: args.root.clone(),
        out: out.clone(),
        base_url: args.base_url,
    };
    let mut diagnostics = Diagnostics::default();
    let progress = Bar::new(started, args.quiet);
    let summary = pipeline::build_with_progress(&options, &mut diagnostics, &progress);
    progress.bar.finish_and_clear();
    if !diagnostics.is_empty() {
        eprint!(
            "{}",
            diagnostics.render_human_first(&args.root, super::stderr_color(), SHOWN_PER_CODE)
        );
    }
    match summary {
        Ok(_) if args.quiet => 0,
        Ok(summary) => {
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
        Err(failure) => {
            if crate::write::output::is_marked(&out) {
                eprintln!(
                    "build failed; the previous site in {} was left as it was",
                    out.display()
                );
            } else {
                eprintln!("build failed; nothing was written to {}", out.display());
            }
            match failure {
                BuildFailure::Dossier => super::EXIT_DOSSIER_ERRORS,
                BuildFailure::Refused => super::EXIT_USAGE,
            }
        }
    }
}

/// A progress bar on standard error for builds that take more than a second: hidden until
/// then, and always when standard error is not a terminal or `--quiet` is given.
struct Bar {
    bar: ProgressBar,
    started: Instant,
    /// Whether it may ever be shown.
    enabled: bool,
    shown: std::sync::atomic::AtomicBool,
}

impl Bar {
    fn new(started: Instant, quiet: bool) -> Bar {
        use std::io::IsTerminal;
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} pages, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_prefix("rendering");
        Bar {
            bar,
            started,
            enabled: !quiet && std::io::stderr().is_terminal(),
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }
}

impl pipeline::Progress for Bar {
    fn waiting(&self, out: &std::path::Path) {
        eprintln!(
            "waiting for another build into {} to finish...",
            out.display()
        );
    }

    fn rendering(&self, pages: usize) {
        self.bar.set_length(pages as u64);
    }

    fn wrote_page(&self) {
        self.bar.inc(1);
        if self.enabled
            && self.started.elapsed() > std::time::Duration::from_secs(1)
            && !self.shown.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}
