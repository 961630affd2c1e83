//! The CLI end to end: `dossier analyze --json` on good and bad files.

use std::process::Command;

use crate::common;

#[test]
fn bad_files_are_reported_and_the_batch_goes_on() {
    let dir = common::temp_dir("cli-bad-files");
    std::fs::write(dir.join("notes.pdf"), "These are my notes, not a PDF.\n").unwrap();
    std::fs::write(dir.join("empty.pdf"), b"").unwrap();
    // A truncated PDF: the header and the start of an object, nothing more.
    std::fs::write(
        dir.join("truncated.pdf"),
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
    )
    .unwrap();
    let out = Command::new(common::dossier_bin())
        .args(["analyze", "--json"])
        .arg(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "exit code says something failed"
    );
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("valid JSON on stdout");
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    for f in files {
        assert_eq!(f["errors"].as_array().unwrap().len(), 1, "{f}");
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["notes.pdf", "empty.pdf", "truncated.pdf"] {
        assert!(stderr.contains(name), "stderr names {name}: {stderr}");
    }
}
