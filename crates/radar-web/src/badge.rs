//! Flat SVG badges in the shields.io layout, drawn without a font file: text
//! widths come from Verdana's advance widths (font units of a 2048-unit em),
//! scaled to 11 px, the size badges use. Characters outside ASCII are
//! estimated (wide for CJK, average otherwise), which errs on the roomy side.

use serde::Serialize;

use crate::safe::esc;

/// Verdana advance widths for ' ' (0x20) to '~' (0x7E), in 1/2048 em.
const VERDANA: [u16; 95] = [
    720, 824, 967, 1716, 1303, 2210, 1528, 553, 927, 927, 1303, 1716, 745, 927, 745,
    1232, // ' ' .. '/'
    1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 927, 927, 1716, 1716, 1716,
    1119, // '0' .. '?'
    2134, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 868, 926, 1415, 1147, 1744, 1540,
    1610, // '@' .. 'O'
    1242, 1610, 1428, 1401, 1243, 1503, 1401, 2025, 1402, 1242, 1402, 927, 1232, 927, 1716,
    1303, // 'P' .. '_'
    1303, 1229, 1276, 1067, 1276, 1220, 720, 1276, 1296, 562, 676, 1197, 562, 1992, 1296,
    1243, // '`' .. 'o'
    1276, 1276, 874, 1067, 807, 1296, 1197, 1663, 1197, 1197, 1051, 1300, 927, 1300,
    1716, // 'p' .. '~'
];

/// Width in pixels of `text` set in Verdana 11 px.
pub fn text_width(text: &str) -> f64 {
    let units: u32 = text
        .chars()
        .map(|c| match c {
            ' '..='~' => u32::from(VERDANA[c as usize - 0x20]),
            // CJK, Hangul, fullwidth forms: about one em.
            '\u{1100}'..='\u{115f}'
            | '\u{2e80}'..='\u{a4cf}'
            | '\u{ac00}'..='\u{d7a3}'
            | '\u{f900}'..='\u{faff}'
            | '\u{ff00}'..='\u{ff60}' => 2048,
            c if c.is_control() => 0,
            _ => 1300,
        })
        .sum();
    f64::from(units) * 11.0 / 2048.0
}

/// Named colours, as shields.io spells them.
pub mod colour {
    pub const GREEN: &str = "#4c1";
    pub const BLUE: &str = "#007ec6";
    pub const YELLOW: &str = "#dfb317";
    pub const ORANGE: &str = "#fe7d37";
    pub const RED: &str = "#e05d44";
    pub const GREY: &str = "#9f9f9f";
    pub const DARK: &str = "#555";
}

/// The badge colour for a page colour class (see `view::Pill`).
pub fn for_class(class: &str) -> &'static str {
    match class {
        "ok" => colour::GREEN,
        "info" => colour::BLUE,
        "warn" => colour::ORANGE,
        "bad" => colour::RED,
        "dead" => colour::DARK,
        _ => colour::GREY,
    }
}

/// A badge: grey label on the left, coloured message on the right.
pub struct Badge<'a> {
    pub label: &'a str,
    pub message: &'a str,
    pub colour: &'a str,
}

/// Longest text kept on a badge; longer catalog text is cut with an ellipsis.
const MAX_CHARS: usize = 40;

fn cut(text: &str) -> String {
    if text.chars().count() <= MAX_CHARS {
        return text.to_owned();
    }
    let mut s: String = text.chars().take(MAX_CHARS - 1).collect();
    s.push('…');
    s
}

impl Badge<'_> {
    /// The SVG document. Text is escaped; the colour is one of ours.
    pub fn svg(&self) -> String {
        let (label, message) = (cut(self.label), cut(self.message));
        // 5 px padding each side, widths rounded to whole pixels.
        let lw = (text_width(&label) + 10.0).round() as u32;
        let mw = (text_width(&message) + 10.0).round() as u32;
        let w = lw + mw;
        // Text is drawn at 10x and scaled down, as shields does, for crisp hinting.
        let (lx, mx) = (lw * 5, lw * 10 + mw * 5);
        let (ltl, mtl) = ((lw - 10) * 10, (mw - 10) * 10);
        let (l, m) = (esc(&label), esc(&message));
        let colour = esc(self.colour);
        format!(
            concat!(
                r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="20" role="img" aria-label="{l}: {m}">"##,
                r##"<title>{l}: {m}</title>"##,
                r##"<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>"##,
                r##"<clipPath id="r"><rect width="{w}" height="20" rx="3" fill="#fff"/></clipPath>"##,
                r##"<g clip-path="url(#r)"><rect width="{lw}" height="20" fill="#555"/><rect x="{lw}" width="{mw}" height="20" fill="{colour}"/><rect width="{w}" height="20" fill="url(#s)"/></g>"##,
                r##"<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="110">"##,
                r##"<text aria-hidden="true" x="{lx}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="{ltl}">{l}</text>"##,
                r##"<text x="{lx}" y="140" transform="scale(.1)" fill="#fff" textLength="{ltl}">{l}</text>"##,
                r##"<text aria-hidden="true" x="{mx}" y="150" fill="#010101" fill-opacity=".3" transform="scale(.1)" textLength="{mtl}">{m}</text>"##,
                r##"<text x="{mx}" y="140" transform="scale(.1)" fill="#fff" textLength="{mtl}">{m}</text>"##,
                "</g></svg>\n"
            ),
            w = w,
            lw = lw,
            mw = mw,
            lx = lx,
            mx = mx,
            ltl = ltl,
            mtl = mtl,
            l = l,
            m = m,
            colour = colour,
        )
    }

    /// The shields.io endpoint JSON (`https://img.shields.io/endpoint?url=…`).
    pub fn endpoint(&self) -> Endpoint {
        Endpoint {
            schema_version: 1,
            label: self.label.to_owned(),
            message: self.message.to_owned(),
            color: self.colour.trim_start_matches('#').to_owned(),
        }
    }
}

/// The shields.io endpoint format.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Endpoint {
    #[serde(rename = "schemaVersion")]
    pub schema_version: u8,
    pub label: String,
    pub message: String,
    /// Hex colour without `#`.
    pub color: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_follow_verdana() {
        // Wider letters make wider text; digits share one width.
        assert!(text_width("mmm") > text_width("iii") * 3.0);
        assert_eq!(text_width("0123"), text_width("9999"));
        assert!(
            (text_width("graduated") - 55.0).abs() < 4.0,
            "{}",
            text_width("graduated")
        );
    }

    #[test]
    fn badge_escapes_and_sizes() {
        let svg = Badge {
            label: "level",
            message: "<script>x</script>",
            colour: colour::GREEN,
        }
        .svg();
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        let short = Badge {
            label: "level",
            message: "beta",
            colour: colour::BLUE,
        }
        .svg();
        let long = Badge {
            label: "level",
            message: "graduated",
            colour: colour::BLUE,
        }
        .svg();
        let width = |s: &str| {
            s.split("width=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse::<u32>()
                .unwrap()
        };
        assert!(width(&long) > width(&short));
    }
}
