//! Units as spreadsheets: the export of a filtered list (导出) and the import
//! template (导入模板). The export starts with the import's columns under the
//! same headers, so a sheet exported from one office reads in at another.

use std::fs::File;

use chrono_tz::Tz;
use diesel::prelude::*;
use rust_xlsxwriter::{DataValidation, Format, Workbook, XlsxError};

use super::dto::{UnitDto, UnitFilters};
use super::import::{COLUMNS, MAX_ROWS};
use super::model::UnitKind;
use super::{credit_code, repo};
use crate::areas::repo as areas_repo;
use crate::auth::caller::subtree_bounds;
use crate::auth::Caller;
use crate::db::schema::areas;
use crate::db::DbConn;
use crate::http::xlsx::{header_format, text_format, Cell, Column, SheetWriter, EXPORT_BATCH};
use crate::http::ApiError;

/// The Chinese header of an import column.
fn header(field: &str) -> &'static str {
    COLUMNS.iter().find(|c| c.field == field).map(|c| c.header).unwrap_or("")
}

fn export_columns() -> Vec<Column> {
    let col = |header: &'static str, width: f64| Column { header, width };
    vec![
        col(header("name"), 30.0),
        col(header("kind"), 12.0),
        col(header("credit_code"), 22.0),
        col(header("contact_name"), 10.0),
        col(header("contact_phone"), 16.0),
        col(header("address"), 30.0),
        col(header("area_code"), 16.0),
        col("所属区域", 16.0),
        col(header("grid_codes"), 34.0),
        col("服务网格", 30.0),
        col(header("party_member_count"), 11.0),
        col(header("commitment"), 40.0),
        col(header("commitment_phone"), 16.0),
        col("状态", 8.0),
        col("登记时间", 20.0),
        col("更新时间", 20.0),
    ]
}

fn write_unit(sheet: &mut SheetWriter, u: &UnitDto, tz: &Tz) -> Result<(), ApiError> {
    let grid_codes = u.grids.iter().map(|g| g.code.as_str()).collect::<Vec<_>>().join("、");
    let grid_names = u.grids.iter().map(|g| g.name.as_str()).collect::<Vec<_>>().join("、");
    sheet.row(&[
        Cell::from(&u.name),
        Cell::Text(u.kind.label()),
        Cell::from(&u.credit_code),
        Cell::from(u.contact_name.as_deref()),
        Cell::from(u.contact_phone.as_deref()),
        Cell::from(u.address.as_deref()),
        Cell::from(&u.area.code),
        Cell::from(&u.area.name),
        Cell::from(&grid_codes),
        Cell::from(&grid_names),
        Cell::Number(f64::from(u.party_member_count)),
        Cell::from(u.commitment.as_deref()),
        Cell::from(u.commitment_phone.as_deref()),
        Cell::Text(u.status.label()),
        Cell::DateTime(u.created_at.with_timezone(tz).naive_local()),
        Cell::DateTime(u.updated_at.with_timezone(tz).naive_local()),
    ])
}

/// The units `GET /units` would list for these filters, all pages, as an
/// `.xlsx` in a temp file. Times are local to the deployment.
pub fn export(conn: &mut DbConn, caller: &Caller, filters: &UnitFilters, tz: &Tz) -> Result<File, ApiError> {
    let mut sheet = SheetWriter::new("共建单位", &export_columns())?;
    repo::for_each_batch(conn, caller, filters, EXPORT_BATCH, |units| {
        units.iter().try_for_each(|u| write_unit(&mut sheet, u, tz))
    })?;
    sheet.finish()
}

fn failed(e: XlsxError) -> ApiError {
    ApiError::internal(format!("spreadsheet: {e}"))
}

/// A community in reach and two of its grids, so the example row names
/// codes that would import for the caller.
fn example_codes(conn: &mut DbConn, caller: &Caller) -> Result<(String, String), ApiError> {
    let community: Option<(String, String)> = areas_repo::scoped(&caller.scope)
        .filter(areas::kind.eq("community"))
        .order(areas::code.asc())
        .select((areas::code, areas::path))
        .first(conn)
        .optional()?;
    let Some((code, path)) = community else { return Ok(("152922100001".into(), "152922100001001".into())) };
    let (lo, hi) = subtree_bounds(&path);
    let grids: Vec<String> = areas_repo::scoped(&caller.scope)
        .filter(areas::kind.eq("grid"))
        .filter(areas::path.ge(lo))
        .filter(areas::path.lt(hi))
        .order(areas::code.asc())
        .select(areas::code)
        .limit(2)
        .load(conn)?;
    Ok((code, grids.join("、")))
}

/// Columns of codes and phone numbers, kept as text in the template.
const TEXT_FIELDS: &[&str] = &["credit_code", "contact_phone", "area_code", "grid_codes", "commitment_phone"];

/// What to write in each column, for the second sheet.
const GUIDE: &[(&str, &str)] = &[
    ("name", "必填，1–100 字"),
    ("kind", "必填：党政机关、事业单位、国有企业、非公企业（或民营企业）、社会组织、其他"),
    ("credit_code", "必填，18 位统一社会信用代码，大写字母，校验位须正确；不可与已登记单位或本表其他行重复"),
    ("contact_name", "选填，1–50 字"),
    ("contact_phone", "选填，手机号或带区号的固定电话（0483-6012345）"),
    ("address", "选填，至多 200 字"),
    ("area_code", "必填，单位驻在区域的编码，须在您的管辖范围内"),
    ("grid_codes", "选填，服务网格编码，多个用 、 , ; 或空格分隔；每个须是您管辖范围内的网格"),
    ("party_member_count", "选填，整数，默认 0"),
    ("commitment", "选填，至多 2000 字"),
    ("commitment_phone", "选填，格式同联系电话"),
];

/// The import template: the header row, one example row, a list to pick the
/// unit type from, code columns kept as text, and a second sheet that says
/// what each column takes.
pub fn template(conn: &mut DbConn, caller: &Caller) -> Result<Vec<u8>, ApiError> {
    let (area_code, grid_codes) = example_codes(conn, caller)?;
    let code_body = b"12152922MB0000001";
    let check = credit_code::check_character(code_body).map(char::from).unwrap_or('0');
    let example_code = format!("{}{check}", String::from_utf8_lossy(code_body));

    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("共建单位").map_err(failed)?;
    let (plain, required) = (header_format(), header_format().set_font_color("#C00000"));
    let text = text_format();
    let last_row = MAX_ROWS as u32;
    for (i, column) in COLUMNS.iter().enumerate() {
        let col = i as u16;
        let width = match column.field {
            "name" | "address" | "commitment" => 30.0,
            "credit_code" | "grid_codes" => 24.0,
            _ => 14.0,
        };
        sheet.set_column_width(col, width).map_err(failed)?;
        if TEXT_FIELDS.contains(&column.field) {
            sheet.set_column_format(col, &text).map_err(failed)?;
        }
        let format = if column.required { &required } else { &plain };
        sheet.write_string_with_format(0, col, column.header, format).map_err(failed)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(failed)?;
    let kinds: Vec<&str> = UnitKind::ALL.iter().map(|k| k.label()).collect();
    let pick_kind = DataValidation::new()
        .allow_list_strings(&kinds)
        .map_err(failed)?
        .set_error_message("请从列表中选择单位类型")
        .map_err(failed)?;
    let kind_col = COLUMNS.iter().position(|c| c.field == "kind").unwrap_or(1) as u16;
    sheet.add_data_validation(1, kind_col, last_row, kind_col, &pick_kind).map_err(failed)?;
    let example = [
        "（示例，导入前请删除此行）旗人民医院",
        UnitKind::PublicInstitution.label(),
        &example_code,
        "张三",
        "13904830000",
        "巴丹吉林镇额肯呼都格街 1 号",
        &area_code,
        &grid_codes,
        "12",
        "每月第一个周六开展义诊进社区",
        "0483-6012345",
    ];
    for (i, (column, value)) in COLUMNS.iter().zip(example).enumerate() {
        let col = i as u16;
        if column.field == "party_member_count" {
            sheet.write_number(1, col, value.parse::<f64>().unwrap_or(0.0)).map_err(failed)?;
        } else if TEXT_FIELDS.contains(&column.field) {
            sheet.write_string_with_format(1, col, value, &text).map_err(failed)?;
        } else {
            sheet.write_string(1, col, value).map_err(failed)?;
        }
    }

    let guide = workbook.add_worksheet();
    guide.set_name("填写说明").map_err(failed)?;
    guide.set_column_width(0, 18).map_err(failed)?;
    guide.set_column_width(1, 20).map_err(failed)?;
    guide.set_column_width(2, 90).map_err(failed)?;
    let wrap = Format::new().set_text_wrap();
    for (col, title) in ["列名", "英文列名", "填写要求"].iter().enumerate() {
        guide.write_string_with_format(0, col as u16, *title, &header_format()).map_err(failed)?;
    }
    for (i, (field, rule)) in GUIDE.iter().enumerate() {
        let row = i as u32 + 1;
        guide.write_string(row, 0, header(field)).map_err(failed)?;
        guide.write_string(row, 1, *field).map_err(failed)?;
        guide.write_string_with_format(row, 2, *rule, &wrap).map_err(failed)?;
    }
    let notes = [
        "第一行为表头，可用中文或英文列名；其他列（如序号）会被忽略。",
        "只读取第一个工作表；空行跳过。每个文件至多 20000 行。",
        "先“检查”（试导入）会列出每个错误的行号、列与原因，不写入任何数据。",
        "“全部或全不”：有任一错误行则不导入；“仅导入正确行”：导入无误的行，报告其余行。",
    ];
    for (i, note) in notes.iter().enumerate() {
        guide.write_string(GUIDE.len() as u32 + 2 + i as u32, 0, *note).map_err(failed)?;
    }
    workbook.save_to_buffer().map_err(failed)
}
