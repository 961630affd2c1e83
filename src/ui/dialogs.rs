//! Native dialogs behind a trait, so tests never open one.

use std::path::PathBuf;

/// Native dialogs behind a trait, so tests never open one.
pub trait Dialogs: Send {
    /// PDF files to open.
    fn open_files(&mut self) -> Vec<PathBuf>;
    /// A folder to open.
    fn open_folder(&mut self) -> Option<PathBuf>;
    /// Where to save something.
    fn save_file(&mut self, name: &str, ext: &str) -> Option<PathBuf>;
    /// A project file to open.
    fn open_project(&mut self) -> Option<PathBuf>;
    /// A permit registry to load.
    fn open_registry(&mut self) -> Option<PathBuf>;
    /// A case to open (a `.dossier` file).
    fn open_case(&mut self) -> Option<PathBuf> {
        None
    }
}

/// rfd's native dialogs.
pub struct NativeDialogs;

impl Dialogs for NativeDialogs {
    fn open_files(&mut self) -> Vec<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("PDF", &["pdf", "PDF"])
            .pick_files()
            .unwrap_or_default()
    }
    fn open_folder(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new().pick_folder()
    }
    fn save_file(&mut self, name: &str, ext: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_file_name(name)
            .add_filter(ext, &[ext])
            .save_file()
    }
    fn open_project(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Dossier project", &["json"])
            .pick_file()
    }
    fn open_registry(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Permit registry", &["csv", "xlsx"])
            .pick_file()
    }
    fn open_case(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("Dossier case", &["dossier"])
            .pick_file()
    }
}

/// No dialogs (tests): every question is answered "cancel".
pub struct NoDialogs;

impl Dialogs for NoDialogs {
    fn open_files(&mut self) -> Vec<PathBuf> {
        Vec::new()
    }
    fn open_folder(&mut self) -> Option<PathBuf> {
        None
    }
    fn save_file(&mut self, _: &str, _: &str) -> Option<PathBuf> {
        None
    }
    fn open_project(&mut self) -> Option<PathBuf> {
        None
    }
    fn open_registry(&mut self) -> Option<PathBuf> {
        None
    }
}
