//! `agentmock healthcheck` as a container's HEALTHCHECK runs it: against a
//! running server (by URL, and by the `--port` / `AGENTMOCK_*` settings the
//! server itself reads), against a closed port, a path that is not
//! `/healthz`, and a server that never answers.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use crate::cli::{Sandbox, Server, run};
use crate::support::ANCHOR;

/// A port nothing listens on: bound by the OS, then let go.
fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("its address").port()
}

#[test]
fn healthcheck_says_healthy_for_a_running_server_and_not_for_a_closed_port() {
    let sandbox = Sandbox::new("healthcheck");
    let server = Server::start(&sandbox, &["--port", "0", "--now", ANCHOR, "--seed", "7"]);
    let port = server.url.rsplit(':').next().expect("a port").to_string();

    // By URL, and by the same settings the server reads (the image sets
    // AGENTMOCK_HOST=0.0.0.0 and AGENTMOCK_PORT: the probe asks loopback).
    let by_url = run(sandbox.command(&["healthcheck", "--url", &server.url], &[]));
    let by_flag = run(sandbox.command(&["healthcheck", "--port", &port], &[]));
    let by_env =
        run(sandbox.command(&["healthcheck"], &[("AGENTMOCK_HOST", "0.0.0.0"), ("AGENTMOCK_PORT", port.as_str())]));
    for healthy in [&by_url, &by_flag, &by_env] {
        assert_eq!(healthy.status.code(), Some(0), "stderr: {}", healthy.stderr);
        let line = healthy.stdout_text();
        let expected = format!(
            "healthy: http://127.0.0.1:{port}/healthz (agentmock {}, seed 7, anchor {ANCHOR})\n",
            env!("CARGO_PKG_VERSION")
        );
        assert_eq!(line, expected);
    }

    // Another path of the same server answers, but not as /healthz does.
    let elsewhere = run(sandbox.command(&["healthcheck", "--url", &format!("{}/nothing-here", server.url)], &[]));
    assert_eq!(elsewhere.status.code(), Some(1));
    assert!(
        elsewhere.stderr.starts_with(&format!("unhealthy: {}/nothing-here: answered 404", server.url)),
        "{}",
        elsewhere.stderr
    );

    // The server gone, the same command fails.
    drop(server);
    let gone = run(sandbox.command(&["healthcheck", "--port", &port], &[]));
    assert_eq!(gone.status.code(), Some(1), "stdout: {}", gone.stdout_text());
    assert!(gone.stdout.is_empty());
    assert!(gone.stderr.contains("connection refused"), "{}", gone.stderr);

    let closed = closed_port();
    let refused = run(sandbox.command(&["healthcheck", "--url", &format!("http://127.0.0.1:{closed}")], &[]));
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        refused.stderr,
        format!(
            "unhealthy: http://127.0.0.1:{closed}/healthz: cannot connect to 127.0.0.1:{closed}: connection refused (is agentmock running on that port?)\n"
        )
    );
}

#[test]
fn healthcheck_gives_up_on_a_server_that_never_answers() {
    let sandbox = Sandbox::new("healthcheck-silent");
    // Accepts connections (the kernel's backlog) and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = silent.local_addr().expect("address").port().to_string();
    let started = Instant::now();
    let stuck = run(sandbox.command(&["healthcheck", "--port", &port, "--timeout-ms", "300"], &[]));
    assert_eq!(stuck.status.code(), Some(1));
    assert!(stuck.stderr.contains("no complete answer within 300 ms"), "{}", stuck.stderr);
    assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    drop(silent);

    // A URL the probe cannot use is a usage error, as any bad setting.
    let bad = run(sandbox.command(&["healthcheck", "--url", "https://127.0.0.1:4000"], &[]));
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stderr.starts_with("error: invalid value for --url:"), "{}", bad.stderr);
}
