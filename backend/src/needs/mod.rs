//! Needs (需求清单): what the residents of a community or grid need, raised
//! by its staff under one of the nine "assembly calls" (集结号), matched to
//! the resources units offer (`matching`) and met by services.

pub mod dto;
pub mod matching;
pub mod model;
pub mod repo;
pub mod routes;
pub mod state;

pub use model::{NeedCategory, Urgency};
pub use state::NeedStatus;
