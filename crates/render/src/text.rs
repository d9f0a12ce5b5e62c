//! Renders an [`Answer`] as plain terminal text.

use factbot_engine::{Answer, Syntax};

/// The answer as plain text, one fact per block: the source's passages first, then the
/// labels and the document they come from, writing command
/// references in `syntax`.
pub fn render(answer: &Answer, syntax: Syntax<'_>) -> String {
    let mut out = String::new();
    let title = answer.title.write(syntax);
    out.push_str(&title);
    out.push('\n');
    out.push_str(&"=".repeat(title.chars().count().min(72)));
    out.push('\n');
    if let Some(notice) = &answer.notice {
        out.push_str(&format!("({notice})\n"));
    }
    if let Some(summary) = &answer.summary {
        out.push_str(&summary.write(syntax));
        out.push('\n');
    }
    for item in &answer.items {
        out.push('\n');
        match item.score {
            Some(score) => out.push_str(&format!(
                "* {} [relatedness {:.0}%]\n",
                item.heading.write(syntax),
                score * 100.0
            )),
            None => out.push_str(&format!("* {}\n", item.heading.write(syntax))),
        }
        // The source's words first: they are the content; the rest labels them.
        if let Some(c) = &item.citation {
            for passage in &c.passages {
                out.push_str(&format!("  “{passage}”\n"));
            }
        }
        if !item.body.is_empty() {
            for line in item.body.write(syntax).lines() {
                out.push_str(&format!("  {line}\n"));
            }
        }
        if let Some(c) = &item.citation {
            out.push_str(&format!("  — {}\n", c.source_title));
        }
    }
    if !answer.suggestions.is_empty() {
        out.push_str(&format!(
            "\nDid you mean: {}?\n",
            answer
                .suggestions
                .iter()
                .map(|s| s.write(syntax))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    out
}
