//! When a resource can be had: always, or within date ranges and/or on
//! weekly times. Stored as JSON text in `resources.availability`.
//!
//! A day is available when it lies in one of the date ranges (or there are
//! none) and falls on a weekday of the weekly times (or there are none).

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::http::FieldError;

/// The most date ranges or weekly times one resource lists.
const MAX_ENTRIES: usize = 50;

/// From one day to another, both included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    pub from: NaiveDate,
    /// Not before `from` (`ends_before_start`).
    pub to: NaiveDate,
}

/// A time on a day of every week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeeklySlot {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: u8,
    /// `HH:MM`, local time.
    #[schema(example = "09:00")]
    pub from: String,
    /// `HH:MM`, after `from`.
    #[schema(example = "11:30")]
    pub to: String,
}

/// When the resource can be had. `{"always": true}` when omitted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Availability {
    /// Any day; then `date_ranges` and `weekly` stay empty.
    #[serde(default)]
    pub always: bool,
    #[serde(default)]
    pub date_ranges: Vec<DateRange>,
    #[serde(default)]
    pub weekly: Vec<WeeklySlot>,
}

impl Default for Availability {
    fn default() -> Self {
        Availability { always: true, date_ranges: Vec::new(), weekly: Vec::new() }
    }
}

fn time(s: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

impl Availability {
    /// Reads the stored text; a row that cannot be read counts as always available.
    pub fn from_stored(text: &str) -> Availability {
        serde_json::from_str(text).unwrap_or_default()
    }

    pub fn to_stored(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{\"always\":true}".into())
    }

    /// Every fault, each named by its field under `availability`.
    pub fn check(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let field = |rest: &str| format!("availability{rest}");
        if self.always && !(self.date_ranges.is_empty() && self.weekly.is_empty()) {
            errors.push(FieldError::new(
                field(".always"),
                "not_applicable",
                "an always available resource lists no date ranges or weekly times",
            ));
        }
        if !self.always && self.date_ranges.is_empty() && self.weekly.is_empty() {
            errors.push(FieldError::new(field(""), "required", "give date ranges or weekly times, or always: true"));
        }
        for (list, len) in [(".date_ranges", self.date_ranges.len()), (".weekly", self.weekly.len())] {
            if len > MAX_ENTRIES {
                errors.push(FieldError::new(field(list), "invalid_length", format!("at most {MAX_ENTRIES}")));
            }
        }
        for (i, r) in self.date_ranges.iter().enumerate() {
            if r.to < r.from {
                errors.push(FieldError::new(
                    field(&format!(".date_ranges[{i}].to")),
                    "ends_before_start",
                    "the range cannot end before it starts",
                ));
            }
        }
        for (i, slot) in self.weekly.iter().enumerate() {
            let at = |name: &str| field(&format!(".weekly[{i}].{name}"));
            if !(1..=7).contains(&slot.weekday) {
                errors.push(FieldError::new(at("weekday"), "out_of_range", "1 (Monday) to 7 (Sunday)"));
            }
            let (from, to) = (time(&slot.from), time(&slot.to));
            if from.is_none() {
                errors.push(FieldError::new(at("from"), "invalid_time", "a time as HH:MM"));
            }
            if to.is_none() {
                errors.push(FieldError::new(at("to"), "invalid_time", "a time as HH:MM"));
            }
            if let (Some(from), Some(to)) = (from, to) {
                if to <= from {
                    errors.push(FieldError::new(at("to"), "ends_before_start", "must be after `from`"));
                }
            }
        }
        errors
    }

    fn on_weekday(&self, day: NaiveDate) -> bool {
        let weekday = day.weekday().number_from_monday() as u8;
        self.weekly.is_empty() || self.weekly.iter().any(|s| s.weekday == weekday)
    }

    /// The first available day from `from` to `to` (both included), if any.
    pub fn first_available(&self, from: NaiveDate, to: NaiveDate) -> Option<NaiveDate> {
        if to < from {
            return None;
        }
        if self.always {
            return Some(from);
        }
        let windows: Vec<(NaiveDate, NaiveDate)> = if self.date_ranges.is_empty() {
            vec![(from, to)]
        } else {
            self.date_ranges.iter().map(|r| (r.from.max(from), r.to.min(to))).filter(|(a, b)| a <= b).collect()
        };
        windows
            .into_iter()
            .filter_map(|(start, end)| {
                // A weekday recurs within any seven days.
                (0..7).map(|d| start + Duration::days(d)).take_while(|d| *d <= end).find(|d| self.on_weekday(*d))
            })
            .min()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn slot(weekday: u8) -> WeeklySlot {
        WeeklySlot { weekday, from: "09:00".into(), to: "11:00".into() }
    }

    #[test]
    fn always_is_any_day() {
        let a = Availability::default();
        assert_eq!(a.first_available(day("2026-05-01"), day("2026-05-01")), Some(day("2026-05-01")));
        assert_eq!(a.first_available(day("2026-05-02"), day("2026-05-01")), None);
        assert!(a.check().is_empty());
    }

    #[test]
    fn date_ranges_and_weekdays_combine() {
        // 2026-05-04 is a Monday.
        let a = Availability {
            always: false,
            date_ranges: vec![DateRange { from: day("2026-05-01"), to: day("2026-05-31") }],
            weekly: vec![slot(3)],
        };
        assert_eq!(a.first_available(day("2026-04-01"), day("2026-05-05")), None);
        assert_eq!(a.first_available(day("2026-04-01"), day("2026-05-06")), Some(day("2026-05-06")));
        assert_eq!(a.first_available(day("2026-06-01"), day("2026-06-30")), None);
        let weekly_only = Availability { always: false, date_ranges: vec![], weekly: vec![slot(7)] };
        assert_eq!(weekly_only.first_available(day("2026-05-04"), day("2026-05-09")), None);
        assert_eq!(weekly_only.first_available(day("2026-05-04"), day("2026-05-20")), Some(day("2026-05-10")));
    }

    #[test]
    fn faults_are_named() {
        let a = Availability {
            always: false,
            date_ranges: vec![DateRange { from: day("2026-05-02"), to: day("2026-05-01") }],
            weekly: vec![WeeklySlot { weekday: 8, from: "9点".into(), to: "08:00".into() }],
        };
        let fields: Vec<String> = a.check().into_iter().map(|e| format!("{} {}", e.field, e.code)).collect();
        assert_eq!(
            fields,
            vec![
                "availability.date_ranges[0].to ends_before_start",
                "availability.weekly[0].weekday out_of_range",
                "availability.weekly[0].from invalid_time",
            ]
        );
        let empty = Availability { always: false, date_ranges: vec![], weekly: vec![] };
        assert_eq!(empty.check()[0].code, "required");
    }
}
