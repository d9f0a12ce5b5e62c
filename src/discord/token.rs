//! The bot token: trimmed and checked once, never shown.

use std::fmt;

/// A bot token: not blank, without surrounding white space. Its `Debug` form hides it, so a
/// token can sit in a struct that gets logged.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// The token in `raw` (as read from `DISCORD_TOKEN`), or `None` if it is blank.
    pub fn new(raw: &str) -> Option<Token> {
        let token = raw.trim();
        (!token.is_empty()).then(|| Token(token.to_string()))
    }

    /// The token, for the HTTP client only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(hidden)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_tokens_are_refused_and_tokens_are_never_shown() {
        assert_eq!(Token::new("  \n"), None);
        let t = Token::new("  abc.def.ghi\n").unwrap();
        assert_eq!(t.expose(), "abc.def.ghi");
        let shown = format!("{t:?} {:?}", Some(&t));
        assert!(!shown.contains("abc"), "{shown}");
    }
}
