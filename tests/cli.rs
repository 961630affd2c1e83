//! The CLI end to end: `dossier analyze --json` on good and bad files; what the command line
//! teaches (unknown words, examples in the help, no progress bar when piped).

use std::process::Command;

use crate::common;

#[test]
fn bad_files_are_reported_and_the_batch_goes_on() {
    let dir = common::temp_dir("cli-bad-files");
    std::fs::copy(common::sample("production.pdf"), dir.join("production.pdf")).unwrap();
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
    assert_eq!(files.len(), 4);
    let mut failed = 0;
    for f in files {
        let errors = f["errors"].as_array().unwrap().len();
        if f["path"].as_str().unwrap().ends_with("production.pdf") {
            assert_eq!(errors, 0, "{f}");
            check_sample_report(f);
        } else {
            assert_eq!(errors, 1, "{f}");
            failed += 1;
        }
    }
    assert_eq!(failed, 3);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in ["notes.pdf", "empty.pdf", "truncated.pdf"] {
        assert!(stderr.contains(name), "stderr names {name}: {stderr}");
    }
}

/// The sample's report: page count, hash, and the page stamps of the truth.
fn check_sample_report(f: &serde_json::Value) {
    let truth = common::read_json(&common::sample("production.truth.json"));
    let pages = truth["pages"].as_array().unwrap();
    assert_eq!(f["pages"].as_u64().unwrap() as usize, pages.len());
    let bytes = std::fs::read(common::sample("production.pdf")).unwrap();
    assert_eq!(
        f["sha256"].as_str().unwrap(),
        dossier::analysis::sha256_hex(&bytes)
    );
    let labels: Vec<&serde_json::Value> = pages.iter().map(|p| &p["label"]).collect();
    let got: Vec<&serde_json::Value> = f["page_labels"].as_array().unwrap().iter().collect();
    assert_eq!(got, labels);
    for key in [
        "documents",
        "redactions",
        "officials",
        "permit_links",
        "permit_candidates",
        "errors",
    ] {
        assert!(f[key].is_array(), "{key} is in the contract");
    }
}

#[test]
fn human_summary_on_the_samples() {
    let out = Command::new(common::dossier_bin())
        .args(["analyze"])
        .arg(common::sample("production.pdf"))
        .args(["--permits"])
        .arg(common::sample("permits.csv"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("production.pdf"), "{text}");
    assert!(text.contains("12 pages"), "{text}");
    assert!(text.contains("A-2020-00417 - 000001"), "{text}");
}

/// Runs `dossier ARGS` with no display in the environment (a window could not open, and a test
/// that tried would not wait for one), killed if it takes longer than `limit`.
fn run_without_display(args: &[&str], limit: std::time::Duration) -> std::process::Output {
    let mut child = Command::new(common::dossier_bin())
        .args(args)
        .current_dir(common::root())
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dossier {args:?} still running after {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

#[test]
fn an_unknown_word_is_an_error_that_lists_the_commands() {
    let out = run_without_display(&["frobnicate"], std::time::Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown command 'frobnicate'"), "{stderr}");
    for command in ["analyze", "export", "timeline", "text"] {
        assert!(stderr.contains(command), "lists {command}: {stderr}");
    }
    assert!(!stderr.contains("could not open the window"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_missing_file_still_goes_to_the_window() {
    // Not an unknown command: it looks like a file, so the window is asked for (and, with no
    // display, says it could not open).
    let out = run_without_display(&["missing.pdf"], std::time::Duration::from_secs(30));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("unknown command"), "{stderr}");
}

#[test]
fn each_command_help_has_examples() {
    for command in ["analyze", "export", "timeline", "text"] {
        let out = Command::new(common::dossier_bin())
            .args([command, "--help"])
            .output()
            .unwrap();
        assert!(out.status.success());
        let help = String::from_utf8_lossy(&out.stdout);
        assert!(help.contains("Example"), "{command}: {help}");
        assert!(
            help.contains(&format!("dossier {command} samples/")),
            "{command}: {help}"
        );
    }
}

#[test]
fn piped_output_has_no_progress_bar() {
    let out = run_without_display(
        &[
            "analyze",
            "samples/production.pdf",
            "samples/production.pdf",
            "--ocr",
            "never",
        ],
        std::time::Duration::from_secs(120),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(!out.stdout.contains(&b'\r'), "no \\r in stdout");
    assert!(!out.stderr.contains(&b'\r'), "no \\r in stderr");
    assert!(!out.stderr.contains(&0x1b), "no escape sequences in stderr");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
