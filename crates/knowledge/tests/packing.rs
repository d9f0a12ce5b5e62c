//! Packing: excerpts are ranges of their source text and the other strings share buffers,
//! in the shipped base and in a generated one.

use std::path::Path;

use factbot_knowledge::{KnowledgeBase, Text};

fn excerpts(kb: &KnowledgeBase) -> Vec<(&Text, &Text)> {
    let mut out: Vec<(&Text, &Text)> = Vec::new();
    out.extend(
        kb.people()
            .iter()
            .flat_map(|f| f.excerpts.iter().map(move |e| (&f.source, e))),
    );
    out.extend(
        kb.statements()
            .iter()
            .flat_map(|f| f.excerpts.iter().map(move |e| (&f.source, e))),
    );
    out.extend(
        kb.articles()
            .iter()
            .flat_map(|f| f.excerpts.iter().map(move |e| (&f.source, e))),
    );
    out.extend(
        kb.events()
            .iter()
            .flat_map(|f| f.excerpts.iter().map(move |e| (&f.source, e))),
    );
    out.extend(
        kb.terms()
            .iter()
            .flat_map(|f| f.excerpts.iter().map(move |e| (&f.source, e))),
    );
    out
}

#[test]
fn excerpts_are_ranges_of_their_source_text_and_the_rest_is_packed() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge");
    let loaded = KnowledgeBase::load(shipped).unwrap_or_else(|e| panic!("{e}"));
    let generated = factbot_testkit::synth::generate(2_000, 3);
    for kb in [&loaded, &generated] {
        for (source, excerpt) in excerpts(kb) {
            let text = &kb.source_text(source).expect("a known source").folded;
            assert!(excerpt.shares_buffer(text), "{excerpt:?} is a copy");
            assert!(text.contains(excerpt.as_str()));
        }
        // Each kind's strings share a few buffers rather than one allocation each.
        let first = &kb.people()[0].name;
        assert!(kb.people().iter().all(|p| p.id.shares_buffer(first)));
        let first = &kb.statements()[0].heading;
        assert!(kb.statements().iter().all(|s| s.id.shares_buffer(first)));
        let first = &kb.terms()[0].term;
        assert!(kb.terms().iter().all(|t| t.id.shares_buffer(first)));
        assert!(kb.person(&kb.people()[0].id).is_some());
        assert!(kb.source(&kb.sources()[0].id).is_some());
    }
}
