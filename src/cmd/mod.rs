//! The command line: one module per subcommand. Each is thin; the work is in [`crate::pipeline`].

pub mod build;
pub mod check;
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

/// Runs a parsed command line and returns the process's exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::Schema(args) => schema::run(args),
        Command::Init(args) => init::run(args),
        Command::Serve(args) => serve::run(args),
    }
}
