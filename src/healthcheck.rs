//! `agentmock healthcheck`: asks a running server's `/healthz` whether it is
//! up, so a container's `HEALTHCHECK` (an image `FROM scratch`) and scripts
//! need no curl. Plain HTTP/1.1 over a std socket, bounded in time and bytes:
//! the probe must answer even when the server never does.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// The most of an answer read: `/healthz` is a few hundred bytes.
const MAX_ANSWER_BYTES: usize = 64 * 1024;

/// Where to ask: the address to connect to and the URL as the server sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// `host:port` for the `Host` header (the URL's authority).
    pub authority: String,
    /// The name or address connected to, without brackets.
    pub host: String,
    pub port: u16,
    /// The request target, `/healthz` unless the URL names another path.
    pub path: String,
}

impl Target {
    /// The server configured by `--host` and `--port`: an unspecified
    /// address (`0.0.0.0`, `::`) is asked on loopback. `public_url` (the
    /// configured public URL, always an allowed host) names it in `Host`.
    pub fn configured(host: IpAddr, port: u16, public_url: &str) -> Target {
        let connect = match host {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        let authority = public_url.split_once("://").map_or(public_url, |(_, rest)| rest);
        let authority = authority.split('/').next().unwrap_or(authority).to_string();
        Target { authority, host: connect.to_string(), port, path: "/healthz".into() }
    }

    /// `--url`: `http://host[:port][/path]`; a URL without a path (or with
    /// `/`) asks `/healthz`.
    pub fn parse(url: &str) -> Result<Target, String> {
        let rest = url
            .trim()
            .strip_prefix("http://")
            .ok_or_else(|| format!("{url:?} must start with http:// (the probe speaks plain HTTP)"))?;
        let (authority, path) = match rest.find(['/', '?']) {
            Some(at) => rest.split_at(at),
            None => (rest, ""),
        };
        let path = if path.is_empty() || path == "/" { "/healthz".to_string() } else { path.to_string() };
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (host, after) = v6.split_once(']').ok_or_else(|| format!("{url:?}: an unclosed [ in the host"))?;
            (host, after.strip_prefix(':'))
        } else {
            match authority.rsplit_once(':') {
                Some((host, port)) => (host, Some(port)),
                None => (authority, None),
            }
        };
        if host.is_empty() || authority.contains(['@', ' ']) {
            return Err(format!("{url:?} names no host"));
        }
        let port = match port {
            None | Some("") => 80,
            Some(p) => p.parse().map_err(|_| format!("{url:?}: {p:?} is not a port"))?,
        };
        Ok(Target { authority: authority.to_string(), host: host.to_string(), port, path })
    }

    /// The URL asked, for messages.
    pub fn url(&self) -> String {
        format!("http://{}{}", self.authority, self.path)
    }

    /// The addresses to try. `localhost` is loopback without a resolver: a
    /// static binary in an empty image has no `/etc/hosts` to read.
    fn addresses(&self) -> Result<Vec<SocketAddr>, String> {
        if self.host.eq_ignore_ascii_case("localhost") {
            return Ok(vec![
                SocketAddr::new(Ipv4Addr::LOCALHOST.into(), self.port),
                SocketAddr::new(Ipv6Addr::LOCALHOST.into(), self.port),
            ]);
        }
        (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map(Iterator::collect)
            .map_err(|e| format!("cannot resolve {}: {e}", self.host))
    }
}

/// What `/healthz` said.
#[derive(Debug, PartialEq)]
pub struct Healthy {
    pub version: String,
    pub seed: String,
    pub anchor: String,
}

/// Asks `target` within `timeout` (connecting, sending and reading
/// together): `Ok` when it answers `200` with agentmock's
/// `{"status":"ok"}`, else why not.
pub fn probe(target: &Target, timeout: Duration) -> Result<Healthy, String> {
    let deadline = Instant::now() + timeout;
    let left = || deadline.saturating_duration_since(Instant::now()).max(Duration::from_millis(1));
    let mut last_error = String::from("no address to connect to");
    let mut stream = None;
    for address in target.addresses()? {
        match TcpStream::connect_timeout(&address, left()) {
            Ok(s) => {
                stream = Some(s);
                break;
            }
            Err(e) => last_error = format!("cannot connect to {address}: {}", reason(&e)),
        }
    }
    let mut stream = stream.ok_or(last_error)?;
    let request = format!(
        "GET {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: agentmock-healthcheck/{}\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
        target.path,
        target.authority,
        env!("CARGO_PKG_VERSION")
    );
    stream.set_write_timeout(Some(left())).map_err(|e| e.to_string())?;
    stream.write_all(request.as_bytes()).map_err(|e| format!("cannot send the request: {}", reason(&e)))?;
    let mut answer = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        stream.set_read_timeout(Some(left())).map_err(|e| e.to_string())?;
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                answer.extend_from_slice(&buffer[..n]);
                if answer.len() > MAX_ANSWER_BYTES {
                    return Err(format!("the answer is over {MAX_ANSWER_BYTES} bytes: not agentmock's /healthz"));
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) if Instant::now() >= deadline || is_timeout(&e) => {
                return Err(format!("no complete answer within {} ms", timeout.as_millis()));
            }
            Err(e) => return Err(format!("cannot read the answer: {}", reason(&e))),
        }
    }
    read_answer(&answer)
}

/// Checks an HTTP/1.1 answer: status `200` and a JSON body saying
/// `"status": "ok"`.
pub fn read_answer(answer: &[u8]) -> Result<Healthy, String> {
    let text = String::from_utf8_lossy(answer);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return Err(if answer.is_empty() {
            "the connection closed without an answer".into()
        } else {
            "an incomplete HTTP answer".into()
        });
    };
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or_default();
    let status = status_line.split_whitespace().nth(1).unwrap_or_default();
    if !status_line.starts_with("HTTP/") || status.is_empty() {
        return Err(format!("not an HTTP answer: {:?}", status_line.chars().take(60).collect::<String>()));
    }
    if status != "200" {
        let why = serde_json::from_str::<serde_json::Value>(body.trim())
            .ok()
            .and_then(|v| v["errors"][0]["message"].as_str().map(|m| format!(": {m}")))
            .unwrap_or_default();
        return Err(format!("answered {}{why}", status_line.split_once(' ').map_or("", |(_, s)| s).trim()));
    }
    let chunked = lines.any(|l| {
        l.split_once(':').is_some_and(|(name, value)| {
            name.trim().eq_ignore_ascii_case("transfer-encoding") && value.to_ascii_lowercase().contains("chunked")
        })
    });
    let body = if chunked { dechunk(body) } else { body.to_string() };
    let health: serde_json::Value =
        serde_json::from_str(body.trim()).map_err(|_| "answered 200, but not with /healthz's JSON".to_string())?;
    if health["status"] != "ok" {
        return Err(format!("answered status {}, not \"ok\"", health["status"]));
    }
    let field = |name: &str| health[name].as_str().unwrap_or("?").to_string();
    Ok(Healthy { version: field("version"), seed: field("seed"), anchor: field("anchorTime") })
}

/// The data of a chunked body (what arrived of it).
fn dechunk(body: &str) -> String {
    let mut out = String::new();
    let mut rest = body;
    while let Some((size, after)) = rest.split_once("\r\n") {
        let size = usize::from_str_radix(size.split(';').next().unwrap_or("").trim(), 16).unwrap_or(0);
        if size == 0 || after.len() < size {
            break;
        }
        out.push_str(after.get(..size).unwrap_or(""));
        rest = after.get(size..).unwrap_or("").trim_start_matches("\r\n");
    }
    out
}

fn is_timeout(e: &std::io::Error) -> bool {
    matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut)
}

/// An IO error without the OS's error number.
fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::ConnectionRefused => "connection refused (is agentmock running on that port?)".into(),
        std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => "timed out".into(),
        _ => {
            let text = e.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_the_server_and_default_to_healthz() {
        let t = Target::parse("http://127.0.0.1:4000").unwrap();
        assert_eq!((t.host.as_str(), t.port, t.path.as_str()), ("127.0.0.1", 4000, "/healthz"));
        let t = Target::parse("http://[::1]:8080/healthz").unwrap();
        assert_eq!((t.host.as_str(), t.port, t.authority.as_str()), ("::1", 8080, "[::1]:8080"));
        let t = Target::parse("http://agentmock/").unwrap();
        assert_eq!((t.host.as_str(), t.port, t.url().as_str()), ("agentmock", 80, "http://agentmock/healthz"));
        assert!(Target::parse("https://x:1").unwrap_err().contains("http://"));
        assert!(Target::parse("http://:4000").unwrap_err().contains("no host"));
        assert!(Target::parse("http://x:port").unwrap_err().contains("not a port"));
        assert!(Target::parse("http://[::1:4000").unwrap_err().contains("unclosed"));
    }

    #[test]
    fn an_unspecified_address_is_asked_on_loopback() {
        let t = Target::configured("0.0.0.0".parse().unwrap(), 4000, "http://127.0.0.1:4000");
        assert_eq!((t.host.as_str(), t.authority.as_str()), ("127.0.0.1", "127.0.0.1:4000"));
        let t = Target::configured("::".parse().unwrap(), 4000, "https://mock.example.com/");
        assert_eq!((t.host.as_str(), t.authority.as_str()), ("::1", "mock.example.com"));
    }

    #[test]
    fn only_agentmocks_ok_is_healthy() {
        let ok = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\r\n{\"status\":\"ok\",\"seed\":\"7\",\"version\":\"0.1.0\",\"anchorTime\":\"2025-01-19T14:00:00Z\"}";
        let healthy = read_answer(ok).unwrap();
        assert_eq!((healthy.seed.as_str(), healthy.version.as_str()), ("7", "0.1.0"));
        let chunked = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n10\r\n{\"status\":\"ok\"}\r\n0\r\n\r\n";
        assert!(read_answer(chunked).is_ok());
        let refused = b"HTTP/1.1 403 Forbidden\r\n\r\n{\"errors\":[{\"message\":\"host not allowed\"}]}";
        assert_eq!(read_answer(refused).unwrap_err(), "answered 403 Forbidden: host not allowed");
        assert!(read_answer(b"HTTP/1.1 200 OK\r\n\r\n<html>").unwrap_err().contains("not with /healthz"));
        assert!(read_answer(b"").unwrap_err().contains("without an answer"));
        assert!(read_answer(b"SSH-2.0-OpenSSH\r\n\r\n").unwrap_err().contains("not an HTTP answer"));
    }
}
