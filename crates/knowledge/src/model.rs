//! The typed fact base: one struct per kind of entry, exactly as the TOML files hold them.
//!
//! Each type deserializes from its TOML entry and serializes back to one the loader reads
//! (dates in their ISO form, absent options left out).

use serde::{Deserialize, Serialize};

use super::date::DateSpec;
use super::packed::{Text, TextList};

/// A source document every fact is drawn from (`knowledge/sources.toml`, `[[source]]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Stable id, referenced by every fact's `source`.
    pub id: Text,
    /// The document's title.
    pub title: Text,
    /// Author or publisher, as the document (or its publication) names them.
    pub author: Text,
    /// Publication date, as precise as the text (or its publication) gives it; `None` for
    /// an undated text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<DateSpec>,
    /// How the text is dated, in words shown to users ("early January 2022, before the
    /// 10–13 January talks"; "undated: …").
    pub published_note: Text,
    /// Path of the text file, relative to the knowledge directory.
    pub file: Text,
    /// A short name for citations ("Jafarli, Jan 2022").
    pub short: Text,
    /// Page furniture in the text file that is not the document's content (links to other
    /// articles, bare URLs), each verbatim: left out when the text is searched.
    #[serde(default, skip_serializing_if = "TextList::is_empty")]
    pub noise: TextList,
}

/// What kind of speaker or actor a [`Person`] entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum ActorKind {
    /// A named individual.
    #[default]
    Person,
    /// A government, institution or collective ("Moscow", "Russian diplomats").
    Group,
    /// A document that speaks (a strategy, a preamble, written responses).
    Document,
    /// The author of one of the source documents.
    Author,
}

/// A person, group or document that speaks or is named (`people.toml`, `[[person]]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Unique id, referenced by statements and events.
    pub id: Text,
    /// Canonical name (correct spelling).
    pub name: Text,
    /// Person, group, document or author.
    #[serde(default)]
    pub kind: ActorKind,
    /// Other names users may type: surname, the texts' misspellings, roles, other scripts.
    #[serde(default)]
    pub aliases: TextList,
    /// The role as the excerpts give it (a label; checked against them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Text>,
    /// The id of the source document it is drawn from.
    pub source: Text,
    /// The verbatim passages of that source it stands on, each in full sentences.
    pub excerpts: TextList,
}

/// What kind of speech a statement is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum StatementKind {
    /// Words inside quotation marks in the source; `text` must appear in the excerpt.
    Direct,
    /// A statement, demand, belief or announcement the source's author reports someone made.
    Reported,
    /// The author's own argument (the speaker is the author of the source).
    Argument,
}

/// Something someone said, declared, warned or argued (`statements.toml`, `[[statement]]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Unique id.
    pub id: Text,
    /// A short label of what the passage is about, in the passage's own words.
    pub heading: Text,
    /// Ids of the people (or groups, documents) the source gives the statement to; several
    /// when it gives the words to them jointly.
    pub speakers: TextList,
    /// For `direct`, the quoted words verbatim (required); otherwise an optional paraphrase,
    /// checked against the excerpts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// Quoted, reported or the author's own argument.
    pub kind: StatementKind,
    /// When it was said, where the excerpts state it (or `date_basis` explains it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<DateSpec>,
    /// What a date the excerpts do not state outright rests on, quoting their words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<Text>,
    /// Other people the statement is about.
    #[serde(default, skip_serializing_if = "TextList::is_empty")]
    pub mentions: TextList,
    /// The id of the source document it is drawn from.
    pub source: Text,
    /// The verbatim passages of that source it stands on, each in full sentences.
    pub excerpts: TextList,
}

/// Which of the two Russian drafts an article belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Draft {
    /// Treaty between the US and the Russian Federation on security guarantees.
    Us,
    /// Agreement on Measures to Ensure the Security of the Russian Federation and Member States of NATO.
    Nato,
}

impl Draft {
    /// Every draft, in display order.
    pub const ALL: [Draft; 2] = [Draft::Us, Draft::Nato];

    /// This draft's position in [`Draft::ALL`].
    pub fn index(self) -> usize {
        match self {
            Draft::Us => 0,
            Draft::Nato => 1,
        }
    }

    /// The draft's full title.
    pub fn title(self) -> &'static str {
        match self {
            Draft::Us => "Treaty between the US and the Russian Federation on security guarantees",
            Draft::Nato => "Agreement on Measures to Ensure the Security of the Russian Federation and Member States of NATO",
        }
    }

    /// A short label ("US draft").
    pub fn label(self) -> &'static str {
        match self {
            Draft::Us => "US draft",
            Draft::Nato => "NATO draft",
        }
    }

    /// The keyword users type for it.
    pub fn keyword(self) -> &'static str {
        match self {
            Draft::Us => "us",
            Draft::Nato => "nato",
        }
    }
}

/// Whether an article's content is quoted or described.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleKind {
    /// The source quotes the article's words; `text` must appear in the excerpt.
    Direct,
    /// The source describes the article in its own words.
    Paraphrase,
}

/// What a source says of one article of a draft (`articles.toml`, `[[article]]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Unique id.
    pub id: Text,
    /// The draft the article belongs to.
    pub draft: Draft,
    /// The article's number; absent for what the source says of the draft as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// For `direct`, the quoted words verbatim (required); for `paraphrase`, an optional
    /// summary checked against the excerpts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Text>,
    /// Quoted or described.
    pub kind: ArticleKind,
    /// The id of the source document it is drawn from.
    pub source: Text,
    /// The verbatim passages of that source it stands on, each in full sentences.
    pub excerpts: TextList,
}

/// A dated event (`events.toml`, `[[event]]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Unique id.
    pub id: Text,
    /// `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a range `A/B` of those.
    pub date: DateSpec,
    /// What a date the excerpts do not state outright rests on, quoting their words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_basis: Option<Text>,
    /// A short title, in the passage's words.
    pub title: Text,
    /// What happened, as the excerpts tell it (optional; checked against them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Text>,
    /// People (or groups) the event involves.
    #[serde(default)]
    pub people: TextList,
    /// The id of the source document it is drawn from.
    pub source: Text,
    /// The verbatim passages of that source it stands on, each in full sentences.
    pub excerpts: TextList,
}

/// A glossary entry (`terms.toml`, `[[term]]`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// Unique id.
    pub id: Text,
    /// The term as the documents write it.
    pub term: Text,
    /// Other names users may type for it.
    #[serde(default)]
    pub aliases: TextList,
    /// Explained only from what the excerpts say (optional; checked against them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<Text>,
    /// The id of the source document it is drawn from.
    pub source: Text,
    /// The verbatim passages of that source it stands on, each in full sentences.
    pub excerpts: TextList,
}

/// Words users type for the documents' own wording (`expansions.toml`, `[[expansion]]`): a
/// query holding one of `also` is searched as if it said `means` ("nukes" → "nuclear
/// weapons", "НАТО" → "NATO"). One-word forms of one word ("Russian" → "Russia") join the two
/// wherever text is indexed, too.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Expansion {
    /// Unique id.
    pub id: Text,
    /// The sources' own wording; it must occur in a source.
    pub means: Text,
    /// What users type for it.
    pub also: TextList,
}
