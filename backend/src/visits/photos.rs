//! Photos of a visit: kept in the database, at most nine a visit, served only
//! to those who reach the visit's pairing.

use chrono::Utc;
use diesel::prelude::*;

use super::dto::PhotoRef;
use super::model::NewPhoto;
use super::repo;
use crate::auth::Caller;
use crate::db::schema::{visit_photos, visits};
use crate::db::DbConn;
use crate::http::upload::ImageUpload;
use crate::http::ApiError;
use crate::pairings::repo as pairings_repo;

/// How many photos one visit keeps.
pub const MAX_PHOTOS: i32 = 9;

/// Adds a photo to a visit; who may record visits on its pairing may add one.
pub fn add(conn: &mut DbConn, caller: &Caller, visit_id: i64, image: ImageUpload) -> Result<PhotoRef, ApiError> {
    let visit = repo::find(conn, caller, visit_id)?;
    pairings_repo::for_visit(conn, caller, visit.pairing_id)?;
    // One conditional statement holds the count, however many uploads race.
    let counted =
        diesel::update(visits::table.filter(visits::id.eq(visit_id)).filter(visits::photo_count.lt(MAX_PHOTOS)))
            .set(visits::photo_count.eq(visits::photo_count + 1))
            .execute(conn)?;
    if counted == 0 {
        return Err(ApiError::Conflict("too_many_photos", format!("a visit keeps at most {MAX_PHOTOS} photos")));
    }
    let byte_size = i32::try_from(image.bytes.len()).map_err(ApiError::internal)?;
    let id: i64 = diesel::insert_into(visit_photos::table)
        .values(NewPhoto {
            visit_id,
            content_type: image.content_type.to_string(),
            byte_size,
            data: image.bytes,
            created_at: Utc::now().naive_utc(),
        })
        .returning(visit_photos::id)
        .get_result(conn)?;
    Ok(PhotoRef { id, visit_id, content_type: image.content_type.to_string(), byte_size })
}

/// A photo's type and bytes, for a caller who reaches its visit.
pub fn read(conn: &mut DbConn, caller: &Caller, visit_id: i64, photo_id: i64) -> Result<(String, Vec<u8>), ApiError> {
    repo::find(conn, caller, visit_id)?;
    visit_photos::table
        .filter(visit_photos::id.eq(photo_id))
        .filter(visit_photos::visit_id.eq(visit_id))
        .select((visit_photos::content_type, visit_photos::data))
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound)
}
