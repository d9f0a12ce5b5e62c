//! The `factbot` binary: a thin layer over the library that maps errors to exit codes.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context as _;
use clap::{Parser, Subcommand};

use factbot::config::{Config, LogFormat};
use factbot::discord::Token;
use factbot::engine::{Engine, Syntax};
use factbot::knowledge::KnowledgeBase;
use factbot::telemetry::{server::Server, Telemetry};

/// A fact-checking bot over a curated, cited fact base.
#[derive(Parser)]
#[command(name = "factbot", version, about)]
struct Cli {
    /// Configuration file (default: ./config.toml if present, else built-in defaults).
    #[arg(long, global = true, value_name = "PATH")]
    config: Option<PathBuf>,
    /// Log format: text, or json for one JSON object per line (default: `log_format` in the
    /// configuration, else text).
    #[arg(long, global = true, value_name = "FORMAT")]
    log_format: Option<LogFormat>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the Discord bot (token from the DISCORD_TOKEN environment variable).
    Run,
    /// Chat with the bot in the terminal.
    Console,
    /// Answer one message and print the reply.
    Ask {
        /// The message, e.g. '!article 4'.
        message: String,
    },
    /// Validate the knowledge base and print the counts per kind.
    Check,
    /// Print the timeline (all events, or a year, range, month or keyword), and with --png
    /// write the picture a Discord reply carries.
    Timeline {
        /// A year, range, decade, month or keyword, e.g. '2014', '1990s', 'December 2021'.
        query: Vec<String>,
        /// Write the timeline picture (PNG) to this file.
        #[arg(long, value_name = "FILE")]
        png: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config = load_config(cli.config.as_ref());
    let format = cli
        .log_format
        .or(config.as_ref().ok().map(|c| c.log_format))
        .unwrap_or_default();
    factbot::logging::init(format);
    let result = config.and_then(|config| run(cli.command, config));
    match result {
        Ok(code) => code,
        // A reader that went away (`factbot ask … | head`) is not an error of ours.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // A log reader that expects one JSON object per line gets the reason as one too.
            if format == LogFormat::Json {
                tracing::error!(error = format!("{e:#}"), "stopped");
            } else {
                eprintln!("error: {e:#}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Whether a broken pipe is anywhere in the error's chain of causes.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

fn load_config(path: Option<&PathBuf>) -> anyhow::Result<Config> {
    match path {
        Some(p) => Ok(Config::load(p)?),
        None if std::path::Path::new("config.toml").exists() => {
            Ok(Config::load("config.toml".as_ref())?)
        }
        None => Ok(Config::default()),
    }
}

fn load_engine(config: &Config) -> anyhow::Result<Engine> {
    Ok(Engine::load(&config.knowledge_dir)?)
}

fn run(command: Command, config: Config) -> anyhow::Result<ExitCode> {
    match command {
        Command::Check => {
            let kb = KnowledgeBase::load(&config.knowledge_dir)?;
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "knowledge base {} is valid:",
                config.knowledge_dir.display()
            )?;
            for (kind, n) in kb.counts() {
                writeln!(out, "  {kind:<11} {n}")?;
            }
        }
        Command::Ask { message } => {
            let engine = load_engine(&config)?;
            let reply = factbot::console::reply(&engine, &config.prefix, &message);
            std::io::stdout().lock().write_all(reply.as_bytes())?;
        }
        Command::Timeline { query, png } => {
            let engine = load_engine(&config)?;
            let query = query.join(" ");
            let answer = engine.run("timeline", &query);
            let text = factbot_render::text::render(&answer, Syntax::Prefix(&config.prefix));
            std::io::stdout().lock().write_all(text.as_bytes())?;
            if let Some(path) = png {
                let chart = answer.timeline.as_ref().with_context(|| {
                    format!("`timeline {query}` lists no events: no picture written")
                })?;
                let bytes = factbot_chart::png(chart)?;
                std::fs::write(&path, bytes)
                    .with_context(|| format!("writing {}", path.display()))?;
                eprintln!("picture written to {}", path.display());
            }
        }
        Command::Console => {
            let engine = load_engine(&config)?;
            factbot::console::run(
                &engine,
                &config.prefix,
                std::io::stdin().lock(),
                std::io::stdout().lock(),
            )?;
        }
        Command::Run => {
            let token = std::env::var("DISCORD_TOKEN")
                .ok()
                .and_then(|t| Token::new(&t))
                .context("DISCORD_TOKEN is not set: the bot token is read from that environment variable only")?;
            let runtime =
                tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
            runtime.block_on(run_bot(config, token))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `factbot run`: the metrics listener first (so that `/healthz` says 503 while the fact
/// base loads), then the fact base, then Discord.
async fn run_bot(config: Config, token: Token) -> anyhow::Result<()> {
    let telemetry = Arc::new(Telemetry::new(config.log_content));
    let _server = match config.metrics.listen {
        Some(addr) => {
            let server = Server::start(addr, telemetry.clone())
                .await
                .with_context(|| format!("cannot listen on {addr} for [metrics]"))?;
            tracing::info!(addr = %server.local_addr(), "serving /metrics and /healthz");
            Some(server)
        }
        None => None,
    };
    let dir = config.knowledge_dir.clone();
    let engine = tokio::task::spawn_blocking(move || Engine::load(dir))
        .await
        .context("loading the fact base")??;
    factbot::discord::run_with(config, Arc::new(engine), token, telemetry).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error that wraps another as its source, as library errors do.
    #[derive(Debug, thiserror::Error)]
    #[error("writing the reply")]
    struct Wrapped(#[source] std::io::Error);

    #[test]
    fn a_broken_pipe_is_found_anywhere_in_the_chain() {
        let pipe = || std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        assert!(is_broken_pipe(&anyhow::Error::new(pipe())));
        assert!(is_broken_pipe(&anyhow::Error::new(Wrapped(pipe()))));
        assert!(is_broken_pipe(
            &anyhow::Error::new(Wrapped(pipe())).context("answering")
        ));
        let other = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert!(!is_broken_pipe(&anyhow::Error::new(Wrapped(other))));
    }
}
