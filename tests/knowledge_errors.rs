//! The loader on broken knowledge bases: one broken file per error class, each reported
//! with its file and entry, all of them at once.

use std::fs;

use std::path::{Path, PathBuf};
use wait_timeout::ChildExt;

use factbot::knowledge::KnowledgeBase;

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("knowledge")
}

/// A fresh copy of the shipped knowledge directory in a temporary directory, removed when
/// dropped.
struct KnowledgeCopy(tempfile::TempDir);

impl std::ops::Deref for KnowledgeCopy {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<Path> for KnowledgeCopy {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

fn copy_knowledge() -> KnowledgeCopy {
    let dir = tempfile::tempdir().unwrap();
    factbot_testkit::copy_dir(&shipped(), dir.path());
    KnowledgeCopy(dir)
}

fn append(dir: &Path, file: &str, text: &str) {
    let path = dir.join(file);
    let mut content = fs::read_to_string(&path).unwrap();
    content.push('\n');
    content.push_str(text);
    fs::write(path, content).unwrap();
}

/// Loads `dir`, expecting failure; returns the error report.
fn errors(dir: &Path) -> String {
    let report = match KnowledgeBase::load(dir) {
        Ok(_) => panic!("{} should not load", dir.display()),
        Err(e) => e.to_string(),
    };
    report
}

const GOOD_STATEMENT: &str = r#"
[[statement]]
id = "test-extra"
heading = "One country does not have the right to exert a sphere of influence"
speakers = ["blinken"]
text = "One country does not have the right to exert a sphere of influence."
kind = "direct"
source = "jafarli"
excerpts = ["One country does not have the right to exert a sphere of influence."]
"#;

#[test]
fn shipped_knowledge_loads() {
    let kb = KnowledgeBase::load(shipped()).unwrap_or_else(|e| panic!("{e}"));
    assert!(kb.counts().iter().all(|(_, n)| *n >= 2));
    for (kind, n) in kb.counts().iter().skip(1) {
        assert!(*n >= 5, "at least 5 {kind}, got {n}");
    }
}

/// The SHA-256 of each source text, as `sha256sum` writes them (`<hex>  <path>`, the path
/// relative to the knowledge directory), checked in beside the texts.
fn source_hashes() -> Vec<(String, String)> {
    let manifest = fs::read_to_string(shipped().join("sources.sha256")).unwrap();
    manifest
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (hash, path) = l
                .split_once("  ")
                .unwrap_or_else(|| panic!("not a sha256sum line: {l:?}"));
            (hash.to_string(), path.to_string())
        })
        .collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The files under `dir` whose bytes do not hash to the checked-in value.
fn changed_sources(dir: &Path) -> Vec<String> {
    source_hashes()
        .into_iter()
        .filter(|(hash, path)| match fs::read(dir.join(path)) {
            Ok(bytes) => sha256_hex(&bytes) != *hash,
            Err(_) => true,
        })
        .map(|(_, path)| path)
        .collect()
}

#[test]
fn shipped_sources_match_the_checked_in_sha256_hashes() {
    let kb = KnowledgeBase::load(shipped()).unwrap();
    let mut listed: Vec<&str> = kb.sources().iter().map(|s| s.file.as_str()).collect();
    let hashes = source_hashes();
    let mut hashed: Vec<&str> = hashes.iter().map(|(_, p)| p.as_str()).collect();
    listed.sort_unstable();
    hashed.sort_unstable();
    assert_eq!(
        listed, hashed,
        "knowledge/sources.sha256 must list exactly the files of sources.toml"
    );
    assert_eq!(
        changed_sources(&shipped()),
        Vec::<String>::new(),
        "source texts differ from knowledge/sources.sha256"
    );
    // Where the originals are beside the checkout, they must hash the same too.
    let originals = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sources");
    if originals.is_dir() {
        for (hash, path) in &hashes {
            let name = Path::new(path).file_name().unwrap();
            let theirs = fs::read(originals.join(name)).unwrap();
            assert_eq!(
                sha256_hex(&theirs),
                *hash,
                "{path} differs from the original"
            );
        }
    }
}

#[test]
fn a_changed_source_byte_fails_the_hash_check() {
    let dir = copy_knowledge();
    let (_, path) = source_hashes().swap_remove(0);
    let mut bytes = fs::read(dir.join(&path)).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    fs::write(dir.join(&path), bytes).unwrap();
    let changed = changed_sources(&dir);
    assert_eq!(changed, [path]);
}

#[test]
fn a_good_addition_loads() {
    let dir = copy_knowledge();
    append(&dir, "statements.toml", GOOD_STATEMENT);
    KnowledgeBase::load(&dir).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn unknown_field() {
    let dir = copy_knowledge();
    append(
        &dir,
        "statements.toml",
        &GOOD_STATEMENT.replace("kind = \"direct\"", "kind = \"direct\"\nmood = \"grim\""),
    );
    let e = errors(&dir);
    assert!(
        e.contains("statements.toml")
            && e.contains("statement \"test-extra\"")
            && e.contains("unknown field `mood`"),
        "{e}"
    );
}

#[test]
fn duplicate_id() {
    let dir = copy_knowledge();
    append(&dir, "statements.toml", GOOD_STATEMENT);
    append(&dir, "statements.toml", GOOD_STATEMENT);
    let e = errors(&dir);
    assert!(
        e.contains("statements.toml") && e.contains("duplicate id \"test-extra\""),
        "{e}"
    );
}

#[test]
fn dangling_person_and_source() {
    let dir = copy_knowledge();
    append(
        &dir,
        "statements.toml",
        &GOOD_STATEMENT.replace("[\"blinken\"]", "[\"nobody-at-all\"]"),
    );
    append(
        &dir,
        "terms.toml",
        "[[term]]\nid = \"test-term\"\nterm = \"Zzyzx\"\nexplanation = \"x\"\nsource = \"no-such-doc\"\nexcerpts = [\"x\"]\n",
    );
    let e = errors(&dir);
    assert!(
        e.contains("statement \"test-extra\": `speakers` names \"nobody-at-all\""),
        "{e}"
    );
    assert!(
        e.contains("terms.toml")
            && e.contains("term \"test-term\": `source` \"no-such-doc\" is not in sources.toml"),
        "{e}"
    );
}

#[test]
fn excerpt_not_in_source() {
    let dir = copy_knowledge();
    append(
        &dir,
        "statements.toml",
        &GOOD_STATEMENT.replace(
            "excerpts = [\"One country does not have the right to exert a sphere of influence.\"]",
            "excerpts = [\"One country has every right to exert a sphere of influence.\"]",
        ),
    );
    let e = errors(&dir);
    assert!(
        e.contains("statement \"test-extra\"")
            && e.contains("not found verbatim in source \"jafarli\""),
        "{e}"
    );
}

#[test]
fn direct_quote_not_in_its_excerpt() {
    let dir = copy_knowledge();
    append(
        &dir,
        "statements.toml",
        &GOOD_STATEMENT.replace("text = \"One country", "text = \"Every country"),
    );
    let e = errors(&dir);
    assert!(
        e.contains("statement \"test-extra\"") && e.contains("`text` is not found in its excerpts"),
        "{e}"
    );
}

#[test]
fn bad_date() {
    let dir = copy_knowledge();
    append(
        &dir,
        "statements.toml",
        &GOOD_STATEMENT.replace("kind = \"direct\"", "kind = \"direct\"\ndate = \"2021-13\""),
    );
    let e = errors(&dir);
    assert!(
        e.contains("statement \"test-extra\"") && e.contains("month 13"),
        "{e}"
    );
}

#[test]
fn wrong_type_and_bad_enum() {
    let dir = copy_knowledge();
    append(
        &dir,
        "statements.toml",
        &GOOD_STATEMENT.replace("[\"blinken\"]", "\"blinken\""),
    );
    append(&dir, "articles.toml", "[[article]]\nid = \"test-art\"\ndraft = \"un\"\nnumber = 3\ntext = \"x\"\nkind = \"direct\"\nsource = \"jafarli\"\nexcerpts = [\"x\"]\n");
    let e = errors(&dir);
    assert!(e.contains("statement \"test-extra\""), "{e}");
    assert!(
        e.contains("article \"test-art\"") && e.contains("unknown variant `un`"),
        "{e}"
    );
}

#[test]
fn syntax_error_names_the_line() {
    let dir = copy_knowledge();
    append(&dir, "terms.toml", "[[term]\nid = ");
    let e = errors(&dir);
    assert!(
        e.contains("terms.toml") && e.contains("invalid TOML") && e.contains("line"),
        "{e}"
    );
}

#[test]
fn missing_and_unreadable_files() {
    let dir = copy_knowledge();
    fs::remove_file(dir.join("events.toml")).unwrap();
    fs::write(dir.join("people.toml"), [0xff, 0xfe, 0x00]).unwrap();
    let e = errors(&dir);
    assert!(e.contains("events.toml: cannot read"), "{e}");
    assert!(e.contains("people.toml: not valid UTF-8"), "{e}");
}

#[test]
fn missing_source_text_and_empty_directory() {
    let dir = copy_knowledge();
    fs::remove_file(dir.join("sources/002_c975b8563f8f9cab.txt")).unwrap();
    let e = errors(&dir);
    assert!(
        e.contains("source \"carnegie\": source text file: cannot read"),
        "{e}"
    );

    let empty = copy_knowledge();
    for f in fs::read_dir(&empty).unwrap() {
        let p = f.unwrap().path();
        if p.is_file() {
            fs::remove_file(p).unwrap();
        }
    }
    let e = errors(&empty);
    assert!(
        e.contains("sources.toml: cannot read") && e.contains("terms.toml: cannot read"),
        "{e}"
    );
}

#[test]
fn every_error_is_reported_at_once() {
    let dir = copy_knowledge();
    append(
        &dir,
        "statements.toml",
        &GOOD_STATEMENT.replace("kind = \"direct\"", "kind = \"direct\"\nmood = 1"),
    );
    append(&dir, "events.toml", "[[event]]\nid = \"test-ev\"\ndate = \"someday\"\ntitle = \"t\"\ndescription = \"d\"\nsource = \"jafarli\"\nexcerpts = [\"x\"]\n");
    fs::remove_file(dir.join("terms.toml")).unwrap();
    let e = errors(&dir);
    assert!(e.contains("3 errors"), "{e}");
}

/// More broken bases, each named by what is wrong and what the report must say.
#[test]
fn many_more_broken_bases_each_get_a_clear_error() {
    type Breaker = fn(&Path);
    let cases: Vec<(&str, Breaker, &[&str])> = vec![
        (
            "a 50 MB file",
            |d| {
                let line = "# padding padding padding padding padding padding padding padding\n";
                fs::write(
                    d.join("terms.toml"),
                    line.repeat(50 * 1024 * 1024 / line.len()),
                )
                .unwrap();
            },
            &["terms.toml", "the limit is"],
        ),
        (
            "an empty excerpt",
            |d| {
                append(d, "statements.toml", &GOOD_STATEMENT.replace("excerpts = [\"One country does not have the right to exert a sphere of influence.\"]", "excerpts = [\"  \"]"))
            },
            &["statement \"test-extra\"", "`excerpt` is empty"],
        ),
        (
            "no speakers",
            |d| {
                append(
                    d,
                    "statements.toml",
                    &GOOD_STATEMENT.replace("[\"blinken\"]", "[]"),
                )
            },
            &["statement \"test-extra\"", "`speakers` is empty"],
        ),
        (
            "one alias naming two people",
            |d| {
                append(d, "people.toml", "[[person]]\nid = \"test-twin\"\nname = \"Test Twin\"\naliases = [\"Blinken\"]\nrole = \"r\"\nsource = \"jafarli\"\nexcerpts = [\"Secretary of State Blinken\"]\n")
            },
            &[
                "person \"test-twin\"",
                "\"Blinken\" also names person \"blinken\"",
            ],
        ),
        (
            "an unknown table",
            |d| append(d, "events.toml", "[[evnt]]\nid = \"x\"\n"),
            &["events.toml", "unknown table `evnt`"],
        ),
        (
            "entries that are not an array of tables",
            |d| fs::write(d.join("terms.toml"), "term = 3\n").unwrap(),
            &["terms.toml", "must be an array of tables"],
        ),
        (
            "article number 0",
            |d| {
                append(d, "articles.toml", "[[article]]\nid = \"test-art\"\ndraft = \"us\"\nnumber = 0\ntext = \"t\"\nkind = \"paraphrase\"\nsource = \"jafarli\"\nexcerpts = [\"The seventh article stipulates\"]\n")
            },
            &["article \"test-art\"", "`number` must be 1 or more"],
        ),
        (
            "a negative article number",
            |d| {
                append(d, "articles.toml", "[[article]]\nid = \"test-neg\"\ndraft = \"us\"\nnumber = -3\ntext = \"t\"\nkind = \"paraphrase\"\nsource = \"jafarli\"\nexcerpts = [\"The seventh article stipulates\"]\n")
            },
            &["article \"test-neg\""],
        ),
        (
            "a source file outside the knowledge directory",
            |d| {
                let s = fs::read_to_string(d.join("sources.toml")).unwrap();
                fs::write(
                    d.join("sources.toml"),
                    s.replace("sources/000_8913b7bd571a9e1b.txt", "../../etc/passwd"),
                )
                .unwrap();
            },
            &[
                "source \"jafarli\"",
                "must be a path inside the knowledge directory",
            ],
        ),
        (
            "a date range that ends before it starts",
            |d| {
                append(d, "events.toml", "[[event]]\nid = \"test-back\"\ndate = \"2015/2014\"\ntitle = \"t\"\ndescription = \"d\"\nsource = \"jafarli\"\nexcerpts = [\"The seventh article stipulates\"]\n")
            },
            &["event \"test-back\"", "ends before it starts"],
        ),
        (
            "a blank id",
            |d| {
                append(d, "terms.toml", "[[term]]\nid = \"\"\nterm = \"Zzyzx\"\nexplanation = \"x\"\nsource = \"jafarli\"\nexcerpts = [\"The seventh article stipulates\"]\n")
            },
            &["terms.toml", "`id` is empty"],
        ),
        (
            "a missing required field",
            |d| {
                append(d, "terms.toml", "[[term]]\nid = \"test-noex\"\nterm = \"Zzyzx\"\nexplanation = \"x\"\nsource = \"jafarli\"\n")
            },
            &["term \"test-noex\"", "missing field `excerpts`"],
        ),
        (
            "a blank name",
            |d| {
                append(d, "people.toml", "[[person]]\nid = \"test-blank\"\nname = \" \"\nrole = \"r\"\nsource = \"jafarli\"\nexcerpts = [\"Secretary of State Blinken\"]\n")
            },
            &["person \"test-blank\"", "`name` is empty"],
        ),
        (
            "an event naming an unknown person",
            |d| {
                append(d, "events.toml", "[[event]]\nid = \"test-ev\"\ndate = \"2014\"\ntitle = \"t\"\ndescription = \"d\"\npeople = [\"ghost\"]\nsource = \"jafarli\"\nexcerpts = [\"The seventh article stipulates\"]\n")
            },
            &["event \"test-ev\"", "`people` names \"ghost\""],
        ),
        (
            "no sources at all",
            |d| fs::write(d.join("sources.toml"), "# nothing\n").unwrap(),
            &["sources.toml", "no sources"],
        ),
        (
            "a knowledge file that is a directory",
            |d| {
                fs::remove_file(d.join("people.toml")).unwrap();
                fs::create_dir(d.join("people.toml")).unwrap();
            },
            &["people.toml: not a regular file"],
        ),
        (
            "the knowledge directory is a file",
            |d| {
                fs::remove_dir_all(d).unwrap();
                fs::write(d, "not a directory").unwrap();
            },
            &["not a directory"],
        ),
    ];
    assert!(cases.len() >= 17);
    for (what, breaker, expected) in cases {
        let dir = copy_knowledge();
        breaker(&dir);
        let report = match KnowledgeBase::load(&dir) {
            Ok(_) => panic!("{what}: loaded"),
            Err(e) => e.to_string(),
        };
        for e in expected {
            assert!(report.contains(e), "{what}: report lacks {e:?}:\n{report}");
        }
    }
}

/// Runs `factbot check` on `dir` and returns its exit code and stderr, failing the test
/// if it has not finished within `limit` (the child is killed first, so a hang shows up
/// as a failure rather than a stuck test run).
#[cfg(unix)]
fn check_with_deadline(dir: &Path, limit: std::time::Duration) -> (Option<i32>, String) {
    use std::process::{Command, Stdio};

    let config = dir.with_extension("toml");
    fs::write(
        &config,
        format!("knowledge_dir = {:?}\n", dir.to_str().unwrap()),
    )
    .unwrap();
    let err_path = dir.with_extension("stderr");
    let err_file = fs::File::create(&err_path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_factbot"))
        .args(["--config", config.to_str().unwrap(), "check"])
        .env_remove("DISCORD_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(err_file)
        .spawn()
        .expect("factbot runs");
    // Waits on the child's exit (no polling); a hang past `limit` is killed and reported.
    let status = child.wait_timeout(limit).unwrap();
    if status.is_none() {
        let _ = child.kill();
        let _ = child.wait();
    }
    let stderr = fs::read_to_string(&err_path).unwrap_or_default();
    let _ = fs::remove_file(&config);
    let _ = fs::remove_file(&err_path);
    match status {
        Some(status) => (status.code(), stderr),
        None => panic!(
            "`factbot check` on {} still running after {limit:?}; killed it. stderr:\n{stderr}",
            dir.display()
        ),
    }
}

/// A knowledge file that is a symlink to /dev/zero reports a size of zero but never ends:
/// the loader must refuse it, not read until memory runs out.
#[cfg(unix)]
#[test]
fn check_refuses_a_symlink_to_dev_zero_promptly() {
    let dir = copy_knowledge();
    fs::remove_file(dir.join("terms.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("terms.toml")).unwrap();
    let source = dir.join("sources/002_c975b8563f8f9cab.txt");
    fs::remove_file(&source).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &source).unwrap();
    let (code, stderr) = check_with_deadline(&dir, std::time::Duration::from_secs(30));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("terms.toml: not a regular file"),
        "the report names terms.toml:\n{stderr}"
    );
    assert!(
        stderr.contains("source \"carnegie\": source text file: not a regular file"),
        "the report names the source text:\n{stderr}"
    );
}

/// Opening a FIFO for reading waits for a writer that never comes: the loader must refuse
/// it without blocking.
#[cfg(unix)]
#[test]
fn check_refuses_a_fifo_promptly() {
    let dir = copy_knowledge();
    fs::remove_file(dir.join("events.toml")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("events.toml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo failed");
    let (code, stderr) = check_with_deadline(&dir, std::time::Duration::from_secs(30));
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("events.toml: not a regular file"),
        "the report names events.toml:\n{stderr}"
    );
}

/// Each rule of the support check rejects its broken entry in the shipped base, and the
/// report names the file, the entry, the field and the words at fault.
#[test]
fn the_support_check_rejects_each_rules_broken_entry() {
    const HEDGED: &str = "It seems that Western leaders have underestimated Putin, who, driven by revanchist instincts, has become more bellicose when not resisted.";
    let statement = |id: &str, fields: &str, excerpt: &str| {
        format!("[[statement]]\nid = \"{id}\"\nspeakers = [\"blinken\"]\nkind = \"reported\"\nsource = \"jafarli\"\n{fields}\nexcerpts = [\"{excerpt}\"]\n")
    };
    let good = "One country does not have the right to exert a sphere of influence.";
    let cases: &[(&str, String, &[&str])] = &[
        (
            "a content word the excerpt lacks",
            statement("test-words", "heading = \"Blinken: Russia occupies a sphere of influence\"", good),
            &["statements.toml", "statement \"test-words\"", "`heading` says what its excerpts do not", "\"occupies\""],
        ),
        (
            "a negation the excerpt lacks",
            statement("test-negation", "heading = \"Sphere of influence\"\ntext = \"One country never has the right to exert a sphere of influence\"", good),
            &["statement \"test-negation\"", "`text` negates where its excerpts do not", "\"never\""],
        ),
        (
            "quoted words not in the excerpt",
            statement("test-quote", "heading = \"Blinken: \\\"no sphere of influence\\\"\"", good),
            &["statement \"test-quote\"", "`heading` quotes \"no sphere of influence\""],
        ),
        (
            "a dropped hedge",
            format!("[[statement]]\nid = \"test-hedge\"\nheading = \"Western leaders have underestimated Putin\"\nspeakers = [\"jafarli\"]\nkind = \"argument\"\nsource = \"jafarli\"\nexcerpts = [\"{HEDGED}\"]\n"),
            &["statement \"test-hedge\"", "`heading` drops the hedge \"seems\""],
        ),
        (
            "a date the excerpt does not state",
            statement("test-date", "heading = \"Sphere of influence\"\ndate = \"2021-12\"", good),
            &["statement \"test-date\"", "the excerpts do not state the date 2021-12"],
        ),
        (
            "a date basis that quotes nothing",
            statement("test-basis", "heading = \"Sphere of influence\"\ndate = \"2021-12\"\ndate_basis = \"it was December\"", good),
            &["statement \"test-basis\"", "`date_basis` quotes none of the excerpts' words"],
        ),
        (
            "an excerpt cut inside a sentence",
            statement("test-cut", "heading = \"Sphere of influence\"", "does not have the right to exert a sphere of influence."),
            &["statement \"test-cut\"", "starts inside a sentence"],
        ),
        (
            "the author's argument given to someone else",
            statement("test-argument", "heading = \"Sphere of influence\"", good).replace("kind = \"reported\"", "kind = \"argument\""),
            &["statement \"test-argument\"", "kind is \"argument\", the author's own, so `speakers` must be [\"jafarli\"] only"],
        ),
        (
            "a quotation without its words",
            statement("test-direct", "heading = \"Sphere of influence\"", good).replace("kind = \"reported\"", "kind = \"direct\""),
            &["statement \"test-direct\"", "kind is \"direct\" but there is no `text`"],
        ),
    ];
    for (what, entry, expected) in cases {
        let dir = copy_knowledge();
        append(&dir, "statements.toml", entry);
        let e = errors(&dir);
        for part in *expected {
            assert!(e.contains(part), "{what}: {part:?} missing from\n{e}");
        }
        // Only the broken entry is at fault.
        assert_eq!(
            e.matches("statement \"test-").count(),
            e.lines().count() - 1,
            "{what}:\n{e}"
        );
    }
}
