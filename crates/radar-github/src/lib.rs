//! Radar's optional GitHub source: evidence from the GitHub API when a token is given.
