//! The `agentmock` binary: parse the configuration, set up logging, run the
//! chosen subcommand.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use tracing_subscriber::EnvFilter;

use agentmock::config::{Cli, Command, ConfigError};
use agentmock::data::{self, check};
use agentmock::http::{AppState, router};
use agentmock::store::{Snapshot, Store};

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
    match cli.command.clone().unwrap_or(Command::Serve) {
        Command::Schema => {
            print!("{}", agentmock::graphql::sdl());
            ExitCode::SUCCESS
        }
        Command::Check => with_dataset(&cli, |dataset| {
            let results = check::run(&dataset);
            let mut out = std::io::stdout().lock();
            for r in &results {
                let (mark, text) = match &r.outcome {
                    Ok(observed) => ("ok  ", observed),
                    Err(violation) => ("FAIL", violation),
                };
                let _ = writeln!(out, "{mark} {:<30} {text}", r.name);
            }
            let failed = results.iter().filter(|r| !r.passed()).count();
            let _ = writeln!(out, "{} rules, {failed} failed", results.len());
            if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS }
        }),
        Command::Dump { out } => with_dataset(&cli, |dataset| {
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
        Command::Serve => serve(&cli),
    }
}

/// Generates the configured dataset and hands it to `then`.
fn with_dataset(cli: &Cli, then: impl FnOnce(data::Dataset) -> ExitCode) -> ExitCode {
    let params = match cli.dataset.params() {
        Ok(p) => p,
        Err(e) => return refuse(e),
    };
    match data::generate(&params) {
        Ok(dataset) => then(dataset),
        Err(e) => refuse(e),
    }
}

fn serve(cli: &Cli) -> ExitCode {
    let filter = match EnvFilter::try_new(&cli.log) {
        Ok(f) => f,
        Err(e) => return refuse(ConfigError::Log(e.to_string())),
    };
    tracing_subscriber::fmt().with_env_filter(filter).with_target(false).init();
    let (params, cors) = match (cli.dataset.params(), cli.server.cors_origins()) {
        (Ok(p), Ok(c)) => (p, c),
        (Err(e), _) | (_, Err(e)) => return refuse(e),
    };
    if let Err(e) = cli.server.public_url(cli.server.port) {
        return refuse(e);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let started = std::time::Instant::now();
        let snapshot = match Snapshot::generate(&params) {
            Ok(s) => s,
            Err(e) => return refuse(e),
        };
        let address = std::net::SocketAddr::new(cli.server.host, cli.server.port);
        let listener = match tokio::net::TcpListener::bind(address).await {
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
        let cache_bytes = cli.server.response_cache_mb as usize * 1024 * 1024;
        let state = AppState::with_cache(Arc::new(Store::new(snapshot)), &public_url, cache_bytes);
        println!("agentmock listening on {public_url}/graphql (playground: {public_url}/)");
        let _ = std::io::stdout().flush();
        let app = router(state, &cors);
        match axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: server stopped: {e}");
                ExitCode::FAILURE
            }
        }
    })
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
