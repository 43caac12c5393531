//! Every commit of the packs, read on every core, for a repository without
//! a commit-graph.
//!
//! Walking history needs each commit's parents before its parents can be
//! read, so a walk is sequential by nature. This module does not walk: it
//! goes through the pack indexes in parallel, reads each entry's header in
//! place, and parses the commits stored whole (not as deltas) from the first
//! few hundred bytes of their compressed data: the tree, parents and author
//! lines come first, so the message (most of a commit) is never inflated.
//! The walk then runs over this table in memory and reads only what it
//! lacks (deltified or loose commits: a few percent) one by one.
//!
//! Nothing is written to the repository (it may be a user's clone read in
//! place). Commits of other branches are parsed too and left unused: cheaper
//! than a sequential walk all the same.

use gix::ObjectId;
use gix::odb::pack;

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

/// Bytes of a commit inflated to find its author line: enough for a tree,
/// a few parents and a long name; an octopus merge or a longer start is
/// read whole by the walk instead.
const HEAD_BYTES: usize = 1024;
/// Compressed bytes handed to the inflater for those.
const INPUT_BYTES: u64 = 2048;

/// The commits stored whole in the repository's packs, by id, parsed on
/// `threads` threads. Packs behind a multi-pack index, loose and deltified
/// commits are not in the table (the walk reads those itself).
pub(crate) fn scan(
    repo: &gix::Repository,
    threads: usize,
) -> gix::hashtable::HashMap<ObjectId, Parsed> {
    let mut table = gix::hashtable::HashMap::default();
    let Ok(structure) = repo.objects.store_ref().structure() else {
        return table;
    };
    let hash = repo.object_hash();
    let bundles: Vec<pack::Bundle> = structure
        .into_iter()
        .filter_map(|r| match r {
            gix::odb::store::structure::Record::Index { path, .. } => {
                pack::Bundle::at(&path, hash).ok()
            }
            _ => None,
        })
        .collect();
    for bundle in &bundles {
        let n = bundle.index.num_objects() as usize;
        let threads = threads.clamp(1, 8).min(n.div_ceil(4096).max(1));
        let chunk = n.div_ceil(threads);
        let parts: Vec<Vec<(ObjectId, Parsed)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|t| {
                    let range = (t * chunk)..((t + 1) * chunk).min(n);
                    scope.spawn(move || scan_range(bundle, range))
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_default())
                .collect()
        });
        table.reserve(parts.iter().map(Vec::len).sum());
        for part in parts {
            table.extend(part);
        }
    }
    table
}

fn scan_range(bundle: &pack::Bundle, range: std::ops::Range<usize>) -> Vec<(ObjectId, Parsed)> {
    let mut out = Vec::new();
    let mut inflate = gix::zlib::Inflate::default();
    let mut buf = [0u8; HEAD_BYTES];
    let end = bundle.pack.pack_end() as u64;
    for i in range {
        let offset = bundle.index.pack_offset_at_index(i as u32);
        let Ok(entry) = bundle.pack.entry(offset) else {
            continue;
        };
        if !matches!(entry.header, pack::data::entry::Header::Commit) {
            continue;
        }
        let start = entry.data_offset;
        let Some(input) = bundle
            .pack
            .entry_slice(start..(start + INPUT_BYTES).min(end))
        else {
            continue;
        };
        inflate.reset();
        let Ok((_, _, written)) = inflate.prefix(input, &mut buf) else {
            continue;
        };
        if let Some(parsed) = parse_head(&buf[..written], bundle.pack.object_hash()) {
            out.push((bundle.index.oid_at_index(i as u32).to_owned(), parsed));
        }
    }
    out
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
