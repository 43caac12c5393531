//! Fields a foreign format has that the catalog has no place for. Each
//! field is one warning, at its first occurrence, with how many items had
//! it: a landscape has `logo` on 2,413 items, and 2,413 warnings would hide
//! the few that matter.

use std::collections::HashMap;

use crate::codes;
use crate::diagnostic::{Diagnostic, SourceFile};

/// Collects unmapped fields and other per-item notes.
#[derive(Default)]
pub(super) struct Notes {
    /// (field, why) → (first byte offset, how many).
    fields: HashMap<(String, &'static str), (usize, usize)>,
    /// One-off problems, already placed.
    pub(super) warnings: Vec<Diagnostic>,
}

impl Notes {
    /// `field` (written at byte `at`) is not imported, because `why`.
    pub(super) fn unmapped(&mut self, field: &str, at: usize, why: &'static str) {
        let entry = self
            .fields
            .entry((field.to_string(), why))
            .or_insert((at, 0));
        entry.0 = entry.0.min(at);
        entry.1 += 1;
    }

    /// A one-off warning at byte `at`.
    pub(super) fn warn(
        &mut self,
        source: &SourceFile,
        code: crate::diagnostic::Code,
        message: String,
        at: usize,
    ) {
        self.warnings
            .push(Diagnostic::warning(code, message).at(source, at..at + 1));
    }

    /// Every note as warnings, the unmapped fields in the order first seen.
    pub(super) fn into_warnings(self, source: &SourceFile) -> Vec<Diagnostic> {
        let mut fields: Vec<_> = self.fields.into_iter().collect();
        fields.sort_by_key(|(_, (at, _))| *at);
        let mut out = self.warnings;
        for ((field, why), (at, count)) in fields {
            let items = if count == 1 {
                String::new()
            } else {
                format!(" ({count} items have it; the first is here)")
            };
            let d = Diagnostic::warning(
                codes::UNMAPPED,
                format!("`{field}` is not imported{items}: {why}"),
            );
            out.push(d.at(source, at..at + field.len().max(1)));
        }
        crate::diagnostic::sort(&mut out);
        out
    }
}
