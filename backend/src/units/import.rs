//! Bulk import of units (批量导入) from the spreadsheets staff receive.
//!
//! Each row becomes the same `CreateUnit` a `POST /units` body would, and
//! passes the same `validator` rules and the same reference checks of the
//! repository; only the faults are gathered per row instead of answered at
//! the first. Area codes stand in for ids, since that is what a sheet holds.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use validator::Validate;

use super::dto::{CreateUnit, ImportMode, UnitImportError, UnitImportReport};
use super::model::UnitKind;
use super::repo;
use crate::areas::model::Area;
use crate::areas::repo as areas_repo;
use crate::auth::Caller;
use crate::db::schema::areas;
use crate::db::DbConn;
use crate::http::meta::RequestMeta;
use crate::http::upload::Table;
use crate::http::validation::field_errors;
use crate::http::{ApiError, FieldError};

/// The most data rows one file may hold; larger lists go in several files.
pub const MAX_ROWS: usize = 20_000;

/// A column of the import file: the field it fills, its Chinese header.
pub struct Column {
    pub field: &'static str,
    pub header: &'static str,
    pub required: bool,
}

const fn column(field: &'static str, header: &'static str, required: bool) -> Column {
    Column { field, header, required }
}

/// In the order of the template.
pub const COLUMNS: &[Column] = &[
    column("name", "单位名称", true),
    column("kind", "单位类型", true),
    column("credit_code", "统一社会信用代码", true),
    column("contact_name", "联系人", false),
    column("contact_phone", "联系电话", false),
    column("address", "地址", false),
    column("area_code", "所属区域编码", true),
    column("grid_codes", "服务网格编码", false),
    column("party_member_count", "在职党员数", false),
    column("commitment", "服务承诺", false),
    column("commitment_phone", "承诺电话", false),
];

/// Where each known column sits in the file; unknown columns (a 序号
/// column, notes) are left alone.
fn locate(header: &[String]) -> Result<HashMap<&'static str, usize>, ApiError> {
    let mut found: HashMap<&'static str, usize> = HashMap::new();
    let mut errors = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        // Templates often star the required columns: 单位名称*.
        let name = cell.trim().trim_matches(|c| c == '*' || c == '＊').trim();
        let Some(col) = COLUMNS.iter().find(|c| c.header == name || c.field.eq_ignore_ascii_case(name)) else {
            continue;
        };
        if found.insert(col.field, i).is_some() {
            errors.push(FieldError::new(
                "file",
                "duplicate_column",
                format!("the column {} ({}) appears twice in the header row", col.header, col.field),
            ));
        }
    }
    for col in COLUMNS.iter().filter(|c| c.required && !found.contains_key(c.field)) {
        errors.push(FieldError::new(
            "file",
            "missing_column",
            format!("the header row lacks the column {} ({})", col.header, col.field),
        ));
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// Grid codes in one cell: separated by 、 , ; or spaces (half or full width).
fn split_codes(cell: &str) -> Vec<String> {
    cell.split(|c: char| matches!(c, '、' | ',' | '，' | ';' | '；') || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A row read into the shape of `POST /units`, with the faults found so far.
struct Draft {
    row: u32,
    input: CreateUnit,
    area_code: String,
    /// The codes as written, for messages; `None` where a code named no area.
    grid_codes: Vec<(String, Option<i64>)>,
    errors: Vec<FieldError>,
}

/// Area ids by code, looked up once per file. Whether an area is within the
/// caller's reach is judged afterwards by the same check `POST /units` makes.
struct AreaCodes(HashMap<String, Option<i64>>);

impl AreaCodes {
    fn id(&mut self, conn: &mut DbConn, code: &str) -> Result<Option<i64>, ApiError> {
        if let Some(id) = self.0.get(code) {
            return Ok(*id);
        }
        let id = areas::table.filter(areas::code.eq(code)).select(areas::id).first::<i64>(conn).optional()?;
        self.0.insert(code.to_string(), id);
        Ok(id)
    }
}

fn not_found(field: &str, code: &str) -> FieldError {
    FieldError::new(field, "not_found", format!("no area with the code {code} within your reach"))
}

fn read_row(
    conn: &mut DbConn,
    codes: &mut AreaCodes,
    at: &HashMap<&'static str, usize>,
    row: u32,
    cells: &[String],
) -> Result<Draft, ApiError> {
    let cell = |field: &str| -> Option<String> {
        at.get(field).and_then(|i| cells.get(*i)).map(|c| c.trim().to_string()).filter(|c| !c.is_empty())
    };
    let mut errors = Vec::new();
    let mut required = |field: &str| {
        let value = cell(field);
        if value.is_none() {
            errors.push(FieldError::new(field, "required", "this column must be filled in"));
        }
        value.unwrap_or_default()
    };
    let name = required("name");
    let kind_text = required("kind");
    let credit_code = required("credit_code");
    let area_code = required("area_code");
    let kind = if kind_text.is_empty() {
        UnitKind::Other
    } else {
        UnitKind::from_label(&kind_text).unwrap_or_else(|| {
            let names: Vec<&str> = UnitKind::ALL.iter().map(|k| k.label()).collect();
            errors.push(FieldError::new(
                "kind",
                "invalid_type",
                format!("{kind_text} is not a unit type; use one of {}", names.join("、")),
            ));
            UnitKind::Other
        })
    };
    let party_member_count = match cell("party_member_count") {
        None => 0,
        Some(text) => text.parse::<i32>().unwrap_or_else(|_| {
            errors.push(FieldError::new("party_member_count", "invalid_type", "must be a whole number"));
            0
        }),
    };
    // 0 names no area: a code that is unknown is reported here, not again below.
    let mut area_id = 0;
    if !area_code.is_empty() {
        match codes.id(conn, &area_code)? {
            Some(id) => area_id = id,
            None => errors.push(not_found("area_code", &area_code)),
        }
    }
    let mut grid_codes = Vec::new();
    for code in cell("grid_codes").as_deref().map(split_codes).unwrap_or_default() {
        let id = codes.id(conn, &code)?;
        if id.is_none() {
            errors.push(not_found("grid_codes", &code));
        }
        grid_codes.push((code, id));
    }
    let input = CreateUnit {
        name,
        kind,
        credit_code,
        contact_name: cell("contact_name"),
        contact_phone: cell("contact_phone"),
        address: cell("address"),
        area_id,
        grid_ids: grid_codes.iter().filter_map(|(_, id)| *id).collect(),
        party_member_count,
        commitment: cell("commitment"),
        commitment_phone: cell("commitment_phone"),
    };
    Ok(Draft { row, input, area_code, grid_codes, errors })
}

/// The field of a `POST /units` error as the file names it.
fn column_of(field: &str) -> &str {
    match field {
        "area_id" => "area_code",
        f if f.starts_with("grid_ids") => "grid_codes",
        f => f,
    }
}

/// The rules of `POST /units`: the `validator` rules of the body, then the
/// home area and grids within reach and a credit code not yet taken.
fn check(conn: &mut DbConn, caller: &Caller, draft: &mut Draft) -> Result<Option<(Area, Vec<Area>)>, ApiError> {
    let mut found = Vec::new();
    if let Err(e) = draft.input.validate() {
        found.extend(field_errors(&e));
    }
    let mut area = None;
    if draft.input.area_id != 0 {
        match areas_repo::find_reference(conn, &caller.scope, "area_id", draft.input.area_id) {
            Ok(a) => area = Some(a),
            Err(ApiError::Validation(_)) => found.push(not_found("area_code", &draft.area_code)),
            Err(other) => return Err(other),
        }
    }
    let ids = repo::distinct(&draft.input.grid_ids);
    let grids = match repo::served_grids(conn, caller, &ids) {
        Ok(grids) => Some(grids),
        Err(ApiError::Validation(list)) => {
            found.extend(list.into_iter().map(|e| {
                // `grid_ids[i]` counts the distinct ids; name the code instead.
                let code = e
                    .field
                    .trim_start_matches("grid_ids[")
                    .trim_end_matches(']')
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| ids.get(i))
                    .and_then(|id| draft.grid_codes.iter().find(|(_, g)| *g == Some(*id)))
                    .map(|(c, _)| c.clone())
                    .unwrap_or_default();
                let message = match e.code.as_str() {
                    "not_a_grid" => format!("{code} is not a grid"),
                    _ => format!("no area with the code {code} within your reach"),
                };
                FieldError::new(e.field, e.code, message)
            }));
            None
        }
        Err(other) => return Err(other),
    };
    // An empty cell is reported once, not again by each rule it cannot pass.
    let empty: HashSet<String> =
        draft.errors.iter().filter(|e| e.code == "required").map(|e| e.field.clone()).collect();
    let credit_code_fine = ![&draft.errors, &found].iter().any(|list| list.iter().any(|e| e.field == "credit_code"));
    if credit_code_fine && repo::credit_code_taken(conn, &draft.input.credit_code, None)? {
        found.push(FieldError::new("credit_code", "duplicate", "a unit with this credit code is already registered"));
    }
    for mut e in found {
        e.field = column_of(&e.field).to_string();
        if !empty.contains(&e.field) {
            draft.errors.push(e);
        }
    }
    Ok(match (area, grids) {
        (Some(area), Some(grids)) if draft.errors.is_empty() => Some((area, grids)),
        _ => None,
    })
}

/// Marks every row that shares its credit code with another row of the
/// file: which of them is right is for the sender to say.
fn mark_duplicates_in_file(drafts: &mut [Draft]) {
    let mut rows_by_code: HashMap<String, Vec<u32>> = HashMap::new();
    for d in drafts.iter().filter(|d| !d.input.credit_code.is_empty()) {
        rows_by_code.entry(d.input.credit_code.clone()).or_default().push(d.row);
    }
    for d in drafts.iter_mut() {
        let Some(rows) = rows_by_code.get(&d.input.credit_code).filter(|r| r.len() > 1) else { continue };
        let others: Vec<String> = rows.iter().filter(|r| **r != d.row).map(u32::to_string).collect();
        d.errors.push(FieldError::new(
            "credit_code",
            "duplicate",
            format!("the same credit code is also in row {}", others.join(", ")),
        ));
    }
}

/// Checks every row and, unless it is a dry run, writes the good ones as the
/// mode says. Call it inside one transaction when writing: all rows land or none.
pub fn run(
    conn: &mut DbConn,
    caller: &Caller,
    meta: &RequestMeta,
    table: &Table,
    dry_run: bool,
    mode: ImportMode,
) -> Result<UnitImportReport, ApiError> {
    let at = locate(&table.header)?;
    let mut codes = AreaCodes(HashMap::new());
    let mut drafts = Vec::with_capacity(table.rows.len());
    for (row, cells) in &table.rows {
        drafts.push(read_row(conn, &mut codes, &at, *row, cells)?);
    }
    mark_duplicates_in_file(&mut drafts);
    let mut ready = Vec::new();
    for mut draft in drafts.drain(..) {
        let checked = check(conn, caller, &mut draft)?;
        ready.push((draft, checked));
    }
    let valid_rows = ready.iter().filter(|(d, _)| d.errors.is_empty()).count() as u32;
    let total_rows = ready.len() as u32;
    let write = !dry_run && (mode == ImportMode::GoodRows || valid_rows == total_rows);
    let mut imported = 0;
    let mut errors = Vec::new();
    for (draft, checked) in ready {
        let order = |f: &str| COLUMNS.iter().position(|c| c.field == f).unwrap_or(COLUMNS.len());
        let mut row_errors = draft.errors;
        row_errors.sort_by_key(|e| order(&e.field));
        errors.extend(row_errors.into_iter().map(|e| UnitImportError {
            row: draft.row,
            field: e.field,
            code: e.code,
            message: e.message,
        }));
        if let (true, Some((area, grids))) = (write, checked) {
            repo::insert(conn, caller, meta, draft.input, &area, &grids, "import")?;
            imported += 1;
        }
    }
    Ok(UnitImportReport { dry_run, mode, total_rows, valid_rows, imported, errors })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_split_on_every_separator() {
        assert_eq!(split_codes("1、2,3，4;5；6 7\u{3000}8"), vec!["1", "2", "3", "4", "5", "6", "7", "8"]);
    }

    #[test]
    fn headers_in_chinese_or_english_with_stars() {
        let header: Vec<String> =
            ["序号", "单位名称*", "kind", "Credit_Code", "所属区域编码"].iter().map(|s| s.to_string()).collect();
        let at = locate(&header).unwrap();
        assert_eq!((at["name"], at["kind"], at["credit_code"], at["area_code"]), (1, 2, 3, 4));
    }

    #[test]
    fn missing_and_doubled_columns_are_named() {
        let header: Vec<String> = ["单位名称", "name", "单位类型"].iter().map(|s| s.to_string()).collect();
        let Err(ApiError::Validation(errors)) = locate(&header) else { panic!("expected 422") };
        let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, vec!["duplicate_column", "missing_column", "missing_column"]);
        assert!(errors.iter().all(|e| e.field == "file"));
    }
}
