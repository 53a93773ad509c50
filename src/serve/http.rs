//! The HTTP side of `serve`: the site's files from the current [`Live`] state, with their
//! content types, validators and conditional requests, the site's 404 page, and one event
//! stream per open page that tells it to reload or to show or clear the error overlay.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::SystemTime;

use axum::Router;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::Stream;
use tokio::sync::watch;

use super::annotate::{self, SharedEditing};
use super::inject::{self, PageState};
use super::origin::Origin;
use super::paths::{SitePath, site_path};
use super::site::{Made, Site};
use super::state::{Live, ServedFile};

/// What every handler reads: the state now, and whether the server is stopping.
#[derive(Clone)]
pub struct App {
    pub live: watch::Receiver<Arc<Live>>,
    pub shutdown: watch::Receiver<bool>,
    /// `None` with `--read-only`, or when serving to other machines.
    pub editing: SharedEditing,
    /// Why editing is off, when it is.
    pub editing_off: &'static str,
}

/// The server's routes: its own under `/__dossier/`, and the site for everything else; all
/// of them only for requests to the server's own origin.
pub fn router(app: App, origin: Origin) -> Router {
    Router::new()
        .route("/__dossier/live.js", get(live_js))
        .route("/__dossier/annotate.js", get(annotate::script))
        .route("/__dossier/events", get(events))
        .route("/__dossier/status", get(status))
        .route(
            annotate::ANNOTATE_PATH,
            post(annotate::annotate)
                .layer(axum::extract::DefaultBodyLimit::max(annotate::BODY_LIMIT)),
        )
        .route(annotate::REGISTER_PATH, get(annotate::register))
        .fallback(site_file)
        .with_state(app)
        .layer(axum::middleware::from_fn_with_state(
            origin,
            super::origin::only_own_origin,
        ))
}

async fn live_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        inject::LIVE_JS,
    )
        .into_response()
}

/// The build generation, the number of errors and the site's files, for scripts and tests.
async fn status(State(app): State<App>) -> Response {
    let live = app.live.borrow().clone();
    let files = match live.site.clone() {
        Some(site) => off_the_loop(move || site.paths()).await.unwrap_or_default(),
        None => Vec::new(),
    };
    let body = serde_json::json!({
        "generation": live.generation,
        "errors": live.errors.as_ref().map_or(0, |e| e.items.len()),
        "files": files,
    });
    ([(header::CACHE_CONTROL, "no-cache")], axum::Json(body)).into_response()
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// A file of the site, or its 404 page.
async fn site_file(
    State(app): State<App>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut response = plain(StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let Ok(path) = site_path(uri.path()) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "this path cannot name a file of the site\n",
        );
    };
    if path.path == "__dossier" || path.path.starts_with("__dossier/") {
        return plain(StatusCode::NOT_FOUND, "not found\n");
    }
    let live = app.live.borrow().clone();
    let Some(site) = live.site.clone() else {
        // No good build yet: every page is the overlay over an empty page.
        let body = inject::inject(
            inject::no_build_yet(),
            &PageState {
                path: &path.path,
                etag: "",
                assets: "",
                edit_token: None,
            },
            live.errors.as_deref(),
        );
        return error_page(StatusCode::SERVICE_UNAVAILABLE, body);
    };
    let found = {
        let site = site.clone();
        off_the_loop(move || lookup(&site, &path)).await
    };
    match found {
        Some(Lookup::File(key, made)) => respond(
            &live,
            &site,
            &key,
            &key,
            made,
            StatusCode::OK,
            &headers,
            &app.editing,
        ),
        Some(Lookup::Redirect) => {
            let location = match uri.query() {
                Some(query) => format!("{}/?{query}", uri.path()),
                None => format!("{}/", uri.path()),
            };
            (
                StatusCode::PERMANENT_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response()
        }
        Some(Lookup::Missing(key, Some(not_found))) => respond(
            &live,
            &site,
            &key,
            "404.html",
            not_found,
            StatusCode::NOT_FOUND,
            &headers,
            &app.editing,
        ),
        Some(Lookup::Missing(_, None)) => plain(StatusCode::NOT_FOUND, "not found\n"),
        None => plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the server failed to make this file\n",
        ),
    }
}

/// A page that stands in for one that cannot be served, with the error overlay in `body`;
/// never cached, since it goes as soon as the errors are fixed.
fn error_page(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// Runs `work` (rendering, which takes time) on a thread meant for blocking work, so the
/// server's event loop goes on answering meanwhile. `None` if it panicked.
async fn off_the_loop<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(work).await.ok()
}

/// What a request path names in a site.
enum Lookup {
    /// The file at this key of the site.
    File(String, Made),
    /// A folder asked for without its trailing slash.
    Redirect,
    /// No such file; the site's 404 page, if it has one.
    Missing(String, Option<Made>),
}

fn lookup(site: &Site, path: &SitePath) -> Lookup {
    let key = if path.trailing_slash {
        path.index()
    } else if site.contains(&path.path) {
        path.path.clone()
    } else if site.contains(&path.index()) {
        return Lookup::Redirect;
    } else {
        path.path.clone()
    };
    match site.file(&key) {
        Some(made) => Lookup::File(key, made),
        None => Lookup::Missing(key, site.file("404.html")),
    }
}

/// Serves the file made at `file_path` for a request of the site file `key`; a file that
/// could not be made is an error page with the overlay saying why.
#[allow(clippy::too_many_arguments)]
fn respond(
    live: &Live,
    site: &Site,
    key: &str,
    file_path: &str,
    made: Made,
    status: StatusCode,
    request: &HeaderMap,
    app_editing: &SharedEditing,
) -> Response {
    let file = match made {
        Ok(file) => file,
        Err(errors) => {
            let report = site.error_report(&errors);
            let page = PageState {
                path: key,
                etag: "",
                assets: &site.assets,
                edit_token: None,
            };
            let body = inject::inject(inject::no_build_yet(), &page, Some(&report));
            return error_page(StatusCode::INTERNAL_SERVER_ERROR, body);
        }
    };
    let file: &ServedFile = &file;
    let content_type = content_type(file_path);
    let html = content_type.starts_with("text/html");
    let (body, etag, modified) = if html {
        let errors = live.errors.as_deref();
        let page = PageState {
            path: key,
            etag: if status == StatusCode::OK {
                &file.etag
            } else {
                ""
            },
            assets: &site.assets,
            edit_token: match &app_editing {
                Some(editing) if status == StatusCode::OK => Some(editing.token.as_str()),
                _ => None,
            },
        };
        let body = Body::from(inject::inject(&file.body, &page, errors));
        // What is served depends on the file, the theme's files and the errors shown.
        let etag = super::state::etag(
            format!(
                "{}{}{}",
                file.etag,
                site.assets,
                errors.map_or("", |e| &e.digest)
            )
            .as_bytes(),
        );
        let modified = errors.map_or(file.modified, |e| e.at.max(file.modified));
        (body, etag, modified)
    } else {
        (
            Body::from(file.body.clone()),
            file.etag.clone(),
            file.modified,
        )
    };
    let mut response = if status == StatusCode::OK && not_modified(request, &etag, modified) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut response = Response::new(body);
        *response.status_mut() = status;
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
        response
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if status == StatusCode::OK {
        if let Ok(value) = HeaderValue::from_str(&etag) {
            headers.insert(header::ETAG, value);
        }
        if let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(modified)) {
            headers.insert(header::LAST_MODIFIED, value);
        }
    }
    response
}

/// Whether the client's copy is current: `If-None-Match` decides when present (RFC 9110,
/// 13.2.2), otherwise `If-Modified-Since`.
fn not_modified(request: &HeaderMap, etag: &str, modified: SystemTime) -> bool {
    if let Some(value) = request.get(header::IF_NONE_MATCH) {
        let Ok(value) = value.to_str() else {
            return false;
        };
        return value
            .split(',')
            .map(str::trim)
            .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag);
    }
    let Some(since) = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
    else {
        return false;
    };
    // HTTP dates have whole seconds.
    let modified =
        httpdate::parse_http_date(&httpdate::fmt_http_date(modified)).unwrap_or(modified);
    modified <= since
}

/// The content type of a site file, from its name.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "jsonld" => "application/ld+json",
        "xml" if path == "feed.xml" => "application/atom+xml",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "wasm" => "application/wasm",
        "woff2" => "font/woff2",
        _ => mime_guess::from_ext(extension)
            .first_raw()
            .unwrap_or("application/octet-stream"),
    }
}

/// What an open page says about itself when it asks for events.
#[derive(Debug, serde::Deserialize)]
struct OpenPage {
    path: String,
    #[serde(default)]
    etag: String,
    #[serde(default)]
    assets: String,
    /// The digest of the errors the page shows, empty when none.
    #[serde(default)]
    errors: String,
}

struct EventsState {
    live: watch::Receiver<Arc<Live>>,
    shutdown: watch::Receiver<bool>,
    page: OpenPage,
    first: bool,
    reloaded: bool,
}

impl EventsState {
    /// What to tell the page about `live`, if anything, where the page's file is now
    /// `current` (its validator, or empty).
    fn event(&mut self, live: &Live, current: &str) -> Option<Event> {
        let assets = live.site.as_ref().map_or("", |site| site.assets.as_str());
        if current != self.page.etag || assets != self.page.assets {
            self.reloaded = true;
            return Some(
                Event::default()
                    .event("reload")
                    .data(live.generation.to_string()),
            );
        }
        let shown = live.errors.as_ref().map_or("", |e| e.digest.as_str());
        if shown == self.page.errors {
            return None;
        }
        self.page.errors = shown.to_string();
        Some(match &live.errors {
            // Server-sent event data cannot carry a carriage return.
            Some(errors) => Event::default()
                .event("errors")
                .data(inject::overlay(errors).replace('\r', "")),
            None => Event::default().event("clear").data("ok"),
        })
    }
}

/// The validator of the site file at `path` in `live`, made now if no one asked for it since
/// the last rebuild; empty when there is no such file or it cannot be made.
async fn current_etag(live: &Live, path: &str) -> String {
    let Some(site) = live.site.clone() else {
        return String::new();
    };
    let path = path.to_string();
    off_the_loop(move || match site.file(&path) {
        Some(Ok(file)) => file.etag.clone(),
        _ => String::new(),
    })
    .await
    .unwrap_or_default()
}

/// The event stream of one open page. It ends when the page is told to reload, or when the
/// server stops.
async fn events(
    State(app): State<App>,
    Query(page): Query<OpenPage>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let state = EventsState {
        live: app.live,
        shutdown: app.shutdown,
        page,
        first: true,
        reloaded: false,
    };
    let stream = futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if state.reloaded || *state.shutdown.borrow() {
                return None;
            }
            if !state.first {
                tokio::select! {
                    changed = state.live.changed() => changed.ok()?,
                    _ = state.shutdown.changed() => return None,
                }
            }
            state.first = false;
            let live = state.live.borrow_and_update().clone();
            let current = current_etag(&live, &state.page.path).await;
            if let Some(event) = state.event(&live, &current) {
                return Some((Ok(event), state));
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_of_the_site_files() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("feed.xml"), "application/atom+xml");
        assert_eq!(content_type("sitemap.xml"), "application/xml");
        assert_eq!(content_type("annotations.jsonld"), "application/ld+json");
        assert_eq!(content_type("dossier.json"), "application/json");
        assert_eq!(
            content_type("pagefind/pagefind.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("pagefind/wasm.en.pagefind"),
            "application/octet-stream"
        );
        assert_eq!(content_type("img/a.PNG"), "image/png");
    }

    #[test]
    fn conditional_requests() {
        let at = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let mut request = HeaderMap::new();
        assert!(!not_modified(&request, "\"a\"", at));
        request.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"b\", W/\"a\""),
        );
        assert!(not_modified(&request, "\"a\"", at));
        assert!(!not_modified(&request, "\"c\"", at));
        let mut request = HeaderMap::new();
        let date = httpdate::fmt_http_date(at);
        request.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_str(&date).unwrap(),
        );
        assert!(not_modified(&request, "\"a\"", at));
        assert!(!not_modified(
            &request,
            "\"a\"",
            at + std::time::Duration::from_secs(5)
        ));
        // If-None-Match wins over If-Modified-Since.
        request.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"b\""));
        assert!(!not_modified(&request, "\"a\"", at));
    }
}
