//! Reading the TOML files and validating them into a [`KnowledgeBase`].

use std::collections::{HashMap, HashSet};
use std::io::Read as _;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use super::error::{LoadError, LoadErrors};
use super::fold::fold_text;
use super::kind::{FactKind, SOURCES_FILE, SOURCES_TABLE};
use super::model::*;
use super::{KnowledgeBase, SourceText, Text};

/// Files larger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The knowledge files, each with its array-of-tables key: [`SOURCES_FILE`], then each
/// [`FactKind::file`] in [`FactKind::ALL`] order (`FILES[k.index() + 1]` is kind `k`'s).
pub const FILES: [(&str, &str); 6] = {
    let mut files = [(SOURCES_FILE, SOURCES_TABLE); 6];
    let mut i = 0;
    while i < FactKind::ALL.len() {
        let kind = FactKind::ALL[i];
        files[i + 1] = (kind.file(), kind.table());
        i += 1;
    }
    files
};

/// Collects errors while loading.
struct Loader {
    dir: PathBuf,
    errors: Vec<LoadError>,
}

/// An entry together with the label used to name it in errors.
struct Parsed<T> {
    label: String,
    value: T,
}

impl Loader {
    fn error(&mut self, file: &str, entry: Option<&str>, message: impl Into<String>) {
        self.errors.push(LoadError {
            file: self.dir.join(file),
            entry: entry.map(str::to_string),
            message: message.into(),
        });
    }

    fn read(&mut self, file: &str) -> Option<String> {
        let path = self.dir.join(file);
        match read_bounded(&path, MAX_FILE_BYTES) {
            Err(message) => {
                self.error(file, None, message);
                None
            }
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => Some(s),
                Err(e) => {
                    self.error(file, None, format!("not valid UTF-8: {e}"));
                    None
                }
            },
        }
    }

    /// Parses the `[[T::TABLE]]` entries of `T::FILE`; each bad entry is its own error.
    fn entries<T: DeserializeOwned + HasId>(&mut self) -> Vec<Parsed<T>> {
        let (file, key) = (T::FILE, T::TABLE);
        let Some(text) = self.read(file) else {
            return Vec::new();
        };
        // Fast path: a well-formed file deserializes straight into its entries. Anything
        // wrong falls through to the entry-by-entry path below, which names each bad entry.
        if let Ok(mut map) = toml::from_str::<HashMap<String, Vec<T>>>(&text) {
            if map.keys().all(|k| k == key) {
                let values = map.remove(key).unwrap_or_default();
                return values
                    .into_iter()
                    .map(|value| Parsed {
                        label: format!("{key} \"{}\"", value.id()),
                        value,
                    })
                    .collect();
            }
        }
        let table: toml::Table = match toml::from_str(&text) {
            Ok(t) => t,
            Err(e) => {
                let msg = e.to_string().replace('\n', " ").trim().to_string();
                self.error(file, None, format!("invalid TOML: {msg}"));
                return Vec::new();
            }
        };
        let mut out = Vec::new();
        for (name, value) in table {
            if name != key {
                self.error(
                    file,
                    None,
                    format!("unknown table `{name}` (this file holds `[[{key}]]` entries)"),
                );
                continue;
            }
            let Some(array) = value.as_array() else {
                self.error(
                    file,
                    None,
                    format!("`{key}` must be an array of tables: `[[{key}]]`"),
                );
                continue;
            };
            for (i, entry) in array.iter().enumerate() {
                let label = match entry.get("id").and_then(|v| v.as_str()) {
                    Some(id) => format!("{key} \"{id}\""),
                    None => format!("{key} #{}", i + 1),
                };
                match entry.clone().try_into::<T>() {
                    Ok(value) => out.push(Parsed { label, value }),
                    Err(e) => {
                        let msg = e.to_string().replace('\n', " ").trim().to_string();
                        self.error(file, Some(&label), msg);
                    }
                }
            }
        }
        out
    }
}

/// Reads a regular file of at most `limit` bytes, whatever its metadata claims.
///
/// A symlink to `/dev/zero` reports a size of 0 and never ends, and opening a FIFO for
/// reading waits for a writer: both would hang the loader. So the type is checked before
/// opening (following symlinks), the file is opened without blocking, the type is checked
/// again on what was opened (the path may have changed in between), and at most
/// `limit + 1` bytes are read.
fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read: {e}");
    let meta = std::fs::metadata(path).map_err(cannot)?;
    regular_file(&meta)?;
    if meta.len() > limit {
        return Err(format!(
            "file is {} bytes; the limit is {limit}",
            meta.len()
        ));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Reads of a regular file never block; this only keeps a FIFO swapped in after the
        // check from blocking the open itself.
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(cannot)?;
    let meta = file.metadata().map_err(cannot)?;
    regular_file(&meta)?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "file is larger than {limit} bytes, the limit (its size was given as {})",
            meta.len()
        ));
    }
    Ok(bytes)
}

/// Refuses anything but a regular file: directories, FIFOs, devices and sockets.
fn regular_file(meta: &std::fs::Metadata) -> Result<(), String> {
    let t = meta.file_type();
    if t.is_file() {
        return Ok(());
    }
    let what = if t.is_dir() {
        "a directory"
    } else {
        special_kind(&t)
    };
    Err(format!("not a regular file (it is {what})"))
}

#[cfg(unix)]
fn special_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "a FIFO"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Every entry has an id, which names it in errors, and is read from one table of one file.
trait HasId {
    /// The file the entries are read from.
    const FILE: &'static str;
    /// The array of tables they are read from.
    const TABLE: &'static str;
    fn id(&self) -> &str;
}

impl HasId for Source {
    const FILE: &'static str = SOURCES_FILE;
    const TABLE: &'static str = SOURCES_TABLE;
    fn id(&self) -> &str {
        &self.id
    }
}

/// The fields every fact shares, for validation common to all kinds.
trait Fact: HasId {
    const KIND: FactKind;
    fn source(&self) -> &str;
    fn excerpt(&self) -> &str;
    fn excerpt_mut(&mut self) -> &mut Text;
    /// Required text fields, by name, that must not be blank.
    fn required_text(&self) -> Vec<(&'static str, &str)>;
}

macro_rules! fact {
    ($t:ident, $($field:ident),*) => {
        impl HasId for $t {
            const FILE: &'static str = FactKind::$t.file();
            const TABLE: &'static str = FactKind::$t.table();
            fn id(&self) -> &str { &self.id }
        }
        impl Fact for $t {
            const KIND: FactKind = FactKind::$t;
            fn source(&self) -> &str { &self.source }
            fn excerpt(&self) -> &str { &self.excerpt }
            fn excerpt_mut(&mut self) -> &mut Text { &mut self.excerpt }
            fn required_text(&self) -> Vec<(&'static str, &str)> {
                vec![$((stringify!($field), self.$field.as_str())),*]
            }
        }
    };
}

fact!(Person, name, role);
fact!(Statement, text);
fact!(Article, text);
fact!(Event, title, description);
fact!(Term, term, explanation);

/// Loads and validates the knowledge base in `dir`, reporting every problem at once.
pub fn load(dir: &Path) -> Result<KnowledgeBase, LoadErrors> {
    let mut l = Loader {
        dir: dir.to_path_buf(),
        errors: Vec::new(),
    };
    if !dir.is_dir() {
        l.error("", None, "not a directory");
        return Err(LoadErrors(l.errors));
    }
    // Statements are the largest file: parse them on a second thread while this one
    // parses the rest. Errors are merged back in file order.
    let mut later = Loader {
        dir: dir.to_path_buf(),
        errors: Vec::new(),
    };
    let (
        sources,
        mut people,
        mut statements,
        mut articles,
        mut events,
        mut terms,
        statement_errors,
    ) = std::thread::scope(|scope| {
        let spawned = scope.spawn(|| {
            let mut own = Loader {
                dir: dir.to_path_buf(),
                errors: Vec::new(),
            };
            let parsed: Vec<Parsed<Statement>> = own.entries();
            (parsed, own.errors)
        });
        let sources: Vec<Parsed<Source>> = l.entries();
        let people: Vec<Parsed<Person>> = l.entries();
        let articles: Vec<Parsed<Article>> = later.entries();
        let events: Vec<Parsed<Event>> = later.entries();
        let terms: Vec<Parsed<Term>> = later.entries();
        let (statements, errors) = spawned.join().unwrap_or_else(|_| {
            let error = LoadError {
                file: dir.join(FactKind::Statement.file()),
                entry: None,
                message: "the parser failed".into(),
            };
            (Vec::new(), vec![error])
        });
        (sources, people, statements, articles, events, terms, errors)
    });
    l.errors.extend(statement_errors);
    l.errors.append(&mut later.errors);

    // Sources and their texts.
    let mut texts = HashMap::new();
    unique_ids(
        &mut l,
        SOURCES_FILE,
        sources.iter().map(|p| (&p.label, p.value.id.as_str())),
    );
    for p in &sources {
        let s = &p.value;
        for (field, value) in [
            ("title", &s.title),
            ("author", &s.author),
            ("short", &s.short),
        ] {
            if value.trim().is_empty() {
                l.error(SOURCES_FILE, Some(&p.label), format!("`{field}` is empty"));
            }
        }
        let rel = Path::new(s.file.as_str());
        if rel.is_absolute()
            || rel
                .components()
                .any(|c| c == std::path::Component::ParentDir)
        {
            l.error(
                SOURCES_FILE,
                Some(&p.label),
                format!(
                    "`file` {:?} must be a path inside the knowledge directory",
                    s.file
                ),
            );
            continue;
        }
        let before = l.errors.len();
        if let Some(raw) = l.read(&s.file) {
            let folded = fold_text(&raw);
            texts.insert(
                s.id.clone(),
                SourceText {
                    folded: Text::from(folded),
                },
            );
        } else if let Some(e) = l.errors.get_mut(before) {
            e.entry = Some(p.label.clone());
            e.message = format!("source text file: {}", e.message);
        }
    }
    let source_ids: HashSet<&str> = sources.iter().map(|p| p.value.id.as_str()).collect();

    // Statements are checked on a second thread; errors keep file order.
    let mut statement_checks = Loader {
        dir: dir.to_path_buf(),
        errors: Vec::new(),
    };
    let mut rest = Loader {
        dir: dir.to_path_buf(),
        errors: Vec::new(),
    };
    std::thread::scope(|scope| {
        let (checks, statements) = (&mut statement_checks, &mut statements);
        let (ids, texts) = (&source_ids, &texts);
        scope.spawn(move || check_facts(checks, statements, ids, texts));
        check_facts(&mut l, &mut people, ids, texts);
        check_facts(&mut rest, &mut articles, ids, texts);
        check_facts(&mut rest, &mut events, ids, texts);
        check_facts(&mut rest, &mut terms, ids, texts);
    });
    l.errors.append(&mut statement_checks.errors);
    l.errors.append(&mut rest.errors);

    // References to people.
    let person_ids: HashSet<&str> = people.iter().map(|p| p.value.id.as_str()).collect();
    let check_refs = |l: &mut Loader, file: &str, label: &str, field: &str, ids: &[Text]| {
        for id in ids {
            if !person_ids.contains(id.as_str()) {
                l.error(
                    file,
                    Some(label),
                    format!("`{field}` names \"{id}\", which is not in people.toml"),
                );
            }
        }
    };
    for p in &statements {
        if p.value.speakers.is_empty() {
            l.error(
                FactKind::Statement.file(),
                Some(&p.label),
                "`speakers` is empty",
            );
        }
        check_refs(
            &mut l,
            FactKind::Statement.file(),
            &p.label,
            "speakers",
            &p.value.speakers,
        );
        check_refs(
            &mut l,
            FactKind::Statement.file(),
            &p.label,
            "mentions",
            &p.value.mentions,
        );
    }
    for p in &events {
        check_refs(
            &mut l,
            FactKind::Event.file(),
            &p.label,
            "people",
            &p.value.people,
        );
    }

    // Direct quotes must stand in their excerpt.
    let quoted = statements
        .iter()
        .filter(|p| p.value.kind == StatementKind::Direct)
        .map(|p| {
            (
                FactKind::Statement.file(),
                &p.label,
                &p.value.text,
                &p.value.excerpt,
            )
        })
        .chain(
            articles
                .iter()
                .filter(|p| p.value.kind == ArticleKind::Direct)
                .map(|p| {
                    (
                        FactKind::Article.file(),
                        &p.label,
                        &p.value.text,
                        &p.value.excerpt,
                    )
                }),
        );
    for (file, label, text, excerpt) in quoted {
        // The excerpt is stored folded already.
        if !excerpt.contains(&fold_text(text)) {
            l.error(
                file,
                Some(label),
                "kind is \"direct\" but `text` is not found in `excerpt`",
            );
        }
    }
    for p in &articles {
        if p.value.number == Some(0) {
            l.error(
                FactKind::Article.file(),
                Some(&p.label),
                "`number` must be 1 or more (omit it for the draft as a whole)",
            );
        }
    }

    // Names: blank aliases, and one name pointing to two people.
    let mut names: HashMap<String, &str> = HashMap::new();
    for p in &people {
        for alias in &p.value.aliases {
            if alias.trim().is_empty() {
                l.error(FactKind::Person.file(), Some(&p.label), "an alias is empty");
            }
        }
        for name in std::iter::once(&p.value.name).chain(&p.value.aliases) {
            let key = fold_text(name).to_lowercase();
            match names.get(key.as_str()) {
                Some(other) if *other != p.value.id.as_str() => l.error(
                    FactKind::Person.file(),
                    Some(&p.label),
                    format!("the name \"{name}\" also names person \"{other}\""),
                ),
                _ => {
                    names.insert(key, &p.value.id);
                }
            }
        }
    }
    let mut term_names: HashMap<String, &str> = HashMap::new();
    for p in &terms {
        for name in std::iter::once(&p.value.term).chain(&p.value.aliases) {
            let key = fold_text(name).to_lowercase();
            if key.is_empty() {
                l.error(FactKind::Term.file(), Some(&p.label), "an alias is empty");
            }
            match term_names.get(key.as_str()) {
                Some(other) if *other != p.value.id.as_str() => l.error(
                    FactKind::Term.file(),
                    Some(&p.label),
                    format!("the name \"{name}\" also names term \"{other}\""),
                ),
                _ => {
                    term_names.insert(key, &p.value.id);
                }
            }
        }
    }

    if sources.is_empty() && !l.errors.iter().any(|e| e.file.ends_with(SOURCES_FILE)) {
        l.error(
            SOURCES_FILE,
            None,
            "no sources: the fact base needs at least one `[[source]]`",
        );
    }

    if !l.errors.is_empty() {
        return Err(LoadErrors(l.errors));
    }
    Ok(KnowledgeBase::new(
        sources.into_iter().map(|p| p.value).collect(),
        people.into_iter().map(|p| p.value).collect(),
        statements.into_iter().map(|p| p.value).collect(),
        articles.into_iter().map(|p| p.value).collect(),
        events.into_iter().map(|p| p.value).collect(),
        terms.into_iter().map(|p| p.value).collect(),
        texts,
    ))
}

fn unique_ids<'a>(l: &mut Loader, file: &str, ids: impl Iterator<Item = (&'a String, &'a str)>) {
    let mut seen = HashSet::new();
    for (label, id) in ids {
        if id.trim().is_empty() {
            l.error(file, Some(label), "`id` is empty");
        } else if !seen.insert(id) {
            l.error(file, Some(label), format!("duplicate id \"{id}\""));
        }
    }
}

fn check_facts<T: Fact>(
    l: &mut Loader,
    facts: &mut [Parsed<T>],
    source_ids: &HashSet<&str>,
    texts: &HashMap<Text, SourceText>,
) {
    let file = T::KIND.file();
    unique_ids(l, file, facts.iter().map(|p| (&p.label, p.value.id())));
    for p in facts.iter_mut() {
        let f = &p.value;
        for (field, value) in f.required_text() {
            if value.trim().is_empty() {
                l.error(file, Some(&p.label), format!("`{field}` is empty"));
            }
        }
        if !source_ids.contains(f.source()) {
            l.error(
                file,
                Some(&p.label),
                format!("`source` \"{}\" is not in sources.toml", f.source()),
            );
            continue;
        }
        let excerpt = fold_text(f.excerpt());
        // Stored folded, as the range of the source it stands in: what is matched is what
        // users are shown, folded once here, and not copied.
        let mut stored = None;
        if excerpt.is_empty() {
            l.error(file, Some(&p.label), "`excerpt` is empty");
        } else if let Some(text) = texts.get(f.source()) {
            stored = text.find(&excerpt);
            if stored.is_none() {
                l.error(
                    file,
                    Some(&p.label),
                    format!(
                        "`excerpt` is not found verbatim in source \"{}\": \"{}\"",
                        f.source(),
                        preview(&excerpt)
                    ),
                );
            }
        }
        *p.value.excerpt_mut() = stored.unwrap_or_else(|| Text::from(excerpt));
    }
}

fn preview(s: &str) -> String {
    let mut out: String = s.chars().take(80).collect();
    if s.chars().count() > 80 {
        out.push('…');
    }
    out
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    /// `read_bounded(path, limit)` on a thread, failing the test if it takes over 10 s.
    fn read_within_deadline(path: PathBuf, limit: u64) -> Result<Vec<u8>, String> {
        let (tx, rx) = mpsc::channel();
        let shown = path.display().to_string();
        std::thread::spawn(move || {
            let _ = tx.send(read_bounded(&path, limit));
        });
        rx.recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("reading {shown} still running after 10 s"))
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("factbot-load-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_symlink_to_dev_zero_is_refused() {
        let dir = scratch("zero");
        let path = dir.join("terms.toml");
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        let e = read_within_deadline(path, MAX_FILE_BYTES).unwrap_err();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(e, "not a regular file (it is a character device)");
    }

    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = scratch("fifo");
        let path = dir.join("events.toml");
        let made = std::process::Command::new("mkfifo")
            .arg(&path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
        let e = read_within_deadline(path, MAX_FILE_BYTES).unwrap_err();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(e, "not a regular file (it is a FIFO)");
    }

    #[test]
    fn a_directory_is_refused() {
        let dir = scratch("dir");
        let e = read_within_deadline(dir.clone(), MAX_FILE_BYTES).unwrap_err();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(e, "not a regular file (it is a directory)");
    }

    /// Files under /proc are regular but report a size of 0: the read itself is bounded.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_whose_size_is_misreported_is_still_bounded() {
        let path = PathBuf::from("/proc/self/status");
        assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
        let e = read_within_deadline(path.clone(), 10).unwrap_err();
        assert_eq!(
            e,
            "file is larger than 10 bytes, the limit (its size was given as 0)"
        );
        assert!(read_within_deadline(path, MAX_FILE_BYTES).is_ok_and(|b| !b.is_empty()));
    }

    #[test]
    fn the_loader_names_each_refused_file() {
        let dir = scratch("loader");
        std::os::unix::fs::symlink("/dev/zero", dir.join("a.toml")).unwrap();
        std::fs::create_dir(dir.join("b.toml")).unwrap();
        std::fs::write(dir.join("c.toml"), "x".repeat(100)).unwrap();
        let mut l = Loader {
            dir: dir.clone(),
            errors: Vec::new(),
        };
        assert!(l.read("a.toml").is_none());
        assert!(l.read("b.toml").is_none());
        assert_eq!(l.read("c.toml").map(|s| s.len()), Some(100));
        let _ = std::fs::remove_dir_all(&dir);
        let shown: Vec<String> = l.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(
            shown,
            [
                format!(
                    "{}: not a regular file (it is a character device)",
                    dir.join("a.toml").display()
                ),
                format!(
                    "{}: not a regular file (it is a directory)",
                    dir.join("b.toml").display()
                ),
            ]
        );
    }
}
