//! How an answer ended, in the coarse terms an operator counts: answered, not found,
//! suggestions only, or usage.

use crate::answer::{Answer, AnswerKind};

/// The outcome of a command as far as the engine decides it. Whether the reply then reached
/// the user is the front end's business.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The command was answered from the fact base (or with help or the sources).
    Answered,
    /// The fact base has nothing on the query.
    NotFound,
    /// No match, only "did you mean" suggestions.
    SuggestionOnly,
    /// The command was used wrongly or is unknown.
    Usage,
}

impl Outcome {
    /// Every outcome, in declaration order.
    pub const ALL: [Outcome; 4] = [
        Outcome::Answered,
        Outcome::NotFound,
        Outcome::SuggestionOnly,
        Outcome::Usage,
    ];

    /// A stable snake_case name, for metric labels and log fields.
    pub fn name(self) -> &'static str {
        match self {
            Outcome::Answered => "answered",
            Outcome::NotFound => "not_found",
            Outcome::SuggestionOnly => "suggestion_only",
            Outcome::Usage => "usage",
        }
    }
}

impl Answer {
    /// The answer's [`Outcome`], read off its kind.
    pub fn outcome(&self) -> Outcome {
        match self.kind {
            AnswerKind::NotFound => Outcome::NotFound,
            AnswerKind::Suggestions => Outcome::SuggestionOnly,
            AnswerKind::Usage => Outcome::Usage,
            AnswerKind::Article
            | AnswerKind::Statements
            | AnswerKind::Timeline
            | AnswerKind::Person
            | AnswerKind::Definition
            | AnswerKind::Search
            | AnswerKind::Check
            | AnswerKind::Sources
            | AnswerKind::Help => Outcome::Answered,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_maps_to_one_outcome() {
        let outcome = |kind| Answer::new(kind, "t").outcome();
        assert_eq!(outcome(AnswerKind::Article), Outcome::Answered);
        assert_eq!(outcome(AnswerKind::Help), Outcome::Answered);
        assert_eq!(outcome(AnswerKind::NotFound), Outcome::NotFound);
        assert_eq!(outcome(AnswerKind::Suggestions), Outcome::SuggestionOnly);
        assert_eq!(outcome(AnswerKind::Usage), Outcome::Usage);
    }

    #[test]
    fn names_are_distinct_snake_case() {
        let names: Vec<&str> = Outcome::ALL.iter().map(|o| o.name()).collect();
        assert_eq!(names, ["answered", "not_found", "suggestion_only", "usage"]);
    }
}
