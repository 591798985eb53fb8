//! Co-building agreements as a spreadsheet (导出): the filtered list, every
//! page, one row per agreement with its members in one cell.

use std::fs::File;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::dto::{AgreementDto, AgreementFilters};
use super::repo;
use crate::auth::Caller;
use crate::db::DbConn;
use crate::http::xlsx::{Cell, Column, SheetWriter, EXPORT_BATCH};
use crate::http::ApiError;

fn columns() -> Vec<Column> {
    let col = |header: &'static str, width: f64| Column { header, width };
    vec![
        col("协议编号", 10.0),
        col("共建单位", 30.0),
        col("统一社会信用代码", 22.0),
        col("社区编码", 16.0),
        col("社区", 18.0),
        col("开始日期", 12.0),
        col("结束日期", 12.0),
        col("签订日期", 12.0),
        col("状态", 8.0),
        col("单位职责", 40.0),
        col("社区职责", 40.0),
        col("兼职委员", 40.0),
        col("终止原因", 24.0),
        col("续签自协议", 11.0),
        col("登记时间", 20.0),
    ]
}

/// 张三（书记，13904830000）；李四
fn members(a: &AgreementDto) -> String {
    a.members
        .iter()
        .map(|m| {
            let details: Vec<&str> = [m.post.as_deref(), m.phone.as_deref()].into_iter().flatten().collect();
            if details.is_empty() {
                m.name.clone()
            } else {
                format!("{}（{}）", m.name, details.join("，"))
            }
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn write_agreement(sheet: &mut SheetWriter, a: &AgreementDto, tz: &Tz) -> Result<(), ApiError> {
    let members = members(a);
    sheet.row(&[
        Cell::Number(a.id as f64),
        Cell::from(&a.unit.name),
        Cell::from(&a.unit.credit_code),
        Cell::from(&a.community.code),
        Cell::from(&a.community.name),
        Cell::Date(a.starts_on),
        Cell::Date(a.ends_on),
        Cell::from(a.signed_on),
        Cell::Text(a.status.label()),
        Cell::from(a.unit_duties.as_deref()),
        Cell::from(a.community_duties.as_deref()),
        Cell::from(&members),
        Cell::from(a.termination_reason.as_deref()),
        a.renewed_from_id.map(|id| Cell::Number(id as f64)).unwrap_or(Cell::Blank),
        Cell::DateTime(a.created_at.with_timezone(tz).naive_local()),
    ])
}

/// The agreements `GET /agreements` would list for these filters, all pages,
/// as an `.xlsx` in a temp file. Statuses are as of `today`.
pub fn export(
    conn: &mut DbConn,
    caller: &Caller,
    filters: &AgreementFilters,
    today: NaiveDate,
    tz: &Tz,
) -> Result<File, ApiError> {
    let mut sheet = SheetWriter::new("共建协议", &columns())?;
    repo::for_each_batch(conn, caller, filters, today, EXPORT_BATCH, |rows| {
        rows.iter().try_for_each(|a| write_agreement(&mut sheet, a, tz))
    })?;
    sheet.finish()
}
