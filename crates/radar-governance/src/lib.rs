//! Radar's governance: proposals, reviews and supermajority votes.
