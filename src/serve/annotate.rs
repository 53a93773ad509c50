//! Annotating from the page: `POST /__dossier/annotate` takes an edit as JSON and has
//! [`crate::edit`] write it into the annotation files; `GET /__dossier/register` gives the
//! page what its forms offer (the people, the claims, the ratings, where new entries go).
//!
//! A page of another site can make the browser post to `127.0.0.1`, so a write needs more
//! than the right `Host` (which [`super::origin`] checks for every request): the token the
//! served article pages carry in `<meta name="dossier-edit-token">`, random for each run of
//! the server and readable only by a page of the server's own origin, in `X-Dossier-Token`;
//! and no `Origin` but the server's own. `--read-only` turns the endpoint off.

use std::path::PathBuf;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::http::App;
use super::origin::Origin;
use crate::diagnostic::Diagnostic;
use crate::edit::{self, EditRequest, Refusal};

pub const ANNOTATE_PATH: &str = "/__dossier/annotate";
pub const REGISTER_PATH: &str = "/__dossier/register";
pub const ANNOTATE_JS: &str = include_str!("annotate.js");

/// The largest body accepted: an edit is a passage and a few fields.
pub const BODY_LIMIT: usize = 256 * 1024;

/// What editing from the page needs: where the dossier is, the token, and the origin.
#[derive(Debug)]
pub struct Editing {
    pub root: PathBuf,
    pub token: String,
    pub origin: Origin,
}

impl Editing {
    pub fn new(root: PathBuf, origin: Origin) -> std::io::Result<Editing> {
        Ok(Editing {
            root,
            token: random_token()?,
            origin,
        })
    }
}

/// 128 random bits from the system, as hex.
fn random_token() -> std::io::Result<String> {
    crate::edit::random_hex(16)
}

/// Compares in time that does not depend on where the strings first differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

fn json(status: StatusCode, body: serde_json::Value) -> Response {
    (
        status,
        [(header::CACHE_CONTROL, "no-store")],
        axum::Json(body),
    )
        .into_response()
}

fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    let mut value = serde_json::json!({
        "code": d.code,
        "message": d.message,
        "help": d.help,
    });
    if let Some(at) = &d.location {
        value["file"] = at.file.clone().into();
        if at.line > 0 {
            value["line"] = at.line.into();
            value["column"] = at.column.into();
        }
    }
    value
}

/// The first diagnostic at the top, as `check` would print it, and all of them in `errors`.
fn refusal(status: StatusCode, diagnostics: &[Diagnostic]) -> Response {
    let mut body = diagnostics
        .first()
        .map(diagnostic_json)
        .unwrap_or_else(|| serde_json::json!({"code": "refused", "message": "refused"}));
    body["errors"] = diagnostics.iter().map(diagnostic_json).collect();
    json(status, body)
}

fn forbidden(message: &str) -> Response {
    refusal(
        StatusCode::FORBIDDEN,
        &[Diagnostic::error("forbidden", message)
            .help("annotate from an article page of this server, or send the page's token as `X-Dossier-Token`")],
    )
}

/// Editing is off for this server: no token would help.
fn editing_off(message: &str) -> Response {
    refusal(
        StatusCode::FORBIDDEN,
        &[Diagnostic::error("forbidden", message).help(
            "annotate in a `dossier serve` bound to 127.0.0.1 (the default) and without --read-only",
        )],
    )
}

/// Why the request may not edit, if it may not: it must carry the token, and come from no
/// other origin and no cross-site fetch.
fn refused(editing: &Editing, headers: &HeaderMap) -> Option<&'static str> {
    const FOREIGN: &str = "the request comes from a page of another site";
    if let Some(origin) = headers.get(header::ORIGIN) {
        let own = origin
            .to_str()
            .ok()
            .and_then(|o| o.strip_prefix("http://"))
            .is_some_and(|host| editing.origin.allows(host));
        if !own {
            return Some(FOREIGN);
        }
    }
    if let Some(site) = headers.get("sec-fetch-site")
        && !matches!(site.to_str(), Ok("same-origin" | "none"))
    {
        return Some(FOREIGN);
    }
    let token = headers
        .get("x-dossier-token")
        .and_then(|t| t.to_str().ok())
        .unwrap_or("");
    if !same_secret(token, &editing.token) {
        return Some("the request does not carry this server's edit token");
    }
    None
}

/// `GET /__dossier/annotate.js`: the toolbar, forms and suggestions of the article pages.
pub async fn script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        ANNOTATE_JS,
    )
        .into_response()
}

/// `POST /__dossier/annotate`.
pub async fn annotate(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(editing) = app.editing.clone() else {
        return editing_off(app.editing_off);
    };
    if let Some(why) = refused(&editing, &headers) {
        return forbidden(why);
    }
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| {
            t.split(';')
                .next()
                .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json"))
        });
    if !is_json {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &[Diagnostic::error("bad-request", "the body must be JSON")
                .help("send `Content-Type: application/json`")],
        );
    }
    let request: EditRequest =
        match serde_json::from_slice(&body) {
            Ok(request) => request,
            Err(e) => {
                return refusal(
                StatusCode::UNPROCESSABLE_ENTITY,
                &[Diagnostic::error("bad-request", format!("the body is not an edit: {e}"))
                    .help("see docs/serve.md for the bodies `POST /__dossier/annotate` accepts")],
            );
            }
        };
    let root = editing.root.clone();
    let done = tokio::task::spawn_blocking(move || edit::apply(&root, request)).await;
    match done {
        Ok(Ok(written)) => {
            let mut body = serde_json::json!({"file": written.file, "line": written.line});
            if let Some(anchor) = written.anchor {
                let mut value = serde_json::json!({"quote": anchor.quote});
                if let Some(prefix) = anchor.prefix {
                    value["prefix"] = prefix.into();
                }
                if let Some(suffix) = anchor.suffix {
                    value["suffix"] = suffix.into();
                }
                body["anchor"] = value;
            }
            json(StatusCode::OK, body)
        }
        Ok(Err(Refusal {
            conflict,
            diagnostics,
        })) => refusal(
            if conflict {
                StatusCode::CONFLICT
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            },
            &diagnostics,
        ),
        Err(_) => refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            &[Diagnostic::error(
                "internal",
                "the edit failed inside the server; nothing was written",
            )],
        ),
    }
}

/// `GET /__dossier/register`: what the page's forms offer.
pub async fn register(State(app): State<App>) -> Response {
    let Some(editing) = app.editing.clone() else {
        return editing_off(app.editing_off);
    };
    let root = editing.root.clone();
    match tokio::task::spawn_blocking(move || edit::register::register(&root)).await {
        Ok(Ok(register)) => json(StatusCode::OK, register),
        Ok(Err(diagnostics)) => refusal(StatusCode::UNPROCESSABLE_ENTITY, &diagnostics),
        Err(_) => refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            &[Diagnostic::error(
                "internal",
                "the register could not be made",
            )],
        ),
    }
}

/// Shared with the handlers through [`App`].
pub type SharedEditing = Option<Arc<Editing>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (random_token().unwrap(), random_token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
        assert!(!same_secret(&a, &a[..31]));
    }
}
