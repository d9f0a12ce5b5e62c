//! Coverage of the shipped fact base against its two source documents.
//!
//! Every check is a function from the data to the list of what it leaves uncovered, so
//! the positive tests (the shipped fact base covers everything) and the negative tests
//! (take a fact away and the check notices) call the same code.
//!
//! Allowed gaps live in `knowledge/coverage-exceptions.toml`, each with a reason; an
//! exception that matches nothing is reported too.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use factbot::knowledge::{
    fold_text, Article, DateSpec, Event, KnowledgeBase, Person, Statement, Term,
};
use serde::Deserialize;

// ── Loading ─────────────────────────────────────────────────────────────────

fn knowledge_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

fn load_kb() -> KnowledgeBase {
    match KnowledgeBase::load(knowledge_dir()) {
        Ok(kb) => kb,
        Err(errors) => panic!("the fact base does not load:\n{errors}"),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Exceptions {
    #[serde(default)]
    quote: Vec<QuoteException>,
    #[serde(default)]
    year: Vec<YearException>,
    #[serde(default)]
    not_person: Vec<NotPerson>,
    #[serde(default)]
    sentence: Vec<SentenceException>,
}

/// A sentence of a source that states no claim of its own (a heading, a question, a
/// transition), named by its first words.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SentenceException {
    source: String,
    starts: String,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteException {
    source: String,
    text: String,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearException {
    source: String,
    year: String,
    reason: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NotPerson {
    name: String,
    reason: String,
}

fn load_exceptions() -> Exceptions {
    let path = knowledge_dir().join("coverage-exceptions.toml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// One source's text as the scans see it: folded, with the page noise cut out.
struct Scanned {
    source: String,
    text: String,
}

fn scanned_sources(kb: &KnowledgeBase) -> Vec<Scanned> {
    kb.sources()
        .iter()
        .map(|s| {
            let folded = &kb
                .source_text(&s.id)
                .expect("every source has its text")
                .folded;
            let mut text = folded.to_string();
            for n in &s.noise {
                text = text.replace(&fold_text(n), " ");
            }
            Scanned {
                source: s.id.to_string(),
                text,
            }
        })
        .collect()
}

// ── Text helpers ────────────────────────────────────────────────────────────

/// Whether `needle` occurs in `hay` as whole words (neither side glued to a letter,
/// digit or hyphen). Both are compared lowercased.
fn contains_words(hay: &str, needle: &str) -> bool {
    let hay = hay.to_lowercase();
    let needle = needle.to_lowercase();
    if needle.is_empty() {
        return false;
    }
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    let mut from = 0;
    while let Some(pos) = hay[from..].find(&needle) {
        let start = from + pos;
        let end = start + needle.len();
        if !glued(hay[..start].chars().next_back()) && !glued(hay[end..].chars().next()) {
            return true;
        }
        from = start + hay[start..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// All names and aliases of a person entry, folded.
fn names_of(p: &Person) -> impl Iterator<Item = String> + '_ {
    std::iter::once(&p.name)
        .chain(&p.aliases)
        .map(|n| fold_text(n))
}

// ── Check 1: quoted passages ────────────────────────────────────────────────

/// The passages between double quotation marks in folded text.
fn quoted_passages(text: &str) -> Vec<String> {
    text.split('"')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Quoted passages that no statement or article excerpt (of the same source) contains
/// and that are not listed as exceptions, as `source: "passage"`.
fn uncovered_quotes(
    texts: &[Scanned],
    statements: &[Statement],
    articles: &[Article],
    ex: &Exceptions,
) -> Vec<String> {
    let excerpts: Vec<(&str, String)> = statements
        .iter()
        .flat_map(|s| s.excerpts.iter().map(|e| (s.source.as_str(), fold_text(e))))
        .chain(
            articles
                .iter()
                .flat_map(|a| a.excerpts.iter().map(|e| (a.source.as_str(), fold_text(e)))),
        )
        .collect();
    let mut missing = Vec::new();
    for t in texts {
        for q in quoted_passages(&t.text) {
            let covered = excerpts
                .iter()
                .any(|(src, e)| *src == t.source && e.contains(&q));
            let excused = ex
                .quote
                .iter()
                .any(|e| e.source == t.source && fold_text(&e.text) == q);
            if !covered && !excused {
                missing.push(format!("{}: \"{q}\"", t.source));
            }
        }
    }
    missing
}

// ── Check 2: years and decades ──────────────────────────────────────────────

/// Every `19xx`/`20xx` year and `19x0s`/`20x0s` decade in the text, with its span.
fn years_in(text: &str) -> Vec<(String, DateSpec)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= chars.len() {
        let word: String = chars[i..i + 4].iter().collect();
        let before = if i == 0 { None } else { Some(chars[i - 1]) };
        let after = chars.get(i + 4).copied();
        let after2 = chars.get(i + 5).copied();
        let starts_right = word.starts_with("19") || word.starts_with("20");
        if starts_right
            && word.chars().all(|c| c.is_ascii_digit())
            && !before.is_some_and(char::is_alphanumeric)
        {
            let year: i32 = word.parse().expect("four digits");
            if after == Some('s') && !after2.is_some_and(char::is_alphanumeric) && year % 10 == 0 {
                let span = DateSpec::parse(&format!("{year}/{}", year + 9)).expect("valid decade");
                out.push((format!("{year}s"), span));
                i += 5;
                continue;
            }
            if !after.is_some_and(char::is_alphanumeric) {
                out.push((word, DateSpec::year(year)));
                i += 4;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The widest event span, in calendar years, that still dates a year or decade: an event
/// over "the last two hundred years" does not make every year in between covered.
const MAX_COVERING_SPAN_YEARS: i32 = 10;

/// Years and decades in the sources that no event of the same source overlaps (with a
/// span of at most [`MAX_COVERING_SPAN_YEARS`]) and that are not listed as exceptions,
/// as `source: 1994`.
fn uncovered_years(texts: &[Scanned], events: &[Event], ex: &Exceptions) -> Vec<String> {
    let mut missing = BTreeSet::new();
    for t in texts {
        for (label, span) in years_in(&t.text) {
            let covered = events.iter().any(|e| {
                e.source == t.source
                    && e.date.overlaps(&span)
                    && e.date.end.year - e.date.start.year < MAX_COVERING_SPAN_YEARS
            });
            let excused = ex
                .year
                .iter()
                .any(|e| e.source == t.source && e.year == label);
            if !covered && !excused {
                missing.insert(format!("{}: {label}", t.source));
            }
        }
    }
    missing.into_iter().collect()
}

// ── Check 3: named people ───────────────────────────────────────────────────

/// Capitalised words that start a sentence or heading and are not part of a name.
const STOPWORDS: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "Of",
    "For",
    "To",
    "By",
    "As",
    "If",
    "So",
    "Yet",
    "But",
    "And",
    "Or",
    "Now",
    "Then",
    "Thus",
    "This",
    "That",
    "These",
    "Those",
    "It",
    "Its",
    "We",
    "They",
    "He",
    "She",
    "There",
    "What",
    "Why",
    "How",
    "Will",
    "While",
    "When",
    "After",
    "Before",
    "Since",
    "Even",
    "Other",
    "Another",
    "According",
    "Judging",
    "Just",
    "Every",
    "Everyone",
    "Such",
    "First",
    "Second",
    "Secondly",
    "Finally",
    "Moreover",
    "Currently",
    "Nevertheless",
    "Naturally",
    "Subsequently",
    "Accordingly",
    "Previously",
    "Consequently",
    "However",
    "Last",
    "Not",
    "Whether",
    "All",
    "Both",
    "One",
    "No",
];

/// Small words allowed inside a name run ("Secretary of State", "Council of Europe").
const CONNECTORS: &[&str] = &["of", "for", "the", "on", "to", "in"];

/// Runs of two or more capitalised words in folded text (possessive `'s` dropped;
/// punctuation ends a run; sentence-initial function words trimmed), e.g.
/// "Moldovan President Maia Sandu", "Eastern Europe".
fn name_candidates(text: &str) -> Vec<String> {
    fn finish(run: &mut Vec<String>, out: &mut Vec<String>) {
        let mut seq = std::mem::take(run);
        let trim = |w: &String| STOPWORDS.contains(&w.as_str()) || CONNECTORS.contains(&w.as_str());
        while seq.last().is_some_and(trim) {
            seq.pop();
        }
        while seq.first().is_some_and(trim) {
            seq.remove(0);
        }
        let capitals = seq
            .iter()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count();
        if capitals >= 2 {
            let s = seq.join(" ");
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    let spaced = text.replace('—', " — ").replace('–', " – ");
    let mut out = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for token in spaced.split_whitespace() {
        let lead = token.starts_with(['"', '\'', '(', '[']);
        let core = token.trim_matches(|c: char| !c.is_alphanumeric());
        let trail = !core.is_empty() && !token.ends_with(core);
        if lead {
            finish(&mut run, &mut out);
        }
        if core.is_empty() {
            finish(&mut run, &mut out);
            continue;
        }
        let core = core.strip_suffix("'s").unwrap_or(core);
        let capital = core.chars().next().is_some_and(char::is_uppercase);
        let connector = CONNECTORS.contains(&core) && !run.is_empty() && !trail;
        if capital || connector {
            run.push(core.to_string());
        } else {
            finish(&mut run, &mut out);
        }
        if trail {
            finish(&mut run, &mut out);
        }
    }
    finish(&mut run, &mut out);
    out
}

/// Whether a name run ends with one of the people's names or aliases (titles come
/// before names: "Foreign Minister Sergei Lavrov" ends with "Sergei Lavrov").
fn names_a_known_person(candidate: &str, people: &[Person]) -> bool {
    let cand = candidate.to_lowercase();
    people.iter().flat_map(names_of).any(|name| {
        let name = name.to_lowercase();
        cand == name || cand.ends_with(&format!(" {name}"))
    })
}

/// Name runs in the sources that end with no person's name or alias and are not listed
/// as not-a-person exceptions, as `source: Name Run`.
fn unnamed_people(texts: &[Scanned], people: &[Person], ex: &Exceptions) -> Vec<String> {
    let mut missing = Vec::new();
    for t in texts {
        for cand in name_candidates(&t.text) {
            let excused = ex.not_person.iter().any(|e| e.name == cand);
            if !excused && !names_a_known_person(&cand, people) {
                missing.push(format!("{}: {cand}", t.source));
            }
        }
    }
    missing
}

/// People entries that no other fact mentions: not a statement's speaker or mention,
/// not in an event's people, and not named (by name or alias) in any statement, article,
/// event or term excerpt.
fn unmentioned_people(
    people: &[Person],
    statements: &[Statement],
    articles: &[Article],
    events: &[Event],
    terms: &[Term],
) -> Vec<String> {
    let excerpts: Vec<&str> = statements
        .iter()
        .flat_map(|s| s.excerpts.iter())
        .chain(articles.iter().flat_map(|a| a.excerpts.iter()))
        .chain(events.iter().flat_map(|e| e.excerpts.iter()))
        .chain(terms.iter().flat_map(|t| t.excerpts.iter()))
        .map(|e| e.as_str())
        .collect();
    let folded: Vec<String> = excerpts.iter().map(|e| fold_text(e)).collect();
    people
        .iter()
        .filter(|p| {
            let referenced = statements
                .iter()
                .any(|s| s.speakers.contains(&p.id) || s.mentions.contains(&p.id))
                || events.iter().any(|e| e.people.contains(&p.id));
            let named = names_of(p).any(|n| folded.iter().any(|e| contains_words(e, &n)));
            !referenced && !named
        })
        .map(|p| p.id.to_string())
        .collect()
}

// ── Check 4: every sentence ─────────────────────────────────────────────────

/// Every fact's excerpts, with their source, folded.
fn all_excerpts(kb: &KnowledgeBase) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |source: &str, excerpts: &factbot::knowledge::TextList| {
        out.extend(excerpts.iter().map(|e| (source.to_string(), fold_text(e))));
    };
    kb.people().iter().for_each(|f| add(&f.source, &f.excerpts));
    kb.statements()
        .iter()
        .for_each(|f| add(&f.source, &f.excerpts));
    kb.articles()
        .iter()
        .for_each(|f| add(&f.source, &f.excerpts));
    kb.events().iter().for_each(|f| add(&f.source, &f.excerpts));
    kb.terms().iter().for_each(|f| add(&f.source, &f.excerpts));
    out
}

/// The sentences of every source (page noise cut out) that no excerpt of the same source
/// shows whole, as `source: sentence`, with the sentence exceptions applied when `ex` has any.
fn uncovered_sentences(
    kb: &KnowledgeBase,
    excerpts: &[(String, String)],
    ex: &Exceptions,
) -> Vec<String> {
    let mut missing = Vec::new();
    for source in kb.sources() {
        let text = kb
            .source_text(&source.id)
            .expect("every source has its text");
        for (start, end) in text.sentences() {
            let mut sentence = text.folded[start..end].to_string();
            for n in &source.noise {
                sentence = sentence.replace(&fold_text(n), " ");
            }
            let sentence = fold_text(&sentence);
            // What is left of a noise passage split over "sentences" ("… | Feb." "1") is noise.
            let in_noise = source
                .noise
                .iter()
                .any(|n| fold_text(n).contains(&sentence));
            if sentence.is_empty() || in_noise {
                continue;
            }
            let shown = excerpts
                .iter()
                .any(|(s, e)| source.id == *s && e.contains(&sentence));
            let excused = ex
                .sentence
                .iter()
                .any(|x| source.id == x.source && sentence.starts_with(&fold_text(&x.starts)));
            if !shown && !excused {
                missing.push(format!("{}: {sentence}", source.id));
            }
        }
    }
    missing
}

// ── Check 5: the exceptions themselves ──────────────────────────────────────

/// Exceptions that no longer excuse anything: quotes, years or sentences
/// that are covered (or absent), names the scan no longer finds, blank reasons.
fn stale_exceptions(kb: &KnowledgeBase, texts: &[Scanned], ex: &Exceptions) -> Vec<String> {
    let mut stale = Vec::new();
    let no_quote_exceptions = Exceptions::default();
    let uncovered_s = uncovered_sentences(kb, &all_excerpts(kb), &no_quote_exceptions);
    for x in &ex.sentence {
        let prefix = format!("{}: {}", x.source, fold_text(&x.starts));
        let matches = uncovered_s
            .iter()
            .filter(|s| s.starts_with(&prefix))
            .count();
        if matches != 1 || x.reason.trim().is_empty() {
            stale.push(format!(
                "sentence {prefix:?} (excuses {matches} uncovered sentences, not one; or no reason)"
            ));
        }
    }
    let uncovered_q = uncovered_quotes(texts, kb.statements(), kb.articles(), &no_quote_exceptions);
    for q in &ex.quote {
        let key = format!("{}: \"{}\"", q.source, fold_text(&q.text));
        if !uncovered_q.contains(&key) || q.reason.trim().is_empty() {
            stale.push(format!("quote {key} (covered, absent, or no reason)"));
        }
    }
    let uncovered_y = uncovered_years(texts, kb.events(), &no_quote_exceptions);
    for y in &ex.year {
        let key = format!("{}: {}", y.source, y.year);
        if !uncovered_y.contains(&key) || y.reason.trim().is_empty() {
            stale.push(format!("year {key} (covered, absent, or no reason)"));
        }
    }
    let candidates: Vec<String> = texts
        .iter()
        .flat_map(|t| name_candidates(&t.text))
        .collect();
    for n in &ex.not_person {
        if !candidates.contains(&n.name) || n.reason.trim().is_empty() {
            stale.push(format!(
                "not_person {:?} (not found by the name scan, or no reason)",
                n.name
            ));
        }
        if names_a_known_person(&n.name, kb.people()) {
            stale.push(format!(
                "not_person {:?} names a person entry; remove the exception",
                n.name
            ));
        }
    }
    stale
}

fn report(what: &str, items: &[String]) -> String {
    format!("{} {what}:\n  {}", items.len(), items.join("\n  "))
}

// ── Positive tests: the shipped fact base ───────────────────────────────────

#[test]
fn every_quoted_passage_is_covered() {
    let kb = load_kb();
    let ex = load_exceptions();
    let texts = scanned_sources(&kb);
    let quotes: usize = texts.iter().map(|t| quoted_passages(&t.text).len()).sum();
    assert!(
        quotes >= 6,
        "the sources quote at least six passages; found {quotes}"
    );
    let missing = uncovered_quotes(&texts, kb.statements(), kb.articles(), &ex);
    assert!(
        missing.is_empty(),
        "{}",
        report("quoted passages no statement or article covers", &missing)
    );
}

#[test]
fn every_year_is_covered_by_an_event() {
    let kb = load_kb();
    let ex = load_exceptions();
    let texts = scanned_sources(&kb);
    let missing = uncovered_years(&texts, kb.events(), &ex);
    assert!(
        missing.is_empty(),
        "{}",
        report("years no event covers", &missing)
    );
}

#[test]
fn every_named_person_has_an_entry() {
    let kb = load_kb();
    let ex = load_exceptions();
    let texts = scanned_sources(&kb);
    let missing = unnamed_people(&texts, kb.people(), &ex);
    assert!(
        missing.is_empty(),
        "{}",
        report("names that match no people entry", &missing)
    );
}

#[test]
fn every_person_entry_is_mentioned_by_some_fact() {
    let kb = load_kb();
    let missing = unmentioned_people(
        kb.people(),
        kb.statements(),
        kb.articles(),
        kb.events(),
        kb.terms(),
    );
    assert!(
        missing.is_empty(),
        "{}",
        report("people entries no fact mentions", &missing)
    );
}

#[test]
fn every_sentence_is_shown_by_an_excerpt_or_excused() {
    let kb = load_kb();
    let ex = load_exceptions();
    let missing = uncovered_sentences(&kb, &all_excerpts(&kb), &ex);
    assert!(
        missing.is_empty(),
        "{}",
        report(
            "sentences no excerpt shows (add a fact, or a [[sentence]] exception with its reason)",
            &missing
        )
    );
}

#[test]
fn exceptions_are_all_still_needed() {
    let kb = load_kb();
    let ex = load_exceptions();
    let texts = scanned_sources(&kb);
    let stale = stale_exceptions(&kb, &texts, &ex);
    assert!(
        stale.is_empty(),
        "{}",
        report("stale entries in coverage-exceptions.toml", &stale)
    );
}

#[test]
fn required_people_are_present() {
    let kb = load_kb();
    let required = [
        ("Vladimir Putin", "putin"),
        ("Joe Biden", "biden"),
        ("Anthony Blinken", "blinken"),
        ("Jens Stoltenberg", "stoltenberg"),
        ("Joseph Borrell", "borrell"),
        ("Dmitri Peskov", "peskov"),
        ("Sergei Lavrov", "lavrov"),
        ("Aleksandr Grushko", "grushko"),
        ("Konstantin Gavrilov", "gavrilov"),
        ("Victoria Nuland", "nuland"),
        ("William Burns", "burns"),
        ("Maia Sandu", "sandu"),
        ("Shahin Jafarli", "jafarli"),
        ("Carnegie Moscow Center", "carnegie"),
    ];
    for (name, id) in required {
        let found = kb
            .people()
            .iter()
            .find(|p| names_of(p).any(|n| n.eq_ignore_ascii_case(name)));
        assert_eq!(
            found.map(|p| p.id.as_str()),
            Some(id),
            "{name} should name person {id}"
        );
    }
}

#[test]
fn fact_base_keeps_its_size() {
    let kb = load_kb();
    let floors = [
        // The floors are the counts after the faithfulness audit, which removed what the
        // sources do not support (three undated or inferred events, one article that was
        // the author's view) and added the passages no fact covered.
        ("people", kb.people().len(), 35),
        ("statements", kb.statements().len(), 124),
        ("articles", kb.articles().len(), 10),
        ("events", kb.events().len(), 22),
        ("terms", kb.terms().len(), 31),
    ];
    for (kind, n, floor) in floors {
        assert!(
            n >= floor,
            "{kind}: {n} entries, fewer than the {floor} the fact base had"
        );
    }
}

// ── Negative tests: the checks do fail ──────────────────────────────────────

#[test]
fn dropping_a_quote_is_detected() {
    let kb = load_kb();
    let ex = load_exceptions();
    let texts = scanned_sources(&kb);
    // Every statement whose passage holds Blinken's quotation (his own, and the passage
    // reporting that Stoltenberg "shared this views") goes.
    let statements: Vec<Statement> = kb
        .statements()
        .iter()
        .filter(|s| !s.excerpts.iter().any(|e| e.contains("dustbin of history")))
        .cloned()
        .collect();
    assert!(
        statements.len() < kb.statements().len(),
        "the Blinken quote exists"
    );
    let missing = uncovered_quotes(&texts, &statements, kb.articles(), &ex);
    assert!(
        missing.iter().any(|m| m.contains("dustbin of history")),
        "removing Blinken's quote should leave it uncovered; got {missing:?}"
    );
    // Likewise every article and statement quoting the NATO draft's article 7.
    let quotes_7 = |excerpts: &factbot::knowledge::TextList| {
        excerpts.iter().any(|e| e.contains("South Caucasus"))
    };
    let articles: Vec<Article> = kb
        .articles()
        .iter()
        .filter(|a| !quotes_7(&a.excerpts))
        .cloned()
        .collect();
    let statements: Vec<Statement> = kb
        .statements()
        .iter()
        .filter(|s| !quotes_7(&s.excerpts))
        .cloned()
        .collect();
    assert!(articles.len() < kb.articles().len(), "article 7 is quoted");
    let missing = uncovered_quotes(&texts, &statements, &articles, &ex);
    assert!(
        missing.iter().any(|m| m.contains("South Caucasus")),
        "removing NATO draft article 7 should leave its quote uncovered; got {missing:?}"
    );
}

#[test]
fn dropping_a_claim_is_detected() {
    let kb = load_kb();
    let ex = load_exceptions();
    let claim = "Moscow and the rest of the world have watched";
    let excerpts: Vec<(String, String)> = all_excerpts(&kb)
        .into_iter()
        .filter(|(_, e)| !e.contains(claim))
        .collect();
    let missing = uncovered_sentences(&kb, &excerpts, &ex);
    assert!(
        missing.iter().any(|m| m.contains(claim)),
        "dropping the facts showing it should leave the sentence uncovered; got {missing:?}"
    );
}

#[test]
fn dropping_an_event_year_is_detected() {
    let kb = load_kb();
    let ex = load_exceptions();
    let texts = scanned_sources(&kb);
    let y1994 = DateSpec::year(1994);
    let events: Vec<Event> = kb
        .events()
        .iter()
        .filter(|e| !(e.source == "jafarli" && e.date.overlaps(&y1994)))
        .cloned()
        .collect();
    assert!(events.len() < kb.events().len(), "some event covers 1994");
    let missing = uncovered_years(&texts, &events, &ex);
    assert_eq!(missing, vec!["jafarli: 1994".to_string()]);
    let nineties = DateSpec::parse("1990/1999").unwrap();
    let events: Vec<Event> = kb
        .events()
        .iter()
        .filter(|e| !(e.source == "carnegie" && e.date.overlaps(&nineties)))
        .cloned()
        .collect();
    let missing = uncovered_years(&texts, &events, &ex);
    assert_eq!(missing, vec!["carnegie: 1990s".to_string()]);
}

#[test]
fn dropping_a_person_is_detected() {
    let kb = load_kb();
    let ex = load_exceptions();
    let texts = scanned_sources(&kb);
    let people: Vec<Person> = kb
        .people()
        .iter()
        .filter(|p| p.id != "sandu")
        .cloned()
        .collect();
    let missing = unnamed_people(&texts, &people, &ex);
    assert_eq!(
        missing,
        vec!["jafarli: Moldovan President Maia Sandu".to_string()]
    );
}

#[test]
fn an_unmentioned_person_is_detected() {
    let kb = load_kb();
    let statements: Vec<Statement> = kb
        .statements()
        .iter()
        .filter(|s| s.id != "sandu-neutrality")
        .cloned()
        .collect();
    let missing = unmentioned_people(
        kb.people(),
        &statements,
        kb.articles(),
        kb.events(),
        kb.terms(),
    );
    assert_eq!(missing, vec!["sandu".to_string()]);
}

#[test]
fn a_stale_exception_is_detected() {
    let kb = load_kb();
    let mut ex = load_exceptions();
    ex.not_person.push(NotPerson {
        name: "Atlantis Foreign Ministry".to_string(),
        reason: "not in either source".to_string(),
    });
    ex.year.push(YearException {
        source: "jafarli".to_string(),
        year: "1994".to_string(),
        reason: "covered by the Budapest memorandum event".to_string(),
    });
    let texts = scanned_sources(&kb);
    let stale = stale_exceptions(&kb, &texts, &ex);
    assert_eq!(stale.len(), 2, "got {stale:?}");
}

// ── The helpers themselves ──────────────────────────────────────────────────

#[test]
fn scanners_find_what_they_should() {
    assert_eq!(quoted_passages(r#"a "b c" d "e" f"#), vec!["b c", "e"]);
    let years: Vec<String> = years_in("in 1994, the 2014-5 deal, the 1990s, 100,000 troops, 12345")
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    assert_eq!(years, vec!["1994", "2014", "1990s"]);
    assert_eq!(
        name_candidates(
            "The US Secretary of State Anthony Blinken said. Moldovan President Maia Sandu's view"
        ),
        vec![
            "US Secretary of State Anthony Blinken",
            "Moldovan President Maia Sandu"
        ]
    );
    assert!(contains_words("Putin's Munich speech", "putin"));
    assert!(!contains_words("the NATO-Russia Council", "nato"));
    assert!(!contains_words("Russian", "russia"));
}
