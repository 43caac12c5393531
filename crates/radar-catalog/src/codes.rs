//! The stable codes of the catalog's diagnostics. `C0xx` are errors, `W1xx`
//! warnings of `radar check`, `M2xx` warnings of `radar import`. Never reuse or
//! renumber a code: scripts match on them.

use crate::diagnostic::Code;

/// The file is not valid YAML.
pub const YAML_SYNTAX: Code = Code {
    id: "C001",
    name: "yaml-syntax",
};
/// A key that the format does not define (a typo such as `slak_url`).
pub const UNKNOWN_FIELD: Code = Code {
    id: "C002",
    name: "unknown-field",
};
/// A value of the wrong kind (a list where text is expected…).
pub const WRONG_TYPE: Code = Code {
    id: "C003",
    name: "wrong-type",
};
/// A required field is missing or empty (a project without a name).
pub const MISSING_FIELD: Code = Code {
    id: "C004",
    name: "missing-field",
};
/// Two projects with the same id.
pub const DUPLICATE_PROJECT: Code = Code {
    id: "C005",
    name: "duplicate-project",
};
/// A link that is not a valid URL.
pub const BAD_URL: Code = Code {
    id: "C006",
    name: "bad-url",
};
/// The same key twice in one mapping.
pub const DUPLICATE_KEY: Code = Code {
    id: "C007",
    name: "duplicate-key",
};
/// A value outside its enumeration (a channel kind that does not exist).
pub const INVALID_VALUE: Code = Code {
    id: "C008",
    name: "invalid-value",
};
/// The file cannot be read.
pub const UNREADABLE: Code = Code {
    id: "C009",
    name: "unreadable",
};

/// A `path` that cannot name a folder of a repository (absolute, `..`, `//`…),
/// or a `path` or `additional_repos` without a `repo`.
pub const BAD_PATH: Code = Code {
    id: "C010",
    name: "bad-path",
};
/// The same repository (and folder) twice in one project.
pub const DUPLICATE_REPOSITORY: Code = Code {
    id: "C011",
    name: "duplicate-repository",
};
/// `ref: ID` where no project has that id.
pub const UNKNOWN_REFERENCE: Code = Code {
    id: "C012",
    name: "unknown-reference",
};
/// A date that is not `YYYY-MM-DD`.
pub const BAD_DATE: Code = Code {
    id: "C013",
    name: "bad-date",
};

/// A placeholder left for later: `??`, `TODO`, `TBD`.
pub const PLACEHOLDER: Code = Code {
    id: "W101",
    name: "placeholder",
};
/// A plain `http://` link.
pub const INSECURE_LINK: Code = Code {
    id: "W102",
    name: "insecure-link",
};
/// A level the project's governing body does not define.
pub const UNKNOWN_LEVEL: Code = Code {
    id: "W103",
    name: "unknown-level",
};
/// An API version in neither the Kubernetes convention nor semver.
pub const API_VERSION: Code = Code {
    id: "W104",
    name: "api-version",
};
/// An area with no projects.
pub const EMPTY_AREA: Code = Code {
    id: "W105",
    name: "empty-area",
};

/// A project listed twice in one area.
pub const REPEATED_LISTING: Code = Code {
    id: "W106",
    name: "repeated-listing",
};

/// No project table found in a Markdown file.
pub const NO_TABLE: Code = Code {
    id: "M201",
    name: "no-table",
};
/// A row with more or fewer cells than the header.
pub const ROW_SHAPE: Code = Code {
    id: "M202",
    name: "row-shape",
};
/// A cell whose text could not be fully understood; it was kept as text.
pub const CELL_TEXT: Code = Code {
    id: "M203",
    name: "cell-text",
};
/// A project row before any area row.
pub const NO_AREA: Code = Code {
    id: "M204",
    name: "no-area",
};
/// A header the importer does not know; its column is kept as an extra column.
pub const UNKNOWN_COLUMN: Code = Code {
    id: "M205",
    name: "unknown-column",
};
/// A table that is not a project table (no project and goal/state/… columns); skipped.
pub const SKIPPED_TABLE: Code = Code {
    id: "M206",
    name: "skipped-table",
};
/// A project listed again (in another table, or another area) with cells
/// that differ from its first listing; the first listing's cells are kept.
pub const RELISTED: Code = Code {
    id: "M207",
    name: "relisted-project",
};
/// A field of a landscape or CLOMonitor file the catalog has no place for.
pub const UNMAPPED: Code = Code {
    id: "M208",
    name: "unmapped-field",
};
/// Two items that would get the same id; the later gets a distinct one.
pub const SAME_ID: Code = Code {
    id: "M209",
    name: "same-id",
};
/// A value of a landscape or CLOMonitor file that could not be read as its
/// field expects (a list where text belongs…); kept where possible.
pub const ODD_VALUE: Code = Code {
    id: "M210",
    name: "odd-value",
};
