//! A repository's `.mailmap`, applied to commit authors as `git shortlog`
//! applies it. The file is outside input (any repository's), so its reading
//! is public and covered by the property tests.

use std::collections::HashSet;

use gix::bstr::ByteSlice;

/// A parsed `.mailmap`.
pub struct Mailmap {
    snapshot: gix::mailmap::Snapshot,
    /// Lower-case commit emails of entries that replace the email.
    email_changing: HashSet<Vec<u8>>,
}

impl Mailmap {
    /// Wraps what gix read (`Repository::open_mailmap`).
    pub fn new(snapshot: gix::mailmap::Snapshot) -> Mailmap {
        let email_changing = snapshot
            .iter()
            .filter(|e| e.new_email().is_some())
            .map(|e| e.old_email().to_ascii_lowercase())
            .collect();
        Mailmap {
            snapshot,
            email_changing,
        }
    }

    /// Reads `.mailmap` text (any bytes: lines gix cannot read are skipped, as git does).
    pub fn parse(text: &[u8]) -> Mailmap {
        Mailmap::new(gix::mailmap::Snapshot::from_bytes(text))
    }

    /// The (name, email) an author is counted as. A name-only entry keeps
    /// the commit's own email (gix would also fold its case to the
    /// mailmap's, which git does not).
    pub fn resolve(&self, sig: gix::actor::SignatureRef<'_>) -> (Vec<u8>, Vec<u8>) {
        match self.snapshot.try_resolve_ref(sig) {
            Some(r) => {
                let name = r.name.map_or_else(|| sig.name.to_vec(), |n| n.to_vec());
                let email = match r.email {
                    Some(e)
                        if self
                            .email_changing
                            .contains(&sig.email.to_ascii_lowercase()) =>
                    {
                        e.to_vec()
                    }
                    _ => sig.email.to_vec(),
                };
                (name, email)
            }
            None => (sig.name.to_vec(), sig.email.to_vec()),
        }
    }

    /// [`Mailmap::resolve`] for a name and an email.
    pub fn resolve_identity(&self, name: &str, email: &str) -> (String, String) {
        let sig = gix::actor::SignatureRef {
            name: name.as_bytes().as_bstr(),
            email: email.as_bytes().as_bstr(),
            time: "0 +0000",
        };
        let (n, e) = self.resolve(sig);
        (
            String::from_utf8_lossy(&n).into_owned(),
            String::from_utf8_lossy(&e).into_owned(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_emails_map_as_git_does() {
        let map = Mailmap::parse(
            b"Jane Doe <jane@x.org>\nJane Doe <jane@x.org> <jdoe@old.example>\r\nBot <bot@x.org> Old Bot <OLD@x.org>\r",
        );
        // Name-only entry: the commit's own email stays, case and all.
        assert_eq!(
            map.resolve_identity("jane", "Jane@X.org"),
            ("Jane Doe".into(), "Jane@X.org".into())
        );
        assert_eq!(
            map.resolve_identity("J", "jdoe@old.example"),
            ("Jane Doe".into(), "jane@x.org".into())
        );
        assert_eq!(
            map.resolve_identity("Old Bot", "old@x.org"),
            ("Bot".into(), "bot@x.org".into())
        );
        assert_eq!(
            map.resolve_identity("Someone", "s@y.org"),
            ("Someone".into(), "s@y.org".into())
        );
    }
}
