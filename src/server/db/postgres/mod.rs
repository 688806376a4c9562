//! The PostgreSQL backend (issue #32), the scale-out path: several app
//! instances on one database. So far its live hub ([`hub::PgHub`]); the
//! repository's queries, one module per part as in `sqlite`, follow.
//! Server only; reached through `server::db` and `server::live`.

pub mod hub;
