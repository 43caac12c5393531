//! History: one walk over every commit reachable from the measured commit,
//! keeping per-identity, per-month and per-organisation tallies only. Memory
//! grows with identities (and months), not with commits: with a commit-graph
//! the walk needs one bit per commit; without one, gix's walk keeps a set of
//! the commit ids it has seen, as `git rev-list` does.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use gix::bstr::ByteSlice;
use gix::prelude::FindExt;

use crate::error::{Error, Result};
use crate::mailmap::Mailmap;
use crate::model::{History, Month, Organization, OrganizationKind, Organizations};
use crate::orgs::{Org, Resolver, chaoss_factor};

const DAY: i64 = 86_400;
/// The bucket automation accounts' commits go to.
const BOTS: &str = "bots";

/// One author identity after .mailmap, as `git shortlog -sne` prints it.
#[derive(Debug)]
struct Identity {
    /// Mailmapped "name\0email": what shortlog groups by.
    key: Vec<u8>,
    email: String,
    commits: u64,
    first: i64,
    last: i64,
    in_90: u64,
    in_365: u64,
    in_window: u64,
    /// An automation account ([`crate::bots`]): counted as git counts, but
    /// left out of the contributor absence factor and of every organisation.
    bot: bool,
}

impl Identity {
    fn new(key: Vec<u8>, email: String) -> Self {
        let bot = crate::bots::is_bot(&name_of_key(&key), &email);
        Identity {
            bot,
            key,
            email,
            commits: 0,
            first: i64::MAX,
            last: i64::MIN,
            in_90: 0,
            in_365: 0,
            in_window: 0,
        }
    }
}

/// The (mailmapped) name in an identity key "name\0email".
fn name_of_key(key: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(key.split(|&b| b == 0).next().unwrap_or(b""))
}

#[derive(Debug, Default)]
struct OrgTally {
    kind: Option<OrganizationKind>,
    /// Some commit got this name from the affiliation file.
    from_file: bool,
    commits: u64,
    in_window: u64,
    authors: HashSet<u32>,
}

/// Everything the walk learns. Several of these are filled in parallel (one
/// per decoding thread) and then merged.
#[derive(Debug, Default)]
pub(crate) struct Walk {
    pub commits: u64,
    identities: Vec<Identity>,
    /// Mailmapped key → identity index.
    ids: HashMap<Vec<u8>, u32>,
    /// Raw "name\0email" → identity index; mailmap resolution happens once per raw identity.
    raw_ids: HashMap<Vec<u8>, u32>,
    /// Identity → organisation index, when it does not change over time.
    ident_org: Vec<Option<usize>>,
    /// (year * 12 + month0) → (commits, authors)
    months: BTreeMap<i32, (u64, HashSet<u32>)>,
    /// Organisations and buckets, in order of first appearance, and by name.
    orgs: Vec<(String, OrgTally)>,
    org_index: HashMap<String, usize>,
    pub partial: bool,
    pub warnings: Vec<String>,
    pub commits_90: u64,
    pub commits_365: u64,
    pub commits_window: u64,
}

pub(crate) struct WalkParams<'a> {
    pub as_of: i64,
    pub window_days: u32,
    pub affiliations: Option<&'a crate::orgs::Affiliations>,
    /// Only the commits that touch this folder (`a/b`), as `git log -- a/b`
    /// lists them (`pathwalk.rs`).
    pub path: Option<&'a str>,
}

/// What every decoding thread shares.
struct Shared<'a> {
    mailmap: Mailmap,
    params: &'a WalkParams<'a>,
    cut_90: i64,
    cut_365: i64,
    cut_window: i64,
}

/// Walks all commits reachable from `tip`.
///
/// With a commit-graph the traversal itself is nearly free and the cost is
/// inflating each commit to read its author, so the ids are streamed to
/// decoding threads (one per core, up to 4), each keeping its own tallies,
/// merged at the end. Without a commit-graph the traversal inflates every
/// commit anyway, so one thread reads the author from the object cache.
pub(crate) fn walk(
    repo: &gix::Repository,
    _git_dir: &Path,
    tip: gix::ObjectId,
    p: &WalkParams<'_>,
) -> Result<Walk> {
    let mailmap = Mailmap::new(repo.open_mailmap());
    let shared = Shared {
        mailmap,
        params: p,
        cut_90: p.as_of - 90 * DAY,
        cut_365: p.as_of - 365 * DAY,
        cut_window: p.as_of - i64::from(p.window_days) * DAY,
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(4);
    let graph = repo.commit_graph().ok().filter(|g| g.lookup(tip).is_some());
    let mut out = if let Some(path) = p.path {
        let selected = crate::pathwalk::select(repo, tip, path);
        let mut out = tally_known(repo, selected.commits, &shared, threads);
        if !selected.problems.is_empty() {
            out.partial = true;
            out.warnings.push(format!(
                "the history of {path} is incomplete: {} (a partial clone measured without fetching?)",
                selected.problems.join("; ")
            ));
        }
        out
    } else if let Some(graph) = graph {
        let mut ids = Vec::new();
        let mut stopped = None;
        for id in GraphWalk::new(graph, tip) {
            match id {
                Ok(id) => ids.push(id),
                Err(e) => {
                    stopped = Some(e);
                    break;
                }
            }
        }
        let mut out = tally_known(repo, ids, &shared, threads);
        if let Some(e) = stopped {
            out.stopped(e);
        }
        out
    } else {
        walk_table(repo, tip, &shared, threads)
    };
    if repo.is_shallow().unwrap_or(false) {
        out.partial = true;
        out.warnings.push(
            "shallow clone: history is partial (fetch the full history for exact figures)".into(),
        );
    }
    Ok(out)
}

/// Without a commit-graph: the packs read on every core while this walks
/// (`commits.rs`), newest commit first as the packs hold them.
fn walk_table(
    repo: &gix::Repository,
    tip: gix::ObjectId,
    shared: &Shared<'_>,
    threads: usize,
) -> Walk {
    crate::commits::with_reader(repo, threads, |reader| {
        let mut tally = Walk::default();
        let mut resolver = Resolver::new(shared.params.affiliations);
        let mut seen: gix::hashtable::HashSet<gix::ObjectId> = Default::default();
        seen.insert(tip);
        // Newest first (by the child's author date until a commit is read):
        // the order the packs are in, so the readers are mostly ahead.
        let mut queue = std::collections::BinaryHeap::from([(i64::MAX, tip)]);
        while let Some((_, id)) = queue.pop() {
            let parsed = match reader.get(&id) {
                Ok(p) => p,
                Err(e) => {
                    tally.unreadable(id, e);
                    continue;
                }
            };
            tally.count_parsed(id, &parsed, shared, &mut resolver);
            let when = parsed.author.as_ref().map_or(0, |(_, seconds)| *seconds);
            for parent in parsed.parents {
                if seen.insert(parent) {
                    queue.push((when, parent));
                }
            }
        }
        tally
    })
}

/// Every commit reachable from a tip, through the commit-graph alone: a stack
/// of graph positions and one bit per commit for "seen", so the walk's memory
/// is a bit per commit (gix's general walk keeps a hash set of ids).
pub(crate) struct GraphWalk {
    graph: gix::commitgraph::Graph,
    seen: Vec<u64>,
    stack: Vec<u32>,
}

impl GraphWalk {
    pub(crate) fn new(graph: gix::commitgraph::Graph, tip: gix::ObjectId) -> Self {
        let n = graph.num_commits() as usize;
        let mut walk = GraphWalk {
            seen: vec![0; n.div_ceil(64)],
            stack: Vec::new(),
            graph,
        };
        if let Some(pos) = walk.graph.lookup(tip) {
            mark(&mut walk.seen, pos.0);
            walk.stack.push(pos.0);
        }
        walk
    }
}

/// Sets the bit of `pos`; true when it was not set yet.
fn mark(seen: &mut [u64], pos: u32) -> bool {
    let (word, bit) = ((pos / 64) as usize, pos % 64);
    let fresh = seen[word] & (1 << bit) == 0;
    seen[word] |= 1 << bit;
    fresh
}

impl Iterator for GraphWalk {
    type Item = std::result::Result<gix::ObjectId, String>;

    fn next(&mut self) -> Option<Self::Item> {
        let GraphWalk { graph, seen, stack } = self;
        let pos = stack.pop()?;
        let commit = graph.commit_at(gix::commitgraph::Position(pos));
        let id = commit.id().to_owned();
        for parent in commit.iter_parents() {
            match parent {
                Ok(p) => {
                    if mark(seen, p.0) {
                        stack.push(p.0);
                    }
                }
                Err(e) => return Some(Err(format!("commit-graph entry of {id}: {e}"))),
            }
        }
        Some(Ok(id))
    }
}

/// Tallies commits known in advance (from the commit-graph, or a folder's
/// selection): read from the packs in pack order on every core
/// (`commits.rs`), then the few the packs do not hold whole (deltas, loose
/// objects) by id, also on every core.
fn tally_known(
    repo: &gix::Repository,
    ids: Vec<gix::ObjectId>,
    shared: &Shared<'_>,
    threads: usize,
) -> Walk {
    // A few commits (a quiet folder): read by id, not worth going through the packs.
    if ids.len() < 4096 {
        return walk_parallel(repo, ids.into_iter().map(Ok), shared, threads);
    }
    let wanted: gix::hashtable::HashMap<gix::ObjectId, u32> = ids.into_iter().zip(0u32..).collect();
    let (tallies, missing) = crate::commits::read_wanted(
        repo,
        threads,
        &wanted,
        || (Walk::default(), Resolver::new(shared.params.affiliations)),
        |(tally, resolver), id, parsed| tally.count_parsed(id, &parsed, shared, resolver),
    );
    let mut out = walk_parallel(repo, missing.into_iter().map(Ok), shared, threads);
    for (tally, _) in tallies {
        out.merge(tally);
    }
    out
}

/// Tallies the commits `ids` yields on `threads` decoding threads.
fn walk_parallel(
    repo: &gix::Repository,
    ids: impl Iterator<Item = std::result::Result<gix::ObjectId, String>>,
    shared: &Shared<'_>,
    threads: usize,
) -> Walk {
    const CHUNK: usize = 1024;
    let sync_repo = repo.clone().into_sync();
    let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<gix::ObjectId>>(threads * 4);
    let rx = std::sync::Mutex::new(rx);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                let (rx, sync_repo) = (&rx, &sync_repo);
                scope.spawn(move || {
                    let repo = sync_repo.to_thread_local();
                    let mut tally = Walk::default();
                    let mut resolver = Resolver::new(shared.params.affiliations);
                    let mut buf = Vec::with_capacity(4096);
                    let mut key = Vec::with_capacity(128);
                    // The guard moves into the closure and is released right after `recv`, so
                    // workers decode in parallel; a poisoned lock (a worker panicked) ends the loop.
                    while let Ok(chunk) = rx
                        .lock()
                        .map_err(|_| ())
                        .and_then(|r| r.recv().map_err(|_| ()))
                    {
                        for id in chunk {
                            tally.add(&repo, id, shared, &mut resolver, &mut buf, &mut key);
                        }
                    }
                    tally
                })
            })
            .collect();
        let mut walker = Walk::default();
        let mut chunk = Vec::with_capacity(CHUNK);
        for id in ids {
            match id {
                Ok(id) => {
                    chunk.push(id);
                    if chunk.len() == CHUNK
                        && tx
                            .send(std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK)))
                            .is_err()
                    {
                        break;
                    }
                }
                Err(e) => {
                    walker.stopped(e);
                    break;
                }
            }
        }
        if !chunk.is_empty() {
            let _ = tx.send(chunk);
        }
        drop(tx);
        for w in workers {
            match w.join() {
                Ok(t) => walker.merge(t),
                Err(_) => {
                    walker.partial = true;
                    walker
                        .warnings
                        .push("a history thread failed; figures are partial".into());
                }
            }
        }
        walker
    })
}

impl Walk {
    fn stopped(&mut self, e: impl std::fmt::Display) {
        self.partial = true;
        self.warnings
            .push(format!("history walk stopped early: {e}"));
    }

    fn identity(&mut self, key: Vec<u8>, email: &[u8]) -> u32 {
        let next = self.identities.len() as u32;
        let i = *self.ids.entry(key.clone()).or_insert(next);
        if i == next {
            self.identities.push(Identity::new(
                key,
                String::from_utf8_lossy(email).into_owned(),
            ));
            self.ident_org.push(None);
        }
        i
    }

    fn org_slot(&mut self, name: String, kind: OrganizationKind, from_file: bool) -> usize {
        if let Some(&o) = self.org_index.get(&name) {
            self.orgs[o].1.from_file |= from_file;
            return o;
        }
        self.orgs.push((
            name.clone(),
            OrgTally {
                kind: Some(kind),
                from_file,
                ..Default::default()
            },
        ));
        self.org_index.insert(name, self.orgs.len() - 1);
        self.orgs.len() - 1
    }

    /// Counts one commit, read from the object database.
    fn add(
        &mut self,
        repo: &gix::Repository,
        id: gix::ObjectId,
        s: &Shared<'_>,
        resolver: &mut Resolver<'_>,
        buf: &mut Vec<u8>,
        key: &mut Vec<u8>,
    ) {
        let commit = match repo.objects.find_commit_iter(&id, buf) {
            Ok(commit) => commit,
            Err(e) => {
                self.unreadable(id, e);
                return;
            }
        };
        let author = commit.author().map(|sig| {
            key.clear();
            key.extend_from_slice(sig.name);
            key.push(0);
            key.extend_from_slice(sig.email);
            sig.seconds()
        });
        match author {
            Ok(seconds) => self.count(id, Ok((key, seconds)), s, resolver),
            Err(e) => self.count(id, Err(e.to_string()), s, resolver),
        }
    }

    fn count_parsed(
        &mut self,
        id: gix::ObjectId,
        parsed: &crate::commits::Parsed,
        s: &Shared<'_>,
        resolver: &mut Resolver<'_>,
    ) {
        match &parsed.author {
            Ok((key, seconds)) => self.count(id, Ok((key, *seconds)), s, resolver),
            Err(e) => self.count(id, Err(e.clone()), s, resolver),
        }
    }

    fn unreadable(&mut self, id: gix::ObjectId, e: impl std::fmt::Display) {
        self.partial = true;
        self.warnings.push(format!(
            "commit {id}: cannot be read ({e}); history is incomplete"
        ));
    }

    /// Counts one commit by its author (`name\0email` as written, and the
    /// author date), or the reason its author line cannot be read.
    fn count(
        &mut self,
        id: gix::ObjectId,
        author: std::result::Result<(&[u8], i64), String>,
        s: &Shared<'_>,
        resolver: &mut Resolver<'_>,
    ) {
        let (seconds, idx) = match author {
            Ok((key, seconds)) => {
                let idx = match self.raw_ids.get(key) {
                    Some(&i) => i,
                    None => {
                        let cut = key.iter().position(|&b| b == 0).unwrap_or(key.len());
                        let sig = gix::actor::SignatureRef {
                            name: key[..cut].into(),
                            email: key.get(cut + 1..).unwrap_or_default().into(),
                            time: "",
                        };
                        let (n, e) = s.mailmap.resolve(sig);
                        let mut canonical = n;
                        canonical.push(0);
                        canonical.extend_from_slice(&e);
                        let i = self.identity(canonical, &e);
                        self.raw_ids.insert(key.to_vec(), i);
                        i
                    }
                };
                (seconds, idx)
            }
            Err(e) => {
                self.warnings.push(format!(
                    "commit {id}: unreadable author ({e}), counted as an empty identity"
                ));
                (0, self.identity(vec![0], b""))
            }
        };
        self.commits += 1;
        let in_window = seconds > s.cut_window;
        {
            let ident = &mut self.identities[idx as usize];
            ident.commits += 1;
            ident.first = ident.first.min(seconds);
            ident.last = ident.last.max(seconds);
            if seconds > s.cut_90 {
                ident.in_90 += 1;
            }
            if seconds > s.cut_365 {
                ident.in_365 += 1;
            }
            ident.in_window += u64::from(in_window);
        }
        self.commits_90 += u64::from(seconds > s.cut_90);
        self.commits_365 += u64::from(seconds > s.cut_365);
        self.commits_window += u64::from(in_window);
        let m = self.months.entry(month_key(seconds)).or_default();
        m.0 += 1;
        m.1.insert(idx);
        let org = match self.ident_org[idx as usize] {
            Some(o) => o,
            None if self.identities[idx as usize].bot => {
                let o = self.org_slot(BOTS.into(), OrganizationKind::Bot, false);
                self.ident_org[idx as usize] = Some(o);
                o
            }
            None => {
                let (
                    Org {
                        name,
                        kind,
                        from_file,
                    },
                    stable,
                ) = resolver.org(&self.identities[idx as usize].email, seconds);
                let o = self.org_slot(name, kind, from_file);
                if stable {
                    self.ident_org[idx as usize] = Some(o);
                }
                o
            }
        };
        let tally = &mut self.orgs[org].1;
        tally.commits += 1;
        tally.in_window += u64::from(in_window);
        tally.authors.insert(idx);
    }

    /// Adds another thread's tallies to these.
    pub(crate) fn merge(&mut self, other: Walk) {
        let map: Vec<u32> = other
            .identities
            .into_iter()
            .map(|theirs| {
                let email = theirs.email.clone().into_bytes();
                let i = self.identity(theirs.key.clone(), &email);
                let mine = &mut self.identities[i as usize];
                mine.commits += theirs.commits;
                mine.first = mine.first.min(theirs.first);
                mine.last = mine.last.max(theirs.last);
                mine.in_90 += theirs.in_90;
                mine.in_365 += theirs.in_365;
                mine.in_window += theirs.in_window;
                i
            })
            .collect();
        for (k, (commits, authors)) in other.months {
            let m = self.months.entry(k).or_default();
            m.0 += commits;
            m.1.extend(authors.into_iter().map(|a| map[a as usize]));
        }
        for (name, t) in other.orgs {
            let o = self.org_slot(
                name,
                t.kind.unwrap_or(OrganizationKind::Unknown),
                t.from_file,
            );
            let mine = &mut self.orgs[o].1;
            mine.commits += t.commits;
            mine.in_window += t.in_window;
            mine.authors
                .extend(t.authors.into_iter().map(|a| map[a as usize]));
        }
        self.commits += other.commits;
        self.commits_90 += other.commits_90;
        self.commits_365 += other.commits_365;
        self.commits_window += other.commits_window;
        self.partial |= other.partial;
        self.warnings.extend(other.warnings);
    }
}

fn month_key(seconds: i64) -> i32 {
    let days = seconds.div_euclid(DAY);
    let (y, m, _) = civil_from_days(days);
    y * 12 + (m as i32 - 1)
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

pub(crate) fn year_of(seconds: i64) -> i32 {
    civil_from_days(seconds.div_euclid(DAY)).0
}

impl Walk {
    pub fn history(&self, as_of: i64) -> History {
        let first = self.identities.iter().map(|i| i.first).min();
        let last = self.identities.iter().map(|i| i.last).max();
        let ts = |s: i64| jiff::Timestamp::from_second(s).ok();
        let mut new_per_year: BTreeMap<String, u64> = BTreeMap::new();
        for i in &self.identities {
            *new_per_year
                .entry(year_of(i.first).to_string())
                .or_default() += 1;
        }
        History {
            commits: self.commits,
            contributors: self.identities.len() as u64,
            first_commit: first.and_then(ts),
            last_commit: last.and_then(ts),
            age_days: first.map_or(0, |f| ((as_of - f).max(0) / DAY) as u64),
            commits_90d: self.commits_90,
            commits_365d: self.commits_365,
            active_contributors_90d: self.identities.iter().filter(|i| i.in_90 > 0).count() as u64,
            active_contributors_365d: self.identities.iter().filter(|i| i.in_365 > 0).count()
                as u64,
            bots: self.identities.iter().filter(|i| i.bot).count() as u64,
            monthly: self.monthly(as_of),
            new_contributors_per_year: new_per_year,
            partial: self.partial,
        }
    }

    fn monthly(&self, as_of: i64) -> Vec<Month> {
        let (Some((&lo, _)), Some((&hi, _))) =
            (self.months.first_key_value(), self.months.last_key_value())
        else {
            return Vec::new();
        };
        // Gaps are filled so a chart's x axis is linear; bogus dates (1970,
        // 2100) must not make that series explode, so cap it at 100 years.
        let hi = hi.max(month_key(as_of));
        let lo = lo.max(hi - 1200);
        (lo..=hi)
            .map(|k| {
                let (commits, authors) = self
                    .months
                    .get(&k)
                    .map_or((0, 0), |(c, a)| (*c, a.len() as u64));
                Month {
                    month: format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1),
                    commits,
                    authors,
                }
            })
            .collect()
    }

    /// Over people: automation accounts are not contributors who could be absent.
    pub fn contributor_absence_factor(&self) -> u32 {
        chaoss_factor(
            self.identities
                .iter()
                .filter(|i| !i.bot)
                .map(|i| i.in_window)
                .collect(),
        )
    }

    /// Organisations with their tallies, after moving personal domains (see
    /// [`crate::orgs::is_personal_domain`]) into the independent bucket.
    /// Returns the tallies and the personal domains moved.
    fn org_tallies(&self) -> (Vec<OrgRow>, Vec<String>) {
        let name_of = |i: u32| name_of_key(&self.identities[i as usize].key).into_owned();
        let mut personal = Vec::new();
        let mut rows: Vec<OrgRow> = Vec::new();
        let mut moved = OrgRow {
            name: "independent".into(),
            kind: OrganizationKind::Independent,
            commits: 0,
            in_window: 0,
            authors: HashSet::new(),
        };
        for (name, t) in &self.orgs {
            let kind = t.kind.unwrap_or(OrganizationKind::Unknown);
            if kind == OrganizationKind::Organization && !t.from_file {
                let names: Vec<String> = t.authors.iter().map(|&a| name_of(a)).collect();
                if crate::orgs::is_personal_domain(name, names.iter().map(String::as_str)) {
                    personal.push(name.clone());
                    moved.add(t.commits, t.in_window, &t.authors);
                    continue;
                }
            }
            rows.push(OrgRow {
                name: name.clone(),
                kind,
                commits: t.commits,
                in_window: t.in_window,
                authors: t.authors.clone(),
            });
        }
        if moved.commits > 0 {
            match rows
                .iter_mut()
                .find(|r| r.kind == OrganizationKind::Independent)
            {
                Some(independent) => {
                    independent.add(moved.commits, moved.in_window, &moved.authors)
                }
                None => rows.push(moved),
            }
        }
        personal.sort();
        (rows, personal)
    }

    pub fn organizations(&self, window_days: u32) -> Organizations {
        let (rows, personal_domains) = self.org_tallies();
        let affiliated = |f: fn(&OrgRow) -> u64| -> Vec<u64> {
            rows.iter()
                .filter(|r| r.kind == OrganizationKind::Organization)
                .map(f)
                .collect()
        };
        let bucket_share = |kind: OrganizationKind| {
            let n = rows
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| r.in_window)
                .sum();
            share(n, self.commits_window)
        };
        let mut list: Vec<Organization> = rows
            .iter()
            .map(|r| Organization {
                name: r.name.clone(),
                kind: r.kind,
                commits: r.commits,
                share: share(r.commits, self.commits),
                commits_365d: r.in_window,
                share_365d: share(r.in_window, self.commits_window),
                contributors: r.authors.len() as u64,
            })
            .collect();
        list.sort_by(|a, b| b.commits.cmp(&a.commits).then_with(|| a.name.cmp(&b.name)));
        Organizations {
            elephant_factor: chaoss_factor(affiliated(|r| r.in_window)),
            elephant_factor_all_time: chaoss_factor(affiliated(|r| r.commits)),
            window_days,
            count_365d: rows
                .iter()
                .filter(|r| r.kind == OrganizationKind::Organization && r.in_window > 0)
                .count() as u64,
            list,
            independent_share_365d: bucket_share(OrganizationKind::Independent),
            unknown_share_365d: bucket_share(OrganizationKind::Unknown),
            bots_share_365d: bucket_share(OrganizationKind::Bot),
            personal_domains,
        }
    }
}

/// One organisation or bucket as reported, after personal domains moved.
#[derive(Debug)]
struct OrgRow {
    name: String,
    kind: OrganizationKind,
    commits: u64,
    in_window: u64,
    authors: HashSet<u32>,
}

impl OrgRow {
    fn add(&mut self, commits: u64, in_window: u64, authors: &HashSet<u32>) {
        self.commits += commits;
        self.in_window += in_window;
        self.authors.extend(authors.iter().copied());
    }
}

pub(crate) fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `n` of `d` as the evidence states shares: a fraction rounded to 4
/// decimals, 0 when there is nothing to share.
pub fn share(n: u64, d: u64) -> f64 {
    if d == 0 {
        0.0
    } else {
        round4(n as f64 / d as f64)
    }
}

/// The commit to measure as of `as_of`: the newest commit on HEAD's
/// first-parent line whose committer date is at or before `as_of` (what the
/// branch pointed to then), as `git rev-list -1 --first-parent --before`.
pub(crate) fn commit_at(
    repo: &gix::Repository,
    git_dir: &Path,
    head: gix::ObjectId,
    as_of: i64,
) -> Result<Option<gix::ObjectId>> {
    let mut buf = Vec::new();
    let walk = repo
        .rev_walk([head])
        .first_parent_only()
        .all()
        .map_err(|e| Error::git(git_dir, "first-parent history", e))?;
    for info in walk {
        let info = info.map_err(|e| Error::git(git_dir, "first-parent history", e))?;
        let commit = repo
            .objects
            .find_commit_iter(&info.id, &mut buf)
            .map_err(|e| Error::git(git_dir, format!("commit {}", info.id), e))?;
        // An unreadable date does not hide the commit: it belongs to the line.
        let time = commit.committer().map(|s| s.seconds()).unwrap_or(i64::MIN);
        if time <= as_of {
            return Ok(Some(info.id));
        }
    }
    Ok(None)
}

/// Sign-offs among the newest non-merge commits (by commit date).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SignOffs {
    pub signed: u32,
    pub total: u32,
    /// The oldest commit of the sample.
    pub since: Option<String>,
}

pub(crate) fn sign_offs(repo: &gix::Repository, tip: gix::ObjectId, sample: usize) -> SignOffs {
    let mut out = SignOffs::default();
    let Ok(walk) = repo
        .rev_walk([tip])
        .sorting(gix::revision::walk::Sorting::ByCommitTime(
            Default::default(),
        ))
        .use_commit_graph(true)
        .all()
    else {
        return out;
    };
    let mut buf = Vec::new();
    for info in walk.take(sample * 4) {
        let Ok(info) = info else { break };
        if info.parent_ids.len() > 1 {
            continue;
        }
        let Ok(commit) = repo.objects.find_commit_iter(&info.id, &mut buf) else {
            break;
        };
        let message = commit.message().map(|m| m.to_vec()).unwrap_or_default();
        out.total += 1;
        if has_sign_off(&message) {
            out.signed += 1;
        }
        out.since = Some(info.id.to_string());
        if out.total as usize >= sample {
            break;
        }
    }
    out
}

fn has_sign_off(message: &[u8]) -> bool {
    message.lines().any(|l| {
        let l = l.trim_start();
        l.len() > 14 && l[..14].eq_ignore_ascii_case(b"signed-off-by:")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        // 2024-02-29 is day 19782
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(month_key(1_709_164_800), 2024 * 12 + 1); // 2024-02-29T00:00Z
    }

    #[test]
    fn sign_off_lines() {
        assert!(has_sign_off(b"Fix\n\nSigned-off-by: A <a@b.c>\n"));
        assert!(has_sign_off(b"Fix\n\nsigned-off-by: A <a@b.c>"));
        assert!(!has_sign_off(b"Fix the signed-off-by: parser\n"));
        assert!(!has_sign_off(b"Fix\n\nReviewed-by: A <a@b.c>\n"));
    }
}
