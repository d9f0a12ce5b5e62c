//! The messages benchmarks, examples and the load test send: every example of every command
//! in the engine's registry, so that a new command is measured as soon as it is declared,
//! and the ways people get commands wrong.

use factbot_engine::COMMANDS;

/// Mistakes people make: a typo'd name, a misspelt command, a command that does not exist.
pub const MISTAKES: [&str; 3] = ["who-said blinkin", "timline 2014", "frobnicate now"];

/// `prefix` + every example of every registered command (the bare command when it has none),
/// then [`MISTAKES`].
pub fn command_messages(prefix: &str) -> Vec<String> {
    let mut messages = Vec::new();
    for spec in COMMANDS {
        if spec.examples.is_empty() {
            messages.push(format!("{prefix}{}", spec.name));
        }
        for example in spec.examples {
            messages.push(
                format!("{prefix}{} {example}", spec.name)
                    .trim_end()
                    .to_string(),
            );
        }
    }
    messages.extend(MISTAKES.iter().map(|m| format!("{prefix}{m}")));
    messages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_is_sent() {
        let messages = command_messages("!");
        for spec in COMMANDS {
            let bare = format!("!{}", spec.name);
            assert!(
                messages
                    .iter()
                    .any(|m| m == &bare || m.starts_with(&format!("{bare} "))),
                "{}",
                spec.name
            );
        }
        assert!(messages.contains(&"!frobnicate now".to_string()));
        assert!(messages.contains(&"!sources".to_string()));
    }
}
