//! The project file: round trip, atomic save with a kept backup, clear errors on damage.

use dossier::geometry::Rect;
use dossier::project::{self, Project, TagKind};

use crate::common;

#[test]
fn round_trip_and_backup() {
    let dir = common::temp_dir("project-roundtrip");
    let path = dir.join("p.json");
    let mut p = Project::default();
    let id = p.add_tag(
        "sha",
        3,
        Rect::new(1.0, 2.0, 3.0, 4.0),
        TagKind::MissedRedaction,
        "box missed",
        "",
    );
    assert_eq!(id, "tag-1");
    p.reviewed
        .insert(project::review_key("sha", "red-p3-1"), true);
    p.save(&path).unwrap();
    assert_eq!(Project::load(&path).unwrap(), p);
    assert!(
        !project::backup_path(&path).exists(),
        "no backup before a second save"
    );
    let mut q = p.clone();
    q.add_tag(
        "sha",
        4,
        Rect::new(0.0, 0.0, 1.0, 1.0),
        TagKind::Note,
        "second",
        "",
    );
    q.save(&path).unwrap();
    assert_eq!(Project::load(&path).unwrap().tags.len(), 2);
    assert_eq!(
        Project::load_backup(&path).unwrap(),
        p,
        "the previous version is kept"
    );
    // No temporary file left behind.
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn a_failed_save_leaves_the_old_file_intact() {
    let dir = common::temp_dir("project-failed-save");
    let path = dir.join("p.json");
    let p = Project::default();
    p.save(&path).unwrap();
    let before = std::fs::read(&path).unwrap();
    // Saving into a directory that does not exist fails before touching anything.
    let bad = dir.join("missing").join("p.json");
    assert!(p.save(&bad).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn damaged_files_are_errors_not_empty_projects() {
    let dir = common::temp_dir("project-damaged");
    let path = dir.join("p.json");
    std::fs::write(&path, b"{\"version\": 1, \"files\": [").unwrap();
    let e = Project::load(&path).unwrap_err().to_string();
    assert!(
        e.contains("not a readable project file") && e.contains(".bak"),
        "{e}"
    );
    std::fs::write(
        &path,
        b"{\"version\": 99, \"files\": [], \"tags\": [], \"reviewed\": {}}",
    )
    .unwrap();
    assert!(
        Project::load(&path)
            .unwrap_err()
            .to_string()
            .contains("newer Dossier")
    );
}
