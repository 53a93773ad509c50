//! The command line: one module per subcommand. Each is thin; the work is in [`crate::pipeline`].

pub mod build;
pub mod check;
pub mod import;
pub mod init;
pub mod schema;
pub mod serve;

use clap::{Parser, Subcommand};

/// A static site generator for annotated news dossiers.
#[derive(Debug, Parser)]
#[command(name = "dossier", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site from the dossier's articles and annotations.
    Build(build::BuildArgs),
    /// Check the dossier and report every problem, writing nothing.
    Check(check::CheckArgs),
    /// Add saved web pages (HTML, SingleFile, WARC, WACZ) to the dossier as articles.
    Import(import::ImportArgs),
    /// Create a small working dossier in a new folder.
    Init(init::InitArgs),
    /// Print the JSON Schema of the annotation files, for editors.
    Schema(schema::SchemaArgs),
    /// Preview the dossier: build it, serve it on this machine and rebuild on every change.
    Serve(serve::ServeArgs),
}

/// Exit codes: 0 success, 1 the dossier has errors, 2 a usage error (clap's own).
pub const EXIT_DOSSIER_ERRORS: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn print_stdout(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let _ = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
}

/// Whether to colour what goes to standard error: only on a terminal, and never when
/// `NO_COLOR` is set.
pub fn stderr_color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

/// The longest a page may take to render before a build or a check gives up on it, in
/// seconds: `DOSSIER_PAGE_SECONDS`, or a minute.
fn page_time_limit() -> std::time::Duration {
    let seconds = std::env::var("DOSSIER_PAGE_SECONDS")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .filter(|&s| s > 0)
        .unwrap_or(60);
    std::time::Duration::from_secs(seconds)
}

/// Ends the process, as a template error naming `template`, once a page has rendered for
/// longer than any page can need. Tera cannot be stopped mid-page, so the process is: the
/// previous site stays as it was, and the next build removes the unfinished one.
fn stop_runaway_templates() {
    let limit = page_time_limit();
    crate::render::limits::watch(limit, move |template| {
        eprintln!(
            "error[template]: template error: a page made by this template has rendered for more than {} s\n --> {template}\n  |\n  = help: check the template's loops (nested loops over a long list take forever); the previous site was left as it was",
            limit.as_secs()
        );
        std::process::exit(EXIT_DOSSIER_ERRORS);
    });
}

/// Runs a parsed command line and returns the process's exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build(args) => {
            stop_runaway_templates();
            build::run(args)
        }
        Command::Check(args) => {
            stop_runaway_templates();
            check::run(args)
        }
        Command::Schema(args) => schema::run(args),
        Command::Import(args) => import::run(args),
        Command::Init(args) => init::run(args),
        Command::Serve(args) => serve::run(args),
    }
}
