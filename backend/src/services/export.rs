//! The service ledger (服务台账) as a spreadsheet: the filtered list, every
//! page, one row per service with its delivery and rating.

use std::fs::File;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::dto::{ServiceDto, ServiceFilters};
use super::repo;
use crate::auth::Caller;
use crate::db::DbConn;
use crate::http::xlsx::{Cell, Column, SheetWriter, EXPORT_BATCH};
use crate::http::ApiError;

fn columns() -> Vec<Column> {
    let col = |header: &'static str, width: f64| Column { header, width };
    vec![
        col("服务编号", 10.0),
        col("来源", 10.0),
        col("状态", 8.0),
        col("需求", 28.0),
        col("需求类别", 12.0),
        col("资源", 28.0),
        col("资源类别", 10.0),
        col("提供单位", 28.0),
        col("下单区域编码", 16.0),
        col("下单区域", 18.0),
        col("数量", 8.0),
        col("计量单位", 8.0),
        col("期望完成日期", 12.0),
        col("逾期", 6.0),
        col("下单人", 12.0),
        col("下单时间", 20.0),
        col("完成日期", 12.0),
        col("参与人数", 8.0),
        col("受益人数", 8.0),
        col("服务情况", 40.0),
        col("评分", 6.0),
        col("评价", 30.0),
        col("拒单/取消原因", 24.0),
    ]
}

fn count(n: Option<i32>) -> Cell<'static> {
    n.map(|n| Cell::Number(f64::from(n))).unwrap_or(Cell::Blank)
}

fn write_service(sheet: &mut SheetWriter, s: &ServiceDto, tz: &Tz) -> Result<(), ApiError> {
    let delivery = s.delivery.as_ref();
    let rating = s.rating.as_ref();
    sheet.row(&[
        Cell::Number(s.id as f64),
        Cell::Text(s.kind.label()),
        Cell::Text(s.status.label()),
        s.need.as_ref().map(|n| Cell::from(&n.title)).unwrap_or(Cell::Blank),
        s.need.as_ref().map(|n| Cell::Text(n.category.label())).unwrap_or(Cell::Blank),
        Cell::from(&s.resource.title),
        Cell::Text(s.resource.category.label()),
        Cell::from(&s.unit.name),
        Cell::from(&s.area.code),
        Cell::from(&s.area.name),
        Cell::Number(f64::from(s.quantity)),
        Cell::from(s.resource.measure.as_deref()),
        Cell::from(s.wanted_by),
        Cell::Text(if s.overdue { "是" } else { "" }),
        Cell::from(&s.ordered_by.display_name),
        Cell::DateTime(s.created_at.with_timezone(tz).naive_local()),
        Cell::from(delivery.map(|d| d.delivered_on)),
        count(delivery.and_then(|d| d.participants)),
        count(delivery.and_then(|d| d.beneficiaries_reached)),
        Cell::from(delivery.and_then(|d| d.notes.as_deref())),
        count(rating.map(|r| r.score)),
        Cell::from(rating.and_then(|r| r.comment.as_deref())),
        Cell::from(s.reason.as_deref()),
    ])
}

/// The services `GET /services` would list for these filters, all pages, as
/// an `.xlsx` in a temp file. Overdue is as of `today`.
pub fn export(
    conn: &mut DbConn,
    caller: &Caller,
    filters: &ServiceFilters,
    today: NaiveDate,
    tz: &Tz,
) -> Result<File, ApiError> {
    let mut sheet = SheetWriter::new("服务清单", &columns())?;
    repo::for_each_batch(conn, caller, filters, today, EXPORT_BATCH, |rows| {
        rows.iter().try_for_each(|s| write_service(&mut sheet, s, tz))
    })?;
    sheet.finish()
}
