//! The process's TLS provider. Radar builds reqwest with rustls but without
//! a provider of its own choosing (reqwest's default, aws-lc-rs, is a long C
//! build), so ring is installed here before the first client is built: by
//! the GitHub transport itself, by the binary at start (gix's https
//! transport builds its own client), and by tests that build clients.

/// Installs ring as the process-wide rustls provider, once; later calls (and
/// a provider installed by someone else first) leave it as it is.
pub fn ensure_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // Err means another provider is already the default: that one serves.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_client_builds_after_it() {
        super::ensure_crypto_provider();
        super::ensure_crypto_provider();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
        reqwest::Client::builder()
            .build()
            .expect("a client with the ring provider");
    }
}
