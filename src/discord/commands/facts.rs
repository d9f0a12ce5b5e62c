//! The fact commands: one poise definition per engine command (slash + prefix).
//!
//! Names, aliases and descriptions are the engine registry's (set in [`super::all`]); the
//! doc comments here are for developers. The slash bodies build the typed engine command
//! from Discord's options; the prefix forms never reach these bodies (see
//! [`super::raw_prefix_action`]). Every slash form also takes `private` (an ephemeral reply
//! with a Share button), described in [`super::all`].

use super::{answer, answer_text, autocomplete};
use crate::discord::state::{Context, Data, Error};
use crate::engine::cmd::{Article, Check, Define, Help, Search, Sources, Timeline, Who, WhoSaid};
use crate::knowledge::Draft;

/// The engine commands' poise definitions, in the engine registry's order.
pub fn definitions() -> Vec<poise::Command<Data, Error>> {
    vec![
        article(),
        who_said(),
        timeline(),
        who(),
        define(),
        search(),
        check(),
        sources(),
        help(),
    ]
}

/// The `draft` option: the knowledge base's drafts, by their keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DraftChoice(pub Draft);

impl poise::ChoiceParameter for DraftChoice {
    fn list() -> std::borrow::Cow<'static, [poise::CommandParameterChoice]> {
        Draft::ALL
            .iter()
            .map(|d| poise::CommandParameterChoice {
                name: d.keyword().into(),
                localizations: Default::default(),
                __non_exhaustive: (),
            })
            .collect::<Vec<_>>()
            .into()
    }

    fn from_index(index: usize) -> Option<Self> {
        Draft::ALL.get(index).copied().map(DraftChoice)
    }

    fn from_name(name: &str) -> Option<Self> {
        Draft::ALL
            .into_iter()
            .find(|d| d.keyword().eq_ignore_ascii_case(name))
            .map(DraftChoice)
    }

    fn name(&self) -> &'static str {
        self.0.keyword()
    }

    fn localized_name(&self, _locale: &str) -> Option<&'static str> {
        None
    }
}

/// `article`: the number and draft options are the typed command's fields.
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn article(
    ctx: Context<'_>,
    #[min = 1]
    #[max = 99]
    number: u32,
    draft: Option<DraftChoice>,
    private: Option<bool>,
) -> Result<(), Error> {
    let command = Article {
        number: Some(number),
        draft: draft.map(|d| d.0),
        topic: None,
    };
    answer(ctx, command, private.unwrap_or(false)).await
}

/// `who-said`.
#[poise::command(
    slash_command,
    prefix_command,
    track_edits,
    rename = "who-said",
    category = "Facts"
)]
pub async fn who_said(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete::person"] who: String,
    private: Option<bool>,
) -> Result<(), Error> {
    answer_text::<WhoSaid>(ctx, &who, private.unwrap_or(false)).await
}

/// `timeline`.
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn timeline(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete::timeline"] query: Option<String>,
    private: Option<bool>,
) -> Result<(), Error> {
    answer_text::<Timeline>(
        ctx,
        query.as_deref().unwrap_or_default(),
        private.unwrap_or(false),
    )
    .await
}

/// `who`.
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn who(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete::person"] person: String,
    private: Option<bool>,
) -> Result<(), Error> {
    answer_text::<Who>(ctx, &person, private.unwrap_or(false)).await
}

/// `define`.
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn define(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete::term"] term: String,
    private: Option<bool>,
) -> Result<(), Error> {
    answer_text::<Define>(ctx, &term, private.unwrap_or(false)).await
}

/// `search`.
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn search(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete::any"] query: String,
    private: Option<bool>,
) -> Result<(), Error> {
    answer_text::<Search>(ctx, &query, private.unwrap_or(false)).await
}

/// `check`.
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn check(ctx: Context<'_>, claim: String, private: Option<bool>) -> Result<(), Error> {
    answer_text::<Check>(ctx, &claim, private.unwrap_or(false)).await
}

/// `sources`.
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn sources(ctx: Context<'_>, private: Option<bool>) -> Result<(), Error> {
    answer(ctx, Sources, private.unwrap_or(false)).await
}

/// `help`.
#[poise::command(slash_command, prefix_command, track_edits, category = "Facts")]
pub async fn help(
    ctx: Context<'_>,
    #[autocomplete = "autocomplete::command"] command: Option<String>,
    private: Option<bool>,
) -> Result<(), Error> {
    answer_text::<Help>(
        ctx,
        command.as_deref().unwrap_or_default(),
        private.unwrap_or(false),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use poise::ChoiceParameter;

    #[test]
    fn draft_choices_are_the_knowledge_bases_drafts() {
        let names: Vec<String> = DraftChoice::list()
            .iter()
            .map(|c| c.name.to_string())
            .collect();
        assert_eq!(names, ["us", "nato"]);
        for (i, d) in Draft::ALL.into_iter().enumerate() {
            assert_eq!(DraftChoice::from_index(i), Some(DraftChoice(d)));
            assert_eq!(DraftChoice::from_name(d.keyword()), Some(DraftChoice(d)));
            assert_eq!(DraftChoice(d).name(), d.keyword());
        }
        assert_eq!(DraftChoice::from_index(2), None);
        assert_eq!(
            <Article as crate::engine::Cmd>::SPEC.options[1].name,
            "draft"
        );
    }
}
