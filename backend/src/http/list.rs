//! Lists: page / page_size / sort parameters and the envelope every list answers with.

use serde::Serialize;
use utoipa::ToSchema;

use super::ApiError;

pub const DEFAULT_PAGE_SIZE: i64 = 20;
pub const MAX_PAGE_SIZE: i64 = 100;

/// Every row of a selection, `batch` at a time: `fetch(limit, offset)` reads
/// one batch and `each` takes it, until a batch comes back short. An export
/// of any size holds one batch in memory.
pub fn in_batches<T>(
    batch: i64,
    mut fetch: impl FnMut(i64, i64) -> Result<Vec<T>, ApiError>,
    mut each: impl FnMut(Vec<T>) -> Result<(), ApiError>,
) -> Result<(), ApiError> {
    let mut offset = 0;
    loop {
        let rows = fetch(batch, offset)?;
        let fetched = rows.len() as i64;
        if fetched > 0 {
            each(rows)?;
        }
        if fetched < batch {
            return Ok(());
        }
        offset += batch;
    }
}

/// `{"items": [...], "total": 1234, "page": 1, "page_size": 20}`
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Matching items across all pages.
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

/// A checked page request.
#[derive(Debug, Clone, Copy)]
pub struct Paging {
    pub page: i64,
    pub page_size: i64,
}

impl Paging {
    pub fn new(page: Option<i64>, page_size: Option<i64>) -> Result<Paging, ApiError> {
        let page = page.unwrap_or(1);
        let page_size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        let mut errors = Vec::new();
        if page < 1 {
            errors.push(super::FieldError::new("page", "out_of_range", "must be at least 1"));
        }
        if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
            errors.push(super::FieldError::new(
                "page_size",
                "out_of_range",
                format!("must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        if errors.is_empty() {
            Ok(Paging { page, page_size })
        } else {
            Err(ApiError::Validation(errors))
        }
    }

    pub fn offset(&self) -> i64 {
        (self.page - 1).saturating_mul(self.page_size)
    }

    /// The total when the page itself tells it: a first page that is not
    /// full holds every match, and the count query can be skipped.
    pub fn total_from_page(&self, rows_on_page: usize) -> Option<i64> {
        (self.page == 1 && (rows_on_page as i64) < self.page_size).then_some(rows_on_page as i64)
    }

    /// The total of a page read with a window count (`count(*) over ()` on
    /// every row): the count its first row carries, or what the page itself
    /// tells. A page past the end tells nothing; the count needs a query of
    /// its own then.
    pub fn total_with_count(&self, counted: Option<i64>, rows_on_page: usize) -> Option<i64> {
        counted.or_else(|| self.total_from_page(rows_on_page))
    }

    pub fn wrap<T: ToSchema>(&self, items: Vec<T>, total: i64) -> Page<T> {
        Page { items, total, page: self.page, page_size: self.page_size }
    }
}

/// One sort key: a whitelisted field name and its direction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortKey {
    pub field: &'static str,
    pub descending: bool,
}

/// Parses `sort=-created_at,name` against the fields a list allows.
pub fn parse_sort(raw: Option<&str>, allowed: &[&'static str], default: &str) -> Result<Vec<SortKey>, ApiError> {
    let raw = raw.filter(|s| !s.trim().is_empty()).unwrap_or(default);
    let mut keys = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (descending, name) = match part.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, part.strip_prefix('+').unwrap_or(part)),
        };
        let Some(field) = allowed.iter().copied().find(|f| *f == name) else {
            return Err(ApiError::field(
                "sort",
                "unknown_sort_field",
                format!("cannot sort by `{name}`; allowed: {}", allowed.join(", ")),
            ));
        };
        keys.push(SortKey { field, descending });
    }
    Ok(keys)
}

/// Applies parsed sort keys to a boxed diesel query, mapping each field name
/// to its column, then breaks ties by id so pages never overlap. Nullable
/// columns put empty values last in both directions: the two backends
/// disagree on where NULL sorts, and a list must not change with the database.
#[macro_export]
macro_rules! apply_sort {
    ($query:expr, $keys:expr, $id:expr, { $($name:literal => $col:expr),* $(,)? }
        $(, nullable { $($nname:literal => $ncol:expr),* $(,)? })?) => {{
        let mut q = $query;
        for key in $keys {
            q = match (key.field, key.descending) {
                $(
                    ($name, false) => q.then_order_by($col.asc()),
                    ($name, true) => q.then_order_by($col.desc()),
                )*
                $($(
                    ($nname, descending) => {
                        let q = q.then_order_by($ncol.is_null().asc());
                        if descending { q.then_order_by($ncol.desc()) } else { q.then_order_by($ncol.asc()) }
                    }
                )*)?
                _ => q,
            };
        }
        q.then_order_by($id.asc())
    }};
}

/// `q=` text search: a LIKE pattern with the user's wildcards escaped.
pub fn like_pattern(q: &str) -> String {
    let escaped = q.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// A list that pages by number (`total` and `page` set) or, for sync, by
/// keyset (`next_cursor` set until the last page): the big, append-mostly
/// collections that apps and portals copy (sign-ups, service records).
#[derive(Debug, Serialize, ToSchema)]
pub struct CursorPage<T: ToSchema> {
    pub items: Vec<T>,
    /// Matching items across all pages (paging by number only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// Paging by number only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<i64>,
    pub page_size: i64,
    /// Pass as `cursor` for the next page (keyset paging); absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

impl<T: ToSchema> CursorPage<T> {
    pub fn numbered(page: Page<T>) -> Self {
        CursorPage {
            items: page.items,
            total: Some(page.total),
            page: Some(page.page),
            page_size: page.page_size,
            next_cursor: None,
        }
    }

    /// A keyset page from `page_size + 1` rows read: the extra row only
    /// tells that there is a next page, whose cursor `cursor_of` makes from
    /// the last item shown.
    pub fn keyset(mut items: Vec<T>, page_size: i64, cursor_of: impl Fn(&T) -> String) -> Self {
        let more = items.len() as i64 > page_size;
        items.truncate(page_size.max(0) as usize);
        let next_cursor = if more { items.last().map(cursor_of) } else { None };
        CursorPage { items, total: None, page: None, page_size, next_cursor }
    }
}

/// A keyset position in a list ordered by (last change, id): the cursor of
/// sync lists whose rows change (sign-ups). The time is kept to the
/// nanosecond, as stored, so that the row at the position compares equal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChangeCursor {
    pub changed_at: chrono::NaiveDateTime,
    pub id: i64,
}

impl ChangeCursor {
    pub fn encode(&self) -> String {
        let nanos = self.changed_at.and_utc().timestamp_nanos_opt().unwrap_or(i64::MAX);
        format!("c{nanos}.{}", self.id)
    }

    /// `None` for an empty cursor (the first page).
    pub fn decode(raw: &str) -> Result<Option<ChangeCursor>, ApiError> {
        if raw.is_empty() {
            return Ok(None);
        }
        let invalid = || ApiError::field("cursor", "invalid_cursor", "not a cursor this list issued");
        let (nanos, id) = raw.strip_prefix('c').and_then(|rest| rest.split_once('.')).ok_or_else(invalid)?;
        let nanos: i64 = nanos.parse().map_err(|_| invalid())?;
        let id: i64 = id.parse().map_err(|_| invalid())?;
        let changed_at = chrono::DateTime::from_timestamp_nanos(nanos).naive_utc();
        Ok(Some(ChangeCursor { changed_at, id }))
    }
}

/// A keyset position in a list ordered by id alone: the cursor of
/// append-only lists (service records).
pub fn decode_id_cursor(raw: &str, prefix: char) -> Result<Option<i64>, ApiError> {
    if raw.is_empty() {
        return Ok(None);
    }
    raw.strip_prefix(prefix)
        .and_then(|n| n.parse::<i64>().ok())
        .map(Some)
        .ok_or_else(|| ApiError::field("cursor", "invalid_cursor", "not a cursor this list issued"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_cursors_round_trip_to_the_nanosecond() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap().and_hms_nano_opt(8, 0, 1, 123_456_789).unwrap();
        let cursor = ChangeCursor { changed_at: at, id: 42 };
        assert_eq!(ChangeCursor::decode(&cursor.encode()).unwrap(), Some(cursor));
        assert_eq!(ChangeCursor::decode("").unwrap(), None);
        for bad in ["x1.2", "c1", "c.2", "cabc.2", "c1.x"] {
            assert!(ChangeCursor::decode(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_keyset_page_tells_whether_more_follow() {
        let page = CursorPage::keyset(vec![1_i64, 2, 3], 2, |n| format!("r{n}"));
        assert_eq!((page.items.len(), page.next_cursor.as_deref()), (2, Some("r2")));
        let last = CursorPage::keyset(vec![1_i64, 2], 2, |n| format!("r{n}"));
        assert_eq!(last.next_cursor, None);
    }
}
