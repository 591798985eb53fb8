//! Co-building agreements (共建协议/责任书): a joint-building unit and a
//! community agree on a term, the duties of each side and the part-time
//! committee members the unit names. Filed under the community, so the
//! community's subtree decides who sees and changes them.

pub mod dto;
pub mod export;
pub mod model;
pub mod repo;
pub mod routes;
pub mod state;

pub use state::AgreementStatus;
