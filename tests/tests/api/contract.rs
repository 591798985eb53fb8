//! The promises made outside the code: the committed OpenAPI document, the
//! documented error codes and settings, and migrations from an empty database.

use std::path::PathBuf;

use crate::common::*;
use crate::on_both_backends;

pub fn repo_file(path: &str) -> String {
    let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn committed_openapi_document_is_current() {
    let generated = gridlink::app::openapi().to_pretty_json().unwrap();
    let committed = repo_file("docs/openapi.json");
    assert!(
        generated.trim() == committed.trim(),
        "docs/openapi.json is stale: run `make openapi` and commit the result"
    );
}

#[test]
fn every_operation_is_documented_with_errors_and_security() {
    let doc: serde_json::Value = serde_json::from_str(&gridlink::app::openapi().to_json().unwrap()).unwrap();
    assert_eq!(doc["openapi"].as_str().unwrap().get(..3), Some("3.1"));
    let public = [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/api/v1/volunteers/register",
        "/api/v1/certificates/{number}/verify",
        "/healthz",
        "/readyz",
    ];
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.keys().any(|k| k.starts_with('2')), "{method} {path}: no success response");
            if public.contains(&path.as_str()) {
                continue;
            }
            assert!(op["security"].as_array().is_some_and(|s| !s.is_empty()), "{method} {path}: no security");
            for status in ["401", "403"] {
                assert!(responses.contains_key(status), "{method} {path}: no {status}");
            }
        }
    }
    assert!(operations >= 17, "only {operations} operations documented");
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}

/// A reference to a schema nothing registered reads fine to a human but
/// breaks every client generator, so each `$ref` must point at something.
#[test]
fn every_schema_reference_resolves() {
    fn refs<'a>(value: &'a serde_json::Value, found: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(target) = map.get("$ref").and_then(|r| r.as_str()) {
                    found.push(target);
                }
                map.values().for_each(|v| refs(v, found));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let doc: serde_json::Value = serde_json::from_str(&gridlink::app::openapi().to_json().unwrap()).unwrap();
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(found.len() > 100, "only {} references", found.len());
    for target in found {
        let pointer = target.strip_prefix('#').unwrap_or_else(|| panic!("{target}: not a local reference"));
        assert!(doc.pointer(pointer).is_some(), "{target} points at nothing");
    }
}

#[test]
fn every_error_code_is_documented() {
    let errors = repo_file("docs/errors.md");
    for code in gridlink::http::problem::ALL_CODES {
        assert!(errors.contains(&format!("`{code}`")), "docs/errors.md does not describe `{code}`");
    }
}

#[test]
fn every_setting_is_documented() {
    let source = repo_file("backend/src/config.rs");
    let documented = repo_file("docs/configuration.md");
    let example = repo_file(".env.example");
    let mut found = 0;
    for word in source.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
        if word.starts_with("GRIDLINK_") && word.len() > "GRIDLINK_".len() {
            found += 1;
            assert!(documented.contains(word), "docs/configuration.md does not list {word}");
            assert!(example.contains(word), ".env.example does not list {word}");
        }
    }
    assert!(found > 20);
}

on_both_backends!(migrations_from_empty);

async fn migrations_from_empty(backend: Backend) {
    // The harness migrates at start; a second run finds nothing to do, and the schema is there.
    let Some(app) = TestApp::spawn_with(backend, |_| {}).await else { return };
    assert_eq!(app.state.db.migrate().unwrap(), 0);
    for table in ["areas", "users", "refresh_tokens", "audit_log"] {
        assert!(app.count(&format!("SELECT count(*) AS n FROM {table}")) >= 0);
    }
    let mut conn = app.state.db.get().unwrap();
    let applied = {
        use diesel::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct V {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query("SELECT count(*) AS n FROM __diesel_schema_migrations")
            .get_result::<V>(&mut **conn)
            .unwrap()
            .n
    };
    let shipped = std::fs::read_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../backend/migrations/sqlite"))
        .unwrap()
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().is_dir()))
        .count() as i64;
    assert_eq!(applied, shipped, "every migration applied once");
}
