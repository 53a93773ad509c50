use clap::Parser;

fn main() {
    let cli = dossier::cmd::Cli::parse();
    std::process::exit(dossier::cmd::run(cli));
}
