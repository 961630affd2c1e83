//! Connecting to a case on a PostgreSQL server: the URL (`postgres://` or `postgresql://`), the
//! credentials from the places libpq users keep them (the URL itself, `PGPASSWORD`, the password
//! file `~/.pgpass` or `PGPASSFILE`, a connection service from `PGSERVICEFILE`,
//! `~/.pg_service.conf` or `PGSYSCONFDIR/pg_service.conf`), and TLS (`sslmode` `disable`,
//! `prefer`, `require`, `verify-ca`, `verify-full`, with `sslrootcert`).
//!
//! Nothing here writes a credential anywhere: a URL is shown only through [`redact`], which
//! replaces its password with `***`.

use std::path::{Path, PathBuf};
use std::str::FromStr as _;

use super::PgError;

/// True when `location` names a PostgreSQL case rather than a case file.
pub fn is_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The URL with its password (in the user part or as a `password=` parameter) replaced by `***`.
pub fn redact(url: &str) -> String {
    let mut out = url.to_string();
    if let Some(scheme_end) = out.find("://") {
        let rest_start = scheme_end + 3;
        let authority_end = out[rest_start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| rest_start + i);
        if let Some(at) = out[rest_start..authority_end].rfind('@') {
            let userinfo = &out[rest_start..rest_start + at];
            if let Some(colon) = userinfo.find(':') {
                let from = rest_start + colon + 1;
                let to = rest_start + at;
                out.replace_range(from..to, "***");
            }
        }
    }
    if let Some(q) = out.find('?') {
        let (head, query) = out.split_at(q + 1);
        let query: Vec<String> = query
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => kv.to_string(),
            })
            .collect();
        out = format!("{head}{}", query.join("&"));
    }
    out
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// How TLS is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// `sslmode=disable`.
    Disable,
    /// `sslmode=prefer` (libpq's default; `allow` is read as this): TLS when the server offers
    /// it, the certificate not checked.
    Prefer,
    /// `sslmode=require`: TLS or no connection, the certificate not checked.
    Require,
    /// `sslmode=verify-ca`: the certificate must chain to a trusted root.
    VerifyCa,
    /// `sslmode=verify-full`: and name the host.
    VerifyFull,
}

/// Everything needed to connect, credentials included (never printed: see `Debug`).
pub struct Target {
    /// The client's configuration (host, port, user, password, database).
    pub config: postgres::Config,
    /// TLS.
    pub tls: Tls,
    /// `sslrootcert`: a PEM file of trusted roots for `verify-ca` / `verify-full`.
    pub root_cert: Option<PathBuf>,
    /// The URL with its password hidden, for messages.
    pub shown: String,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Target")
            .field("url", &self.shown)
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

/// Reads `url` and fills what it leaves out from the environment and the usual files.
pub fn target(url: &str) -> Result<Target, PgError> {
    let shown = redact(url);
    let bad = |why: String| PgError::Url(format!("{shown}: {why}"));
    // Parameters the client library does not read are taken out here and applied below.
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, q),
        None => (url, ""),
    };
    let mut kept: Vec<&str> = Vec::new();
    let mut mode: Option<String> = None;
    let mut root_cert: Option<PathBuf> = None;
    let mut service: Option<String> = std::env::var("PGSERVICE").ok();
    let mut passfile: Option<PathBuf> = std::env::var_os("PGPASSFILE").map(PathBuf::from);
    for kv in query.split('&').filter(|kv| !kv.is_empty()) {
        let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
        match k {
            "sslmode" => mode = Some(percent_decode(v)),
            "sslrootcert" => root_cert = Some(PathBuf::from(percent_decode(v))),
            "service" => service = Some(percent_decode(v)),
            "passfile" => passfile = Some(PathBuf::from(percent_decode(v))),
            _ => kept.push(kv),
        }
    }
    let rebuilt = if kept.is_empty() {
        base.to_string()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    let mut config =
        postgres::Config::from_str(&rebuilt).map_err(|e| bad(format!("not a URL: {e}")))?;
    // A connection service fills what the URL does not say.
    if let Some(name) = service {
        let entries = service_entries(&name).ok_or_else(|| {
            bad(format!(
                "no connection service {name:?} in the service files (PGSERVICEFILE, ~/.pg_service.conf)"
            ))
        })?;
        for (k, v) in entries {
            match k.as_str() {
                "host" if config.get_hosts().is_empty() => {
                    config.host(&v);
                }
                "port" if config.get_ports().is_empty() => {
                    let port = v.parse().map_err(|_| bad(format!("port {v:?}")))?;
                    config.port(port);
                }
                "dbname" if config.get_dbname().is_none() => {
                    config.dbname(&v);
                }
                "user" if config.get_user().is_none() => {
                    config.user(&v);
                }
                "password" if config.get_password().is_none() => {
                    config.password(v);
                }
                "sslmode" if mode.is_none() => mode = Some(v),
                "sslrootcert" if root_cert.is_none() => root_cert = Some(PathBuf::from(v)),
                _ => {}
            }
        }
    }
    if config.get_hosts().is_empty() {
        let host = std::env::var("PGHOST").unwrap_or_else(|_| {
            if Path::new("/var/run/postgresql").is_dir() {
                "/var/run/postgresql".into()
            } else {
                "localhost".into()
            }
        });
        config.host(&host);
    }
    if config.get_ports().is_empty()
        && let Ok(p) = std::env::var("PGPORT")
        && let Ok(p) = p.parse()
    {
        config.port(p);
    }
    if config.get_user().is_none() {
        let user = std::env::var("PGUSER")
            .or_else(|_| std::env::var("USER"))
            .map_err(|_| bad("no user name (give one in the URL or PGUSER)".into()))?;
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Ok(db) = std::env::var("PGDATABASE")
    {
        config.dbname(&db);
    }
    if config.get_password().is_none() {
        if let Ok(pw) = std::env::var("PGPASSWORD") {
            config.password(pw);
        } else if let Some(pw) = pgpass_lookup(&config, passfile.as_deref()) {
            config.password(pw);
        }
    }
    if root_cert.is_none() {
        root_cert = std::env::var_os("PGSSLROOTCERT").map(PathBuf::from);
    }
    let mode = mode.or_else(|| std::env::var("PGSSLMODE").ok());
    let tls = match mode.as_deref().unwrap_or("prefer") {
        "disable" => Tls::Disable,
        "allow" | "prefer" => Tls::Prefer,
        "require" => Tls::Require,
        "verify-ca" => Tls::VerifyCa,
        "verify-full" => Tls::VerifyFull,
        other => {
            return Err(bad(format!(
                "sslmode {other:?} (disable, allow, prefer, require, verify-ca or verify-full)"
            )));
        }
    };
    config.ssl_mode(match tls {
        Tls::Disable => postgres::config::SslMode::Disable,
        Tls::Prefer => postgres::config::SslMode::Prefer,
        Tls::Require | Tls::VerifyCa | Tls::VerifyFull => postgres::config::SslMode::Require,
    });
    config.application_name("dossier");
    Ok(Target {
        config,
        tls,
        root_cert,
        shown,
    })
}

/// The TLS connector for `t`.
pub fn connector(t: &Target) -> Result<postgres_native_tls::MakeTlsConnector, PgError> {
    let mut b = native_tls::TlsConnector::builder();
    match t.tls {
        Tls::Disable | Tls::Prefer | Tls::Require => {
            // libpq's `require` encrypts without checking whom it talks to.
            b.danger_accept_invalid_certs(true);
            b.danger_accept_invalid_hostnames(true);
        }
        Tls::VerifyCa => {
            b.danger_accept_invalid_hostnames(true);
        }
        Tls::VerifyFull => {}
    }
    if matches!(t.tls, Tls::VerifyCa | Tls::VerifyFull)
        && let Some(path) = &t.root_cert
    {
        let pem = std::fs::read(path).map_err(|e| {
            PgError::Url(format!("{}: sslrootcert {}: {e}", t.shown, path.display()))
        })?;
        let cert = native_tls::Certificate::from_pem(&pem).map_err(|e| {
            PgError::Url(format!("{}: sslrootcert {}: {e}", t.shown, path.display()))
        })?;
        b.add_root_certificate(cert);
    }
    let c = b
        .build()
        .map_err(|e| PgError::Url(format!("{}: TLS: {e}", t.shown)))?;
    Ok(postgres_native_tls::MakeTlsConnector::new(c))
}

fn home() -> Option<PathBuf> {
    std::env::var_os("HOME").map(PathBuf::from)
}

/// The `key=value` lines of section `[name]` of the first service file that has it.
fn service_entries(name: &str) -> Option<Vec<(String, String)>> {
    let mut files: Vec<PathBuf> = Vec::new();
    if let Some(f) = std::env::var_os("PGSERVICEFILE") {
        files.push(PathBuf::from(f));
    }
    if let Some(h) = home() {
        files.push(h.join(".pg_service.conf"));
    }
    if let Some(d) = std::env::var_os("PGSYSCONFDIR") {
        files.push(PathBuf::from(d).join("pg_service.conf"));
    }
    files.push(PathBuf::from("/etc/postgresql-common/pg_service.conf"));
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .find_map(|text| service_section(&text, name))
}

/// Section `[name]` of a service file.
pub fn service_section(text: &str, name: &str) -> Option<Vec<(String, String)>> {
    let mut inside = false;
    let mut found = false;
    let mut out = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = section.trim() == name;
            found |= inside;
            continue;
        }
        if inside && let Some((k, v)) = line.split_once('=') {
            out.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    found.then_some(out)
}

/// The password `~/.pgpass` (or `passfile`) gives for the target, if any.
fn pgpass_lookup(config: &postgres::Config, passfile: Option<&Path>) -> Option<String> {
    let file = passfile
        .map(Path::to_path_buf)
        .or_else(|| home().map(|h| h.join(".pgpass")))?;
    let text = std::fs::read_to_string(&file).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        // As libpq: a password file others can read is ignored (and said so).
        if let Ok(m) = std::fs::metadata(&file)
            && m.permissions().mode() & 0o077 != 0
        {
            log::warn!(
                "{}: the password file is readable by others; ignored (chmod 600 it)",
                file.display()
            );
            return None;
        }
    }
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        #[cfg(unix)]
        Some(postgres::config::Host::Unix(_)) => "localhost".to_string(),
        None => "localhost".to_string(),
    };
    let port = config
        .get_ports()
        .first()
        .copied()
        .unwrap_or(5432)
        .to_string();
    let user = config.get_user().unwrap_or_default();
    let db = config.get_dbname().unwrap_or(user);
    pgpass_find(&text, &host, &port, db, user)
}

/// The password of the first line of a password file that fits (`host:port:db:user:password`,
/// `*` matching anything, `\:` and `\\` escaped).
pub fn pgpass_find(text: &str, host: &str, port: &str, db: &str, user: &str) -> Option<String> {
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields: Vec<String> = vec![String::new()];
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(n) = chars.next()
                        && let Some(f) = fields.last_mut()
                    {
                        f.push(n);
                    }
                }
                ':' if fields.len() < 5 => fields.push(String::new()),
                _ => {
                    if let Some(f) = fields.last_mut() {
                        f.push(c);
                    }
                }
            }
        }
        let [h, p, d, u, pw] = fields.as_slice() else {
            continue;
        };
        let fits = |pat: &str, v: &str| pat == "*" || pat == v;
        let host_fits = fits(h, host) || (h == "localhost" && host == "127.0.0.1");
        if host_fits && fits(p, port) && fits(d, db) && fits(u, user) {
            return Some(pw.clone());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_hidden_in_urls() {
        assert_eq!(
            redact("postgres://ann:s3cret@db.example:5432/inquiry?sslmode=require"),
            "postgres://ann:***@db.example:5432/inquiry?sslmode=require"
        );
        assert_eq!(
            redact("postgresql://db/inquiry?user=ann&password=s3cret"),
            "postgresql://db/inquiry?user=ann&password=***"
        );
        assert_eq!(
            redact("postgres://ann@db/inquiry"),
            "postgres://ann@db/inquiry"
        );
    }

    #[test]
    fn pgpass_lines_match_with_wildcards_and_escapes() {
        let text = "# comment\nother:5432:*:ann:nope\n*:5432:inq\\:uiry:ann:pa\\:ss\n*:*:*:*:any\n";
        assert_eq!(
            pgpass_find(text, "db", "5432", "inq:uiry", "ann").as_deref(),
            Some("pa:ss")
        );
        assert_eq!(
            pgpass_find(text, "db", "5433", "x", "bob").as_deref(),
            Some("any")
        );
        assert_eq!(pgpass_find("a:b:c:d", "a", "b", "c", "d"), None);
    }

    #[test]
    fn service_sections_are_read() {
        let text = "[other]\nhost=x\n[inquiry]\nhost = db.example\nport=5433\n# c\ndbname=inq\n";
        let s = service_section(text, "inquiry").unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(s[0], ("host".into(), "db.example".into()));
        assert!(service_section(text, "none").is_none());
    }

    #[test]
    fn a_verify_full_url_keeps_its_mode_and_root() {
        let t = target(
            "postgres://ann:pw@localhost:5432/inq?sslmode=verify-full&sslrootcert=/tmp/r.crt",
        )
        .unwrap();
        assert_eq!(t.tls, Tls::VerifyFull);
        assert_eq!(t.root_cert.as_deref(), Some(Path::new("/tmp/r.crt")));
        assert!(!format!("{t:?}").contains("pw@"));
        assert!(target("postgres://ann@localhost/inq?sslmode=sometimes").is_err());
    }
}
