//! The command line: one module per subcommand. Each is thin; the work is in [`crate::pipeline`].

pub mod build;
pub mod check;

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
}

/// Exit codes: 0 success, 1 the dossier has errors, 2 a usage error (clap's own).
pub const EXIT_DOSSIER_ERRORS: i32 = 1;

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
    }
}
