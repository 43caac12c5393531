//! API and feature versions: the Kubernetes convention (`v1`, `v1beta2`,
//! `v1alpha1`), stage words (`alpha`, `beta`, `stable`, `GA`), semver (`0.6.0`,
//! `v1.2`), and `N/A` for none.

/// How a version string is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionStyle {
    /// `v1`, `v2beta1`, `v1alpha3`.
    Kubernetes,
    /// A feature stage word: `alpha`, `beta`, `stable`, `GA`, `deprecated`.
    Stage,
    /// Semantic version, optionally with a `v` and without the patch (`1.2`).
    Semver,
    /// `N/A`: there is no versioned API.
    None,
    /// Anything else.
    Other,
}

/// Classifies a version string.
pub fn style(version: &str) -> VersionStyle {
    let v = version.trim();
    if crate::level::is_not_applicable(v) {
        return VersionStyle::None;
    }
    if is_kubernetes(v) {
        return VersionStyle::Kubernetes;
    }
    if matches!(
        crate::level::Level::parse(v),
        Some(
            crate::level::Level::Alpha
                | crate::level::Level::Beta
                | crate::level::Level::Stable
                | crate::level::Level::Deprecated
        )
    ) {
        return VersionStyle::Stage;
    }
    if is_semver(v) {
        return VersionStyle::Semver;
    }
    VersionStyle::Other
}

/// True for versions in either convention (used to tell `API: v1` from a state line).
pub fn looks_like_version(text: &str) -> bool {
    matches!(style(text), VersionStyle::Kubernetes | VersionStyle::Semver)
}

/// `v` + major (no leading zero), then optionally `alpha`/`beta` + number.
fn is_kubernetes(v: &str) -> bool {
    let Some(rest) = v.strip_prefix('v') else {
        return false;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || rest.starts_with('0') {
        return false;
    }
    let rest = &rest[digits..];
    if rest.is_empty() {
        return true;
    }
    let Some(n) = rest
        .strip_prefix("alpha")
        .or_else(|| rest.strip_prefix("beta"))
    else {
        return false;
    };
    !n.is_empty() && !n.starts_with('0') && n.bytes().all(|b| b.is_ascii_digit())
}

/// Semver 2.0 after dropping a leading `v` and padding `1.2` to `1.2.0`.
fn is_semver(v: &str) -> bool {
    let v = v.strip_prefix('v').unwrap_or(v);
    if semver::Version::parse(v).is_ok() {
        return true;
    }
    let core_len = v.find(['-', '+']).unwrap_or(v.len());
    let dots = v[..core_len].matches('.').count();
    dots == 1 && semver::Version::parse(&format!("{}.0{}", &v[..core_len], &v[core_len..])).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn styles() {
        for v in ["v1", "v1beta2", "v1alpha1", "v2beta1"] {
            assert_eq!(style(v), VersionStyle::Kubernetes, "{v}");
        }
        for v in ["0.6.0", "v0.4.0", "1.2", "1.0.0-rc.1"] {
            assert_eq!(style(v), VersionStyle::Semver, "{v}");
        }
        for v in ["alpha", "beta", "stable", "GA"] {
            assert_eq!(style(v), VersionStyle::Stage, "{v}");
        }
        assert_eq!(style("N/A"), VersionStyle::None);
        for v in ["v1beta", "v01", "version one", "1", "v1alpha0", "??"] {
            assert_eq!(style(v), VersionStyle::Other, "{v}");
        }
    }
}
