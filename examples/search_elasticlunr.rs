//! For docs/search.md: builds the search index of a dossier with elasticlunr-rs instead of
//! Pagefind, to compare their size and speed. `cargo run --release --example
//! search_elasticlunr -- DOSSIER OUT.json`.

use std::path::Path;

use dossier::diagnostic::Diagnostics;
use elasticlunr::Index;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(root), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: search_elasticlunr DOSSIER OUT.json");
        std::process::exit(2);
    };
    let mut diagnostics = Diagnostics::default();
    let Some(dossier) = dossier::pipeline::resolve(Path::new(root), &mut diagnostics) else {
        eprint!("{}", diagnostics.render_human(Path::new(root), false));
        std::process::exit(1);
    };
    let mut index = Index::new(&["title", "body"]);
    for article in &dossier.articles {
        index.add_doc(
            &format!("articles/{}/", article.id),
            [article.title.as_str(), article.text.text.as_str()],
        );
    }
    for person in &dossier.people {
        let body = format!(
            "{} {}",
            person.aliases.join(" "),
            person.role.clone().unwrap_or_default()
        );
        index.add_doc(
            &format!("people/{}/", person.id),
            [person.name.as_str(), body.as_str()],
        );
    }
    for claim in &dossier.claims {
        let body = claim.explanation.clone().unwrap_or_default();
        index.add_doc(
            &format!("claims/{}/", claim.id),
            [claim.statement.as_str(), body.as_str()],
        );
    }
    std::fs::write(out, index.to_json()).expect("the index is written");
}
