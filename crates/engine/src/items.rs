//! Turning facts into answer items, each with its citation.

use super::cmd::{Cmd, WhoSaid};
use super::index::words::{FactRef, Hit, RankQuery, Ranking};
use super::{Citation, CommandRef, Engine, Item, Text};
use factbot_knowledge::{ActorKind, ArticleKind, DateSpec, StatementKind, Text as KText};

/// A name as it reads inside a sentence: "the unsigned article …" rather than "The …".
fn mid_sentence(name: &str) -> String {
    match name.strip_prefix("The ") {
        Some(rest) => format!("the {rest}"),
        None => name.to_string(),
    }
}

/// Text with its first letter in capitals.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How the fact base marks text its editors wrote, so that no one reads it as the source's.
pub const EDITORS: &str = "In the fact base's words";

impl Engine {
    /// The citation for passages of a source.
    pub(crate) fn cite(&self, source: &str, passages: &[KText]) -> Citation {
        let (title, short) = match self.kb.source(source) {
            Some(s) => (s.title.to_string(), s.short.to_string()),
            None => (source.to_string(), source.to_string()),
        };
        Citation {
            source_id: source.to_string(),
            source_title: title,
            source_short: short,
            passages: passages.iter().map(|p| p.to_string()).collect(),
        }
    }

    /// The display name of a person id ("Antony Blinken").
    pub(crate) fn person_name(&self, id: &str) -> String {
        self.kb
            .person(id)
            .map_or_else(|| id.to_string(), |p| p.name.to_string())
    }

    /// The name of a source's author entry ("Shahin Jafarli"), or the source's short name.
    pub(crate) fn author_name(&self, source: &str) -> String {
        self.kb
            .people()
            .iter()
            .find(|p| p.kind == ActorKind::Author && p.source == source)
            .map(|p| mid_sentence(&p.name))
            .or_else(|| self.kb.source(source).map(|s| s.short.to_string()))
            .unwrap_or_else(|| source.to_string())
    }

    /// "A", "A and B", "A, B and C".
    pub(crate) fn join_names(names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} and {last}", init.join(", ")),
        }
    }

    /// Who speaks and how, as a label: "Quotation of Antony Blinken", "Attributed jointly
    /// to A, B and C (a quotation)", "Reported by Shahin Jafarli: a statement of Russia",
    /// "Shahin Jafarli's own argument, about Vladimir Putin".
    pub(crate) fn speech_label(&self, i: usize) -> String {
        let s = &self.kb.statements()[i];
        let speakers: Vec<String> = s
            .speakers
            .iter()
            .map(|id| mid_sentence(&self.person_name(id)))
            .collect();
        let who = Self::join_names(&speakers);
        let author = self.author_name(&s.source);
        let mut label = match (s.kind, speakers.len()) {
            (StatementKind::Direct, 1) => {
                format!("Quotation: {who}'s words, as {author} quotes them")
            }
            (StatementKind::Direct, _) => {
                format!("Quotation attributed jointly to {who}, as {author} quotes it")
            }
            (StatementKind::Reported, 1) => {
                format!("{who}, as {author} reports it (not a quotation)")
            }
            (StatementKind::Reported, _) => {
                format!("Attributed jointly to {who}, as {author} reports it (not a quotation)")
            }
            (StatementKind::Argument, _) => format!("The author's own argument: {author}"),
        };
        if !s.mentions.is_empty() {
            let about: Vec<String> = s
                .mentions
                .iter()
                .map(|id| mid_sentence(&self.person_name(id)))
                .collect();
            label.push_str(&format!("; about {}", Self::join_names(&about)));
        }
        capitalised(&label)
    }

    /// The date as the text gives it, with what it rests on when the passage does not state it.
    fn date_label(date: &DateSpec, basis: Option<&KText>) -> String {
        match basis {
            Some(basis) => format!("Date: {date} ({basis})"),
            None => format!("Date: {date}"),
        }
    }

    /// The fact base's own summary, marked as such.
    fn editors_note(text: &str) -> String {
        format!("{EDITORS}: {text}")
    }

    /// A statement as an item: its passages, then who speaks and how, and when.
    pub(crate) fn statement_item(&self, i: usize) -> Item {
        let s = &self.kb.statements()[i];
        let mut body = vec![self.speech_label(i)];
        if let Some(date) = &s.date {
            body.push(Self::date_label(date, s.date_basis.as_ref()));
        }
        // A quotation's words are in the passage, in its quotation marks.
        if let (Some(text), false) = (&s.text, s.kind == StatementKind::Direct) {
            body.push(Self::editors_note(text));
        }
        self.cited_item(s.heading.to_string(), &body, &s.source, &s.excerpts)
    }

    /// A fact's item: its labels (one line each) around the passages it cites.
    fn cited_item(
        &self,
        heading: String,
        labels: &[String],
        source: &str,
        excerpts: &[KText],
    ) -> Item {
        Item {
            heading: heading.into(),
            body: labels.join("\n").into(),
            citation: Some(self.cite(source, excerpts)),
            score: None,
        }
    }

    /// An article as an item.
    pub(crate) fn article_item(&self, i: usize) -> Item {
        let a = &self.kb.articles()[i];
        let which = match a.number {
            Some(n) => format!("Article {n} of the {}", a.draft.label()),
            None => format!("The {} as a whole", a.draft.label()),
        };
        let how = match a.kind {
            ArticleKind::Direct => "its text as the source quotes it",
            ArticleKind::Paraphrase => "as the source describes it, not quoted",
        };
        // A quoted article's words are in the passage, in its quotation marks.
        let body: Vec<String> = match (&a.text, a.kind) {
            (Some(text), ArticleKind::Paraphrase) => vec![Self::editors_note(text)],
            _ => Vec::new(),
        };
        self.cited_item(format!("{which} — {how}"), &body, &a.source, &a.excerpts)
    }

    /// An event as an item.
    pub(crate) fn event_item(&self, i: usize) -> Item {
        let e = &self.kb.events()[i];
        let mut body = Vec::new();
        if let Some(basis) = &e.date_basis {
            body.push(format!("Dated from: {basis}"));
        }
        if let Some(description) = &e.description {
            body.push(Self::editors_note(description));
        }
        let heading = format!("{} — {}", e.date, e.title);
        self.cited_item(heading, &body, &e.source, &e.excerpts)
    }

    /// A glossary term as an item.
    pub(crate) fn term_item(&self, i: usize) -> Item {
        let t = &self.kb.terms()[i];
        let mut body = Vec::new();
        if let Some(explanation) = &t.explanation {
            body.push(Self::editors_note(explanation));
        }
        if !t.aliases.is_empty() {
            body.push(format!("Also called: {}", t.aliases.join(", ")));
        }
        self.cited_item(t.term.to_string(), &body, &t.source, &t.excerpts)
    }

    /// A person (or group, document, author) as an item.
    pub(crate) fn person_item(&self, i: usize) -> Item {
        let p = &self.kb.people()[i];
        let kind = match p.kind {
            ActorKind::Person => "person",
            ActorKind::Group => "group or government",
            ActorKind::Document => "document",
            ActorKind::Author => "author of a source document",
        };
        let n = self.per_person.statements[i].len();
        let mut body = Text::default();
        if let Some(role) = &p.role {
            body.push_str(&format!("Role, as the passage gives it: {role}\n"));
        }
        if !p.aliases.is_empty() {
            body.push_str(&format!("Also written: {}\n", p.aliases.join(", ")));
        }
        match n {
            0 => body.push_str("No statements by them in the fact base."),
            1 => body.push_str("1 statement in the fact base: "),
            n => body.push_str(&format!("{n} statements in the fact base: ")),
        };
        if n > 0 {
            body.command(CommandRef::with_text(&WhoSaid::SPEC, &p.name));
        }
        Item {
            heading: format!("{} ({kind})", p.name).into(),
            body,
            citation: Some(self.cite(&p.source, &p.excerpts)),
            score: None,
        }
    }

    /// A ranked hit as an item, with its relatedness score.
    pub(crate) fn scored_item(&self, hit: &Hit) -> Item {
        let mut item = self.fact_item(hit.fact);
        item.score = Some(hit.score as f32);
        item
    }

    /// Any fact as an item.
    pub(crate) fn fact_item(&self, fact: FactRef) -> Item {
        match fact {
            FactRef::Person(i) => self.person_item(i),
            FactRef::Statement(i) => self.statement_item(i),
            FactRef::Article(i) => self.article_item(i),
            FactRef::Event(i) => self.event_item(i),
            FactRef::Term(i) => self.term_item(i),
            FactRef::Passage(i) => self.passage_item(i),
        }
    }

    /// A sentence of a source as an item: the author's own words, no curated fact's.
    pub(crate) fn passage_item(&self, i: usize) -> Item {
        let p = self.passages.list[i];
        let source = &self.kb.sources()[p.source];
        let author = self.author_name(&source.id);
        let heading = capitalised(&format!("{author} writes"));
        let passage = KText::from(self.passages.text(&self.kb, i));
        Item {
            heading: heading.into(),
            body: "The document's own words: a sentence no curated fact of the fact base shows."
                .into(),
            citation: Some(self.cite(&source.id, &[passage])),
            score: None,
        }
    }

    /// The documents related to a query: ranked, phrases verified, a curated fact before a
    /// passage of equal score.
    pub(crate) fn related(&self, query: &str, rank: &RankQuery) -> Ranking {
        let mut ranked = self.words.rank_top(query, rank);
        self.verify_phrases(query, &mut ranked.hits);
        Self::facts_first(&mut ranked.hits);
        ranked
    }

    /// The hits without those that only repeat a quotation another hit gives to its
    /// speaker: words inside quotation marks are credited through the quotation's own
    /// statement, not to whoever the source reports beside it ("Stoltenberg shared this
    /// views" after Blinken's quoted words).
    pub(crate) fn credit_quotations(&self, hits: &[Hit]) -> Vec<Hit> {
        let statements = self.kb.statements();
        let articles = self.kb.articles();
        let quotes: Vec<&str> = hits
            .iter()
            .filter_map(|h| match h.fact {
                FactRef::Statement(i) if statements[i].kind == StatementKind::Direct => {
                    statements[i].text.as_deref()
                }
                FactRef::Article(i) if articles[i].kind == ArticleKind::Direct => {
                    articles[i].text.as_deref()
                }
                _ => None,
            })
            .collect();
        hits.iter()
            .copied()
            .filter(|h| match h.fact {
                FactRef::Statement(i) if statements[i].kind != StatementKind::Direct => !quotes
                    .iter()
                    .any(|q| statements[i].excerpts.iter().any(|e| e.contains(q))),
                _ => true,
            })
            .collect()
    }

    /// The searchable text of a fact or passage.
    pub(crate) fn doc_text(&self, fact: FactRef) -> String {
        match fact {
            FactRef::Passage(i) => self.passages.text(&self.kb, i).to_string(),
            fact => super::index::words::fact_text(&self.kb, fact),
        }
    }

    /// Hits ranked as a phrase (score 1) keep it only when their text holds the query's
    /// words, all of them, in order and side by side (case, punctuation and contractions
    /// folded): "relatedness 100%" means the passage says it in those words. The others drop
    /// just below, and the hits are ordered again.
    pub(crate) fn verify_phrases(&self, query: &str, hits: &mut [Hit]) {
        use super::index::lexicon::expand_contractions;
        use super::index::normalize::normalize;
        let phrase = format!(" {} ", normalize(&expand_contractions(query)));
        if phrase.trim().is_empty() {
            return;
        }
        for hit in hits.iter_mut().filter(|h| h.score >= 1.0) {
            let text = format!(
                " {} ",
                normalize(&expand_contractions(&self.doc_text(hit.fact)))
            );
            if !text.contains(&phrase) {
                hit.score = 0.99;
            }
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.fact.cmp(&b.fact))
        });
    }

    /// Hits in order: best first, a curated fact before a passage of equal score.
    fn facts_first(hits: &mut [Hit]) {
        let passage = |h: &Hit| matches!(h.fact, FactRef::Passage(_));
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| passage(a).cmp(&passage(b)))
                .then_with(|| a.fact.cmp(&b.fact))
        });
    }

    /// A short label for a fact, for suggestions.
    pub(crate) fn fact_label(&self, fact: FactRef) -> String {
        match fact {
            FactRef::Person(i) => self.kb.people()[i].name.to_string(),
            FactRef::Statement(i) => {
                let s = &self.kb.statements()[i];
                format!(
                    "{}: {}",
                    self.person_name(&s.speakers[0]),
                    super::index::normalize::shorten(&s.heading, 60)
                )
            }
            FactRef::Article(i) => {
                let a = &self.kb.articles()[i];
                match a.number {
                    Some(n) => format!("article {n} ({})", a.draft.label()),
                    None => a.draft.label().to_string(),
                }
            }
            FactRef::Event(i) => {
                let e = &self.kb.events()[i];
                format!("{} ({})", e.title, e.date)
            }
            FactRef::Term(i) => self.kb.terms()[i].term.to_string(),
            FactRef::Passage(i) => {
                super::index::normalize::shorten(self.passages.text(&self.kb, i), 60)
            }
        }
    }

    /// Events in date order whose span overlaps `span`: those that start by its last day (a
    /// binary search) and end on its first day or later (past the point where the latest end so
    /// far reaches it, a second one), without a scan of the whole timeline.
    pub(crate) fn events_in(&self, span: &DateSpec) -> Vec<usize> {
        self.timeline.events_in(&self.kb, span)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::{AnswerKind, Engine, MAX_ITEMS};
    use factbot_knowledge::{Date, DateSpec};

    fn d(year: i32, month: Option<u8>) -> Date {
        Date {
            year,
            month,
            day: None,
        }
    }

    #[test]
    fn events_of_a_span_are_those_a_full_scan_finds() {
        let engine = Engine::new(Arc::new(factbot_testkit::synth::generate(6_000, 5)));
        let kb = engine.knowledge();
        let mut spans = Vec::new();
        for year in 1940..2030 {
            spans.push(DateSpec::year(year));
            spans.push(DateSpec {
                start: d(year, Some(3)),
                end: d(year, Some(3)),
            });
            spans.push(DateSpec {
                start: d(year, None),
                end: d(year + 4, None),
            });
        }
        for span in spans {
            let scan: Vec<usize> = engine
                .timeline
                .by_date
                .iter()
                .copied()
                .filter(|&i| kb.events()[i].date.overlaps(&span))
                .collect();
            assert_eq!(engine.events_in(&span), scan, "{span}");
        }
    }

    #[test]
    fn long_listings_show_the_first_items_and_say_how_many_are_left_out() {
        let engine = Engine::new(Arc::new(factbot_testkit::synth::generate(20_000, 6)));
        let kb = engine.knowledge();
        let year = kb.events()[0].date.start.year;
        let in_year = engine.events_in(&DateSpec::year(year)).len();
        assert!(
            in_year > MAX_ITEMS,
            "the generator spreads {in_year} events over {year}"
        );
        for (message, total) in [
            ("!timeline".to_string(), kb.events().len()),
            (format!("!timeline {year}"), in_year),
            ("!sources".to_string(), kb.sources().len()),
        ] {
            let answer = engine.respond("!", &message).expect("a command");
            assert_ne!(answer.kind, AnswerKind::NotFound, "{message}");
            assert_eq!(answer.items.len(), MAX_ITEMS, "{message}");
            let summary = answer
                .summary
                .unwrap_or_default()
                .write(crate::Syntax::Prefix("!"));
            assert!(
                summary.contains(&total.to_string())
                    && summary.contains(&format!("{} more are left out", total - MAX_ITEMS)),
                "{message}: {summary}"
            );
        }
        // The first items are the earliest events.
        let answer = engine.respond("!", "!timeline").expect("a command");
        let first = &kb.events()[engine.timeline.by_date[0]];
        assert!(answer.items[0]
            .heading
            .write(crate::Syntax::Prefix("!"))
            .contains(first.title.as_str()));
    }

    #[test]
    fn a_persons_events_are_found_through_the_index() {
        let engine = Engine::new(Arc::new(factbot_testkit::synth::generate(6_000, 7)));
        let kb = engine.knowledge();
        let (p, e) = kb
            .events()
            .iter()
            .enumerate()
            .find_map(|(i, e)| e.people.first().map(|id| (id.clone(), i)))
            .expect("some event involves someone");
        let person = kb.person(&p).expect("a known person");
        let answer = engine
            .respond("!", &format!("!timeline {}", person.name))
            .expect("a command");
        assert_eq!(answer.kind, AnswerKind::Timeline);
        let title = &kb.events()[e].title;
        assert!(
            answer.items.iter().any(|i| i
                .heading
                .write(crate::Syntax::Prefix("!"))
                .contains(title.as_str())),
            "{title} missing from {:?}",
            answer.items.iter().map(|i| &i.heading).collect::<Vec<_>>()
        );
    }
}
