//! Deflated blobs: the case keeps page text and findings compressed (zlib, RFC 1950), and every
//! connection has an SQL function `inflate(blob)` that gives them back as text (the view
//! `page_text` reads pages through it, and the full-text index reads that view for its snippets).
//! What a blob inflates to is capped ([`MAX_INFLATED`]): a blob that does not inflate, inflates
//! past the cap or is not UTF-8 is [`StoreError::Corrupt`].

use std::io::{Read as _, Write as _};

use flate2::Compression;
use flate2::read::ZlibDecoder;
use flate2::write::ZlibEncoder;
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;

use super::{Result, StoreError};

/// Most bytes one blob may inflate to.
pub const MAX_INFLATED: u64 = 512 * 1024 * 1024;

/// `bytes` deflated (zlib format).
pub fn deflate(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut e = ZlibEncoder::new(
        Vec::with_capacity(bytes.len() / 2 + 16),
        Compression::default(),
    );
    let done = e.write_all(bytes).and_then(|()| e.finish());
    done.map_err(|err| StoreError::Corrupt(format!("could not deflate: {err}")))
}

/// The bytes of a blob written by [`deflate`], at most [`MAX_INFLATED`].
pub fn inflate_bytes(blob: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(blob.len().saturating_mul(3).min(1 << 20));
    ZlibDecoder::new(blob)
        .take(MAX_INFLATED + 1)
        .read_to_end(&mut out)
        .map_err(|e| StoreError::Corrupt(format!("a stored blob does not inflate ({e})")))?;
    if u64::try_from(out.len()).unwrap_or(u64::MAX) > MAX_INFLATED {
        return Err(StoreError::Corrupt(format!(
            "a stored blob inflates past {} MiB",
            MAX_INFLATED / (1024 * 1024)
        )));
    }
    Ok(out)
}

/// The text of a blob written by [`deflate`].
pub fn inflate(blob: &[u8]) -> Result<String> {
    String::from_utf8(inflate_bytes(blob)?)
        .map_err(|_| StoreError::Corrupt("a stored text blob is not UTF-8".into()))
}

/// Registers `inflate(blob)` on `conn`: NULL for NULL, text for text (as is), the inflated text
/// of a blob; an error for a blob that does not inflate.
pub fn register(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "inflate",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| match ctx.get_raw(0) {
            ValueRef::Null => Ok(None),
            ValueRef::Text(t) => Ok(Some(String::from_utf8_lossy(t).into_owned())),
            ValueRef::Blob(b) => inflate(b)
                .map(Some)
                .map_err(|e| rusqlite::Error::UserFunctionError(Box::new(e))),
            ValueRef::Integer(_) | ValueRef::Real(_) => Err(rusqlite::Error::UserFunctionError(
                Box::new(StoreError::Corrupt("inflate() of a number".into())),
            )),
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deflated_text_inflates_back() {
        let text = "Søren Åberg asked about the export permit. ".repeat(50);
        let blob = deflate(text.as_bytes()).unwrap();
        assert!(blob.len() < text.len() / 5);
        assert_eq!(inflate(&blob).unwrap(), text);
        assert_eq!(inflate(&deflate(b"").unwrap()).unwrap(), "");
    }

    #[test]
    fn a_blob_that_does_not_inflate_is_corrupt() {
        assert!(matches!(
            inflate(b"not deflated at all"),
            Err(StoreError::Corrupt(_))
        ));
        let mut blob = deflate(b"some words that compress").unwrap();
        let n = blob.len();
        blob.truncate(n - 3);
        assert!(matches!(inflate(&blob), Err(StoreError::Corrupt(_))));
        let latin1 = deflate(&[0xe9, 0x20, 0xe0]).unwrap();
        assert!(matches!(inflate(&latin1), Err(StoreError::Corrupt(_))));
    }

    #[test]
    fn the_sql_function_inflates_and_reports_corruption() {
        let conn = Connection::open_in_memory().unwrap();
        register(&conn).unwrap();
        let blob = deflate("François".as_bytes()).unwrap();
        let s: String = conn
            .query_row("SELECT inflate(?1)", [&blob], |r| r.get(0))
            .unwrap();
        assert_eq!(s, "François");
        let null: Option<String> = conn
            .query_row("SELECT inflate(NULL)", [], |r| r.get(0))
            .unwrap();
        assert_eq!(null, None);
        let bad = conn.query_row("SELECT inflate(x'0102030405')", [], |r| {
            r.get::<_, String>(0)
        });
        assert!(bad.is_err());
    }
}
