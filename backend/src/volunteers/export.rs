//! The volunteer ledger (志愿者台账) as a spreadsheet (导出): the filtered
//! list, every page, with each volunteer's confirmed hours. Identity numbers
//! stay masked: the volunteer number stands in for them.

use std::fs::File;

use chrono_tz::Tz;

use super::dto::{VolunteerDto, VolunteerListQuery};
use super::repo;
use crate::auth::Caller;
use crate::db::DbConn;
use crate::http::xlsx::{Cell, Column, SheetWriter, EXPORT_BATCH};
use crate::http::ApiError;
use crate::records::model::hours;

fn columns() -> Vec<Column> {
    let col = |header: &'static str, width: f64| Column { header, width };
    vec![
        col("志愿者编号", 14.0),
        col("姓名", 12.0),
        col("手机号", 14.0),
        col("身份证号", 20.0),
        col("政治面貌", 12.0),
        col("在职党员", 9.0),
        col("工作单位", 28.0),
        col("报到区域编码", 16.0),
        col("报到社区/网格", 22.0),
        col("技能特长", 24.0),
        col("状态", 8.0),
        col("累计服务时长（小时）", 12.0),
        col("登记时间", 20.0),
    ]
}

fn write_volunteer(sheet: &mut SheetWriter, v: &VolunteerDto, minutes: i64, tz: &Tz) -> Result<(), ApiError> {
    let skills = v.skills.join("、");
    sheet.row(&[
        Cell::from(&v.volunteer_no),
        Cell::from(&v.name),
        Cell::from(&v.phone),
        Cell::from(v.id_number.as_deref()),
        Cell::Text(v.political_status.label()),
        Cell::Text(if v.in_service { "是" } else { "否" }),
        Cell::from(v.work_unit.as_ref().map(|w| w.name.as_str())),
        Cell::from(&v.area.code),
        Cell::from(&v.area.name),
        Cell::from(&skills),
        Cell::Text(v.status.label()),
        Cell::Number(hours(minutes)),
        Cell::DateTime(v.created_at.with_timezone(tz).naive_local()),
    ])
}

/// The volunteers `GET /volunteers` would list for these filters, all pages,
/// as an `.xlsx` in a temp file.
pub fn export(conn: &mut DbConn, caller: &Caller, query: &VolunteerListQuery, tz: &Tz) -> Result<File, ApiError> {
    let mut sheet = SheetWriter::new("志愿者台账", &columns())?;
    repo::for_each_batch(conn, caller, query, EXPORT_BATCH, |rows| {
        rows.iter().try_for_each(|(v, minutes)| write_volunteer(&mut sheet, v, *minutes, tz))
    })?;
    sheet.finish()
}
