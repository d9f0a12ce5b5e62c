//! Poise command definitions, one file per group. Commands only build argument text and call
//! the engine; parsing and answering live in [`crate::engine`], shared with the console.
//!
//! Every engine command is one poise definition serving both `/name` and the prefix form. The
//! prefix form's action is replaced by [`raw_prefix_action`], which hands the engine exactly
//! what the user typed after the command name.

mod admin;
mod autocomplete;
mod context_menu;
mod facts;

use poise::serenity_prelude as serenity;

use super::reply;
use super::types::{Context, Data, Error};

pub use admin::reload;
pub use context_menu::check_facts;
pub use facts::Draft;

/// Names (as the engine knows them) of the engine commands registered here.
pub const ENGINE_COMMANDS: [&str; 9] = [
    "article", "who-said", "timeline", "who", "define", "search", "check", "sources", "help",
];

/// Every command of the bot, ready for [`poise::FrameworkOptions::commands`].
pub fn all() -> Vec<poise::Command<Data, Error>> {
    let mut commands = vec![
        facts::article(),
        facts::who_said(),
        facts::timeline(),
        facts::who(),
        facts::define(),
        facts::search(),
        facts::check(),
        facts::sources(),
        facts::help(),
    ];
    for command in &mut commands {
        command.prefix_action = Some(raw_prefix_action);
    }
    commands.push(admin::reload());
    commands.push(context_menu::check_facts());
    commands
}

/// The prefix action of every engine command: the raw rest of the message goes to the engine.
fn raw_prefix_action(
    ctx: poise::PrefixContext<'_, Data, Error>,
) -> poise::BoxFuture<'_, Result<(), poise::FrameworkError<'_, Data, Error>>> {
    Box::pin(async move {
        let name = ctx.command().name.to_string();
        run_engine(poise::Context::Prefix(ctx), &name, ctx.args, false)
            .await
            .map_err(|error| poise::FrameworkError::new_command(poise::Context::Prefix(ctx), error))
    })
}

/// Runs an engine command and sends its answer.
pub async fn run_engine(
    ctx: Context<'_>,
    name: &str,
    args: &str,
    ephemeral: bool,
) -> Result<(), Error> {
    let engine = ctx.data().engine();
    tracing::debug!(command = name, "running");
    let answer = engine.run(name, args);
    reply::send_answer(ctx, &answer, ephemeral).await
}

/// Joins the given option values into the argument text the engine parses.
pub fn join_args<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The registration payload for all application commands.
pub fn application_commands(
    commands: &[poise::Command<Data, Error>],
) -> Vec<serenity::CreateCommand> {
    poise::builtins::create_application_commands(commands)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_engine_command_is_registered_with_a_raw_prefix_form() {
        let commands = all();
        for name in ENGINE_COMMANDS {
            let c = commands
                .iter()
                .find(|c| c.name == name)
                .unwrap_or_else(|| panic!("{name}"));
            assert!(c.slash_action.is_some(), "{name} has a slash form");
            assert!(c.prefix_action.is_some(), "{name} has a prefix form");
            assert!(
                c.invoke_on_edit && c.reuse_response && c.track_deletion,
                "{name} tracks edits"
            );
        }
        let who_said = commands.iter().find(|c| c.name == "who-said").unwrap();
        assert!(who_said.aliases.iter().any(|a| a == "whosaid"));
        assert!(who_said.aliases.iter().any(|a| a == "who_said"));
        let menu = commands
            .iter()
            .find(|c| c.context_menu_name.is_some())
            .unwrap();
        assert_eq!(menu.context_menu_name.as_deref(), Some("Check facts"));
        assert!(commands
            .iter()
            .any(|c| c.name == "reload" && c.prefix_action.is_some() && c.slash_action.is_some()));
    }

    #[test]
    fn registration_payload_is_within_discord_limits() {
        let commands = all();
        let payload = serde_json::to_value(application_commands(&commands)).unwrap();
        let list = payload.as_array().unwrap();
        assert_eq!(
            list.len(),
            11,
            "9 engine commands, reload, one context menu"
        );
        for c in list {
            let name = c["name"].as_str().unwrap();
            let kind = c["type"].as_u64().unwrap_or(1);
            if kind == 1 {
                assert!(
                    name.len() <= 32
                        && name
                            .chars()
                            .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch == '_'),
                    "{name}"
                );
                let d = c["description"].as_str().unwrap();
                assert!(!d.is_empty() && d.chars().count() <= 100, "{name}: {d}");
                for o in c["options"].as_array().into_iter().flatten() {
                    let on = o["name"].as_str().unwrap();
                    assert!(
                        on.len() <= 32
                            && on
                                .chars()
                                .all(|ch| ch.is_ascii_lowercase() || ch == '-' || ch == '_'),
                        "{on}"
                    );
                    let od = o["description"].as_str().unwrap();
                    assert!(!od.is_empty() && od.chars().count() <= 100, "{on}: {od}");
                }
            } else {
                assert_eq!(kind, 3, "message context menu");
                assert_eq!(name, "Check facts");
            }
        }
        let article = list.iter().find(|c| c["name"] == "article").unwrap();
        let draft = article["options"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["name"] == "draft")
            .unwrap();
        let choices: Vec<&str> = draft["choices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap())
            .collect();
        assert_eq!(choices, ["us", "nato"]);
        let who_said = list.iter().find(|c| c["name"] == "who-said").unwrap();
        assert_eq!(who_said["options"][0]["autocomplete"], true);
    }

    #[test]
    fn args_are_joined_without_blanks() {
        assert_eq!(join_args([Some("4"), None, Some(" nato ")]), "4 nato");
        assert_eq!(join_args([None, Some("")]), "");
    }
}
