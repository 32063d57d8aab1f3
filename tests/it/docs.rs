//! Every fenced snippet in README.md, docs/*.md and the npm READMEs
//! (npm/README.md, npm/agentmock/README.md) is run or checked, by the kind
//! its info string names; a block of any other kind (or none) fails, so no
//! snippet is skipped silently.
//!
//! Here, in `cargo test`:
//! - ```` ```graphql ````: executed at seed 12345 and the pinned anchor the
//!   docs state (2025-01-19T14:00:00Z): queries in-process through the
//!   router, subscriptions over a real WebSocket on the binary (on pinned
//!   data nothing fires, so that checks the server accepts and keeps the
//!   subscription). No errors, unless the block is marked
//!   `<!-- doc-test: error CODE -->`, which asserts that code.
//! - ```` ```sh ````: `curl` commands executed against the binary on a free
//!   loopback port (their `localhost:4000` rewritten). Commands that start
//!   a server, build or fetch something (cargo, agentmock, npx, podman,
//!   docker, npm, node) are not run: a test cannot block on a server or a
//!   registry. Their arguments are checked instead: agentmock's by its own
//!   parser and settings validation (`Cli::try_parse_from`, then
//!   `settings()`), cargo's by `cargo <command> <flags> --help` (cargo's
//!   parser; its targets, benches and paths must exist), podman's and
//!   docker's image and flags, npm's package name, node's paths, a
//!   repository script's path (`npm/pack.sh`: there and executable).
//!   `--help` and `--version` pass as what they are; redirections are
//!   left out.
//! - ```` ```json ````: parsed; a sample of `extensions.agentmock` is
//!   compared with a real response's.
//! - ```` ```text ````: a layout (each path named must exist) or the fault
//!   grammar (its examples must parse).
//!
//! In the client suite (`tests/clients/docs.test.mjs`, Node): ```` ```js ````,
//! ```` ```ts ````, ```` ```tsx ```` type-checked with `tsc` against the
//! npm package's types (and run where marked `<!-- doc-test: run -->`),
//! ```` ```yaml ```` parsed; `tests/clients/recipes.test.mjs` runs the
//! README's recipes (Apollo, urql, graphql-ws, Storybook, Vitest and
//! Playwright) against the binary. This side still fails on a kind neither
//! knows.
//!
//! Besides: every relative link and anchor resolves, no machine path
//! appears, and the README's settings table has one row per setting.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Parser;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::cli::{Sandbox, Server};
use crate::support::ANCHOR;

/// Kinds run or checked here.
const RUST_KINDS: [&str; 4] = ["graphql", "sh", "json", "text"];
/// Kinds the client suite (`tests/clients/docs.test.mjs`) checks.
const NODE_KINDS: [&str; 4] = ["js", "ts", "tsx", "yaml"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Paths of the machine a document must not name: the folder the
/// checkout sits in, the user's home, and the usual homes of other systems.
fn machine_paths() -> Vec<String> {
    let mut paths: Vec<String> = ["/home/", "/Users/", "C:\\"].map(String::from).to_vec();
    if let Some(parent) = root().parent().and_then(Path::to_str).filter(|p| p.len() > 1) {
        paths.push(format!("{parent}/"));
    }
    if let Ok(home) = std::env::var("HOME").map(|h| h.trim_end_matches('/').to_string())
        && !home.is_empty()
    {
        paths.push(format!("{home}/"));
    }
    paths
}

/// README.md, every page of docs/ and the npm READMEs (the package's page
/// on the registry, the maintainers' notes on packing it), as (path from
/// the root, text). `tests/clients/snippets.mjs` reads the same list.
fn documents() -> Vec<(String, String)> {
    let mut paths = vec!["README.md".to_string()];
    let mut pages: Vec<String> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".md"))
        .map(|name| format!("docs/{name}"))
        .collect();
    pages.sort();
    paths.extend(pages);
    paths.extend(["npm/README.md".to_string(), "npm/agentmock/README.md".to_string()]);
    paths
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(root().join(&p)).unwrap_or_else(|e| panic!("{p}: {e}"));
            (p, text)
        })
        .collect()
}

/// One fenced block.
#[derive(Debug, Clone)]
struct Block {
    /// `README.md:42`, where its fence opens.
    place: String,
    kind: String,
    /// What a `<!-- doc-test: ... -->` comment right before it says.
    mark: Option<String>,
    text: String,
}

/// The fenced blocks of a document, in order.
fn blocks_of(path: &str, text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, String, Option<String>, usize)> = None;
    let mut body = String::new();
    let mut previous = "";
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        match &open {
            None if trimmed.starts_with("```") => {
                let indent = line.len() - trimmed.len();
                let kind = trimmed.trim_start_matches('`').trim().to_string();
                let mark = previous
                    .trim()
                    .strip_prefix("<!-- doc-test:")
                    .and_then(|m| m.strip_suffix("-->"))
                    .map(|m| m.trim().to_string());
                open = Some((n + 1, kind, mark, indent));
                body.clear();
            }
            None => {
                assert!(!trimmed.starts_with("~~~"), "{path}:{}: fence with ``` only", n + 1);
                if !line.trim().is_empty() {
                    previous = line;
                }
            }
            Some((start, kind, mark, indent)) => {
                if trimmed.starts_with("```") && trimmed.trim_end().trim_start_matches('`').is_empty() {
                    blocks.push(Block {
                        place: format!("{path}:{start}"),
                        kind: kind.clone(),
                        mark: mark.clone(),
                        text: body.clone(),
                    });
                    open = None;
                    previous = "";
                } else {
                    body.push_str(line.get(*indent..).unwrap_or(line.trim_start()));
                    body.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "{path}: a fence is never closed");
    blocks
}

fn all_blocks() -> Vec<Block> {
    documents().iter().flat_map(|(path, text)| blocks_of(path, text)).collect()
}

fn blocks(kind: &str) -> Vec<Block> {
    all_blocks().into_iter().filter(|b| b.kind == kind).collect()
}

/// The error code a block is marked to produce, if any.
fn expected_error(block: &Block) -> Option<String> {
    block.mark.as_deref().and_then(|m| m.strip_prefix("error ")).map(|code| code.trim().to_string())
}

#[test]
fn every_block_has_a_kind_a_test_runs() {
    let all = all_blocks();
    assert!(all.len() >= 20, "{} blocks: is the parser reading the docs?", all.len());
    for block in &all {
        assert!(
            RUST_KINDS.contains(&block.kind.as_str()) || NODE_KINDS.contains(&block.kind.as_str()),
            "{}: a ```{} block: no test runs that kind (give it one of {RUST_KINDS:?} or {NODE_KINDS:?}, \
             or teach tests/it/docs.rs a new one)",
            block.place,
            block.kind
        );
        if let Some(mark) = &block.mark {
            let known = (mark == "run" && NODE_KINDS.contains(&block.kind.as_str()))
                || (mark.starts_with("error ") && ["graphql", "sh"].contains(&block.kind.as_str()));
            assert!(known, "{}: unknown mark `doc-test: {mark}` on a ```{} block", block.place, block.kind);
        }
    }
    for kind in RUST_KINDS.iter().chain(&NODE_KINDS) {
        assert!(all.iter().any(|b| b.kind == *kind), "no ```{kind} block left: drop the kind from docs.rs");
    }
}

/// Asserts a GraphQL response has data and no errors, or the error the
/// block is marked with.
fn assert_answer(block: &Block, what: &str, response: &Value) {
    match expected_error(block) {
        Some(code) => {
            let codes: Vec<&str> = response["errors"]
                .as_array()
                .map(|errors| errors.iter().filter_map(|e| e["extensions"]["code"].as_str()).collect())
                .unwrap_or_default();
            assert!(codes.contains(&code.as_str()), "{}: expected {code}, got {response}\n{what}", block.place);
        }
        None => {
            assert!(response.get("errors").is_none(), "{}: {response}\n{what}", block.place);
            assert!(response["data"].is_object(), "{}: no data: {response}\n{what}", block.place);
        }
    }
}

fn is_subscription(document: &str) -> bool {
    let parsed = async_graphql::parser::parse_query(document).expect("parsed");
    parsed.operations.iter().any(|(_, op)| op.node.ty == async_graphql::parser::types::OperationType::Subscription)
}

#[tokio::test]
async fn graphql_queries_run_without_errors() {
    let all = blocks("graphql");
    for block in &all {
        async_graphql::parser::parse_query(&block.text).unwrap_or_else(|e| panic!("{}: {e}", block.place));
    }
    let queries: Vec<&Block> = all.iter().filter(|b| !is_subscription(&b.text)).collect();
    assert!(!queries.is_empty(), "no GraphQL query in the docs");
    for block in queries {
        let response = crate::support::graphql(&block.text, json!({})).await;
        assert_answer(block, &block.text, &response);
    }
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn send(ws: &mut Socket, message: Value) {
    ws.send(Message::Text(message.to_string().into())).await.expect("send");
}

#[tokio::test]
async fn graphql_subscriptions_are_accepted_over_a_websocket() {
    let subscriptions: Vec<Block> = blocks("graphql").into_iter().filter(|b| is_subscription(&b.text)).collect();
    assert!(!subscriptions.is_empty(), "no GraphQL subscription in the docs");
    let sandbox = Sandbox::new("docs-ws");
    let server = Server::start(&sandbox, &["--port", "0", "--now", ANCHOR]);
    let url = format!("{}/graphql", server.url.replacen("http://", "ws://", 1));
    for block in &subscriptions {
        let mut request = url.as_str().into_client_request().expect("a request");
        request.headers_mut().insert("sec-websocket-protocol", "graphql-transport-ws".parse().expect("a value"));
        let (mut ws, _) = tokio_tungstenite::connect_async(request).await.expect("the upgrade");
        send(&mut ws, json!({ "type": "connection_init", "payload": {} })).await;
        send(&mut ws, json!({ "id": "doc", "type": "subscribe", "payload": { "query": block.text } })).await;
        // A query after it: once it completes, the subscription has been
        // prepared (a refused one would have had its `error` by then).
        send(&mut ws, json!({ "id": "probe", "type": "subscribe", "payload": { "query": "{ meta { seed } }" } })).await;
        let mut seen = Vec::new();
        let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
        let mut settled: Option<tokio::time::Instant> = None;
        loop {
            let until = settled.unwrap_or(deadline);
            let Ok(message) = tokio::time::timeout_at(until, ws.next()).await else {
                assert!(settled.is_some(), "{}: no answer in time: {seen:?}", block.place);
                break;
            };
            let Some(Ok(Message::Text(text))) = message else { continue };
            let message: Value = serde_json::from_str(&text).expect("JSON");
            if message["type"] == "ping" {
                send(&mut ws, json!({ "type": "pong" })).await;
                continue;
            }
            if message["id"] == "doc" {
                assert!(
                    message["type"] == "next" && message["payload"].get("errors").is_none(),
                    "{}: {message}\n{}",
                    block.place,
                    block.text
                );
            }
            if message["id"] == "probe" && message["type"] == "complete" {
                settled = Some(tokio::time::Instant::now() + Duration::from_millis(300));
            }
            seen.push(message);
        }
        assert_eq!(seen.first().map(|m| m["type"].clone()), Some(json!("connection_ack")), "{seen:?}");
    }
}

/// A shell line's words, as sh would split them (quotes, backslashes,
/// comments), and `&&` as a word of its own.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    w.push(c);
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(next) = chars.next() {
                                if !matches!(next, '"' | '\\' | '$' | '`') {
                                    w.push('\\');
                                }
                                w.push(next);
                            }
                        }
                        _ => w.push(c),
                    }
                }
            }
            '\\' => {
                if let Some(next) = chars.next() {
                    word.get_or_insert_with(String::new).push(next);
                }
            }
            '#' if word.is_none() => break,
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    words.push(w);
                }
            }
            c => word.get_or_insert_with(String::new).push(c),
        }
    }
    words.extend(word);
    words
}

/// The commands of a sh block: continuation lines joined, split at `&&`,
/// redirections (`> schema.graphql`) left out.
fn shell_commands(text: &str) -> Vec<Vec<String>> {
    let joined = text.replace("\\\n", " ");
    let mut commands = Vec::new();
    for line in joined.lines() {
        let mut command = Vec::new();
        let mut words = shell_words(line).into_iter();
        while let Some(word) = words.next() {
            if word == "&&" {
                commands.push(std::mem::take(&mut command));
            } else if [">", ">>", "<", "2>"].contains(&word.as_str()) {
                words.next();
            } else {
                command.push(word);
            }
        }
        if !command.is_empty() {
            commands.push(command);
        }
    }
    commands
}

#[test]
fn shell_words_split_as_sh_does() {
    assert_eq!(
        shell_words(r#"curl -s 'a b' -d "{\"q\":1}" x\ y # comment"#),
        ["curl", "-s", "a b", "-d", r#"{"q":1}"#, "x y"]
    );
    assert_eq!(
        shell_commands("A=1 cargo install --path . && agentmock\n"),
        [vec!["A=1", "cargo", "install", "--path", "."], vec!["agentmock"]]
    );
    assert_eq!(shell_commands("npx agentmock schema > schema.graphql\n"), [vec!["npx", "agentmock", "schema"]]);
}

/// Checks agentmock's arguments (and `AGENTMOCK_*` assignments, as the
/// flags they equal) with its own parser and settings validation.
fn check_agentmock_args(place: &str, env: &[(String, String)], args: &[String]) {
    let mut argv = vec!["agentmock".to_string()];
    for (name, value) in env {
        let flag = name.strip_prefix("AGENTMOCK_").unwrap_or_else(|| panic!("{place}: {name} before agentmock"));
        argv.push(format!("--{}", flag.to_lowercase().replace('_', "-")));
        argv.push(value.clone());
    }
    argv.extend(args.iter().cloned());
    let cli = match agentmock::config::Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        // `--help` and `--version` parse as the requests they are.
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            return;
        }
        Err(e) => panic!("{place}: {argv:?}: {e}"),
    };
    if let Err(e) = cli.settings() {
        panic!("{place}: {argv:?}: {e}");
    }
}

/// `podman`/`docker` options the docs use, and whether each takes a value.
const CONTAINER_OPTIONS: [(&str, bool); 12] = [
    ("--rm", false),
    ("-d", false),
    ("-p", true),
    ("-e", true),
    ("--env", true),
    ("--name", true),
    ("--runtime", true),
    ("--ulimit", true),
    ("--format", true),
    ("-f", true),
    ("-t", true),
    ("--network", true),
];

/// Checks one command of a sh block that is not run.
fn check_command(place: &str, env: &[(String, String)], words: &[String]) {
    let exists = |path: &str| assert!(root().join(path).exists(), "{place}: {path} does not exist");
    let program = words[0].as_str();
    let args = &words[1..];
    match program {
        "agentmock" => check_agentmock_args(place, env, args),
        "npx" => {
            assert_eq!(args.first().map(String::as_str), Some("agentmock"), "{place}: npx runs agentmock");
            check_agentmock_args(place, env, &args[1..]);
        }
        "cargo" => {
            let command = args.first().map(String::as_str).unwrap_or("");
            assert!(["run", "test", "build", "install", "bench"].contains(&command), "{place}: cargo {command}");
            let (flags, after) = match args.iter().position(|a| a == "--") {
                Some(i) => (&args[..i], Some(&args[i + 1..])),
                None => (args, None),
            };
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let output = std::process::Command::new(cargo)
                .args(flags)
                .arg("--help")
                .current_dir(root())
                .output()
                .expect("run cargo");
            assert!(
                output.status.success(),
                "{place}: cargo {}: {}",
                flags.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
            for pair in flags.windows(2) {
                match pair[0].as_str() {
                    "--bench" => exists(&format!("benches/{}.rs", pair[1])),
                    "--test" => exists(&format!("tests/{}", pair[1])),
                    "--path" => exists(&format!("{}/Cargo.toml", pair[1])),
                    _ => {}
                }
            }
            if let Some(rest) = after {
                assert_eq!(command, "run", "{place}: arguments after -- for cargo {command}");
                check_agentmock_args(place, env, rest);
            }
        }
        "podman" | "docker" => {
            let command = args.first().map(String::as_str).unwrap_or("");
            let mut i = 1;
            let mut options = Vec::new();
            while let Some(word) = args.get(i).filter(|w| w.starts_with('-')) {
                let takes_value = CONTAINER_OPTIONS
                    .iter()
                    .find(|(name, _)| name == word)
                    .unwrap_or_else(|| panic!("{place}: {program} option {word} (add it to CONTAINER_OPTIONS)"))
                    .1;
                options.push((word.clone(), if takes_value { args.get(i + 1).cloned() } else { None }));
                i += if takes_value { 2 } else { 1 };
            }
            let option = |name: &str| options.iter().find(|(n, _)| n == name).and_then(|(_, v)| v.clone());
            match command {
                "run" => {
                    assert_eq!(args.get(i).map(String::as_str), Some("agentmock"), "{place}: the image");
                    check_agentmock_args(place, env, &args[i + 1..]);
                }
                "build" => {
                    exists(&option("-f").unwrap_or_else(|| "Containerfile".into()));
                    assert_eq!(option("-t").as_deref(), Some("agentmock"), "{place}: the image's tag");
                    assert_eq!(args.get(i).map(String::as_str), Some("."), "{place}: built from the root");
                }
                _ => panic!("{place}: {program} {command}"),
            }
        }
        // `npm ci --prefix DIR`: a folder of the repository, with its lockfile.
        "npm" if args.first().is_some_and(|a| a == "ci") => {
            let prefix = args.windows(2).find(|pair| pair[0] == "--prefix").map(|pair| pair[1].as_str());
            let prefix = prefix.unwrap_or_else(|| panic!("{place}: npm ci without --prefix names no folder"));
            exists(&format!("{prefix}/package-lock.json"));
        }
        "npm" => {
            assert_eq!(args.first().map(String::as_str), Some("install"), "{place}: npm {args:?}");
            let package: Value = serde_json::from_str(
                &std::fs::read_to_string(root().join("npm/agentmock/package.json")).expect("package.json"),
            )
            .expect("JSON");
            for word in &args[1..] {
                if !word.starts_with('-') {
                    assert_eq!(Some(word.as_str()), package["name"].as_str(), "{place}: the npm package's name");
                }
            }
        }
        "node" => args.iter().filter(|a| !a.starts_with('-')).for_each(|a| exists(a)),
        // A script of the repository's (npm/pack.sh): it must be there to run.
        script if script.contains('/') => {
            exists(script);
            let mode = std::fs::metadata(root().join(script)).expect("metadata").permissions();
            assert!(std::os::unix::fs::PermissionsExt::mode(&mode) & 0o111 != 0, "{place}: {script} is not executable");
        }
        _ => panic!("{place}: `{program}` in a sh block: run it (curl) or check it in tests/it/docs.rs"),
    }
}

/// Splits `NAME=value` assignments off the front of a command.
fn assignments(words: &[String]) -> (Vec<(String, String)>, Vec<String>) {
    let at = words.iter().position(|w| !w.contains('=') || w.starts_with('-')).unwrap_or(words.len());
    let env = words[..at]
        .iter()
        .map(|w| {
            let (k, v) = w.split_once('=').expect("an assignment");
            (k.to_string(), v.to_string())
        })
        .collect();
    (env, words[at..].to_vec())
}

#[test]
fn shell_blocks_run_or_parse() {
    let sh = blocks("sh");
    let sandbox = Sandbox::new("docs-sh");
    let server = Server::start(&sandbox, &["--port", "0", "--now", ANCHOR]);
    let address = server.url.trim_start_matches("http://").to_string();
    let mut curls = 0;
    for block in &sh {
        for words in shell_commands(&block.text) {
            let (env, words) = assignments(&words);
            assert!(!words.is_empty(), "{}: an assignment alone", block.place);
            if words[0] != "curl" {
                check_command(&block.place, &env, &words);
                continue;
            }
            curls += 1;
            let args: Vec<String> = words[1..]
                .iter()
                .map(|w| w.replace("localhost:4000", &address).replace("127.0.0.1:4000", &address))
                .collect();
            assert!(args.iter().any(|a| a.contains(&address)), "{}: curl to what? {args:?}", block.place);
            let output =
                std::process::Command::new("curl").args(&args).args(["--max-time", "20"]).output().unwrap_or_else(
                    |e| panic!("{}: curl must be installed to run the docs' examples: {e}", block.place),
                );
            assert!(output.status.success(), "{}: curl {args:?}: {output:?}", block.place);
            let response: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
                panic!("{}: not JSON ({e}): {}", block.place, String::from_utf8_lossy(&output.stdout))
            });
            assert_answer(block, &args.join(" "), &response);
        }
    }
    assert!(curls >= 2, "{curls} curl examples run");
}

#[test]
fn json_blocks_parse_and_samples_match_a_real_response() {
    let sandbox = Sandbox::new("docs-json");
    let server = Server::start(&sandbox, &["--port", "0", "--now", ANCHOR]);
    for block in blocks("json") {
        let sample: Value =
            serde_json::from_str(&block.text).unwrap_or_else(|e| panic!("{}: not JSON: {e}", block.place));
        let Some(documented) = sample["extensions"]["agentmock"].as_object() else { continue };
        // The same request the sample describes: its session, the defaults.
        let session = documented["session"].as_str().expect("the sample names a session");
        let (status, body) = server
            .post("/graphql", &[("X-Agentmock-Session", session)], r#"{"query":"{ __typename }"}"#)
            .expect("an answer");
        assert_eq!(status, 200, "{body}");
        let body: Value = serde_json::from_str(&body).expect("JSON");
        let served = body["extensions"]["agentmock"].as_object().expect("extensions.agentmock");
        let keys = |o: &serde_json::Map<String, Value>| o.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(documented), keys(served), "{}: the block's keys, in order", block.place);
        for (key, value) in documented {
            if key == "fingerprint" {
                let prefix = value.as_str().expect("a string").trim_end_matches("...");
                let real = served[key].as_str().expect("a string");
                assert!(
                    prefix.len() >= 8 && real.starts_with(prefix),
                    "{}: fingerprint {prefix}... is not the served {real}",
                    block.place
                );
            } else {
                assert_eq!(value, &served[key], "{}: {key}", block.place);
            }
        }
    }
}

#[test]
fn text_blocks_name_real_paths_or_parseable_faults() {
    for block in blocks("text") {
        if block.text.contains(":=") {
            // The fault grammar: what its right-hand column gives parses.
            for latency in ["250", "100-800"] {
                assert!(block.text.contains(latency), "{}: {latency}", block.place);
                agentmock::faults::Latency::parse(latency)
                    .unwrap_or_else(|e| panic!("{}: {latency}: {e}", block.place));
            }
            assert!(block.text.contains("| none"), "{}: none", block.place);
            agentmock::faults::Faults::parse("none").unwrap_or_else(|e| panic!("{}: none: {e}", block.place));
            let mut rules = vec![
                "error:Analytics.costByModel@0.1".to_string(),
                "error:Agent.*|Incident=FORBIDDEN@10%".to_string(),
                "drop#3,7".to_string(),
                "timeout".to_string(),
            ];
            for status in ["500", "502", "503", "504"] {
                assert!(block.text.contains(&format!("status:{status}")), "{}: status:{status}", block.place);
                rules.push(format!("status:{status}#1"));
            }
            for rule in rules.iter().chain([&rules.join("; ")]) {
                agentmock::faults::Faults::parse(rule).unwrap_or_else(|e| panic!("{}: {rule}: {e}", block.place));
            }
            assert!(agentmock::faults::Faults::parse("status:418").is_err(), "the parser refuses what it should");
            continue;
        }
        // A layout: each line that starts with paths names real ones.
        let mut named = 0;
        for line in block.text.lines() {
            let head = line.split("  ").next().unwrap_or("").trim();
            for path in head.split(", ").filter(|p| p.contains('/') || p.starts_with('.')) {
                assert!(root().join(path).exists(), "{}: {path} does not exist", block.place);
                named += 1;
            }
        }
        assert!(named > 0, "{}: a text block is a layout of paths or the fault grammar", block.place);
    }
}

/// GitHub's anchor for a heading.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == ' ' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// A Markdown text's lines outside fenced code blocks.
fn prose_lines(text: &str) -> Vec<&str> {
    let mut in_code = false;
    text.lines()
        .filter(|line| {
            let fence = line.trim_start().starts_with("```");
            in_code ^= fence;
            !fence && !in_code
        })
        .collect()
}

/// The anchors of a Markdown file's headings.
fn anchors(text: &str) -> BTreeSet<String> {
    prose_lines(text).into_iter().filter(|l| l.starts_with('#')).map(|l| slug(l.trim_start_matches('#'))).collect()
}

/// The `](target)` links of a Markdown text, outside code blocks and spans.
fn links(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in prose_lines(text) {
        let prose: String = line.split('`').step_by(2).collect::<Vec<_>>().join("");
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            let tail = &rest[at + 2..];
            let end = tail.find(')').unwrap_or(tail.len());
            found.push(tail[..end].to_string());
            rest = &tail[end..];
        }
    }
    found
}

#[test]
fn links_and_anchors_resolve_and_no_machine_path_appears() {
    for (path, text) in documents() {
        for machine in machine_paths() {
            assert!(!text.contains(machine.as_str()), "{path} names a machine path ({machine})");
        }
        let dir = root().join(&path).parent().expect("a folder").to_path_buf();
        for link in links(&text) {
            if link.contains("://") || link.starts_with("mailto:") {
                continue;
            }
            assert!(!link.starts_with('/'), "{path}: {link}: links are relative");
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target: PathBuf = if file.is_empty() { root().join(&path) } else { dir.join(file) };
            assert!(target.exists(), "{path}: {link}: no {}", target.display());
            if !anchor.is_empty() {
                let text = std::fs::read_to_string(&target).unwrap_or_else(|e| panic!("{path}: {link}: {e}"));
                assert!(anchors(&text).contains(anchor), "{path}: {link}: no heading #{anchor} there");
            }
        }
    }
}

#[test]
fn the_readme_table_lists_every_setting_once() {
    let declared: BTreeSet<String> = include_str!("../../src/config.rs")
        .split("env = \"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect();
    assert!(declared.len() >= 60, "{} settings", declared.len());
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let table = readme.split("\n## Configuration\n").nth(1).expect("a Configuration section");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .map(|l| l.split(" | ").collect())
        .collect();
    let listed: Vec<String> = rows.iter().map(|cells| cells[1].trim_matches('`').to_string()).collect();
    let in_table: BTreeSet<String> = listed.iter().cloned().collect();
    let missing: Vec<&String> = declared.difference(&in_table).collect();
    let unknown: Vec<&String> = in_table.difference(&declared).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "the README's settings table: missing {missing:?}, not settings of src/config.rs {unknown:?}"
    );
    assert_eq!(listed.len(), declared.len(), "one row per setting");
    for cells in &rows {
        let variable = cells[1].trim_matches('`');
        let flag = format!("--{}", variable.trim_start_matches("AGENTMOCK_").to_lowercase().replace('_', "-"));
        assert_eq!(cells[0].trim_start_matches("| ").trim_matches('`'), flag, "{variable}'s flag");
    }
    let example = std::fs::read_to_string(root().join(".env.example")).expect(".env.example");
    for variable in &declared {
        assert!(example.contains(&format!("{variable}=")), ".env.example does not show {variable}");
    }
}
