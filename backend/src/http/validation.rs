//! Field validators shared by every domain, and the mapping of `validator`
//! errors to problem+json field errors.

use std::sync::LazyLock;

use regex::Regex;
use validator::{ValidationError, ValidationErrors, ValidationErrorsKind};

use super::FieldError;

/// Mainland mobile (1[3-9] + 9 digits) or landline with area code (010-12345678).
static PHONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$").expect("phone pattern"));

pub fn phone_number(value: &str) -> Result<(), ValidationError> {
    if PHONE.is_match(value) {
        Ok(())
    } else {
        Err(ValidationError::new("invalid_phone").with_message("not a mainland mobile or landline number".into()))
    }
}

/// Names and titles: not blank after trimming.
pub fn not_blank(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        Err(ValidationError::new("required").with_message("must not be blank".into()))
    } else {
        Ok(())
    }
}

/// Flattens nested validator errors into `field` / `parent.field` / `list[2].field` entries.
pub fn field_errors(errors: &ValidationErrors) -> Vec<FieldError> {
    let mut out = Vec::new();
    collect(errors, "", &mut out);
    out.sort_by(|a, b| a.field.cmp(&b.field));
    out
}

fn collect(errors: &ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errors.errors() {
        let name = if prefix.is_empty() { field.to_string() } else { format!("{prefix}.{field}") };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    let message = e.message.as_ref().map(|m| m.to_string()).unwrap_or_else(|| describe(e));
                    out.push(FieldError::new(name.clone(), e.code.to_string(), message));
                }
            }
            ValidationErrorsKind::Struct(inner) => collect(inner, &name, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    collect(inner, &format!("{name}[{i}]"), out);
                }
            }
        }
    }
}

fn describe(e: &ValidationError) -> String {
    let param = |k: &str| e.params.get(k).map(|v| v.to_string());
    match e.code.as_ref() {
        "length" | "too_long" | "too_short" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("length must be between {min} and {max}"),
            (None, Some(max)) => format!("length must be at most {max}"),
            (Some(min), None) => format!("length must be at least {min}"),
            _ => "invalid length".into(),
        },
        "range" | "out_of_range" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (None, Some(max)) => format!("must be at most {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            _ => "out of range".into(),
        },
        other => other.replace('_', " "),
    }
}
