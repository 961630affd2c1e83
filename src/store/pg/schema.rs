//! The case's schema on PostgreSQL, as migrations like the SQLite case's
//! ([`crate::store::schema`]): step N (1-based) takes a case from version N - 1 to N, the version
//! kept in `dossier_schema`. The steps hold the same tables as the SQLite steps of the same number
//! (PostgreSQL's types; a tsvector beside each page instead of FTS5), and two things a team needs:
//! the review kept as history (`review_events`, never updated in place; the current state is each
//! finding's latest event) and the PDF bytes a production may keep (`--store-pdf`).
//!
//! A step, once released, is never edited: a change is a new step at the end.

/// The migrations, in order.
pub const MIGRATIONS: &[&str] = &[
    // 1: productions, paths, pages (folded text and its tsvector: exact words, English and French
    // stems), findings, documents, people, permit references, the registry, the review as history.
    r#"
CREATE TABLE productions (
    id BIGSERIAL PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    size BIGINT NOT NULL,
    pages BIGINT NOT NULL,
    added TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    dossier_version TEXT NOT NULL,
    warnings TEXT NOT NULL DEFAULT '[]',
    added_by TEXT NOT NULL DEFAULT current_user
);
CREATE TABLE paths (
    production BIGINT NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    seen TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    PRIMARY KEY (production, path)
);
CREATE TABLE pdfs (
    production BIGINT PRIMARY KEY REFERENCES productions(id) ON DELETE CASCADE,
    bytes BYTEA NOT NULL
);
CREATE TABLE pages (
    id BIGSERIAL PRIMARY KEY,
    production BIGINT NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    stamp TEXT,
    text TEXT NOT NULL,
    folded TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('text', 'ocr')),
    turn INTEGER NOT NULL DEFAULT 0,
    fingerprint TEXT,
    words TSVECTOR NOT NULL,
    UNIQUE (production, number)
);
CREATE INDEX pages_words ON pages USING GIN (words);
CREATE INDEX pages_fingerprint ON pages(fingerprint);
CREATE TABLE findings (
    production BIGINT NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    page INTEGER,
    json TEXT NOT NULL,
    PRIMARY KEY (production, kind, id)
);
CREATE TABLE documents (
    production BIGINT NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
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
    production BIGINT NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    identity TEXT NOT NULL,
    name TEXT NOT NULL,
    title TEXT,
    organization TEXT,
    is_official BOOLEAN NOT NULL,
    pages TEXT NOT NULL,
    mentions BIGINT NOT NULL,
    PRIMARY KEY (production, id)
);
CREATE INDEX people_identity ON people(identity);
CREATE TABLE permit_refs (
    production BIGINT NOT NULL REFERENCES productions(id) ON DELETE CASCADE,
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
    id BIGSERIAL PRIMARY KEY,
    source TEXT NOT NULL,
    loaded TEXT NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    json TEXT NOT NULL
);
-- The review as history: one row per change, never updated. `finding` is a finding id, or
-- `tag:ID` for a tag. Each row holds the whole state after the change; the current state of a
-- finding is its row of highest version, and a change names the version it was made over (the
-- UNIQUE constraint refuses a second change over the same version: optimistic versioning).
CREATE TABLE review_events (
    id BIGSERIAL PRIMARY KEY,
    file TEXT NOT NULL,
    finding TEXT NOT NULL,
    version INTEGER NOT NULL,
    what TEXT NOT NULL,
    reviewed BOOLEAN NOT NULL DEFAULT false,
    dismissed BOOLEAN NOT NULL DEFAULT false,
    correction TEXT,
    tag TEXT,
    who TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT current_user,
    at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    UNIQUE (file, finding, version)
);
CREATE VIEW review AS
    SELECT DISTINCT ON (file, finding) file, finding, version, reviewed, dismissed, correction,
           tag, who, at
      FROM review_events
     ORDER BY file, finding, version DESC;
CREATE TABLE notes (
    id BIGSERIAL PRIMARY KEY,
    text TEXT NOT NULL,
    who TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
"#,
    // 2: (the SQLite case's step 2 adds page fingerprints, which step 1 here already has.)
    "SELECT 1",
];
