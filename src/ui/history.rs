//! Review actions through the undo history ([`crate::project::history`]): every reviewed mark,
//! correction (dismissal included) and tag goes through [`DossierApp::edit`]; a key press on a
//! selection of rows is one step; Ctrl+Z / Ctrl+Shift+Z take steps back and make them again,
//! and the status bar says which.

use super::{Command, DossierApp};
use crate::project::history::{Edit, Step, tag_added};
use crate::project::review::Correction;

/// A finding in a status line: its id without the file's part (`red-p4-1`), or how many.
fn what(keys: &[String]) -> String {
    match keys {
        [k] => k.split_once(':').map_or(k.as_str(), |x| x.1).to_string(),
        _ => format!("{} findings", keys.len()),
    }
}

impl DossierApp {
    /// Makes `edits` as one undoable step named `label`; returns how many changed.
    pub(super) fn edit(&mut self, label: &str, edits: Vec<Edit>) -> usize {
        let keys: Vec<String> = edits
            .iter()
            .map(|e| match e {
                Edit::Reviewed(k, _) | Edit::Correction(k, _) | Edit::Tag(k, _) => k.clone(),
            })
            .collect();
        let n = self.history.apply(&mut self.project, label, edits);
        if n > 0 {
            self.mark_dirty();
            // With a case open, the review is written to it at once.
            self.case_write(&keys);
        }
        n
    }

    /// What setting the correction `c` of finding `key` does, for the history.
    pub(super) fn correction_label(&self, key: &str, c: &Correction) -> String {
        let id = what(&[key.to_string()]);
        let was = self.project.corrections.get(key);
        if c.dismissed {
            format!("dismissed {id}")
        } else if was.is_some_and(|w| w.dismissed) {
            format!("restored {id}")
        } else if c.is_empty() {
            format!("cleared the corrections of {id}")
        } else {
            format!("corrected {id}")
        }
    }

    /// Keeps the addition of tag `id` (already made) for undo.
    pub(super) fn record_tag(&mut self, id: &str) {
        self.history.record(tag_added(&self.project, id));
        self.case_write(&[id]);
    }

    /// The commands of the history: reviews and dismissals of several findings, undo, redo.
    pub(super) fn apply_history(&mut self, c: Command) {
        match c {
            Command::ReviewMany(keys, v) => {
                let label = format!(
                    "{} {}",
                    if v { "reviewed" } else { "unreviewed" },
                    what(&keys)
                );
                let edits = keys.into_iter().map(|k| Edit::Reviewed(k, Some(v)));
                self.edit(&label, edits.collect());
                self.status = format!("{label} (Ctrl+Z undoes)");
            }
            Command::DismissMany(keys, v) => {
                let label = format!(
                    "{} {}",
                    if v { "dismissed" } else { "restored" },
                    what(&keys)
                );
                let edits: Vec<Edit> = keys
                    .into_iter()
                    .map(|k| {
                        let mut c = self
                            .project
                            .corrections
                            .get(&k)
                            .cloned()
                            .unwrap_or_default();
                        c.dismissed = v;
                        Edit::Correction(k, Some(c))
                    })
                    .collect();
                self.edit(&label, edits);
                self.status = format!("{label} (Ctrl+Z undoes)");
            }
            Command::Undo | Command::Redo => {
                let undo = matches!(c, Command::Undo);
                let step: Option<Step> = if undo {
                    self.history.undo(&mut self.project).cloned()
                } else {
                    self.history.redo(&mut self.project).cloned()
                };
                match step {
                    Some(s) => {
                        self.status = if undo {
                            format!("undone: {} (Ctrl+Shift+Z redoes)", s.label)
                        } else {
                            format!("redone: {}", s.label)
                        };
                        self.reselect(&s.keys());
                        self.mark_dirty();
                        self.case_write(&s.keys());
                    }
                    None => {
                        self.status = format!("nothing to {}", if undo { "undo" } else { "redo" });
                    }
                }
            }
            _ => {}
        }
    }
}
