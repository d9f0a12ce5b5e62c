//! Poise command definitions, one file per group. Names, aliases, descriptions and option
//! descriptions come from the engine's command registry ([`crate::engine::COMMANDS`]); the
//! definitions here only say how Discord's options become engine commands.
//!
//! Every engine command is one poise definition serving both `/name` and the prefix form. The
//! prefix form's action is replaced by `raw_prefix_action`, which hands the engine exactly
//! what the user typed after the command name.

mod about;
mod admin;
mod autocomplete;
mod context_menu;
mod facts;
mod locale;

use poise::serenity_prelude as serenity;

use super::observe::{observe, Invocation};
use super::send::send_answer;
use super::state::{Context, Data, Error};
use crate::engine::{cmd, Cmd};

/// The description of the `private` option every slash fact command takes.
pub const PRIVATE_DESCRIPTION: &str =
    "Only you see the answer; a Share button can post it to the channel";

/// Every command of the bot, ready for [`poise::FrameworkOptions::commands`]: the engine's
/// commands in registry order with their registry metadata, then `about`, `reload` and the
/// message context menu.
pub fn all() -> Vec<poise::Command<Data, Error>> {
    let mut commands = facts::definitions();
    for command in &mut commands {
        if let Some(spec) = cmd::find(&command.name) {
            command.description = Some(spec.description.into());
            command.help_text = Some(spec.about.into());
            command.aliases = spec.aliases.iter().map(|a| (*a).into()).collect();
            for (parameter, option) in command.parameters.iter_mut().zip(spec.options) {
                parameter.description = Some(option.description.into());
            }
            if let Some(private) = command.parameters.iter_mut().find(|p| p.name == "private") {
                private.description = Some(PRIVATE_DESCRIPTION.into());
            }
        }
        command.prefix_action = Some(raw_prefix_action);
    }
    commands.push(about::about());
    commands.push(admin::reload());
    commands.push(context_menu::check_facts());
    locale::localise(&mut commands);
    commands
}

/// The prefix action of every engine command: the raw rest of the message goes to the engine.
fn raw_prefix_action(
    ctx: poise::PrefixContext<'_, Data, Error>,
) -> poise::BoxFuture<'_, Result<(), poise::FrameworkError<'_, Data, Error>>> {
    let pctx = poise::Context::Prefix(ctx);
    let name: &str = &ctx.command().name;
    Box::pin(async move {
        let data = ctx.data();
        let body = async {
            let answer = data.engine().run(name, ctx.args);
            send_answer(pctx, &answer, false, ctx.args).await?;
            Ok(answer.outcome())
        };
        observe(&data.telemetry, Invocation::of(pctx, name), body)
            .await
            .map_err(|error| poise::FrameworkError::new_command(pctx, error))
    })
}

/// Answers a typed engine command and sends the answer.
async fn answer<C: Cmd>(ctx: Context<'_>, command: C, ephemeral: bool) -> Result<(), Error> {
    let asked = ctx.invocation_string();
    respond(ctx, C::SPEC.name, ephemeral, &asked, |engine| {
        command.answer(engine)
    })
    .await
}

/// Answers the engine command `C` with one option's text, as its parser reads it (so that an
/// empty or blank value gets the command's usage).
async fn answer_text<C: Cmd>(ctx: Context<'_>, text: &str, ephemeral: bool) -> Result<(), Error> {
    respond(
        ctx,
        C::SPEC.name,
        ephemeral,
        text,
        |engine| match C::parse(text.trim()) {
            Ok(command) => command.answer(engine),
            Err(error) => C::reject(&error, engine),
        },
    )
    .await
}

/// Answers with the current engine and sends the answer, observed as command `name`;
/// `asked` is what the user asked.
async fn respond(
    ctx: Context<'_>,
    name: &str,
    ephemeral: bool,
    asked: &str,
    answer: impl FnOnce(&crate::engine::Engine) -> crate::engine::Answer,
) -> Result<(), Error> {
    let body = async move {
        let answer = answer(&ctx.data().engine());
        send_answer(ctx, &answer, ephemeral, asked).await?;
        Ok(answer.outcome())
    };
    observe(&ctx.data().telemetry, Invocation::of(ctx, name), body).await
}

/// The fact base's counts as "2 sources, 30 statements, …".
fn counts_line(engine: &crate::engine::Engine) -> String {
    engine
        .knowledge()
        .counts()
        .iter()
        .map(|(kind, n)| format!("{n} {kind}"))
        .collect::<Vec<_>>()
        .join(", ")
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
    use crate::engine::{OptionKind, COMMANDS};

    #[test]
    fn every_engine_command_is_registered_from_its_spec() {
        let commands = all();
        assert_eq!(
            commands.len(),
            COMMANDS.len() + 3,
            "about, reload and the context menu"
        );
        for (command, spec) in commands.iter().zip(COMMANDS) {
            assert_eq!(command.name, spec.name);
            assert_eq!(command.description.as_deref(), Some(spec.description));
            let aliases: Vec<&str> = command.aliases.iter().map(|a| a.as_ref()).collect();
            assert_eq!(aliases, spec.aliases, "{}", spec.name);
            assert!(
                command.slash_action.is_some(),
                "{} has a slash form",
                spec.name
            );
            assert!(
                command.prefix_action.is_some(),
                "{} has a prefix form",
                spec.name
            );
            assert!(
                command.invoke_on_edit && command.reuse_response && command.track_deletion,
                "{} tracks edits",
                spec.name
            );
            let names: Vec<&str> = command.parameters.iter().map(|p| p.name.as_ref()).collect();
            let mut wanted: Vec<&str> = spec.options.iter().map(|o| o.name).collect();
            wanted.push("private");
            assert_eq!(names, wanted, "{}: options", spec.name);
            for (p, o) in command.parameters.iter().zip(spec.options) {
                assert_eq!(p.required, o.required, "{}.{}", spec.name, o.name);
                assert_eq!(p.description.as_deref(), Some(o.description));
                if let OptionKind::Choice(choices) = o.kind {
                    let listed: Vec<&str> = p.choices.iter().map(|c| c.name.as_ref()).collect();
                    assert_eq!(listed, choices, "{}.{}", spec.name, o.name);
                }
            }
        }
        let menu = commands
            .iter()
            .find(|c| c.context_menu_name.is_some())
            .unwrap();
        assert_eq!(menu.context_menu_name.as_deref(), Some("Check facts"));
        assert!(commands
            .iter()
            .any(|c| c.name == "reload" && c.prefix_action.is_some() && c.slash_action.is_some()));
    }

    /// Russian and Ukrainian descriptions within Discord's limits (1-100 characters), in
    /// Cyrillic, and no other locale.
    fn assert_localised(what: &str, localizations: &serde_json::Value) {
        let map = localizations
            .as_object()
            .unwrap_or_else(|| panic!("{what}: no localisations"));
        let locales: Vec<&str> = map.keys().map(String::as_str).collect();
        assert_eq!(locales, ["ru", "uk"], "{what}");
        for (locale, text) in map {
            let text = text.as_str().unwrap();
            let n = text.chars().count();
            assert!((1..=100).contains(&n), "{what} {locale}: {n} characters");
            assert!(
                text.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c)),
                "{what} {locale}: {text}"
            );
        }
    }

    #[test]
    fn registration_payload_is_within_discord_limits() {
        let commands = all();
        let payload = serde_json::to_value(application_commands(&commands)).unwrap();
        let list = payload.as_array().unwrap();
        assert_eq!(list.len(), COMMANDS.len() + 3);
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
                assert_localised(name, &c["description_localizations"]);
                // Names stay English.
                assert!(
                    c.get("name_localizations")
                        .is_none_or(|n| n.is_null() || n.as_object().is_some_and(|o| o.is_empty())),
                    "{name}"
                );
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
                    assert_localised(&format!("{name}.{on}"), &o["description_localizations"]);
                }
            } else {
                assert_eq!(kind, 3, "message context menu");
                assert_eq!(name, "Check facts");
            }
        }
        let article = list.iter().find(|c| c["name"] == "article").unwrap();
        assert_eq!(
            article["description_localizations"]["ru"],
            "Статья проектов договоров России (с США или с НАТО)"
        );
        assert_eq!(
            article["description"],
            "Show an article of Russia's draft treaties (US or NATO)"
        );
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
        let number = &article["options"][0];
        assert_eq!(number["min_value"].as_f64(), Some(1.0));
        assert_eq!(number["max_value"].as_f64(), Some(99.0));
        let who_said = list.iter().find(|c| c["name"] == "who-said").unwrap();
        assert_eq!(who_said["options"][0]["autocomplete"], true);
        let help = list.iter().find(|c| c["name"] == "help").unwrap();
        assert_eq!(help["options"][0]["autocomplete"], true);
    }
}
