//! The service ledger (服务台账) as a spreadsheet: the filtered list, every
//! page, one row per service with its delivery and rating.

use std::fs::File;

use chrono::NaiveDate;
use chrono_tz::Tz;

use super::dto::{ServiceDto, ServiceFilters};
use super::model::ServiceKind;
use super::repo;
use super::state::ServiceStatus;
use crate::auth::Caller;
use crate::db::DbConn;
use crate::http::xlsx::{Cell, Column, SheetWriter, EXPORT_BATCH};
use crate::http::ApiError;
use crate::needs::NeedCategory;
use crate::resources::ResourceCategory;

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

fn kind_label(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::NeedMatch => "需求对接",
        ServiceKind::ShelfOrder => "超市点单",
    }
}

fn status_label(status: ServiceStatus) -> &'static str {
    match status {
        ServiceStatus::Ordered => "待接单",
        ServiceStatus::Accepted => "已接单",
        ServiceStatus::Declined => "已拒单",
        ServiceStatus::InProgress => "服务中",
        ServiceStatus::Delivered => "待评价",
        ServiceStatus::Closed => "已评价",
        ServiceStatus::Cancelled => "已取消",
    }
}

fn need_category_label(category: NeedCategory) -> &'static str {
    match category {
        NeedCategory::Sanitation => "环卫整治",
        NeedCategory::PovertyRelief => "扶贫助困",
        NeedCategory::Care => "敬老爱幼助残",
        NeedCategory::PolicyOutreach => "政策宣传",
        NeedCategory::Convenience => "便民利民",
        NeedCategory::DisasterRelief => "救灾应急",
        NeedCategory::OpinionCollection => "民意收集",
        NeedCategory::Civility => "精神文明",
        NeedCategory::PublicOrder => "综治维稳",
    }
}

fn resource_category_label(category: ResourceCategory) -> &'static str {
    match category {
        ResourceCategory::Venue => "场地",
        ResourceCategory::Funds => "资金",
        ResourceCategory::Goods => "物资",
        ResourceCategory::Skills => "人才技能",
        ResourceCategory::VolunteerService => "志愿服务",
        ResourceCategory::Policy => "政策",
        ResourceCategory::Other => "其他",
    }
}

fn count(n: Option<i32>) -> Cell<'static> {
    n.map(|n| Cell::Number(f64::from(n))).unwrap_or(Cell::Blank)
}

fn write_service(sheet: &mut SheetWriter, s: &ServiceDto, tz: &Tz) -> Result<(), ApiError> {
    let delivery = s.delivery.as_ref();
    let rating = s.rating.as_ref();
    sheet.row(&[
        Cell::Number(s.id as f64),
        Cell::Text(kind_label(s.kind)),
        Cell::Text(status_label(s.status)),
        s.need.as_ref().map(|n| Cell::from(&n.title)).unwrap_or(Cell::Blank),
        s.need.as_ref().map(|n| Cell::Text(need_category_label(n.category))).unwrap_or(Cell::Blank),
        Cell::from(&s.resource.title),
        Cell::Text(resource_category_label(s.resource.category)),
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
