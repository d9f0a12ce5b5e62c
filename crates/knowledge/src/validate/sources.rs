//! Sources: where their texts are, and that there is at least one.

use std::path::{Component, Path};

use super::Report;
use crate::kind::SOURCES_FILE;

/// Rejects a source whose `file` is absolute or climbs out with `..`: the loader reads only
/// files inside the knowledge directory. Returns whether the path passes (its text is read
/// only then).
pub(super) fn file_inside_directory(report: &mut Report, label: &str, file: &str) -> bool {
    let rel = Path::new(file);
    if rel.is_absolute() || rel.components().any(|c| c == Component::ParentDir) {
        report.error(
            SOURCES_FILE,
            Some(label),
            format!("`file` {file:?} must be a path inside the knowledge directory"),
        );
        return false;
    }
    true
}

/// Rejects a base without sources (every fact cites one), unless `sources.toml` already has
/// an error of its own, which is then the better explanation.
pub(super) fn at_least_one(report: &mut Report, sources: usize) {
    let file_has_errors = report.errors.iter().any(|e| e.file.ends_with(SOURCES_FILE));
    if sources == 0 && !file_has_errors {
        report.error(
            SOURCES_FILE,
            None,
            "no sources: the fact base needs at least one `[[source]]`",
        );
    }
}

/// Rejects page noise not found verbatim in its source's text: what is left out of the
/// searched text must be there to leave out.
pub(super) fn noise_in_text(
    report: &mut Report,
    label: &str,
    noise: &str,
    text: &crate::SourceText,
) {
    let folded = crate::fold::fold_text(noise);
    if folded.is_empty() || text.find(&folded).is_none() {
        report.error(
            crate::SOURCES_FILE,
            Some(label),
            format!(
                "`noise` \"{}\" is not in the source's text",
                super::excerpts::preview(&folded)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{report, shown};
    use super::*;

    #[test]
    fn rejects_files_outside_the_directory() {
        let mut r = report();
        assert!(file_inside_directory(
            &mut r,
            "source \"a\"",
            "sources/a.txt"
        ));
        assert!(!file_inside_directory(&mut r, "source \"b\"", "../b.txt"));
        assert!(!file_inside_directory(
            &mut r,
            "source \"c\"",
            "sources/../../c.txt"
        ));
        assert!(!file_inside_directory(
            &mut r,
            "source \"d\"",
            "/etc/passwd"
        ));
        assert_eq!(
            shown(&r),
            [
                "sources.toml: source \"b\": `file` \"../b.txt\" must be a path inside the knowledge directory",
                "sources.toml: source \"c\": `file` \"sources/../../c.txt\" must be a path inside the knowledge directory",
                "sources.toml: source \"d\": `file` \"/etc/passwd\" must be a path inside the knowledge directory",
            ]
        );
    }

    #[test]
    fn rejects_a_base_without_sources_unless_the_file_has_errors() {
        let mut r = report();
        at_least_one(&mut r, 1);
        assert!(r.errors.is_empty());
        at_least_one(&mut r, 0);
        assert_eq!(
            shown(&r),
            ["sources.toml: no sources: the fact base needs at least one `[[source]]`"]
        );
        let mut r = report();
        r.error(SOURCES_FILE, None, "invalid TOML");
        at_least_one(&mut r, 0);
        assert_eq!(shown(&r), ["sources.toml: invalid TOML"]);
    }
}
