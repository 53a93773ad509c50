//! A running `dossier serve`, and a raw HTTP/1.1 client: raw, so that request paths reach the
//! server exactly as written (a URL library would resolve `..` before sending).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// An HTTP response.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    /// Names in lowercase.
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(String::as_str)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// Sends one request with `Connection: close` and reads the whole response.
pub fn request(address: &str, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    request_for(address, Some(address), method, target, headers)
}

/// [`request`] with the `Host` header `host` (none at all for `None`), as a page of another
/// site that re-points its name at this machine would send.
pub fn request_for(
    address: &str,
    host: Option<&str>,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
) -> Reply {
    send(address, host, method, target, headers, b"")
}

/// [`request_for`] with a body (and its `Content-Length`).
pub fn send(
    address: &str,
    host: Option<&str>,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Reply {
    let mut stream = TcpStream::connect(address).expect("the server accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
    if let Some(host) = host {
        head.push_str(&format!("Host: {host}\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("a whole response");
    parse(&raw, method == "HEAD")
}

fn parse(raw: &[u8], head_only: bool) -> Reply {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let headers: BTreeMap<String, String> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
        .collect();
    let rest = &raw[split + 4..];
    let body = if head_only {
        rest.to_vec()
    } else if headers.get("transfer-encoding").map(String::as_str) == Some("chunked") {
        dechunk(rest)
    } else {
        rest.to_vec()
    };
    Reply {
        status,
        headers,
        body,
    }
}

fn dechunk(mut rest: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    loop {
        let end = rest.windows(2).position(|w| w == b"\r\n").unwrap();
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&rest[..end])
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap();
        if size == 0 {
            return body;
        }
        body.extend_from_slice(&rest[end + 2..end + 2 + size]);
        rest = &rest[end + 2 + size + 2..];
    }
}

/// `dossier serve` on a dossier, on a port the system picks.
pub struct Server {
    child: Child,
    /// `127.0.0.1:PORT`
    pub address: String,
    /// `http://127.0.0.1:PORT/`
    pub url: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &[])
    }

    pub fn start_with(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["serve", "--root", root.to_str().unwrap(), "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("dossier serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let collected = stderr.clone();
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).unwrap_or(0) > 0 {
                collected.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .unwrap_or_else(|| {
                panic!(
                    "serve printed no address: {first:?}; stderr: {}",
                    stderr.lock().unwrap()
                )
            })
            .to_string();
        let address = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        Server {
            child,
            address,
            url,
            stderr,
        }
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn get(&self, target: &str) -> Reply {
        request(&self.address, "GET", target, &[])
    }

    /// Whether the page at `target`, as served now, holds `text`.
    pub fn shows(&self, target: &str, text: &str) -> bool {
        self.get(target).text().contains(text)
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn status(&self) -> serde_json::Value {
        serde_json::from_slice(&self.get("/__dossier/status").body).expect("status is JSON")
    }

    pub fn generation(&self) -> u64 {
        self.status()["generation"].as_u64().unwrap()
    }

    /// Waits until the server has rebuilt after `generation` and then stayed quiet for a
    /// while, so that every change made so far is in; returns the status then.
    pub fn settled_after(&self, generation: u64) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut seen = generation;
        let mut quiet_since = None;
        loop {
            let status = self.status();
            let now = status["generation"].as_u64().unwrap();
            if now != seen {
                seen = now;
                quiet_since = Some(Instant::now());
            }
            if let Some(since) = quiet_since
                && since.elapsed() > Duration::from_millis(400)
            {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "no rebuild after generation {generation}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    /// Stops the server with SIGTERM, as a service manager would, and returns how it exited.
    pub fn terminate(mut self) -> ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-TERM", &pid]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop on SIGTERM");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A served HTML page without what `serve` adds to it: the edit token in the head of an
/// article page, and the scripts (and overlay) before `</body>`.
pub fn without_live_reload(page: &[u8]) -> Vec<u8> {
    const MARK: &[u8] = b"\n<!-- added by dossier serve -->\n";
    let mut page = page.to_vec();
    while let Some(start) = page.windows(MARK.len()).position(|w| w == MARK) {
        let rest = &page[start + MARK.len()..];
        // The head's addition ends with its one line; the body's with the live-reload script.
        let end_mark: &[u8] = if rest.starts_with(b"<meta name=\"dossier-edit-token\"") {
            b">\n"
        } else {
            b"live.js\""
        };
        let after = rest
            .windows(end_mark.len())
            .position(|w| w == end_mark)
            .expect("what serve added ends")
            + end_mark.len();
        let end = if end_mark == b">\n" {
            start + MARK.len() + after
        } else {
            let close = b"</script>\n";
            let from = start + MARK.len() + after;
            from + page[from..]
                .windows(close.len())
                .position(|w| w == close)
                .expect("the added script ends")
                + close.len()
        };
        page.drain(start..end);
    }
    page
}

/// The edit token an article page of `server` carries.
pub fn edit_token(server: &Server, page: &str) -> String {
    let html = server.get(page).text();
    let at = html
        .find("name=\"dossier-edit-token\" content=\"")
        .expect("the page carries an edit token")
        + "name=\"dossier-edit-token\" content=\"".len();
    html[at..at + 32].to_string()
}
