//! One integration-test binary (faster to build than one per file). One module per area.

// Shared helpers: sample paths, the built binary, ../shared corpus lookup.
mod common;

// The JSON contract and the CLI on good and bad files.
mod cli;
