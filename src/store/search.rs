//! Full-text search over every page of every production (FTS5, accents folded: `Francois`
//! finds `François`, `Soren` finds `Søren`), ranked by bm25, each hit with its production, page, release stamp, the
//! document it is in and a snippet with the match marked `[` `]`.

use rusqlite::params;
use serde::Serialize;

use super::{Case, Result, StoreError};

/// Marks around a match in a snippet (text and JSON alike).
pub const MARK_OPEN: &str = "[";
/// See [`MARK_OPEN`].
pub const MARK_CLOSE: &str = "]";

/// One page that matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    /// The production's path (as first added).
    pub path: String,
    /// The production's SHA-256.
    pub sha256: String,
    /// 1-based page.
    pub page: u32,
    /// The page's release stamp.
    pub stamp: Option<String>,
    /// The e-mail or memo the page is in (`e-mail "Subject" (pp. 3–5)`).
    pub document: Option<String>,
    /// The matching passage, the match between [`MARK_OPEN`] and [`MARK_CLOSE`].
    pub snippet: String,
}

/// The hits of one query (at most the limit asked) and how many pages match in all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hits {
    /// Best first.
    pub hits: Vec<Hit>,
    /// Pages that match.
    pub total: u64,
}

/// SQL for the label of the document page `pg` is in (`e-mail "Subject" (pp. 3–5)`; the
/// innermost when documents nest), NULL when it is in none.
pub(crate) const DOCUMENT_OF_PAGE: &str =
    "(SELECT d.kind || CASE WHEN d.subject IS NOT NULL THEN ' \"' || d.subject || '\"' ELSE '' END
        || CASE WHEN d.first_page = d.last_page THEN ' (p. ' || d.first_page || ')'
                ELSE ' (pp. ' || d.first_page || '–' || d.last_page || ')' END
       FROM documents d
      WHERE d.production = pg.production
        AND pg.number BETWEEN d.first_page AND d.last_page
      ORDER BY d.first_page DESC, d.last_page ASC LIMIT 1)";

/// What the query language offers, for error messages.
const SYNTAX: &str = "words (all must be on the page), \"exact phrases\", prefix*, NEAR(word1 word2, 10), AND, OR, NOT, (groups)";

/// The FTS5 query for what a user typed: words are kept (FTS5 takes words side by side as all
/// required), quoted phrases kept, `AND`/`OR`/`NOT`/`NEAR(...)` and parentheses kept, and a word
/// with characters FTS5 does not read as a word (`EXP-2020-0517`, `s.15`, `o'brien`) quoted as a
/// phrase of its parts. An unclosed quote or an empty query is an error.
pub fn fts_query(query: &str) -> Result<String> {
    let mut out: Vec<String> = Vec::new();
    // Open parentheses, each `true` when it is NEAR's.
    let mut groups: Vec<bool> = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '"' {
            chars.next();
            let mut phrase = String::new();
            let mut closed = false;
            while let Some(c) = chars.next() {
                if c == '"' {
                    if chars.peek() == Some(&'"') {
                        chars.next();
                        phrase.push_str("\"\"");
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    phrase.push(c);
                }
            }
            if !closed {
                return Err(StoreError::Query(format!(
                    "the query {query:?} has a quote that is not closed (search for {SYNTAX})"
                )));
            }
            let star = if chars.peek() == Some(&'*') {
                chars.next();
                "*"
            } else {
                ""
            };
            out.push(format!("\"{phrase}\"{star}"));
        } else if c == '(' {
            chars.next();
            groups.push(out.last().is_some_and(|t| t == "NEAR"));
            out.push(c.to_string());
        } else if c == ')' {
            chars.next();
            groups.pop();
            out.push(c.to_string());
        } else if c == ',' {
            // Only NEAR's distance follows a comma; elsewhere it separates nothing.
            chars.next();
            if groups.last() == Some(&true) {
                out.push(c.to_string());
            }
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || matches!(c, '"' | '(' | ')' | ',') {
                    break;
                }
                word.push(c);
                chars.next();
            }
            out.push(bareword(&word));
        }
    }
    let text = out.join(" ");
    if out.is_empty() {
        return Err(StoreError::Query(format!(
            "an empty query finds nothing (search for {SYNTAX})"
        )));
    }
    Ok(text)
}

fn bareword(word: &str) -> String {
    if matches!(word, "AND" | "OR" | "NOT" | "NEAR") {
        return word.to_string();
    }
    let (stem, star) = match word.strip_suffix('*') {
        Some(s) => (s, "*"),
        None => (word, ""),
    };
    let plain = !stem.is_empty()
        && stem
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || !c.is_ascii());
    if plain {
        format!("{stem}{star}")
    } else {
        format!("\"{}\"{star}", stem.replace('"', "\"\""))
    }
}

/// SQLite's message for a query FTS5 cannot read, as a user reads it.
fn query_error(query: &str, e: &rusqlite::Error) -> StoreError {
    let msg = e.to_string();
    let why = msg
        .strip_prefix("fts5: ")
        .unwrap_or(&msg)
        .replace("syntax error near \"\"", "the query ends too early");
    StoreError::Query(format!(
        "cannot search for {query:?}: {why} (search for {SYNTAX})"
    ))
}

/// A query FTS5 could not read is the user's error; anything else is the database's.
fn db_or_query_error(query: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| {
        let m = e.to_string();
        if m.contains("fts5") || m.contains("syntax error") || m.contains("no such column") {
            query_error(query, &e)
        } else {
            StoreError::Db(e)
        }
    }
}

impl Case {
    /// The pages that match `query` (see [`fts_query`]), best first, at most `limit`.
    pub fn search(&self, query: &str, limit: usize) -> Result<Hits> {
        // Folded as the index is (see the schema): `Søren` finds `Soren` and the other way.
        let fts = fts_query(&crate::textfold::fold_accents(query))?;
        let total: i64 = self
            .conn()
            .query_row(
                "SELECT count(*) FROM pages_fts WHERE pages_fts MATCH ?1",
                params![fts],
                |r| r.get(0),
            )
            .map_err(db_or_query_error(query))?;
        let mut stmt = self.conn().prepare(&format!(
            "SELECT pr.path, pr.sha256, pg.number, pg.stamp,
                    {DOCUMENT_OF_PAGE},
                    snippet(pages_fts, 0, ?2, ?3, '…', 16)
               FROM pages_fts
               JOIN pages pg ON pg.id = pages_fts.rowid
               JOIN productions pr ON pr.id = pg.production
              WHERE pages_fts MATCH ?1
              ORDER BY bm25(pages_fts), pr.id, pg.number
              LIMIT ?4"
        ))?;
        let rows = stmt
            .query_map(
                params![fts, MARK_OPEN, MARK_CLOSE, super::int(limit)],
                |r| {
                    Ok(Hit {
                        path: r.get(0)?,
                        sha256: r.get(1)?,
                        page: r.get(2)?,
                        stamp: r.get(3)?,
                        document: r.get(4)?,
                        snippet: r
                            .get::<_, String>(5)?
                            .split_whitespace()
                            .collect::<Vec<_>>()
                            .join(" "),
                    })
                },
            )
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<Hit>>>())
            .map_err(db_or_query_error(query))?;
        Ok(Hits {
            hits: rows,
            total: u64::try_from(total).unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn plain_words_and_phrases_stay_fts5() {
        assert_eq!(fts_query("global affairs").unwrap(), "global affairs");
        assert_eq!(
            fts_query("\"global affairs\" wescam*").unwrap(),
            "\"global affairs\" wescam*"
        );
        assert_eq!(fts_query("a OR b NOT c").unwrap(), "a OR b NOT c");
        assert_eq!(
            fts_query("NEAR(permit Turkey, 5)").unwrap(),
            "NEAR ( permit Turkey , 5 )"
        );
    }

    #[test]
    fn words_fts5_cannot_read_become_phrases() {
        assert_eq!(fts_query("EXP-2020-0517").unwrap(), "\"EXP-2020-0517\"");
        assert_eq!(fts_query("s.15 o'brien*").unwrap(), "\"s.15\" \"o'brien\"*");
        assert_eq!(fts_query("François").unwrap(), "François");
        assert_eq!(fts_query("Ottawa, Ontario").unwrap(), "Ottawa Ontario");
    }

    #[test]
    fn unclosed_quote_and_empty_query_are_errors() {
        assert!(fts_query("\"global affairs").is_err());
        assert!(fts_query("   ").is_err());
    }
}
