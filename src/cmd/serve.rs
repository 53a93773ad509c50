//! `dossier serve`: preview the dossier with live reload.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use clap::Args;

use crate::serve::{self, ServeOptions};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The dossier folder (holding dossier.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The port to serve on; 0 picks a free one (and prints it).
    #[arg(long, default_value_t = 4040)]
    pub port: u16,
    /// The address to listen on. Anything but a loopback address shares the dossier with
    /// the network.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Turn off annotating from the article pages: the server writes no file.
    #[arg(long)]
    pub read_only: bool,
}

/// The exit code when the server cannot start: the problem is the environment, not the dossier.
const EXIT_CANNOT_SERVE: i32 = 2;

pub fn run(args: ServeArgs) -> i32 {
    let options = ServeOptions {
        root: args.root,
        bind: args.bind,
        port: args.port,
        open: args.open,
        color: super::stderr_color(),
        read_only: args.read_only,
    };
    match serve::run(options) {
        Ok(()) => 0,
        Err(error) => {
            eprintln!("error: {error}");
            if let Some(help) = error.help() {
                eprintln!("  = help: {help}");
            }
            EXIT_CANNOT_SERVE
        }
    }
}
