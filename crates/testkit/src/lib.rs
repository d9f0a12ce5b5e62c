//! Test tooling shared by factbot's tests, benchmarks, examples and fuzz target. Nothing in
//! production depends on it.

pub mod charts;
pub mod messages;
pub mod synth;
pub mod written;

pub use written::{Written, WrittenItem};

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use factbot_engine::Engine;
use factbot_knowledge::KnowledgeBase;

/// The knowledge directory shipped in the repository.
pub fn knowledge_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../knowledge")
}

/// The engine over the shipped knowledge, built once per process.
///
/// Panics with the loader's error list if the shipped knowledge does not load: every test
/// that uses it is meaningless without it.
pub fn shipped_engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let kb = KnowledgeBase::load(knowledge_dir()).unwrap_or_else(|e| panic!("{e}"));
        Engine::new(Arc::new(kb))
    })
}

/// Copies a directory tree (files and subdirectories) from `from` into `to`.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_a_tree() {
        let from = tempfile::tempdir().unwrap();
        std::fs::create_dir(from.path().join("sub")).unwrap();
        std::fs::write(from.path().join("a.toml"), "a").unwrap();
        std::fs::write(from.path().join("sub/b.toml"), "b").unwrap();
        let to = tempfile::tempdir().unwrap();
        copy_dir(from.path(), &to.path().join("copy"));
        assert_eq!(
            std::fs::read_to_string(to.path().join("copy/a.toml")).unwrap(),
            "a"
        );
        assert_eq!(
            std::fs::read_to_string(to.path().join("copy/sub/b.toml")).unwrap(),
            "b"
        );
    }

    #[test]
    fn the_shipped_engine_has_facts() {
        assert!(shipped_engine().knowledge().fact_count() > 100);
    }
}
