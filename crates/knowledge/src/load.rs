//! Reading and parsing the TOML files; [`crate::validate`] then checks them into a
//! [`KnowledgeBase`].

use std::collections::HashMap;
use std::io::Read as _;
use std::path::Path;

use serde::de::DeserializeOwned;

use super::entry::{Entry, Labelled};
use super::error::LoadErrors;
use super::kind::FactKind;
use super::model::*;
use super::validate::{self, Parsed, Report};
use super::KnowledgeBase;

/// Files larger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads `file` (relative to the knowledge directory) as UTF-8 text, recording why not.
fn read(report: &mut Report, file: &str) -> Option<String> {
    let path = report.dir().join(file);
    match read_bounded(&path, MAX_FILE_BYTES) {
        Err(message) => {
            report.error(file, None, message);
            None
        }
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(e) => {
                report.error(file, None, format!("not valid UTF-8: {e}"));
                None
            }
        },
    }
}

/// [`entries`] of a file the knowledge directory may leave out.
fn optional_entries<T: DeserializeOwned + Entry>(report: &mut Report) -> Vec<Labelled<T>> {
    if std::fs::symlink_metadata(report.dir().join(T::FILE)).is_err() {
        return Vec::new();
    }
    entries(report)
}

/// Parses the `[[T::TABLE]]` entries of `T::FILE`; each bad entry is its own error.
fn entries<T: DeserializeOwned + Entry>(report: &mut Report) -> Vec<Labelled<T>> {
    let (file, key) = (T::FILE, T::TABLE);
    let Some(text) = read(report, file) else {
        return Vec::new();
    };
    // Fast path: a well-formed file deserializes straight into its entries. Anything
    // wrong falls through to the entry-by-entry path below, which names each bad entry.
    if let Ok(mut map) = toml::from_str::<HashMap<String, Vec<T>>>(&text) {
        if map.keys().all(|k| k == key) {
            let values = map.remove(key).unwrap_or_default();
            return values
                .into_iter()
                .map(|value| Labelled {
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
            report.error(file, None, format!("invalid TOML: {msg}"));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (name, value) in table {
        if name != key {
            report.error(
                file,
                None,
                format!("unknown table `{name}` (this file holds `[[{key}]]` entries)"),
            );
            continue;
        }
        let Some(array) = value.as_array() else {
            report.error(
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
                Ok(value) => out.push(Labelled { label, value }),
                Err(e) => {
                    let msg = e.to_string().replace('\n', " ").trim().to_string();
                    report.error(file, Some(&label), msg);
                }
            }
        }
    }
    out
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

/// Loads and validates the knowledge base in `dir`, reporting every problem at once.
pub fn load(dir: &Path) -> Result<KnowledgeBase, LoadErrors> {
    let mut report = Report::new(dir);
    if !dir.is_dir() {
        report.error("", None, "not a directory");
        return Err(LoadErrors(report.errors));
    }
    let mut parsed = parse(&mut report);
    let mut read_text = |report: &mut Report, source: &Labelled<Source>| {
        let before = report.errors.len();
        let text = read(report, &source.value.file);
        if let Some(e) = report.errors.get_mut(before) {
            e.entry = Some(source.label.clone());
            e.message = format!("source text file: {}", e.message);
        }
        text
    };
    let texts = validate::run(&mut report, &mut parsed, &mut read_text);
    if !report.errors.is_empty() {
        return Err(LoadErrors(report.errors));
    }
    fn values<T>(entries: Vec<Labelled<T>>) -> Vec<T> {
        entries.into_iter().map(|e| e.value).collect()
    }
    let expansions = values(std::mem::take(&mut parsed.expansions));
    Ok(KnowledgeBase::new(
        values(parsed.sources),
        values(parsed.people),
        values(parsed.statements),
        values(parsed.articles),
        values(parsed.events),
        values(parsed.terms),
        texts,
    )
    .with_expansions(expansions))
}

/// Parses every file, recording each file's errors in file order. Statements are the largest
/// file: they are parsed on a second thread while this one parses the rest.
fn parse(report: &mut Report) -> Parsed {
    let dir = report.dir().to_path_buf();
    let mut later = Report::new(&dir);
    let (parsed, mut statement_report) = std::thread::scope(|scope| {
        let spawned = scope.spawn(|| {
            let mut own = Report::new(&dir);
            let statements = entries::<Statement>(&mut own);
            (statements, own)
        });
        let mut parsed = Parsed {
            sources: entries(report),
            people: entries(report),
            articles: entries(&mut later),
            events: entries(&mut later),
            terms: entries(&mut later),
            expansions: optional_entries(&mut later),
            statements: Vec::new(),
        };
        let (statements, statement_report) = spawned.join().unwrap_or_else(|_| {
            let mut failed = Report::new(&dir);
            failed.error(FactKind::Statement.file(), None, "the parser failed");
            (Vec::new(), failed)
        });
        parsed.statements = statements;
        (parsed, statement_report)
    });
    report.append(&mut statement_report);
    report.append(&mut later);
    parsed
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::path::PathBuf;
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
        let mut report = Report::new(&dir);
        assert!(read(&mut report, "a.toml").is_none());
        assert!(read(&mut report, "b.toml").is_none());
        assert_eq!(read(&mut report, "c.toml").map(|s| s.len()), Some(100));
        let _ = std::fs::remove_dir_all(&dir);
        let shown: Vec<String> = report.errors.iter().map(|e| e.to_string()).collect();
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
