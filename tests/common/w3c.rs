//! The W3C's conformance assertions for Web Annotations (`tests/fixtures/w3c-annotation-tests`),
//! as JSON Schema validators that resolve their shared definitions offline.

use std::path::Path;

use serde_json::Value;

use super::fixture;

pub fn json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Validators for the assertions a W3C manifest (`*.test`) lists, with the shared
/// definitions registered so that their `$ref`s resolve offline.
pub fn w3c_assertions(manifest: &str) -> Vec<(String, jsonschema::Validator)> {
    const BASE: &str = "https://w3c.test/definitions/";
    let tests = fixture("w3c-annotation-tests");
    let mut registry = jsonschema::Registry::new();
    for entry in std::fs::read_dir(tests.join("definitions")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            registry = registry.add(format!("{BASE}{name}"), json(&path)).unwrap();
        }
    }
    let registry = registry.prepare().unwrap();
    let manifest = json(&tests.join(manifest));
    manifest["assertions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|assertion| {
            let path = assertion.as_str().unwrap().trim();
            let mut schema = json(&tests.join(path));
            assert_eq!(schema["expectedResult"], "valid", "{path}");
            let name = Path::new(path)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            // The assertions name their definitions by file name: resolve them beside ours.
            schema["id"] = Value::String(format!("{BASE}{name}"));
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft4)
                .with_base_uri(format!("{BASE}{name}"))
                .with_registry(&registry)
                .should_validate_formats(true)
                .build(&schema)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            (path.to_string(), validator)
        })
        .collect()
}

pub fn assert_meets(value: &Value, assertions: &[(String, jsonschema::Validator)], what: &str) {
    for (path, validator) in assertions {
        let errors: Vec<String> = validator
            .iter_errors(value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{what} fails {path}: {errors:?}");
    }
}
