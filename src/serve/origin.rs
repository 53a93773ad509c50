//! Which requests the server answers: the one place that decides it.
//!
//! A page on any web site can make the browser send requests to `127.0.0.1`, and a page
//! whose host name it re-points at `127.0.0.1` (DNS rebinding) can even read the answers,
//! since to the browser they come from its own origin. What it cannot change is the `Host`
//! header, which names its own domain. So every request, the site's files and the server's
//! own endpoints under `/__dossier/` alike, is answered only when its `Host` is a name the
//! server is really reached by: `localhost` or the address it is bound to (any address of
//! this machine, when it is bound to all of them), with the port it listens on. Anything else
//! gets `421 Misdirected Request` and no body.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The names a request may give in its `Host` header.
#[derive(Debug, Clone)]
pub struct Origin {
    bound: SocketAddr,
}

impl Origin {
    /// The origin of a server listening on `bound`.
    pub fn new(bound: SocketAddr) -> Origin {
        Origin { bound }
    }

    /// Whether a request whose `Host` header is `host` is meant for this server.
    pub fn allows(&self, host: &str) -> bool {
        let Some((name, port)) = split_host(host) else {
            return false;
        };
        // A browser leaves the port out only when it is the scheme's default.
        if port.unwrap_or(80) != self.bound.port() {
            return false;
        }
        let bound = self.bound.ip();
        if name.eq_ignore_ascii_case("localhost") {
            return bound.is_loopback() || bound.is_unspecified();
        }
        match name.parse::<IpAddr>() {
            // An address cannot be re-pointed by anyone's DNS: when the server listens on
            // every address of the machine, any of them may be used to reach it.
            Ok(_) if bound.is_unspecified() => true,
            Ok(ip) => ip == bound || (bound.is_loopback() && ip.is_loopback()),
            Err(_) => false,
        }
    }
}

/// `name` and `port` of a `Host` header (`[::1]:4040`, `localhost`); `None` when it is not
/// one.
fn split_host(host: &str) -> Option<(&str, Option<u16>)> {
    let (name, port) = if let Some(rest) = host.strip_prefix('[') {
        let (name, after) = rest.split_once(']')?;
        match after {
            "" => (name, None),
            _ => (name, Some(after.strip_prefix(':')?)),
        }
    } else {
        match host.rsplit_once(':') {
            Some((name, port)) => (name, Some(port)),
            None => (host, None),
        }
    };
    if name.is_empty() {
        return None;
    }
    // Digits only: `+4040` and `04040` are no way of writing a port a browser sends.
    let port = match port {
        Some(port)
            if !port.is_empty()
                && port.bytes().all(|b| b.is_ascii_digit())
                && !(port.len() > 1 && port.starts_with('0')) =>
        {
            Some(port.parse::<u16>().ok()?)
        }
        Some(_) => return None,
        None => None,
    };
    Some((name, port))
}

/// Middleware: answers `421` to a request for another host, before any route sees it (`403`
/// on the edit endpoint).
pub async fn only_own_origin(
    State(origin): State<Origin>,
    headers: HeaderMap,
    request: Request,
    next: Next,
) -> Response {
    // One `Host`, and, when the request names its target in full (`GET http://evil.example/`),
    // that target's host too: either may be what a server goes by.
    let mut hosts = headers.get_all(header::HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host.to_str().ok(),
        _ => None,
    };
    let target_allowed = match request.uri().authority() {
        Some(authority) => origin.allows(authority.as_str()),
        None => true,
    };
    match host {
        Some(host) if origin.allows(host) && target_allowed => next.run(request).await,
        // The edit endpoint documents one answer for every request it refuses.
        _ if request.uri().path() == super::annotate::ANNOTATE_PATH => {
            StatusCode::FORBIDDEN.into_response()
        }
        _ => StatusCode::MISDIRECTED_REQUEST.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_names_the_server_is_reached_by_are_answered() {
        let loopback = Origin::new("127.0.0.1:4040".parse().unwrap());
        for host in [
            "127.0.0.1:4040",
            "localhost:4040",
            "LOCALHOST:4040",
            "127.0.0.2:4040",
        ] {
            assert!(loopback.allows(host), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:4040",
            "127.0.0.1.evil.example:4040",
            "localhost.evil.example:4040",
            "127.0.0.1:4041",
            "127.0.0.1",
            "192.168.1.5:4040",
            "",
            ":4040",
            "[::1:4040",
            "127.0.0.1:99999",
            "127.0.0.1:4040@evil.example",
            "localhost:+4040",
            "localhost:04040",
            "localhost:",
        ] {
            assert!(!loopback.allows(host), "{host}");
        }
        let v6 = Origin::new("[::1]:4040".parse().unwrap());
        assert!(v6.allows("[::1]:4040"));
        assert!(v6.allows("localhost:4040"));
        assert!(!v6.allows("evil.example:4040"));
        let everywhere = Origin::new("0.0.0.0:4040".parse().unwrap());
        assert!(everywhere.allows("192.168.1.5:4040"));
        assert!(everywhere.allows("localhost:4040"));
        assert!(!everywhere.allows("my-laptop.example:4040"));
        let lan = Origin::new("192.168.1.5:80".parse().unwrap());
        assert!(lan.allows("192.168.1.5"));
        assert!(!lan.allows("localhost"));
    }
}
