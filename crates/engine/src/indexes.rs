//! The lookup tables an engine builds once over its fact base, besides the name and word
//! indexes in [`crate::index`]: facts by person, events in date order, articles by draft and
//! number, and facts per source. Each is built by its own function, so `Engine::new` reads as
//! the list of what an engine holds.

use std::collections::HashMap;

use factbot_knowledge::{Draft, FactKind, KnowledgeBase, StatementKind};

use crate::index::names::NameIndex;
use crate::COMMANDS;

/// The fuzzy name indexes: people, glossary terms, command names and event titles.
pub(crate) struct Names {
    /// People, groups, documents and authors, by name and alias.
    pub people: NameIndex<usize>,
    /// Glossary terms, by term and alias.
    pub terms: NameIndex<usize>,
    /// Commands, by name and alias, as positions in [`COMMANDS`].
    pub commands: NameIndex<usize>,
    /// Events, by title.
    pub events: NameIndex<usize>,
}

impl Names {
    pub fn build(kb: &KnowledgeBase) -> Names {
        let mut people = NameIndex::default();
        for (i, p) in kb.people().iter().enumerate() {
            people.insert(&p.name, i);
        }
        // Aliases after every canonical name, so that a canonical name always wins.
        for (i, p) in kb.people().iter().enumerate() {
            for a in &p.aliases {
                people.insert(a, i);
            }
        }
        let mut terms = NameIndex::default();
        for (i, t) in kb.terms().iter().enumerate() {
            terms.insert(&t.term, i);
        }
        for (i, t) in kb.terms().iter().enumerate() {
            for a in &t.aliases {
                terms.insert(a, i);
            }
        }
        let mut commands = NameIndex::default();
        for (i, s) in COMMANDS.iter().enumerate() {
            commands.insert(&s.name.replace('-', ""), i);
            for a in s.aliases {
                commands.insert(&a.replace(['-', '_'], ""), i);
            }
        }
        let mut events = NameIndex::default();
        for (i, e) in kb.events().iter().enumerate() {
            events.insert(&e.title, i);
        }
        for index in [&people, &terms, &commands, &events] {
            index.prepare();
        }
        Names {
            people,
            terms,
            commands,
            events,
        }
    }
}

/// What each person said and took part in.
pub(crate) struct PerPerson {
    /// For each person, the statements that name them as a speaker.
    pub statements: Vec<Vec<usize>>,
    /// For each person, the authors' own arguments about them (statements of kind
    /// `argument` that mention them): the author's words, not the person's.
    pub about: Vec<Vec<usize>>,
    /// For each person, the events that involve them.
    pub events: Vec<Vec<u32>>,
}

impl PerPerson {
    pub fn build(kb: &KnowledgeBase) -> PerPerson {
        let person_index: HashMap<&str, usize> = kb
            .people()
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut statements = vec![Vec::new(); kb.people().len()];
        let mut about = vec![Vec::new(); kb.people().len()];
        for (i, s) in kb.statements().iter().enumerate() {
            for speaker in &s.speakers {
                if let Some(&p) = person_index.get(speaker.as_str()) {
                    statements[p].push(i);
                }
            }
            if s.kind == StatementKind::Argument {
                for id in &s.mentions {
                    if let Some(&p) = person_index.get(id.as_str()) {
                        about[p].push(i);
                    }
                }
            }
        }
        let mut events = vec![Vec::new(); kb.people().len()];
        for (i, e) in kb.events().iter().enumerate() {
            for id in &e.people {
                if let Some(&p) = person_index.get(id.as_str()) {
                    events[p].push(i as u32);
                }
            }
        }
        for list in &mut events {
            list.dedup();
        }
        PerPerson {
            statements,
            about,
            events,
        }
    }
}

/// The events in date order, for listings and for the events of a span.
pub(crate) struct Timeline {
    /// Event indexes in date order.
    pub by_date: Vec<usize>,
    /// The events' dates in that order, as `(first day, running maximum of last days)`, for
    /// finding the events of a span by binary search.
    days: Vec<(u32, u32)>,
    /// For each event, its position in date order.
    pub rank: Vec<u32>,
    /// Every year some event touches, ascending.
    pub years: Vec<i32>,
}

impl Timeline {
    pub fn build(kb: &KnowledgeBase) -> Timeline {
        let events = kb.events();
        let mut by_date: Vec<usize> = (0..events.len()).collect();
        by_date.sort_by_key(|&i| (events[i].date.first_day(), events[i].date.last_day(), i));
        let mut rank = vec![0u32; events.len()];
        let mut days = Vec::with_capacity(events.len());
        let mut latest = 0;
        for (r, &i) in by_date.iter().enumerate() {
            rank[i] = r as u32;
            let date = &events[i].date;
            latest = date.last_day().max(latest);
            days.push((date.first_day(), latest));
        }
        let mut years: Vec<i32> = events.iter().flat_map(|e| e.date.years()).collect();
        years.sort_unstable();
        years.dedup();
        Timeline {
            by_date,
            days,
            rank,
            years,
        }
    }

    /// The events of `kb` that overlap `span`, in date order: two binary searches, then a
    /// check of the candidates between them.
    pub fn events_in(&self, kb: &KnowledgeBase, span: &factbot_knowledge::DateSpec) -> Vec<usize> {
        let (first, last) = (span.first_day(), span.last_day());
        let end = self.days.partition_point(|&(start, _)| start <= last);
        let begin = self.days[..end].partition_point(|&(_, latest)| latest < first);
        self.by_date[begin..end]
            .iter()
            .copied()
            .filter(|&i| kb.events()[i].date.overlaps(span))
            .collect()
    }
}

/// The articles by draft and by number, and the sentence every article answer ends with.
pub(crate) struct Articles {
    /// "The documents describe: US draft articles 1, 4 …".
    pub described: String,
    /// For each draft (in `Draft::ALL` order), its articles in fact-base order.
    pub by_draft: [Vec<usize>; 2],
    /// For each article number, the articles (of either draft) with it, in fact-base order.
    pub by_number: HashMap<u32, Vec<usize>>,
}

impl Articles {
    pub fn build(kb: &KnowledgeBase) -> Articles {
        let mut by_draft: [Vec<usize>; Draft::ALL.len()] = Default::default();
        let mut by_number: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, a) in kb.articles().iter().enumerate() {
            by_draft[a.draft.index()].push(i);
            if let Some(n) = a.number {
                by_number.entry(n).or_default().push(i);
            }
        }
        Articles {
            described: crate::cmd::article::described(kb),
            by_draft,
            by_number,
        }
    }
}

/// For each source, how many facts are drawn from it.
pub(crate) fn facts_per_source(kb: &KnowledgeBase) -> Vec<usize> {
    let source_index: HashMap<&str, usize> = kb
        .sources()
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut counts = vec![0usize; kb.sources().len()];
    for kind in FactKind::ALL {
        let sources: Vec<&str> = match kind {
            FactKind::Person => kb.people().iter().map(|f| f.source.as_str()).collect(),
            FactKind::Statement => kb.statements().iter().map(|f| f.source.as_str()).collect(),
            FactKind::Article => kb.articles().iter().map(|f| f.source.as_str()).collect(),
            FactKind::Event => kb.events().iter().map(|f| f.source.as_str()).collect(),
            FactKind::Term => kb.terms().iter().map(|f| f.source.as_str()).collect(),
        };
        for id in sources {
            if let Some(&i) = source_index.get(id) {
                counts[i] += 1;
            }
        }
    }
    counts
}

/// A sentence of a source document, searchable beside the facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Passage {
    /// Position of its source in the base's sources.
    pub source: usize,
    /// Its range of the source's folded text.
    pub start: u32,
    pub end: u32,
}

/// The source documents' sentences that no curated fact (but a person's entry) shows whole,
/// page noise left out. A sentence a fact's excerpt holds is found through that fact, which
/// ranks at least as high (its text holds every word of the sentence, in order) and says who
/// speaks; so only the others are indexed on their own, and quoted words are always credited
/// through the statement that quotes them. Sentences shown only by a person's entry (a
/// title, a byline) are indexed too: claims are not checked against who people are.
pub(crate) struct Passages {
    pub list: Vec<Passage>,
}

impl Passages {
    pub fn build(kb: &KnowledgeBase) -> Passages {
        use crate::index::words::{all_facts, source_and_excerpts, FactRef};
        // Each source's excerpts, so a sentence is looked for in its own source's facts only.
        let mut by_source: HashMap<&str, Vec<&str>> = HashMap::new();
        for fact in all_facts(kb).filter(|f| !matches!(f, FactRef::Person(_))) {
            if let Some((source, excerpts)) = source_and_excerpts(kb, fact) {
                by_source
                    .entry(source)
                    .or_default()
                    .extend(excerpts.iter().map(|e| e.as_str()));
            }
        }
        let mut list = Vec::new();
        for (s, source) in kb.sources().iter().enumerate() {
            let Some(text) = kb.source_text(&source.id) else {
                continue;
            };
            let noise: Vec<String> = source
                .noise
                .iter()
                .map(|n| factbot_knowledge::fold_text(n))
                .collect();
            let excerpts = by_source.get(source.id.as_str()).map_or(&[][..], |v| v);
            for (start, end) in text.sentences() {
                let sentence = &text.folded[start..end];
                let is_noise = noise
                    .iter()
                    .any(|n| n.contains(sentence) || sentence.contains(n.as_str()));
                if is_noise || excerpts.iter().any(|e| e.contains(sentence)) {
                    continue;
                }
                list.push(Passage {
                    source: s,
                    start: start as u32,
                    end: end as u32,
                });
            }
        }
        Passages { list }
    }

    /// A passage's text.
    pub fn text<'k>(&self, kb: &'k KnowledgeBase, i: usize) -> &'k str {
        let p = self.list[i];
        let source = &kb.sources()[p.source];
        kb.source_text(&source.id)
            .map_or("", |t| &t.folded[p.start as usize..p.end as usize])
    }
}
