//! The terminal front end: an interactive chat (`console`) and one-shot `ask`.

use std::io::{BufRead, Write};

use factbot_render::text::render;

use crate::engine::{Engine, Syntax};

/// Answers one message as the console would, writing commands after `prefix`; a message
/// without the prefix is taken as a command anyway, so `article 4` and `!article 4` both
/// work here.
pub fn reply(engine: &Engine, prefix: &str, message: &str) -> String {
    let answer = engine
        .respond(prefix, message)
        .or_else(|| engine.run_line(message))
        .unwrap_or_else(|| engine.run("help", ""));
    render(&answer, Syntax::Prefix(prefix))
}

/// Runs the interactive chat until end of input or `quit`.
pub fn run(
    engine: &Engine,
    prefix: &str,
    input: impl BufRead,
    mut output: impl Write,
) -> std::io::Result<()> {
    writeln!(
        output,
        "factbot console: {} facts loaded. Type {prefix}help for commands, {prefix}quit or Ctrl-D to leave.",
        engine.knowledge().fact_count(),
    )?;
    let prompt = |out: &mut dyn Write| -> std::io::Result<()> {
        write!(out, "> ")?;
        out.flush()
    };
    prompt(&mut output)?;
    for line in input.lines() {
        let line = line?;
        let trimmed = line.trim();
        let bare = trimmed.strip_prefix(prefix).unwrap_or(trimmed);
        if bare.eq_ignore_ascii_case("quit") || bare.eq_ignore_ascii_case("exit") {
            break;
        }
        if !trimmed.is_empty() {
            writeln!(output, "{}", reply(engine, prefix, &line))?;
        }
        prompt(&mut output)?;
    }
    writeln!(output)?;
    Ok(())
}
