//! `article N [us|nato]`: what the documents say of a draft's article.

use std::collections::BTreeSet;

use super::{text_with, Cmd, CommandSpec, OptionKind, OptionSpec};
use crate::index::normalize::{normalize, shorten, words};
use crate::{Answer, AnswerKind, CommandRef, Engine, Text, MAX_ITEMS};
use factbot_knowledge::{Draft, KnowledgeBase};

const UNITS: [&str; 20] = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];
const ORDINALS: [&str; 20] = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];
/// Words that may stand around the number and draft without meaning anything.
const FILLER: [&str; 13] = [
    "art",
    "article",
    "no",
    "number",
    "of",
    "the",
    "draft",
    "treaty",
    "agreement",
    "for",
    "in",
    "about",
    "on",
];

/// Share of a topic's words an article's passage must hold to be listed for it.
const TOPIC: f64 = 0.5;

/// An article of a draft (or every described article of a draft, or the usage).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// The article's number; `None` lists the draft's articles.
    pub number: Option<u32>,
    /// The draft; `None` means either.
    pub draft: Option<Draft>,
    /// Words to find articles by, when no number is given (`!article about bombers`).
    pub topic: Option<String>,
}

/// Why `article`'s arguments could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArticleError {
    /// A word that is neither a number nor a draft (or a second number).
    Unreadable(String),
    /// Words that name both drafts.
    BothDrafts,
}

impl Cmd for Article {
    const SPEC: CommandSpec = CommandSpec {
        name: "article",
        aliases: &["art", "articles"],
        synopsis: "N [us|nato]",
        about: "What the documents say of article N of Russia's draft treaty with the US or agreement with NATO; with words instead of a number, the articles on that topic.",
        description: "Show an article of Russia's draft treaties (US or NATO)",
        options: &[
            OptionSpec {
                name: "number",
                placeholder: "N",
                description: "Article number",
                required: true,
                kind: OptionKind::Integer { min: 1, max: 99 },
            },
            OptionSpec {
                name: "draft",
                placeholder: "us|nato",
                description: "Which draft: the treaty with the US or the agreement with NATO",
                required: false,
                kind: OptionKind::Choice(&["us", "nato"]),
            },
        ],
        examples: &["4", "IV us", "seventh nato", "about bombers"],
    };
    type Error = ArticleError;

    fn parse(args: &str) -> Result<Article, ArticleError> {
        read(args)
    }

    fn answer(&self, engine: &Engine) -> Answer {
        answer(engine, self)
    }

    fn reject(error: &ArticleError, engine: &Engine) -> Answer {
        let described = engine.articles.described.as_str();
        let why = match error {
            ArticleError::Unreadable(word) => format!(
                "I could not read “{}” as an article number or a draft.",
                shorten(word, 40)
            ),
            ArticleError::BothDrafts => {
                "That names both drafts: name one (us or nato), or neither for both.".to_string()
            }
        };
        engine
            .usage(&Article::SPEC)
            .with_summary(format!("{why} {described}"))
    }
}

/// Reads `4`, `IV`, `4th`, `four`, `fourth`.
pub fn parse_number(word: &str) -> Option<u32> {
    let w = word.to_ascii_lowercase();
    let digits = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(&w);
    if !digits.is_empty() && digits.len() <= 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse().ok();
    }
    if let Some(i) = UNITS
        .iter()
        .position(|u| *u == w)
        .or_else(|| ORDINALS.iter().position(|u| *u == w))
    {
        return Some(i as u32 + 1);
    }
    roman(&w)
}

/// Roman numerals up to 39 (`i` … `xxxix`), strictly formed.
fn roman(w: &str) -> Option<u32> {
    if w.is_empty() || w.len() > 7 || !w.bytes().all(|b| b"ivx".contains(&b)) {
        return None;
    }
    let value = |c: u8| match c {
        b'i' => 1,
        b'v' => 5,
        _ => 10,
    };
    let bytes = w.as_bytes();
    let mut total = 0i32;
    for (k, &c) in bytes.iter().enumerate() {
        let v = value(c);
        if bytes.get(k + 1).is_some_and(|&n| value(n) > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    let n = u32::try_from(total).ok().filter(|n| *n > 0)?;
    // Only the canonical spelling counts ("iiii" and "vx" are no numerals).
    (to_roman(n) == w).then_some(n)
}

fn to_roman(mut n: u32) -> String {
    let mut s = String::new();
    for (v, r) in [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")] {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// Reads the arguments of a text command: a number and a draft, or words of a topic.
fn read(args: &str) -> Result<Article, ArticleError> {
    let norm = normalize(args);
    let ws: Vec<&str> = words(&norm).collect();
    let mut q = Article {
        number: None,
        draft: None,
        topic: None,
    };
    let mut unread: Option<String> = None;
    let mut i = 0;
    while i < ws.len() {
        let w = ws[i];
        let next = ws.get(i + 1).copied();
        let draft = match (w, next) {
            ("us" | "usa" | "america" | "american" | "washington", _) => Some((Draft::Us, 1)),
            ("u", Some("s")) => Some((Draft::Us, 2)),
            ("united", Some("states")) => Some((Draft::Us, 2)),
            ("nato" | "alliance" | "otan" | "nato's", _) => Some((Draft::Nato, 1)),
            ("north", Some("atlantic")) => Some((Draft::Nato, 2)),
            _ => None,
        };
        if let Some((d, used)) = draft {
            if q.draft.is_some_and(|old| old != d) {
                return Err(ArticleError::BothDrafts);
            }
            q.draft = Some(d);
            i += used;
            continue;
        }
        if FILLER.contains(&w) {
            i += 1;
            continue;
        }
        match parse_number(w) {
            Some(n) if q.number.is_none() => q.number = Some(n),
            Some(_) => return Err(ArticleError::Unreadable(w.to_string())),
            // Digits that are no article number are no topic either.
            None if w.bytes().all(|b| b.is_ascii_digit()) => {
                return Err(ArticleError::Unreadable(w.to_string()))
            }
            None => {
                unread.get_or_insert_with(|| w.to_string());
            }
        }
        i += 1;
    }
    match (unread, q.number) {
        (None, _) => Ok(q),
        (Some(word), Some(_)) => Err(ArticleError::Unreadable(word)),
        (Some(_), None) => {
            q.topic = Some(crate::query::clean(args));
            Ok(q)
        }
    }
}

/// The articles whose passages speak of a topic, best first.
fn by_topic(engine: &Engine, q: &Article, topic: &str) -> Answer {
    use crate::index::words::{FactKinds, FactRef, RankQuery};
    let kb = engine.knowledge();
    let rank = RankQuery::new(TOPIC, MAX_ITEMS).kinds(FactKinds::ARTICLES | FactKinds::PASSAGES);
    let hits: Vec<_> = engine
        .related(topic, &rank)
        .hits
        .into_iter()
        .filter(|h| match h.fact {
            FactRef::Article(i) => q.draft.is_none_or(|d| d == kb.articles()[i].draft),
            _ => false,
        })
        .collect();
    let shown = shorten(topic, 80);
    if hits.is_empty() {
        let described = engine.articles.described.as_str();
        return engine.usage(&Article::SPEC).with_summary(format!(
            "No article of the drafts is described in words like “{shown}”, and it is no article number. {described}"
        ));
    }
    let mut answer = Answer::new(AnswerKind::Article, format!("Articles on “{shown}”"))
        .with_summary("The articles whose passages hold these words, most related first.");
    answer.items = hits.iter().map(|h| engine.scored_item(h)).collect();
    answer
}

fn answer(engine: &Engine, q: &Article) -> Answer {
    if let Some(topic) = &q.topic {
        return by_topic(engine, q, topic);
    }
    let kb = engine.knowledge();
    let described = engine.articles.described.as_str();
    let Some(number) = q.number else {
        let Some(draft) = q.draft else {
            return engine.usage(&Article::SPEC).with_summary(described);
        };
        let of_draft = &engine.articles.by_draft[draft.index()];
        let mut summary = Text::from(described);
        summary.append(Engine::truncation_note(
            of_draft.len(),
            "Ask for one article by its number.".into(),
        ));
        let mut answer = Answer::new(AnswerKind::Article, draft.title()).with_summary(summary);
        answer.items = of_draft
            .iter()
            .take(MAX_ITEMS)
            .map(|&i| engine.article_item(i))
            .collect();
        return answer;
    };
    let matching: Vec<usize> = engine
        .articles
        .by_number
        .get(&number)
        .into_iter()
        .flatten()
        .copied()
        .filter(|&i| q.draft.is_none_or(|d| d == kb.articles()[i].draft))
        .collect();
    let which = match q.draft {
        Some(d) => format!("article {number} of the {}", d.label()),
        None => format!("article {number} of either draft"),
    };
    if matching.is_empty() {
        return Answer::new(AnswerKind::NotFound, format!("Article {number}: not described"))
            .with_summary(format!("The documents do not describe {which}, so the fact base has nothing on it. {described}"));
    }
    let title = match q.draft {
        Some(d) => format!("Article {number} — {}", d.label()),
        None => format!("Article {number}"),
    };
    let mut answer = Answer::new(AnswerKind::Article, title);
    let drafts: BTreeSet<Draft> = matching.iter().map(|&i| kb.articles()[i].draft).collect();
    let summary = drafts
        .iter()
        .map(|d| format!("{}: {}.", d.label(), d.title()))
        .collect::<Vec<_>>()
        .join(" ");
    let mut summary = Text::from(summary);
    summary.append(Engine::truncation_note(
        matching.len(),
        text_with(
            "Name the draft (",
            CommandRef::with_text(&Article::SPEC, &format!("{number} us")),
            ").",
        ),
    ));
    answer.summary = Some(summary);
    answer.items = matching
        .into_iter()
        .take(MAX_ITEMS)
        .map(|i| engine.article_item(i))
        .collect();
    answer
}

/// "The documents describe: US draft articles 1, 4 and 5; NATO draft article 7 (and the draft as a whole)."
/// Computed once per fact base (see `crate::indexes::Articles`).
pub(crate) fn described(kb: &KnowledgeBase) -> String {
    let mut parts = Vec::new();
    for d in Draft::ALL {
        let nums: BTreeSet<u32> = kb
            .articles()
            .iter()
            .filter(|a| a.draft == d)
            .filter_map(|a| a.number)
            .collect();
        let whole = kb
            .articles()
            .iter()
            .any(|a| a.draft == d && a.number.is_none());
        if nums.is_empty() && !whole {
            continue;
        }
        let list: Vec<String> = nums.iter().map(u32::to_string).collect();
        let mut part = match list.len() {
            0 => format!("the {}", d.label()),
            1 => format!("{} article {}", d.label(), list[0]),
            _ => format!("{} articles {}", d.label(), Engine::join_names(&list)),
        };
        if whole && !list.is_empty() {
            part.push_str(" (and the draft as a whole)");
        }
        parts.push(part);
    }
    if parts.is_empty() {
        "The fact base describes no articles.".to_string()
    } else {
        format!("The documents describe: {}.", parts.join("; "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_article_indexes_answer_as_a_scan_would() {
        let engine = Engine::new(std::sync::Arc::new(factbot_testkit::synth::generate(
            20_000, 4,
        )));
        let kb = engine.knowledge();
        let headings = |message: &str| -> Vec<String> {
            let answer = engine.respond("!", message).expect("a command");
            answer
                .items
                .into_iter()
                .map(|i| i.heading.write(crate::Syntax::Prefix("!")))
                .collect()
        };
        let scan = |keep: &dyn Fn(&factbot_knowledge::Article) -> bool| -> Vec<String> {
            kb.articles()
                .iter()
                .enumerate()
                .filter(|(_, a)| keep(a))
                .take(crate::MAX_ITEMS)
                .map(|(i, _)| {
                    engine
                        .article_item(i)
                        .heading
                        .write(crate::Syntax::Prefix("!"))
                })
                .collect()
        };
        for d in Draft::ALL {
            let listed = headings(&format!("!article {}", d.keyword()));
            assert_eq!(listed, scan(&|a| a.draft == d));
            assert!(!listed.is_empty());
        }
        for n in [1, 4, 17, 40] {
            assert_eq!(
                headings(&format!("!article {n}")),
                scan(&|a| a.number == Some(n))
            );
            for d in Draft::ALL {
                assert_eq!(
                    headings(&format!("!article {n} {}", d.keyword())),
                    scan(&|a| a.number == Some(n) && a.draft == d)
                );
            }
        }
    }

    #[test]
    fn reads_every_number_form() {
        for s in [
            "4",
            "IV",
            "iv",
            "4th",
            "four",
            "fourth",
            "art. 4",
            "Article 4",
            "article no. 4",
            "#4",
        ] {
            assert_eq!(Article::parse(s).unwrap().number, Some(4), "{s}");
        }
        assert_eq!(Article::parse("1st").unwrap().number, Some(1));
        assert_eq!(Article::parse("XII").unwrap().number, Some(12));
        assert_eq!(
            Article::parse("").unwrap(),
            Article {
                number: None,
                draft: None,
                topic: None,
            }
        );
    }

    #[test]
    fn reads_drafts_in_any_order() {
        assert_eq!(
            Article::parse("7 nato").unwrap(),
            Article {
                number: Some(7),
                draft: Some(Draft::Nato),
                topic: None,
            }
        );
        assert_eq!(
            Article::parse("NATO 7").unwrap(),
            Article {
                number: Some(7),
                draft: Some(Draft::Nato),
                topic: None,
            }
        );
        assert_eq!(
            Article::parse("4 U.S.").unwrap(),
            Article {
                number: Some(4),
                draft: Some(Draft::Us),
                topic: None,
            }
        );
        assert_eq!(
            Article::parse("united states draft 1").unwrap().draft,
            Some(Draft::Us)
        );
        assert_eq!(
            Article::parse("us").unwrap(),
            Article {
                number: None,
                draft: Some(Draft::Us),
                topic: None,
            }
        );
    }

    #[test]
    fn rejects_what_is_no_number() {
        // Words without a number are a topic; with one, they are an error.
        assert_eq!(
            Article::parse("banana").map(|a| a.topic),
            Ok(Some("banana".into()))
        );
        assert_eq!(
            Article::parse("4 for nato"),
            Ok(Article {
                number: Some(4),
                draft: Some(Draft::Nato),
                topic: None
            })
        );
        assert!(Article::parse("4 5").is_err());
        assert!(Article::parse(&"9".repeat(10_000)).is_err());
    }

    #[test]
    fn both_drafts_is_its_own_error_and_answer() {
        assert_eq!(Article::parse("us nato 4"), Err(ArticleError::BothDrafts));
        assert_eq!(
            Article::parse("4 banana"),
            Err(ArticleError::Unreadable("banana".into()))
        );
        let e = crate::shipped_engine();
        let a = e.respond("!", "!article us nato 4").unwrap();
        assert_eq!(a.kind, AnswerKind::Usage);
        let summary = a.summary.unwrap().write(crate::Syntax::Prefix("!"));
        assert!(summary.starts_with("That names both drafts"), "{summary}");
        assert!(!summary.contains("could not read"), "{summary}");
    }
}
