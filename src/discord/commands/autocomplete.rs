//! Fuzzy autocomplete for options naming a person, term, year/keyword or anything.

use poise::serenity_prelude as serenity;

use crate::discord::state::Context;
use crate::engine::Completion;
use factbot_render::markdown::trim;

/// Discord allows at most 25 choices.
const MAX_CHOICES: usize = 25;
/// Choice names and string values are at most 100 characters.
const MAX_CHOICE_LEN: usize = 100;

/// The autocomplete response listing `completions`: unique, trimmed, at most 25.
pub fn choices(completions: Vec<String>) -> serenity::CreateAutocompleteResponse {
    let mut seen = std::collections::HashSet::new();
    let choices = completions
        .into_iter()
        .map(|c| trim(c.trim(), MAX_CHOICE_LEN))
        .filter(|c| !c.is_empty() && seen.insert(c.clone()))
        .take(MAX_CHOICES)
        .map(|c| serenity::AutocompleteChoice::new(c.clone(), c))
        .collect();
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}

fn complete(
    ctx: Context<'_>,
    what: Completion,
    partial: &str,
) -> serenity::CreateAutocompleteResponse {
    choices(ctx.data().engine().complete(what, partial, MAX_CHOICES))
}

/// People, groups and documents that speak.
pub async fn person(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    complete(ctx, Completion::Person, partial)
}

/// Glossary terms.
pub async fn term(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    complete(ctx, Completion::Term, partial)
}

/// Years and event keywords.
pub async fn timeline(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    complete(ctx, Completion::Timeline, partial)
}

/// Anything searchable.
pub async fn any(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    complete(ctx, Completion::Any, partial)
}

/// Command names for `/help`, fuzzily, aliases included.
pub async fn command(ctx: Context<'_>, partial: &str) -> serenity::CreateAutocompleteResponse {
    complete(ctx, Completion::Command, partial)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_capped_trimmed_and_unique() {
        let many: Vec<String> = (0..40)
            .map(|i| format!("name {i}"))
            .chain(["name 1".into(), "x".repeat(300)])
            .collect();
        let v = serde_json::to_value(choices(many)).unwrap();
        let list = v["choices"].as_array().unwrap();
        assert_eq!(list.len(), 25);
        let v = serde_json::to_value(choices(vec![
            "a".into(),
            "a".into(),
            "y".repeat(300),
            " ".into(),
        ]))
        .unwrap();
        let list = v["choices"].as_array().unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[1]["name"].as_str().unwrap().chars().count(), 100);
        assert_eq!(list[1]["value"].as_str().unwrap().chars().count(), 100);
    }
}
