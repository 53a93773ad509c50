//! The bare cost of writing a site: `cargo run --release --example floor -- SITE OUT`.
//!
//! Lists every folder and file of the built site SITE with its size, then writes the same
//! tree (the same folders, the same file names and sizes, filler bytes) into OUT, which must not
//! exist, in parallel as `dossier build` writes, and prints the seconds the writing took. Nothing
//! is rendered, so this is the floor a build's own time is compared with.

use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [site, out] = args.as_slice() else {
        eprintln!("usage: floor SITE OUT");
        std::process::exit(2);
    };
    let (site, out) = (Path::new(site), PathBuf::from(out));
    if out.exists() {
        eprintln!("{} exists; give a path that does not", out.display());
        std::process::exit(2);
    }
    let files: Vec<(PathBuf, usize)> = walkdir::WalkDir::new(site)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let size = entry.metadata().map(|m| m.len() as usize).unwrap_or(0);
            (entry.path().strip_prefix(site).unwrap().to_path_buf(), size)
        })
        .collect();
    let largest = files.iter().map(|(_, size)| *size).max().unwrap_or(0);
    let filler = vec![b'x'; largest];

    let started = Instant::now();
    std::fs::create_dir_all(&out).expect("the output folder can be made");
    files.par_iter().for_each(|(path, size)| {
        let path = out.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("a folder can be made");
        }
        std::fs::write(&path, &filler[..*size]).expect("a file can be written");
    });
    let seconds = started.elapsed().as_secs_f64();
    println!("{seconds:.3}");
    eprintln!(
        "wrote {} files ({} bytes) in {seconds:.3} s",
        files.len(),
        files.iter().map(|(_, size)| size).sum::<usize>()
    );
}
