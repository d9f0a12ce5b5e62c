//! `who PERSON`: who someone is in these documents.

use super::{CommandSpec, OptionKind, OptionSpec, TextCommand};
use crate::index::words::{FactKinds, FactRef};
use crate::{Answer, AnswerKind, Engine};

/// Who a person is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    /// The person's name as typed.
    pub person: String,
}

impl TextCommand for Who {
    const SPEC: CommandSpec = CommandSpec {
        name: "who",
        aliases: &["whois", "who-is", "who_is", "person"],
        synopsis: "PERSON",
        about: "Who someone is in these documents: role, names, statements.",
        description: "Who a person is",
        options: &[OptionSpec {
            name: "person",
            placeholder: "PERSON",
            description: "A person's name",
            required: true,
            kind: OptionKind::Text,
        }],
        examples: &["Peskov", "Sandu"],
    };
    fn from_text(person: String) -> Who {
        Who { person }
    }

    fn answer_text(&self, engine: &Engine) -> Answer {
        let name = |i: usize| engine.knowledge().people()[i].name.to_string();
        let by_words: &dyn Fn(FactRef) -> Option<usize> = &|f| match f {
            FactRef::Person(i) => Some(i),
            _ => None,
        };
        let words = Some((FactKinds::PEOPLE, by_words));
        match engine.resolve_name(
            &engine.names.people,
            &self.person,
            "person or group",
            name,
            words,
        ) {
            Ok((i, notice)) => {
                let p = &engine.knowledge().people()[i];
                let mut answer = Answer::new(AnswerKind::Person, format!("Who is {}?", p.name));
                answer.notice = notice;
                answer.items.push(engine.person_item(i));
                answer
            }
            Err(miss) => *miss,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cmd::{Cmd, Missing};
    use crate::shipped_engine;

    #[test]
    fn needs_a_name() {
        assert_eq!(Who::parse(""), Err(Missing));
        assert_eq!(
            Who::parse("Peskov"),
            Ok(Who {
                person: "Peskov".into()
            })
        );
    }

    #[test]
    fn finds_a_person_fuzzily() {
        let a = Who {
            person: "peskv".into(),
        }
        .answer(shipped_engine());
        assert_eq!(a.kind, AnswerKind::Person);
        let title = a.title.write(crate::Syntax::Prefix("!"));
        assert!(title.contains("Peskov"), "{title}");
    }
}
