//! The `agentmock` binary: parse the configuration, set up logging, run the
//! chosen subcommand.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

use agentmock::config::{Cli, Command, ConfigError, Settings};
use agentmock::data::{self, GenerateError, check};
use agentmock::http::executor;
use agentmock::http::server::{self, ServerOptions};
use agentmock::http::{AppState, HttpOptions, router};
use agentmock::store::export::Shelf;
use agentmock::store::{Snapshot, Store, simulator};

// Resolving a response allocates many small values; mimalloc handles that
// churn far better than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A missing .env is fine; a malformed one is refused like any bad setting.
    if let Err(e) = dotenvy::dotenv()
        && !e.not_found()
    {
        // dotenvy quotes the offending line, which may span lines (an
        // unterminated quote): keep the message on one line.
        let message = e.to_string().replace('\r', "\\r").replace('\n', "\\n");
        eprintln!("error: cannot read .env: {message}");
        return ExitCode::from(2);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(e),
    };
    let settings = match cli.settings() {
        Ok(settings) => settings,
        Err(e) => return refuse(e),
    };
    match cli.command.clone().unwrap_or(Command::Serve) {
        Command::Schema => {
            print!("{}", agentmock::graphql::sdl());
            ExitCode::SUCCESS
        }
        Command::Check if cli.server.journal.is_some() => check_journal(&settings, &cli),
        Command::Check => with_dataset(&settings, |dataset| {
            let results = check::run(&dataset);
            let mut out = std::io::stdout().lock();
            if dataset.params.scenario != data::Scenario::Default {
                let _ = writeln!(out, "scenario {}", dataset.params.scenario);
            }
            for r in &results {
                let (mark, text) = match &r.outcome {
                    Ok(observed) => ("ok  ", observed),
                    Err(violation) => ("FAIL", violation),
                };
                let _ = writeln!(out, "{mark} {:<30} {text}", r.name);
            }
            for (name, why) in check::skipped(&dataset) {
                let _ = writeln!(out, "skip {name:<30} {why}");
            }
            let failed = results.iter().filter(|r| !r.passed()).count();
            let _ = writeln!(out, "{} rules, {failed} failed", results.len());
            if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }),
        Command::Dump { out } => with_dataset(&settings, |dataset| {
            let written = match &out {
                Some(path) => {
                    std::fs::File::create(path).and_then(|f| data::dump::write(&dataset, std::io::BufWriter::new(f)))
                }
                None => data::dump::write(&dataset, std::io::BufWriter::new(std::io::stdout().lock())),
            };
            match written {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write the dump: {e}");
                    ExitCode::FAILURE
                }
            }
        }),
        Command::Serve => serve(&cli, settings),
        Command::Healthcheck { url, timeout_ms } => healthcheck(&cli, url.as_deref(), timeout_ms),
    }
}

/// `healthcheck`: one line saying what `/healthz` answered; exit 0 when
/// healthy, 1 when not (as a container's HEALTHCHECK expects), 2 on a bad
/// `--url`.
fn healthcheck(cli: &Cli, url: Option<&str>, timeout_ms: u64) -> ExitCode {
    use agentmock::healthcheck::{Target, probe};
    let target = match url {
        Some(url) => match Target::parse(url) {
            Ok(target) => target,
            Err(e) => return refuse(format!("invalid value for --url: {e}")),
        },
        None => match cli.server.public_url(cli.server.port) {
            Ok(public_url) => Target::configured(cli.server.host, cli.server.port, &public_url),
            Err(e) => return refuse(e),
        },
    };
    match probe(&target, Duration::from_millis(timeout_ms)) {
        Ok(health) => {
            println!(
                "healthy: {} (agentmock {}, seed {}, anchor {})",
                target.url(),
                health.version,
                health.seed,
                health.anchor
            );
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("unhealthy: {}: {why}", target.url());
            ExitCode::FAILURE
        }
    }
}

/// The parameters to run with: without `--now`, a journal's own anchor
/// (the default anchor is the current hour, so a journal made earlier would
/// otherwise never apply again).
fn journal_params(cli: &Cli, mut params: data::Params) -> data::Params {
    if cli.dataset.now.is_none()
        && let Some(anchor) = cli.server.journal.as_deref().and_then(agentmock::store::journal::Journal::anchor_of)
    {
        params.anchor = anchor;
    }
    params
}

/// `check --journal FILE`: the state after the journal's writes, against
/// the rules that hold after any writes; the seeded-state rules are named
/// as not checked.
fn check_journal(settings: &Settings, cli: &Cli) -> ExitCode {
    let Some(path) = &cli.server.journal else { return ExitCode::FAILURE };
    let mut snapshot = match Snapshot::generate(&journal_params(cli, settings.params)) {
        Ok(s) => s,
        Err(e) => return refuse_generation(e),
    };
    snapshot.writes.exports = Shelf::new(cli.server.export_limits());
    let (store, torn) = match Store::from_journal(snapshot, path) {
        Ok(opened) => opened,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let snap = store.snapshot();
    let live = check::run_live(&snap.dataset);
    let mut out = std::io::stdout().lock();
    if let Some(line) = torn {
        let _ = writeln!(out, "left out a torn last record on line {line} (a write cut short, never answered)");
    }
    let _ = writeln!(out, "after {} journaled writes:", snap.writes.count);
    for r in &live {
        let (mark, text) = match &r.outcome {
            Ok(observed) => ("ok  ", observed),
            Err(violation) => ("FAIL", violation),
        };
        let _ = writeln!(out, "{mark} {:<30} {text}", r.name);
    }
    let live_names: Vec<&str> = live.iter().map(|r| r.name).collect();
    for r in check::run(&store.base().dataset).iter().filter(|r| !live_names.contains(&r.name)) {
        let _ = writeln!(out, "skip {:<30} holds for the seeded state only", r.name);
    }
    let failed = live.iter().filter(|r| !r.passed()).count();
    let _ = writeln!(out, "{} rules, {failed} failed", live.len());
    if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// Generates the configured dataset and hands it to `then`.
fn with_dataset(settings: &Settings, then: impl FnOnce(data::Dataset) -> ExitCode) -> ExitCode {
    match data::generate(&settings.params) {
        Ok(dataset) => then(dataset),
        Err(e) => refuse_generation(e),
    }
}

/// Generation fails only on sizes the data cannot honour; name the setting.
fn refuse_generation(e: GenerateError) -> ExitCode {
    match e {
        GenerateError::Sizes(sizes) => refuse(ConfigError::from(sizes)),
        GenerateError::SampleExceedsTraffic { .. } => refuse(format!("invalid value for --conversations: {e}")),
    }
}

fn serve(cli: &Cli, settings: Settings) -> ExitCode {
    let stderr_is_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(settings.log_filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .with_ansi(stderr_is_terminal)
        .init();
    let (params, access) = (journal_params(cli, settings.params), settings.access);
    // Idle runtime threads give mimalloc's free pages back to the OS.
    executor::set_idle_hook(|| {
        // SAFETY: mi_collect only walks the calling thread's heap.
        unsafe { libmimalloc_sys::mi_collect(true) }
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread().on_thread_park(executor::idle).enable_all().build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let started = std::time::Instant::now();
        let mut snapshot = match Snapshot::generate(&params) {
            Ok(s) => s,
            Err(e) => return refuse_generation(e),
        };
        snapshot.writes.exports = Shelf::new(cli.server.export_limits());
        let address = std::net::SocketAddr::new(cli.server.host, cli.server.port);
        let listener = match server::listen(address, cli.limits.max_connections as usize) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: cannot listen on {address}: {e}");
                return ExitCode::FAILURE;
            }
        };
        let port = listener.local_addr().map(|a| a.port()).unwrap_or(cli.server.port);
        let public_url = match cli.server.public_url(port) {
            Ok(url) => url,
            Err(e) => return refuse(e),
        };
        let d = &snapshot.dataset;
        tracing::info!(
            seed = params.seed,
            anchor = %data::dump::timestamp(params.anchor),
            agents = d.agents.len(),
            conversations = d.conversations.len(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "dataset ready"
        );
        let simulating = cli.live.simulating(cli.dataset.now.is_some());
        let (mut http_options, server_options) = (HttpOptions::from_cli(cli), server_options(cli));
        http_options.simulator = simulating;
        let replaying = std::time::Instant::now();
        http_options.access = access;
        let store = match &cli.server.journal {
            None => Store::new(snapshot),
            Some(path) => match Store::with_journal(snapshot, path) {
                Ok((store, dropped)) => {
                    if let Some(line) = dropped {
                        tracing::warn!(journal = %path.display(), line, "dropped a torn last record (a write cut short by a crash); it was never answered");
                    }
                    let writes = store.snapshot().writes.count;
                    let elapsed_ms = replaying.elapsed().as_millis() as u64;
                    tracing::info!(journal = %path.display(), writes, elapsed_ms, "journal replayed");
                    store
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            },
        };
        let state = match AppState::try_with_options(Arc::new(store), &public_url, http_options) {
            Ok(state) => state,
            Err(e) => {
                eprintln!("error: cannot start the executor: {e}");
                return ExitCode::FAILURE;
            }
        };
        // Connections served, those waiting for a place, and WebSockets.
        let descriptors = server_options.max_connections
            + server::waiting_room(server_options.max_connections)
            + cli.live.max_websockets as usize;
        let fitting = server::fit_open_files(descriptors);
        if fitting < descriptors {
            tracing::warn!(
                max_connections = server_options.max_connections,
                max_websockets = cli.live.max_websockets,
                needed = descriptors,
                open_file_limit_allows = fitting,
                "the open-file limit is below what connections (served and waiting for a place) and \
                 --max-websockets need; raise it (ulimit -n) or lower the settings"
            );
        }
        if simulating {
            let (speed, rate) = (cli.live.simulator_speed, cli.live.simulator_rate);
            // The demo (no --now): the data's "now" is the wall clock's. A
            // pinned anchor with --simulator on runs from the anchor.
            let pace = if cli.dataset.now.is_none() {
                simulator::Pace::following_the_wall_clock(speed, rate)
            } else {
                simulator::Pace::new(speed, rate)
            };
            tracing::info!(speed = pace.speed(), rate = pace.rate(), catch_up = pace.catches_up(), "simulator on");
            tokio::spawn(simulator::run(state.store.clone(), pace, Arc::new(simulator::SystemClock)));
        }
        // Idle sessions leave on their own, not only when a new one needs room.
        let hub_state = state.clone();
        tokio::spawn(async move {
            let period = (hub_state.options.hub.session_idle / 4).clamp(Duration::from_secs(1), Duration::from_secs(30));
            let mut ticks = tokio::time::interval(period);
            loop {
                ticks.tick().await;
                hub_state.hub.expire_idle();
            }
        });
        println!("agentmock listening on {public_url}/graphql (playground: {public_url}/)");
        let _ = std::io::stdout().flush();
        let app = router(state.clone());
        let shutdown = async move {
            shutdown_signal().await;
            state.sockets.close_all();
        };
        server::serve(listener, app, server_options, shutdown).await;
        ExitCode::SUCCESS
    })
}

/// The accept loop's settings, from the flags.
fn server_options(cli: &Cli) -> ServerOptions {
    let limits = &cli.limits;
    let ms = std::time::Duration::from_millis;
    ServerOptions {
        max_connections: limits.max_connections as usize,
        header_timeout: ms(limits.header_timeout_ms),
        idle_timeout: ms(limits.idle_timeout_ms),
        shutdown_grace: ms(limits.shutdown_grace_ms),
        // Past the HTTP layer's own head limits, so they answer first.
        max_head_bytes: (limits.max_uri_bytes + limits.max_header_bytes) as usize + 16 * 1024,
        max_headers: limits.max_headers as usize + 300,
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

fn refuse(e: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {e}");
    ExitCode::from(2)
}

/// Help and version print as usual; any other argument error is one line.
fn clap_exit(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
    ) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let rendered = e.to_string();
    eprintln!("{}", rendered.lines().next().unwrap_or("error: invalid arguments"));
    ExitCode::from(2)
}
