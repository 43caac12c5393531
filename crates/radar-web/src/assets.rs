//! The three static files the pages use (stylesheet, script, icon), embedded in the binary. Their URLs
//! carry a hash of their content (`radar.<hash>.css`), so browsers may cache
//! them forever and still see a new version at once.

use std::sync::LazyLock;

const CSS_BODY: &str = include_str!("../assets/radar.css");
const JS_BODY: &str = include_str!("../assets/radar.js");
/// The tab icon (the header's logo on a dark tile).
const ICON_BODY: &str = include_str!("../assets/radar.svg");

static CSS_NAME: LazyLock<String> = LazyLock::new(|| {
    format!(
        "radar.{:08x}.css",
        crate::site::fnv(CSS_BODY.as_bytes()) as u32
    )
});
static JS_NAME: LazyLock<String> = LazyLock::new(|| {
    format!(
        "radar.{:08x}.js",
        crate::site::fnv(JS_BODY.as_bytes()) as u32
    )
});
static ICON_NAME: LazyLock<String> = LazyLock::new(|| {
    format!(
        "radar.{:08x}.svg",
        crate::site::fnv(ICON_BODY.as_bytes()) as u32
    )
});

/// File names of the embedded assets.
pub static NAMES: LazyLock<[&'static str; 3]> =
    LazyLock::new(|| [CSS_NAME.as_str(), JS_NAME.as_str(), ICON_NAME.as_str()]);

/// The stylesheet's file name.
pub fn css() -> &'static str {
    CSS_NAME.as_str()
}

/// The script's file name.
pub fn js() -> &'static str {
    JS_NAME.as_str()
}

/// The icon's file name.
pub fn icon() -> &'static str {
    ICON_NAME.as_str()
}

/// The asset with this file name, as a `'static` name.
pub fn named(file: &str) -> Option<&'static str> {
    NAMES.iter().copied().find(|n| *n == file)
}

/// Content type and body of an asset.
pub fn get(name: &str) -> Option<(&'static str, &'static str)> {
    if name == css() {
        Some((crate::site::CSS, CSS_BODY))
    } else if name == js() {
        Some((crate::site::JS, JS_BODY))
    } else if name == icon() {
        Some((crate::site::SVG, ICON_BODY))
    } else {
        None
    }
}
