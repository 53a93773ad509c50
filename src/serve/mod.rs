//! `serve`: build the dossier into memory, serve it, and rebuild it whenever its sources
//! change, reloading the open pages. The build is the same pipeline as `build`'s (see
//! [`rebuild`]); the site is served from memory, so `serve` never touches the output folder and
//! cannot serve anything but the site's own files.
//!
//! Three parts run side by side: the watcher thread, which turns batches of file events into
//! rebuilds ([`watch`], [`rebuild`]); the [`Live`] state each rebuild publishes ([`state`]),
//! whose site renders each file when it is first asked for ([`site`]); and the HTTP server,
//! which reads that state ([`http`], [`paths`], [`inject`]) and answers only requests to its
//! own origin ([`origin`]). Its article pages can also be annotated: what is selected there
//! is written into the annotation files ([`annotate`], over [`crate::edit`]), and the usual
//! rebuild shows it.

pub mod annotate;
pub mod http;
pub mod inject;
pub mod origin;
pub mod paths;
pub mod rebuild;
pub mod site;
pub mod state;
pub mod watch;

use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::SystemTime;

use rebuild::{Change, Rebuilder, Rebuilt};
use state::{ErrorReport, Live};

/// Options of `serve`.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system choose a free port.
    pub port: u16,
    /// Open the site in the default browser once it is served.
    pub open: bool,
    /// Colour the diagnostics printed to the terminal.
    pub color: bool,
    /// No annotating from the pages: the server writes nothing.
    pub read_only: bool,
}

/// Why `serve` could not start or stopped.
#[derive(Debug)]
pub enum ServeError {
    Root(PathBuf, std::io::Error),
    Bind(SocketAddr, std::io::Error),
    Watch(notify_debouncer_full::notify::Error),
    Server(std::io::Error),
}

impl ServeError {
    /// What to do about it.
    pub fn help(&self) -> Option<&'static str> {
        match self {
            ServeError::Bind(_, e) if e.kind() == std::io::ErrorKind::AddrInUse => Some(
                "another program (perhaps another `dossier serve`) uses this port: choose another with --port N, or --port 0 to let the system pick a free one",
            ),
            ServeError::Bind(_, e) if e.kind() == std::io::ErrorKind::PermissionDenied => {
                Some("ports below 1024 need privileges: choose a port above 1024 with --port N")
            }
            ServeError::Bind(..) => Some("check the address given to --bind"),
            ServeError::Root(..) => Some("give the dossier's folder with --root DIR"),
            ServeError::Watch(_) => Some(
                "the system refused to watch the dossier's files; on Linux, the inotify limits (fs.inotify.max_user_watches) may be too low",
            ),
            ServeError::Server(_) => None,
        }
    }
}

impl fmt::Display for ServeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::Root(path, e) => {
                write!(f, "cannot open the dossier `{}`: {e}", path.display())
            }
            ServeError::Bind(addr, e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                write!(
                    f,
                    "cannot serve on {addr}: the port {} is already in use",
                    addr.port()
                )
            }
            ServeError::Bind(addr, e) => write!(f, "cannot serve on {addr}: {e}"),
            ServeError::Watch(e) => write!(f, "cannot watch the dossier's files: {e}"),
            ServeError::Server(e) => write!(f, "the server stopped: {e}"),
        }
    }
}

/// Serves the dossier until Ctrl-C or SIGTERM.
pub fn run(options: ServeOptions) -> Result<(), ServeError> {
    let root = std::fs::canonicalize(&options.root)
        .map_err(|e| ServeError::Root(options.root.clone(), e))?;
    // Bind first: the address is part of what the pages are built with (their absolute links).
    let wanted = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(wanted).map_err(|e| ServeError::Bind(wanted, e))?;
    let address = listener
        .local_addr()
        .map_err(|e| ServeError::Bind(wanted, e))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| ServeError::Bind(wanted, e))?;
    let url = site_url(address);
    // Editing from the pages is for this machine only: a page served to others would hand
    // them its token.
    let editing_off = if options.read_only {
        "editing is off: the server runs with --read-only"
    } else {
        "editing is off: the server is reachable from other machines (--bind); serve on 127.0.0.1 to annotate"
    };
    let editing = match options.read_only || !options.bind.is_loopback() {
        true => None,
        false => Some(Arc::new(
            annotate::Editing::new(root.clone(), origin::Origin::new(address))
                .map_err(ServeError::Server)?,
        )),
    };

    // Watch before the first build, so that no edit made during it is missed.
    let (watcher, changes) = watch::SourceWatcher::start(&root).map_err(ServeError::Watch)?;
    let mut rebuilder = Rebuilder::new(root.clone(), url.clone(), options.color);
    let (live, live_receiver) = tokio::sync::watch::channel(Arc::new(Live::default()));
    let publisher = Publisher {
        live,
        root,
        color: options.color,
    };
    publisher.publish(rebuilder.rebuild(Change::Dossier));

    if !options.bind.is_loopback() {
        eprintln!(
            "warning: serving on {address}, reachable from other machines: anyone who can reach \
             this one can read the dossier, drafts and notes included. Bind 127.0.0.1 (the \
             default) unless you mean to share it. Annotating from the pages is off."
        );
    }
    crate::cmd::print_stdout(&format!("Serving the dossier at {url} (Ctrl-C to stop)\n"));
    if options.open
        && let Err(error) = opener::open_browser(&url)
    {
        eprintln!("warning: cannot open a browser: {error}");
    }

    std::thread::Builder::new()
        .name("dossier-rebuild".into())
        .spawn(move || rebuild_on_changes(watcher, changes, rebuilder, publisher))
        .map_err(ServeError::Server)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(ServeError::Server)?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Server)?;
        let (stopping, shutdown) = tokio::sync::watch::channel(false);
        let app = http::App {
            live: live_receiver,
            shutdown,
            editing,
            editing_off,
        };
        axum::serve(listener, http::router(app, origin::Origin::new(address)))
            .with_graceful_shutdown(async move {
                stop_signal().await;
                // Ends the pages' event streams, which would otherwise hold the server open.
                let _ = stopping.send(true);
            })
            .await
            .map_err(ServeError::Server)
    })?;
    eprintln!("stopped");
    Ok(())
}

/// The address the site is served at, for its pages' absolute links and the terminal.
fn site_url(address: SocketAddr) -> String {
    let host = match address.ip() {
        ip if ip.is_unspecified() => "localhost".to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    };
    format!("http://{host}:{}/", address.port())
}

/// Resolves on Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                terminate.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// The rebuild loop: one rebuild per batch of changes, for as long as the watcher runs.
/// Changes that arrive during a rebuild queue up and make the next one, so the last rebuild
/// always starts after the last change.
fn rebuild_on_changes(
    mut watcher: watch::SourceWatcher,
    changes: std::sync::mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    mut rebuilder: Rebuilder,
    publisher: Publisher,
) {
    while let Ok(first) = changes.recv() {
        let mut change = None;
        let mut rewatch = false;
        let mut lost = false;
        let mut changed: Vec<PathBuf> = Vec::new();
        for batch in std::iter::once(first).chain(changes.try_iter()) {
            match batch {
                Ok(events) => {
                    let paths = events
                        .iter()
                        .filter(|e| watch::is_change(&e.kind))
                        .flat_map(|e| e.paths.iter());
                    changed.extend(paths.clone().cloned());
                    let (this, renew) = watcher.classify(paths.map(|p| p.as_path()));
                    change = change.max(this);
                    rewatch |= renew;
                    lost |= events.iter().any(|e| e.need_rescan());
                }
                Err(errors) => {
                    for error in errors {
                        eprintln!("warning: watching the files: {error}");
                    }
                    lost = true;
                }
            }
        }
        rebuilder.forget(&changed);
        if lost {
            // Events were lost: assume anything changed.
            change = Some(Change::Dossier);
            rewatch = true;
            rebuilder.forget_all();
        }
        if rewatch {
            watcher.rewatch();
        }
        if let Some(change) = change {
            publisher.publish(rebuilder.rebuild(change));
        }
    }
}

/// Publishes each rebuild as the new [`Live`] state and reports it in the terminal.
struct Publisher {
    live: tokio::sync::watch::Sender<Arc<Live>>,
    root: PathBuf,
    color: bool,
}

impl Publisher {
    fn publish(&self, rebuilt: Rebuilt) {
        let previous = self.live.borrow().clone();
        let now = SystemTime::now();
        if !rebuilt.diagnostics.is_empty() {
            eprint!(
                "{}",
                rebuilt.diagnostics.render_human(&self.root, self.color)
            );
        }
        let what = match rebuilt.change {
            Change::Theme => "theme",
            Change::Dossier => "dossier",
        };
        let next = match rebuilt.site {
            Some(site) => {
                let took = rebuilt.took.as_millis();
                if previous.site.is_none() {
                    eprintln!("built in {took} ms: {} pages", site.page_count());
                } else {
                    eprintln!("rebuilt ({what}) in {took} ms");
                }
                Live {
                    generation: previous.generation + 1,
                    site: Some(Arc::new(site)),
                    errors: None,
                }
            }
            None => {
                let text = rebuilt.diagnostics.render_human(&self.root, false);
                let report = ErrorReport::new(&rebuilt.diagnostics, text, now);
                eprintln!(
                    "the dossier has {} error{}; still serving the last good build",
                    report.items.len(),
                    if report.items.len() == 1 { "" } else { "s" }
                );
                Live {
                    generation: previous.generation + 1,
                    site: previous.site.clone(),
                    errors: Some(Arc::new(report)),
                }
            }
        };
        self.live.send_replace(Arc::new(next));
    }
}
