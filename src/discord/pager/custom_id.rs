//! Button custom ids: `factbot:<action>:<key>`, the key finding the reply's state in the
//! [`ButtonRegistry`](super::ButtonRegistry).

/// Prefix of every button custom id of factbot.
pub const BUTTON_PREFIX: &str = "factbot";

/// A button action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Previous page.
    Previous,
    /// Next page.
    Next,
    /// Delete the reply.
    Delete,
    /// Show the paragraphs of the passages the page cites (an ephemeral reply).
    Context,
    /// Post a private answer publicly.
    Share,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Previous => "prev",
            Action::Next => "next",
            Action::Delete => "delete",
            Action::Context => "ctx",
            Action::Share => "share",
        }
    }
}

/// The custom id of a button.
pub fn encode(action: Action, key: u64) -> String {
    format!("{BUTTON_PREFIX}:{}:{key}", action.name())
}

/// Parses a custom id made by [`encode`]; `None` for anyone else's.
pub fn parse(id: &str) -> Option<(Action, u64)> {
    let mut parts = id.split(':');
    if parts.next()? != BUTTON_PREFIX {
        return None;
    }
    let action = match parts.next()? {
        "prev" => Action::Previous,
        "next" => Action::Next,
        "delete" => Action::Delete,
        "ctx" => Action::Context,
        "share" => Action::Share,
        _ => return None,
    };
    let key = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some((action, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_ids_round_trip() {
        for action in [
            Action::Previous,
            Action::Next,
            Action::Delete,
            Action::Context,
            Action::Share,
        ] {
            let id = encode(action, 42);
            assert!(id.len() <= 100);
            assert_eq!(parse(&id), Some((action, 42)));
        }
        assert_eq!(
            parse(&encode(Action::Next, u64::MAX)),
            Some((Action::Next, u64::MAX))
        );
        assert_eq!(parse("other:next:1"), None);
        assert_eq!(parse("factbot:next:x"), None);
        assert_eq!(parse("factbot:next:1:2"), None);
        assert_eq!(parse("factbot:jump:1"), None);
    }
}
