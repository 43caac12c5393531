//! Commits read straight from the packs on every core, for a repository
//! without a commit-graph.
//!
//! Walking history needs each commit's parents before its parents can be
//! read, so a walk is sequential by nature. Here reader threads go through
//! the packs in pack order (the order git writes: newest history first),
//! check each entry's type from its first byte, and parse the commits
//! stored whole from the first few hundred bytes of their compressed data:
//! tree, parents and author come first, so the message (most of a commit) is
//! never inflated. The walk, newest commit first like the packs, takes what
//! the readers parsed; it waits for them when what it needs is a little
//! ahead of them, and reads a commit itself when it is far ahead, already
//! passed (a delta) or loose. When the walk is done the readers stop: the
//! other branches' commits, stored after the default branch's, and the trees
//! and files are mostly never touched.
//!
//! Nothing is written to the repository (it may be a user's clone read in
//! place).

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use gix::ObjectId;
use gix::odb::pack;
use gix::prelude::FindExt;

/// The part of a commit the history walk needs.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub parents: Vec<ObjectId>,
    /// `name\0email` as written, and the author date; the parse error otherwise.
    pub author: Result<(Vec<u8>, i64), String>,
}

/// Parses `tree`, `parent` and `author` of a commit object's start; `None`
/// when the author line is not complete in `data` or the start is not a commit.
pub(crate) fn parse_head(data: &[u8], hash: gix::hash::Kind) -> Option<Parsed> {
    // The author line must be whole: find its end before parsing.
    let at = memchr_find(data, b"\nauthor ")?;
    let end = at + 1 + data[at + 1..].iter().position(|&b| b == b'\n')?;
    let head = &data[..=end];
    let mut iter = gix::objs::CommitRefIter::from_bytes(head, hash);
    iter.tree_id().ok()?;
    let mut parents = Vec::new();
    let mut author = None;
    for token in iter {
        match token {
            Ok(gix::objs::commit::ref_iter::Token::Parent { id }) => parents.push(id),
            Ok(gix::objs::commit::ref_iter::Token::Author { signature }) => {
                let mut key = signature.name.to_vec();
                key.push(0);
                key.extend_from_slice(signature.email);
                author = Some(Ok((key, signature.seconds())));
                break;
            }
            Ok(_) => {}
            Err(e) => {
                author = Some(Err(e.to_string()));
                break;
            }
        }
    }
    Some(Parsed {
        parents,
        author: author?,
    })
}

fn memchr_find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Bytes of a commit inflated to find its author line: a tree and two
/// parents take 143, an author line rarely more than 100; zlib's fast loop
/// stops 258 bytes before the end of its output, so the margin costs less
/// than it saves. An octopus merge or a longer start is read whole by the
/// walk instead.
const HEAD_BYTES: usize = 640;
/// Compressed bytes handed to the inflater for those (commit text rarely
/// compresses worse than 1:1 at its start).
const INPUT_BYTES: u64 = 1024;
/// A pack entry's type, in bits 4–6 of its first byte (`1`: a commit stored whole).
const COMMIT_TYPE: u8 = 1;

/// Entries a reader claims at a time.
const CHUNK: usize = 2048;
/// How many chunks ahead of the readers the walk waits for them rather than
/// reading a commit itself.
const LOOKAHEAD: usize = 8;
/// Chunks in a row without a commit after which a reader of known commits
/// leaves a pack (see [`read_wanted`]).
const EMPTY_CHUNKS: usize = 2;

/// One pack, its entries in pack order, and how far the readers are.
struct Pack {
    bundle: pack::Bundle,
    /// Index positions in pack order (by offset).
    order: Vec<u32>,
    /// Offsets in pack order, for finding where a commit is.
    offsets: Vec<u64>,
    /// The next chunk to claim.
    cursor: AtomicUsize,
}

impl Pack {
    fn open(path: &std::path::Path, hash: gix::hash::Kind) -> Option<Pack> {
        let bundle = pack::Bundle::at(path, hash).ok()?;
        let n = bundle.index.num_objects();
        // git writes the pack order next to the index (`.rev`); else sort.
        let order = read_rev(&path.with_extension("rev"), n).unwrap_or_else(|| {
            let mut v: Vec<(u64, u32)> = (0..n)
                .map(|i| (bundle.index.pack_offset_at_index(i), i))
                .collect();
            v.sort_unstable();
            v.into_iter().map(|(_, i)| i).collect()
        });
        let offsets = order
            .iter()
            .map(|&i| bundle.index.pack_offset_at_index(i))
            .collect();
        Some(Pack {
            bundle,
            order,
            offsets,
            cursor: AtomicUsize::new(0),
        })
    }

    fn chunks(&self) -> usize {
        self.order.len().div_ceil(CHUNK)
    }

    /// The chunk holding `id`, if this pack has it.
    fn chunk_of(&self, id: &ObjectId) -> Option<usize> {
        let i = self.bundle.index.lookup(id)?;
        let offset = self.bundle.index.pack_offset_at_index(i);
        self.offsets.binary_search(&offset).ok().map(|p| p / CHUNK)
    }

    /// Parses the commits stored whole in chunk `c` that `want` accepts;
    /// also says whether the chunk holds any commit at all.
    fn read_chunk(
        &self,
        c: usize,
        inflate: &mut gix::zlib::Inflate,
        want: impl Fn(&gix::oid) -> bool,
    ) -> (Vec<(ObjectId, Parsed)>, bool) {
        let mut out = Vec::new();
        let mut commits = false;
        let mut buf = [0u8; HEAD_BYTES];
        let pack = &self.bundle.pack;
        let end = pack.pack_end() as u64;
        let lo = c * CHUNK;
        let hi = ((c + 1) * CHUNK).min(self.order.len());
        for p in lo..hi {
            let offset = self.offsets[p];
            // The type first, from one byte: most entries are trees and blobs.
            let Some(first) = pack.entry_slice(offset..offset + 1) else {
                continue;
            };
            if (first[0] >> 4) & 0b111 != COMMIT_TYPE {
                continue;
            }
            commits = true;
            let id = self.bundle.index.oid_at_index(self.order[p]);
            if !want(id) {
                continue;
            }
            let Ok(entry) = pack.entry(offset) else {
                continue;
            };
            let start = entry.data_offset;
            let Some(input) = pack.entry_slice(start..(start + INPUT_BYTES).min(end)) else {
                continue;
            };
            inflate.reset();
            let Ok((_, _, written)) = inflate.prefix(input, &mut buf) else {
                continue;
            };
            if let Some(parsed) = parse_head(&buf[..written], pack.object_hash()) {
                out.push((id.to_owned(), parsed));
            }
        }
        (out, commits)
    }
}

/// A `.rev` file: `RIDX`, version 1, the hash id, then each index position
/// (big-endian u32) in pack order.
fn read_rev(path: &std::path::Path, n: u32) -> Option<Vec<u32>> {
    let data = std::fs::read(path).ok()?;
    if data.get(..8)? != b"RIDX\0\0\0\x01" {
        return None;
    }
    let body = data.get(12..12 + 4 * n as usize)?;
    let order: Vec<u32> = body
        .chunks_exact(4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        .collect();
    order.iter().all(|&i| i < n).then_some(order)
}

/// A chunk parsed by a reader.
type Chunk = (usize, usize, Vec<(ObjectId, Parsed)>);

/// What the walk reads commits through (see the module docs).
pub(crate) struct Reader<'a> {
    repo: &'a gix::Repository,
    packs: &'a [Pack],
    table: gix::hashtable::HashMap<ObjectId, Parsed>,
    /// Per pack, which chunks the readers have parsed.
    done: Vec<Vec<bool>>,
    rx: mpsc::Receiver<Chunk>,
    buf: Vec<u8>,
    /// Commits the walk read itself.
    pub read_here: u64,
}

impl Reader<'_> {
    /// The commit `id`, from the readers or read here.
    pub fn get(&mut self, id: &ObjectId) -> Result<Parsed, String> {
        if let Some(p) = self.table.remove(id) {
            return Ok(p);
        }
        // Where the commit is: which pack, which chunk of it.
        let Some((i, c)) = self
            .packs
            .iter()
            .enumerate()
            .find_map(|(i, pack)| Some((i, pack.chunk_of(id)?)))
        else {
            return self.read(id);
        };
        loop {
            let next = self.packs[i].cursor.load(Ordering::Relaxed);
            if self.done[i][c] || c >= next + LOOKAHEAD {
                // Passed without it (a delta), or far ahead: read it here.
                return self.read(id);
            }
            match self.rx.recv_timeout(Duration::from_millis(200)) {
                Ok(chunk) => {
                    self.add(chunk);
                    if let Some(p) = self.table.remove(id) {
                        return Ok(p);
                    }
                }
                // The readers are gone or stuck: read it here.
                Err(_) => return self.read(id),
            }
        }
    }

    fn add(&mut self, (pack, chunk, parsed): Chunk) {
        self.done[pack][chunk] = true;
        self.table.extend(parsed);
    }

    fn read(&mut self, id: &ObjectId) -> Result<Parsed, String> {
        self.read_here += 1;
        let commit = self
            .repo
            .objects
            .find_commit_iter(id, &mut self.buf)
            .map_err(|e| e.to_string())?;
        Ok(Parsed {
            parents: commit.parent_ids().collect(),
            author: commit
                .author()
                .map(|sig| {
                    let mut key = sig.name.to_vec();
                    key.push(0);
                    key.extend_from_slice(sig.email);
                    (key, sig.seconds())
                })
                .map_err(|e| e.to_string()),
        })
    }
}

/// The repository's packs (those behind a multi-pack index are left to
/// the object database), the largest (the clone's) first.
fn packs(repo: &gix::Repository) -> Vec<Pack> {
    let hash = repo.object_hash();
    let mut packs: Vec<Pack> = repo
        .objects
        .store_ref()
        .structure()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|r| match r {
            gix::odb::store::structure::Record::Index { path, .. } => Pack::open(&path, hash),
            _ => None,
        })
        .collect();
    packs.sort_by_key(|p| std::cmp::Reverse(p.order.len()));
    packs
}

/// Reads the commits of `wanted` (id → its number) in pack order on
/// `threads` threads, handing each to `visit` with that thread's state
/// (from `init`), once even when two packs hold it. A thread leaves a pack
/// when all were seen, or after [`EMPTY_CHUNKS`] chunks in a row without a
/// commit: git writes commits first, so the rest is trees and files (and a
/// commit stored later, rare, is read by id). Returns the states and the
/// commits not read (deltas, loose objects, stored late), for the caller.
pub(crate) fn read_wanted<S: Send>(
    repo: &gix::Repository,
    threads: usize,
    wanted: &gix::hashtable::HashMap<ObjectId, u32>,
    init: impl Fn() -> S + Sync,
    visit: impl Fn(&mut S, ObjectId, Parsed) + Sync,
) -> (Vec<S>, Vec<ObjectId>) {
    let packs = packs(repo);
    let claimed: Vec<AtomicBool> = (0..wanted.len()).map(|_| AtomicBool::new(false)).collect();
    let found = AtomicUsize::new(0);
    let states = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads.clamp(1, 8))
            .map(|_| {
                let (packs, claimed, found, init, visit) =
                    (&packs, &claimed, &found, &init, &visit);
                scope.spawn(move || {
                    let mut state = init();
                    let mut inflate = gix::zlib::Inflate::default();
                    let want = |id: &gix::oid| wanted.contains_key(id);
                    'packs: for pack in packs {
                        let mut empty = 0;
                        while empty < EMPTY_CHUNKS {
                            if found.load(Ordering::Relaxed) >= wanted.len() {
                                break 'packs;
                            }
                            let c = pack.cursor.fetch_add(1, Ordering::Relaxed);
                            if c >= pack.chunks() {
                                break;
                            }
                            let (read, commits) = pack.read_chunk(c, &mut inflate, want);
                            empty = if commits { 0 } else { empty + 1 };
                            for (id, parsed) in read {
                                let n = wanted[&id] as usize;
                                if !claimed[n].swap(true, Ordering::Relaxed) {
                                    found.fetch_add(1, Ordering::Relaxed);
                                    visit(&mut state, id, parsed);
                                }
                            }
                        }
                    }
                    state
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let missing = wanted
        .iter()
        .filter(|(_, n)| !claimed[**n as usize].load(Ordering::Relaxed))
        .map(|(id, _)| *id)
        .collect();
    (states, missing)
}

/// Runs `walk` with a [`Reader`] backed by `threads` reader threads over
/// the repository's packs; they stop when `walk` returns.
pub(crate) fn with_reader<R>(
    repo: &gix::Repository,
    threads: usize,
    walk: impl FnOnce(&mut Reader<'_>) -> R,
) -> R {
    let packs = packs(repo);
    let stop = AtomicBool::new(false);
    // Bounded, so that the readers stay near the walk instead of parsing
    // what it will never ask for.
    let (tx, rx) = mpsc::sync_channel::<Chunk>(LOOKAHEAD);
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, 8) {
            let (tx, packs, stop) = (tx.clone(), &packs, &stop);
            scope.spawn(move || {
                let mut inflate = gix::zlib::Inflate::default();
                for (i, pack) in packs.iter().enumerate() {
                    loop {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let c = pack.cursor.fetch_add(1, Ordering::Relaxed);
                        if c >= pack.chunks() {
                            break;
                        }
                        let (parsed, _) = pack.read_chunk(c, &mut inflate, |_| true);
                        if tx.send((i, c, parsed)).is_err() {
                            return;
                        }
                    }
                }
            });
        }
        drop(tx);
        let mut reader = Reader {
            repo,
            packs: &packs,
            table: Default::default(),
            done: packs.iter().map(|p| vec![false; p.chunks()]).collect(),
            rx,
            buf: Vec::with_capacity(4096),
            read_here: 0,
        };
        let out = walk(&mut reader);
        stop.store(true, Ordering::Relaxed);
        tracing::debug!(
            read_here = reader.read_here,
            parsed_unused = reader.table.len(),
            "commits read"
        );
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_parsed_up_to_the_author() {
        let commit = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\n\
            parent 1111111111111111111111111111111111111111\n\
            parent 2222222222222222222222222222222222222222\n\
            author A U Thor <a@u.thor> 1700000000 +0100\n\
            committer C <c@d> 1700000001 +0000\n\nmessage\n";
        let sha1 = gix::hash::Kind::Sha1;
        let p = parse_head(commit, sha1).unwrap();
        assert_eq!(p.parents.len(), 2);
        assert_eq!(
            p.parents[1].to_string(),
            "2222222222222222222222222222222222222222"
        );
        let (key, secs) = p.author.unwrap();
        assert_eq!(key, b"A U Thor\0a@u.thor");
        assert_eq!(secs, 1_700_000_000);
        // Cut inside the author line: not enough to parse, the walk reads it whole.
        let cut = &commit[..commit.len() - 60];
        assert!(parse_head(cut, sha1).is_none());
        // A root commit.
        let root = b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor R <r@x> 5 +0000\n";
        let p = parse_head(root, sha1).unwrap();
        assert!(p.parents.is_empty());
        assert_eq!(p.author.unwrap().1, 5);
    }
}
