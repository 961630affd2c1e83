//! The case's schema as a list of migrations: step N (1-based) takes a case from
//! `PRAGMA user_version = N - 1` to `N`. A step, once released, is never edited: a change is a new
//! step at the end.

/// The migrations, in order.
pub const MIGRATIONS: &[&str] = &[
    // 1: productions, their paths, page text (with its FTS5 index), findings, people and permit
    // references for case-wide lists, the registry, the review layer.
    r#"
CREATE TABLE productions (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    pages INTEGER NOT NULL,
    added TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    dossier_version TEXT NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE paths (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (production, path)
);
CREATE TABLE pages (
    id INTEGER PRIMARY KEY,
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    stamp TEXT,
    text TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('text', 'ocr')),
    turn INTEGER NOT NULL DEFAULT 0,
    UNIQUE (production, number)
);
CREATE VIRTUAL TABLE pages_fts USING fts5(
    text,
    content = 'pages',
    content_rowid = 'id',
    tokenize = "unicode61 remove_diacritics 2"
);
-- The index holds each page's text with its accents folded (`textfold::fold_accents`: also the
-- letters unicode61 does not fold, ø, ł, ß, æ), written by the store beside each page row; snippets
-- read the page's own text (token for token the same words).
CREATE TABLE findings (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    page INTEGER,
    json TEXT NOT NULL,
    PRIMARY KEY (production, kind, id)
);
CREATE TABLE documents (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    first_page INTEGER NOT NULL,
    last_page INTEGER NOT NULL,
    subject TEXT,
    sender TEXT,
    date TEXT,
    PRIMARY KEY (production, id)
);
CREATE INDEX documents_pages ON documents(production, first_page, last_page);
CREATE TABLE people (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    identity TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT,
    organization TEXT,
    is_official INTEGER NOT NULL,
    pages TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (production, id)
);
CREATE INDEX people_identity ON people(identity);
CREATE TABLE permit_refs (
    production INTEGER NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    permit TEXT NOT NULL,
    page INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('link', 'candidate')),
    via TEXT NOT NULL,
    evidence TEXT NOT NULL,
    PRIMARY KEY (production, status, id)
);
CREATE INDEX permit_refs_permit ON permit_refs(permit);
CREATE TABLE registry (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    loaded TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    json TEXT NOT NULL
);
CREATE TABLE review (
    file TEXT NOT NULL,
    finding TEXT NOT NULL,
    reviewed INTEGER NOT NULL DEFAULT 0,
    dismissed INTEGER NOT NULL DEFAULT 0,
    correction TEXT,
    who TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (file, finding)
);
CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    page INTEGER NOT NULL,
    bbox TEXT NOT NULL,
    kind TEXT NOT NULL,
    note TEXT NOT NULL,
    text TEXT NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    who TEXT NOT NULL,
    at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
"#,
    // 2: a fingerprint of each page's words (stamp left out), for pages released more than once.
    // Filled by `Case::fill_fingerprints` for pages written before.
    r#"
ALTER TABLE pages ADD COLUMN fingerprint TEXT;
CREATE INDEX pages_fingerprint ON pages(fingerprint);
"#,
];
