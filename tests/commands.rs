//! Every command's answers on the shipped knowledge base, and their citations.

use factbot::engine::{Answer, AnswerKind, Engine, Item, Syntax};
use factbot::knowledge::fold_text;
use factbot_render::pages::{Field, Page};
use factbot_testkit::Written;

fn engine() -> &'static Engine {
    factbot_testkit::shipped_engine()
}

/// Asks and checks what every answer must show: each cited passage verbatim in its source
/// and free of markup, and shown first, before the fact base's labels, in the console and
/// in Discord's embeds and plain-text pages alike.
fn ask(message: &str) -> Written {
    let e = engine();
    let answer = e
        .respond("!", message)
        .unwrap_or_else(|| panic!("{message:?} is not a command"));
    for item in &answer.items {
        if let Some(c) = &item.citation {
            let text = e
                .knowledge()
                .source_text(&c.source_id)
                .expect("cited source exists");
            for passage in &c.passages {
                assert!(
                    text.folded.contains(&fold_text(passage)),
                    "{message}: passage not in {}: {passage}",
                    c.source_id,
                );
                assert!(
                    !passage.contains("](#)"),
                    "markup shown to users: {passage}"
                );
            }
        }
    }
    passages_first(message, &answer);
    Written::console(&answer)
}

/// The first words of an item's first passage, as every front end shows them.
fn opening(item: &Item) -> Option<String> {
    let passage = item.citation.as_ref()?.passages.first()?;
    Some(passage.chars().take(40).collect())
}

/// Each cited item's passage comes first: right under its heading in the console, and at
/// the start of its first field (or block) in Discord.
fn passages_first(message: &str, answer: &Answer) {
    let syntax = Syntax::Prefix("!");
    let console = factbot_render::text::render(answer, syntax);
    let blocks: Vec<&str> = console.split("\n* ").skip(1).collect();
    assert_eq!(blocks.len(), answer.items.len(), "{message}: {console}");
    let fields: Vec<Field> = factbot_render::pages::render(answer, false, syntax)
        .into_iter()
        .flat_map(|page| match page {
            Page::Embed(embed) => embed.fields,
            Page::Text(_) => unreachable!("embed pages"),
        })
        .filter(|f| !f.name.contains("(cont. "))
        .collect();
    assert_eq!(fields.len(), answer.items.len(), "{message}");
    let mut plain = factbot_render::pages::render(answer, true, syntax)
        .into_iter()
        .map(|page| match page {
            Page::Text(text) => text,
            Page::Embed(_) => unreachable!("text pages"),
        })
        .collect::<Vec<_>>()
        .join("\n");
    for ((item, block), field) in answer.items.iter().zip(&blocks).zip(&fields) {
        let Some(opening) = opening(item) else {
            continue;
        };
        let second_line = block.lines().nth(1).unwrap_or_default();
        assert!(
            second_line.starts_with("  “") && second_line.contains(&opening),
            "{message}: the console shows labels before the passage:\n{block}"
        );
        assert!(
            field.value.starts_with("> “"),
            "{message}: the embed field does not open with the passage: {}",
            field.value
        );
        // Items follow one another: each heading is looked for after the one before.
        let heading = format!(
            "\n**{}",
            factbot_render::markdown::sanitize(&item.heading.write(syntax))
        );
        let at = plain
            .find(&heading)
            .unwrap_or_else(|| panic!("{message}: {heading:?} not in the plain-text pages"));
        plain = plain[at + 1..].to_string();
        let after = plain.lines().nth(1).unwrap_or_default();
        assert!(
            after.starts_with("> “"),
            "{message}: the plain-text reply does not open the item with its passage: {after}"
        );
    }
}

/// A fact's excerpts as answers show them.
fn passages(excerpts: &[factbot::knowledge::Text]) -> Vec<String> {
    excerpts.iter().map(|e| fold_text(e)).collect()
}

/// What an answer says besides its passages: where a message would be echoed.
fn echo_text(a: &Written) -> String {
    let mut s = format!(
        "{}\n{}\n{}\n",
        a.title,
        a.notice.clone().unwrap_or_default(),
        a.summary.clone().unwrap_or_default()
    );
    for i in &a.items {
        s.push_str(&format!("{}\n{}\n", i.heading, i.body));
    }
    s.push_str(&a.suggestions.join("\n"));
    s
}

/// Everything an answer says, its passages included.
fn all_text(a: &Written) -> String {
    let mut s = echo_text(a);
    for c in a.items.iter().filter_map(|i| i.citation.as_ref()) {
        for p in &c.passages {
            s.push_str(&format!("\n{p}"));
        }
    }
    s
}

#[test]
fn article_4_in_every_spelling() {
    let base = ask("!article 4");
    assert_eq!(base.kind, AnswerKind::Article);
    assert!(base.has_facts());
    assert!(
        all_text(&base).contains("eastward expansion"),
        "{}",
        all_text(&base)
    );
    for form in [
        "!article IV",
        "!article 4th",
        "!article four",
        "!article art. 4",
        "!ARTICLE fourth",
        "!art 4",
    ] {
        assert_eq!(ask(form).items, base.items, "{form}");
    }
}

#[test]
fn article_7_covers_both_drafts_unless_one_is_named() {
    let both = ask("!article 7");
    let text = all_text(&both);
    assert!(
        text.contains("US draft") && text.contains("NATO draft"),
        "{text}"
    );
    let nato = ask("!article 7 nato");
    assert!(nato.items.iter().all(|i| i.heading.contains("NATO draft")));
    assert!(all_text(&nato).contains("South Caucasus"));
    let us = ask("!article us 7");
    assert!(us.items.iter().all(|i| i.heading.contains("US draft")));
}

#[test]
fn undescribed_articles_are_said_not_invented() {
    for q in ["!article 2", "!article 4 nato", "!article 99"] {
        let a = ask(q);
        assert_eq!(a.kind, AnswerKind::NotFound, "{q}");
        assert!(!a.has_facts(), "{q}");
        let s = a.summary.unwrap();
        assert!(
            s.contains("do not describe") && s.contains("US draft articles 1, 4"),
            "{q}: {s}"
        );
    }
    let bad = ask("!article banana");
    assert_eq!(bad.kind, AnswerKind::Usage);
}

#[test]
fn who_said_finds_people_by_typo_script_and_alias() {
    let a = ask("!who-said blinkin");
    assert_eq!(a.kind, AnswerKind::Statements);
    assert!(
        a.notice.as_deref().unwrap_or("").contains("Antony Blinken"),
        "{:?}",
        a.notice
    );
    assert!(all_text(&a).contains("dustbin of history"));
    let exact = ask("!who-said Blinken");
    assert!(exact.notice.is_none());
    assert_eq!(exact.items, a.items);
    for q in [
        "!whosaid Anthony Blinken",
        "!who_said Secretary of State",
        "!WHO-SAID blínken",
    ] {
        assert_eq!(ask(q).items, a.items, "{q}");
    }
    assert!(ask("!who-said Путин").title.contains("Vladimir Putin"));
    assert!(ask("!who-said Лавров").title.contains("Sergei Lavrov"));
    assert!(ask("!who-said Joseph Borrell")
        .title
        .contains("Josep Borrell"));
    assert!(ask("!who-said Cafarli").title.contains("Jafarli"));
}

#[test]
fn who_said_finds_the_speaker_of_a_fragment() {
    // The speaker is a label under the passage, in the item's body.
    let a = ask("!who-said dustbin of history");
    assert!(
        a.items[0]
            .body
            .contains("Quotation: Antony Blinken's words"),
        "{}",
        all_text(&a)
    );
    // The same quotation inside a passage reporting someone else is not credited to them.
    assert!(
        !a.items.iter().any(|i| i.body.contains("Stoltenberg")),
        "{}",
        all_text(&a)
    );
    let a = ask("!who-said history of dustbin the");
    assert!(
        a.items[0].body.contains("Antony Blinken"),
        "word order: {}",
        all_text(&a)
    );
    // Words the source gives to several people at once are shown as said jointly.
    let life = ask("!who-said a matter of life and death");
    let label = &life.items[0].body;
    assert!(label.contains("attributed jointly to"), "{label}");
    for name in ["Peskov", "Lavrov", "Grushko", "Gavrilov", "other officials"] {
        assert!(label.contains(name), "{label}");
    }
    // Each of the speakers finds the shared statement, labelled as joint.
    for name in ["Peskov", "Lavrov", "Grushko", "Gavrilov"] {
        let text = all_text(&ask(&format!("!who-said {name}")));
        assert!(
            text.contains("life and death") && text.contains("attributed jointly"),
            "{name}"
        );
    }
}

/// What an author says about a person is the author's, listed after what the person said,
/// under its own heading.
#[test]
fn who_said_keeps_the_authors_words_about_a_person_apart() {
    let a = ask("!who-said Putin");
    let at = a
        .items
        .iter()
        .position(|i| i.heading == "What the authors say about Vladimir Putin")
        .unwrap_or_else(|| panic!("no section of the authors' words: {}", all_text(&a)));
    for (k, item) in a.items.iter().enumerate() {
        if k < at {
            assert!(!item.body.contains("own argument"), "{}", item.heading);
        } else if k > at {
            assert!(
                item.body.starts_with("The author's own argument"),
                "{}",
                item.body
            );
            assert!(
                item.body.contains("; about ") && item.body.contains("Vladimir Putin"),
                "{}",
                item.body
            );
        }
    }
    assert!(a.items.len() > at + 1, "{}", all_text(&a));
}

/// The unsigned Carnegie text speaks as itself, undated, never as the institution.
#[test]
fn the_carnegie_text_is_unsigned_and_undated() {
    let kb = engine().knowledge();
    let carnegie = kb.source("carnegie").expect("the Carnegie source");
    assert!(carnegie.published.is_none());
    let sources = all_text(&ask("!sources"));
    assert!(sources.contains("undated"), "{sources}");
    assert!(!sources.contains("February 2022"), "{sources}");
    let a = ask("!who-said Carnegie");
    let text = all_text(&a);
    assert!(a.has_facts(), "{text}");
    assert!(!text.contains("February 2022"), "{text}");
    for item in a.items.iter().filter(|i| i.citation.is_some()) {
        assert!(
            item.body
                .contains("the unsigned article first published by the Carnegie Moscow Center"),
            "{}",
            item.body
        );
    }
    for s in kb.statements().iter().filter(|s| s.source == "carnegie") {
        assert!(
            s.date.is_none()
                || s.excerpts
                    .iter()
                    .any(|e| e.contains(&s.date.as_ref().unwrap().start.year.to_string())),
            "{}",
            s.id
        );
    }
}

#[test]
fn weak_or_absent_matches_never_answer_with_facts() {
    let weak = ask("!who-said Blnkn");
    assert_eq!(weak.kind, AnswerKind::Suggestions);
    assert!(!weak.has_facts());
    assert!(
        weak.suggestions.iter().any(|s| s == "Antony Blinken"),
        "{:?}",
        weak.suggestions
    );
    for q in [
        "!who-said xyzzy plugh",
        "!who zzzzzz",
        "!define qwertyuiop",
        "!search xyzzy",
        "!timeline frobnicate",
        "!check the moon landing was staged in a studio",
    ] {
        let a = ask(q);
        assert!(
            matches!(a.kind, AnswerKind::NotFound | AnswerKind::Suggestions),
            "{q}: {:?}",
            a.kind
        );
        assert!(!a.has_facts(), "{q}");
    }
}

#[test]
fn suggestions_are_deduplicated_by_target() {
    let a = ask("!who Secretry");
    let mut s = a.suggestions.clone();
    s.sort();
    s.dedup();
    assert_eq!(s.len(), a.suggestions.len(), "{:?}", a.suggestions);
}

#[test]
fn timeline_by_year_range_month_and_keyword() {
    let kb = engine().knowledge();
    let y2014 = ask("!timeline 2014");
    assert_eq!(y2014.kind, AnswerKind::Timeline);
    assert!(
        all_text(&y2014).contains("Minsk"),
        "a 2014–2015 event counts for 2014"
    );
    let range = ask("!timeline 2014-2015");
    assert_eq!(range.items, ask("!timeline 2014–15").items);
    let dec = ask("!timeline December 2021");
    assert!(!dec.items.is_empty());
    assert!(
        dec.items
            .iter()
            .all(|i| i.heading.contains("2021") || i.heading.contains("2022")),
        "{}",
        all_text(&dec)
    );
    let all = ask("!timeline");
    assert_eq!(all.items.len(), kb.events().len());
    assert!(
        all.items[0].heading.starts_with("1"),
        "oldest first: {}",
        all.items[0].heading
    );
    assert!(all_text(&ask("!timeline Bucharest")).contains("2008"));
    assert!(all_text(&ask("!timeline 1994")).contains("Budapest"));
    let none = ask("!timeline 1700");
    assert_eq!(none.kind, AnswerKind::NotFound);
    assert!(none.summary.unwrap().contains("Years with events"));
}

#[test]
fn who_define_search_sources_help() {
    let who = ask("!who peskov");
    assert_eq!(who.kind, AnswerKind::Person);
    assert!(all_text(&who).contains("Dmitry Peskov"));
    assert!(all_text(&who).contains("!who-said"));
    let def = ask("!define yalta 2.0");
    assert_eq!(def.kind, AnswerKind::Definition);
    assert!(def.has_facts());
    assert!(ask("!define Minsk agreements").has_facts());
    assert!(ask("!define SWIFT").has_facts());
    let search = ask("!search nuclear weapons");
    assert_eq!(search.kind, AnswerKind::Search);
    assert!(search.items.iter().all(|i| i.score.is_some()));
    assert!(
        search.items.windows(2).all(|w| w[0].score >= w[1].score),
        "ranked"
    );
    let sources = ask("!sources");
    assert_eq!(sources.items.len(), 2);
    let help = ask("!help");
    assert_eq!(help.kind, AnswerKind::Help);
    assert!(all_text(&help).contains("!who-said"));
    assert!(all_text(&ask("!help whosaid")).contains("Blinken"));
}

/// Words that would rule on a claim.
const VERDICTS: [&str; 14] = [
    "true",
    "false",
    "correct",
    "incorrect",
    "accurate",
    "inaccurate",
    "misleading",
    "verdict",
    "debunked",
    "confirmed",
    "refuted",
    "right",
    "wrong",
    "lie",
];

#[test]
fn check_shows_related_passages_with_scores_and_never_rules() {
    for claim in [
        "Russia demanded that NATO stop its eastward expansion",
        "NATO promised not to expand eastward",
        "The US accepted every Russian demand",
    ] {
        let a = ask(&format!("!check {claim}"));
        assert_eq!(a.kind, AnswerKind::Check, "{claim}");
        assert!(!a.items.is_empty(), "{claim}: related passages");
        for i in &a.items {
            assert!(
                i.score.is_some_and(|s| (0.0..=1.0).contains(&s)),
                "{claim}: a relatedness score on {:?}",
                i.heading
            );
            assert!(
                i.citation.is_some(),
                "{claim}: a cited passage, {:?}",
                i.heading
            );
        }
        // The bot's own words (not the quoted passages, which are the sources') say how to
        // read the scores and rule on nothing.
        let summary = a.summary.clone().unwrap_or_default();
        assert!(
            summary.contains("not truth") && summary.contains("judge the claim yourself"),
            "{claim}: {summary}"
        );
        let own = format!(
            "{}\n{}\n{summary}",
            a.title,
            a.notice.clone().unwrap_or_default()
        )
        .to_lowercase();
        let words: Vec<&str> = own
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // The title repeats the claim, which may use such words itself.
        let claim_words = claim.to_lowercase();
        for verdict in VERDICTS {
            assert!(
                !words.contains(&verdict) || claim_words.split(' ').any(|w| w == verdict),
                "{claim}: {verdict:?} in the bot's own words: {own}"
            );
        }
    }
    let a = ask("!check Russia demanded that NATO stop its eastward expansion");
    assert!(all_text(&a).to_lowercase().contains("expansion"));
}

#[test]
fn unknown_commands_and_non_commands() {
    let a = ask("!timline 2014");
    assert_eq!(a.kind, AnswerKind::Usage);
    assert_eq!(a.suggestions, vec!["!timeline".to_string()]);
    assert!(ask("!whosiad x")
        .suggestions
        .contains(&"!who-said".to_string()));
    assert!(engine().respond("!", "hello there").is_none());
    assert!(engine().respond("!", "!").is_none());
    assert!(engine().respond("!", "   ").is_none());
}

/// Hostile input by hand, beside the property tests in `hostile.rs`: huge input is echoed
/// cut short, and nonsense gets "nothing on that" or the usage, never facts. (`ask` also
/// checks that any cited passage stands in its source.)
#[test]
fn hostile_input_gets_a_clear_answer() {
    for q in [
        format!("!who-said {}", "Blinken ".repeat(1_500)),
        format!("!check {}", "x".repeat(10_000)),
        format!("!{}", "a".repeat(10_000)),
    ] {
        let text = echo_text(&ask(&q));
        assert!(
            text.chars().count() < 2_000,
            "a {}-character message echoed whole: {} characters",
            q.len(),
            text.chars().count()
        );
        assert!(text.contains('…'), "the echo is cut short: {text}");
    }
    for (q, kind) in [
        ("!who <@&123456789012345678>", AnswerKind::NotFound),
        ("!define ```", AnswerKind::NotFound),
        ("!search \u{202E}\u{200B}", AnswerKind::NotFound),
        ("!article \u{0}", AnswerKind::Usage),
        ("!article 4294967296", AnswerKind::Usage),
        ("!nosuchcommand @everyone", AnswerKind::Usage),
        ("!timeline 0000", AnswerKind::NotFound),
    ] {
        let a = ask(q);
        assert_eq!(a.kind, kind, "{q:?}: {}", all_text(&a));
        assert!(
            !a.has_facts(),
            "{q:?} answered with facts: {}",
            all_text(&a)
        );
    }
    // Answered without a panic; what they mean is the engine's call.
    for q in ["!who-said @everyone", "!timeline 2014-2013", "!article -4"] {
        ask(q);
    }
}

/// Every person, alias, quote, year, article and term in the fact base is found by the
/// command a user would ask it with.
#[test]
fn every_fact_is_reachable_by_its_command() {
    let kb = engine().knowledge();
    for p in kb.people() {
        for name in std::iter::once(&p.name).chain(&p.aliases) {
            let a = ask(&format!("!who {name}"));
            assert_eq!(a.kind, AnswerKind::Person, "!who {name}");
            assert!(
                a.items[0].heading.starts_with(p.name.as_str()),
                "!who {name} → {}",
                a.items[0].heading
            );
        }
    }
    for t in kb.terms() {
        for name in std::iter::once(&t.term).chain(&t.aliases) {
            let a = ask(&format!("!define {name}"));
            assert_eq!(
                a.items.first().map(|i| i.heading.as_str()),
                Some(t.term.as_str()),
                "!define {name}"
            );
        }
    }
    for s in kb
        .statements()
        .iter()
        .filter(|s| s.kind == factbot::knowledge::StatementKind::Direct)
    {
        let quote = s.text.as_deref().expect("a quotation has its words");
        let a = ask(&format!("!who-said {quote}"));
        let shows = |i: &factbot_testkit::written::WrittenItem| {
            i.citation
                .as_ref()
                .is_some_and(|c| c.passages == passages(&s.excerpts))
        };
        assert!(a.items.iter().any(shows), "!who-said {quote}");
        for speaker in &s.speakers {
            let name = &kb.person(speaker).unwrap().name;
            assert!(
                a.items
                    .iter()
                    .any(|i| shows(i) && i.body.contains(name.as_str())),
                "!who-said {quote}: the quote is not attributed to {name}"
            );
        }
    }
    for (i, e) in kb.events().iter().enumerate() {
        for year in e.date.years() {
            let a = ask(&format!("!timeline {year}"));
            assert!(
                a.items
                    .iter()
                    .any(|it| it.heading.ends_with(e.title.as_str())),
                "!timeline {year} misses event {i}"
            );
        }
    }
    for a in kb.articles() {
        let q = match a.number {
            Some(n) => format!("!article {n} {}", a.draft.keyword()),
            None => format!("!article {}", a.draft.keyword()),
        };
        let answer = ask(&q);
        assert!(
            answer
                .items
                .iter()
                .any(|i| i.citation.as_ref().unwrap().passages == passages(&a.excerpts)),
            "{q}"
        );
    }
}

#[test]
fn acronyms_find_names_written_out() {
    // The sources write "North Atlantic Treaty Organization" and "Union of Soviet Socialist
    // Republics"; users type NATO and USSR. (Since the passages hold whole sentences, "Soviet"
    // is in many of them; the claim names the USSR as users do.)
    let a = ask("!check Russia demanded that NATO not admit former USSR states");
    assert_lists(&a, "Article 4 of the US draft", true);
    let a = ask("!search USSR");
    assert_lists(&a, "Article 4", true);
}

/// Asserts that an item's heading starts with (or, `starts` false, contains) `heading`.
fn assert_lists(a: &Written, heading: &str, starts: bool) {
    let found = a.items.iter().any(|i| {
        if starts {
            i.heading.starts_with(heading)
        } else {
            i.heading.contains(heading)
        }
    });
    assert!(found, "no item {heading:?} in:\n{}", all_text(a));
}

/// Whether any cited passage of the answer holds `words`.
fn cites(a: &Written, words: &str) -> bool {
    a.items
        .iter()
        .filter_map(|i| i.citation.as_ref())
        .any(|c| c.passages.iter().any(|p| p.contains(words)))
}

/// The examples of the "nothing is unfindable" issue, each answered from the sources.
#[test]
fn sentences_and_claims_as_people_type_them_are_found() {
    let a = ask("!check Ukraine is the main front of geopolitical rivalry in the post-Soviet area");
    assert!(
        cites(&a, "main front of geopolitical rivalry"),
        "{}",
        all_text(&a)
    );
    let a = ask("!search resilience of the Russian people");
    assert!(
        cites(&a, "the resilience of the Russian people"),
        "{}",
        all_text(&a)
    );
    let a = ask("!who-said the ball is in Russia's court");
    assert!(
        cites(&a, "the ball is in Russia's court"),
        "{}",
        all_text(&a)
    );
    // A draft's quoted text is the draft's words, not the author's who quotes it.
    let a = ask("!who-said shall not conduct any military activity");
    assert!(
        a.items[0]
            .heading
            .starts_with("Article 7 of the NATO draft"),
        "{}",
        all_text(&a)
    );
    // 100% only for the words as a phrase: "can afford to do so", not "cannot afford".
    let a = ask("!who-said can afford to do so");
    assert!(cites(&a, "can afford to do so"), "{}", all_text(&a));
    for item in a.items.iter().filter(|i| i.score == Some(1.0)) {
        let c = item.citation.as_ref().unwrap();
        assert!(
            c.passages.iter().any(|p| p.contains("can afford to do so")),
            "{}",
            item.heading
        );
    }
    // Stems, not a prefix rule: "secret" is no "Secretary", "generation" no "general".
    for (word, not) in [("secret", "Secretary"), ("generation", "Stoltenberg")] {
        let a = ask(&format!("!search {word}"));
        for item in &a.items {
            assert!(
                !item.heading.contains(not),
                "!search {word}: {}",
                item.heading
            );
        }
    }
    let a = ask("!check moldova doesn't want to be in nato");
    assert!(
        cites(&a, "it does not seek membership in NATO"),
        "{}",
        all_text(&a)
    );
    let a = ask("!check Russia wants NATO to stop expanding east");
    assert_lists(&a, "Article 4 of the US draft", true);
    let a = ask("!timeline Crimea");
    assert_ne!(a.kind, AnswerKind::NotFound);
    assert!(cites(&a, "Crimea"), "{}", all_text(&a));
    for day in [
        "!timeline 2021-12-31",
        "!timeline 31 December 2021",
        "!timeline December 31, 2021",
    ] {
        let a = ask(day);
        assert_lists(&a, "31 December 2021", true);
    }
    let a = ask("!timeline 12 January 2022");
    assert_lists(&a, "January 2022", false);
    let a = ask("!article about bombers");
    assert!(
        a.items[0].heading.starts_with("Article 5 of the US draft"),
        "{}",
        all_text(&a)
    );
    let a = ask("!article nukes");
    assert_lists(&a, "Article 7 of the US draft", true);
    assert_eq!(ask("!article 4 for us").items, ask("!article 4 us").items);
    assert!(ask("!who is the nato chief")
        .title
        .contains("Jens Stoltenberg"));
    assert!(ask("!who head of the Russian delegation in Vienna")
        .title
        .contains("Konstantin Gavrilov"));
    assert_eq!(
        ask("!define what's the normandy format?").title,
        "Normandy format"
    );
    assert_eq!(ask("!define what does Yalta 2.0 mean?").title, "Yalta 2.0");
    assert!(ask("!who-said <@123456789012345678> Blinken 🙄")
        .title
        .contains("Antony Blinken"));
    // A claim in Russian is matched through the expansions, or told honestly it is not.
    for claim in [
        "!check Россия требовала остановить расширение НАТО",
        "!check Путин сказал что Запад загнивает",
    ] {
        let text = all_text(&ask(claim));
        assert!(!text.contains("nothing on this"), "{claim}: {text}");
    }
}

/// "X said Y": whom the sources give such words to, never a ruling on them.
#[test]
fn attributions_are_answered_from_the_sources() {
    let a = ask(
        "!check Blinken said one country does not have the right to exert a sphere of influence",
    );
    assert!(a
        .summary
        .as_deref()
        .unwrap_or_default()
        .starts_with("The sources give words like these to Antony Blinken"));
    let a =
        ask("!who-said Stoltenberg said that notion should be relegated to the dustbin of history");
    let summary = a.summary.clone().unwrap_or_default();
    assert!(
        summary.starts_with("The sources record no such words by Jens Stoltenberg"),
        "{summary}"
    );
    assert!(
        a.items.iter().any(|i| i.body.contains("Antony Blinken")),
        "{}",
        all_text(&a)
    );
    let a = ask("!check Putin promised to give Alaska back to the United States");
    let text = all_text(&a);
    assert!(
        text.contains("record no such words by Vladimir Putin"),
        "{text}"
    );
    assert!(!text.contains("false") && !text.contains("true"), "{text}");
}

/// The console shows the paragraph of a cited passage, the passage marked.
#[test]
fn the_console_shows_a_passage_in_its_paragraph() {
    let e = engine();
    let answer = e.respond("!", "!who-said dustbin of history").unwrap();
    let text = factbot::console::context(e, Some(&answer), "1");
    assert!(
        text.contains("Even before the negotiations started"),
        "{text}"
    );
    assert!(
        text.contains("⟦The US Secretary of State Anthony Blinken said"),
        "{text}"
    );
    assert!(text.contains("early January 2022"), "{text}");
    assert!(factbot::console::context(e, Some(&answer), "7").starts_with("Give the number"));
    assert!(factbot::console::context(e, None, "1").starts_with("No answer yet"));
}
