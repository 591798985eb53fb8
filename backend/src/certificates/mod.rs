//! Hours certificates (志愿服务证明): what a volunteer served in a period,
//! from their service records, with a number and a check code so that
//! anyone holding the paper can ask the server whether it is genuine.

pub mod dto;
pub mod model;
pub mod repo;
pub mod routes;
