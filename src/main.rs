use clap::Parser;

/// Rendering allocates and frees many short strings on every thread; mimalloc's per-thread
/// heaps do that with less contention and fragmentation than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = dossier::cmd::Cli::parse();
    std::process::exit(dossier::cmd::run(cli));
}
