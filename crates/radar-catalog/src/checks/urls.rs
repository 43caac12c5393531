//! Links: every URL field must be a valid absolute URL (or an in-page anchor /
//! relative path, as Markdown allows) — C006; plain `http://` is a warning — W102.

use super::Context;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::yaml::Node;

pub fn check(cx: &Context<'_, '_>, out: &mut Vec<Diagnostic>) {
    let Some(areas) = cx.tree.get("areas") else {
        return;
    };
    let crate::yaml::Value::Seq(areas) = &areas.value else {
        return;
    };
    for area in areas {
        let Some(crate::yaml::Value::Seq(projects)) = area.get("projects").map(|n| &n.value) else {
            continue;
        };
        for p in projects {
            link(cx, p.get("link"), false, out);
            link(cx, p.get("repo"), true, out);
            if let Some(crate::yaml::Value::Seq(items)) =
                p.get("additional_repos").map(|n| &n.value)
            {
                for item in items {
                    // The URL alone, or `{repo, path, role}`.
                    link(cx, item.get("repo").or(Some(item)), true, out);
                }
            }
            for list in ["artifacts", "channels", "platform_use"] {
                if let Some(crate::yaml::Value::Seq(items)) = p.get(list).map(|n| &n.value) {
                    for item in items {
                        link(cx, item.get("url"), false, out);
                    }
                }
            }
            if let Some(crate::yaml::Value::Seq(items)) = p.get("attestations").map(|n| &n.value) {
                for item in items {
                    link(cx, item.get("evidence"), false, out);
                }
            }
        }
    }
}

fn link(cx: &Context<'_, '_>, node: Option<&Node<'_>>, is_repo: bool, out: &mut Vec<Diagnostic>) {
    let Some(text) = node.and_then(Node::as_str) else {
        return;
    };
    match problem(text, is_repo) {
        // A placeholder is reported as such (asked only here: no valid link is one).
        Some(_) if crate::level::is_placeholder(text) => {}
        Some(why) => {
            let d = Diagnostic::error(
                codes::BAD_URL,
                format!("`{text}` is not a valid URL: {why}"),
            );
            out.push(cx.place(
                d.with_help("write an absolute URL such as `https://github.com/org/repo`"),
                node,
            ));
        }
        None if text.starts_with("http://") => {
            let d = Diagnostic::warning(codes::INSECURE_LINK, format!("`{text}` uses plain http"));
            out.push(cx.place(d.with_help(format!("use `https://{}`", &text[7..])), node));
        }
        None => {}
    }
}

/// Why `text` is not acceptable as a link, or `None` when it is.
pub fn problem(text: &str, is_repo: bool) -> Option<String> {
    let spaced = if text.is_ascii() {
        text.bytes().any(|b| b.is_ascii_whitespace() || b == 0x0b)
    } else {
        text.chars().any(char::is_whitespace)
    };
    if spaced {
        return Some("it contains spaces".into());
    }
    let relative = text.starts_with('#')
        || text.starts_with('/')
        || text.starts_with("./")
        || text.starts_with("../");
    if relative {
        return None;
    }
    // A repository may also be an scp-style git address (`git@host:org/repo.git`).
    if is_repo
        && !text.contains("://")
        && text
            .split_once(':')
            .is_some_and(|(user_host, _)| user_host.contains('@'))
    {
        return None;
    }
    if !text.contains(':') {
        return Some(
            if is_repo {
                "no scheme (write `https://…`, `file://…` or a path starting with `/` or `./`)"
            } else {
                "no scheme (`https://…`)"
            }
            .into(),
        );
    }
    if plainly_valid(text) {
        return None;
    }
    match url::Url::parse(text) {
        Err(e) => Some(e.to_string()),
        Ok(u) => match u.scheme() {
            "http" | "https"
                if u.host_str()
                    .is_none_or(|h| !h.contains('.') && h != "localhost") =>
            {
                Some("the host has no domain".into())
            }
            "http" | "https" | "mailto" => None,
            "file" | "ssh" | "git" if is_repo => None,
            other => Some(format!("unsupported scheme `{other}`")),
        },
    }
}

/// A cheap pre-check for the common form `https://host.tld/path?query#frag`
/// with only unreserved characters, which `url::Url::parse` always accepts.
/// Anything else goes to the real parser. (This runs on every link of large
/// catalogs: one pass over the bytes, a table lookup each.)
fn plainly_valid(text: &str) -> bool {
    let Some(rest) = text
        .strip_prefix("https://")
        .or_else(|| text.strip_prefix("http://"))
    else {
        return false;
    };
    let rest = rest.as_bytes();
    let host_end = rest
        .iter()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(rest.len());
    let (host, path) = rest.split_at(host_end);
    // Labels: letters, digits and dashes, not starting with a dash; at least two.
    let mut label_len = 0;
    let mut dots = 0;
    for &b in host {
        match b {
            b'.' if label_len > 0 => {
                label_len = 0;
                dots += 1;
            }
            b'-' if label_len > 0 => label_len += 1,
            _ if b.is_ascii_alphanumeric() => label_len += 1,
            _ => return false,
        }
    }
    dots > 0 && label_len > 0 && path.iter().all(|&b| URL_BYTE[b as usize])
}

/// Bytes a path, query or fragment may hold without a second look.
const URL_BYTE: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let extra = b"-._~/?#&=+%:@!$'()*,;";
    let mut i = 0;
    while i < extra.len() {
        t[extra[i] as usize] = true;
        i += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::problem;
    use crate::checks::diagnostics_for;

    #[test]
    fn url_forms() {
        assert_eq!(problem("https://github.com/a/b", false), None);
        assert_eq!(problem("#Maturity", false), None);
        assert_eq!(problem("file:///tmp/repo", true), None);
        assert_eq!(problem("git@github.com:a/b.git", true), None);
        assert!(problem("htps//github.com/x", false).is_some());
        assert!(problem("https://github com/x", false).is_some());
        assert!(problem("https://", false).is_some());
        assert!(problem("file:///tmp/repo", false).is_some());
        assert!(problem("https://nodot/x", false).is_some());
        for u in [
            "https://a.b/c?d=e#f",
            "https://github.com/kubernetes/kubernetes/issues?q=is%3Aissue+label%3Aarea%2Fipv6",
            "http://x.org",
        ] {
            assert!(super::plainly_valid(u) && url::Url::parse(u).is_ok(), "{u}");
        }
        assert!(!super::plainly_valid("https://a..b/") && !super::plainly_valid("https://a b.c/"));
    }

    /// The byte-table pre-check says what the plain definition says.
    fn plainly_valid_by_definition(text: &str) -> bool {
        let Some(rest) = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
        else {
            return false;
        };
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let host = &rest[..host_end];
        host.contains('.')
            && host.split('.').all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            })
            && rest[host_end..]
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~/?#&=+%:@!$'()*,;".contains(&b))
    }

    proptest::proptest! {
        #![proptest_config(radar_fuzz::config!(256))]

        #[test]
        fn fast_check_matches_definition(text in "(https?://)?[a-c.\\-/?#: %é\\[\"<]{0,16}") {
            proptest::prop_assert_eq!(super::plainly_valid(&text), plainly_valid_by_definition(&text), "{}", text);
            if super::plainly_valid(&text) {
                proptest::prop_assert!(url::Url::parse(&text).is_ok(), "{}", text);
            }
        }

        #[test]
        fn spaces_are_found(text in "[a\t\u{b}\u{c}\u{a0}\u{2003} ]{0,6}") {
            let spaced = text.chars().any(char::is_whitespace);
            proptest::prop_assert_eq!(super::problem(&text, false).as_deref() == Some("it contains spaces"), spaced);
        }
    }

    #[test]
    fn reports_bad_and_http_links() {
        let d = diagnostics_for(
            "areas:\n- name: A\n  projects:\n  - name: P\n    link: htps//x.org\n    channels:\n    - label: l\n      url: http://x.org\n",
        );
        assert!(
            d.iter()
                .any(|d| d.code == "C006" && d.line == 5 && d.col == 11),
            "{d:?}"
        );
        assert!(d.iter().any(|d| d.code == "W102" && d.line == 8), "{d:?}");
    }
}
