//! Synthetic fact bases for benchmarks and quality tests: seeded, reproducible, no external data.
//!
//! [`generate`] builds a valid [`KnowledgeBase`] of about `facts` facts in memory: people with
//! realistic names (first names and syllable-built surnames, every surname unique) and aliases
//! (surname, initial and surname, a transliterated spelling), multi-sentence statements quoted
//! or reported, draft articles, dated events and glossary terms with aliases. Every fact's
//! excerpt stands verbatim in its source document's text, one document per
//! [`FACTS_PER_SOURCE`] facts, so the base passes the same validation as the shipped one.
//!
//! Nothing here does I/O except [`write_toml`], which writes a base as the TOML files and
//! source texts [`KnowledgeBase::load`] reads.
//!
//! [`typo_queries`] derives a seeded typo test set (names and terms with one or two random
//! edits) for measuring lookup quality, and [`damerau_levenshtein`] the distance used to
//! compute its ceiling.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use factbot_knowledge::{
    fold_text, ActorKind, Article, ArticleKind, DateSpec, Draft, Event, FactKind, KnowledgeBase,
    Person, Source, SourceText, Statement, StatementKind, Term, Text, TextList, MAX_FILE_BYTES,
    SOURCES_FILE, SOURCES_TABLE,
};

/// Facts drawn from one generated source document.
pub const FACTS_PER_SOURCE: usize = 50;

/// A small, fast, seeded PRNG (SplitMix64); good enough for test data, not for secrets.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for this seed; the same seed gives the same sequence.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 11) as u128 * n as u128) >> 53) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// A uniformly chosen element.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An element chosen with Zipf-like weights (earlier elements are more frequent).
    pub fn zipf<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        // Squaring a uniform variate skews towards the front: P(i) ~ 1/sqrt(i).
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        &items[((u * u) * items.len() as f64) as usize % items.len()]
    }
}

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Boris",
    "Dmitri",
    "Elena",
    "Sergei",
    "Olga",
    "Ivan",
    "Maria",
    "Pavel",
    "Irina",
    "Viktor",
    "Natalia",
    "Andrei",
    "Tatiana",
    "Mikhail",
    "Svetlana",
    "Alexei",
    "Yulia",
    "Nikolai",
    "Ekaterina",
    "Jens",
    "Antony",
    "William",
    "Josep",
    "Maia",
    "Ursula",
    "Emmanuel",
    "Olaf",
    "Mario",
    "Giorgia",
    "Hakan",
    "Recep",
    "Ilham",
    "Nikol",
    "Zurab",
    "Salome",
    "Volodymyr",
    "Petro",
    "Taras",
    "Oksana",
    "Bogdan",
    "Zoran",
    "Milena",
    "Dragan",
    "Jelena",
    "Tomas",
    "Petra",
    "Lukas",
    "Katrin",
    "Henrik",
    "Ingrid",
    "Lars",
    "Sofia",
    "Carlos",
    "Lucia",
    "Pierre",
    "Claire",
    "Marek",
    "Agnieszka",
    "Kestutis",
    "Ruta",
    "Aivars",
    "Liga",
    "Kaja",
    "Toomas",
    "Gabriel",
    "Rustam",
    "Aliya",
    "Timur",
    "Nursultan",
    "Kassym",
    "Shavkat",
    "Emomali",
    "Sadyr",
    "Arkady",
    "Grigory",
    "Vitaly",
    "Konstantin",
    "Leonid",
    "Yevgeny",
    "Valentina",
    "Ludmila",
    "Galina",
    "Hamid",
    "Leyla",
    "Elmar",
    "Farid",
    "Aygun",
    "Samir",
    "Nino",
    "Irakli",
    "Levan",
    "Tamar",
    "Armen",
    "Ani",
    "Hovik",
    "Siranush",
    "Matteo",
    "Giulia",
    "Jan",
    "Eva",
    "Karel",
    "Zuzana",
];

const ONSETS: &[&str] = &[
    "b", "bl", "br", "ch", "d", "dr", "f", "g", "gr", "h", "k", "kh", "kr", "l", "m", "n", "p",
    "pr", "r", "s", "sh", "st", "t", "tr", "v", "z", "zh", "", "j", "y", "sk", "gl", "b", "d", "k",
    "l", "m", "n", "p", "r", "s", "t", "v",
];
const VOWELS: &[&str] = &[
    "a", "e", "i", "o", "u", "a", "e", "o", "i", "a", "ia", "ei", "ou", "y",
];
const CODAS: &[&str] = &[
    "", "", "", "n", "r", "l", "s", "k", "m", "v", "t", "d", "nk", "rt", "st", "z",
];
const SURNAME_ENDINGS: &[&str] = &[
    "ov", "ova", "ev", "sky", "enko", "son", "sen", "ez", "ini", "escu", "yan", "adze", "berg",
    "ich", "ski", "ova", "ier", "eau", "elli", "man", "stein", "oglu", "li", "vic", "ak", "as", "",
    "", "", "er",
];

const NOUNS: &[&str] = &[
    "security",
    "treaty",
    "alliance",
    "guarantees",
    "border",
    "sanctions",
    "weapons",
    "missiles",
    "expansion",
    "negotiations",
    "forces",
    "troops",
    "agreement",
    "sovereignty",
    "region",
    "talks",
    "proposal",
    "demands",
    "escalation",
    "deterrence",
    "pipeline",
    "energy",
    "gas",
    "elections",
    "government",
    "parliament",
    "army",
    "navy",
    "airspace",
    "exercises",
    "deployment",
    "infrastructure",
    "membership",
    "neutrality",
    "ceasefire",
    "conflict",
    "war",
    "peace",
    "diplomacy",
    "ultimatum",
    "response",
    "summit",
    "declaration",
    "referendum",
    "annexation",
    "occupation",
    "militia",
    "separatists",
    "refugees",
    "economy",
    "trade",
    "budget",
    "inflation",
    "currency",
    "banks",
    "oil",
    "grain",
    "ports",
    "corridor",
    "railway",
    "cyberattacks",
    "disinformation",
    "propaganda",
    "media",
    "journalists",
    "opposition",
    "protests",
    "minorities",
    "language",
    "church",
    "constitution",
    "courts",
    "corruption",
    "oligarchs",
    "reforms",
    "aid",
    "loans",
    "investment",
    "technology",
    "satellites",
    "drones",
    "tanks",
    "artillery",
    "warheads",
    "arsenal",
    "doctrine",
    "strategy",
    "spheres",
    "influence",
    "partners",
    "neighbours",
    "allies",
    "bases",
    "fleet",
    "coast",
    "islands",
    "mountains",
    "capital",
    "frontier",
    "flank",
    "buffer",
    "zone",
    "corridors",
    "observers",
    "inspectors",
    "monitoring",
    "verification",
    "transparency",
    "dialogue",
    "channel",
    "hotline",
    "incident",
    "provocation",
    "threat",
    "risk",
    "crisis",
    "stability",
    "balance",
    "order",
    "architecture",
];
const ADJECTIVES: &[&str] = &[
    "nuclear",
    "military",
    "eastern",
    "western",
    "legal",
    "binding",
    "strategic",
    "regional",
    "new",
    "former",
    "Soviet",
    "European",
    "Atlantic",
    "northern",
    "southern",
    "collective",
    "bilateral",
    "multilateral",
    "offensive",
    "defensive",
    "intermediate",
    "hybrid",
    "economic",
    "political",
    "diplomatic",
    "unacceptable",
    "dangerous",
    "serious",
    "historic",
    "final",
    "written",
    "direct",
    "secret",
    "public",
    "joint",
    "naval",
    "aerial",
    "civilian",
    "massive",
    "limited",
    "permanent",
    "temporary",
    "unilateral",
    "credible",
    "fragile",
    "lasting",
];
const VERBS: &[&str] = &[
    "rejected",
    "demanded",
    "proposed",
    "threatened",
    "guaranteed",
    "violated",
    "signed",
    "ratified",
    "deployed",
    "withdrew",
    "expanded",
    "blocked",
    "supported",
    "condemned",
    "welcomed",
    "questioned",
    "undermined",
    "strengthened",
    "discussed",
    "postponed",
    "announced",
    "denied",
    "confirmed",
    "warned",
    "promised",
    "offered",
    "refused",
    "accepted",
    "criticised",
    "defended",
    "ignored",
    "recognised",
    "suspended",
    "restored",
    "reviewed",
    "extended",
];
const SPEECH_VERBS: &[&str] = &[
    "said",
    "warned",
    "declared",
    "argued",
    "stressed",
    "insisted",
    "claimed",
    "noted",
    "added",
    "told reporters",
];
const OFFICES: &[&str] = &[
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Deputy Foreign Minister",
    "Defence Minister",
    "Ambassador",
    "spokesperson",
    "Chief of the General Staff",
    "Speaker of Parliament",
    "National Security Adviser",
    "opposition leader",
    "analyst",
    "envoy",
    "Secretary General",
    "Minister of Energy",
    "head of the delegation",
];
const EVENT_NOUNS: &[&str] = &[
    "summit",
    "talks",
    "crisis",
    "exercises",
    "referendum",
    "elections",
    "agreement",
    "ceasefire",
    "incident",
    "protests",
    "blockade",
    "conference",
    "declaration",
    "offensive",
    "sanctions",
    "negotiations",
];
const TERM_HEADS: &[&str] = &[
    "Accord",
    "Doctrine",
    "Protocol",
    "Format",
    "Initiative",
    "Pact",
    "Declaration",
    "Process",
    "Charter",
    "Corridor",
    "Formula",
    "Plan",
    "Guarantees",
    "Memorandum",
    "Treaty",
    "Partnership",
];

/// Every letter of a syllable-built word, capitalised.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn syllable(rng: &mut Rng) -> String {
    format!(
        "{}{}{}",
        rng.pick(ONSETS),
        rng.pick(VOWELS),
        rng.pick(CODAS)
    )
}

/// A syllable-built word of 2 or 3 syllables, lowercase.
fn word(rng: &mut Rng, syllables: usize) -> String {
    (0..syllables).map(|_| syllable(rng)).collect()
}

fn surname(rng: &mut Rng) -> String {
    let n = match rng.below(20) {
        0..=2 => 1,
        3..=16 => 2,
        _ => 3,
    };
    capitalise(&format!("{}{}", word(rng, n), rng.pick(SURNAME_ENDINGS)))
}

fn first_name(rng: &mut Rng) -> String {
    if rng.chance(0.6) {
        rng.pick(FIRST_NAMES).to_string()
    } else {
        capitalise(&format!(
            "{}{}",
            word(rng, 2),
            rng.pick(&["a", "o", "", "in", "el"])
        ))
    }
}

/// A transliterated spelling, as another language's press would write the name.
fn transliterate(s: &str) -> String {
    let mut out = s.to_string();
    for (a, b) in [
        ("ks", "x"),
        ("v", "w"),
        ("sh", "sch"),
        ("y", "i"),
        ("ou", "u"),
        ("kh", "h"),
        ("ch", "tch"),
        ("j", "dj"),
    ] {
        if out.contains(a) {
            out = out.replacen(a, b, 1);
            break;
        }
    }
    out
}

fn date(rng: &mut Rng) -> DateSpec {
    let year = 1949 + rng.below(75) as i32;
    let month = 1 + rng.below(12) as u32;
    let day = 1 + rng.below(28) as u32;
    let text = match rng.below(10) {
        0..=2 => format!("{year}"),
        3..=5 => format!("{year}-{month:02}"),
        6..=8 => format!("{year}-{month:02}-{day:02}"),
        _ => format!("{year}/{}", year + 1 + rng.below(3) as i32),
    };
    DateSpec::parse(&text).expect("generated dates are valid")
}

/// Names (folded, lowercase) already given to someone, to keep every name unique.
#[derive(Default)]
struct TakenNames {
    names: HashSet<String>,
}

impl TakenNames {
    /// Takes `name`; false if it (folded, in any case) was taken already.
    fn claim(&mut self, name: &str) -> bool {
        self.names.insert(fold_text(name).to_lowercase())
    }
}

/// The state of one generation: the seeded generator, the vocabulary drawn for it, the
/// people so far and the source documents' paragraphs.
struct Generator {
    rng: Rng,
    /// Generated technical vocabulary: the long tail of words.
    jargon: Vec<String>,
    countries: Vec<String>,
    cities: Vec<String>,
    /// Display surnames of people generated so far, with their ids.
    people: Vec<(String, String)>,
    /// Paragraphs of each source document.
    paragraphs: Vec<Vec<String>>,
}

impl Generator {
    /// A noun: the domain vocabulary, or (a third of the time) the long tail of jargon.
    fn noun(&mut self) -> String {
        if self.rng.chance(0.33) {
            self.rng.zipf(&self.jargon).clone()
        } else {
            self.rng.zipf(NOUNS).to_string()
        }
    }

    fn noun_phrase(&mut self) -> String {
        let noun = self.noun();
        let rng = &mut self.rng;
        match rng.below(6) {
            0 => format!("the {noun}"),
            1 => format!("the {} {noun}", rng.zipf(ADJECTIVES)),
            2 => format!("the {noun} of {}", rng.zipf(&self.countries)),
            3 => format!(
                "{}'s {} {noun}",
                rng.zipf(&self.countries),
                rng.zipf(ADJECTIVES)
            ),
            4 => format!("{} {noun}", rng.zipf(ADJECTIVES)),
            _ => format!("the {noun} in {}", rng.zipf(&self.cities)),
        }
    }

    fn sentence(&mut self) -> String {
        let subject = self.noun_phrase();
        let object = self.noun_phrase();
        let verb = *self.rng.zipf(VERBS);
        let s = match self.rng.below(4) {
            0 => format!("{subject} {verb} {object}"),
            1 => {
                let c = self.rng.zipf(&self.countries).clone();
                format!("{c} {verb} {object}")
            }
            2 => {
                let tail = self.noun_phrase();
                format!("{subject} {verb} {object} because of {tail}")
            }
            _ => {
                let n = self.noun();
                format!("{subject} {verb} {object} and the {n}")
            }
        };
        format!("{}.", capitalise(&s))
    }

    fn sentences(&mut self, max: usize) -> String {
        let n = 1 + self.rng.below(max);
        (0..n)
            .map(|_| self.sentence())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Files a passage under a source document; returns the source id.
    fn place(&mut self, excerpt: &str, fact_no: usize) -> String {
        let s = (fact_no / FACTS_PER_SOURCE).min(self.paragraphs.len() - 1);
        self.paragraphs[s].push(excerpt.to_string());
        source_id(s)
    }

    fn speaker(&mut self) -> (String, String) {
        let i = self.rng.below(self.people.len());
        self.people[i].clone()
    }
}

fn source_id(i: usize) -> String {
    format!("src-{i:06}")
}

/// How many facts of each kind a base of `facts` facts holds, indexed by
/// [`FactKind::index`].
pub fn kind_counts(facts: usize) -> [usize; 5] {
    let mut counts = [0; 5];
    for kind in [
        FactKind::Person,
        FactKind::Article,
        FactKind::Event,
        FactKind::Term,
    ] {
        counts[kind.index()] = facts * share_percent(kind) / 100;
    }
    let people = &mut counts[FactKind::Person.index()];
    *people = (*people).max(1);
    let others: usize = counts.iter().sum();
    counts[FactKind::Statement.index()] = facts.saturating_sub(others).max(1);
    counts
}

/// Each kind's share of a generated base, in percent (statements take what the others leave:
/// 40%).
fn share_percent(kind: FactKind) -> usize {
    match kind {
        FactKind::Person => 15,
        FactKind::Statement => 40,
        FactKind::Article => 1,
        FactKind::Event => 24,
        FactKind::Term => 20,
    }
}

/// Builds a valid fact base of about `facts` facts (at least 2) from `seed`.
///
/// The same `(facts, seed)` always gives the same base. Shares: 15% people, 40% statements,
/// 1% articles, 24% events, 20% terms.
pub fn generate(facts: usize, seed: u64) -> KnowledgeBase {
    let counts = kind_counts(facts);
    let count = |kind: FactKind| counts[kind.index()];
    let (n_people, n_statements, n_articles, n_events, n_terms) = (
        count(FactKind::Person),
        count(FactKind::Statement),
        count(FactKind::Article),
        count(FactKind::Event),
        count(FactKind::Term),
    );
    let total: usize = counts.iter().sum();
    let n_sources = total.div_ceil(FACTS_PER_SOURCE).max(1);
    let mut rng = Rng::new(seed);
    let mut taken = TakenNames::default();
    let mut countries = Vec::new();
    let mut seen = HashSet::new();
    while countries.len() < 300 {
        let c = capitalise(&format!(
            "{}{}",
            word(&mut rng, 2),
            rng.pick(&["ia", "ania", "stan", "land", "ova", "ary", "ea"])
        ));
        if seen.insert(c.clone()) {
            countries.push(c);
        }
    }
    let mut cities = Vec::new();
    while cities.len() < 500 {
        let c = capitalise(&format!(
            "{}{}",
            word(&mut rng, 2),
            rng.pick(&["grad", "burg", "polis", "sk", "ovo", "abad", "", "i"])
        ));
        if seen.insert(c.clone()) {
            cities.push(c);
        }
    }
    let mut jargon = Vec::new();
    while jargon.len() < 5000 {
        let j = format!(
            "{}{}",
            word(&mut rng, 2),
            rng.pick(&["ation", "ism", "ity", "ment", "ance", "ics", "ure", "age", "ship", "ery"])
        );
        if seen.insert(j.clone()) {
            jargon.push(j);
        }
    }
    let mut generator = Generator {
        rng,
        jargon,
        countries,
        cities,
        people: Vec::new(),
        paragraphs: vec![Vec::new(); n_sources],
    };
    let mut fact_no = 0usize;
    let mut next_fact = || {
        fact_no += 1;
        // Spread each kind over every source document.
        (fact_no * 7919) % total
    };

    // People.
    let mut people = Vec::with_capacity(n_people);
    while people.len() < n_people {
        let first = first_name(&mut generator.rng);
        let last = surname(&mut generator.rng);
        let name = format!("{first} {last}");
        if !taken.claim(&last) {
            continue;
        }
        if !taken.claim(&name) {
            continue;
        }
        let mut aliases = vec![last.clone()];
        let initial = format!(
            "{}. {last}",
            &first[..first.chars().next().map_or(1, char::len_utf8)]
        );
        if taken.claim(&initial) {
            aliases.push(initial);
        }
        let translit = transliterate(&name);
        if translit != name && taken.claim(&translit) {
            aliases.push(translit);
        }
        let country = generator.rng.zipf(&generator.countries).clone();
        let office = *generator.rng.zipf(OFFICES);
        let role = format!("{office} of {country}");
        let kind = if generator.rng.chance(0.05) {
            ActorKind::Group
        } else {
            ActorKind::Person
        };
        let excerpt = format!("{name}, the {role}, {}.", generator.rng.zipf(SPEECH_VERBS));
        let id = format!("p{}", people.len());
        let source = generator.place(&excerpt, next_fact());
        generator.people.push((last.clone(), id.clone()));
        people.push(Person {
            id: id.into(),
            name: name.into(),
            kind,
            aliases: aliases.into_iter().collect(),
            role: Some(role.into()),
            source: source.into(),
            excerpts: [excerpt].into_iter().collect(),
        });
    }

    // Statements.
    let mut statements = Vec::with_capacity(n_statements);
    for i in 0..n_statements {
        let (surname, speaker) = generator.speaker();
        let text = generator.sentences(3);
        let verb = *generator.rng.zipf(SPEECH_VERBS);
        let kind = if generator.rng.chance(0.5) {
            StatementKind::Direct
        } else {
            StatementKind::Reported
        };
        let mentions = if generator.rng.chance(0.3) {
            vec![generator.speaker().1]
        } else {
            Vec::new()
        };
        let date = generator.rng.chance(0.5).then(|| date(&mut generator.rng));
        // A dated statement's passage states its date, as the support check requires.
        let when = date
            .as_ref()
            .map(|d| format!("In {d}, "))
            .unwrap_or_default();
        let excerpt = match kind {
            StatementKind::Direct => format!("{when}{surname} {verb}: \"{text}\""),
            StatementKind::Reported => format!("{when}according to {surname}, {text}"),
            StatementKind::Argument => unreachable!("the generator makes no arguments"),
        };
        let excerpt = capitalise(&excerpt);
        let heading = text
            .split_inclusive(". ")
            .next()
            .unwrap_or(&text)
            .trim()
            .to_string();
        let source = generator.place(&excerpt, next_fact());
        statements.push(Statement {
            id: format!("s{i}").into(),
            heading: heading.into(),
            speakers: [speaker].into_iter().collect(),
            text: Some(text.into()),
            kind,
            date,
            date_basis: None,
            mentions: mentions.into_iter().collect(),
            source: source.into(),
            excerpts: [excerpt].into_iter().collect(),
        });
    }

    // Articles.
    let mut articles = Vec::with_capacity(n_articles);
    for i in 0..n_articles {
        let draft = if i % 2 == 0 { Draft::Us } else { Draft::Nato };
        let number = (i % 10 != 9).then(|| 1 + generator.rng.below(40) as u32);
        let text = generator.sentence();
        let kind = if generator.rng.chance(0.5) {
            ArticleKind::Direct
        } else {
            ArticleKind::Paraphrase
        };
        let which = number.map_or("The draft".to_string(), |n| format!("Article {n}"));
        let excerpt = format!("{which} of the {} reads: \"{text}\"", draft.label());
        let source = generator.place(&excerpt, next_fact());
        articles.push(Article {
            id: format!("a{i}").into(),
            draft,
            number,
            text: Some(text.into()),
            kind,
            source: source.into(),
            excerpts: [excerpt].into_iter().collect(),
        });
    }

    // Events.
    let mut events = Vec::with_capacity(n_events);
    for i in 0..n_events {
        let date = date(&mut generator.rng);
        let place = generator.rng.zipf(&generator.cities).clone();
        let country = generator.rng.zipf(&generator.countries).clone();
        let what = *generator.rng.pick(EVENT_NOUNS);
        let title = format!("{country} {what} in {place}");
        let description = generator.sentences(2);
        let mut involved = vec![generator.speaker().1];
        if generator.rng.chance(0.3) {
            let other = generator.speaker().1;
            if other != involved[0] {
                involved.push(other);
            }
        }
        let excerpt = format!("In {date}, the {country} {what} in {place}: {description}");
        let source = generator.place(&excerpt, next_fact());
        events.push(Event {
            id: format!("e{i}").into(),
            date,
            date_basis: None,
            title: title.into(),
            description: Some(description.into()),
            people: involved.into_iter().collect(),
            source: source.into(),
            excerpts: [excerpt].into_iter().collect(),
        });
    }

    // Terms.
    let mut term_names = HashSet::new();
    let mut terms = Vec::with_capacity(n_terms);
    while terms.len() < n_terms {
        let syllables = 2 + generator.rng.below(2);
        let root = capitalise(&word(&mut generator.rng, syllables));
        let head = *generator.rng.pick(TERM_HEADS);
        let term = format!("{root} {head}");
        if !term_names.insert(fold_text(&term).to_lowercase()) {
            continue;
        }
        let mut aliases = Vec::new();
        let short = format!("{root} {}", &head[..1]);
        if term_names.insert(fold_text(&short).to_lowercase()) {
            aliases.push(short);
        }
        let of = format!("the {head} of {root}");
        if generator.rng.chance(0.5) && term_names.insert(fold_text(&of).to_lowercase()) {
            aliases.push(of);
        }
        let explanation = generator.sentences(2);
        let excerpt = format!("The so-called {term}: {explanation}");
        let source = generator.place(&excerpt, next_fact());
        terms.push(Term {
            id: format!("t{}", terms.len()).into(),
            term: term.into(),
            aliases: aliases.into_iter().collect(),
            explanation: Some(explanation.into()),
            source: source.into(),
            excerpts: [excerpt].into_iter().collect(),
        });
    }

    // Sources and their texts.
    let mut sources = Vec::with_capacity(n_sources);
    let mut texts = HashMap::with_capacity(n_sources);
    for (i, paragraphs) in generator.paragraphs.iter().enumerate() {
        let id = source_id(i);
        let author = &people[i % people.len()].name;
        let raw = paragraphs.join("\n\n") + "\n";
        sources.push(Source {
            id: id.clone().into(),
            title: format!(
                "Report {i} on {}",
                generator.countries[i % generator.countries.len()]
            )
            .into(),
            author: author.clone(),
            published: Some(date(&mut generator.rng)),
            published_note: "as the report gives it".into(),
            file: format!("sources/{id}.txt").into(),
            short: format!("Report {i}").into(),
            noise: Default::default(),
        });
        texts.insert(id.into(), SourceText::new(&raw));
    }
    KnowledgeBase::new(sources, people, statements, articles, events, terms, texts)
}

/// Bytes of every string of the base: all fields of every fact and source, and the source
/// texts once (folded, as the base holds them). What "the fact base's text size" means in memory measurements.
pub fn text_bytes(kb: &KnowledgeBase) -> usize {
    let mut n = 0;
    for s in kb.sources() {
        n += s.id.len() + s.title.len() + s.author.len() + s.file.len() + s.short.len();
        n += kb.source_text(&s.id).map_or(0, |t| t.folded.len());
    }
    for kind in FactKind::ALL {
        kb.each_string(kind, &mut |s| n += s.len());
    }
    n
}

/// Writes `kb` as the knowledge files [`KnowledgeBase::load`] reads: the six TOML files and
/// every source text under `dir/sources/`. Creates `dir` if needed.
///
/// Fails (without writing the file) when a TOML file would exceed the loader's
/// [`MAX_FILE_BYTES`]: statements.toml reaches it at about 100,000 generated facts (16.76 MB
/// of 16.78 MB for `generate(100_000, 42)`), so larger bases cannot be written.
pub fn write_toml(kb: &KnowledgeBase, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join("sources"))?;
    for s in kb.sources() {
        if let Some(t) = kb.source_text(&s.id) {
            std::fs::write(dir.join(s.file.as_str()), t.folded.as_bytes())?;
        }
    }
    let files = [
        (SOURCES_FILE, entries_toml(SOURCES_TABLE, kb.sources())?),
        kind_toml(FactKind::Person, kb.people())?,
        kind_toml(FactKind::Statement, kb.statements())?,
        kind_toml(FactKind::Article, kb.articles())?,
        kind_toml(FactKind::Event, kb.events())?,
        kind_toml(FactKind::Term, kb.terms())?,
    ];
    for (name, text) in files {
        if text.len() as u64 > MAX_FILE_BYTES {
            return Err(std::io::Error::other(format!(
                "{name} would be {} bytes, over the loader's limit of {MAX_FILE_BYTES}",
                text.len()
            )));
        }
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// One kind's file name and TOML text.
fn kind_toml<T: Serialize>(kind: FactKind, facts: &[T]) -> std::io::Result<(&'static str, String)> {
    Ok((kind.file(), entries_toml(kind.table(), facts)?))
}

/// `entries` as a TOML array of tables named `table` (`[[table]]` each).
fn entries_toml<T: Serialize>(table: &str, entries: &[T]) -> std::io::Result<String> {
    let file = BTreeMap::from([(table, entries)]);
    toml::to_string(&file).map_err(std::io::Error::other)
}

/// One query of a typo test set: a known name with random edits, and what it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypoQuery {
    /// The name with its edits.
    pub query: String,
    /// The name it was made from.
    pub name: String,
    /// Index of the name's owner in the list the set was drawn from.
    pub target: usize,
}

/// Applies `edits` random edits (insert, delete, substitute a letter, or swap two neighbours)
/// to `s`; the result differs from `s` (unless `s` is empty).
pub fn typo(s: &str, edits: usize, rng: &mut Rng) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
    let original: Vec<char> = s.chars().collect();
    loop {
        let mut c = original.clone();
        for _ in 0..edits {
            let letter = LETTERS[rng.below(LETTERS.len())] as char;
            match rng.below(4) {
                0 => {
                    let at = rng.below(c.len() + 1);
                    c.insert(at, letter);
                }
                1 if c.len() > 1 => {
                    let at = rng.below(c.len());
                    c.remove(at);
                }
                2 if c.len() > 1 => {
                    let at = rng.below(c.len() - 1);
                    c.swap(at, at + 1);
                }
                _ if !c.is_empty() => {
                    let at = rng.below(c.len());
                    c[at] = letter;
                }
                _ => c.push(letter),
            }
        }
        let out: String = c.into_iter().collect();
        if out.to_lowercase() != s.to_lowercase() || s.is_empty() {
            return out;
        }
    }
}

/// `n` typo queries drawn from `names` (each a name and its owner), with `edits` edits each,
/// seeded. Names shorter than five letters are skipped (one edit to them is another word).
pub fn typo_queries(
    names: &[(String, usize)],
    n: usize,
    edits: usize,
    seed: u64,
) -> Vec<TypoQuery> {
    let mut rng = Rng::new(seed);
    let usable: Vec<&(String, usize)> = names.iter().filter(|(s, _)| s.len() >= 5).collect();
    if usable.is_empty() {
        return Vec::new();
    }
    (0..n)
        .map(|_| {
            let (name, target) = *rng.pick(&usable);
            TypoQuery {
                query: typo(name, edits, &mut rng),
                name: name.clone(),
                target: *target,
            }
        })
        .collect()
}

/// `n` distinct person names ("First Surname", every surname unique), seeded: the name
/// list the side-by-side comparison with other fuzzy matchers runs on.
pub fn names(n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng::new(seed);
    let mut taken = HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let first = first_name(&mut rng);
        let last = surname(&mut rng);
        if taken.insert(last.to_lowercase()) {
            out.push(format!("{first} {last}"));
        }
    }
    out
}

/// Every person name and alias of `kb`, with the person's index.
pub fn person_names(kb: &KnowledgeBase) -> Vec<(String, usize)> {
    names_with_aliases(kb.people(), |p| (&p.name, &p.aliases))
}

/// Every term and alias of `kb`, with the term's index.
pub fn term_names(kb: &KnowledgeBase) -> Vec<(String, usize)> {
    names_with_aliases(kb.terms(), |t| (&t.term, &t.aliases))
}

/// Each entry's name and aliases, with the entry's index.
fn names_with_aliases<T>(
    entries: &[T],
    of: impl Fn(&T) -> (&Text, &TextList),
) -> Vec<(String, usize)> {
    entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| {
            let (name, aliases) = of(e);
            std::iter::once(name)
                .chain(aliases)
                .map(move |n| (n.to_string(), i))
        })
        .collect()
}

/// The (unrestricted) Damerau–Levenshtein distance between two strings, by characters
/// (the engine's fast implementation; equal to `strsim::damerau_levenshtein`).
pub fn damerau_levenshtein(a: &str, b: &str) -> usize {
    factbot_engine::index::symspell::damerau_levenshtein(a, b)
}

/// Share of `queries` whose intended target is among the targets of the names nearest to the
/// query (Damerau–Levenshtein on normalized text), ties shared: the best top-1 accuracy any
/// matcher that ranks by edit distance can reach. `names` are `(name, target)` pairs.
pub fn ceiling(names: &[(String, usize)], queries: &[TypoQuery]) -> f64 {
    use factbot_engine::index::normalize::normalize;
    if queries.is_empty() {
        return 0.0;
    }
    let mut by_len: HashMap<usize, Vec<(String, usize)>> = HashMap::new();
    for (n, t) in names {
        let k = normalize(n);
        by_len.entry(k.len()).or_default().push((k, *t));
    }
    let score = |q: &TypoQuery| -> f64 {
        let nq = normalize(&q.query);
        let own = damerau_levenshtein(&nq, &normalize(&q.name));
        let mut best = own;
        let mut tied: Vec<usize> = Vec::new();
        for len in nq.len().saturating_sub(own)..=nq.len() + own {
            for (k, t) in by_len.get(&len).into_iter().flatten() {
                let d = damerau_levenshtein(&nq, k);
                if d < best {
                    best = d;
                    tied.clear();
                }
                if d == best && !tied.contains(t) {
                    tied.push(*t);
                }
            }
        }
        if tied.contains(&q.target) {
            1.0 / tied.len() as f64
        } else {
            0.0
        }
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = queries.len().div_ceil(threads);
    let total: f64 = std::thread::scope(|s| {
        let handles: Vec<_> = queries
            .chunks(chunk)
            .map(|part| s.spawn(move || part.iter().map(score).sum::<f64>()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap_or(0.0)).sum()
    });
    total / queries.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_base_and_counts_add_up() {
        let a = generate(2_000, 7);
        let b = generate(2_000, 7);
        assert_eq!(a.fact_count(), 2_000);
        assert_eq!(a.people()[10].name, b.people()[10].name);
        assert_eq!(a.statements()[99].text, b.statements()[99].text);
        let c = generate(2_000, 8);
        assert_ne!(a.people()[10].name, c.people()[10].name);
    }

    #[test]
    fn written_base_loads_and_validates() {
        let kb = generate(3_000, 1);
        let dir = tempfile::tempdir().unwrap();
        write_toml(&kb, dir.path()).unwrap();
        let loaded = match KnowledgeBase::load(dir.path()) {
            Ok(kb) => kb,
            Err(e) => panic!("generated base does not load:\n{e}"),
        };
        assert_eq!(loaded.counts(), kb.counts());
        assert_eq!(loaded.people()[5].aliases, kb.people()[5].aliases);
    }

    /// Strings TOML must escape (quotes of both kinds and in threes, backslashes, line
    /// breaks, control characters) are written so that they load back unchanged.
    #[test]
    fn awkward_strings_load_back_unchanged() {
        let base = generate(200, 3);
        let awkward = [
            "a \"quoted\" word and a \\ backslash",
            "three \"\"\" quotes, three ''' apostrophes, ending in a quote\"",
            "a line\nbreak, a\ttab, a bell\u{7} and \u{1F600}",
            "'single-quoted'",
        ];
        // A fact base is immutable: build a new one from changed parts.
        let mut terms = base.terms().to_vec();
        // Aliases: names are not held to the excerpts, so any string may be one.
        for (term, text) in terms.iter_mut().zip(awkward) {
            term.aliases = [Text::from(text)].into_iter().collect();
        }
        let mut sources = base.sources().to_vec();
        sources[0].title = Text::from(awkward[1]);
        let texts = base
            .sources()
            .iter()
            .map(|s| (s.id.clone(), base.source_text(&s.id).unwrap().clone()))
            .collect();
        let kb = KnowledgeBase::new(
            sources,
            base.people().to_vec(),
            base.statements().to_vec(),
            base.articles().to_vec(),
            base.events().to_vec(),
            terms,
            texts,
        );
        let dir = tempfile::tempdir().unwrap();
        write_toml(&kb, dir.path()).unwrap();
        let loaded = KnowledgeBase::load(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        for (term, text) in loaded.terms().iter().zip(awkward) {
            assert_eq!(term.aliases[0], text);
        }
        assert_eq!(loaded.sources()[0].title, awkward[1]);
        assert_eq!(loaded.sources()[0].published, kb.sources()[0].published);
        let dated = |kb: &KnowledgeBase| -> Vec<Option<DateSpec>> {
            kb.statements().iter().map(|s| s.date.clone()).collect()
        };
        assert_eq!(dated(&loaded), dated(&kb));
    }

    #[test]
    fn typos_differ_from_the_name() {
        let mut rng = Rng::new(3);
        for _ in 0..1000 {
            let t = typo("Stoltenberg", 2, &mut rng);
            assert_ne!(t.to_lowercase(), "stoltenberg");
            assert!(damerau_levenshtein(&t.to_lowercase(), "stoltenberg") <= 2);
        }
    }
}
