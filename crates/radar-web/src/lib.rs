//! Radar's web: dashboard, JSON API, badges and static site.
