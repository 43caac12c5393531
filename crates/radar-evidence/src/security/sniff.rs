//! Binary files by content, as Scorecard's Binary-Artifacts reads them: the
//! first 1,024 bytes are matched against the magic numbers of executable
//! formats (ELF, Mach-O, PE, WebAssembly, Dalvik, Chrome extensions, Debian
//! and RPM packages), and a file named with one of Scorecard's binary
//! extensions counts when those bytes are not text.
//!
//! Reading every blob of a tree would cost a 13,000-file repository 13,000
//! reads (and, in a blob-less clone, 13,000 fetches). Which files are read is
//! decided from names first ([`worth_sniffing`]): every file is read except
//! those whose extension says what they are — source code, text, and image,
//! font, media and archive formats, whose own magic numbers (PNG, gzip, …)
//! can never be one of the executable formats above. A binary hidden under
//! such a name (an ELF file called `notes.txt`) would be missed; no such
//! file was found in the ~170 real repositories read here (see docs/security.md).

/// Bytes read from each candidate file.
pub const PREFIX: usize = 1024;

/// Extensions Scorecard counts as binaries (when the content is not text).
pub const BINARY_EXTENSIONS: &[&str] = &[
    "crx", "deb", "dex", "dey", "elf", "o", "a", "so", "macho", "iso", "class", "jar", "bundle",
    "dylib", "lib", "msi", "dll", "drv", "efi", "exe", "ocx", "pyc", "pyo", "par", "rpm", "wasm",
    "whl",
];

/// Extensions whose files are not read: what they are is in the name.
const KNOWN: &[&str] = &[
    // source and text
    "go",
    "rs",
    "c",
    "h",
    "cc",
    "cpp",
    "hpp",
    "cxx",
    "hh",
    "hxx",
    "java",
    "kt",
    "kts",
    "scala",
    "py",
    "pyi",
    "rb",
    "pl",
    "pm",
    "php",
    "js",
    "mjs",
    "cjs",
    "ts",
    "mts",
    "cts",
    "tsx",
    "jsx",
    "vue",
    "svelte",
    "cs",
    "fs",
    "fsx",
    "vb",
    "swift",
    "m",
    "mm",
    "lua",
    "r",
    "sh",
    "bash",
    "zsh",
    "fish",
    "ps1",
    "psm1",
    "psd1",
    "bat",
    "cmd",
    "md",
    "markdown",
    "rst",
    "adoc",
    "asciidoc",
    "txt",
    "text",
    "html",
    "htm",
    "xhtml",
    "css",
    "scss",
    "sass",
    "less",
    "xml",
    "xsd",
    "xsl",
    "xslt",
    "json",
    "jsonc",
    "json5",
    "jsonl",
    "ndjson",
    "yaml",
    "yml",
    "toml",
    "ini",
    "cfg",
    "conf",
    "properties",
    "env",
    "csv",
    "tsv",
    "sql",
    "proto",
    "graphql",
    "gql",
    "tf",
    "tfvars",
    "hcl",
    "nix",
    "mod",
    "sum",
    "lock",
    "gradle",
    "cmake",
    "mk",
    "make",
    "mak",
    "am",
    "ac",
    "m4",
    "tpl",
    "tmpl",
    "gotmpl",
    "j2",
    "jinja",
    "jinja2",
    "erb",
    "haml",
    "mustache",
    "hbs",
    "svg",
    "diff",
    "patch",
    "log",
    "pem",
    "crt",
    "cer",
    "csr",
    "key",
    "pub",
    "asc",
    "cue",
    "rego",
    "star",
    "bzl",
    "bazel",
    "el",
    "ex",
    "exs",
    "erl",
    "hrl",
    "hs",
    "lhs",
    "elm",
    "clj",
    "cljs",
    "cljc",
    "edn",
    "dart",
    "groovy",
    "jl",
    "nim",
    "zig",
    "sv",
    "svh",
    "vhd",
    "vhdl",
    "tex",
    "bib",
    "ipynb",
    "po",
    "pot",
    "mdx",
    "golden",
    "snap",
    "feature",
    "vim",
    "awk",
    "sed",
    "jq",
    "thrift",
    "avsc",
    "avdl",
    "fbs",
    "capnp",
    "wat",
    "wit",
    "service",
    "spec",
    // images, fonts, media, archives, data: their own magic numbers come first
    "png",
    "jpg",
    "jpeg",
    "gif",
    "ico",
    "icns",
    "bmp",
    "webp",
    "tif",
    "tiff",
    "psd",
    "pdf",
    "woff",
    "woff2",
    "ttf",
    "otf",
    "eot",
    "mp3",
    "mp4",
    "m4a",
    "ogg",
    "wav",
    "flac",
    "webm",
    "mov",
    "avi",
    "mkv",
    "gz",
    "tgz",
    "bz2",
    "xz",
    "zst",
    "zip",
    "tar",
    "7z",
    "rar",
    "jks",
    "p12",
    "pfx",
    "der",
    "gpg",
    "sqlite",
    "parquet",
    "npy",
    "npz",
    "pkl",
];

/// The lower-case extension of a path's file name (`""` for none; a
/// leading dot does not start one: `.gitignore` has none).
pub fn extension(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// True when the file's content must be looked at.
pub fn worth_sniffing(path: &str) -> bool {
    let ext = extension(path);
    ext.is_empty() || !KNOWN.contains(&ext.as_str())
}

/// The executable format the bytes start with, by magic number.
pub fn magic(b: &[u8]) -> Option<&'static str> {
    let starts = |m: &[u8]| b.starts_with(m);
    let dex = |b: &[u8]| b.len() > 36 && b.starts_with(b"dex\n") && b[36] == 0x70;
    if b.len() >= 8 && starts(b"\0asm\x01\0\0\0") {
        Some("wasm")
    } else if dex(b) {
        Some("dex")
    } else if b.len() > 100 && starts(b"dey\n") && dex(&b[40..100]) {
        Some("dey")
    } else if b.len() > 52 && starts(b"\x7fELF") {
        Some("elf")
    } else if [
        b"\xfe\xed\xfa\xcf",
        b"\xfe\xed\xfa\xce",
        b"\xbe\xba\xfe\xca",
        b"\xcf\xfa\xed\xfe",
        b"\xce\xfa\xed\xfe",
        b"\xca\xfe\xba\xbe",
    ]
    .iter()
    .any(|m| starts(*m))
    {
        Some("macho")
    } else if starts(b"MZ") {
        Some("exe")
    } else if starts(b"Cr24") {
        Some("crx")
    } else if starts(b"!<arch>\ndebian-binary") {
        Some("deb")
    } else if b.len() > 96 && starts(b"\xed\xab\xee\xdb") {
        Some("rpm")
    } else {
        None
    }
}

/// Scorecard's text test: no control character other than tab, CR and LF
/// in the first bytes (the last three bytes, possibly a cut character, aside).
pub fn is_text(b: &[u8]) -> bool {
    let b = &b[..b.len().min(PREFIX)];
    b.iter()
        .enumerate()
        .take_while(|(i, _)| i + 4 <= b.len())
        .all(|(_, &c)| c >= b' ' || matches!(c, b'\t' | b'\n' | b'\r'))
}

/// Why a file is a binary in Scorecard's eyes: its format, else its
/// extension with non-text content.
pub fn binary_kind(path: &str, prefix: &[u8]) -> Option<String> {
    if prefix.is_empty() {
        return None;
    }
    if let Some(kind) = magic(prefix) {
        return Some(format!("{kind} executable"));
    }
    let ext = extension(path);
    (BINARY_EXTENSIONS.contains(&ext.as_str()) && !is_text(prefix))
        .then(|| format!(".{ext} file, not text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_names() {
        let mut elf = b"\x7fELF\x02\x01\x01".to_vec();
        elf.resize(64, 0);
        assert_eq!(
            binary_kind("bin/tool", &elf).as_deref(),
            Some("elf executable")
        );
        assert_eq!(
            binary_kind("x.wasm", b"\0asm\x01\0\0\0rest").as_deref(),
            Some("wasm executable")
        );
        assert_eq!(
            binary_kind("lib/x.jar", b"PK\x03\x04\x14\0\0\0").as_deref(),
            Some(".jar file, not text")
        );
        // A text file with a binary extension, and short or text content, are not binaries.
        assert_eq!(binary_kind("notes.o", b"just text\n"), None);
        assert_eq!(binary_kind("bin/run", b"#!/bin/sh\necho hi\n"), None);
        assert_eq!(binary_kind("a.so", b""), None);
        // A short ELF header (under 53 bytes) is not enough for Scorecard's matcher.
        assert_eq!(binary_kind("x", b"\x7fELF\x02"), None);
        assert!(worth_sniffing("bin/tool") && worth_sniffing("x.so") && worth_sniffing(".hidden"));
        assert!(!worth_sniffing("main.go") && !worth_sniffing("logo.PNG"));
        assert_eq!(extension(".gitignore"), "");
    }
}
