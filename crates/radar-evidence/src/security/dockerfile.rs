//! Dockerfiles read instruction by instruction, as BuildKit's parser reads
//! them: the `# escape=` directive, comments, line continuations, JSON and
//! shell forms, `--flags`, and here-documents (`RUN <<EOF`). Only what the
//! Pinned-Dependencies rules look at is kept: `FROM`, `ARG` and `RUN`.

/// One instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    /// Upper-case keyword (`FROM`, `RUN`, …).
    pub keyword: String,
    /// 1-based line where it starts.
    pub line: usize,
    /// Words after the keyword and its `--flags` (whitespace-split, or the
    /// elements of a JSON array).
    pub args: Vec<String>,
    /// The text after the keyword with continuations kept (a `RUN` script),
    /// or the JSON elements joined with spaces.
    pub script: String,
    /// Here-document bodies with the 1-based line of their first line.
    pub heredocs: Vec<(String, usize)>,
    /// The instruction as written, on one line, for messages.
    pub original: String,
}

pub fn parse(text: &str) -> Vec<Instruction> {
    let lines: Vec<&str> = text.lines().collect();
    // A parser directive on the first lines may change the escape character.
    let mut escape = '\\';
    for l in &lines {
        let t = l.trim();
        let Some(d) = t.strip_prefix('#') else { break };
        match d.trim().split_once('=') {
            Some((k, v)) if k.trim().eq_ignore_ascii_case("escape") => {
                escape = v.trim().chars().next().unwrap_or('\\');
            }
            Some(_) => {}
            None => break,
        }
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let first = lines[i].trim_start();
        if first.is_empty() || first.starts_with('#') {
            i += 1;
            continue;
        }
        let start = i;
        let mut body = String::new();
        // Continuation lines: a trailing escape character joins the next line;
        // comment lines inside are dropped, as BuildKit does.
        loop {
            let l = lines[i].trim_end();
            let comment = i != start && lines[i].trim_start().starts_with('#');
            // A comment (or blank) line inside a continued instruction is skipped, not an end.
            let continued = l.ends_with(escape) || comment || (i != start && l.is_empty());
            if !comment && !(i != start && l.is_empty()) {
                if continued {
                    body.push_str(&l[..l.len() - escape.len_utf8()]);
                    body.push_str("\\\n");
                } else {
                    body.push_str(l);
                    body.push('\n');
                }
            }
            i += 1;
            if !continued || i >= lines.len() {
                break;
            }
        }
        let body_trim = body.trim_start();
        let keyword_end = body_trim
            .find(char::is_whitespace)
            .unwrap_or(body_trim.len());
        let keyword = body_trim[..keyword_end].to_ascii_uppercase();
        let rest = &body_trim[keyword_end..];
        let mut heredocs = Vec::new();
        // `RUN <<EOF` / `<<-EOF` / `<<"EOF"`: the bodies follow the instruction.
        let mut markers: Vec<(String, bool)> = Vec::new();
        for w in rest.split_whitespace() {
            if let Some(m) = w.strip_prefix("<<") {
                let strip = m.starts_with('-');
                let m = m
                    .trim_start_matches('-')
                    .trim_matches(|c| c == '"' || c == '\'');
                if !m.is_empty() && m.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    markers.push((m.to_owned(), strip));
                }
            }
        }
        for (marker, strip) in markers {
            let first_line = i + 1;
            let mut doc = String::new();
            while i < lines.len() {
                let l = lines[i];
                i += 1;
                let cmp = if strip { l.trim_start_matches('\t') } else { l };
                if cmp.trim_end() == marker {
                    break;
                }
                doc.push_str(l);
                doc.push('\n');
            }
            heredocs.push((doc, first_line));
        }
        let (args, script) = words(rest);
        out.push(Instruction {
            keyword,
            line: start + 1,
            args,
            script,
            heredocs,
            original: body
                .split_whitespace()
                .filter(|w| *w != "\\")
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    out
}

/// Splits what follows a keyword: leading `--flags` dropped, then the JSON
/// array's elements or whitespace-separated words, and the script text.
fn words(rest: &str) -> (Vec<String>, String) {
    let mut s = rest.trim_start();
    while s.starts_with("--") {
        let end = s.find(char::is_whitespace).unwrap_or(s.len());
        s = s[end..].trim_start();
    }
    if s.starts_with('[')
        && let Ok(items) = serde_json::from_str::<Vec<String>>(s.trim_end())
    {
        let script = items.join(" ");
        return (items, script);
    }
    let args = s
        .split_whitespace()
        .filter(|w| *w != "\\")
        .map(str::to_owned)
        .collect();
    (args, s.to_owned())
}

/// Scorecard's Dockerfile names: `*Dockerfile*` (any case), but not source
/// files or shell scripts that merely mention it.
pub fn is_dockerfile_name(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.to_ascii_lowercase().contains("dockerfile")
        && ![".go", ".c", ".cpp", ".rs", ".js", ".py", ".pyc", ".java"]
            .iter()
            .any(|e| path.ends_with(e))
}

/// Template Dockerfiles (`Dockerfile.tmpl`, `Dockerfile-template`) are not
/// checked for pinned images, as in Scorecard.
pub fn is_template(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split(['.', '-', '_'])
        .any(|p| matches!(p.to_ascii_lowercase().as_str(), "template" | "tmpl" | "tpl"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions() {
        let text = "# syntax=docker/dockerfile:1\nARG GO=1.22\nFROM --platform=$BUILDPLATFORM golang:${GO} AS build\n\n# a comment\nRUN apt-get update && \\\n    # inside\n    apt-get install -y curl\nRUN [\"sh\", \"-c\", \"make\"]\nRUN <<EOF\ncurl x | sh\nEOF\nfrom scratch\n";
        let ins = parse(text);
        let kw: Vec<&str> = ins.iter().map(|i| i.keyword.as_str()).collect();
        assert_eq!(kw, ["ARG", "FROM", "RUN", "RUN", "RUN", "FROM"]);
        assert_eq!(ins[1].args, ["golang:${GO}", "AS", "build"]);
        assert_eq!(
            (
                ins[1].line,
                ins[2].line,
                ins[3].line,
                ins[4].line,
                ins[5].line
            ),
            (3, 6, 9, 10, 13)
        );
        assert_eq!(
            ins[2].script,
            "apt-get update && \\\n    apt-get install -y curl\n"
        );
        assert_eq!(ins[3].args, ["sh", "-c", "make"]);
        assert_eq!(ins[4].heredocs, [("curl x | sh\n".to_owned(), 11)]);
        assert_eq!(ins[5].args, ["scratch"]);
        let ins = parse("# escape=`\nRUN a `\n  b\n");
        assert_eq!(ins[0].script, "a \\\n  b\n");
    }

    #[test]
    fn names() {
        assert!(is_dockerfile_name("build/Dockerfile.arm64") && is_dockerfile_name("x/dockerfile"));
        assert!(!is_dockerfile_name("pkg/dockerfile.go") && !is_dockerfile_name(".dockerignore"));
        assert!(
            is_template("Dockerfile.tmpl")
                && is_template("Dockerfile-template")
                && !is_template("Dockerfile.templates")
        );
    }
}
