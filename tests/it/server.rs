//! The accept loop over real sockets, where a socket is what matters: the
//! connection cap, the header, body and idle timeouts, and shutdown on
//! SIGTERM with requests in flight or half sent. Each test starts the real
//! binary on a free loopback port with small timeouts and stops it itself.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::cli::{Sandbox, Server};
use crate::support::ANCHOR;

fn start(label: &str, extra: &[&str]) -> (Sandbox, Server) {
    let sandbox = Sandbox::new(label);
    let mut args = vec!["--port", "0", "--now", ANCHOR, "--log", "warn"];
    args.extend_from_slice(extra);
    let server = Server::start(&sandbox, &args);
    (sandbox, server)
}

fn connect(server: &Server) -> TcpStream {
    let stream = TcpStream::connect(server.url.trim_start_matches("http://")).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    stream
}

/// Reads until the server closes the connection (or 10 s pass).
fn read_to_close(stream: &mut TcpStream) -> String {
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

fn post_head(length: usize) -> String {
    format!(
        "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {length}\r\nConnection: close\r\n\r\n"
    )
}

const BODY: &str = r#"{"query":"{ meta { seed } }"}"#;

/// Sends SIGTERM to the server.
fn terminate(server: &Server) {
    let pid = server.child.0.id().to_string();
    let status = std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    assert!(status.success());
}

/// Waits for the server to exit; how long it took.
fn wait_exit(server: &mut Server, within: Duration) -> Duration {
    let started = Instant::now();
    loop {
        if let Some(status) = server.child.0.try_wait().expect("wait") {
            assert!(status.success(), "exit status {status:?}");
            return started.elapsed();
        }
        assert!(started.elapsed() < within, "still running after {within:?}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn connections_over_the_cap_get_a_json_503_and_the_rest_are_served() {
    let (_sandbox, server) = start("cap", &["--max-connections", "2"]);
    let held: Vec<TcpStream> = (0..2).map(|_| connect(&server)).collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut third = connect(&server);
    let answer = read_to_close(&mut third);
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains(r#""code":"TOO_MANY_CONNECTIONS""#), "{answer}");
    drop(held);
    std::thread::sleep(Duration::from_millis(200));
    let (status, _, _) = server.get("/healthz");
    assert_eq!(status, 200);
}

#[test]
fn half_sent_heads_and_idle_connections_are_closed() {
    let (_sandbox, server) =
        start("timeouts", &["--header-timeout-ms", "300", "--idle-timeout-ms", "300", "--body-timeout-ms", "300"]);
    // A head that never ends.
    let mut slow = connect(&server);
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ").unwrap();
    let started = Instant::now();
    read_to_close(&mut slow);
    assert!(started.elapsed() < Duration::from_secs(3), "closed after {:?}", started.elapsed());
    // A connection that says nothing.
    let mut silent = connect(&server);
    let started = Instant::now();
    assert_eq!(read_to_close(&mut silent), "");
    assert!(started.elapsed() < Duration::from_secs(3));
    // Idle after a response on a kept-alive connection.
    let mut kept = connect(&server);
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let started = Instant::now();
    let answer = read_to_close(&mut kept);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(3));
    // A body that stops coming: a JSON 408.
    let mut body = connect(&server);
    body.write_all(post_head(BODY.len()).as_bytes()).unwrap();
    body.write_all(&BODY.as_bytes()[..5]).unwrap();
    let answer = read_to_close(&mut body);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains(r#""code":"BODY_TIMEOUT""#), "{answer}");
    // Still serving.
    assert_eq!(server.get("/healthz").0, 200);
}

#[test]
fn sigterm_finishes_requests_in_flight_and_exits_within_the_grace_period() {
    let (_sandbox, mut server) = start("shutdown", &["--shutdown-grace-ms", "1500", "--header-timeout-ms", "60000"]);
    // A request whose body is on its way, and one whose head never ends.
    let mut in_flight = connect(&server);
    in_flight.write_all(post_head(BODY.len()).as_bytes()).unwrap();
    in_flight.write_all(&BODY.as_bytes()[..5]).unwrap();
    let mut half_sent = connect(&server);
    half_sent.write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(200));
    terminate(&server);
    std::thread::sleep(Duration::from_millis(100));
    // The request in flight completes.
    in_flight.write_all(&BODY.as_bytes()[5..]).unwrap();
    let answer = read_to_close(&mut in_flight);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.contains(r#"{"data":{"meta":{"seed":"12345"}},"extensions":{"agentmock":{"seed":"12345""#),
        "{answer}"
    );
    // The half-sent one cannot hold the process past the grace period.
    let took = wait_exit(&mut server, Duration::from_secs(5));
    assert!(took < Duration::from_secs(3), "exited after {took:?}");
}

/// Runs the binary with `log` as its filter, sends one named query, stops
/// it, and returns what it logged.
fn logged_with(log: &str) -> String {
    let sandbox = Sandbox::new("logs");
    let mut command = sandbox.command(&["--port", "0", "--now", ANCHOR, "--log", log], &[]);
    command.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped());
    let mut child = crate::cli::ChildGuard(command.spawn().expect("spawn"));
    let stdout = child.0.stdout.take().expect("stdout");
    let mut stderr = child.0.stderr.take().expect("stderr");
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    let url = loop {
        let line = lines.next().expect("a line").expect("text");
        if let Some(rest) = line.split("listening on http://").nth(1) {
            break rest.split('/').next().expect("an address").to_string();
        }
    };
    let body = r#"{"query":"query Fleet { agents(first: 2) { totalCount } }","operationName":"Fleet"}"#;
    let mut stream = TcpStream::connect(&url).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "{}{body}", post_head(body.len())).unwrap();
    assert!(read_to_close(&mut stream).starts_with("HTTP/1.1 200"));
    let pid = child.0.id().to_string();
    std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("kill");
    let _ = child.0.wait();
    let mut text = String::new();
    let _ = stderr.read_to_string(&mut text);
    text
}

#[test]
fn requests_are_logged_at_debug_and_the_default_level_stays_quiet() {
    let debug = logged_with("agentmock=debug");
    let line = debug.lines().find(|l| l.contains("graphql request")).unwrap_or_else(|| panic!("{debug}"));
    for field in ["operation=\"Fleet\"", "status=200", "code=\"OK\"", "elapsed_us="] {
        assert!(line.contains(field), "{field} missing: {line}");
    }
    let info = logged_with("info");
    assert!(!info.contains("graphql request"), "{info}");
}

/// How a WebSocket handshake over a raw socket was answered: its status,
/// and the close code of a close frame that came within `wait` (none: the
/// socket stayed open).
fn handshake(address: &str, wait: Duration) -> (u16, Option<u16>) {
    let Ok(mut stream) = TcpStream::connect(address) else { return (0, None) };
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
    let head = format!(
        "GET /graphql HTTP/1.1\r\nHost: {address}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\
         Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
    );
    if stream.write_all(head.as_bytes()).is_err() {
        return (0, None);
    }
    let mut bytes = Vec::new();
    let mut buffer = [0u8; 4096];
    let end = loop {
        if let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return (0, None),
            Ok(n) => bytes.extend_from_slice(&buffer[..n]),
        }
    };
    let status = String::from_utf8_lossy(&bytes[..end]).split_whitespace().nth(1).and_then(|s| s.parse().ok());
    let status = status.unwrap_or(0);
    if status != 101 {
        return (status, None);
    }
    stream.set_read_timeout(Some(wait)).expect("timeout");
    let mut frame = bytes[end..].to_vec();
    while frame.len() < 4 {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return (status, None),
            Ok(n) => frame.extend_from_slice(&buffer[..n]),
        }
    }
    let close = (frame[0] & 0x0f == 8).then(|| u16::from_be_bytes([frame[2], frame[3]]));
    (status, close)
}

#[test]
fn a_burst_of_websockets_past_the_connection_cap_is_closed_1013_and_requests_beside_it_are_served() {
    // Far more handshakes at once than connections allowed: each holds a
    // place only until its upgrade, and the rest wait for one.
    let (_sandbox, server) =
        start("burst", &["--max-connections", "8", "--max-websockets", "2", "--ws-init-timeout-ms", "60000"]);
    let address = server.url.trim_start_matches("http://").to_string();
    let (sockets, requests) = (60, 20);
    let start = std::sync::Arc::new(std::sync::Barrier::new(sockets + requests));
    let opened: Vec<_> = (0..sockets)
        .map(|_| {
            let (address, start) = (address.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                handshake(&address, Duration::from_secs(2))
            })
        })
        .collect();
    let asked: Vec<_> = (0..requests)
        .map(|_| {
            let (address, start) = (address.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let mut stream = TcpStream::connect(&address).expect("connect");
                stream.set_read_timeout(Some(Duration::from_secs(10))).expect("timeout");
                stream
                    .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .expect("send");
                read_to_close(&mut stream)
            })
        })
        .collect();
    let answers: Vec<(u16, Option<u16>)> = opened.into_iter().map(|t| t.join().expect("a socket")).collect();
    let upgraded = answers.iter().filter(|(status, _)| *status == 101).count();
    assert_eq!(upgraded, sockets, "every handshake is answered 101, none 503: {answers:?}");
    let closed = answers.iter().filter(|(_, close)| *close == Some(1013)).count();
    let open = answers.iter().filter(|(_, close)| close.is_none()).count();
    assert_eq!((open, closed), (2, sockets - 2), "two sockets stay, the rest are closed 1013: {answers:?}");
    for answer in asked {
        let answer = answer.join().expect("a request");
        assert!(answer.starts_with("HTTP/1.1 200"), "a request beside the burst: {answer}");
    }
}

#[test]
fn a_body_far_over_the_limit_gets_its_413_delivered() {
    let (_sandbox, server) = start("drain", &[]);
    for declared in [true, false] {
        // 60 MB, sent whole: the client only reads once it has sent it all,
        // as curl and most clients do.
        let size = 60 << 20;
        let mut stream = connect(&server);
        let head = if declared {
            post_head(size)
        } else {
            "POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".to_string()
        };
        stream.write_all(head.as_bytes()).expect("the head goes out");
        let chunk = vec![b' '; 1 << 20];
        for _ in 0..60 {
            if declared {
                stream.write_all(&chunk).expect("the body goes out: the server reads what it refuses");
            } else {
                stream.write_all(format!("{:x}\r\n", chunk.len()).as_bytes()).expect("a chunk size");
                stream.write_all(&chunk).expect("a chunk goes out");
                stream.write_all(b"\r\n").expect("a chunk end");
            }
        }
        if !declared {
            stream.write_all(b"0\r\n\r\n").expect("the last chunk");
        }
        let answer = read_to_close(&mut stream);
        assert!(answer.starts_with("HTTP/1.1 413"), "declared {declared}: {}", &answer[..answer.len().min(200)]);
        assert!(answer.contains("PAYLOAD_TOO_LARGE"), "{answer}");
    }
    assert_eq!(server.get("/healthz").0, 200);
}
