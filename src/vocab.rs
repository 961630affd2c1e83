//! Vocabularies the detectors share, read from the data files in `assets/vocab/` (compiled in, so
//! the binary stays self-contained; each file names its sources in its `source` field):
//!
//! - `countries.json`: every ISO 3166-1 country and territory (and Kosovo) in English and French,
//!   other names (Turkey/Türkiye, Czech Republic/Czechia, Ivory Coast...), abbreviations met in
//!   prose (USA, UK, UAE), ISO alpha-2 and alpha-3 codes, nationality adjectives in both languages;
//! - `company_forms.json`: legal-form words of many jurisdictions (Ltd, GmbH, S.p.A., A.Ş.,
//!   Sanayi ve Ticaret, Sp. z o.o., OOO...) and words too common in company names to identify one;
//! - `gc_organizations.json`: Government of Canada departments, agencies and Crown corporations,
//!   English and French names, acronyms and e-mail domains;
//! - `portfolios.json`: federal ministers' portfolios in English and French, with the department of
//!   each;
//! - `goods_units.json`: counting words for goods (systems, units, kits, rifles, vessels...).
//!
//! Each file is parsed once, on first use. Lookups are hash lookups on folded words
//! ([`crate::textfold::fold_words`]): accents, case and punctuation do not matter.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::Deserialize;

use crate::textfold::fold_words;

const COUNTRIES: &str = include_str!("../assets/vocab/countries.json");
const COMPANY_FORMS: &str = include_str!("../assets/vocab/company_forms.json");
const GC_ORGANIZATIONS: &str = include_str!("../assets/vocab/gc_organizations.json");
const PORTFOLIOS: &str = include_str!("../assets/vocab/portfolios.json");
const GOODS_UNITS: &str = include_str!("../assets/vocab/goods_units.json");

/// One country or territory.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub iso2: String,
    /// ISO 3166-1 alpha-3 code.
    pub iso3: String,
    /// English names, the usual one first.
    pub en: Vec<String>,
    /// French names, the usual one first.
    pub fr: Vec<String>,
    /// Abbreviations written in prose (USA, U.K.).
    #[serde(default)]
    pub abbr: Vec<String>,
    /// Nationality adjectives and nouns in English (Turkish, Turk, Turks).
    #[serde(default)]
    pub demonyms_en: Vec<String>,
    /// Nationality adjectives in French, every form (turc, turque, turcs, turques).
    #[serde(default)]
    pub demonyms_fr: Vec<String>,
}

impl Country {
    /// The usual English name.
    pub fn name(&self) -> &str {
        self.en.first().map_or(self.iso3.as_str(), String::as_str)
    }

    /// Every name and abbreviation that may be written in prose, folded (never the ISO codes:
    /// `NO`, `IN`, `CAN` are words).
    pub fn folded_names(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .en
            .iter()
            .chain(&self.fr)
            .chain(&self.abbr)
            .map(|n| fold_words(n))
            .filter(|n| !n.is_empty())
            .collect();
        out.sort();
        out.dedup();
        out
    }
}

#[derive(Deserialize)]
struct CountriesFile {
    #[allow(dead_code)]
    source: String,
    also_personal_names: Vec<String>,
    countries: Vec<Country>,
}

/// A Government of Canada organisation.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct GcOrganization {
    /// English name.
    pub en: String,
    /// French name.
    pub fr: String,
    /// Acronyms in both languages, as written.
    #[serde(default)]
    pub acronyms: Vec<String>,
    /// E-mail domains (an address at a subdomain belongs too).
    #[serde(default)]
    pub domains: Vec<String>,
    /// Other names (former names, the department's legal name).
    #[serde(default)]
    pub also: Vec<String>,
}

#[derive(Deserialize)]
struct GcFile {
    #[allow(dead_code)]
    source: String,
    shared_domains: Vec<String>,
    organizations: Vec<GcOrganization>,
}

#[derive(Deserialize)]
struct Portfolio {
    en: Vec<String>,
    fr: Vec<String>,
    org: String,
}

#[derive(Deserialize)]
struct PortfoliosFile {
    #[allow(dead_code)]
    source: String,
    minister_words_en: Vec<String>,
    minister_words_fr: Vec<String>,
    portfolios: Vec<Portfolio>,
}

#[derive(Deserialize)]
struct CompanyFile {
    #[allow(dead_code)]
    source: String,
    suffixes: Vec<String>,
    prefixes: Vec<String>,
    generic_words: Vec<String>,
}

#[derive(Deserialize)]
struct GoodsFile {
    #[allow(dead_code)]
    source: String,
    en: Vec<String>,
    fr: Vec<String>,
}

/// Everything, indexed.
#[derive(Default)]
struct Vocab {
    countries: Vec<Country>,
    /// Folded name, abbreviation, code or demonym → country index.
    country_by_key: HashMap<String, usize>,
    /// Folded single words that name a place or a nationality (not also a personal name).
    place_words: HashSet<String>,
    /// Folded country names of several words.
    place_phrases: HashSet<String>,
    /// Longest phrase of `place_phrases`, in words.
    place_phrase_words: usize,
    /// Folded legal forms ending a name, by their last word, longest first.
    company_suffixes: HashMap<String, Vec<String>>,
    /// Folded legal forms starting a name, by their first word, longest first.
    company_prefixes: HashMap<String, Vec<String>>,
    /// The folded prose names of each country (`Country::folded_names`), by index.
    country_names: Vec<Vec<String>>,
    /// Folded legal forms of one word or more, for telling a company line from a name.
    company_forms: HashSet<String>,
    /// Folded words too common to identify a company.
    generic_company_words: HashSet<String>,
    orgs: Vec<GcOrganization>,
    org_by_domain: HashMap<String, usize>,
    org_by_acronym: HashMap<String, usize>,
    org_by_name: HashMap<String, usize>,
    shared_domains: Vec<String>,
    minister_words: Vec<String>,
    /// (folded phrase, organisation), longest phrase first.
    portfolio_phrases: Vec<(String, String)>,
    /// English portfolio phrases as written, longest first (for title patterns).
    portfolio_phrases_en: Vec<String>,
    goods_units: HashSet<String>,
}

fn parse<'a, T: Deserialize<'a>>(name: &str, text: &'a str) -> crate::Result<T> {
    serde_json::from_str(text)
        .map_err(|e| crate::Error::Data(format!("assets/vocab/{name}: not a vocabulary ({e})")))
}

impl Vocab {
    fn load() -> crate::Result<Vocab> {
        let countries: CountriesFile = parse("countries.json", COUNTRIES)?;
        let companies: CompanyFile = parse("company_forms.json", COMPANY_FORMS)?;
        let gc: GcFile = parse("gc_organizations.json", GC_ORGANIZATIONS)?;
        let portfolios: PortfoliosFile = parse("portfolios.json", PORTFOLIOS)?;
        let goods: GoodsFile = parse("goods_units.json", GOODS_UNITS)?;
        let mut v = Vocab::default();

        let personal: HashSet<String> = countries
            .also_personal_names
            .iter()
            .map(|n| fold_words(n))
            .collect();
        for (i, c) in countries.countries.iter().enumerate() {
            for key in [&c.iso2, &c.iso3]
                .into_iter()
                .chain(&c.en)
                .chain(&c.fr)
                .chain(&c.abbr)
                .chain(&c.demonyms_en)
                .chain(&c.demonyms_fr)
            {
                let k = fold_words(key);
                if !k.is_empty() {
                    v.country_by_key.entry(k).or_insert(i);
                }
            }
            // Names of several words in both languages; single words in English only (French
            // names of countries are also French first names: Maurice, Dominique, Salvador).
            for name in c.en.iter().chain(&c.fr) {
                let k = fold_words(name);
                let words = k.split(' ').count();
                if words > 1 {
                    v.place_phrase_words = v.place_phrase_words.max(words);
                    v.place_phrases.insert(k);
                }
            }
            for name in &c.en {
                let k = fold_words(name);
                if !k.is_empty() && !k.contains(' ') && !personal.contains(&k) {
                    v.place_words.insert(k);
                }
            }
            for d in &c.demonyms_en {
                let k = fold_words(d);
                if !k.contains(' ') && !personal.contains(&k) {
                    v.place_words.insert(k);
                }
            }
        }
        v.country_names = countries
            .countries
            .iter()
            .map(Country::folded_names)
            .collect();
        v.countries = countries.countries;

        // Indexed by the word they end (or start) with: a name's last word gives the few forms
        // to try, whatever the size of the list.
        let index = |forms: &[String], last: bool| {
            let mut by_word: HashMap<String, Vec<String>> = HashMap::new();
            for f in forms
                .iter()
                .map(|f| fold_words(f))
                .filter(|f| !f.is_empty())
            {
                let word = if last {
                    f.rsplit(' ').next()
                } else {
                    f.split(' ').next()
                };
                let list = by_word
                    .entry(word.unwrap_or_default().to_string())
                    .or_default();
                if !list.contains(&f) {
                    list.push(f);
                }
            }
            for list in by_word.values_mut() {
                list.sort_by_key(|f| std::cmp::Reverse(f.len()));
            }
            by_word
        };
        v.company_suffixes = index(&companies.suffixes, true);
        v.company_prefixes = index(&companies.prefixes, false);
        v.company_forms = v
            .company_suffixes
            .values()
            .chain(v.company_prefixes.values())
            .flatten()
            .cloned()
            .collect();
        v.generic_company_words = companies
            .generic_words
            .iter()
            .map(|s| fold_words(s))
            .filter(|s| !s.is_empty())
            .collect();

        for (i, o) in gc.organizations.iter().enumerate() {
            for d in &o.domains {
                v.org_by_domain.entry(d.to_lowercase()).or_insert(i);
            }
            for a in &o.acronyms {
                v.org_by_acronym.entry(a.clone()).or_insert(i);
            }
            for n in std::iter::once(&o.en).chain([&o.fr]).chain(&o.also) {
                v.org_by_name.entry(fold_words(n)).or_insert(i);
            }
        }
        v.orgs = gc.organizations;
        v.shared_domains = gc.shared_domains.iter().map(|d| d.to_lowercase()).collect();

        v.minister_words = portfolios
            .minister_words_en
            .iter()
            .chain(&portfolios.minister_words_fr)
            .map(|w| fold_words(w))
            .collect();
        for p in &portfolios.portfolios {
            for phrase in p.en.iter().chain(&p.fr) {
                v.portfolio_phrases
                    .push((fold_words(phrase), p.org.clone()));
            }
            v.portfolio_phrases_en.extend(p.en.iter().cloned());
        }
        v.portfolio_phrases
            .sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        v.portfolio_phrases_en
            .sort_by_key(|p| std::cmp::Reverse(p.len()));
        v.portfolio_phrases_en.dedup();

        v.goods_units = goods
            .en
            .iter()
            .chain(&goods.fr)
            .map(|w| fold_words(w))
            .collect();
        Ok(v)
    }
}

static VOCAB: LazyLock<Vocab> = LazyLock::new(|| {
    Vocab::load().unwrap_or_else(|e| {
        log::error!("{e}");
        Vocab::default()
    })
});

/// Parses every bundled vocabulary: an error names the file that does not parse.
pub fn check() -> crate::Result<()> {
    Vocab::load().map(|_| ())
}

// ---- Countries ----

/// Every country and territory of `countries.json`.
pub fn countries() -> &'static [Country] {
    &VOCAB.countries
}

/// The country a name, abbreviation, ISO code or nationality word stands for ("Türkiye",
/// "Turquie", "TUR", "Turkish", "norvégienne", "U.S.").
pub fn country(name: &str) -> Option<&'static Country> {
    let v = &*VOCAB;
    v.country_by_key
        .get(&fold_words(name))
        .and_then(|&i| v.countries.get(i))
}

/// Folded ways a country may be written in prose: every name and abbreviation of the country
/// `name` stands for, or `name` folded when it is no known country.
pub fn country_aliases(name: &str) -> Vec<String> {
    let v = &*VOCAB;
    let index = v.country_by_key.get(&fold_words(name)).copied();
    match index.and_then(|i| v.country_names.get(i)) {
        Some(names) => {
            let mut out = names.clone();
            let own = fold_words(name);
            // A registry writing the country by a code or demonym: its names only.
            if !out.contains(&own) && own.len() > 3 {
                out.push(own);
            }
            out
        }
        None => vec![fold_words(name)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect(),
    }
}

/// A word that names a country or a nationality ("Norway", "Chilean", "Türkiye"), and is not
/// also a common personal name (Jordan, Chad, France...).
pub fn is_place_word(word: &str) -> bool {
    let k = fold_words(word);
    !k.is_empty() && VOCAB.place_words.contains(&k)
}

/// The text holds a country's name of several words ("New Zealand", "Costa Rica").
pub fn has_place_phrase(text: &str) -> bool {
    let v = &*VOCAB;
    let folded = fold_words(text);
    let words: Vec<&str> = folded.split(' ').collect();
    for n in 2..=v.place_phrase_words.min(words.len()) {
        for w in words.windows(n) {
            if v.place_phrases.contains(&w.join(" ")) {
                return true;
            }
        }
    }
    false
}

// ---- Companies ----

/// A folded company name without its legal forms, at the end (repeatedly: `aselsan elektronik
/// sanayi ve ticaret a s` → `aselsan elektronik`) and at the start (`pt pindad` → `pindad`).
/// Never strips the whole name.
pub fn strip_company_forms(folded: &str) -> String {
    let v = &*VOCAB;
    let mut s = folded.trim().to_string();
    loop {
        let before = s.len();
        let last = s.rsplit(' ').next().unwrap_or_default();
        for f in v.company_suffixes.get(last).into_iter().flatten() {
            if let Some(rest) = s.strip_suffix(f.as_str())
                && let Some(rest) = rest.strip_suffix(' ')
                && !rest.trim().is_empty()
            {
                s = rest.trim().to_string();
                break;
            }
        }
        let first = s.split(' ').next().unwrap_or_default();
        for f in v.company_prefixes.get(first).into_iter().flatten() {
            if let Some(rest) = s.strip_prefix(f.as_str())
                && let Some(rest) = rest.strip_prefix(' ')
                && !rest.trim().is_empty()
            {
                s = rest.trim().to_string();
                break;
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// A word too common in company names to identify one alone: a legal form, an industry word
/// ("defence", "systems", "sanayi"), a country or nationality.
pub fn is_generic_company_word(folded_word: &str) -> bool {
    let v = &*VOCAB;
    v.generic_company_words.contains(folded_word)
        || v.company_forms.contains(folded_word)
        || v.country_by_key.contains_key(folded_word)
}

/// A word written as a legal form ("Inc.", "GmbH", "A.Ş.", "S.p.A.", "Limited"). A short form
/// must be written with its capitals or points ("AG", "S.A."): "Ag" may be a name.
pub fn is_company_word(word: &str) -> bool {
    let k = fold_words(word);
    let marked =
        word.chars().filter(|c| c.is_uppercase()).count() >= 2 || word.contains('.') || k.len() > 3;
    !k.is_empty() && marked && VOCAB.company_forms.contains(&k)
}

// ---- Government of Canada ----

/// Every Government of Canada organisation of `gc_organizations.json`.
pub fn gc_organizations() -> &'static [GcOrganization] {
    &VOCAB.orgs
}

/// The domain of an address (or the domain itself), lower case.
fn domain_of(addr: &str) -> String {
    addr.rsplit('@')
        .next()
        .unwrap_or(addr)
        .trim()
        .trim_end_matches(['>', '.'])
        .to_lowercase()
}

/// The organisation of an e-mail address or domain: its domain or a parent domain
/// (`ecn.forces.gc.ca` → National Defence).
pub fn gc_org_by_email(addr: &str) -> Option<&'static GcOrganization> {
    let v = &*VOCAB;
    let mut d = domain_of(addr);
    loop {
        if let Some(o) = v.org_by_domain.get(&d).and_then(|&i| v.orgs.get(i)) {
            return Some(o);
        }
        let (_, parent) = d.split_once('.')?;
        d = parent.to_string();
    }
}

/// An address of the Government of Canada: a known organisation's domain or a shared federal
/// domain (`*.gc.ca`, `canada.ca`).
pub fn is_gc_email(addr: &str) -> bool {
    let d = domain_of(addr);
    gc_org_by_email(&d).is_some()
        || VOCAB
            .shared_domains
            .iter()
            .any(|s| d == *s || d.ends_with(&format!(".{s}")))
}

/// The organisation an acronym as written stands for ("DFO", "MPO", "RCMP").
pub fn gc_org_by_acronym(acronym: &str) -> Option<&'static GcOrganization> {
    let v = &*VOCAB;
    v.org_by_acronym
        .get(acronym.trim())
        .and_then(|&i| v.orgs.get(i))
}

/// The organisation a name stands for, in English or French ("Pêches et Océans Canada").
pub fn gc_org_by_name(name: &str) -> Option<&'static GcOrganization> {
    let v = &*VOCAB;
    v.org_by_name
        .get(&fold_words(name))
        .and_then(|&i| v.orgs.get(i))
}

/// The organisation a directory tag names, when it is one's acronyms: a bilingual pair
/// (`DFO/MPO`, both halves one organisation's) or one acronym of three letters or more
/// (`RCMP`). A unit code (`TID`) names none.
pub fn gc_org_by_directory_tag(tag: &str) -> Option<&'static GcOrganization> {
    let parts: Vec<&str> = tag
        .split('/')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.as_slice() {
        [one] if one.chars().count() >= 3 => gc_org_by_acronym(one),
        [a, b] => {
            let (oa, ob) = (gc_org_by_acronym(a)?, gc_org_by_acronym(b)?);
            (oa.en == ob.en).then_some(oa)
        }
        _ => None,
    }
}

// ---- Ministers' portfolios ----

/// The organisation of a minister's title by its portfolio ("Minister of Fisheries, Oceans and
/// the Canadian Coast Guard" → Fisheries and Oceans Canada, "sous-ministre des Affaires
/// étrangères" → Global Affairs Canada). None for a title with no minister's word.
pub fn portfolio_org(title: &str) -> Option<&'static str> {
    let v = &*VOCAB;
    let t = format!(" {} ", fold_words(title));
    if !v
        .minister_words
        .iter()
        .any(|w| t.contains(&format!(" {w} ")))
    {
        return None;
    }
    v.portfolio_phrases
        .iter()
        .find(|(p, _)| t.contains(&format!(" {p} ")))
        .map(|(_, org)| org.as_str())
}

/// The English portfolio phrases, longest first ("Fisheries, Oceans and the Canadian Coast
/// Guard", ..., "Finance").
pub fn portfolio_phrases_en() -> &'static [String] {
    &VOCAB.portfolio_phrases_en
}

// ---- Goods ----

/// A counting word for goods, folded ("systems", "vessels", "fusils", "vehicules").
pub fn is_goods_unit(folded_word: &str) -> bool {
    VOCAB.goods_units.contains(folded_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_and_is_not_trivial() {
        assert!(check().is_ok(), "{:?}", check().err());
        let v = Vocab::load().unwrap_or_default();
        assert!(v.countries.len() >= 240, "{}", v.countries.len());
        assert!(
            v.countries
                .iter()
                .all(|c| !c.en.is_empty() && !c.fr.is_empty())
        );
        assert!(
            v.countries
                .iter()
                .filter(|c| !c.demonyms_en.is_empty() && !c.demonyms_fr.is_empty())
                .count()
                >= 190
        );
        assert!(v.company_suffixes.values().map(Vec::len).sum::<usize>() >= 150);
        assert!(v.generic_company_words.len() >= 100);
        assert!(v.orgs.len() >= 40);
        assert!(v.org_by_domain.len() >= 40);
        assert!(v.portfolio_phrases.len() >= 50);
        assert!(v.goods_units.len() >= 150);
        for (name, text) in [
            ("countries", COUNTRIES),
            ("company_forms", COMPANY_FORMS),
            ("gc_organizations", GC_ORGANIZATIONS),
            ("portfolios", PORTFOLIOS),
            ("goods_units", GOODS_UNITS),
        ] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            let source = value["source"].as_str().unwrap_or_default();
            assert!(source.len() > 40, "{name} names its sources");
        }
    }

    #[test]
    fn countries_by_any_name() {
        for (written, iso) in [
            ("Turkey", "TR"),
            ("Türkiye", "TR"),
            ("TURQUIE", "TR"),
            ("TUR", "TR"),
            ("Czech Republic", "CZ"),
            ("Czechia", "CZ"),
            ("Côte d'Ivoire", "CI"),
            ("Ivory Coast", "CI"),
            ("norvégienne", "NO"),
            ("Chilean", "CL"),
            ("U.S.", "US"),
            ("États-Unis", "US"),
            ("Allemagne", "DE"),
            ("South Korea", "KR"),
        ] {
            assert_eq!(
                country(written).map(|c| c.iso2.as_str()),
                Some(iso),
                "{written}"
            );
        }
        assert!(country("Wescam").is_none());
        let no = country_aliases("Norway");
        assert!(no.contains(&"norvege".to_string()), "{no:?}");
        assert!(
            !no.contains(&"no".to_string()),
            "codes are not prose: {no:?}"
        );
        assert_eq!(country_aliases("Atlantis"), vec!["atlantis"]);
        assert!(is_place_word("Norwegian") && is_place_word("Chile"));
        assert!(is_place_word("Poland") && !is_place_word("Jordan"));
        assert!(has_place_phrase("the New Zealand Defence Force"));
        assert!(!has_place_phrase("Jane Roe"));
    }

    #[test]
    fn company_forms_of_many_jurisdictions() {
        let strip = |s: &str| strip_company_forms(&fold_words(s));
        assert_eq!(
            strip("Aselsan Elektronik Sanayi ve Ticaret A.Ş."),
            "aselsan elektronik"
        );
        assert_eq!(
            strip("Rheinmetall Waffe Munition GmbH"),
            "rheinmetall waffe munition"
        );
        assert_eq!(strip("Leonardo S.p.A."), "leonardo");
        assert_eq!(
            strip("Kongsberg Defence & Aerospace AS"),
            "kongsberg defence aerospace"
        );
        assert_eq!(strip("WB Electronics Sp. z o.o."), "wb electronics");
        assert_eq!(strip("Hanwha Aerospace Co., Ltd."), "hanwha aerospace");
        assert_eq!(strip("PT Pindad"), "pindad");
        assert_eq!(strip("Thales S.A."), "thales");
        assert_eq!(strip("Ltd."), "ltd");
        assert!(is_generic_company_word("sanayi") && is_generic_company_word("defence"));
        assert!(is_generic_company_word("german") && !is_generic_company_word("rheinmetall"));
        assert!(is_company_word("GmbH") && is_company_word("A.Ş.") && is_company_word("Inc."));
        assert!(!is_company_word("Ag") && !is_company_word("Roe"));
    }

    #[test]
    fn government_of_canada_by_domain_acronym_and_name() {
        let org = |a: &str| gc_org_by_email(a).map(|o| o.en.as_str());
        assert_eq!(
            org("kari.olsen@dfo-mpo.gc.ca"),
            Some("Fisheries and Oceans Canada")
        );
        assert_eq!(org("a.b@ecn.forces.gc.ca"), Some("National Defence"));
        assert_eq!(
            org("a.b@international.gc.ca"),
            Some("Global Affairs Canada")
        );
        assert_eq!(org("a.b@example.com"), None);
        assert!(is_gc_email("a.b@canada.ca") && is_gc_email("x@unknown.gc.ca"));
        assert!(!is_gc_email("x@gc.ca.example.com"));
        let tag = |t: &str| gc_org_by_directory_tag(t).map(|o| o.en.as_str());
        assert_eq!(tag("DFO/MPO"), Some("Fisheries and Oceans Canada"));
        assert_eq!(tag("PCO/BCP"), Some("Privy Council Office"));
        assert_eq!(tag("RCMP"), Some("Royal Canadian Mounted Police"));
        assert_eq!(tag("TID"), None);
        assert_eq!(tag("DFO/BCP"), None);
        assert_eq!(
            gc_org_by_name("Pêches et Océans Canada").map(|o| o.en.as_str()),
            Some("Fisheries and Oceans Canada")
        );
    }

    #[test]
    fn portfolios_name_their_department() {
        assert_eq!(
            portfolio_org("Minister of Fisheries, Oceans and the Canadian Coast Guard"),
            Some("Fisheries and Oceans Canada")
        );
        assert_eq!(
            portfolio_org("Deputy Minister of Foreign Affairs"),
            Some("Global Affairs Canada")
        );
        assert_eq!(
            portfolio_org("ministre de la Défense nationale"),
            Some("National Defence")
        );
        assert_eq!(portfolio_org("Director, Finance Division"), None);
        assert!(
            portfolio_phrases_en()
                .iter()
                .any(|p| p == "National Defence")
        );
    }

    #[test]
    fn goods_units_in_both_languages() {
        for w in [
            "systems",
            "vessels",
            "rifles",
            "fusils",
            "vehicules",
            "kits",
        ] {
            assert!(is_goods_unit(w), "{w}");
        }
        assert!(!is_goods_unit("meetings"));
    }
}
