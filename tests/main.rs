//! One integration-test binary (faster to build than one per file). One module per area.

// Shared helpers: sample paths, the built binary, ../shared corpus lookup.
mod common;

// The JSON contract and the CLI on good and bad files.
mod cli;

// Broken and malicious files: an analysis or a per-file error, never a crash or a hang.
mod hostile;
