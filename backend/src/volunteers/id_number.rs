//! The resident identity number (公民身份号码), GB 11643-1999: 6 digits of
//! the place of registration, 8 of the birth date, 3 of sequence and a check
//! character (a digit or `X`).

use chrono::NaiveDate;

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// The check character the first 17 digits call for.
pub fn check_character(first17: &[u8]) -> Option<u8> {
    if first17.len() != 17 || !first17.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    Some(CHECK[(sum % 11) as usize])
}

/// The birth date the number carries, if it is a real date.
pub fn birth_date(number: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(number.get(6..14)?, "%Y%m%d").ok()
}

/// The number as stored: trimmed, a lower-case `x` written as `X`.
pub fn normalize(number: &str) -> String {
    number.trim().to_ascii_uppercase()
}

/// Why a (normalized) number is not a valid one, or `None` when it is.
/// Birth dates before 1900 or after `today` are refused.
pub fn fault(number: &str, today: NaiveDate) -> Option<&'static str> {
    let bytes = number.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return Some("18 characters: 17 digits and a digit or X");
    }
    let born = birth_date(number).filter(|d| *d >= NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(*d) && *d <= today);
    if born.is_none() {
        return Some("the birth date (characters 7-14) is not a real date");
    }
    if check_character(&bytes[..17]) != Some(bytes[17]) {
        return Some("the check character does not match");
    }
    None
}

/// `110***********123X`: the first 3 and last 4 characters, as lists and
/// profiles show it.
pub fn mask(number: &str) -> String {
    let chars: Vec<char> = number.chars().collect();
    if chars.len() < 8 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 5, 1).unwrap()
    }

    #[test]
    fn the_standard_example_passes() {
        // The example of GB 11643-1999 (ending in X), and one born on 29 February.
        for n in ["11010519491231002X", "152922200002290012"] {
            assert_eq!(fault(n, today()), None, "{n}");
        }
    }

    #[test]
    fn broken_numbers_fail() {
        assert!(fault("110105194912310021", today()).is_some(), "check character");
        assert!(fault("110105194902300020", today()).is_some(), "30 February");
        assert!(fault("11010519491231002", today()).is_some(), "17 characters");
        assert!(fault("1101051949123100XX", today()).is_some(), "letters");
        assert!(fault("110105203001010010", today()).is_some(), "born in the future");
    }

    #[test]
    fn masks_all_but_the_ends() {
        assert_eq!(mask("11010519491231002X"), "110***********002X");
        assert_eq!(mask("11010519491231002X").len(), 18);
    }
}
