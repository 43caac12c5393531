//! Signatures in annotated tag objects: what Signed-Releases reads from git
//! alone. A tag signed with `git tag -s` carries its signature at the end of
//! the tag message: OpenPGP (`gpg`), SSH (`gpg.format=ssh`) or X.509/CMS
//! (`gpg.format=x509`: S/MIME, and sigstore's gitsign). The signature is not
//! verified — Scorecard does not verify release signatures either, it looks
//! for signature files among the release's assets.

/// How a tag was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagSignature {
    Gpg,
    Ssh,
    /// X.509 / CMS (S/MIME, gitsign keyless signing with sigstore).
    X509,
}

impl TagSignature {
    pub fn label(self) -> &'static str {
        match self {
            TagSignature::Gpg => "OpenPGP",
            TagSignature::Ssh => "SSH",
            TagSignature::X509 => "X.509/sigstore",
        }
    }

    /// The signature block's kind in a tag object's bytes.
    pub fn find(data: &[u8]) -> Option<TagSignature> {
        let has = |m: &[u8]| data.windows(m.len()).any(|w| w == m);
        if has(b"-----BEGIN PGP SIGNATURE-----") {
            Some(TagSignature::Gpg)
        } else if has(b"-----BEGIN SSH SIGNATURE-----") {
            Some(TagSignature::Ssh)
        } else if has(b"-----BEGIN SIGNED MESSAGE-----") || has(b"-----BEGIN PKCS7-----") {
            Some(TagSignature::X509)
        } else {
            None
        }
    }
}

/// What a release tag is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TagKind {
    Missing,
    /// A plain ref to a commit: nothing to sign.
    Lightweight,
    Annotated(Option<TagSignature>),
}

/// Looks up release tags.
pub trait TagSignatures {
    fn tag(&self, name: &str) -> TagKind;
}

/// No tags (tests, or a tree without a repository).
pub struct NoTags;

impl TagSignatures for NoTags {
    fn tag(&self, _: &str) -> TagKind {
        TagKind::Missing
    }
}

/// The tags of a git repository.
pub struct GitTags<'r>(pub &'r gix::Repository);

impl TagSignatures for GitTags<'_> {
    fn tag(&self, name: &str) -> TagKind {
        let Ok(mut r) = self.0.find_reference(format!("refs/tags/{name}").as_str()) else {
            return TagKind::Missing;
        };
        let Some(id) = r.target().try_id().map(|id| id.to_owned()) else {
            // A symbolic tag ref: follow it.
            return match r.peel_to_id() {
                Ok(_) => TagKind::Lightweight,
                Err(_) => TagKind::Missing,
            };
        };
        match self.0.find_object(id) {
            Ok(obj) if obj.kind == gix::object::Kind::Tag => {
                TagKind::Annotated(TagSignature::find(&obj.data))
            }
            Ok(_) => TagKind::Lightweight,
            Err(_) => TagKind::Missing,
        }
    }
}
