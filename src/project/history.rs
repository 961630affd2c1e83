//! Undo and redo of review actions: every change to a reviewed mark, a correction (a dismissal
//! included) or a tag is a [`Step`] that remembers the value before and after, so a step (one
//! key press on a selection of many findings is one step) can be taken back and done again.
//! Plain data over a [`Project`]; the GUI only wires keys to it.

use super::review::Correction;
use super::{Project, Tag};

/// A change to make: the value wanted (`None`: no entry).
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// The reviewed mark of a finding, by review key.
    Reviewed(String, Option<bool>),
    /// The correction of a finding, by review key (an empty correction is no entry).
    Correction(String, Option<Correction>),
    /// A tag, by id.
    Tag(String, Option<Tag>),
}

/// A change made: the value before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// The entry and the value before (`None`: no entry).
    pub before: Edit,
    /// The same entry and the value after.
    pub after: Edit,
}

/// One undoable action.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// What it did, for people (`reviewed 3 findings`).
    pub label: String,
    /// Its changes, in the order made.
    pub changes: Vec<Change>,
}

impl Step {
    /// The review keys (or tag ids) the step changed, in order.
    pub fn keys(&self) -> Vec<&str> {
        self.changes.iter().map(|c| key_of(&c.after)).collect()
    }
}

/// The undo and redo stacks.
#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Step>,
    redo: Vec<Step>,
}

/// Steps kept for undo.
pub const LIMIT: usize = 1000;

fn key_of(e: &Edit) -> &str {
    match e {
        Edit::Reviewed(k, _) | Edit::Correction(k, _) | Edit::Tag(k, _) => k,
    }
}

/// The current value of the entry `e` names.
fn current(project: &Project, e: &Edit) -> Edit {
    match e {
        Edit::Reviewed(k, _) => Edit::Reviewed(k.clone(), project.reviewed.get(k).copied()),
        Edit::Correction(k, _) => Edit::Correction(k.clone(), project.corrections.get(k).cloned()),
        Edit::Tag(id, _) => Edit::Tag(
            id.clone(),
            project.tags.iter().find(|t| &t.id == id).cloned(),
        ),
    }
}

/// Sets the entry to the value `e` holds.
fn set(project: &mut Project, e: &Edit) {
    match e {
        Edit::Reviewed(k, v) => match v {
            Some(v) => {
                project.reviewed.insert(k.clone(), *v);
            }
            None => {
                project.reviewed.remove(k);
            }
        },
        Edit::Correction(k, c) => match c.as_ref().filter(|c| !c.is_empty()) {
            Some(c) => {
                project.corrections.insert(k.clone(), c.clone());
            }
            None => {
                project.corrections.remove(k);
            }
        },
        Edit::Tag(id, t) => {
            let at = project.tags.iter().position(|x| &x.id == id);
            match (t, at) {
                (Some(t), Some(i)) => {
                    if let Some(slot) = project.tags.get_mut(i) {
                        *slot = t.clone();
                    }
                }
                (Some(t), None) => {
                    // Back where it was: tags are numbered in the order made.
                    let n = |x: &Tag| tag_number(&x.id);
                    let i = project.tags.partition_point(|x| n(x) < n(t));
                    project.tags.insert(i, t.clone());
                }
                (None, Some(i)) => {
                    project.tags.remove(i);
                }
                (None, None) => {}
            }
        }
    }
}

fn tag_number(id: &str) -> u64 {
    id.strip_prefix("tag-")
        .and_then(|n| n.parse().ok())
        .unwrap_or(u64::MAX)
}

/// An empty correction is no correction.
fn normal(e: Edit) -> Edit {
    match e {
        Edit::Correction(k, Some(c)) if c.is_empty() => Edit::Correction(k, None),
        e => e,
    }
}

impl History {
    /// Makes `edits` on `project` as one step named `label` and keeps it for undo (the redo
    /// stack is dropped). Edits that change nothing are left out; returns how many changed.
    pub fn apply(&mut self, project: &mut Project, label: &str, edits: Vec<Edit>) -> usize {
        let mut changes = Vec::new();
        for e in edits {
            let after = normal(e);
            let before = normal(current(project, &after));
            if before == after {
                continue;
            }
            set(project, &after);
            changes.push(Change { before, after });
        }
        let n = changes.len();
        self.record(Step {
            label: label.to_string(),
            changes,
        });
        n
    }

    /// Keeps a step already made (a new tag) for undo; a step without changes is not kept.
    pub fn record(&mut self, step: Step) {
        if step.changes.is_empty() {
            return;
        }
        self.redo.clear();
        self.undo.push(step);
        if self.undo.len() > LIMIT {
            self.undo.remove(0);
        }
    }

    /// Takes back the last step; returns it, `None` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Option<&Step> {
        let step = self.undo.pop()?;
        for c in step.changes.iter().rev() {
            set(project, &c.before);
        }
        self.redo.push(step);
        self.redo.last()
    }

    /// Makes the last undone step again; `None` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Option<&Step> {
        let step = self.redo.pop()?;
        for c in &step.changes {
            set(project, &c.after);
        }
        self.undo.push(step);
        self.undo.last()
    }

    /// What undo would take back.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    /// What redo would make again.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }
}

/// A step for a tag just added (by [`Project::add_tag`]).
pub fn tag_added(project: &Project, id: &str) -> Step {
    let tag = project.tags.iter().find(|t| t.id == id).cloned();
    Step {
        label: format!("add {id}"),
        changes: vec![Change {
            before: Edit::Tag(id.to_string(), None),
            after: Edit::Tag(id.to_string(), tag),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Rect;
    use crate::project::TagKind;

    #[test]
    fn one_step_for_many_findings_undone_and_redone_whole() {
        let mut p = Project::default();
        p.reviewed.insert("k1".into(), false);
        let mut h = History::default();
        let n = h.apply(
            &mut p,
            "reviewed 3 findings",
            ["k1", "k2", "k3"]
                .iter()
                .map(|k| Edit::Reviewed(k.to_string(), Some(true)))
                .collect(),
        );
        assert_eq!(n, 3);
        assert!(p.reviewed.values().all(|v| *v) && p.reviewed.len() == 3);
        let s = h.undo(&mut p).unwrap();
        assert_eq!(s.label, "reviewed 3 findings");
        assert_eq!(s.keys(), ["k1", "k2", "k3"]);
        // Back exactly as it was: k1 unreviewed, k2 and k3 never marked.
        assert_eq!(p.reviewed.len(), 1);
        assert_eq!(p.reviewed.get("k1"), Some(&false));
        assert!(h.undo(&mut p).is_none());
        h.redo(&mut p).unwrap();
        assert_eq!(p.reviewed.len(), 3);
        assert!(h.redo(&mut p).is_none());
        assert_eq!(h.undo_label(), Some("reviewed 3 findings"));
    }

    #[test]
    fn dismissal_keeps_the_other_corrections_and_a_new_action_drops_redo() {
        let mut p = Project::default();
        let coded = Correction {
            codes: Some(vec!["15(1)".into()]),
            ..Default::default()
        };
        let mut h = History::default();
        h.apply(
            &mut p,
            "codes",
            vec![Edit::Correction("k".into(), Some(coded.clone()))],
        );
        let dismissed = Correction {
            dismissed: true,
            ..coded.clone()
        };
        h.apply(
            &mut p,
            "dismiss",
            vec![Edit::Correction("k".into(), Some(dismissed))],
        );
        assert!(p.corrections["k"].dismissed);
        h.undo(&mut p);
        assert_eq!(p.corrections["k"], coded);
        // Clearing (an empty correction) removes the entry; undo brings it back.
        h.apply(
            &mut p,
            "clear",
            vec![Edit::Correction("k".into(), Some(Correction::default()))],
        );
        assert!(p.corrections.is_empty());
        assert_eq!(
            h.redo_label(),
            None,
            "a new action drops what could be redone"
        );
        h.undo(&mut p);
        assert_eq!(p.corrections["k"], coded);
        // Nothing changed: no step.
        let n = h.apply(
            &mut p,
            "same",
            vec![Edit::Correction("k".into(), Some(coded))],
        );
        assert_eq!(n, 0);
        assert_eq!(h.undo_label(), Some("codes"));
    }

    #[test]
    fn tags_come_back_where_they_were() {
        let mut p = Project::default();
        let r = Rect::new(0.0, 0.0, 1.0, 1.0);
        let mut h = History::default();
        for _ in 0..3 {
            let id = p.add_tag("f", 1, r, TagKind::Note, "", "");
            h.record(tag_added(&p, &id));
        }
        h.apply(
            &mut p,
            "delete tag-2",
            vec![Edit::Tag("tag-2".into(), None)],
        );
        assert_eq!(p.tags.len(), 2);
        h.undo(&mut p);
        let ids: Vec<&str> = p.tags.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["tag-1", "tag-2", "tag-3"]);
        h.undo(&mut p); // the third tag's addition
        assert_eq!(p.tags.len(), 2);
        h.redo(&mut p);
        assert_eq!(p.tags.len(), 3);
    }
}
