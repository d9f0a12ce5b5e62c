//! `article N [us|nato]`: what the documents say of a draft's article.

use std::collections::BTreeSet;

use super::super::text::{normalize, shorten, words};
use super::super::{Answer, AnswerKind, Engine, MAX_ITEMS};
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
const FILLER: [&str; 9] = [
    "art",
    "article",
    "no",
    "number",
    "of",
    "the",
    "draft",
    "treaty",
    "agreement",
];

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub number: Option<u32>,
    pub draft: Option<Draft>,
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

/// Parses the arguments; `Err` names the word that could not be read.
pub fn parse(args: &str) -> Result<Query, String> {
    let norm = normalize(args);
    let ws: Vec<&str> = words(&norm).collect();
    let mut q = Query {
        number: None,
        draft: None,
    };
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
                return Err("both drafts".to_string());
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
            _ => return Err(w.to_string()),
        }
        i += 1;
    }
    Ok(q)
}

pub fn answer(engine: &Engine, args: &str) -> Answer {
    let kb = engine.knowledge();
    let described = engine.articles_described.as_str();
    let q = match parse(args) {
        Ok(q) => q,
        Err(word) => {
            return engine.usage("article").with_summary(format!(
                "I could not read “{}” as an article number or a draft. {described}",
                shorten(&word, 40)
            ))
        }
    };
    let Some(number) = q.number else {
        let Some(draft) = q.draft else {
            return engine.usage("article").with_summary(described);
        };
        let of_draft = &engine.articles_by_draft[draft.index()];
        let mut answer = Answer::new(AnswerKind::Article, draft.title()).with_summary(format!(
            "{described}{}",
            Engine::capped(of_draft.len(), "Ask for one article by its number.")
        ));
        answer.items = of_draft
            .iter()
            .take(MAX_ITEMS)
            .map(|&i| engine.article_item(i))
            .collect();
        return answer;
    };
    let matching: Vec<usize> = engine
        .articles_by_number
        .get(&number)
        .into_iter()
        .flatten()
        .copied()
        .filter(|&i| q.draft.is_none_or(|d| d == kb.articles[i].draft))
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
    let drafts: BTreeSet<Draft> = matching.iter().map(|&i| kb.articles[i].draft).collect();
    let mut summary = drafts
        .iter()
        .map(|d| format!("{}: {}.", d.label(), d.title()))
        .collect::<Vec<_>>()
        .join(" ");
    summary.push_str(&Engine::capped(
        matching.len(),
        &format!("Name the draft ({}article {number} us).", engine.prefix()),
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
/// Computed once per fact base (see `Engine::new`).
pub(crate) fn described(kb: &KnowledgeBase) -> String {
    let mut parts = Vec::new();
    for d in Draft::ALL {
        let nums: BTreeSet<u32> = kb
            .articles
            .iter()
            .filter(|a| a.draft == d)
            .filter_map(|a| a.number)
            .collect();
        let whole = kb
            .articles
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
        let engine = Engine::new(
            std::sync::Arc::new(factbot_testkit::synth::generate(20_000, 4)),
            "!",
        );
        let kb = engine.knowledge();
        let headings = |message: &str| -> Vec<String> {
            let answer = engine.respond(message).expect("a command");
            answer.items.into_iter().map(|i| i.heading).collect()
        };
        let scan = |keep: &dyn Fn(&factbot_knowledge::Article) -> bool| -> Vec<String> {
            kb.articles
                .iter()
                .enumerate()
                .filter(|(_, a)| keep(a))
                .take(crate::MAX_ITEMS)
                .map(|(i, _)| engine.article_item(i).heading)
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
            assert_eq!(parse(s).unwrap().number, Some(4), "{s}");
        }
        assert_eq!(parse("1st").unwrap().number, Some(1));
        assert_eq!(parse("XII").unwrap().number, Some(12));
        assert_eq!(
            parse("").unwrap(),
            Query {
                number: None,
                draft: None
            }
        );
    }

    #[test]
    fn reads_drafts_in_any_order() {
        assert_eq!(
            parse("7 nato").unwrap(),
            Query {
                number: Some(7),
                draft: Some(Draft::Nato)
            }
        );
        assert_eq!(
            parse("NATO 7").unwrap(),
            Query {
                number: Some(7),
                draft: Some(Draft::Nato)
            }
        );
        assert_eq!(
            parse("4 U.S.").unwrap(),
            Query {
                number: Some(4),
                draft: Some(Draft::Us)
            }
        );
        assert_eq!(
            parse("united states draft 1").unwrap().draft,
            Some(Draft::Us)
        );
        assert_eq!(
            parse("us").unwrap(),
            Query {
                number: None,
                draft: Some(Draft::Us)
            }
        );
    }

    #[test]
    fn rejects_what_is_no_number() {
        assert!(parse("banana").is_err());
        assert!(parse("iiii").is_err());
        assert!(parse("4 5").is_err());
        assert!(parse("us nato 4").is_err());
        assert!(parse(&"9".repeat(10_000)).is_err());
    }
}
