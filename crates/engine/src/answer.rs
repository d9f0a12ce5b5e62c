//! The structured reply every command produces; front ends only render it.

use crate::chart::TimelineChart;
use crate::cmd::CommandSpec;

/// Facts one answer lists at most. A listing with more says how many it left out and how to
/// narrow the query: past a few pages nobody reads on, and building thousands of items for a
/// chat reply costs more than the lookup itself.
pub const MAX_ITEMS: usize = 50;

/// What an answer is about; front ends pick colours and icons from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AnswerKind {
    /// Draft treaty articles.
    Article,
    /// Statements by or matching someone.
    Statements,
    /// Dated events.
    Timeline,
    /// Who a person is.
    Person,
    /// Glossary entries.
    Definition,
    /// Ranked hits across all kinds.
    Search,
    /// Passages related to a claim.
    Check,
    /// The source documents.
    Sources,
    /// Command help.
    Help,
    /// Only suggestions: the query matched weakly ("did you mean").
    Suggestions,
    /// The fact base has nothing on the query.
    NotFound,
    /// The command was used wrongly or is unknown.
    Usage,
}

/// Where an item's fact comes from: the document and the verbatim passages, which front
/// ends show first, as the item's content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// The source document's id.
    pub source_id: String,
    /// The document's full title.
    pub source_title: String,
    /// A short name for the document ("Jafarli, January 2022").
    pub source_short: String,
    /// The verbatim passages, in full sentences (markup removed, white space folded).
    pub passages: Vec<String>,
}

/// One fact (or one line of help) in an answer. A fact's content is its citation's
/// passages, shown first; `heading` and `body` are the fact base's labels around them.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// A short label ("Article 4 of the US draft — quoted", a statement's heading).
    pub heading: Text,
    /// Labels shown after the passages (who speaks and how, the date as the text gives it,
    /// the fact base's own summary marked as such); for help lines, the text itself.
    pub body: Text,
    /// The source it stands on; `None` only for help and usage lines.
    pub citation: Option<Citation>,
    /// Relatedness in 0..=1 where the command ranks (search, check).
    pub score: Option<f32>,
}

/// A command's complete reply, independent of how it is shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// What the answer is about (front ends pick colours and icons from it).
    pub kind: AnswerKind,
    /// One line saying what this is ("Article 4", "Statements by Antony Blinken").
    pub title: Text,
    /// What a fuzzy hit matched ("Showing results for Antony Blinken (matched “Blinken”).").
    pub notice: Option<String>,
    /// A paragraph before the items (explanations, "the fact base has nothing on …").
    pub summary: Option<Text>,
    /// The facts, best first.
    pub items: Vec<Item>,
    /// "Did you mean" candidates, deduplicated by what they point to.
    pub suggestions: Vec<Text>,
    /// The listed events on a time axis, for front ends that draw it (timeline answers).
    pub timeline: Option<TimelineChart>,
}

impl Answer {
    /// An answer of the given kind and title with nothing else yet.
    pub fn new(kind: AnswerKind, title: impl Into<Text>) -> Answer {
        Answer {
            kind,
            title: title.into(),
            notice: None,
            summary: None,
            items: Vec::new(),
            suggestions: Vec::new(),
            timeline: None,
        }
    }

    /// Sets the summary paragraph.
    pub fn with_summary(mut self, summary: impl Into<Text>) -> Answer {
        self.summary = Some(summary.into());
        self
    }

    /// Sets the fuzzy-match notice.
    pub fn with_notice(mut self, notice: impl Into<String>) -> Answer {
        self.notice = Some(notice.into());
        self
    }

    /// Whether the answer presents facts (as opposed to help, suggestions or "nothing").
    pub fn has_facts(&self) -> bool {
        self.items.iter().any(|i| i.citation.is_some())
    }
}

/// Answer text that may refer to commands. The engine does not know how the user reached
/// it: each front end [writes](Text::write) the references in its own [`Syntax`]
/// (`!who-said Blinken` for prefix commands, `/who-said who:Blinken` for slash commands).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    spans: Vec<Span>,
}

/// A piece of [`Text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    /// Words shown as they are.
    Plain(String),
    /// The prefix of text commands (`!`), in any syntax: aliases and "type a command after
    /// the prefix" only exist as text commands.
    Prefix,
    /// A command with argument values.
    Command(CommandRef),
    /// A command's synopsis (`!article N [us|nato]`, `/article number:N [draft:us|nato]`).
    Synopsis(&'static CommandSpec),
    /// A command's examples, `·`-separated: those a user of the syntax can type.
    Examples(&'static CommandSpec),
}

/// A command with its argument values, one per option of its spec, in order; an empty
/// value is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandRef {
    /// The command.
    pub spec: &'static CommandSpec,
    /// Values for the spec's options, in order (fewer is fine).
    pub args: Vec<String>,
}

/// How a front end writes command references.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax<'a> {
    /// Text commands after this prefix: `!who-said Blinken`.
    Prefix(&'a str),
    /// Slash commands (`/who-said who:Blinken`); aliases still go after the text prefix.
    Slash {
        /// The text-command prefix, for aliases.
        prefix: &'a str,
    },
}

impl Syntax<'_> {
    fn prefix(&self) -> &str {
        match self {
            Syntax::Prefix(p) | Syntax::Slash { prefix: p } => p,
        }
    }
}

impl CommandRef {
    /// A reference to `spec` without arguments.
    pub fn bare(spec: &'static CommandSpec) -> CommandRef {
        CommandRef {
            spec,
            args: Vec::new(),
        }
    }

    /// A reference to `spec` with argument text as a text command takes it: each option but
    /// the last takes one word, the last takes the rest.
    pub fn with_text(spec: &'static CommandSpec, text: &str) -> CommandRef {
        let mut args = Vec::new();
        let mut rest = text.trim();
        for k in 0..spec.options.len() {
            if rest.is_empty() {
                break;
            }
            if k + 1 == spec.options.len() {
                args.push(rest.to_string());
                break;
            }
            let (word, tail) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
            args.push(word.to_string());
            rest = tail.trim_start();
        }
        CommandRef { spec, args }
    }

    /// Whether every value fits its option's kind, so a slash user could type it.
    pub fn fits_options(&self) -> bool {
        self.args.len() <= self.spec.options.len()
            && self
                .args
                .iter()
                .zip(self.spec.options)
                .all(|(value, option)| value.is_empty() || option.kind.accepts(value))
    }

    /// The reference written in `syntax`.
    pub fn write(&self, syntax: Syntax<'_>, out: &mut String) {
        match syntax {
            Syntax::Prefix(p) => {
                out.push_str(p);
                out.push_str(self.spec.name);
                for value in self.args.iter().filter(|v| !v.is_empty()) {
                    out.push(' ');
                    out.push_str(value);
                }
            }
            Syntax::Slash { .. } => {
                out.push('/');
                out.push_str(self.spec.name);
                for (value, option) in self.args.iter().zip(self.spec.options) {
                    if !value.is_empty() {
                        out.push(' ');
                        out.push_str(option.name);
                        out.push(':');
                        out.push_str(value);
                    }
                }
            }
        }
    }
}

impl Text {
    /// Empty text.
    pub fn new() -> Text {
        Text::default()
    }

    /// Text of one span.
    pub fn span(span: Span) -> Text {
        Text { spans: vec![span] }
    }

    /// The spans, in order.
    pub fn spans(&self) -> &[Span] {
        &self.spans
    }

    /// Whether nothing would be written.
    pub fn is_empty(&self) -> bool {
        self.spans
            .iter()
            .all(|s| matches!(s, Span::Plain(p) if p.is_empty()))
    }

    /// Appends words.
    pub fn push_str(&mut self, text: &str) -> &mut Text {
        if let Some(Span::Plain(last)) = self.spans.last_mut() {
            last.push_str(text);
        } else if !text.is_empty() {
            self.spans.push(Span::Plain(text.to_string()));
        }
        self
    }

    /// Appends a span.
    pub fn push(&mut self, span: Span) -> &mut Text {
        match span {
            Span::Plain(p) => {
                self.push_str(&p);
            }
            other => self.spans.push(other),
        }
        self
    }

    /// Appends a command reference.
    pub fn command(&mut self, command: CommandRef) -> &mut Text {
        self.push(Span::Command(command))
    }

    /// Appends another text.
    pub fn append(&mut self, other: Text) -> &mut Text {
        for span in other.spans {
            self.push(span);
        }
        self
    }

    /// The text as a front end shows it.
    pub fn write(&self, syntax: Syntax<'_>) -> String {
        let mut out = String::new();
        for span in &self.spans {
            match span {
                Span::Plain(p) => out.push_str(p),
                Span::Prefix => out.push_str(syntax.prefix()),
                Span::Command(c) => c.write(syntax, &mut out),
                Span::Synopsis(spec) => spec.write_synopsis(syntax, &mut out),
                Span::Examples(spec) => {
                    for (k, example) in spec.examples_in(syntax).iter().enumerate() {
                        if k > 0 {
                            out.push_str(" · ");
                        }
                        example.write(syntax, &mut out);
                    }
                }
            }
        }
        out
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        let mut t = Text::new();
        t.push_str(&s);
        t
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        let mut t = Text::new();
        t.push_str(s);
        t
    }
}

impl From<CommandRef> for Text {
    fn from(c: CommandRef) -> Text {
        Text::span(Span::Command(c))
    }
}
