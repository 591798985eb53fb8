//! Sealing of sensitive personal data at rest (identity numbers): AES-256-GCM
//! with a fresh random 96-bit nonce per value, stored as one base64 text of
//! nonce || ciphertext || tag. A copy of the database (a backup, a stolen
//! disk) then holds no readable identity number.
//!
//! The data key comes from `GRIDLINK_DATA_KEY` (base64 of 32 bytes). On
//! SQLite, when it is unset, one is generated once into the data directory,
//! as the JWT signing key is. On PostgreSQL several instances must read what
//! each other sealed, so there it has to be configured; the server refuses to
//! start without it.

use std::path::Path;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::config::{Backend, Config};
use crate::http::ApiError;

const KEY_FILE: &str = "data-encryption.key";
const NONCE_BYTES: usize = 12;

/// The key that seals personal data, and the key of the lookup hashes derived from it.
pub struct DataKey {
    cipher: Aes256Gcm,
    /// HMAC key for lookup hashes: derived, so the sealing key itself is never used twice over.
    hash_key: [u8; 32],
}

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(..)")
    }
}

type HmacSha256 = Hmac<Sha256>;

impl DataKey {
    pub fn new(raw: &[u8; 32]) -> DataKey {
        let mut derive = <HmacSha256 as Mac>::new_from_slice(raw).expect("HMAC takes any key length");
        derive.update(b"gridlink lookup hash v1");
        let hash_key: [u8; 32] = derive.finalize().into_bytes().into();
        DataKey { cipher: Aes256Gcm::new(&(*raw).into()), hash_key }
    }

    /// `base64(nonce || ciphertext)`; the same text sealed twice gives two different values.
    pub fn seal(&self, plain: &str) -> Result<String, ApiError> {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(&Nonce::from(nonce), plain.as_bytes())
            .map_err(|_| ApiError::internal("sealing failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(STANDARD.encode(out))
    }

    /// The plain text of a sealed value. Fails on a value sealed with another
    /// key or altered since: GCM authenticates as it decrypts.
    pub fn open(&self, sealed: &str) -> Result<String, ApiError> {
        let raw = STANDARD.decode(sealed).map_err(|_| ApiError::internal("sealed value is not base64"))?;
        if raw.len() <= NONCE_BYTES {
            return Err(ApiError::internal("sealed value too short"));
        }
        let (nonce, ciphertext) = raw.split_at(NONCE_BYTES);
        let nonce: [u8; NONCE_BYTES] = nonce.try_into().map_err(ApiError::internal)?;
        let plain = self
            .cipher
            .decrypt(&Nonce::from(nonce), ciphertext)
            .map_err(|_| ApiError::internal("sealed value does not open with the data key"))?;
        String::from_utf8(plain).map_err(|_| ApiError::internal("sealed value is not UTF-8"))
    }

    /// A keyed hash (HMAC-SHA256, hex) to find or keep unique a sealed value
    /// without opening it; without the key it cannot be reversed by trying
    /// every identity number.
    pub fn lookup_hash(&self, plain: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.hash_key).expect("HMAC takes any key length");
        mac.update(plain.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

/// Decodes `GRIDLINK_DATA_KEY`: base64 of exactly 32 bytes.
pub fn decode_key(text: &str) -> Result<[u8; 32], String> {
    let raw = STANDARD.decode(text.trim()).map_err(|_| "is not base64".to_string())?;
    raw.try_into().map_err(|raw: Vec<u8>| format!("decodes to {} bytes, not 32", raw.len()))
}

/// The data key: configured, or on SQLite generated once and kept in the data directory.
pub fn data_key(config: &Config) -> anyhow::Result<DataKey> {
    if let Some(text) = &config.data_key {
        let raw = decode_key(text).map_err(|reason| anyhow::anyhow!("GRIDLINK_DATA_KEY {reason}"))?;
        return Ok(DataKey::new(&raw));
    }
    if config.backend() == Some(Backend::Postgres) {
        anyhow::bail!(
            "GRIDLINK_DATA_KEY is not set. On PostgreSQL every server instance must open what the others \
             sealed: set GRIDLINK_DATA_KEY to the same key on each instance, made once with \
             `openssl rand -base64 32`, and keep it with the database backups."
        );
    }
    Ok(DataKey::new(&load_or_create_key_file(&config.data_dir.join(KEY_FILE))?))
}

fn load_or_create_key_file(path: &Path) -> anyhow::Result<[u8; 32]> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        return decode_key(&existing).map_err(|reason| anyhow::anyhow!("{} {reason}", path.display()));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    crate::auth::tokens::write_private(path, &STANDARD.encode(raw))?;
    tracing::info!(path = %path.display(), "generated a data encryption key");
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> DataKey {
        DataKey::new(&[byte; 32])
    }

    #[test]
    fn seals_and_opens() {
        let k = key(7);
        let sealed = k.seal("11010519491231002X").unwrap();
        assert!(!sealed.contains("11010519491231002X"));
        assert_ne!(sealed, k.seal("11010519491231002X").unwrap(), "a fresh nonce each time");
        assert_eq!(k.open(&sealed).unwrap(), "11010519491231002X");
    }

    #[test]
    fn another_key_or_a_changed_value_does_not_open() {
        let sealed = key(7).seal("secret").unwrap();
        assert!(key(8).open(&sealed).is_err());
        let mut raw = STANDARD.decode(&sealed).unwrap();
        let last = raw.len() - 1;
        raw[last] ^= 1;
        assert!(key(7).open(&STANDARD.encode(raw)).is_err());
    }

    #[test]
    fn lookup_hashes_are_stable_and_keyed() {
        assert_eq!(key(7).lookup_hash("a"), key(7).lookup_hash("a"));
        assert_ne!(key(7).lookup_hash("a"), key(8).lookup_hash("a"));
    }

    #[test]
    fn configured_keys_are_32_bytes_of_base64() {
        assert!(decode_key(&STANDARD.encode([1u8; 32])).is_ok());
        assert!(decode_key(&STANDARD.encode([1u8; 16])).is_err());
        assert!(decode_key("not base64!").is_err());
    }
}
