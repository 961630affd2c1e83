//! Full-text search on a PostgreSQL case: the query language of the SQLite case (words, all
//! required; "exact phrases"; prefix*; `NEAR(a b, N)`; `AND`, `OR`, `NOT`; parentheses) read
//! here and written as a `tsquery` over the exact words of each page (weight A of the page's
//! tsvector, see [`super::WORDS_VECTOR`]), accents folded and words cut as the SQLite index cuts
//! them ([`super::index_words`]), so that both engines find the same pages. Ranked by `ts_rank`,
//! the English and French stems of the query's words adding to the rank of the pages that hold
//! other forms of them too; snippets by `ts_headline` with the matches marked as the SQLite
//! case marks them.

use crate::store::search::{Hit, Hits, MARK_CLOSE, MARK_OPEN};

use super::{PgCase, PgError, Result};

const SYNTAX: &str = "words (all must be on the page), \"exact phrases\", prefix*, NEAR(word1 word2, 10), AND, OR, NOT, (groups)";

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Phrase(String, bool),
    Open,
    Close,
    Comma,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Exact words in order (one word or a phrase); the last one a prefix when `true`.
    Phrase(Vec<String>, bool),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>, Box<Node>),
    Near(Box<Node>, Box<Node>, u32),
}

fn lex(query: &str) -> Result<Vec<Tok>> {
    let mut out = Vec::new();
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
                        phrase.push('"');
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    phrase.push(c);
                }
            }
            if !closed {
                return Err(PgError::Query(format!(
                    "the query {query:?} has a quote that is not closed (search for {SYNTAX})"
                )));
            }
            let star = chars.peek() == Some(&'*');
            if star {
                chars.next();
            }
            out.push(Tok::Phrase(phrase, star));
        } else if c == '(' {
            chars.next();
            out.push(Tok::Open);
        } else if c == ')' {
            chars.next();
            out.push(Tok::Close);
        } else if c == ',' {
            chars.next();
            out.push(Tok::Comma);
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || matches!(c, '"' | '(' | ')' | ',') {
                    break;
                }
                word.push(c);
                chars.next();
            }
            out.push(Tok::Word(word));
        }
    }
    Ok(out)
}

struct Parser<'a> {
    toks: Vec<Tok>,
    at: usize,
    query: &'a str,
}

impl Parser<'_> {
    fn err(&self, why: &str) -> PgError {
        PgError::Query(format!(
            "cannot search for {:?}: {why} (search for {SYNTAX})",
            self.query
        ))
    }

    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w == op)
    }

    fn or(&mut self) -> Result<Option<Node>> {
        let mut left = self.and()?;
        while self.is_op("OR") {
            self.at += 1;
            let right = self
                .and()?
                .ok_or_else(|| self.err("OR needs a term after it"))?;
            left = Some(match left {
                Some(l) => Node::Or(Box::new(l), Box::new(right)),
                None => return Err(self.err("OR needs a term before it")),
            });
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Option<Node>> {
        let mut left = self.not()?;
        loop {
            if self.is_op("AND") {
                self.at += 1;
                let right = self
                    .not()?
                    .ok_or_else(|| self.err("AND needs a term after it"))?;
                left = match left {
                    Some(l) => Some(Node::And(Box::new(l), Box::new(right))),
                    None => return Err(self.err("AND needs a term before it")),
                };
                continue;
            }
            match self.peek() {
                None | Some(Tok::Close) => break,
                Some(Tok::Word(w)) if w == "OR" => break,
                _ => {}
            }
            let before = self.at;
            let Some(right) = self.not()? else {
                if self.at == before {
                    break;
                }
                continue;
            };
            left = Some(match left {
                Some(l) => Node::And(Box::new(l), Box::new(right)),
                None => right,
            });
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Option<Node>> {
        if self.is_op("NOT") {
            return Err(self.err("NOT needs a term before it (a NOT b)"));
        }
        let mut left = self.primary()?;
        while self.is_op("NOT") {
            self.at += 1;
            let right = self
                .primary()?
                .ok_or_else(|| self.err("NOT needs a term after it"))?;
            left = match left {
                Some(l) => Some(Node::Not(Box::new(l), Box::new(right))),
                None => return Err(self.err("NOT needs a term before it (a NOT b)")),
            };
        }
        Ok(left)
    }

    /// A term; `None` for a word of no letters or digits (as FTS5, it matches nothing and is
    /// left out).
    fn primary(&mut self) -> Result<Option<Node>> {
        let Some(tok) = self.peek().cloned() else {
            return Err(self.err("the query ends too early"));
        };
        self.at += 1;
        match tok {
            Tok::Open => {
                let inner = self.or()?;
                if self.peek() != Some(&Tok::Close) {
                    return Err(self.err("a parenthesis is not closed"));
                }
                self.at += 1;
                Ok(inner)
            }
            Tok::Close => Err(self.err("a parenthesis closes nothing")),
            Tok::Comma => Ok(None),
            Tok::Word(w) if w == "NEAR" && self.peek() == Some(&Tok::Open) => {
                self.at += 1;
                let mut terms = Vec::new();
                let mut distance = 10u32;
                loop {
                    match self.peek().cloned() {
                        Some(Tok::Close) => {
                            self.at += 1;
                            break;
                        }
                        Some(Tok::Comma) => {
                            self.at += 1;
                            match self.peek().cloned() {
                                Some(Tok::Word(n)) => {
                                    distance = n.parse().map_err(|_| {
                                        self.err("NEAR's distance must be a number")
                                    })?;
                                    self.at += 1;
                                }
                                _ => return Err(self.err("NEAR's distance must be a number")),
                            }
                        }
                        Some(Tok::Word(w)) => {
                            self.at += 1;
                            if let Some(n) = term(&w, false) {
                                terms.push(n);
                            }
                        }
                        Some(Tok::Phrase(p, star)) => {
                            self.at += 1;
                            if let Some(n) = term(&p, star) {
                                terms.push(n);
                            }
                        }
                        _ => return Err(self.err("NEAR(...) is not closed")),
                    }
                }
                let mut terms = terms.into_iter();
                match (terms.next(), terms.next(), terms.next()) {
                    (Some(a), Some(b), None) => Ok(Some(Node::Near(
                        Box::new(a),
                        Box::new(b),
                        distance.min(100),
                    ))),
                    (Some(a), None, None) => Ok(Some(a)),
                    (None, _, _) => Ok(None),
                    _ => Err(self.err(
                        "NEAR takes two terms on a PostgreSQL case (NEAR(a b, 10) AND NEAR(b c, 10) for more)",
                    )),
                }
            }
            Tok::Word(w) => {
                let (stem, star) = match w.strip_suffix('*') {
                    Some(s) => (s.to_string(), true),
                    None => (w, false),
                };
                Ok(term(&stem, star))
            }
            Tok::Phrase(p, star) => Ok(term(&p, star)),
        }
    }
}

fn term(text: &str, prefix: bool) -> Option<Node> {
    let words: Vec<String> = super::index_words(text)
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect();
    (!words.is_empty()).then_some(Node::Phrase(words, prefix))
}

fn render(n: &Node, weight: &str) -> String {
    match n {
        Node::Phrase(words, prefix) => {
            let last = words.len().saturating_sub(1);
            let parts: Vec<String> = words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    // Words are letters and digits only: nothing to escape.
                    let star = if *prefix && i == last { "*" } else { "" };
                    let sep = if star.is_empty() && weight.is_empty() {
                        ""
                    } else {
                        ":"
                    };
                    format!("'{w}'{sep}{star}{weight}")
                })
                .collect();
            if parts.len() == 1 {
                parts.join("")
            } else {
                format!("({})", parts.join(" <-> "))
            }
        }
        Node::And(a, b) => format!("({} & {})", render(a, weight), render(b, weight)),
        Node::Or(a, b) => format!("({} | {})", render(a, weight), render(b, weight)),
        Node::Not(a, b) => format!("({} & !{})", render(a, weight), render(b, weight)),
        Node::Near(a, b, d) => {
            let (a, b) = (render(a, weight), render(b, weight));
            let alts: Vec<String> = (1..=d + 1)
                .flat_map(|k| [format!("({a} <{k}> {b})"), format!("({b} <{k}> {a})")])
                .collect();
            format!("({})", alts.join(" | "))
        }
    }
}

/// The tsquery (as text) for what a user typed, over the exact words of a page (weight A), and
/// the same without weights (what `ts_headline` marks in a page's text).
pub fn ts_query(query: &str) -> Result<(String, String)> {
    let mut p = Parser {
        toks: lex(query)?,
        at: 0,
        query,
    };
    if p.toks.is_empty() {
        return Err(PgError::Query(format!(
            "an empty query finds nothing (search for {SYNTAX})"
        )));
    }
    let node = p.or()?;
    if p.at < p.toks.len() {
        return Err(p.err("a parenthesis closes nothing"));
    }
    let Some(node) = node else {
        return Err(PgError::Query(format!(
            "the query {query:?} has no word to look for (search for {SYNTAX})"
        )));
    };
    Ok((render(&node, "A"), render(&node, "")))
}

impl PgCase {
    /// The pages that match `query`, best first, at most `limit`: the same pages the SQLite
    /// case finds for the same query on the same productions.
    pub fn search(&mut self, query: &str, limit: usize) -> Result<Hits> {
        let (exact, marks) = ts_query(query)?;
        // The query's plain words, for the stems' part of the rank.
        let plain: String = lex(query)?
            .into_iter()
            .filter_map(|t| match t {
                Tok::Word(w) if !matches!(w.as_str(), "AND" | "OR" | "NOT" | "NEAR") => Some(w),
                Tok::Phrase(p, _) => Some(p),
                _ => None,
            })
            .map(|w| super::index_words(&w))
            .collect::<Vec<_>>()
            .join(" ");
        let total: i64 = self
            .client()
            .query_one(
                "SELECT count(*) FROM pages WHERE words @@ $1::text::tsquery",
                &[&exact],
            )?
            .get(0);
        let options = format!(
            "StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}, MaxWords=24, MinWords=10, ShortWord=0, MaxFragments=1, FragmentDelimiter=\" … \""
        );
        let sql = format!(
            "WITH q AS (SELECT $1::text::tsquery AS exact,
                               to_tsquery('english', regexp_replace(trim($3), '\\s+', ' | ', 'g'))
                               || to_tsquery('french', regexp_replace(trim($3), '\\s+', ' | ', 'g')) AS stems),
                  best AS (
                    SELECT pg.id, ts_rank(pg.words, q.exact) + 0.1 * ts_rank(pg.words, q.stems) AS rank
                      FROM pages pg, q
                     WHERE pg.words @@ q.exact
                     ORDER BY rank DESC, pg.production, pg.number
                     LIMIT $4)
             SELECT pr.path, pr.sha256, pg.number, pg.stamp,
                    {doc},
                    ts_headline('simple',
                        -- Marks as the index reads: `EXP-2020-0517` three words, as in the query.
                        regexp_replace(pg.folded, '([[:alnum:]])[-./:@_+]+(?=[[:alnum:]])', '\\1 ', 'g'),
                        $2::text::tsquery, $5)
               FROM best JOIN pages pg ON pg.id = best.id
               JOIN productions pr ON pr.id = pg.production
              ORDER BY best.rank DESC, pr.id, pg.number",
            doc = crate::store::search::DOCUMENT_OF_PAGE
        );
        let plain = if plain.trim().is_empty() {
            "x".to_string()
        } else {
            plain
        };
        let rows = self.client().query(
            &sql,
            &[&exact, &marks, &plain, &super::int(limit), &options],
        )?;
        let hits = rows
            .iter()
            .map(|r| Hit {
                path: r.get(0),
                sha256: r.get(1),
                page: u32::try_from(r.get::<_, i32>(2)).unwrap_or(0),
                stamp: r.get(3),
                document: r.get(4),
                snippet: r
                    .get::<_, String>(5)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
            })
            .collect();
        Ok(Hits {
            hits,
            total: u64::try_from(total).unwrap_or(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::ts_query;

    fn q(s: &str) -> String {
        ts_query(s).unwrap().0
    }

    #[test]
    fn the_sqlite_query_language_reads_as_tsquery() {
        assert_eq!(q("global affairs"), "('global':A & 'affairs':A)");
        assert_eq!(
            q("\"global affairs\" wescam*"),
            "(('global':A <-> 'affairs':A) & 'wescam':*A)"
        );
        assert_eq!(q("a OR b NOT c"), "('a':A | ('b':A & !'c':A))");
        assert_eq!(q("EXP-2020-0517"), "('exp':A <-> '2020':A <-> '0517':A)");
        assert_eq!(q("François"), "'francois':A");
        assert_eq!(q("(a OR b) c"), "(('a':A | 'b':A) & 'c':A)");
        assert_eq!(q("Ottawa, Ontario"), "('ottawa':A & 'ontario':A)");
        assert_eq!(
            q("NEAR(permit Turkey, 1)"),
            "(('permit':A <1> 'turkey':A) | ('turkey':A <1> 'permit':A) | ('permit':A <2> 'turkey':A) | ('turkey':A <2> 'permit':A))"
        );
        assert_eq!(ts_query("a b*").unwrap().1, "('a' & 'b':*)");
    }

    #[test]
    fn broken_queries_are_errors() {
        for bad in [
            "\"global affairs",
            "   ",
            "NOT a",
            "a OR",
            "(a b",
            "a )",
            "-- ...",
        ] {
            assert!(ts_query(bad).is_err(), "{bad}");
        }
    }
}
