//! Keyed hashes and signatures (HMAC-SHA256) with a key kept in the database,
//! so that every instance behind a load balancer signs alike.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// The server's signing key.
#[derive(Clone)]
pub struct Signer {
    key: Vec<u8>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Signer(..)")
    }
}

impl Signer {
    pub fn new(key: &[u8]) -> Self {
        Self { key: key.to_vec() }
    }

    /// Hex HMAC of `parts` joined by `|`, under a purpose label.
    pub fn sign(&self, purpose: &str, parts: &[&str]) -> String {
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        for part in parts {
            mac.update(b"|");
            mac.update(part.as_bytes());
        }
        hex::encode(mac.finalize().into_bytes())
    }

    /// Constant-time check of a hex signature made by [`Signer::sign`].
    pub fn verify(&self, purpose: &str, parts: &[&str], signature: &str) -> bool {
        let Ok(bytes) = hex::decode(signature) else {
            return false;
        };
        let mut mac = HmacSha256::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        for part in parts {
            mac.update(b"|");
            mac.update(part.as_bytes());
        }
        mac.verify_slice(&bytes).is_ok()
    }
}

/// A fresh random 256-bit key, hex.
pub fn random_key() -> String {
    use rand::Rng;
    hex::encode(rand::rng().random::<[u8; 32]>())
}

/// Plain SHA-256, hex (content fingerprints).
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// A short code residents keep (a survey receipt, a postulate): 10
/// characters, no look-alikes (0/O, 1/I).
pub fn short_code() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::rng();
    let code: String = (0..10)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("{}-{}", &code[..5], &code[5..])
}

/// A short code's shape, checked before any lookup.
pub fn is_short_code(code: &str) -> bool {
    code.len() == 11
        && code.bytes().enumerate().all(|(i, b)| {
            if i == 5 {
                b == b'-'
            } else {
                b.is_ascii_uppercase() || b.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_verify_only_unchanged() {
        let s = Signer::new(b"key");
        let sig = s.sign("start", &["abc", "123"]);
        assert!(s.verify("start", &["abc", "123"], &sig));
        assert!(!s.verify("start", &["abc", "124"], &sig));
        assert!(!s.verify("device", &["abc", "123"], &sig));
        assert!(!Signer::new(b"other").verify("start", &["abc", "123"], &sig));
        assert!(!s.verify("start", &["abc", "123"], "zz"));
    }
}
