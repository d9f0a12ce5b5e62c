//! Russian and Ukrainian descriptions of the slash commands and their options, for Discord's
//! command list. Names stay English (they are what people type and what help shows); only
//! the descriptions are localised. Keyed by command and option name, so that a command or
//! option added without its translations fails the coverage test below.

use std::borrow::Cow;

use super::super::state::{Data, Error};

/// The locales the descriptions are translated into.
pub const LOCALES: [&str; 2] = ["ru", "uk"];

/// (command, option or `None` for the command itself, Russian, Ukrainian).
const DESCRIPTIONS: &[(&str, Option<&str>, &str, &str)] = &[
    (
        "article",
        None,
        "Статья проектов договоров России (с США или с НАТО)",
        "Стаття проєктів договорів Росії (зі США або з НАТО)",
    ),
    ("article", Some("number"), "Номер статьи", "Номер статті"),
    (
        "article",
        Some("draft"),
        "Какой проект: договор с США или соглашение с НАТО",
        "Який проєкт: договір зі США чи угода з НАТО",
    ),
    (
        "who-said",
        None,
        "Что сказал человек или группа, или кто автор цитаты",
        "Що сказала людина чи група, або хто автор цитати",
    ),
    (
        "who-said",
        Some("who"),
        "Человек или группа, или слова из цитаты",
        "Людина чи група, або слова з цитати",
    ),
    (
        "timeline",
        None,
        "События с датами, можно за год или по ключевому слову",
        "Події з датами, можна за рік або за ключовим словом",
    ),
    (
        "timeline",
        Some("query"),
        "Год или ключевое слово события",
        "Рік або ключове слово події",
    ),
    ("who", None, "Кто этот человек", "Хто ця людина"),
    ("who", Some("person"), "Имя человека", "Ім'я людини"),
    (
        "define",
        None,
        "Определение термина из глоссария",
        "Визначення терміна з глосарію",
    ),
    ("define", Some("term"), "Термин", "Термін"),
    (
        "search",
        None,
        "Поиск по всей базе фактов",
        "Пошук у всій базі фактів",
    ),
    (
        "search",
        Some("query"),
        "Слова для поиска",
        "Слова для пошуку",
    ),
    (
        "check",
        None,
        "Найти отрывки, относящиеся к утверждению",
        "Знайти уривки, що стосуються твердження",
    ),
    (
        "check",
        Some("claim"),
        "Утверждение для проверки",
        "Твердження для перевірки",
    ),
    (
        "sources",
        None,
        "Исходные документы, из которых взяты факты",
        "Вихідні документи, з яких узято факти",
    ),
    (
        "help",
        None,
        "Как пользоваться ботом",
        "Як користуватися ботом",
    ),
    (
        "help",
        Some("command"),
        "Команда, которую нужно объяснить",
        "Команда, яку треба пояснити",
    ),
    (
        "about",
        None,
        "Что это за бот, на чём он основан и что он хранит о вас",
        "Що це за бот, на чому він ґрунтується і що зберігає про вас",
    ),
    (
        "reload",
        None,
        "Перезагрузить базу фактов и настройки (только модераторы)",
        "Перезавантажити базу фактів і налаштування (лише модератори)",
    ),
    (
        "*",
        Some("private"),
        "Ответ увидите только вы; его можно затем отправить в канал",
        "Відповідь побачите лише ви; її можна потім надіслати в канал",
    ),
];

fn translations(command: &str, option: Option<&str>) -> Option<[&'static str; 2]> {
    DESCRIPTIONS
        .iter()
        .find(|(c, o, _, _)| (*c == command || *c == "*") && *o == option)
        .map(|&(_, _, ru, uk)| [ru, uk])
}

/// Adds the Russian and Ukrainian descriptions to every slash command and option of
/// `commands` (context menus have no description).
pub fn localise(commands: &mut [poise::Command<Data, Error>]) {
    for command in commands.iter_mut().filter(|c| c.slash_action.is_some()) {
        if let Some(texts) = translations(&command.name, None) {
            command.description_localizations = pairs(texts);
        }
        let name = command.name.to_string();
        for parameter in &mut command.parameters {
            if let Some(texts) = translations(&name, Some(&parameter.name)) {
                parameter.description_localizations = pairs(texts);
            }
        }
    }
}

/// Locale and text pairs as poise holds them.
type Localizations = Cow<'static, [(Cow<'static, str>, Cow<'static, str>)]>;

fn pairs(texts: [&'static str; 2]) -> Localizations {
    LOCALES
        .into_iter()
        .zip(texts)
        .map(|(locale, text)| (Cow::Borrowed(locale), Cow::Borrowed(text)))
        .collect::<Vec<_>>()
        .into()
}
