//! `dossier import`: saved pages, WARC and WACZ files into articles of the dossier. The work
//! is in [`crate::import`].

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::diagnostic::Diagnostics;
use crate::import::{self, Form, Options, Outcome, Skip};

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Saved pages (`.html`, SingleFile), WARC (`.warc`, `.warc.gz`) or WACZ (`.wacz`) files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The dossier folder (holding dossier.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The new article's id (when one page is imported); made from its address otherwise.
    #[arg(long)]
    pub id: Option<String>,
    /// The page's address, over what the page and the capture say.
    #[arg(long)]
    pub url: Option<String>,
    /// The form of the seed file: Markdown (keeping emphasis, links, lists) or plain text.
    #[arg(long = "as", value_enum, default_value_t = SeedForm::Md)]
    pub form: SeedForm,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeedForm {
    Md,
    Txt,
}

pub fn run(args: ImportArgs) -> i32 {
    let options = Options {
        id: args.id,
        url: args.url,
        form: match args.form {
            SeedForm::Md => Form::Markdown,
            SeedForm::Txt => Form::Plain,
        },
    };
    match import::import(&args.root, &args.paths, &options) {
        Ok(outcomes) => {
            let mut out = String::new();
            for outcome in outcomes {
                let line = match outcome {
                    Outcome::Added { id, from, missing } if missing.is_empty() => {
                        format!("added {id} from {from}")
                    }
                    Outcome::Added { id, from, missing } => {
                        let missing: Vec<String> =
                            missing.iter().map(|m| format!("no {m} found")).collect();
                        format!("added {id} from {from} ({})", missing.join(", "))
                    }
                    Outcome::AlreadyImported { id, from } => {
                        format!("{from} is already imported, as {id}")
                    }
                    Outcome::Repeated { from, first } => {
                        format!("{from} is the same capture as {first}")
                    }
                    Outcome::Skipped {
                        url,
                        from,
                        why: Skip::NoArticle { words },
                    } => format!("skipped {url} in {from}: no article ({words} words)"),
                    Outcome::Skipped {
                        url,
                        from,
                        why: Skip::Again,
                    } => format!("skipped {url} in {from}: the same address again"),
                };
                out.push_str(&line);
                out.push('\n');
            }
            super::print_stdout(&out);
            0
        }
        Err(errors) => {
            let mut diagnostics = Diagnostics::default();
            for error in errors {
                diagnostics.push(error);
            }
            eprint!(
                "{}",
                diagnostics.render_human(&args.root, super::stderr_color())
            );
            eprintln!("nothing was imported");
            super::EXIT_DOSSIER_ERRORS
        }
    }
}
