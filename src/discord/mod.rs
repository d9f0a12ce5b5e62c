//! The Discord front end: poise commands (prefix and slash) over the shared [`Engine`].
//!
//! Entry point: [`run`]. One concern per file, imports one way:
//! [`state`] (the shared data; a leaf), [`commands`] (poise definitions that build engine
//! commands), [`send`] (answers to messages), [`pager`] (paged replies and their buttons),
//! [`message`] (serenity parts of a rendered page), [`permissions`] (every permission check),
//! [`cooldown`], [`modlog`] (the moderator log), [`press`] (Context and Share presses),
//! [`events`] (framework callbacks), [`observe`] (each command's span and
//! count), [`http`] (the REST client), [`token`] and [`error`] (why the front end stopped).

pub mod commands;
pub mod cooldown;
pub mod error;
pub mod events;
pub mod http;
pub mod message;
pub mod modlog;
pub mod observe;
pub mod pager;
pub mod permissions;
pub mod press;
pub mod send;
pub mod state;
pub mod token;

use std::sync::{Arc, RwLock};
use std::time::Duration;

use poise::serenity_prelude as serenity;

use crate::config::{Config, Sharding};
use crate::engine::Engine;
use crate::telemetry::{ShardStage, Shards, Telemetry};
pub use error::DiscordError;
pub use state::{Context, Data, Error};
pub use token::Token;

/// The wait before connection attempt `attempt + 1` to an unreachable Discord: 1 s, doubling,
/// at most a minute.
pub fn backoff(attempt: u32) -> Duration {
    Duration::from_secs(1u64 << attempt.min(6)).min(Duration::from_secs(60))
}

/// The gateway intents the bot asks for.
pub fn intents() -> serenity::GatewayIntents {
    serenity::GatewayIntents::GUILDS
        | serenity::GatewayIntents::GUILD_MESSAGES
        | serenity::GatewayIntents::DIRECT_MESSAGES
        | serenity::GatewayIntents::MESSAGE_CONTENT
}

/// Runs the bot until SIGINT/SIGTERM (→ `Ok`) or a fatal error.
///
/// Before connecting, the token is checked with `GET /users/@me`, retried with backoff while
/// Discord is unreachable; a 401 there or a gateway close 4004 later ends with
/// [`DiscordError::TokenRejected`]. If Discord refuses the privileged Message Content intent
/// (close 4014), the bot reconnects without it (slash commands keep working).
pub async fn run(config: Config, engine: Arc<Engine>, token: Token) -> Result<(), DiscordError> {
    let telemetry = Arc::new(Telemetry::new(config.log_content));
    run_with(config, engine, token, telemetry).await
}

/// [`run`], recording into `telemetry` (which a metrics listener may serve): commands,
/// cooldown refusals, reloads, the fact base's counts and the shards' stages.
pub async fn run_with(
    config: Config,
    engine: Arc<Engine>,
    token: Token,
    telemetry: Arc<Telemetry>,
) -> Result<(), DiscordError> {
    telemetry.fact_base_loaded(&engine.knowledge().counts());
    if let Sharding::Range { total, first, last } = config.discord.shards {
        telemetry.expect_shards(Shards { first, last, total });
    }
    let token = token.expose();
    let shutdown = Shutdown::install();
    let http = http::build_http(&config.discord, token)?;
    if !preflight(&http, &shutdown).await? {
        return Ok(());
    }
    let mut intents = intents();
    loop {
        let attempt = connect(
            &config,
            engine.clone(),
            token,
            intents,
            &shutdown,
            &telemetry,
        );
        match attempt.await {
            Err(DiscordError::Intents(why))
                if intents.contains(serenity::GatewayIntents::MESSAGE_CONTENT) =>
            {
                tracing::warn!(
                    "Discord refused the Message Content intent ({why}); reconnecting without it: \
                     prefix commands will not work, slash commands do"
                );
                intents.remove(serenity::GatewayIntents::MESSAGE_CONTENT);
            }
            other => return other,
        }
    }
}

/// SIGINT/SIGTERM, observed by a watch channel so every stage can wait on it.
#[derive(Clone)]
struct Shutdown(tokio::sync::watch::Receiver<bool>);

impl Shutdown {
    fn install() -> Shutdown {
        let (tx, rx) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            wait_for_signal().await;
            tracing::info!("shutdown requested");
            let _ = tx.send(true);
        });
        Shutdown(rx)
    }

    async fn wait(&self) {
        let mut rx = self.0.clone();
        let _ = rx.wait_for(|&stop| stop).await;
    }
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Checks the token before connecting; `Ok(false)` if shut down while waiting.
async fn preflight(http: &serenity::Http, shutdown: &Shutdown) -> Result<bool, DiscordError> {
    let mut attempt = 0;
    loop {
        match http.get_current_user().await {
            Ok(user) => {
                tracing::info!(bot = %user.name, id = %user.id, "token accepted");
                return Ok(true);
            }
            Err(e) if is_unauthorized(&e) => return Err(DiscordError::TokenRejected),
            Err(e) => {
                let delay = backoff(attempt);
                attempt += 1;
                tracing::warn!(
                    error = %e,
                    retry_in_s = delay.as_secs(),
                    "Discord is unreachable; retrying"
                );
                tokio::select! {
                    _ = tokio::time::sleep(delay) => {}
                    _ = shutdown.wait() => return Ok(false),
                }
            }
        }
    }
}

fn is_unauthorized(e: &serenity::Error) -> bool {
    matches!(
        e,
        serenity::Error::Http(serenity::HttpError::UnsuccessfulRequest(r)) if r.status_code.as_u16() == 401
    )
}

/// Maps serenity's end-of-run error onto [`DiscordError`].
fn classify(e: serenity::Error) -> DiscordError {
    match e {
        serenity::Error::Gateway(serenity::GatewayError::InvalidAuthentication) => {
            DiscordError::TokenRejected
        }
        serenity::Error::Gateway(
            g @ (serenity::GatewayError::DisallowedGatewayIntents
            | serenity::GatewayError::InvalidGatewayIntents),
        ) => DiscordError::Intents(g.to_string()),
        e if is_unauthorized(&e) => DiscordError::TokenRejected,
        e @ serenity::Error::Http(_) => DiscordError::Http(Box::new(e)),
        other => DiscordError::Gateway(Box::new(other)),
    }
}

/// Builds the poise options for `config`'s settings, sharing `edit_tracker` with the data.
fn framework_options(
    config: &Config,
    edit_tracker: Arc<RwLock<poise::EditTracker>>,
) -> poise::FrameworkOptions<Data, Error> {
    let track = Duration::from_secs(config.discord.edit_track_seconds);
    poise::FrameworkOptions {
        commands: commands::all(),
        on_error: |error| Box::pin(events::on_error(error)),
        command_check: Some(|ctx| Box::pin(events::command_check(ctx))),
        event_handler: events::event_handler,
        allowed_mentions: Some(message::no_mentions()),
        initialize_owners: false,
        prefix_options: poise::PrefixFrameworkOptions {
            prefix: None,
            stripped_dynamic_prefix: Some(events::strip_prefix),
            mention_as_prefix: false,
            edit_tracker: Some(edit_tracker),
            tracking_initiation_window: Some(track),
            execute_untracked_edits: true,
            ignore_bots: true,
            execute_self_messages: false,
            case_insensitive_commands: true,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// One client run with the given intents.
async fn connect(
    config: &Config,
    engine: Arc<Engine>,
    token: &str,
    intents: serenity::GatewayIntents,
    shutdown: &Shutdown,
    telemetry: &Arc<Telemetry>,
) -> Result<(), DiscordError> {
    let http = http::build_http(&config.discord, token)?;
    let edit_tracker = Arc::new(poise::EditTracker::for_timespan(Duration::from_secs(
        config.discord.edit_track_seconds,
    )));
    let options = framework_options(config, edit_tracker.clone());
    let mut data = Data::new(
        engine,
        config.knowledge_dir.clone(),
        config.prefix.clone(),
        config.discord.clone(),
        edit_tracker,
        telemetry.clone(),
    );
    data.config_path = config.source.clone();
    let pruner = cooldown::spawn_pruning(data.cooldowns.clone());
    let channel_pruner = cooldown::spawn_pruning(data.channel_cooldowns.clone());
    let guild_id = config.discord.guild_id;
    let framework = poise::Framework::builder()
        .options(options)
        .setup(move |ctx, _ready, framework| {
            Box::pin(async move {
                register_commands(ctx, &framework.options().commands, guild_id).await;
                Ok(data)
            })
        })
        .build();

    let mut client = serenity::ClientBuilder::new_with_http(http, intents)
        .framework(framework)
        .await
        .map_err(classify)?;
    let shard_manager = client.shard_manager.clone();
    watch_shards(telemetry, &shard_manager);
    let stopper = {
        let shutdown = shutdown.clone();
        let shard_manager = shard_manager.clone();
        tokio::spawn(async move {
            shutdown.wait().await;
            tracing::info!("shutting the shards down");
            shard_manager.shutdown_all().await;
        })
    };
    let result = match config.discord.shards {
        Sharding::Auto => client.start_autosharded().await,
        // serenity 0.12's `start_shard_range` treats the range end as inclusive.
        Sharding::Range { total, first, last } => {
            tracing::info!(first, last, total, "starting shards");
            client.start_shard_range(first..last, total).await
        }
    };
    stopper.abort();
    pruner.abort();
    channel_pruner.abort();
    match result {
        Ok(()) => {
            tracing::info!("disconnected from Discord");
            Ok(())
        }
        // The caller reports the error; logging it here too would print it twice.
        Err(e) => {
            shard_manager.shutdown_all().await;
            Err(classify(e))
        }
    }
}

/// Lets `telemetry` read the shards' stages from the shard manager when asked. The manager
/// records a shard's new stage before it hands the event that caused it (READY, say) on, so
/// whatever the bot does after READY, a health check then sees the shard connected.
fn watch_shards(telemetry: &Telemetry, shard_manager: &Arc<serenity::ShardManager>) {
    let runners = shard_manager.runners.clone();
    telemetry.watch_shards(Box::new(move || {
        let runners = runners.clone();
        Box::pin(async move {
            runners
                .lock()
                .await
                .iter()
                .map(|(id, runner)| (id.0, shard_stage(runner.stage)))
                .collect()
        })
    }));
}

/// serenity's connection stage as telemetry names it.
fn shard_stage(stage: serenity::ConnectionStage) -> ShardStage {
    use serenity::ConnectionStage as C;
    match stage {
        C::Connected => ShardStage::Connected,
        C::Connecting => ShardStage::Connecting,
        C::Handshake => ShardStage::Handshake,
        C::Identifying => ShardStage::Identifying,
        C::Resuming => ShardStage::Resuming,
        C::Disconnected => ShardStage::Disconnected,
        // `ConnectionStage` is non-exhaustive: a stage added later is not "connected".
        _ => ShardStage::Disconnected,
    }
}

/// Registers the application commands in the configured guild or globally. Failures are
/// logged; prefix commands work regardless.
async fn register_commands(
    ctx: &serenity::Context,
    commands: &[poise::Command<Data, Error>],
    guild_id: Option<u64>,
) {
    let payload = commands::application_commands(commands);
    let count = payload.len();
    let result = match guild_id {
        Some(id) => serenity::GuildId::new(id)
            .set_commands(ctx, payload)
            .await
            .map(|_| format!("in guild {id}")),
        None => serenity::Command::set_global_commands(ctx, payload)
            .await
            .map(|_| "globally".to_string()),
    };
    match result {
        Ok(scope) => tracing::info!(count, scope, "registered the application commands"),
        Err(e) => tracing::error!(error = %e, "could not register the application commands"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_classified() {
        assert!(matches!(
            classify(serenity::Error::Gateway(
                serenity::GatewayError::InvalidAuthentication
            )),
            DiscordError::TokenRejected
        ));
        assert!(matches!(
            classify(serenity::Error::Gateway(
                serenity::GatewayError::DisallowedGatewayIntents
            )),
            DiscordError::Intents(_)
        ));
        assert!(matches!(
            classify(serenity::Error::Gateway(
                serenity::GatewayError::NoAuthentication
            )),
            DiscordError::Gateway(_)
        ));
    }

    #[test]
    fn backoff_doubles_from_a_second_up_to_a_minute() {
        let secs: Vec<u64> = (0..10).map(|a| backoff(a).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 32, 60, 60, 60, 60]);
        assert_eq!(backoff(u32::MAX).as_secs(), 60);
    }

    #[test]
    fn wrapped_errors_keep_their_source() {
        use std::error::Error as _;
        let e = classify(serenity::Error::Gateway(
            serenity::GatewayError::NoAuthentication,
        ));
        assert!(e.source().is_some(), "{e:?}");
        let io = std::io::Error::other("unreadable");
        let e = DiscordError::config_because("cannot read ca_file x", io);
        assert_eq!(
            e.to_string(),
            "invalid Discord configuration: cannot read ca_file x"
        );
        assert_eq!(e.source().unwrap().to_string(), "unreadable");
    }

    #[test]
    fn token_rejected_says_which_variable_to_fix() {
        let text = DiscordError::TokenRejected.to_string();
        assert!(text.contains("DISCORD_TOKEN"));
    }
}
