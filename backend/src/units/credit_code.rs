//! The unified social credit code (统一社会信用代码), GB 32100-2015: 18
//! characters from a 31-character alphabet, the last a check character.

/// The alphabet without I, O, S, V and Z, in the order of their values 0–30.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The check character the first 17 characters call for.
pub fn check_character(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 {
        return None;
    }
    let mut sum = 0;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(*c)? * w;
    }
    Some(ALPHABET[((31 - sum % 31) % 31) as usize])
}

/// Whether `code` is a well-formed code with the right check character.
/// Lower-case letters are not accepted: the code is printed in capitals.
pub fn is_valid(code: &str) -> bool {
    let bytes = code.as_bytes();
    bytes.len() == 18 && check_character(&bytes[..17]).is_some_and(|c| c == bytes[17])
}

/// A `validator` rule with the stable code `invalid_credit_code`.
pub fn validate(code: &str) -> Result<(), validator::ValidationError> {
    if is_valid(code) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("invalid_credit_code")
            .with_message("not a valid unified social credit code (GB 32100-2015)".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_codes_pass() {
        // Codes printed on public registrations.
        for code in ["91350100M000100Y43", "91110000100010433L"] {
            assert!(is_valid(code), "{code}");
        }
    }

    #[test]
    fn broken_codes_fail() {
        for code in [
            "91350100M000100Y44",
            "911100001000102222",
            "91350100M000100Y4",
            "91350100m000100Y43",
            "91350100O000100Y43",
            "",
        ] {
            assert!(!is_valid(code), "{code}");
        }
    }
}
