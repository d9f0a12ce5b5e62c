//! The rules a parsed knowledge base must pass, one function per rule.
//!
//! Each rule is a function beside the unit test that shows what it rejects; [`run`] applies
//! them all, in the order their errors are reported, and collects every error (a broken base
//! is reported whole, not one error at a time). Reading and parsing the files is the loader's
//! ([`crate::load`]); the rules see only parsed entries, and the loader's reader for source
//! texts.
//!
//! | module | rejects |
//! |---|---|
//! | [`ids`] | blank and duplicate ids in one file |
//! | [`fields`] | blank required text (`title`, `name`, `text`, …) |
//! | [`sources`] | source files outside the knowledge directory; a base without sources |
//! | [`refs`] | references to unknown sources and people; statements without speakers |
//! | [`excerpts`] | facts without excerpts; blank excerpts and excerpts not verbatim in their source |
//! | [`sentences`] | excerpts that start or end inside a sentence |
//! | [`quotes`] | direct quotes not found in their excerpts |
//! | [`kinds`] | direct quotes without their words; arguments not the author's, reported words that are |
//! | [`support`] | written text that says more than the excerpts: content words, negations, quotations, hedges, dates |
//! | [`articles`] | article number 0 |
//! | [`names`] | blank aliases; one name given to two people or two terms |

mod articles;
mod excerpts;
mod fields;
mod ids;
mod kinds;
mod names;
mod quotes;
mod refs;
mod sentences;
mod sources;
mod support;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use super::entry::{Entry, Fact, Labelled};
use super::error::LoadError;
use super::fold::fold_text;
use super::kind::{FactKind, SOURCES_FILE};
use super::model::*;
use super::{DateSpec, SourceText, Text, TextList};
use support::{FreeNames, Passages, Written};

/// The problems found so far, each naming its file (in the knowledge directory) and entry.
pub(crate) struct Report {
    dir: PathBuf,
    pub(crate) errors: Vec<LoadError>,
}

impl Report {
    /// An empty report on the knowledge directory `dir`.
    pub(crate) fn new(dir: &Path) -> Report {
        Report {
            dir: dir.to_path_buf(),
            errors: Vec::new(),
        }
    }

    /// The knowledge directory.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records a problem in `file` (relative to the directory), in `entry` if given.
    pub(crate) fn error(&mut self, file: &str, entry: Option<&str>, message: impl Into<String>) {
        self.errors.push(LoadError {
            file: self.dir.join(file),
            entry: entry.map(str::to_string),
            message: message.into(),
        });
    }

    /// Moves `other`'s errors after this report's.
    pub(crate) fn append(&mut self, other: &mut Report) {
        self.errors.append(&mut other.errors);
    }
}

/// Every file's entries, as parsed.
pub(crate) struct Parsed {
    pub(crate) sources: Vec<Labelled<Source>>,
    pub(crate) people: Vec<Labelled<Person>>,
    pub(crate) statements: Vec<Labelled<Statement>>,
    pub(crate) articles: Vec<Labelled<Article>>,
    pub(crate) events: Vec<Labelled<Event>>,
    pub(crate) terms: Vec<Labelled<Term>>,
    pub(crate) expansions: Vec<Labelled<Expansion>>,
}

/// Reads a source's text file (`source.file`), recording any failure under the source's entry.
pub(crate) type ReadText<'a> = dyn FnMut(&mut Report, &Labelled<Source>) -> Option<String> + 'a;

/// Runs every rule over `parsed`, adding each error to `report` (after the parse errors
/// already there). Returns the source texts, folded, read with `read_text` for each source
/// whose `file` passes; every fact's excerpt becomes the folded range of its source's text
/// it stands in.
pub(crate) fn run(
    report: &mut Report,
    parsed: &mut Parsed,
    read_text: &mut ReadText<'_>,
) -> HashMap<Text, SourceText> {
    let texts = check_sources(report, &parsed.sources, read_text);
    check_all_facts(report, parsed, &texts);
    check_people_refs(report, parsed);
    check_quotes(report, parsed);
    check_kinds(report, parsed);
    check_support(report, parsed);
    for e in &parsed.articles {
        articles::number_from_one(report, &e.label, e.value.number);
    }
    check_names(report, parsed);
    check_expansions(report, parsed, &texts);
    sources::at_least_one(report, parsed.sources.len());
    texts
}

/// The sources' own rules, and their texts read.
fn check_sources(
    report: &mut Report,
    sources: &[Labelled<Source>],
    read_text: &mut ReadText<'_>,
) -> HashMap<Text, SourceText> {
    ids::unique_ids(report, SOURCES_FILE, labelled_ids(sources));
    let mut texts = HashMap::new();
    for e in sources {
        fields::not_blank(report, SOURCES_FILE, &e.label, &e.value.required_text());
        if !sources::file_inside_directory(report, &e.label, &e.value.file) {
            continue;
        }
        if let Some(raw) = read_text(report, e) {
            let text = SourceText::new(&raw);
            for noise in &e.value.noise {
                sources::noise_in_text(report, &e.label, noise, &text);
            }
            texts.insert(e.value.id.clone(), text);
        }
    }
    texts
}

/// Each entry's label and id.
fn labelled_ids<T: Entry>(entries: &[Labelled<T>]) -> impl Iterator<Item = (&str, &str)> {
    entries.iter().map(|e| (e.label.as_str(), e.value.id()))
}

/// The rules every fact shares, kind by kind. Statements (the most numerous facts) are
/// checked on a second thread; errors keep file order.
fn check_all_facts(report: &mut Report, parsed: &mut Parsed, texts: &HashMap<Text, SourceText>) {
    let Parsed {
        sources,
        people,
        statements,
        articles,
        events,
        terms,
        ..
    } = parsed;
    let source_ids: HashSet<&str> = sources.iter().map(|e| e.value.id()).collect();
    let source_ids = &source_ids;
    let mut statement_report = Report::new(report.dir());
    let mut rest = Report::new(report.dir());
    std::thread::scope(|scope| {
        let statement_report = &mut statement_report;
        scope.spawn(move || check_facts(statement_report, statements, source_ids, texts));
        check_facts(report, people, source_ids, texts);
        check_facts(&mut rest, articles, source_ids, texts);
        check_facts(&mut rest, events, source_ids, texts);
        check_facts(&mut rest, terms, source_ids, texts);
    });
    report.append(&mut statement_report);
    report.append(&mut rest);
}

/// The rules every fact shares, for one kind: ids, required text, source, excerpt. Each
/// excerpt is replaced by its folded form, the range of its source's text where it stands.
fn check_facts<T: Fact>(
    report: &mut Report,
    facts: &mut [Labelled<T>],
    source_ids: &HashSet<&str>,
    texts: &HashMap<Text, SourceText>,
) {
    let file = T::KIND.file();
    ids::unique_ids(report, file, labelled_ids(facts));
    for e in facts.iter_mut() {
        let (label, fact) = (e.label.as_str(), &e.value);
        fields::not_blank(report, file, label, &fact.required_text());
        if !refs::known_source(report, file, label, fact.source(), source_ids) {
            continue;
        }
        let text = texts.get(fact.source());
        let excerpts = fact.excerpts().clone();
        excerpts::at_least_one(report, file, label, excerpts.len());
        let stored: Vec<Text> = excerpts
            .iter()
            .map(|excerpt| {
                let stored =
                    excerpts::verbatim_in_source(report, file, label, fact.source(), excerpt, text);
                if let Some(text) = text {
                    sentences::full_sentences(report, file, label, &stored, text);
                }
                stored
            })
            .collect();
        *e.value.excerpts_mut() = TextList::from(stored);
    }
}

/// Statements' speakers and mentions, and events' people, are people.
fn check_people_refs(report: &mut Report, parsed: &Parsed) {
    let person_ids: HashSet<&str> = parsed.people.iter().map(|e| e.value.id()).collect();
    let file = FactKind::Statement.file();
    for e in &parsed.statements {
        let (label, s) = (e.label.as_str(), &e.value);
        refs::has_speakers(report, label, &s.speakers);
        refs::known_people(report, file, label, "speakers", &s.speakers, &person_ids);
        refs::known_people(report, file, label, "mentions", &s.mentions, &person_ids);
    }
    let file = FactKind::Event.file();
    for e in &parsed.events {
        refs::known_people(
            report,
            file,
            &e.label,
            "people",
            &e.value.people,
            &person_ids,
        );
    }
}

/// Direct statements, then direct articles: their quoted words stand in an excerpt.
fn check_quotes(report: &mut Report, parsed: &Parsed) {
    for e in &parsed.statements {
        let s = &e.value;
        let direct = s.kind == StatementKind::Direct;
        let file = FactKind::Statement.file();
        if let Some(text) = &s.text {
            quotes::direct_quote_in_excerpt(report, file, &e.label, direct, text, &s.excerpts);
        }
    }
    for e in &parsed.articles {
        let a = &e.value;
        let direct = a.kind == ArticleKind::Direct;
        let file = FactKind::Article.file();
        if let Some(text) = &a.text {
            quotes::direct_quote_in_excerpt(report, file, &e.label, direct, text, &a.excerpts);
        }
    }
}

/// Kinds of speech: quotations have their words; arguments are the author's.
fn check_kinds(report: &mut Report, parsed: &Parsed) {
    let authors: HashMap<&str, &str> = parsed
        .people
        .iter()
        .filter(|e| e.value.kind == ActorKind::Author)
        .map(|e| (e.value.source.as_str(), e.value.id.as_str()))
        .collect();
    for e in &parsed.statements {
        let s = &e.value;
        let file = FactKind::Statement.file();
        let direct = s.kind == StatementKind::Direct;
        kinds::direct_has_text(report, file, &e.label, direct, s.text.as_deref());
        let speakers: Vec<&str> = s.speakers.iter().map(Text::as_str).collect();
        let argument = s.kind == StatementKind::Argument;
        let author = authors.get(s.source.as_str()).copied();
        kinds::argument_is_the_authors(report, &e.label, argument, &speakers, author);
    }
    for e in &parsed.articles {
        let a = &e.value;
        let direct = a.kind == ArticleKind::Direct;
        kinds::direct_has_text(
            report,
            FactKind::Article.file(),
            &e.label,
            direct,
            a.text.as_deref(),
        );
    }
}

/// Names a fact's written text may use, by person and by source id.
struct Names<'a> {
    people: HashMap<&'a str, Vec<&'a str>>,
    sources: HashMap<&'a str, Vec<&'a str>>,
}

impl<'a> Names<'a> {
    fn new(parsed: &'a Parsed) -> Names<'a> {
        let people: HashMap<&str, Vec<&str>> = parsed
            .people
            .iter()
            .map(|e| {
                let p = &e.value;
                let names = std::iter::once(p.name.as_str())
                    .chain(p.aliases.iter().map(Text::as_str))
                    .collect();
                (p.id.as_str(), names)
            })
            .collect();
        let mut sources: HashMap<&str, Vec<&str>> = HashMap::new();
        for e in &parsed.sources {
            let s = &e.value;
            sources.insert(
                s.id.as_str(),
                vec![
                    s.id.as_str(),
                    s.title.as_str(),
                    s.author.as_str(),
                    s.short.as_str(),
                ],
            );
        }
        for e in &parsed.people {
            let p = &e.value;
            if p.kind == ActorKind::Author {
                if let (Some(names), Some(own)) = (
                    sources.get_mut(p.source.as_str()),
                    people.get(p.id.as_str()),
                ) {
                    names.extend(own);
                }
            }
        }
        Names { people, sources }
    }

    /// The free names of one fact.
    fn of<F: Fact>(&self, fact: &'a F) -> FreeNames {
        let mut names: Vec<&str> = fact.own_names();
        for id in fact.people_refs() {
            names.extend(self.people.get(id).into_iter().flatten());
        }
        names.extend(self.sources.get(fact.source()).into_iter().flatten());
        FreeNames::new(names)
    }
}

/// The support check, fact by fact: what the editors wrote says nothing the excerpts do not.
fn check_support(report: &mut Report, parsed: &Parsed) {
    let names = Names::new(parsed);
    support_of(report, &parsed.people, &names, |_| None);
    support_of(report, &parsed.statements, &names, |s| {
        s.date.as_ref().map(|d| (d, s.date_basis.as_deref()))
    });
    support_of(report, &parsed.articles, &names, |_| None);
    support_of(report, &parsed.events, &names, |e| {
        Some((&e.date, e.date_basis.as_deref()))
    });
    support_of(report, &parsed.terms, &names, |_| None);
}

/// The support check over one kind of fact; `date` gives a fact's date and its basis.
fn support_of<'a, F: Fact>(
    report: &mut Report,
    facts: &'a [Labelled<F>],
    names: &Names<'a>,
    date: impl Fn(&'a F) -> Option<(&'a DateSpec, Option<&'a str>)>,
) {
    let file = F::KIND.file();
    for e in facts {
        let (label, fact) = (e.label.as_str(), &e.value);
        let passages = Passages::new(fact.excerpts());
        let free = names.of(fact);
        let written = |field, text| Written {
            file,
            label,
            field,
            text,
        };
        for (field, text) in fact.written() {
            let w = written(field, text);
            support::content::content_words_in_excerpts(report, &w, &passages, &free);
            support::negations::negations_in_excerpts(report, &w, &passages);
            support::quoted::quoted_in_excerpts(report, &w, &passages);
            support::hedges::hedges_kept(report, &w, &passages, &free);
        }
        if let Some((date, basis)) = date(fact) {
            if let Some(basis) = basis {
                support::quoted::quoted_in_excerpts(
                    report,
                    &written("date_basis", basis),
                    &passages,
                );
            }
            support::dates::date_stated_or_based(report, file, label, date, basis, &passages);
        }
    }
}

/// People's names and aliases, then terms'.
fn check_names(report: &mut Report, parsed: &Parsed) {
    let file = FactKind::Person.file();
    let mut owners = names::NameOwners::new(FactKind::Person);
    for e in &parsed.people {
        let p = &e.value;
        names::no_blank_alias(report, file, &e.label, &p.aliases);
        for name in std::iter::once(&p.name).chain(&p.aliases) {
            owners.claim(report, &e.label, &p.id, name);
        }
    }
    let file = FactKind::Term.file();
    let mut owners = names::NameOwners::new(FactKind::Term);
    for e in &parsed.terms {
        let t = &e.value;
        for name in std::iter::once(&t.term).chain(&t.aliases) {
            names::not_blank_when_folded(report, file, &e.label, name);
            owners.claim(report, &e.label, &t.id, name);
        }
    }
}

/// Expansions: unique ids, something to expand, and the sources' own wording to expand to.
fn check_expansions(report: &mut Report, parsed: &Parsed, texts: &HashMap<Text, SourceText>) {
    let file = crate::kind::EXPANSIONS_FILE;
    ids::unique_ids(report, file, labelled_ids(&parsed.expansions));
    let lowered: Vec<String> = texts.values().map(|t| t.folded.to_lowercase()).collect();
    for e in &parsed.expansions {
        let x = &e.value;
        fields::not_blank(report, file, &e.label, &x.required_text());
        names::no_blank_alias(report, file, &e.label, &x.also);
        if x.also.is_empty() {
            report.error(
                file,
                Some(&e.label),
                "`also` is empty: nothing expands to it",
            );
        }
        let means = fold_text(&x.means).to_lowercase();
        if !texts.is_empty() && !lowered.iter().any(|t| t.contains(&means)) {
            report.error(
                file,
                Some(&e.label),
                format!(
                    "`means` \"{}\" is in no source: expansions lead to the documents' own words",
                    x.means
                ),
            );
        }
    }
}

/// Test helpers: a report on an unnamed directory, shown as the loader shows it.
#[cfg(test)]
mod test_support {
    use super::Report;

    pub(super) fn report() -> Report {
        Report::new(std::path::Path::new(""))
    }

    /// Each error as `file: entry: message`.
    pub(super) fn shown(report: &Report) -> Vec<String> {
        report.errors.iter().map(|e| e.to_string()).collect()
    }
}
