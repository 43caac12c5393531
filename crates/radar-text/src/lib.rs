//! Lines and places in outside text.
//!
//! Every parser Radar runs on outside text (catalogs, Markdown tables,
//! governance records, maturity models, expressions, READMEs, affiliation
//! files) reports places as `line:column` or reads a file line by line. They
//! must agree on where a line ends, and with the parsers underneath them: the
//! YAML parser and CommonMark both end a line at `\n`, `\r\n` or a lone `\r`
//! (classic Mac files), while `str::lines` knows only the first two. A place
//! counted one way and looked up the other is how `?\r` once crashed
//! `radar check`. So every line count in Radar goes through this crate:
//! [`LineIndex`] for places, [`lines`] for line-by-line scans.
//!
//! Columns are 1-based and counted in characters (as editors and rustc show
//! them); offsets are bytes. Every function here accepts any offset, line
//! or column (too large, zero, inside a character) and clamps it, so a
//! wrong place from a parser can never become a panic.
#![forbid(unsafe_code)]

use std::ops::Range;

/// Where each line of a text starts. Lines end at `\n`, `\r\n` or a lone `\r`;
/// the break is not part of the line. A text ending in a break has an empty
/// last line (so an error "at the end of the file" has a line to be on).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    /// Byte offset of the first byte of each line; `starts[0] == 0`.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text` (one pass over its bytes).
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // The `\r` of a `\r\n` pair is not a break of its own: the `\n` is.
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        LineIndex { starts }
    }

    /// Number of lines (at least 1).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where a 1-based line starts (clamped to the lines there are).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.clamp(1, self.starts.len()) - 1]
    }

    /// Byte range of a 1-based line's text, without its break.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let Range { start, mut end } = self.line_range_with_break(text, line);
        let bytes = text.as_bytes();
        // Drop the break: `\n`, `\r\n` or `\r`.
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// Byte range of a 1-based line with its break (the next line starts at
    /// its end; the last line ends at the end of the text).
    pub fn line_range_with_break(&self, text: &str, line: usize) -> Range<usize> {
        let line = line.clamp(1, self.starts.len());
        let start = self.starts[line - 1].min(text.len());
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        start..end.clamp(start, text.len())
    }

    /// The text of a 1-based line, without its break.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        &text[self.line_range(text, line)]
    }

    /// 1-based line and 1-based character column of a byte offset. An offset
    /// past the end is the end; one inside a character is that character.
    pub fn line_col(&self, text: &str, byte: usize) -> (usize, usize) {
        let byte = floor_char_boundary(text, byte);
        let line = self.starts.partition_point(|&s| s <= byte);
        let start = self.starts[line - 1];
        (line, text[start..byte].chars().count() + 1)
    }

    /// Byte offset of a 1-based line and 1-based character column. A column
    /// past the end of the line is the end of the line (before its break).
    pub fn offset(&self, text: &str, line: usize, col: usize) -> usize {
        let range = self.line_range(text, line);
        let within: usize = text[range.clone()]
            .chars()
            .take(col.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        range.start + within
    }
}

/// The line break a text uses: that of its first line break (`\n` when it
/// has none), so text written into a file can match the file's style.
pub fn break_style(text: &str) -> &'static str {
    let bytes = text.as_bytes();
    match memchr::memchr2(b'\n', b'\r', bytes) {
        Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => "\r\n",
        Some(i) if bytes[i] == b'\r' => "\r",
        _ => "\n",
    }
}

/// The largest char boundary of `text` at or before `byte` (clamped to the end).
pub fn floor_char_boundary(text: &str, byte: usize) -> usize {
    let mut byte = byte.min(text.len());
    while !text.is_char_boundary(byte) {
        byte -= 1;
    }
    byte
}

/// The lines of `text`, like [`str::lines`] but also ending a line at a lone
/// `\r`. As with `str::lines`, a final break does not start an empty line, so
/// line `n` of this iterator is line `n` of [`LineIndex`].
pub fn lines(text: &str) -> Lines<'_> {
    Lines { rest: Some(text) }
}

/// Iterator returned by [`lines`].
#[derive(Debug, Clone)]
pub struct Lines<'t> {
    rest: Option<&'t str>,
}

impl<'t> Iterator for Lines<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let rest = self.rest?;
        if rest.is_empty() {
            self.rest = None;
            return None;
        }
        let bytes = rest.as_bytes();
        match memchr::memchr2(b'\n', b'\r', bytes) {
            None => {
                self.rest = None;
                Some(rest)
            }
            Some(i) => {
                let after = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i + 2
                } else {
                    i + 1
                };
                self.rest = Some(&rest[after..]);
                Some(&rest[..i])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same three lines, with each kind of break (and a mix).
    const STYLES: [&str; 4] = [
        "a: 1\nbé: 2\nc\n",
        "a: 1\r\nbé: 2\r\nc\r\n",
        "a: 1\rbé: 2\rc\r",
        "a: 1\r\nbé: 2\rc\n",
    ];

    #[test]
    fn every_break_style_gives_the_same_lines_and_places() {
        for text in STYLES {
            let index = LineIndex::new(text);
            assert_eq!(index.line_count(), 4, "{text:?}");
            let got: Vec<&str> = (1..=4).map(|l| index.line_text(text, l)).collect();
            assert_eq!(got, ["a: 1", "bé: 2", "c", ""], "{text:?}");
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                ["a: 1", "bé: 2", "c"],
                "{text:?}"
            );
            let two = text.find('2').unwrap();
            assert_eq!(index.line_col(text, two), (2, 5), "{text:?}");
            assert_eq!(index.offset(text, 2, 5), two, "{text:?}");
            // Past the end of a line is the end of its text, not into the break.
            assert_eq!(index.offset(text, 1, 99), 4, "{text:?}");
            let with_break = index.line_range_with_break(text, 1);
            assert_eq!(with_break.end, index.line_start(2), "{text:?}");
            assert_eq!(index.line_range_with_break(text, 4), text.len()..text.len());
        }
        for (text, style) in STYLES.iter().zip(["\n", "\r\n", "\r", "\r\n"]) {
            assert_eq!(break_style(text), style, "{text:?}");
        }
    }

    #[test]
    fn lines_agrees_with_str_lines_without_lone_carriage_returns() {
        for text in [
            "",
            "\n",
            "a",
            "a\n",
            "a\n\n",
            "\r\n",
            "a\r\nb",
            "x\n\r\ny\r\n",
        ] {
            let ours: Vec<&str> = lines(text).collect();
            let std: Vec<&str> = text.lines().collect();
            assert_eq!(ours, std, "{text:?}");
        }
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "?\r";
        let index = LineIndex::new(text);
        assert_eq!(index.line_count(), 2);
        assert_eq!(index.line_col(text, 2), (2, 1));
        assert_eq!(index.line_text(text, 1), "?");
        assert_eq!(lines("a\rb\r\rc").collect::<Vec<_>>(), ["a", "b", "", "c"]);
    }

    #[test]
    fn any_offset_line_or_column_is_clamped() {
        let text = "é\r\nx";
        let index = LineIndex::new(text);
        // Inside `é`, on the `\n` of `\r\n`, past the end.
        assert_eq!(index.line_col(text, 1), (1, 1));
        assert_eq!(index.line_col(text, 3), (1, 3));
        assert_eq!(index.line_col(text, 99), (2, 2));
        assert_eq!(index.offset(text, 0, 0), 0);
        assert_eq!(index.offset(text, 99, 99), text.len());
        assert_eq!(index.line_text(text, 0), "é");
        assert_eq!(LineIndex::new("").line_text("", 1), "");
    }

    #[test]
    fn bom_nul_and_megabyte_lines_are_plain_characters() {
        let long = "x".repeat(1 << 21);
        let text = format!("\u{feff}a\0b\r{long}\rz");
        let index = LineIndex::new(&text);
        assert_eq!(index.line_count(), 3);
        assert_eq!(index.line_text(&text, 1), "\u{feff}a\0b");
        assert_eq!(index.line_text(&text, 2).len(), 1 << 21);
        assert_eq!(index.line_col(&text, text.len()), (3, 2));
        assert_eq!(lines(&text).count(), 3);
    }
}
