//! Radar's assessment: maturity models, criteria, findings and advice.
