//! Micro-wishes (微心愿): a household's small wish — a school bag, a
//! wheelchair — published to the helpers of its community without the
//! household's personal data, claimed by one unit or volunteer (a claimed
//! wish cannot be claimed twice), and fulfilled with a note.

pub mod dto;
pub mod model;
pub mod repo;
pub mod routes;

pub use model::WishStatus;
