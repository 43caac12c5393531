//! Charts drawn on the server as inline SVG: no script, no charting library,
//! readable without JavaScript and in the static site. Sizes are in a fixed
//! view box that scales with the page (CSS gives width 100%). Colours come
//! from CSS classes, so the page's stylesheet controls them. Every text that
//! comes from a repository (organisation names, tags) is escaped.

use std::fmt::Write;

use radar_evidence::{Evidence, OrganizationKind};

use crate::safe::esc;


fn day(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d").to_string()
}

/// A round number at or above `max` for an axis (1, 2, 5 × 10^n).
fn nice_max(max: u64) -> u64 {
    let max = max.max(1);
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max {
                return m * step;
            }
        }
        step *= 10;
    }
}

/// Monthly commits (bars) and active authors (line) over the last `months`
/// months of history.
pub fn activity(e: &Evidence, months: usize) -> Option<String> {
    let series = &e.history.monthly;
    if series.is_empty() {
        return None;
    }
    let series = &series[series.len().saturating_sub(months)..];
    const W: f64 = 1000.0;
    let (h, top, bottom, left, right) = (200.0, 12.0, 26.0, 44.0, 44.0);
    let plot_w = W - left - right;
    let plot_h = h - top - bottom;
    let max_c = nice_max(series.iter().map(|m| m.commits).max().unwrap_or(0));
    let max_a = nice_max(series.iter().map(|m| m.authors).max().unwrap_or(0));
    let slot = plot_w / series.len() as f64;
    let bar = (slot * 0.75).max(1.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {W} {h}" role="img" aria-labelledby="act-t"><title id="act-t">Commits and active authors per month, {} to {}</title>"#,
        esc(&series[0].month),
        esc(&series[series.len() - 1].month)
    );
    // Grid and axes: 0, half, max.
    for f in [0.0, 0.5, 1.0] {
        let y = top + plot_h * (1.0 - f);
        let _ = write!(s, r#"<line class="grid" x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}"/>"#, W - right);
        let _ = write!(s, r#"<text class="axis" x="{}" y="{:.1}" text-anchor="end">{}</text>"#, left - 6.0, y + 4.0, (max_c as f64 * f).round());
        let _ = write!(s, r#"<text class="axis a2" x="{}" y="{:.1}">{}</text>"#, W - right + 6.0, y + 4.0, (max_a as f64 * f).round());
    }
    for (i, m) in series.iter().enumerate() {
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let bh = plot_h * m.commits as f64 / max_c as f64;
        let _ = write!(
            s,
            r#"<rect class="bar" x="{x:.1}" y="{:.1}" width="{bar:.1}" height="{bh:.1}"><title>{}: {} commits, {} authors</title></rect>"#,
            top + plot_h - bh,
            esc(&m.month),
            m.commits,
            m.authors
        );
        // Year labels under January, and under the first month unless a
        // January follows closely (the labels would overlap).
        let january_soon = series.iter().take(4).any(|m| m.month.ends_with("-01"));
        if m.month.ends_with("-01") || (i == 0 && !january_soon) {
            let _ = write!(s, r#"<text class="axis" x="{x:.1}" y="{:.1}">{}</text>"#, h - 8.0, esc(m.month.get(..4).unwrap_or(&m.month)));
        }
    }
    let points: Vec<String> = series
        .iter()
        .enumerate()
        .map(|(i, m)| format!("{:.1},{:.1}", left + slot * (i as f64 + 0.5), top + plot_h * (1.0 - m.authors as f64 / max_a as f64)))
        .collect();
    let _ = write!(s, r#"<polyline class="line" points="{}"/>"#, points.join(" "));
    s.push_str("</svg>");
    Some(s)
}

/// Organisation shares of commits: the window (last 365 days) when it has
/// commits, else all time. Top eight, then "others".
pub fn organizations(e: &Evidence) -> Option<String> {
    let window = e.organizations.list.iter().any(|o| o.commits_365d > 0);
    let share = |o: &radar_evidence::Organization| if window { o.share_365d } else { o.share };
    let mut orgs: Vec<&radar_evidence::Organization> = e.organizations.list.iter().filter(|o| share(o) > 0.0).collect();
    if orgs.is_empty() {
        return None;
    }
    orgs.sort_by(|a, b| share(b).total_cmp(&share(a)));
    let shown = 8.min(orgs.len());
    let others: f64 = orgs[shown..].iter().map(|o| share(o)).sum();
    let rows = shown + usize::from(others > 0.0);
    const W: f64 = 520.0;
    let (row_h, label_w) = (24.0, 160.0);
    let h = row_h * rows as f64 + 24.0;
    let bar_w = W - label_w - 50.0;
    let span = if window { format!("last {} days", e.organizations.window_days) } else { "all time".to_owned() };
    let mut s = String::new();
    let _ = write!(s, r#"<svg class="chart" viewBox="0 0 {W} {h}" role="img" aria-labelledby="org-t"><title id="org-t">Share of commits by organisation, {span}</title>"#);
    let mut row = |i: usize, name: &str, class: &str, value: f64, tip: String| {
        let y = 8.0 + row_h * i as f64;
        let w = (bar_w * value).max(1.0);
        let _ = write!(s, r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#, label_w - 8.0, y + 15.0, esc(&crate::pages::truncate(name, 22)));
        let _ = write!(s, r#"<rect class="{class}" x="{label_w}" y="{y:.1}" width="{w:.1}" height="18"><title>{}</title></rect>"#, esc(&tip));
        let _ = write!(s, r#"<text class="value" x="{:.1}" y="{:.1}">{:.0}%</text>"#, label_w + w + 6.0, y + 14.0, value * 100.0);
    };
    for (i, o) in orgs[..shown].iter().enumerate() {
        let class = match o.kind {
            OrganizationKind::Organization => "bar",
            OrganizationKind::Independent => "bar indep",
            OrganizationKind::Unknown => "bar unknown",
        };
        let commits = if window { o.commits_365d } else { o.commits };
        row(i, &o.name, class, share(o), format!("{}: {commits} commits, {} contributors", o.name, o.contributors));
    }
    if others > 0.0 {
        row(shown, &format!("{} others", orgs.len() - shown), "bar unknown", others, format!("{} other organisations", orgs.len() - shown));
    }
    let _ = write!(s, r#"<text class="axis" x="{label_w}" y="{:.1}">{} · elephant factor {}</text>"#, h - 4.0, esc(&span), e.organizations.elephant_factor);
    s.push_str("</svg>");
    Some(s)
}

/// A time line from the first commit to the as-of date with the releases
/// the evidence names (latest, latest stable, highest) and the last commit.
pub fn releases(e: &Evidence) -> Option<String> {
    let start = e.history.first_commit?;
    let end = e.as_of.max(start);
    let span = (end.as_second() - start.as_second()).max(1) as f64;
    const W: f64 = 520.0;
    let (h, left, right) = (130.0, 16.0, 16.0);
    let plot_w = W - left - right;
    let x = |t: jiff::Timestamp| left + plot_w * ((t.as_second() - start.as_second()) as f64 / span).clamp(0.0, 1.0);
    let mut marks: Vec<(jiff::Timestamp, String, &str)> = Vec::new();
    let r = &e.releases;
    if let Some(l) = &r.latest_stable {
        marks.push((l.date, format!("{} (latest stable)", l.tag), "stable"));
    }
    if let Some(l) = &r.latest
        && r.latest_stable.as_ref().is_none_or(|s| s.tag != l.tag)
    {
        marks.push((l.date, format!("{} (latest)", l.tag), if l.stable { "stable" } else { "pre" }));
    }
    if let Some(l) = &r.highest
        && marks.iter().all(|(_, t, _)| !t.starts_with(&format!("{} ", l.tag)))
    {
        marks.push((l.date, format!("{} (highest version)", l.tag), if l.stable { "stable" } else { "pre" }));
    }
    let mut s = String::new();
    let _ = write!(s, r#"<svg class="chart" viewBox="0 0 {W} {h}" role="img" aria-labelledby="rel-t"><title id="rel-t">Releases between the first commit ({}) and {}</title>"#, day(start), day(end));
    let axis_y = 70.0;
    let _ = write!(s, r#"<line class="axisline" x1="{left}" x2="{}" y1="{axis_y}" y2="{axis_y}"/>"#, W - right);
    // Year ticks.
    let (y0, y1) = (start.to_zoned(jiff::tz::TimeZone::UTC).year(), end.to_zoned(jiff::tz::TimeZone::UTC).year());
    let step = ((y1 - y0) / 10 + 1).max(1);
    let mut year = y0 + 1;
    while year <= y1 {
        if let Ok(t) = jiff::civil::date(year, 1, 1).to_zoned(jiff::tz::TimeZone::UTC).map(|z| z.timestamp()) {
            let tx = x(t);
            let _ = write!(s, r#"<line class="grid" x1="{tx:.1}" x2="{tx:.1}" y1="{}" y2="{}"/><text class="axis" x="{tx:.1}" y="{}" text-anchor="middle">{year}</text>"#, axis_y - 4.0, axis_y + 4.0, axis_y + 18.0);
        }
        year += step;
    }
    let _ = write!(s, r#"<circle class="dot start" cx="{:.1}" cy="{axis_y}" r="4"><title>first commit {}</title></circle>"#, x(start), day(start));
    if let Some(last) = e.history.last_commit {
        let _ = write!(s, r#"<circle class="dot last" cx="{:.1}" cy="{axis_y}" r="4"><title>last commit {}</title></circle>"#, x(last), day(last));
    }
    marks.sort_by_key(|m| m.0);
    for (i, (t, label, class)) in marks.iter().enumerate() {
        let mx = x(*t);
        // Alternate label rows so that close releases do not overlap.
        let ly = if i % 2 == 0 { 22.0 } else { 40.0 };
        let anchor = if mx > W * 0.7 { "end" } else { "start" };
        let _ = write!(
            s,
            r#"<line class="tick {class}" x1="{mx:.1}" x2="{mx:.1}" y1="{}" y2="{axis_y}"/><circle class="dot {class}" cx="{mx:.1}" cy="{axis_y}" r="6"><title>{} on {}</title></circle><text class="label" x="{mx:.1}" y="{ly}" text-anchor="{anchor}">{} · {}</text>"#,
            ly + 4.0,
            esc(label),
            day(*t),
            esc(label),
            day(*t)
        );
    }
    let median = r.median_days_between.map(|d| format!(", a release every {d:.0} days (median)")).unwrap_or_default();
    let _ = write!(
        s,
        r#"<text class="axis" x="{left}" y="{}">{} releases, {} in the last 365 days{}</text>"#,
        h - 8.0,
        r.count,
        r.count_365d,
        esc(&median)
    );
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_maxima_are_round() {
        assert_eq!(nice_max(0), 1);
        assert_eq!(nice_max(7), 10);
        assert_eq!(nice_max(130), 200);
        assert_eq!(nice_max(500), 500);
    }
}
