//! `dossier`: a static site generator for annotated news dossiers.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`load`]: read `dossier.yaml`, the articles and the annotation files;
//! 2. [`resolve`]: check ids and references, place every anchor, and build the [`model`];
//! 3. [`render`]: turn the model into pages with the theme's Tera templates;
//! 4. [`write`]: write the site atomically.
//!
//! Every stage reports problems as [`diagnostic`]s and goes on where it can, so one run shows
//! every error. The commands in `cmd/` call [`pipeline`]; [`serve`] runs the same pipeline
//! into memory on every change and serves the result, and [`edit`] turns what is selected in
//! its pages into additions to the annotation files.

pub mod cache;
pub mod cmd;
pub mod diagnostic;
pub mod edit;
pub mod import;
pub mod links;
pub mod load;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod suggest;
pub mod write;
