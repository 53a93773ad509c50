//! A build and a preview server that touch only what is their own: regression tests for
//! every way a dossier, a careless command line or a hostile page could make `dossier` destroy
//! or leak a file that is not its own, or run without bound.

#[path = "../common/mod.rs"]
mod common;

mod limits;
mod output;
mod reading;
mod smaller;
mod urls;
