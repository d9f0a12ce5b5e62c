//! The typed fact base: TOML files in `knowledge/`, loaded and validated.
//!
//! A [`KnowledgeBase`] is immutable once loaded; a reload builds a new one. Every excerpt is
//! stored folded ([`fold_text`]): the form it was validated in is the form users are shown.

mod date;
mod entry;
mod error;
mod fold;
mod kind;
mod load;
mod model;
mod packed;
mod validate;
pub mod words;

use std::collections::HashMap;
use std::path::Path;

pub use date::{Date, DateError, DateSpec};
pub use error::{LoadError, LoadErrors};
pub use fold::fold_text;
pub use kind::{FactKind, EXPANSIONS_FILE, SOURCES_FILE, SOURCES_TABLE};
pub use load::MAX_FILE_BYTES;
pub use model::*;
use packed::{ListPacker, Packer};
pub use packed::{Text, TextList};

/// A source document's text, folded for excerpt matching (the raw file is not kept:
/// nothing after validation needs it).
#[derive(Debug, Clone)]
pub struct SourceText {
    /// [`fold_text`] of the whole document; excerpts are ranges of it.
    pub folded: Text,
    /// Where each paragraph (text between blank lines of the raw file) starts and ends in
    /// `folded`, in order.
    pub paragraphs: Vec<(usize, usize)>,
}

impl SourceText {
    /// Folds a document's raw text and finds its paragraphs.
    pub fn new(raw: &str) -> SourceText {
        let folded = fold_text(raw);
        let mut paragraphs = Vec::new();
        let mut cursor = 0;
        for block in raw_paragraphs(raw) {
            let block = fold_text(&block);
            if block.is_empty() {
                continue;
            }
            // Markup that spans a blank line folds differently whole and in parts: such a
            // paragraph is left out rather than misplaced.
            if let Some(at) = memchr::memmem::find(&folded.as_bytes()[cursor..], block.as_bytes()) {
                let start = cursor + at;
                paragraphs.push((start, start + block.len()));
                cursor = start + block.len();
            }
        }
        SourceText {
            folded: Text::from(folded),
            paragraphs,
        }
    }

    /// The first range of the folded text that reads `excerpt` (folded), sharing its buffer.
    pub fn find(&self, excerpt: &str) -> Option<Text> {
        memchr::memmem::find(self.folded.as_bytes(), excerpt.as_bytes())
            .and_then(|at| self.folded.slice(at, excerpt.len()))
    }

    /// Where `part`, a range of [`folded`](Self::folded), starts in it.
    pub fn offset_of(&self, part: &Text) -> Option<usize> {
        if !part.shares_buffer(&self.folded) {
            return None;
        }
        (part.as_ptr() as usize).checked_sub(self.folded.as_ptr() as usize)
    }

    /// Whether a paragraph starts at `offset` of the folded text, or only a heading's or a
    /// list's marks (`#`, `*`, `-`, `>`) stand between its start and `offset`.
    pub fn paragraph_starts_at(&self, offset: usize) -> bool {
        let i = self
            .paragraphs
            .partition_point(|&(start, _)| start <= offset);
        let Some(&(start, _)) = i.checked_sub(1).and_then(|i| self.paragraphs.get(i)) else {
            return false;
        };
        self.folded.get(start..offset).is_some_and(|gap| {
            gap.chars()
                .all(|c| matches!(c, '#' | '*' | '-' | '>' | ' '))
        })
    }

    /// The sentences of the folded text, as `(start, end)` ranges of it, in order: each
    /// paragraph split after `.`, `?` or `!` (with any closing quotes or brackets) where a
    /// space and then a capital, a digit, a quote or a bracket follow.
    pub fn sentences(&self) -> Vec<(usize, usize)> {
        let text = self.folded.as_str();
        let mut out = Vec::new();
        for &(start, end) in &self.paragraphs {
            let para = &text[start..end];
            let mut from = 0;
            let chars: Vec<(usize, char)> = para.char_indices().collect();
            for (k, &(_, c)) in chars.iter().enumerate() {
                if !matches!(c, '.' | '?' | '!') {
                    continue;
                }
                let mut j = k + 1;
                while chars
                    .get(j)
                    .is_some_and(|&(_, c)| matches!(c, '"' | '\'' | ')'))
                {
                    j += 1;
                }
                let starts_next = chars.get(j).is_some_and(|&(_, c)| c == ' ')
                    && chars.get(j + 1).is_some_and(|&(_, c)| {
                        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '(')
                    });
                if starts_next {
                    let stop = chars[j].0;
                    out.push((start + from, start + stop));
                    from = stop + 1;
                }
            }
            if from < para.len() {
                out.push((start + from, end));
            }
        }
        out
    }

    /// Whether a paragraph ends at `offset` of the folded text.
    pub fn paragraph_ends_at(&self, offset: usize) -> bool {
        self.paragraphs
            .binary_search_by_key(&offset, |&(_, end)| end)
            .is_ok()
    }
}

/// The raw text's paragraphs: runs of lines between blank lines.
fn raw_paragraphs(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in raw.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push_str(line);
            current.push('\n');
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The loaded, validated fact base. Immutable: its facts are read through slices, so nothing
/// can add one behind the id maps' back; a reload builds a new one.
#[derive(Debug, Default)]
pub struct KnowledgeBase {
    sources: Vec<Source>,
    people: Vec<Person>,
    statements: Vec<Statement>,
    articles: Vec<Article>,
    events: Vec<Event>,
    terms: Vec<Term>,
    texts: HashMap<Text, SourceText>,
    expansions: Vec<Expansion>,
    source_by_id: HashMap<Text, usize>,
    person_by_id: HashMap<Text, usize>,
}

impl KnowledgeBase {
    /// Loads and validates every file in `dir`; on failure, every problem found.
    pub fn load(dir: impl AsRef<Path>) -> Result<KnowledgeBase, LoadErrors> {
        load::load(dir.as_ref())
    }

    /// The source documents, in file order.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The people, groups, documents and authors that speak or are named.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The statements, quoted or reported.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// The draft treaties' articles as the documents give them.
    pub fn articles(&self) -> &[Article] {
        &self.articles
    }

    /// The dated events.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The glossary terms.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Builds a fact base from parts that are already valid (generators, tests). Excerpts are
    /// expected as the loader stores them: folded with [`fold_text`].
    pub fn new(
        sources: Vec<Source>,
        people: Vec<Person>,
        statements: Vec<Statement>,
        articles: Vec<Article>,
        events: Vec<Event>,
        terms: Vec<Term>,
        texts: HashMap<Text, SourceText>,
    ) -> KnowledgeBase {
        let mut kb = KnowledgeBase {
            sources,
            people,
            statements,
            articles,
            events,
            terms,
            texts,
            expansions: Vec::new(),
            source_by_id: HashMap::new(),
            person_by_id: HashMap::new(),
        };
        kb.pack();
        // Keyed by the packed ids, so that no key is an allocation of its own.
        let texts = std::mem::take(&mut kb.texts);
        kb.texts = kb
            .sources
            .iter()
            .filter_map(|s| Some((s.id.clone(), texts.get(s.id.as_str())?.clone())))
            .collect();
        kb.source_by_id = kb
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        kb.person_by_id = kb
            .people
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.clone(), i))
            .collect();
        kb
    }

    /// Packs every string into a few shared buffers (see [`Text`]): each excerpt becomes the
    /// range of its source's text it stands in, everything else is copied once, in order.
    /// Statements (the most numerous facts) are packed on a second thread.
    fn pack(&mut self) {
        let texts = &self.texts;
        let statements = &mut self.statements;
        std::thread::scope(|scope| {
            scope.spawn(|| pack_facts(statements, texts));
            pack_facts(&mut self.people, texts);
            pack_facts(&mut self.articles, texts);
            pack_facts(&mut self.events, texts);
            pack_facts(&mut self.terms, texts);
            let mut packer = Packer::default();
            for s in &mut self.sources {
                source_texts(s, &mut |t| packer.add(t));
            }
            let mut packed = packer.finish();
            for s in &mut self.sources {
                source_texts(s, &mut |t| packed.bind(t));
            }
        });
    }

    /// This base with its query expansions.
    pub fn with_expansions(mut self, expansions: Vec<Expansion>) -> KnowledgeBase {
        self.expansions = expansions;
        self
    }

    /// What users type for the documents' wording (`expansions.toml`).
    pub fn expansions(&self) -> &[Expansion] {
        &self.expansions
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.source_by_id.get(id).map(|&i| &self.sources[i])
    }

    /// The text of the source with this id.
    pub fn source_text(&self, id: &str) -> Option<&SourceText> {
        self.texts.get(id)
    }

    /// The person (or group, document, author) with this id.
    pub fn person(&self, id: &str) -> Option<&Person> {
        self.person_by_id.get(id).map(|&i| &self.people[i])
    }

    /// Number of sources, then of facts of every kind (named by [`FactKind::name`]), in
    /// [`FactKind::ALL`] order.
    pub fn counts(&self) -> [(&'static str, usize); 6] {
        let mut counts = [("sources", self.sources.len()); 6];
        for kind in FactKind::ALL {
            counts[kind.index() + 1] = (kind.name(), self.count(kind));
        }
        counts
    }

    /// Number of facts of one kind.
    pub fn count(&self, kind: FactKind) -> usize {
        match kind {
            FactKind::Person => self.people.len(),
            FactKind::Statement => self.statements.len(),
            FactKind::Article => self.articles.len(),
            FactKind::Event => self.events.len(),
            FactKind::Term => self.terms.len(),
        }
    }

    /// Total number of facts (everything but sources).
    pub fn fact_count(&self) -> usize {
        FactKind::ALL.into_iter().map(|k| self.count(k)).sum()
    }

    /// Calls `f` on every string of every fact of one kind: each field, each item of each
    /// list, and the excerpt (what "the facts' text" is in size measurements).
    pub fn each_string(&self, kind: FactKind, f: &mut dyn FnMut(&str)) {
        fn each<F: Pack>(facts: &[F], f: &mut dyn FnMut(&str)) {
            facts.iter().for_each(|fact| fact.each_str(f));
        }
        match kind {
            FactKind::Person => each(&self.people, f),
            FactKind::Statement => each(&self.statements, f),
            FactKind::Article => each(&self.articles, f),
            FactKind::Event => each(&self.events, f),
            FactKind::Term => each(&self.terms, f),
        }
    }
}

/// Every string of a source, in a fixed order.
fn source_texts(s: &mut Source, f: &mut dyn FnMut(&mut Text)) {
    for t in [
        &mut s.id,
        &mut s.title,
        &mut s.author,
        &mut s.published_note,
        &mut s.file,
        &mut s.short,
    ] {
        f(t);
    }
}

/// The strings of one kind of fact, for packing.
trait Pack {
    /// Every string but the excerpts, in a fixed order.
    fn each_text(&mut self, f: &mut dyn FnMut(&mut Text));
    /// Every list of strings, the excerpts last, in a fixed order.
    fn each_list(&mut self, f: &mut dyn FnMut(&mut TextList));
    /// The source id and the excerpts.
    fn excerpts(&mut self) -> (&Text, &mut TextList);
    /// Every string, the items of every list and the excerpts, read-only.
    fn each_str(&self, f: &mut dyn FnMut(&str));
}

macro_rules! pack {
    ($t:ty, [$($field:ident),*], [$($opt:ident),*], [$($list:ident),*]) => {
        impl Pack for $t {
            fn each_text(&mut self, f: &mut dyn FnMut(&mut Text)) {
                $(f(&mut self.$field);)*
                $(if let Some(t) = &mut self.$opt { f(t); })*
                $(self.$list.each_mut(f);)*
            }
            fn each_list(&mut self, f: &mut dyn FnMut(&mut TextList)) {
                $(f(&mut self.$list);)*
                f(&mut self.excerpts);
            }
            fn excerpts(&mut self) -> (&Text, &mut TextList) {
                (&self.source, &mut self.excerpts)
            }
            fn each_str(&self, f: &mut dyn FnMut(&str)) {
                $(f(&self.$field);)*
                $(if let Some(t) = &self.$opt { f(t); })*
                $(self.$list.iter().for_each(|t| f(t));)*
                self.excerpts.iter().for_each(|t| f(t));
            }
        }
    };
}

pack!(Person, [id, name, source], [role], [aliases]);
pack!(
    Statement,
    [id, heading, source],
    [text, date_basis],
    [speakers, mentions]
);
pack!(Article, [id, source], [text], []);
pack!(
    Event,
    [id, title, source],
    [description, date_basis],
    [people]
);
pack!(Term, [id, term, source], [explanation], [aliases]);

/// Packs one kind of fact: excerpts become ranges of their source's text (when they are not
/// already), the other strings are copied into shared buffers, the lists into one array.
fn pack_facts<F: Pack>(facts: &mut [F], texts: &HashMap<Text, SourceText>) {
    let mut packer = Packer::default();
    // Whether each excerpt still needs a copy (it is not in its source's text).
    let mut copied: Vec<Vec<bool>> = Vec::with_capacity(facts.len());
    for f in facts.iter_mut() {
        let (source, excerpts) = f.excerpts();
        let text = texts.get(source.as_str());
        let mut flags = Vec::with_capacity(excerpts.len());
        excerpts.each_mut(&mut |excerpt| {
            if let Some(text) = text.filter(|t| !excerpt.shares_buffer(&t.folded)) {
                if let Some(range) = text.find(excerpt) {
                    *excerpt = range;
                }
            }
            let copy = !text.is_some_and(|t| excerpt.shares_buffer(&t.folded));
            if copy {
                packer.add(excerpt);
            }
            flags.push(copy);
        });
        copied.push(flags);
        f.each_text(&mut |t| packer.add(t));
    }
    let mut packed = packer.finish();
    for (f, flags) in facts.iter_mut().zip(copied) {
        let mut flags = flags.into_iter();
        f.excerpts().1.each_mut(&mut |excerpt| {
            if flags.next() == Some(true) {
                packed.bind(excerpt);
            }
        });
        f.each_text(&mut |t| packed.bind(t));
    }
    let mut lists = ListPacker::default();
    for f in facts.iter_mut() {
        f.each_list(&mut |l| lists.add(l));
    }
    let mut packed = lists.finish();
    for f in facts.iter_mut() {
        f.each_list(&mut |l| packed.bind(l));
    }
}

#[cfg(test)]
mod tests {
    use super::SourceText;

    #[test]
    fn sentences_split_paragraphs_after_end_marks() {
        let text = SourceText::new("He said \"No.\" Then 100,000 left. Why now?\nThe end\n\nA heading\n\nU.S. troops. (Later.) e.g. this");
        let shown: Vec<&str> = text
            .sentences()
            .into_iter()
            .map(|(a, b)| &text.folded[a..b])
            .collect();
        assert_eq!(
            shown,
            [
                "He said \"No.\"",
                "Then 100,000 left.",
                "Why now?",
                "The end",
                "A heading",
                "U.S. troops.",
                "(Later.) e.g. this",
            ]
        );
    }
}
