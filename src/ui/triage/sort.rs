//! The order of a review list's rows: by the column chosen, ascending or descending.

use std::cmp::Ordering;

use super::{List, Rows, permit};
use crate::analysis::FileAnalysis;
use crate::ui::DossierApp;

impl DossierApp {
    /// Sorts the rows `out` of `list` by its state's column; ties keep the analysis order.
    pub(super) fn sort(&self, list: List, a: &FileAnalysis, rows: &Rows, out: &mut [usize]) {
        let st = self.list_state(list);
        let done = |i: usize| rows.key(list, i).is_some_and(|k| self.is_done(k));
        let cmp: Box<dyn Fn(usize, usize) -> Ordering + '_> = match (list, st.sort) {
            (List::Redactions, col) => {
                let r = |i: usize| a.redactions.get(i);
                let page = move |i: usize| r(i).map_or(0, |r| r.page);
                match col {
                    1 => Box::new(move |x, y| {
                        let c = |i| r(i).map(|r| self.codes_of(&a.sha256, r).first());
                        c(x).cmp(&c(y)).then(page(x).cmp(&page(y)))
                    }),
                    2 => Box::new(move |x, y| r(x).map(|r| r.kind).cmp(&r(y).map(|r| r.kind))),
                    3 => Box::new(move |x, y| {
                        let c = |i: usize| rows.red_context.get(i).map(|c| &c.around);
                        c(x).map(|c| (&c.before, &c.after))
                            .cmp(&c(y).map(|c| (&c.before, &c.after)))
                    }),
                    4 => Box::new(move |x, y| {
                        let d = |i: usize| rows.red_context.get(i).and_then(|c| c.document);
                        d(x).cmp(&d(y))
                    }),
                    5 => Box::new(move |x, y| done(x).cmp(&done(y))),
                    _ => Box::new(move |x, y| page(x).cmp(&page(y))),
                }
            }
            (List::People, col) => {
                let o = |i: usize| a.officials.get(i);
                let s = |i: usize| rows.people_spans.get(i);
                let corr = move |i: usize| o(i).and_then(|o| self.correction(&a.sha256, &o.id));
                match col {
                    1 => Box::new(move |x, y| {
                        let t = |i| {
                            corr(i)
                                .and_then(|c| c.title.as_deref())
                                .or(o(i).and_then(|o| o.title.as_deref()))
                        };
                        t(x).cmp(&t(y))
                    }),
                    2 => Box::new(move |x, y| {
                        let t = |i| {
                            corr(i)
                                .and_then(|c| c.organization.as_deref())
                                .or(o(i).and_then(|o| o.organization.as_deref()))
                        };
                        t(x).cmp(&t(y))
                    }),
                    3 => Box::new(move |x, y| s(x).map(|s| s.pages).cmp(&s(y).map(|s| s.pages))),
                    4 => Box::new(move |x, y| s(x).map(|s| &s.first).cmp(&s(y).map(|s| &s.first))),
                    5 => Box::new(move |x, y| s(x).map(|s| &s.last).cmp(&s(y).map(|s| &s.last))),
                    _ => Box::new(move |x, y| o(x).map(|o| &o.name).cmp(&o(y).map(|o| &o.name))),
                }
            }
            (List::Permits, col) => {
                let l = |i: usize| permit(a, i).map(|p| p.0);
                match col {
                    1 => {
                        Box::new(move |x, y| l(x).map(|l| &l.permit).cmp(&l(y).map(|l| &l.permit)))
                    }
                    2 => Box::new(move |x, y| {
                        l(x).map(|l| l.via.as_str())
                            .cmp(&l(y).map(|l| l.via.as_str()))
                    }),
                    3 => Box::new(move |x, y| {
                        let c = |i| l(i).map_or(0.0, |l| l.confidence);
                        c(x).total_cmp(&c(y))
                    }),
                    4 => Box::new(move |x, y| {
                        l(x).map(|l| &l.evidence).cmp(&l(y).map(|l| &l.evidence))
                    }),
                    _ => Box::new(move |x, y| l(x).map(|l| l.page).cmp(&l(y).map(|l| l.page))),
                }
            }
        };
        // Ties keep the analysis order; descending reverses the whole order.
        out.sort_by(|&x, &y| {
            let o = cmp(x, y).then(x.cmp(&y));
            if st.desc { o.reverse() } else { o }
        });
    }
}
