//! Invisible format characters in a query change nothing the engine finds.

use factbot_engine::AnswerKind;
use factbot_testkit::shipped_engine as engine;

#[test]
fn who_finds_putin_through_format_characters() {
    let engine = engine();
    let plain = engine.run("who", "Putin");
    assert_eq!(plain.kind, AnswerKind::Person, "{plain:?}");
    assert!(
        factbot_testkit::Written::console(&plain)
            .title
            .contains("Vladimir Putin"),
        "{plain:?}"
    );
    // A tag letter, the Mongolian vowel separator, the Arabic letter mark, an invisible
    // plus, an interlinear annotation anchor, a language tag and a Kaithi number sign.
    for hidden in [
        "\u{E0041}",
        "\u{180E}",
        "\u{061C}",
        "\u{2064}",
        "\u{FFF9}",
        "\u{E0001}",
        "\u{110BD}",
    ] {
        let query = format!("Pu{hidden}tin");
        assert_eq!(engine.run("who", &query), plain, "{query:?}");
    }
}
