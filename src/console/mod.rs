//! The terminal front end: an interactive chat (`console`) and one-shot `ask`.

pub use factbot_render::text::render;

use std::io::{BufRead, Write};

use crate::engine::Engine;

/// Answers one message as the console would; a message without the prefix is taken
/// as a command anyway, so `article 4` and `!article 4` both work here.
pub fn reply(engine: &Engine, message: &str) -> String {
    let answer = match engine.respond(message) {
        Some(answer) => answer,
        None => engine
            .respond(&format!("{}{}", engine.prefix(), message.trim_start()))
            .unwrap_or_else(|| engine.run("help", "")),
    };
    render(&answer)
}

/// Runs the interactive chat until end of input or `quit`.
pub fn run(engine: &Engine, input: impl BufRead, mut output: impl Write) -> std::io::Result<()> {
    writeln!(
        output,
        "factbot console: {} facts loaded. Type {p}help for commands, {p}quit or Ctrl-D to leave.",
        engine.knowledge().fact_count(),
        p = engine.prefix()
    )?;
    let prompt = |out: &mut dyn Write| -> std::io::Result<()> {
        write!(out, "> ")?;
        out.flush()
    };
    prompt(&mut output)?;
    for line in input.lines() {
        let line = line?;
        let trimmed = line.trim();
        let bare = trimmed.strip_prefix(engine.prefix()).unwrap_or(trimmed);
        if bare.eq_ignore_ascii_case("quit") || bare.eq_ignore_ascii_case("exit") {
            break;
        }
        if !trimmed.is_empty() {
            writeln!(output, "{}", reply(engine, &line))?;
        }
        prompt(&mut output)?;
    }
    writeln!(output)?;
    Ok(())
}
