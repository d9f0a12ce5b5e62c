//! The terminal front end: an interactive chat (`console`) and one-shot `ask`.

use std::io::{BufRead, Write};

use factbot_render::text::render;

use crate::engine::{Answer, Engine, Syntax};

/// Answers one message as the console would, writing commands after `prefix`; a message
/// without the prefix is taken as a command anyway, so `article 4` and `!article 4` both
/// work here.
pub fn reply(engine: &Engine, prefix: &str, message: &str) -> String {
    render(&answer(engine, prefix, message), Syntax::Prefix(prefix))
}

/// The answer to one message (see [`reply`]).
fn answer(engine: &Engine, prefix: &str, message: &str) -> Answer {
    engine
        .respond(prefix, message)
        .or_else(|| engine.run_line(message))
        .unwrap_or_else(|| engine.run("help", ""))
}

/// `context N`: the paragraph that item N of the last answer stands in, the passage marked
/// ⟦like this⟧, with the document's title and dating.
pub fn context(engine: &Engine, last: Option<&Answer>, args: &str) -> String {
    let Some(last) = last else {
        return "No answer yet: ask something first, then `context N` for its item N.".into();
    };
    let cited: Vec<_> = last
        .items
        .iter()
        .filter_map(|i| i.citation.as_ref())
        .collect();
    let n = match args.trim().parse::<usize>() {
        Ok(n) if (1..=cited.len()).contains(&n) => n,
        _ if cited.is_empty() => return "The last answer cites no passage.".into(),
        _ => return format!("Give the number of a cited item: 1 to {}.", cited.len()),
    };
    let citation = cited[n - 1];
    let mut out = String::new();
    for k in 0..citation.passages.len() {
        let Some(ctx) = engine.context(citation, k) else {
            continue;
        };
        let (before, passage, after) = ctx.parts();
        out.push_str(&format!(
            "Context of item {n}, from “{}” ({}):\n\n{before}⟦{passage}⟧{after}\n",
            ctx.source_title, ctx.source_dating
        ));
    }
    if out.is_empty() {
        out = "That passage is not in its source (it cannot be shown in context).".into();
    }
    out
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
        "factbot console: {} facts loaded. Type {prefix}help for commands, {prefix}context N for the paragraph of item N, {prefix}quit or Ctrl-D to leave.",
        engine.knowledge().fact_count(),
    )?;
    let prompt = |out: &mut dyn Write| -> std::io::Result<()> {
        write!(out, "> ")?;
        out.flush()
    };
    prompt(&mut output)?;
    let mut last: Option<Answer> = None;
    for line in input.lines() {
        let line = line?;
        let trimmed = line.trim();
        let bare = trimmed.strip_prefix(prefix).unwrap_or(trimmed);
        if bare.eq_ignore_ascii_case("quit") || bare.eq_ignore_ascii_case("exit") {
            break;
        }
        let lower = bare.to_ascii_lowercase();
        if let Some(args) = lower
            .strip_prefix("context")
            .filter(|a| a.is_empty() || a.starts_with(' '))
        {
            writeln!(output, "{}", context(engine, last.as_ref(), args))?;
        } else if !trimmed.is_empty() {
            let a = answer(engine, prefix, &line);
            writeln!(output, "{}", render(&a, Syntax::Prefix(prefix)))?;
            last = Some(a);
        }
        prompt(&mut output)?;
    }
    writeln!(output)?;
    Ok(())
}
