//! Annotation files: any bytes through YAML parsing into the annotation shapes.
#![no_main]

use dossier::load::annotations::AnnotationFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Err(diagnostic) = dossier::load::yaml::parse::<AnnotationFile>(text, "fuzz.yaml", 0) {
        assert!(!diagnostic.message.is_empty());
    }
});
