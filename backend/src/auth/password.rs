//! Password hashing (argon2id) and the password policy.

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use rand::Rng;

use crate::http::{ApiError, FieldError};

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 128;

pub fn hash(password: &str) -> Result<String, ApiError> {
    Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(ApiError::internal)
}

/// Constant-time check of a password against its stored hash.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// Spends the time of a real verification, so an unknown username answers as
/// slowly as a wrong password and does not reveal which accounts exist.
pub fn verify_dummy(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let stored = DUMMY.get_or_init(|| hash("not-a-real-password-Aa1!").unwrap_or_default());
    let _ = verify(password, stored);
}

/// At least 8 characters with 3 of the 4 classes: lower case, upper case, digits, others.
pub fn check_policy(field: &str, password: &str) -> Result<(), ApiError> {
    let length = password.chars().count();
    let classes = [
        password.chars().any(|c| c.is_lowercase()),
        password.chars().any(|c| c.is_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| !c.is_alphanumeric()),
    ]
    .iter()
    .filter(|present| **present)
    .count();
    if !(MIN_LENGTH..=MAX_LENGTH).contains(&length) {
        return Err(ApiError::Validation(vec![FieldError::new(
            field,
            "weak_password",
            format!("must be {MIN_LENGTH} to {MAX_LENGTH} characters long"),
        )]));
    }
    if classes < 3 {
        return Err(ApiError::Validation(vec![FieldError::new(
            field,
            "weak_password",
            "must contain 3 of: lower case, upper case, digits, other characters",
        )]));
    }
    Ok(())
}

/// A temporary password that meets the policy, for new accounts and resets.
pub fn generate_temporary() -> String {
    const LOWER: &[u8] = b"abcdefghijkmnpqrstuvwxyz";
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const DIGIT: &[u8] = b"23456789";
    let mut rng = rand::rng();
    let mut pick = |set: &[u8]| set[rng.random_range(0..set.len())] as char;
    let mut out = String::new();
    for _ in 0..4 {
        out.push(pick(UPPER));
        out.push(pick(LOWER));
        out.push(pick(DIGIT));
    }
    out
}
