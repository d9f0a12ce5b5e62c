//! The fact commands: one poise definition per engine command (slash + prefix).
//!
//! The slash bodies join their options into the engine's argument text; the prefix forms
//! never reach these bodies (see [`super::raw_prefix_action`]).

use super::{autocomplete, join_args, run_engine};
use crate::discord::types::{Context, Error};

/// Which draft treaty an article comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, poise::ChoiceParameter)]
pub enum Draft {
    /// The draft treaty between Russia and the US.
    #[name = "us"]
    Us,
    /// The draft agreement between Russia and NATO.
    #[name = "nato"]
    Nato,
}

impl Draft {
    /// The word the engine's `article` parser takes.
    pub fn arg(self) -> &'static str {
        match self {
            Draft::Us => "us",
            Draft::Nato => "nato",
        }
    }
}

/// Show an article of Russia's draft treaties (US or NATO)
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn article(
    ctx: Context<'_>,
    #[description = "Article number"]
    #[min = 1]
    #[max = 99]
    number: u32,
    #[description = "Which draft: the treaty with the US or the agreement with NATO"] draft: Option<
        Draft,
    >,
) -> Result<(), Error> {
    let number = number.to_string();
    let args = join_args([Some(number.as_str()), draft.map(Draft::arg)]);
    run_engine(ctx, "article", &args, false).await
}

/// What a person or group said, or who said a quote
#[poise::command(
    slash_command,
    prefix_command,
    track_edits,
    rename = "who-said",
    aliases("whosaid", "who_said"),
    category = "Facts"
)]
pub async fn who_said(
    ctx: Context<'_>,
    #[description = "A person or group, or words from a quote"]
    #[autocomplete = "autocomplete::person"]
    who: String,
) -> Result<(), Error> {
    run_engine(ctx, "who-said", &who, false).await
}

/// Dated events, optionally for a year or keyword
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn timeline(
    ctx: Context<'_>,
    #[description = "A year or an event keyword"]
    #[autocomplete = "autocomplete::timeline"]
    query: Option<String>,
) -> Result<(), Error> {
    run_engine(ctx, "timeline", &join_args([query.as_deref()]), false).await
}

/// Who a person is
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn who(
    ctx: Context<'_>,
    #[description = "A person's name"]
    #[autocomplete = "autocomplete::person"]
    person: String,
) -> Result<(), Error> {
    run_engine(ctx, "who", &person, false).await
}

/// Define a term from the glossary
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn define(
    ctx: Context<'_>,
    #[description = "The term"]
    #[autocomplete = "autocomplete::term"]
    term: String,
) -> Result<(), Error> {
    run_engine(ctx, "define", &term, false).await
}

/// Search everything in the fact base
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn search(
    ctx: Context<'_>,
    #[description = "Words to search for"]
    #[autocomplete = "autocomplete::any"]
    query: String,
) -> Result<(), Error> {
    run_engine(ctx, "search", &query, false).await
}

/// Find the passages that bear on a claim
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn check(
    ctx: Context<'_>,
    #[description = "The claim to check"] claim: String,
) -> Result<(), Error> {
    run_engine(ctx, "check", &claim, false).await
}

/// The source documents the facts come from
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn sources(ctx: Context<'_>) -> Result<(), Error> {
    run_engine(ctx, "sources", "", false).await
}

/// How to use the bot
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn help(
    ctx: Context<'_>,
    #[description = "A command to explain"]
    #[autocomplete = "autocomplete::command"]
    command: Option<String>,
) -> Result<(), Error> {
    run_engine(ctx, "help", &join_args([command.as_deref()]), false).await
}
