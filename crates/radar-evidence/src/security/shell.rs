//! Shell scripts split into the commands they run, as far as the
//! Pinned-Dependencies rules need them: each simple command's words, the
//! file its `>` redirect writes, the pipelines joining commands, process
//! substitutions (`bash <(curl …)`) and the commands inside `$( … )`.
//!
//! This is not a shell: nothing is expanded. It follows the POSIX/bash
//! grammar closely enough for the scripts CI runs — quotes, escapes, line
//! continuations, comments, here-documents, `&&`/`||`/`;`/`&`, subshells,
//! `if`/`while`/`for`/`case` — and never fails: an unbalanced quote or
//! bracket ends the word at the end of the script and sets
//! [`Script::unbalanced`], which the caller reports as a script it could not
//! read (Scorecard skips such scripts too). A full bash parser crate
//! (brush-parser) pulls snapshot-testing and caching crates into the build
//! for what these few hundred lines do.

/// A word as the rules see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Word {
    /// Plain text, as written (escapes kept).
    Lit(String),
    /// `'text'`.
    Single(String),
    /// `"text"` without expansions inside.
    Double(String),
    /// `<( … )`: the commands inside.
    ProcSubst(Vec<Cmd>),
    /// Anything else: `$VAR`, `"$x"`, `a"b"`, `$(…)`: not a literal.
    Other,
}

impl Word {
    /// The word as Scorecard's rules compare it: literals as written,
    /// quoted strings with their quotes, others not at all.
    pub fn arg(&self) -> Option<String> {
        match self {
            Word::Lit(s) => Some(s.clone()),
            Word::Single(s) => Some(format!("'{s}'")),
            Word::Double(s) => Some(format!("\"{s}\"")),
            _ => None,
        }
    }

    /// The text of a quoted string (`sh -c "…"`).
    pub fn quoted(&self) -> Option<&str> {
        match self {
            Word::Single(s) | Word::Double(s) => Some(s),
            _ => None,
        }
    }
}

/// One simple command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cmd {
    /// Words after leading `NAME=value` assignments.
    pub words: Vec<Word>,
    /// 1-based line of the script where it starts.
    pub line: usize,
    /// Target of a `>` redirect, when it is a plain word.
    pub out: Option<String>,
    /// The command as written, on one line, for messages.
    pub text: String,
}

impl Cmd {
    /// The literal words with `sudo` dropped (Scorecard's view of a command).
    pub fn args(&self) -> Vec<String> {
        self.words
            .iter()
            .filter_map(Word::arg)
            .filter(|w| !w.eq_ignore_ascii_case("sudo"))
            .collect()
    }
}

/// A parsed script: commands in order (nested ones after the command that
/// holds them), and the pipes between them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    pub cmds: Vec<Cmd>,
    /// `(left, right)` indices of commands joined by `|`.
    pub pipes: Vec<(usize, usize)>,
    /// A quote, `$(`, `(` or here-document was never closed.
    pub unbalanced: bool,
}

pub fn parse(text: &str) -> Script {
    let mut p = P {
        s: text.as_bytes(),
        text,
        i: 0,
        line: 1,
        out: Script::default(),
        heredocs: Vec::new(),
        in_case: 0,
    };
    p.list(None);
    p.out
}

struct P<'t> {
    s: &'t [u8],
    text: &'t str,
    i: usize,
    line: usize,
    out: Script,
    /// Here-document delimiters waiting for the end of the line (`<<-` strips tabs).
    heredocs: Vec<(String, bool)>,
    /// How many `case … in` are open.
    in_case: usize,
}

const KEYWORDS_BEFORE: &[&str] = &[
    "if", "then", "else", "elif", "do", "while", "until", "!", "{", "time",
];
const KEYWORDS_ALONE: &[&str] = &["fi", "done", "esac", "}", ";;"];

impl P<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let c = self.peek()?;
        self.i += 1;
        if c == b'\n' {
            self.line += 1;
        }
        Some(c)
    }

    /// Commands until `close` (`)` of a subshell or substitution) or the end.
    fn list(&mut self, close: Option<u8>) {
        let mut prev: Option<usize> = None;
        let mut piped = false;
        loop {
            self.blanks();
            let Some(c) = self.peek() else {
                if close.is_some() {
                    self.out.unbalanced = true;
                }
                return;
            };
            match c {
                b')' if close == Some(b')') => {
                    self.bump();
                    return;
                }
                b'\n' => {
                    self.bump();
                    self.read_heredocs();
                    (prev, piped) = (None, false);
                }
                b';' | b'&' | b'|' | b')' => {
                    self.bump();
                    let doubled = self.peek() == Some(c);
                    if doubled {
                        self.bump();
                    }
                    // `a | b`: the next command reads this one's output.
                    piped = c == b'|' && !doubled && prev.is_some();
                    if !piped {
                        prev = None;
                    }
                }
                b'(' => {
                    self.bump();
                    // A subshell or array inside a `case` branch holds no patterns.
                    let in_case = std::mem::take(&mut self.in_case);
                    self.list(Some(b')'));
                    self.in_case = in_case;
                    (prev, piped) = (None, false);
                }
                _ => {
                    if self.in_case > 0 && self.case_pattern() {
                        continue;
                    }
                    let Some((cmd, nested)) = self.command() else {
                        (prev, piped) = (None, false);
                        continue;
                    };
                    let idx = self.out.cmds.len();
                    self.out.cmds.push(cmd);
                    if let (true, Some(left)) = (piped, prev) {
                        self.out.pipes.push((left, idx));
                    }
                    (prev, piped) = (Some(idx), false);
                    // Nested commands ($( … ), `…`) come after the one holding them.
                    absorb(&mut self.out, nested);
                }
            }
        }
    }

    /// Skips a `case` pattern (`a|b)`) at the current position, if there is one.
    fn case_pattern(&mut self) -> bool {
        let line = self.text[self.i..].split('\n').next().unwrap_or("");
        if line.trim_start().starts_with("esac") {
            return false;
        }
        match line.find(')') {
            Some(pos)
                if line[..pos]
                    .split('|')
                    .all(|p| !p.trim().contains([' ', '\t', '('])) =>
            {
                for _ in 0..=pos {
                    self.bump();
                }
                true
            }
            _ => false,
        }
    }

    fn blanks(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\r') => {
                    self.bump();
                }
                Some(b'\\') if self.s.get(self.i + 1) == Some(&b'\n') => {
                    self.bump();
                    self.bump();
                }
                Some(b'#') => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.bump();
                    }
                }
                _ => return,
            }
        }
    }

    fn read_heredocs(&mut self) {
        for (delim, strip) in std::mem::take(&mut self.heredocs) {
            loop {
                if self.peek().is_none() {
                    self.out.unbalanced = true;
                    return;
                }
                let start = self.i;
                while !matches!(self.peek(), None | Some(b'\n')) {
                    self.bump();
                }
                let line = &self.text[start..self.i];
                self.bump();
                let line = if strip {
                    line.trim_start_matches('\t')
                } else {
                    line
                };
                if line.trim_end_matches('\r') == delim {
                    break;
                }
            }
        }
    }

    /// One simple command and the commands nested in its words.
    fn command(&mut self) -> Option<(Cmd, Script)> {
        let start = self.i;
        let line = self.line;
        let mut words = Vec::new();
        let mut nested = Script::default();
        let mut out = None;
        let mut assignments = true;
        loop {
            self.blanks();
            let Some(c) = self.peek() else { break };
            if matches!(c, b'\n' | b';' | b'&' | b'|' | b')' | b'(') {
                break;
            }
            let proc_subst = c == b'<' && self.s.get(self.i + 1) == Some(&b'(');
            if !proc_subst
                && (c == b'<' || c == b'>' || (c.is_ascii_digit() && self.redirect_follows()))
            {
                let (op, target) = self.redirect(&mut nested);
                if op == ">" {
                    out = target.as_ref().and_then(|w| match w {
                        Word::Lit(s) => Some(s.clone()),
                        _ => None,
                    });
                }
                continue;
            }
            let (word, raw) = self.word(&mut nested);
            if words.is_empty() {
                if assignments && is_assignment(&raw) {
                    continue;
                }
                if KEYWORDS_BEFORE.contains(&raw.as_str()) {
                    continue;
                }
                if KEYWORDS_ALONE.contains(&raw.as_str()) {
                    if raw == "esac" {
                        self.in_case = self.in_case.saturating_sub(1);
                    }
                    continue;
                }
                if raw == "case" {
                    self.in_case += 1;
                    self.skip_until_word("in");
                    return None;
                }
                if raw == "for" || raw == "select" {
                    self.skip_to_separator();
                    return None;
                }
            }
            assignments = false;
            words.push(word);
        }
        if words.is_empty() {
            // `x=$(curl …)`: only the nested commands run.
            if !nested.cmds.is_empty() {
                absorb(&mut self.out, nested);
            }
            return None;
        }
        let text = self.text[start..self.i]
            .split_whitespace()
            .filter(|w| *w != "\\")
            .collect::<Vec<_>>()
            .join(" ");
        Some((
            Cmd {
                words,
                line,
                out,
                text,
            },
            nested,
        ))
    }

    fn redirect_follows(&self) -> bool {
        let mut j = self.i;
        while self.s.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        matches!(self.s.get(j), Some(b'<' | b'>'))
    }

    /// A redirect operator and its target word.
    fn redirect(&mut self, nested: &mut Script) -> (String, Option<Word>) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
        if self.peek() == Some(b'<') && self.s.get(self.i + 1) == Some(&b'(') {
            // A process substitution where a word was expected: read as a word.
            let (w, _) = self.word(nested);
            return (String::new(), Some(w));
        }
        let mut op = String::new();
        while let Some(c @ (b'<' | b'>' | b'&' | b'|' | b'-')) = self.peek() {
            if c == b'-' && !op.starts_with("<<") {
                break;
            }
            op.push(c as char);
            self.bump();
            if op == "<<<" || op.len() >= 3 {
                break;
            }
        }
        self.blanks();
        if matches!(self.peek(), None | Some(b'\n' | b';' | b'|' | b')')) {
            return (op, None);
        }
        let (target, raw) = self.word(nested);
        if op == "<<" || op == "<<-" {
            let delim: String = raw
                .chars()
                .filter(|c| !matches!(c, '\'' | '"' | '\\'))
                .collect();
            self.heredocs.push((delim, op == "<<-"));
        }
        (op, Some(target))
    }

    /// One word: its kind and its text as written.
    fn word(&mut self, nested: &mut Script) -> (Word, String) {
        let start = self.i;
        let mut parts = 0usize;
        let mut kind = Word::Other;
        let mut lit = true;
        if self.peek() == Some(b'<') && self.s.get(self.i + 1) == Some(&b'(') {
            self.bump();
            self.bump();
            let mut inner = P {
                s: self.s,
                text: self.text,
                i: self.i,
                line: self.line,
                out: Script::default(),
                heredocs: Vec::new(),
                in_case: 0,
            };
            inner.list(Some(b')'));
            self.i = inner.i;
            self.line = inner.line;
            self.out.unbalanced |= inner.out.unbalanced;
            let raw = self.text[start..self.i].to_owned();
            let cmds = inner.out.cmds.clone();
            absorb(nested, inner.out);
            if matches!(
                self.peek(),
                None | Some(b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b')')
            ) {
                return (Word::ProcSubst(cmds), raw);
            }
        }
        loop {
            let Some(c) = self.peek() else { break };
            match c {
                b' ' | b'\t' | b'\r' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')' => {
                    break;
                }
                b'\\' => {
                    self.bump();
                    if self.peek() == Some(b'\n') {
                        self.bump();
                        break;
                    }
                    self.bump();
                }
                b'\'' => {
                    self.bump();
                    let s = self.i;
                    while !matches!(self.peek(), None | Some(b'\'')) {
                        self.bump();
                    }
                    if self.peek().is_none() {
                        self.out.unbalanced = true;
                    }
                    kind = Word::Single(self.text[s..self.i].to_owned());
                    self.bump();
                    parts += 1;
                    lit = false;
                }
                b'"' => {
                    self.bump();
                    let s = self.i;
                    let mut plain = true;
                    loop {
                        match self.peek() {
                            None => {
                                self.out.unbalanced = true;
                                break;
                            }
                            Some(b'"') => break,
                            Some(b'\\') => {
                                self.bump();
                                self.bump();
                            }
                            Some(b'$' | b'`') => {
                                plain = false;
                                self.expansion(nested);
                            }
                            _ => {
                                self.bump();
                            }
                        }
                    }
                    let inner = &self.text[s..self.i.min(self.text.len())];
                    kind = if plain {
                        Word::Double(inner.to_owned())
                    } else {
                        Word::Other
                    };
                    self.bump();
                    parts += 1;
                    lit = false;
                }
                b'$' | b'`' => {
                    self.expansion(nested);
                    parts += 2; // never a literal
                    lit = false;
                }
                _ => {
                    self.bump();
                }
            }
        }
        let raw = self.text[start..self.i].to_owned();
        let word = if lit {
            Word::Lit(raw.clone())
        } else if parts == 1 && raw.starts_with(['\'', '"']) && raw.ends_with(['\'', '"']) {
            kind
        } else {
            Word::Other
        };
        (word, raw)
    }

    /// `$name`, `${…}`, `$(…)`, `$((…))`, `` `…` ``: commands inside are nested.
    fn expansion(&mut self, nested: &mut Script) {
        let c = self.bump();
        if c == Some(b'`') {
            let s = self.i;
            while !matches!(self.peek(), None | Some(b'`')) {
                if self.peek() == Some(b'\\') {
                    self.bump();
                }
                self.bump();
            }
            let mut inner = parse(&self.text[s..self.i]);
            self.out.unbalanced |= inner.unbalanced || self.peek().is_none();
            let base = self.line - self.text[s..self.i].matches('\n').count();
            for c in &mut inner.cmds {
                c.line += base - 1;
            }
            absorb(nested, inner);
            self.bump();
            return;
        }
        match self.peek() {
            Some(b'(') => {
                self.bump();
                let arithmetic = self.peek() == Some(b'(');
                let mut inner = P {
                    s: self.s,
                    text: self.text,
                    i: self.i,
                    line: self.line,
                    out: Script::default(),
                    heredocs: Vec::new(),
                    in_case: 0,
                };
                if arithmetic {
                    let mut depth = 1;
                    while depth > 0 {
                        match self.bump() {
                            None => {
                                self.out.unbalanced = true;
                                break;
                            }
                            Some(b'(') => depth += 1,
                            Some(b')') => depth -= 1,
                            _ => {}
                        }
                    }
                    return;
                }
                inner.list(Some(b')'));
                self.i = inner.i;
                self.line = inner.line;
                self.out.unbalanced |= inner.out.unbalanced;
                absorb(nested, inner.out);
            }
            Some(b'{') => {
                // `${name:-default}`: the default may hold quotes, `$( … )`
                // and braces of its own (`${1:-$(go list -f "{{.V}}")}`).
                self.bump();
                let mut depth = 1;
                while depth > 0 {
                    match self.peek() {
                        None => {
                            self.out.unbalanced = true;
                            return;
                        }
                        Some(b'\\') => {
                            self.bump();
                            self.bump();
                        }
                        Some(b'\'') => {
                            self.bump();
                            while !matches!(self.peek(), None | Some(b'\'')) {
                                self.bump();
                            }
                            self.bump();
                        }
                        Some(b'"') => {
                            self.bump();
                            while !matches!(self.peek(), None | Some(b'"')) {
                                match self.peek() {
                                    Some(b'\\') => {
                                        self.bump();
                                        self.bump();
                                    }
                                    Some(b'$' | b'`') => self.expansion(nested),
                                    _ => {
                                        self.bump();
                                    }
                                }
                            }
                            self.bump();
                        }
                        Some(b'$' | b'`') => self.expansion(nested),
                        Some(c) => {
                            if c == b'{' {
                                depth += 1;
                            } else if c == b'}' {
                                depth -= 1;
                            }
                            self.bump();
                        }
                    }
                }
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
                {
                    self.bump();
                }
                if matches!(
                    self.peek(),
                    Some(b'@' | b'*' | b'#' | b'?' | b'$' | b'!' | b'-')
                ) && self.s[self.i - 1] == b'$'
                {
                    self.bump();
                }
            }
        }
    }

    fn skip_until_word(&mut self, word: &str) {
        let mut nested = Script::default();
        loop {
            self.blanks();
            if self.peek().is_none() {
                return;
            }
            if matches!(self.peek(), Some(b'\n' | b';')) {
                self.bump();
                continue;
            }
            let (_, raw) = self.word(&mut nested);
            if raw == word || raw.is_empty() {
                if raw.is_empty() {
                    self.bump();
                }
                if raw == word {
                    return;
                }
            }
        }
    }

    fn skip_to_separator(&mut self) {
        let mut nested = Script::default();
        loop {
            self.blanks();
            match self.peek() {
                None | Some(b'\n' | b';' | b'&' | b'|') => return,
                Some(b'(' | b')' | b'<' | b'>') => {
                    self.bump();
                }
                _ => {
                    self.word(&mut nested);
                }
            }
        }
    }
}

/// Appends the commands of `inner` (and its pipes) to `out`.
fn absorb(out: &mut Script, inner: Script) {
    let base = out.cmds.len();
    out.pipes
        .extend(inner.pipes.iter().map(|(l, r)| (l + base, r + base)));
    out.cmds.extend(inner.cmds);
    out.unbalanced |= inner.unbalanced;
}

fn is_assignment(raw: &str) -> bool {
    raw.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'+')
            && !name.as_bytes()[0].is_ascii_digit()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &Script) -> Vec<Vec<String>> {
        s.cmds.iter().map(Cmd::args).collect()
    }

    #[test]
    fn commands_pipes_and_lines() {
        let s = parse(
            "set -e\ncurl -sSL https://x.io/i.sh | sudo bash\n# curl y | sh\nFOO=1 go install ./...\n",
        );
        assert_eq!(
            args(&s),
            [
                vec!["set", "-e"],
                vec!["curl", "-sSL", "https://x.io/i.sh"],
                vec!["bash"],
                vec!["go", "install", "./..."]
            ]
        );
        assert_eq!(s.pipes, [(1, 2)]);
        assert_eq!(
            s.cmds.iter().map(|c| c.line).collect::<Vec<_>>(),
            [1, 2, 2, 4]
        );
        assert!(!s.unbalanced);
    }

    #[test]
    fn quotes_expansions_and_nesting() {
        let s = parse("echo 'a b' \"c\" \"$X\" x$Y && v=$(curl -s https://a | sh) || true\n");
        assert_eq!(s.cmds[0].args(), ["echo", "'a b'", "\"c\""]);
        assert_eq!(
            args(&s)[1..],
            [vec!["curl", "-s", "https://a"], vec!["sh"], vec!["true"]]
        );
        assert_eq!(s.pipes, [(1, 2)]);
        let s = parse("bash <(wget -qO- http://w/s.sh)\n");
        assert!(
            matches!(&s.cmds[0].words[1], Word::ProcSubst(inner) if inner[0].args()[0] == "wget")
        );
        let s = parse("wget http://x/a.sh > /tmp/a.sh; bash /tmp/a.sh\n");
        assert_eq!(s.cmds[0].out.as_deref(), Some("/tmp/a.sh"));
        assert_eq!(s.cmds[1].args(), ["bash", "/tmp/a.sh"]);
    }

    #[test]
    fn control_flow_heredocs_and_continuations() {
        let s = parse(
            "if [ -x a ]; then\n  pip install \\\n    foo\nfi\ncat <<EOF\ncurl x | sh\nEOF\nfor i in a b; do npm i $i; done\ncase $x in\n  a|b) go get x.io/y ;;\nesac\n",
        );
        let a = args(&s);
        assert!(
            a.contains(&vec!["pip".into(), "install".into(), "foo".into()]),
            "{a:?}"
        );
        assert!(
            !a.iter().any(|c| c.first().is_some_and(|w| w == "curl")),
            "heredoc body: {a:?}"
        );
        assert!(a.contains(&vec!["npm".into(), "i".into()]), "{a:?}");
        assert!(
            a.contains(&vec!["go".into(), "get".into(), "x.io/y".into()]),
            "{a:?}"
        );
        assert!(s.pipes.is_empty(), "{:?}", s.pipes);
        assert!(parse("echo 'open\n").unbalanced);
        for ok in [
            "A+=(\"$1\")\nshift\n",
            "lvextend -l \"$((T / N))\" \"$D\" || true\n",
            "(\n  if [ \"$(go env GOOS)\" != x ]; then\n    echo y\n  fi\n)\n",
            "x=$(( 1 + (2 * 3) ))\n",
            "case $1 in\n  *)\n    A+=(\"$1\")\n    ;;\nesac\n",
        ] {
            assert!(!parse(ok).unbalanced, "{ok}");
        }
        let s = parse(
            "V=${1:-$(go list -f \"{{.Version}}\" -m x)}\nD=${DESTDIR:=''}/opt\ncurl -sSL https://x | sh\n",
        );
        assert!(!s.unbalanced);
        assert_eq!(
            args(&s),
            [
                vec!["go", "list", "-f", "\"{{.Version}}\"", "-m", "x"],
                vec!["curl", "-sSL", "https://x"],
                vec!["sh"]
            ]
        );
    }
}
