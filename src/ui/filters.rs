//! The filters the overview's clicks set over the lists (pages and a code for the redactions, a
//! kind for the documents, one person for the people) and what its commands do with them; the
//! redaction list's own test is `DossierApp::passes_filters` (in `app`).

use super::{DossierApp, Tab};
use crate::geometry::Rect;

impl DossierApp {
    /// The document passes the Documents tab's filter (a kind: top-level documents of it).
    pub fn passes_document_filter(&self, d: &crate::documents::Document) -> bool {
        self.filter_doc_kind
            .is_none_or(|k| d.kind == k && d.quoted_in.is_none())
    }

    /// The person passes the People tab's filter.
    pub fn passes_person_filter(&self, o: &crate::officials::Official) -> bool {
        self.filter_person.as_ref().is_none_or(|id| &o.id == id)
    }

    /// The Redactions tab with only one code, pages `first..=last`, leaks (the other filters
    /// cleared); the page to go to when the current one is not among those pages.
    pub(super) fn show_redactions(
        &mut self,
        code: Option<String>,
        pages: Option<(u32, u32)>,
        leaks: bool,
    ) -> Option<u32> {
        self.filter_codes = code.into_iter().collect();
        self.filter_withheld = false;
        self.filter_pages = pages;
        self.leaks_only = leaks;
        self.tab = Tab::Redactions;
        pages
            .filter(|(first, last)| !(*first..=*last).contains(&self.page))
            .map(|(first, _)| first)
    }

    /// The People tab with one person (or everyone); where that person is first mentioned.
    pub(super) fn show_person(&mut self, id: Option<String>) -> Option<(u32, Option<Rect>)> {
        let first = id.as_ref().and_then(|id| {
            let a = self.analysis()?;
            let o = a.officials.iter().find(|o| &o.id == id)?;
            o.mention_list
                .first()
                .map(|m| (m.page, m.bbox))
                .or_else(|| o.pages.first().map(|p| (*p, None)))
        });
        self.filter_person = id;
        self.tab = Tab::People;
        first
    }
}
