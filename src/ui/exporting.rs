//! Exports from the window: the findings (CSV, JSON, XLSX log, FollowTheMoney) of every
//! analysed file, and an annotated copy of the current one, written where the user says.

use super::{DossierApp, FileState};
use crate::analysis::FileAnalysis;

impl DossierApp {
    pub(super) fn export(&mut self, fmt: &str) {
        if fmt == "annotated" {
            self.export_annotated();
            return;
        }
        let ready: Vec<&FileAnalysis> = self
            .files
            .iter()
            .filter_map(|f| match &f.state {
                FileState::Ready(a) => Some(a.as_ref()),
                _ => None,
            })
            .collect();
        let (name, ext) = match fmt {
            "json" => ("dossier-findings.json", "json"),
            "ftm" => ("dossier-entities.ftm.json", "json"),
            "xlsx" => ("dossier-redaction-log.xlsx", "xlsx"),
            _ => ("dossier-findings.csv", "csv"),
        };
        let Some(path) = self.dialogs.save_file(name, ext) else {
            return;
        };
        let project = Some(&self.project);
        let result = std::fs::File::create(&path).and_then(|mut f| match fmt {
            "json" => {
                let results: Vec<Result<FileAnalysis, crate::FileError>> =
                    ready.iter().map(|a| Ok((*a).clone())).collect();
                serde_json::to_writer_pretty(
                    &mut f,
                    &crate::export::json::reviewed_report(&results, project),
                )
                .map_err(std::io::Error::other)
            }
            "log" => crate::export::csv::write_redaction_log(&mut f, &ready, project),
            "xlsx" => crate::export::xlsx::write_redaction_log(&mut f, &ready, project),
            "ftm" => {
                let registry = self.registry.as_deref();
                crate::export::ftm::write_ftm(&mut f, &ready, project, registry)
            }
            _ => crate::export::csv::write_findings(&mut f, &ready, project),
        });
        self.status = match result {
            Ok(()) => format!("exported {}", path.display()),
            Err(e) => format!("export failed: {e}"),
        };
    }

    /// An annotated copy of the current file (the review laid over it), where the user says;
    /// never over the file itself.
    fn export_annotated(&mut self) {
        let Some(a) = self.analysis().cloned() else {
            self.status = "no analysed file to annotate".to_string();
            return;
        };
        let suggested = crate::export::annotated::default_path(&a.path);
        let name = suggested.file_name().map_or_else(
            || "annotated.pdf".into(),
            |n| n.to_string_lossy().into_owned(),
        );
        let Some(path) = self.dialogs.save_file(&name, "pdf") else {
            return;
        };
        let limits = crate::pdf::Limits::default();
        self.status = match crate::export::annotated::write_annotated_copy(
            &a,
            Some(&self.project),
            &path,
            &limits,
        ) {
            Ok(c) => format!(
                "annotated copy {} ({} annotations)",
                path.display(),
                c.added
            ),
            Err(e) => format!("annotated copy failed: {e}"),
        };
    }
}
