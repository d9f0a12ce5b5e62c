//! Test tooling shared by factbot's tests, benchmarks, examples and fuzz target. Nothing in
//! production depends on it.

pub mod synth;
