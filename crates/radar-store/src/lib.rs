//! Radar's store: SQLite or PostgreSQL through sqlx Any, history and job leases.
