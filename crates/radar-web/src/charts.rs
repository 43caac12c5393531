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

/// An axis label at fraction `f` of `max`: whole numbers as such, halves
/// with their decimal (half of 5 is 2.5, not 3).
fn tick(max: u64, f: f64) -> String {
    let v = max as f64 * f;
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
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
        let _ = write!(
            s,
            r#"<line class="grid" x1="{left}" x2="{}" y1="{y:.1}" y2="{y:.1}"/>"#,
            W - right
        );
        let _ = write!(
            s,
            r#"<text class="axis" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            y + 4.0,
            tick(max_c, f)
        );
        let _ = write!(
            s,
            r#"<text class="axis a2" x="{}" y="{:.1}">{}</text>"#,
            W - right + 6.0,
            y + 4.0,
            tick(max_a, f)
        );
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
            let _ = write!(
                s,
                r#"<text class="axis" x="{x:.1}" y="{:.1}">{}</text>"#,
                h - 8.0,
                esc(m.month.get(..4).unwrap_or(&m.month))
            );
        }
    }
    let points: Vec<String> = series
        .iter()
        .enumerate()
        .map(|(i, m)| {
            format!(
                "{:.1},{:.1}",
                left + slot * (i as f64 + 0.5),
                top + plot_h * (1.0 - m.authors as f64 / max_a as f64)
            )
        })
        .collect();
    let _ = write!(
        s,
        r#"<polyline class="line" points="{}"/>"#,
        points.join(" ")
    );
    // An empty chart must not look like a broken one: say why it is empty.
    if series.iter().all(|m| m.commits == 0) {
        let last = e
            .history
            .last_commit
            .map(|t| format!("; the last was on {}", day(t)))
            .unwrap_or_default();
        let _ = write!(
            s,
            r#"<text class="note" x="{}" y="{:.1}" text-anchor="middle">No commits in these {} months{}</text>"#,
            W / 2.0,
            top + plot_h * 0.3,
            series.len(),
            esc(&last)
        );
    }
    s.push_str("</svg>");
    Some(s)
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A share as a whole percentage; a small share that is not zero says so
/// (`<1%`) rather than round to 0%.
fn percent(share: f64) -> String {
    if share > 0.0 && share < 0.005 {
        "<1%".to_owned()
    } else {
        format!("{:.0}%", share * 100.0)
    }
}

/// Organisation shares of commits: the window (last 365 days) when it has
/// commits, else all time. Top eight, then "others".
pub fn organizations(e: &Evidence) -> Option<String> {
    let window = e.organizations.list.iter().any(|o| o.commits_365d > 0);
    let share = |o: &radar_evidence::Organization| if window { o.share_365d } else { o.share };
    let mut orgs: Vec<&radar_evidence::Organization> = e
        .organizations
        .list
        .iter()
        .filter(|o| share(o) > 0.0)
        .collect();
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
    let span = if window {
        format!("last {} days", e.organizations.window_days)
    } else {
        "all time".to_owned()
    };
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {W} {h}" role="img" aria-labelledby="org-t"><title id="org-t">Share of commits by organisation, {span}</title>"#
    );
    let mut row = |i: usize, name: &str, class: &str, value: f64, tip: String| {
        let y = 8.0 + row_h * i as f64;
        let w = (bar_w * value).max(1.0);
        let _ = write!(
            s,
            r#"<text class="label" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            label_w - 8.0,
            y + 15.0,
            esc(&crate::pages::truncate(name, 22))
        );
        let _ = write!(
            s,
            r#"<rect class="{class}" x="{label_w}" y="{y:.1}" width="{w:.1}" height="18"><title>{}</title></rect>"#,
            esc(&tip)
        );
        let _ = write!(
            s,
            r#"<text class="value" x="{:.1}" y="{:.1}">{}</text>"#,
            label_w + w + 6.0,
            y + 14.0,
            esc(&percent(value))
        );
    };
    for (i, o) in orgs[..shown].iter().enumerate() {
        let class = match o.kind {
            OrganizationKind::Organization => "bar",
            OrganizationKind::Independent => "bar indep",
            OrganizationKind::Unknown => "bar unknown",
            OrganizationKind::Bot => "bar bots",
        };
        let commits = if window { o.commits_365d } else { o.commits };
        row(
            i,
            &o.name,
            class,
            share(o),
            format!(
                "{}: {commits} commit{}, {} contributor{}",
                o.name,
                plural(commits),
                o.contributors,
                plural(o.contributors)
            ),
        );
    }
    if others > 0.0 {
        row(
            shown,
            &format!("{} others", orgs.len() - shown),
            "bar unknown",
            others,
            format!("{} other organisations", orgs.len() - shown),
        );
    }
    let _ = write!(
        s,
        r#"<text class="axis" x="{label_w}" y="{:.1}">{} · elephant factor {}</text>"#,
        h - 4.0,
        esc(&span),
        e.organizations.elephant_factor
    );
    s.push_str("</svg>");
    Some(s)
}

/// The release timeline: every product-line release of the last three years
/// (`releases.recent`) as a dot on a time axis, releases on one lane and
/// pre-releases on another, stable (>= 1.0) and initial-development (0.x)
/// releases in different colours, the latest labelled. Evidence written
/// before the timeline existed (schema 1) shows the releases it names
/// (latest, latest stable, highest) over the project's life instead.
pub fn releases(e: &Evidence) -> Option<String> {
    let r = &e.releases;
    let timeline = r.recent_since != jiff::Timestamp::MIN;
    let mut shown: Vec<&radar_evidence::Release> = if timeline {
        r.recent.iter().collect()
    } else {
        let mut v: Vec<&radar_evidence::Release> = [&r.latest, &r.latest_stable, &r.highest]
            .into_iter()
            .flatten()
            .collect();
        v.dedup_by(|a, b| a.tag == b.tag);
        v
    };
    if shown.is_empty() && r.latest.is_none() {
        return None;
    }
    shown.sort_by_key(|rel| rel.date);
    let end = e.as_of;
    // The window: the last three years, or the project's life when shorter.
    let first = e.history.first_commit.unwrap_or(end);
    let start = if timeline {
        r.recent_since.max(first)
    } else {
        first.min(shown.first().map_or(end, |rel| rel.date))
    };
    let start = start.min(end - jiff::SignedDuration::from_hours(24 * 30));
    let span = (end.as_second() - start.as_second()).max(1) as f64;
    const W: f64 = 520.0;
    let (h, left, right) = (150.0, 96.0, 14.0);
    let plot_w = W - left - right;
    let x = |t: jiff::Timestamp| {
        left + plot_w * ((t.as_second() - start.as_second()) as f64 / span).clamp(0.0, 1.0)
    };
    let (lane_rel, lane_pre, axis_y) = (64.0, 88.0, 104.0);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="chart releases" viewBox="0 0 {W} {h}" role="img" aria-labelledby="rel-t"><title id="rel-t">Product-line releases from {} to {}</title>"#,
        day(start),
        day(end)
    );
    // Lanes and axis.
    for (y, name) in [(lane_rel, "releases"), (lane_pre, "pre-releases")] {
        let _ = write!(
            s,
            r#"<line class="lane" x1="{left}" x2="{}" y1="{y}" y2="{y}"/><text class="axis" x="{}" y="{}" text-anchor="end">{name}</text>"#,
            W - right,
            left - 8.0,
            y + 4.0
        );
    }
    let _ = write!(
        s,
        r#"<line class="axisline" x1="{left}" x2="{}" y1="{axis_y}" y2="{axis_y}"/>"#,
        W - right
    );
    // Year boundaries, labelled; every year when there are few, else a step.
    let utc = jiff::tz::TimeZone::UTC;
    let (y0, y1) = (
        start.to_zoned(utc.clone()).year(),
        end.to_zoned(utc.clone()).year(),
    );
    let step = ((y1 - y0) / 8 + 1).max(1);
    let mut year = y0 + 1;
    while year <= y1 {
        if let Ok(t) = jiff::civil::date(year, 1, 1)
            .to_zoned(utc.clone())
            .map(|z| z.timestamp())
        {
            let tx = x(t);
            let _ = write!(
                s,
                r#"<line class="grid" x1="{tx:.1}" x2="{tx:.1}" y1="{}" y2="{}"/><text class="axis" x="{tx:.1}" y="{}" text-anchor="middle">{year}</text>"#,
                lane_rel - 12.0,
                axis_y + 4.0,
                axis_y + 17.0
            );
        }
        year += step;
    }
    // The window's ends, so a reader knows what the axis spans.
    let _ = write!(
        s,
        r#"<text class="axis end" x="{left}" y="{}">{}</text>"#,
        axis_y + 30.0,
        day(start)
    );
    let _ = write!(
        s,
        r#"<text class="axis end" x="{}" y="{}" text-anchor="end">{}</text>"#,
        W - right,
        axis_y + 30.0,
        day(end)
    );
    // One dot per release; drawn oldest first so the newest lie on top.
    for rel in &shown {
        let (y, class, kind) = if rel.prerelease {
            (lane_pre, "rel pre", "pre-release")
        } else if rel.stable {
            (lane_rel, "rel stable", "stable")
        } else {
            (lane_rel, "rel zero", "0.x")
        };
        let _ = write!(
            s,
            r#"<circle class="{class}" cx="{:.1}" cy="{y}" r="4.5"><title>{} · {} ({kind})</title></circle>"#,
            x(rel.date),
            esc(&rel.tag),
            day(rel.date)
        );
    }
    // Labels: the latest release, and the latest stable one when it differs.
    let mut labels: Vec<(&radar_evidence::Release, &str)> = Vec::new();
    if let Some(l) = &r.latest {
        labels.push((l, "latest"));
    }
    if let Some(l) = &r.latest_stable
        && r.latest.as_ref().is_none_or(|latest| latest.tag != l.tag)
    {
        labels.push((l, "latest stable"));
    }
    for (i, (rel, what)) in labels.iter().enumerate() {
        let lane = if rel.prerelease { lane_pre } else { lane_rel };
        let inside = rel.date >= start;
        let mx = if inside { x(rel.date) } else { left };
        let ly = 16.0 + 15.0 * i as f64;
        let anchor = if mx > left + plot_w * 0.55 {
            "end"
        } else {
            "start"
        };
        if inside {
            let _ = write!(
                s,
                r#"<line class="tick" x1="{mx:.1}" x2="{mx:.1}" y1="{}" y2="{}"/>"#,
                ly + 3.0,
                lane - 6.0
            );
        }
        // A release older than the window is named at its left edge, pointing back.
        let before = if inside { "" } else { "◂ " };
        let _ = write!(
            s,
            r#"<text class="label" x="{mx:.1}" y="{ly}" text-anchor="{anchor}">{before}<tspan class="what">{what}</tspan> {} · {}</text>"#,
            esc(&rel.tag),
            day(rel.date)
        );
        if inside {
            let _ = write!(
                s,
                r#"<circle class="ring" cx="{mx:.1}" cy="{lane}" r="7"/>"#
            );
        }
    }
    // Legend, then the counts.
    let lx = left;
    let ly = 44.0;
    let _ = write!(
        s,
        r#"<g class="legend"><circle class="rel stable" cx="{lx}" cy="{ly}" r="4"/><text class="axis" x="{}" y="{}">stable (≥ 1.0)</text><circle class="rel zero" cx="{}" cy="{ly}" r="4"/><text class="axis" x="{}" y="{}">0.x</text><circle class="rel pre" cx="{}" cy="{ly}" r="4"/><text class="axis" x="{}" y="{}">pre-release</text></g>"#,
        lx + 8.0,
        ly + 4.0,
        lx + 104.0,
        lx + 112.0,
        ly + 4.0,
        lx + 150.0,
        lx + 158.0,
        ly + 4.0
    );
    let all = r.product_count.max(shown.len() as u64);
    let median = r
        .median_days_between
        .map(|d| format!(", one every {d:.0} days (median)"))
        .unwrap_or_default();
    let counted = match (timeline, shown.len()) {
        (true, 0) => format!("No release in these three years · {all} in all{median}"),
        (true, n) => {
            let truncated = if r.recent_truncated {
                " (the newest 200 shown)"
            } else {
                ""
            };
            format!(
                "{n} in these three years{truncated}, {} in the last 365 days · {all} in all{median}",
                r.count_365d
            )
        }
        (false, _) => format!(
            "{all} in all, {} in the last 365 days{median}",
            r.count_365d
        ),
    };
    let _ = write!(
        s,
        r#"<text class="axis" x="6" y="{}">{}</text>"#,
        h - 4.0,
        esc(&counted)
    );
    s.push_str("</svg>");
    Some(s)
}

/// A small line of one figure over time (a sparkline): x by date, y from
/// zero to the largest value, the last point marked. None with fewer than
/// two points (no trend to draw).
pub fn sparkline(label: &str, points: &[(jiff::Timestamp, u64)]) -> Option<String> {
    if points.len() < 2 {
        return None;
    }
    let (w, h, pad) = (160.0, 40.0, 4.0);
    let (t0, t1) = (
        points[0].0.as_second(),
        points[points.len() - 1].0.as_second(),
    );
    let max = points.iter().map(|p| p.1).max().unwrap_or(0).max(1) as f64;
    let xy: Vec<(f64, f64)> = points
        .iter()
        .enumerate()
        .map(|(i, (t, v))| {
            // Several snapshots of one date: spread them evenly instead.
            let f = if t1 > t0 {
                (t.as_second() - t0) as f64 / (t1 - t0) as f64
            } else {
                i as f64 / (points.len() - 1) as f64
            };
            (
                pad + (w - 2.0 * pad) * f,
                h - pad - (h - 2.0 * pad) * (*v as f64 / max),
            )
        })
        .collect();
    let line: Vec<String> = xy.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
    let (lx, ly) = xy[xy.len() - 1];
    let (first, last) = (points[0], points[points.len() - 1]);
    let mut s = String::new();
    let _ = write!(
        s,
        r#"<svg class="spark" viewBox="0 0 {w} {h}" role="img"><title>{}: {} on {}, {} on {}</title><line class="base" x1="{pad}" x2="{}" y1="{}" y2="{}"/><polygon class="area" points="{:.1},{} {} {lx:.1},{}"/><polyline class="line" points="{}"/><circle class="last" cx="{lx:.1}" cy="{ly:.1}" r="2.5"/></svg>"#,
        esc(label),
        first.1,
        day(first.0),
        last.1,
        day(last.0),
        w - pad,
        h - pad,
        h - pad,
        xy[0].0,
        h - pad,
        line.join(" "),
        h - pad,
        line.join(" ")
    );
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

    #[test]
    fn small_shares_are_not_zero() {
        assert_eq!(percent(0.004), "<1%");
        assert_eq!(percent(0.0), "0%");
        assert_eq!(percent(0.51), "51%");
    }

    #[test]
    fn ticks_are_not_rounded() {
        assert_eq!(tick(5, 0.5), "2.5");
        assert_eq!(tick(10, 0.5), "5");
        assert_eq!(tick(1, 0.0), "0");
    }
}
