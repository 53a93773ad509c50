//! `dossier schema`: the JSON Schema of the annotation files (or of `dossier.yaml`), for
//! editors that check YAML as it is typed.

use clap::Args;

use crate::load::annotations::AnnotationFile;
use crate::load::config::ConfigFile;

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Print the schema of dossier.yaml instead of the annotation files'.
    #[arg(long)]
    pub config: bool,
}

pub fn run(args: SchemaArgs) -> i32 {
    let schema = if args.config {
        schemars::schema_for!(ConfigFile)
    } else {
        schemars::schema_for!(AnnotationFile)
    };
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    super::print_stdout(&text);
    0
}
