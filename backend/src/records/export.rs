//! The hours ledger (志愿服务时长台账) as a spreadsheet: every record the
//! list shows for the filters, originals and adjustments alike, as the
//! paper ledgers staff keep record them.

use std::fs::File;

use chrono_tz::Tz;

use super::dto::{ServiceRecordDto, ServiceRecordListQuery};
use super::repo;
use crate::auth::Caller;
use crate::db::DbConn;
use crate::http::xlsx::{Cell, Column, SheetWriter, EXPORT_BATCH};
use crate::http::ApiError;

fn columns() -> Vec<Column> {
    let col = |header: &'static str, width: f64| Column { header, width };
    vec![
        col("记录编号", 10.0),
        col("类型", 8.0),
        col("志愿者编号", 14.0),
        col("姓名", 10.0),
        col("项目", 28.0),
        col("服务区域编码", 16.0),
        col("服务区域", 18.0),
        col("工作单位", 24.0),
        col("服务日期", 12.0),
        col("时长（分钟）", 10.0),
        col("时长（小时）", 10.0),
        col("更正后时长（小时）", 12.0),
        col("服务内容", 30.0),
        col("更正记录", 10.0),
        col("更正原因", 24.0),
        col("确认人", 12.0),
        col("记录时间", 20.0),
    ]
}

fn write_record(sheet: &mut SheetWriter, r: &ServiceRecordDto, tz: &Tz) -> Result<(), ApiError> {
    sheet.row(&[
        Cell::Number(r.id as f64),
        Cell::Text(r.kind.label()),
        Cell::from(&r.volunteer.volunteer_no),
        Cell::from(&r.volunteer.name),
        Cell::from(&r.project.title),
        Cell::from(&r.area.code),
        Cell::from(&r.area.name),
        r.unit.as_ref().map(|u| Cell::from(&u.name)).unwrap_or(Cell::Blank),
        Cell::Date(r.service_date),
        Cell::Number(f64::from(r.minutes)),
        Cell::Number(r.hours),
        r.effective_minutes.map(|m| Cell::Number(super::model::hours(m))).unwrap_or(Cell::Blank),
        Cell::from(&r.content),
        r.corrects_id.map(|id| Cell::Number(id as f64)).unwrap_or(Cell::Blank),
        Cell::from(r.reason.as_deref()),
        Cell::from(&r.confirmed_by.display_name),
        Cell::DateTime(r.created_at.with_timezone(tz).naive_local()),
    ])
}

/// The records `GET /service-records` would list for these filters, all
/// pages, as an `.xlsx` in a temp file.
pub fn export(conn: &mut DbConn, caller: &Caller, q: &ServiceRecordListQuery, tz: &Tz) -> Result<File, ApiError> {
    let mut sheet = SheetWriter::new("志愿服务记录", &columns())?;
    repo::for_each_batch(conn, caller, q, EXPORT_BATCH, |rows| {
        rows.iter().try_for_each(|r| write_record(&mut sheet, r, tz))
    })?;
    sheet.finish()
}
