//! Organisations: which employer a commit's author email stands for.
//!
//! Order of lookup for an author email at the commit's author date:
//! 1. the affiliation file (gitdm formats, see [`Affiliations::parse`]):
//!    the full email, then its domain and parent domains, most specific first;
//! 2. free-mail providers and `users.noreply.github.com` → independent;
//! 3. the registrable domain from the public suffix list (`mail.redhat.com` →
//!    `redhat.com`) → an organisation named after that domain;
//! 4. no usable domain (`root@localhost`, empty, IP address) → unknown.
//!
//! After the walk, [`is_personal_domain`] moves one person's own domain
//! (`samuelkarp.com` used only by Samuel Karp) from the organisations to the
//! independent bucket: a deliberate, conservative deviation from rule 3,
//! documented in `docs/evidence-schema.md`. Names from the affiliation file
//! are never moved.

use std::collections::HashMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::model::OrganizationKind;

/// Domains of free-mail providers: their addresses say nothing about an employer.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "hotmail.fr",
    "hotmail.de",
    "outlook.com",
    "outlook.fr",
    "live.com",
    "live.cn",
    "msn.com",
    "yahoo.com",
    "yahoo.co.jp",
    "yahoo.co.uk",
    "yahoo.fr",
    "yahoo.de",
    "ymail.com",
    "aol.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "protonmail.com",
    "protonmail.ch",
    "proton.me",
    "pm.me",
    "tutanota.com",
    "tuta.io",
    "fastmail.com",
    "fastmail.fm",
    "hey.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "posteo.de",
    "posteo.net",
    "mailbox.org",
    "mail.ru",
    "yandex.ru",
    "yandex.com",
    "ya.ru",
    "qq.com",
    "foxmail.com",
    "163.com",
    "126.com",
    "yeah.net",
    "sina.com",
    "sina.cn",
    "sohu.com",
    "aliyun.com",
    "naver.com",
    "daum.net",
    "hanmail.net",
    "zoho.com",
    "zohomail.com",
    "riseup.net",
    "free.fr",
    "orange.fr",
    "laposte.net",
    "libero.it",
    "seznam.cz",
    "rediffmail.com",
    "inbox.ru",
    "list.ru",
    "bk.ru",
    "rambler.ru",
    "duck.com",
    "keemail.me",
    "disroot.org",
    "users.sourceforge.net",
    "example.com",
];

/// Employer names that gitdm uses for "nobody's employee" and "not known".
fn special_employer(name: &str) -> Option<OrganizationKind> {
    let n = name
        .trim()
        .trim_matches(|c| c == '(' || c == ')')
        .to_ascii_lowercase();
    match n.as_str() {
        "independent" | "self" | "self-employed" | "none" | "individual" => {
            Some(OrganizationKind::Independent)
        }
        "unknown" | "notfound" | "not found" | "?" | "" => Some(OrganizationKind::Unknown),
        _ => None,
    }
}

/// Where a commit's organisation came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Org {
    pub name: String,
    pub kind: OrganizationKind,
    /// Named by the affiliation file (which always wins over heuristics).
    pub from_file: bool,
}

impl Org {
    fn independent() -> Self {
        Org {
            name: "independent".into(),
            kind: OrganizationKind::Independent,
            from_file: false,
        }
    }
    fn unknown() -> Self {
        Org {
            name: "unknown".into(),
            kind: OrganizationKind::Unknown,
            from_file: false,
        }
    }
    fn employer(name: &str) -> Self {
        let org = match special_employer(name) {
            Some(OrganizationKind::Independent) => Org::independent(),
            Some(_) => Org::unknown(),
            None => Org {
                name: name.trim().to_owned(),
                kind: OrganizationKind::Organization,
                from_file: false,
            },
        };
        Org {
            from_file: true,
            ..org
        }
    }
}

/// One employment period: `[from, until)` in Unix seconds, open ends as `None`.
#[derive(Debug, Clone, PartialEq)]
struct Period {
    employer: String,
    from: Option<i64>,
    until: Option<i64>,
}

/// An affiliation file: emails and domains mapped to employers over time.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Affiliations {
    /// Keys are lower-case emails (`a@b.com`) or domains (`b.com`).
    entries: HashMap<String, Vec<Period>>,
}

impl Affiliations {
    pub fn load(path: &Path) -> Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::io(path, "cannot read the affiliation file", e))?;
        Self::parse(&text, path)
    }

    /// Parses the formats of cncf/gitdm, with `!` or `@` in addresses:
    ///
    /// - `developers_affiliations.txt`: a header `login: a!x.com, b@y.org`
    ///   followed by indented employer lines `Company`,
    ///   `Company until 2020-01-01`, `Company from 2020-01-01 until 2021-06-30`;
    /// - one-line form `a@x.com: Company [until YYYY-MM-DD]`;
    /// - `email-map` / `domain-map`: `a!x.com Company [< YYYY-MM-DD]` or `x.com Company`.
    ///
    /// Lines starting with `#` and blank lines are ignored. `until` is exclusive.
    pub fn parse(text: &str, path: &Path) -> Result<Self> {
        let mut out = Affiliations::default();
        let mut current: Vec<String> = Vec::new();
        // For map-style lines, each line ends at its date and the next starts there.
        let mut last_until: HashMap<String, i64> = HashMap::new();
        for (i, raw) in radar_text::lines(text).enumerate() {
            let line_no = i + 1;
            let err = |message: String| Error::Affiliations {
                path: path.to_owned(),
                line: line_no,
                message,
            };
            let line = raw.trim_end();
            let trimmed = line.trim_start();
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            let indented = line.len() != trimmed.len();
            if indented {
                if current.is_empty() {
                    return Err(err(
                        "an indented employer line must follow a `login: emails` line".into(),
                    ));
                }
                let period = parse_period(trimmed).map_err(err)?;
                for key in &current {
                    out.entries
                        .entry(key.clone())
                        .or_default()
                        .push(period.clone());
                }
                continue;
            }
            if let Some((lhs, rhs)) = trimmed.split_once(':').filter(|(l, _)| !l.contains(' ')) {
                let rhs = rhs.trim();
                let emails: Vec<String> = rhs
                    .split(',')
                    .map(|e| normalise_key(e.trim().trim_end_matches('*')))
                    .filter(|e| e.contains('@'))
                    .collect();
                if !emails.is_empty() || rhs.is_empty() {
                    // developers_affiliations header; employers follow, indented.
                    current = emails;
                    if normalise_key(lhs).contains('@') {
                        current.push(normalise_key(lhs));
                    }
                    continue;
                }
                // `email: Employer [until DATE]`
                current.clear();
                let key = normalise_key(lhs);
                if key.is_empty() {
                    return Err(err("missing email before `:`".into()));
                }
                let period = parse_period(rhs).map_err(err)?;
                out.entries.entry(key).or_default().push(period);
                continue;
            }
            // map style: `key Employer [< DATE]`
            current.clear();
            let (key, rest) = trimmed.split_once(char::is_whitespace).ok_or_else(|| {
                err(format!(
                    "expected `email-or-domain Employer`, found {trimmed:?}"
                ))
            })?;
            let key = normalise_key(key);
            let (employer, until) = match rest.rsplit_once('<') {
                Some((employer, date)) => (
                    employer.trim(),
                    Some(parse_date(date.trim()).map_err(&err)?),
                ),
                None => (rest.trim(), None),
            };
            if employer.is_empty() {
                return Err(err(format!("no employer for {key}")));
            }
            let from = last_until.get(&key).copied();
            if let Some(u) = until {
                last_until.insert(key.clone(), u);
            }
            out.entries.entry(key).or_default().push(Period {
                employer: employer.to_owned(),
                from,
                until,
            });
        }
        Ok(out)
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The employer for `email` at `time`, or `None` when the file does not say.
    fn lookup(&self, email: &str, domain: Option<&str>, time: i64) -> Option<&str> {
        if self.entries.is_empty() {
            return None;
        }
        let at = |key: &str| {
            self.entries.get(key).and_then(|periods| {
                periods
                    .iter()
                    .find(|p| p.from.is_none_or(|f| time >= f) && p.until.is_none_or(|u| time < u))
                    .map(|p| p.employer.as_str())
            })
        };
        if let Some(e) = at(email) {
            return Some(e);
        }
        // Most specific domain first (gitdm tries the shortest first, which
        // lets a broad entry hide a specific one).
        let mut d = domain?;
        loop {
            if let Some(e) = at(d) {
                return Some(e);
            }
            d = d.split_once('.')?.1;
            if !d.contains('.') {
                return at(d);
            }
        }
    }

    /// True when some entry for this email or its domains changes over time,
    /// so the organisation must be looked up per commit.
    fn is_dated(&self, email: &str, domain: Option<&str>) -> bool {
        let dated = |k: &str| {
            self.entries
                .get(k)
                .is_some_and(|p| p.iter().any(|p| p.from.is_some() || p.until.is_some()))
        };
        if dated(email) {
            return true;
        }
        let mut d = match domain {
            Some(d) => d,
            None => return false,
        };
        loop {
            if dated(d) {
                return true;
            }
            match d.split_once('.') {
                Some((_, rest)) => d = rest,
                None => return false,
            }
        }
    }
}

fn normalise_key(s: &str) -> String {
    s.trim().replace('!', "@").to_ascii_lowercase()
}

fn parse_period(s: &str) -> std::result::Result<Period, String> {
    let mut employer = s.trim();
    let mut from = None;
    let mut until = None;
    if let Some((head, date)) = employer.rsplit_once(" until ") {
        until = Some(parse_date(date.trim())?);
        employer = head.trim();
    }
    if let Some((head, date)) = employer.rsplit_once(" from ") {
        from = Some(parse_date(date.trim())?);
        employer = head.trim();
    }
    if let Some((head, date)) = employer.rsplit_once('<') {
        until = Some(parse_date(date.trim())?);
        employer = head.trim();
    }
    if employer.is_empty() {
        return Err(format!("no employer in {s:?}"));
    }
    Ok(Period {
        employer: employer.to_owned(),
        from,
        until,
    })
}

fn parse_date(s: &str) -> std::result::Result<i64, String> {
    let date: jiff::civil::Date = s
        .parse()
        .map_err(|_| format!("expected a date YYYY-MM-DD, found {s:?}"))?;
    date.to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .map_err(|e| e.to_string())
}

/// Maps author emails to organisations, caching per email.
pub(crate) struct Resolver<'a> {
    affiliations: Option<&'a Affiliations>,
    /// email → (static org, or None when dated and resolved per commit)
    cache: HashMap<String, Option<Org>>,
}

impl<'a> Resolver<'a> {
    pub fn new(affiliations: Option<&'a Affiliations>) -> Self {
        Resolver {
            affiliations: affiliations.filter(|a| !a.is_empty()),
            cache: HashMap::new(),
        }
    }

    /// The organisation of `email` at `time`, and whether that answer holds
    /// at every time (so the caller may cache it per identity).
    pub fn org(&mut self, email: &str, time: i64) -> (Org, bool) {
        let email = email.trim().to_ascii_lowercase();
        if let Some(Some(org)) = self.cache.get(&email) {
            return (org.clone(), true);
        }
        let domain = email
            .rsplit_once('@')
            .map(|(_, d)| d.trim_end_matches('.').to_owned());
        let domain = domain.as_deref().filter(|d| !d.is_empty());
        if let Some(aff) = self.affiliations {
            let dated = aff.is_dated(&email, domain);
            if let Some(employer) = aff.lookup(&email, domain, time) {
                let org = Org::employer(employer);
                if !dated {
                    self.cache.insert(email, Some(org.clone()));
                }
                return (org, !dated);
            }
            if dated {
                // Outside every period: fall back to the domain, per commit.
                return (by_domain(domain), false);
            }
        }
        let org = by_domain(domain);
        self.cache.insert(email, Some(org.clone()));
        (org, true)
    }
}

fn by_domain(domain: Option<&str>) -> Org {
    let Some(domain) = domain else {
        return Org::unknown();
    };
    if domain == "users.noreply.github.com" || domain.ends_with(".users.noreply.github.com") {
        return Org::independent();
    }
    if domain.parse::<std::net::IpAddr>().is_ok() || !domain.contains('.') {
        return Org::unknown();
    }
    match psl::domain_str(domain) {
        Some(registrable) if FREE_MAIL.contains(&registrable) || FREE_MAIL.contains(&domain) => {
            Org::independent()
        }
        Some(registrable) => Org {
            name: registrable.to_owned(),
            kind: OrganizationKind::Organization,
            from_file: false,
        },
        None => Org::unknown(),
    }
}

/// Words that make a name a company, team or bot rather than a person.
const NOT_A_PERSON: &[&str] = &[
    "inc",
    "corp",
    "corporation",
    "company",
    "co",
    "ltd",
    "llc",
    "gmbh",
    "ag",
    "sa",
    "bv",
    "plc",
    "labs",
    "lab",
    "systems",
    "software",
    "technologies",
    "technology",
    "tech",
    "solutions",
    "group",
    "team",
    "project",
    "bot",
    "ci",
    "automation",
    "admin",
    "release",
    "releases",
    "build",
    "builder",
    "github",
    "dependabot",
    "renovate",
];

/// Whether a domain is one person's own (a vanity domain) rather than an
/// organisation's: `registrable` (`samuelkarp.com`) is the domain, `names`
/// the names of every identity whose commits it was given.
///
/// Conservative on purpose, so no real company moves:
/// - every identity's name must match the domain's registrable label (the
///   label before the public suffix: `samuelkarp`, `johannes-frey`), so a
///   domain shared by two people never matches (two identities pass only
///   when both carry that person's name, e.g. two addresses of one person);
/// - a name matches when, comparing lower-case letters only, the label equals
///   the full name, first + last, or last + first name (`Samuel Karp`,
///   `Karp, Samuel`, `Samuel J. Karp`); a name needs at least two words, and
///   none of them may be a company or bot word (`Acme Corp`, `Release Bot`);
/// - the last name alone (`chanezon.com`), initials or nicknames do not match.
pub fn is_personal_domain<'n>(registrable: &str, names: impl IntoIterator<Item = &'n str>) -> bool {
    let label = letters(registrable.split('.').next().unwrap_or(""));
    if label.is_empty() {
        return false;
    }
    let mut any = false;
    for name in names {
        any = true;
        if !name_spells(name, &label) {
            return false;
        }
    }
    any
}

fn letters(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// `label` (letters only) spells the person's full name, first + last, or last + first.
fn name_spells(name: &str, label: &str) -> bool {
    let words: Vec<String> = name
        .split([' ', '\t', ','])
        .map(letters)
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() < 2 || words.iter().any(|w| NOT_A_PERSON.contains(&w.as_str())) {
        return false;
    }
    let (first, last) = (&words[0], &words[words.len() - 1]);
    let full: String = words.concat();
    label == full || label == format!("{first}{last}") || label == format!("{last}{first}")
}

/// CHAOSS factor (elephant factor over organisations, contributor absence
/// factor over authors): the smallest number of the largest contributors
/// whose contributions together reach at least half of the total.
///
/// The comparator is `>=` (the CHAOSS example of eight equal organisations
/// gives 4); devstats uses `>` and would say 5 there. 0 when there is nothing.
pub fn chaoss_factor(mut counts: Vec<u64>) -> u32 {
    let total: u64 = counts.iter().sum();
    if total == 0 {
        return 0;
    }
    counts.sort_unstable_by(|a, b| b.cmp(a));
    let mut sum = 0u64;
    for (i, c) in counts.iter().enumerate() {
        sum += c;
        // sum / total >= 1/2, in integers.
        if sum * 2 >= total {
            return (i + 1) as u32;
        }
    }
    counts.len() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(date: &str) -> i64 {
        parse_date(date).unwrap()
    }

    #[test]
    fn chaoss_examples() {
        // CHAOSS worked example: 1000+433 passes half of 2475.
        assert_eq!(chaoss_factor(vec![1000, 202, 90, 33, 332, 343, 42, 433]), 2);
        // Eight organisations at 12.5% each: 4 reach exactly 50% (>= comparator).
        assert_eq!(chaoss_factor(vec![1; 8]), 4);
        assert_eq!(chaoss_factor(vec![50, 30, 20]), 1);
        assert_eq!(chaoss_factor(vec![]), 0);
        assert_eq!(chaoss_factor(vec![0, 0]), 0);
    }

    #[test]
    fn domains_free_mail_and_noreply() {
        let mut r = Resolver::new(None);
        assert_eq!(r.org("dev@mail.redhat.com", 0).0.name, "redhat.com");
        assert_eq!(r.org("dev@Docker.COM", 0).0.name, "docker.com");
        assert_eq!(r.org("x@bbc.co.uk", 0).0.name, "bbc.co.uk");
        assert_eq!(
            r.org("someone@gmail.com", 0).0.kind,
            OrganizationKind::Independent
        );
        assert_eq!(
            r.org("1234+me@users.noreply.github.com", 0).0.kind,
            OrganizationKind::Independent
        );
        assert_eq!(r.org("root@localhost", 0).0.kind, OrganizationKind::Unknown);
        assert_eq!(r.org("", 0).0.kind, OrganizationKind::Unknown);
        assert_eq!(r.org("a@10.0.0.1", 0).0.kind, OrganizationKind::Unknown);
    }

    #[test]
    fn personal_domains_spell_their_one_owner() {
        assert!(is_personal_domain("samuelkarp.com", ["Samuel Karp"]));
        assert!(
            is_personal_domain("samuelkarp.com", ["Samuel Karp", "Samuel  KARP"]),
            "two addresses, one person"
        );
        assert!(is_personal_domain("johannes-frey.de", ["Johannes Frey"]));
        assert!(
            is_personal_domain("karpsamuel.net", ["Samuel Karp"]),
            "last + first"
        );
        assert!(is_personal_domain("samuelkarp.com", ["Karp, Samuel"]));
        assert!(
            is_personal_domain("samueljkarp.dev", ["Samuel J. Karp"]),
            "full name"
        );
        assert!(
            is_personal_domain("samuelkarp.com", ["Samuel J. Karp"]),
            "first + last"
        );
        assert!(
            !is_personal_domain("andrebarros.co.uk", ["André Barros"]),
            "letters are compared as written"
        );
        assert!(is_personal_domain("andrébarros.co.uk", ["André Barros"]));
        // Not personal: someone else's name on the domain, a second person, partial names, companies, bots.
        assert!(!is_personal_domain(
            "samuelkarp.com",
            ["Samuel Karp", "Jane Doe"]
        ));
        assert!(
            !is_personal_domain("chanezon.com", ["Patrick Chanezon"]),
            "last name alone"
        );
        assert!(!is_personal_domain("mcg.dev", ["Derek McGowan"]));
        assert!(
            !is_personal_domain("samuel.dev", ["Samuel"]),
            "one word is not a person's full name"
        );
        assert!(!is_personal_domain("docker.com", ["Docker"]));
        assert!(!is_personal_domain("acmecorp.com", ["Acme Corp"]));
        assert!(!is_personal_domain("fluxbot.io", ["Flux Bot"]));
        assert!(!is_personal_domain("samuelkarp.com", []));
    }

    #[test]
    fn gitdm_developer_affiliations_with_dates() {
        let text = "# comment\n\
            alice: alice!gmail.com, alice@old.example.org\n\
            \tAcme Corp until 2020-01-01\n\
            \tGlobex from 2020-01-01 until 2022-06-30\n\
            \tIndependent\n\
            bob@initech.com: Initech\n\
            carol!gmail.com Umbrella < 2019-01-01\n\
            carol!gmail.com Wayne Enterprises\n\
            initech.com Initech Holdings\n";
        let aff = Affiliations::parse(text, Path::new("aff.txt")).unwrap();
        let mut r = Resolver::new(Some(&aff));
        assert_eq!(
            r.org("alice@gmail.com", ts("2019-05-01")).0.name,
            "Acme Corp"
        );
        assert_eq!(r.org("alice@gmail.com", ts("2020-01-01")).0.name, "Globex");
        assert_eq!(
            r.org("Alice@Gmail.com", ts("2023-01-01")).0.kind,
            OrganizationKind::Independent
        );
        assert_eq!(
            r.org("alice@old.example.org", ts("2019-01-01")).0.name,
            "Acme Corp"
        );
        assert_eq!(r.org("bob@initech.com", ts("2010-01-01")).0.name, "Initech");
        // domain entry applies to other addresses of the domain
        assert_eq!(r.org("dave@eng.initech.com", 0).0.name, "Initech Holdings");
        assert_eq!(
            r.org("carol@gmail.com", ts("2018-12-31")).0.name,
            "Umbrella"
        );
        assert_eq!(
            r.org("carol@gmail.com", ts("2019-01-01")).0.name,
            "Wayne Enterprises"
        );
        // not in the file: domain rules
        assert_eq!(
            r.org("eve@gmail.com", 0).0.kind,
            OrganizationKind::Independent
        );
    }

    #[test]
    fn bad_affiliation_lines_name_their_line() {
        let err = Affiliations::parse("x@y.com: Acme until 2020-13-45\n", Path::new("a.txt"))
            .unwrap_err();
        assert!(
            err.to_string().starts_with("a.txt:1: expected a date"),
            "{err}"
        );
        let err = Affiliations::parse("\n\tAcme\n", Path::new("a.txt")).unwrap_err();
        assert!(err.to_string().starts_with("a.txt:2:"), "{err}");
    }
}
