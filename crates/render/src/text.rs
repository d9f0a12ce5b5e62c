//! Renders an [`Answer`] as plain terminal text.

use factbot_engine::Answer;

/// The answer as plain text, one fact per block, each with its citation.
pub fn render(answer: &Answer) -> String {
    let mut out = String::new();
    out.push_str(&answer.title);
    out.push('\n');
    out.push_str(&"=".repeat(answer.title.chars().count().min(72)));
    out.push('\n');
    if let Some(notice) = &answer.notice {
        out.push_str(&format!("({notice})\n"));
    }
    if let Some(summary) = &answer.summary {
        out.push_str(summary);
        out.push('\n');
    }
    for item in &answer.items {
        out.push('\n');
        match item.score {
            Some(score) => out.push_str(&format!(
                "* {} [relatedness {:.0}%]\n",
                item.heading,
                score * 100.0
            )),
            None => out.push_str(&format!("* {}\n", item.heading)),
        }
        if !item.body.is_empty() {
            for line in item.body.lines() {
                out.push_str(&format!("  {line}\n"));
            }
        }
        if let Some(c) = &item.citation {
            out.push_str(&format!(
                "  Source: {} — \"{}\"\n",
                c.source_title, c.excerpt
            ));
        }
    }
    if !answer.suggestions.is_empty() {
        out.push_str(&format!(
            "\nDid you mean: {}?\n",
            answer.suggestions.join(", ")
        ));
    }
    out
}
