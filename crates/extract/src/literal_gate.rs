//! Where each time pattern can match, found in one pass over the text, so that a
//! pattern runs only on the few windows where it could match instead of over the whole
//! text (45 passes of the regex engine per text were most of `find_times`'s cost).
//!
//! Both facts come from the pattern's syntax, not from a list kept by hand:
//! - its *required literals*: sets of strings such that every match holds one string of
//!   each set (`the\s+(?:first|second)\s+quarter` needs one of {first, second} and also
//!   "quarter"). One Aho-Corasick pass finds every occurrence of every literal (ASCII
//!   case ignored, overlapping ones too); for each pattern the set with the fewest
//!   occurrences in this text is used, and a pattern none of whose literals of some set
//!   occur is not run at all;
//! - its *token bound*: the most tokens (runs of word characters, runs of white space
//!   and hyphens, single other characters) a match can touch. A match holding an
//!   occurrence lies within that many tokens of it on either side.
//!
//! Each pattern then runs only on the merged windows around its occurrences, ending
//! each window after a word so that `\b` reads the same as in the whole text. The
//! matches are exactly those a run over the whole text gives (see `find_times`): a match
//! lies wholly inside one window, so the leftmost match from any position is the same.
//! A pattern whose syntax gives no literal or no bound, that can match the empty string,
//! or that uses an assertion other than a word boundary runs over the whole text.
//!
//! The analysis reads only the ASCII characters of the patterns' classes: it is used on
//! ASCII text and on the ASCII view of other texts, where nothing else can match.

use std::collections::BTreeSet;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The largest set of strings a part of a pattern is expanded into.
const MAX_SET: usize = 256;
/// The most characters a class may hold to be read as a set of one-character strings.
const MAX_CLASS: usize = 10;
/// The most required-literal sets kept for a pattern.
const MAX_CANDIDATES: usize = 3;

type Set = BTreeSet<Vec<u8>>;

/// What every match of a part of a pattern holds.
enum Lits {
    /// The part matches exactly one of these strings (lower-cased).
    Exact(Set),
    /// Every match holds a string of each of these sets (none holds the empty string).
    Required(Vec<Set>),
}

fn lower(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().map(u8::to_ascii_lowercase).collect()
}

/// The ASCII characters of a class, lower-cased.
fn class_ascii(c: &Class) -> BTreeSet<u8> {
    let mut out = BTreeSet::new();
    match c {
        Class::Unicode(u) => {
            for r in u.iter() {
                let (a, b) = (u32::from(r.start()), u32::from(r.end()).min(127));
                for x in a..=b {
                    if let Ok(byte) = u8::try_from(x) {
                        out.insert(byte.to_ascii_lowercase());
                    }
                }
            }
        }
        Class::Bytes(bc) => {
            for r in bc.iter() {
                for x in r.start()..=r.end().min(127) {
                    out.insert(x.to_ascii_lowercase());
                }
            }
        }
    }
    out
}

/// Words so common in news that a set holding one gates on nearly every sentence.
const COMMON: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "had", "has", "have", "he",
    "in", "is", "it", "not", "of", "on", "or", "she", "th", "that", "the", "these", "they", "this",
    "those", "to", "was", "we", "were", "with",
];

/// How good a set is as a gate: without a common word first, then longer shortest
/// string, then fewer strings.
fn score(s: &Set) -> (bool, usize, std::cmp::Reverse<usize>) {
    let shortest = s.iter().map(Vec::len).min().unwrap_or(usize::MAX);
    let rare = !s
        .iter()
        .any(|l| COMMON.iter().any(|c| c.as_bytes() == l.as_slice()));
    (rare, shortest, std::cmp::Reverse(s.len()))
}

fn best(sets: Vec<Set>) -> Option<Set> {
    sets.into_iter().max_by_key(score)
}

fn cross(a: &Set, b: &Set) -> Set {
    let mut out = Set::new();
    for x in a {
        for y in b {
            let mut s = x.clone();
            s.extend_from_slice(y);
            out.insert(s);
        }
    }
    out
}

fn useful(s: &Set) -> bool {
    !s.contains(&Vec::new())
}

fn literals(h: &Hir) -> Lits {
    let empty = || Lits::Exact(Set::from([Vec::new()]));
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => empty(),
        HirKind::Literal(l) => Lits::Exact(Set::from([lower(&l.0)])),
        HirKind::Class(c) => {
            let chars = class_ascii(c);
            if chars.len() <= MAX_CLASS {
                Lits::Exact(chars.into_iter().map(|b| vec![b]).collect())
            } else {
                Lits::Required(Vec::new())
            }
        }
        HirKind::Capture(c) => literals(&c.sub),
        HirKind::Repetition(r) => {
            let sub = literals(&r.sub);
            if let (Lits::Exact(s), Some(max)) = (&sub, r.max) {
                let mut all = Set::new();
                let mut power = Set::from([Vec::new()]);
                let mut small = true;
                for k in 0..=max {
                    if k >= r.min {
                        all.extend(power.iter().cloned());
                    }
                    if k < max {
                        if power.len() * s.len() > MAX_SET {
                            small = false;
                            break;
                        }
                        power = cross(&power, s);
                    }
                    if all.len() > MAX_SET {
                        small = false;
                        break;
                    }
                }
                if small {
                    return Lits::Exact(all);
                }
            }
            if r.min == 0 {
                return Lits::Required(Vec::new());
            }
            match sub {
                Lits::Exact(s) if useful(&s) => Lits::Required(vec![s]),
                Lits::Exact(_) => Lits::Required(Vec::new()),
                required => required,
            }
        }
        HirKind::Concat(parts) => {
            let mut sets: Vec<Set> = Vec::new();
            let mut run = Set::from([Vec::new()]);
            let mut exact = true;
            for p in parts {
                match literals(p) {
                    Lits::Exact(s) if run.len() * s.len() <= MAX_SET => run = cross(&run, &s),
                    Lits::Exact(s) => {
                        exact = false;
                        sets.push(std::mem::replace(&mut run, s));
                    }
                    Lits::Required(r) => {
                        exact = false;
                        sets.push(std::mem::replace(&mut run, Set::from([Vec::new()])));
                        sets.extend(r);
                    }
                }
            }
            if exact {
                return Lits::Exact(run);
            }
            sets.push(run);
            sets.retain(useful);
            Lits::Required(sets)
        }
        HirKind::Alternation(alts) => {
            let each: Vec<Lits> = alts.iter().map(literals).collect();
            if each.iter().all(|l| matches!(l, Lits::Exact(_))) {
                let mut all = Set::new();
                for l in &each {
                    if let Lits::Exact(s) = l {
                        all.extend(s.iter().cloned());
                    }
                }
                if all.len() <= MAX_SET {
                    return Lits::Exact(all);
                }
            }
            let mut union = Set::new();
            for l in each {
                let one = match l {
                    Lits::Exact(s) if useful(&s) => Some(s),
                    Lits::Exact(_) => None,
                    Lits::Required(r) => best(r),
                };
                match one {
                    Some(s) => union.extend(s),
                    None => return Lits::Required(Vec::new()),
                }
            }
            Lits::Required(vec![union])
        }
    }
}

/// A token's kind: a run of word characters, a run of white space and hyphens, or a
/// single other character.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Word,
    Sep,
    Other,
}

fn kind_of(b: u8) -> Kind {
    if b.is_ascii_alphanumeric() || b == b'_' {
        Kind::Word
    } else if matches!(b, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b'-') {
        Kind::Sep
    } else {
        Kind::Other
    }
}

/// The token bound of a part of a pattern.
#[derive(Clone, Copy)]
struct Tokens {
    /// The most tokens a match touches; `None`: no bound.
    max: Option<u32>,
    /// The kind of every character it can match, when there is one kind.
    pure: Option<Kind>,
    /// The kinds of its first and last tokens when always the same (`None`: it can
    /// match nothing, or differs).
    first: Option<Kind>,
    last: Option<Kind>,
    /// Whether it can match the empty string.
    empty: bool,
}

fn same(a: Option<Kind>, b: Option<Kind>) -> Option<Kind> {
    if a == b {
        a
    } else {
        None
    }
}

fn tokens(h: &Hir) -> Tokens {
    let zero = Tokens {
        max: Some(0),
        pure: None,
        first: None,
        last: None,
        empty: true,
    };
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => zero,
        HirKind::Literal(l) => {
            let bytes = &l.0;
            let mut count = 0u32;
            let mut prev: Option<Kind> = None;
            for &b in bytes.iter() {
                let k = kind_of(b);
                if prev != Some(k) || k == Kind::Other {
                    count += 1;
                }
                prev = Some(k);
            }
            let first = bytes.first().map(|&b| kind_of(b));
            let pure =
                first.filter(|&k| k != Kind::Other && bytes.iter().all(|&b| kind_of(b) == k));
            Tokens {
                max: Some(count),
                pure,
                first,
                last: prev,
                empty: bytes.is_empty(),
            }
        }
        HirKind::Class(c) => {
            let chars = class_ascii(c);
            let kind = chars
                .iter()
                .map(|&b| kind_of(b))
                .try_fold(None, |acc, k| match acc {
                    None => Ok(Some(k)),
                    Some(a) if a == k => Ok(Some(a)),
                    Some(_) => Err(()),
                });
            let kind = kind.ok().flatten();
            Tokens {
                max: Some(1),
                pure: kind.filter(|&k| k != Kind::Other),
                first: kind,
                last: kind,
                empty: false,
            }
        }
        HirKind::Capture(c) => tokens(&c.sub),
        HirKind::Repetition(r) => {
            let sub = tokens(&r.sub);
            if r.max == Some(0) {
                return zero;
            }
            let max = if sub.pure.is_some() {
                sub.max.map(|m| m.min(1))
            } else {
                match (sub.max, r.max) {
                    (Some(m), Some(n)) => m.checked_mul(n),
                    (Some(0), None) => Some(0),
                    _ => None,
                }
            };
            Tokens {
                max,
                pure: sub.pure,
                first: sub.first,
                last: sub.last,
                empty: r.min == 0 || sub.empty,
            }
        }
        HirKind::Concat(parts) => {
            let mut max = Some(0u32);
            let mut pure: Option<Option<Kind>> = None;
            let mut first: Option<Kind> = None;
            let mut first_known = false;
            let mut last: Option<Kind> = None;
            let mut empty = true;
            // The last part that matched something, when it cannot be empty.
            let mut prev: Option<Tokens> = None;
            for p in parts {
                let t = tokens(p);
                if t.max == Some(0) {
                    continue;
                }
                max = match (max, t.max) {
                    (Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
                // Two parts that always meet inside one run of words or of separators.
                if let (Some(q), Some(m)) = (prev, max) {
                    if !t.empty
                        && q.last == t.first
                        && matches!(t.first, Some(Kind::Word | Kind::Sep))
                    {
                        max = Some(m.saturating_sub(1));
                    }
                }
                pure = Some(match pure {
                    None => t.pure,
                    Some(k) => same(k, t.pure),
                });
                if !first_known {
                    first = if t.empty { None } else { t.first };
                    first_known = true;
                }
                last = if t.empty { None } else { t.last };
                empty &= t.empty;
                prev = if t.empty { None } else { Some(t) };
            }
            Tokens {
                max,
                pure: pure.flatten(),
                first,
                last,
                empty,
            }
        }
        HirKind::Alternation(alts) => {
            let each: Vec<Tokens> = alts.iter().map(tokens).collect();
            let mut out = each.first().copied().unwrap_or(zero);
            for t in &each[1..] {
                out.max = match (out.max, t.max) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
                out.pure = same(out.pure, t.pure);
                out.first = same(out.first, t.first);
                out.last = same(out.last, t.last);
                out.empty |= t.empty;
            }
            out
        }
    }
}

/// The required-literal sets a pattern is gated on, best first.
fn candidate_sets(hir: &Hir) -> Vec<Set> {
    let mut sets = match literals(hir) {
        Lits::Exact(s) if useful(&s) => vec![s],
        Lits::Exact(_) => Vec::new(),
        Lits::Required(r) => r,
    };
    // A set holding a single letter, space or punctuation mark would gate on every
    // other word.
    sets.retain(|s| !s.iter().any(|l| l.len() == 1 && !l[0].is_ascii_digit()));
    sets.sort_by_key(|s| std::cmp::Reverse(score(s)));
    // Common words and single digits occur everywhere: gates of last resort.
    let good = |s: &Set| {
        let (rare, shortest, _) = score(s);
        rare && shortest > 1
    };
    if sets.first().is_some_and(good) {
        sets.retain(good);
    }
    sets.truncate(MAX_CANDIDATES);
    sets
}

/// Whether a pattern uses only word-boundary assertions.
/// The literals of `ids` in id order (ids are given in order from 0).
fn in_id_order(ids: std::collections::BTreeMap<Vec<u8>, u32>) -> Vec<Vec<u8>> {
    let mut literals: Vec<(u32, Vec<u8>)> = ids.into_iter().map(|(l, i)| (i, l)).collect();
    literals.sort();
    literals.into_iter().map(|(_, l)| l).collect()
}

/// One ASCII-case-insensitive DFA over `literals`, pattern `i` the literal `literals[i]`;
/// `None` when there are none or it cannot be built.
fn automaton(literals: &[Vec<u8>]) -> Option<AhoCorasick> {
    if literals.is_empty() {
        return None;
    }
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(literals)
        .ok()
}

/// One occurrence of a literal: its id (in the gate that asked for it), start and end.
pub(crate) type Hit = (u32, u32, u32);

/// The occurrences given (found by a [`Joint`] scan), or else every occurrence of
/// `ac`'s literals in `hay` (overlapping ones too), in text order.
fn given_or_scanned<'h>(
    ac: &AhoCorasick,
    hay: &str,
    given: Option<&'h [Hit]>,
) -> std::borrow::Cow<'h, [Hit]> {
    match given {
        Some(h) => std::borrow::Cow::Borrowed(h),
        None => ac
            .find_overlapping_iter(hay)
            .map(|m| (m.pattern().as_u32(), m.start() as u32, m.end() as u32))
            .collect(),
    }
}

fn only_word_boundaries(h: &Hir) -> bool {
    let looks = h.properties().look_set();
    looks.iter().all(|l| {
        matches!(
            l,
            Look::WordAscii | Look::WordAsciiNegate | Look::WordUnicode | Look::WordUnicodeNegate
        )
    })
}

/// How one pattern is searched.
enum Plan {
    /// Over the whole text.
    Whole,
    /// On windows: around the occurrences of the literals of one of these sets (ids
    /// into [`Gate::sets`]), `bound` tokens on either side.
    Windows { sets: Vec<u32>, bound: u32 },
}

/// The literals of all patterns, and how each pattern is searched.
pub(crate) struct Gate {
    /// The literals, by id.
    literals: Vec<Vec<u8>>,
    automaton: Option<AhoCorasick>,
    /// For each literal (the automaton's pattern id), the sets holding it.
    users: Vec<Vec<u32>>,
    /// How many sets there are.
    sets: usize,
    plans: Vec<Plan>,
}

/// Where each pattern runs in one text: `None` the whole text, else these windows
/// (byte ranges, in order, apart), empty when it cannot match.
pub(crate) type Windows = Vec<Option<Vec<(usize, usize)>>>;

impl Gate {
    /// The gate of these patterns (their sources, as the regex crate reads them).
    pub(crate) fn new(sources: &[&str]) -> Gate {
        let mut ids: std::collections::BTreeMap<Vec<u8>, u32> = std::collections::BTreeMap::new();
        let mut plans = Vec::with_capacity(sources.len());
        let mut users: Vec<Vec<u32>> = Vec::new();
        let mut sets = 0u32;
        for src in sources {
            plans.push(match Self::plan(src, &mut ids) {
                None => Plan::Whole,
                Some((literal_sets, bound)) => {
                    let mut own = Vec::with_capacity(literal_sets.len());
                    for set in literal_sets {
                        for id in set {
                            let id = id as usize;
                            if users.len() <= id {
                                users.resize(id + 1, Vec::new());
                            }
                            users[id].push(sets);
                        }
                        own.push(sets);
                        sets += 1;
                    }
                    Plan::Windows { sets: own, bound }
                }
            });
        }
        let literals = in_id_order(ids);
        let automaton = automaton(&literals);
        // Without the automaton every pattern runs over the whole text.
        if automaton.is_none() {
            plans.iter_mut().for_each(|p| *p = Plan::Whole);
        }
        Gate {
            literals,
            automaton,
            users,
            sets: sets as usize,
            plans,
        }
    }

    fn plan(
        src: &str,
        ids: &mut std::collections::BTreeMap<Vec<u8>, u32>,
    ) -> Option<(Vec<Vec<u32>>, u32)> {
        let Ok(hir) = regex_syntax::parse(src) else {
            return None;
        };
        if hir.properties().minimum_len().is_none_or(|n| n == 0) || !only_word_boundaries(&hir) {
            return None;
        }
        let bound = tokens(&hir).max?;
        let sets = candidate_sets(&hir);
        if sets.is_empty() {
            return None;
        }
        let mut next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
        let sets = sets
            .into_iter()
            .map(|s| {
                s.into_iter()
                    .map(|l| {
                        *ids.entry(l).or_insert_with(|| {
                            next += 1;
                            next - 1
                        })
                    })
                    .collect()
            })
            .collect();
        Some((sets, bound.max(1)))
    }

    /// Where each pattern must run in `hay` (ASCII, or a text's ASCII view).
    pub(crate) fn windows(&self, hay: &str) -> Windows {
        self.windows_with(hay, None)
    }

    /// [`Gate::windows`], with the occurrences of the gate's literals in `hay` when they
    /// were found already (by a [`Joint`] scan).
    pub(crate) fn windows_with(&self, hay: &str, hits: Option<&[Hit]>) -> Windows {
        let Some(ac) = &self.automaton else {
            return self.plans.iter().map(|_| None).collect();
        };
        let hits = given_or_scanned(ac, hay, hits);
        // Every occurrence of every literal, grouped by the sets holding it.
        let none: &[u32] = &[];
        let users = |id: u32| self.users.get(id as usize).map_or(none, Vec::as_slice);
        let mut count = vec![0u32; self.sets];
        for &(id, _, _) in hits.iter() {
            for &u in users(id) {
                count[u as usize] += 1;
            }
        }
        let mut offsets = Vec::with_capacity(count.len() + 1);
        let mut sum = 0u32;
        for c in &count {
            offsets.push(sum);
            sum += c;
        }
        offsets.push(sum);
        let mut grouped = vec![(0u32, 0u32); sum as usize];
        let mut fill = offsets.clone();
        for &(id, s, e) in hits.iter() {
            for &u in users(id) {
                let slot = &mut fill[u as usize];
                grouped[*slot as usize] = (s, e);
                *slot += 1;
            }
        }
        let mut toks: Option<Tokenized> = None;
        // One buffer for every pattern's unmerged windows.
        let mut w: Vec<(usize, usize)> = Vec::new();
        self.plans
            .iter()
            .map(|plan| match plan {
                Plan::Whole => None,
                Plan::Windows { sets, bound } => {
                    let set = *sets.iter().min_by_key(|&&s| count[s as usize])? as usize;
                    if count[set] == 0 {
                        return Some(Vec::new());
                    }
                    let t = toks.get_or_insert_with(|| Tokenized::new(hay));
                    let (a, b) = (offsets[set] as usize, offsets[set + 1] as usize);
                    w.clear();
                    w.extend(
                        grouped[a..b]
                            .iter()
                            .map(|&(s, e)| t.window(s as usize, e as usize, *bound as usize)),
                    );
                    w.sort_unstable();
                    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(w.len());
                    for &(s, e) in &w {
                        match merged.last_mut() {
                            Some(last) if s <= last.1 => last.1 = last.1.max(e),
                            _ => merged.push((s, e)),
                        }
                    }
                    Some(merged)
                }
            })
            .collect()
    }
}

/// Which of a list of patterns can match inside each of some ranges of an ASCII text
/// (the event stage's sentences), from one pass over the text: every match of a pattern
/// holds an occurrence of a literal of each of its required sets ([`candidate_sets`];
/// assertions match no characters, so this holds for a match anchored at a range's
/// ends too), and a search inside a range finds only matches inside it, so a pattern
/// with a set none of whose literals occurs wholly inside the range cannot match there.
/// A pattern with no required set, or that can match the empty string, can always
/// match.
pub(crate) struct Presence {
    /// The literals, by id.
    literals: Vec<Vec<u8>>,
    automaton: Option<AhoCorasick>,
    /// For each literal (the automaton's pattern id), the sets holding it.
    users: Vec<Vec<u32>>,
    /// How many sets there are.
    sets: usize,
    /// Each pattern's sets (ids into the sets); empty: it can always match.
    patterns: Vec<Vec<u32>>,
}

impl Presence {
    /// The most patterns one [`Presence`] reads (a range's answer is one `u128`).
    pub(crate) const MAX: usize = 128;

    /// The presence gate of these patterns (their sources, as the regex crate reads
    /// them); at most [`Presence::MAX`] of them.
    pub(crate) fn new(sources: &[&str]) -> Presence {
        assert!(sources.len() <= Self::MAX, "too many gated patterns");
        let mut ids: std::collections::BTreeMap<Vec<u8>, u32> = std::collections::BTreeMap::new();
        let mut users: Vec<Vec<u32>> = Vec::new();
        let mut sets = 0u32;
        let mut patterns = Vec::with_capacity(sources.len());
        for src in sources {
            let hir = regex_syntax::parse(src).ok();
            let literal_sets = match &hir {
                Some(h) if h.properties().minimum_len().is_some_and(|n| n > 0) => candidate_sets(h),
                _ => Vec::new(),
            };
            let mut own = Vec::with_capacity(literal_sets.len());
            for set in literal_sets {
                for l in set {
                    let next = u32::try_from(ids.len()).unwrap_or(u32::MAX);
                    let id = *ids.entry(l).or_insert(next) as usize;
                    if users.len() <= id {
                        users.resize(id + 1, Vec::new());
                    }
                    users[id].push(sets);
                }
                own.push(sets);
                sets += 1;
            }
            patterns.push(own);
        }
        let literals = in_id_order(ids);
        let automaton = automaton(&literals);
        Presence {
            literals,
            automaton,
            users,
            sets: sets as usize,
            patterns,
        }
    }

    /// For each of `ranges` (byte ranges of `hay`), a bit per pattern (bit `i`: the
    /// `i`th source) that is set where the pattern may match inside the range. Every
    /// bit is set where the text is not ASCII (the analysis reads the patterns' ASCII
    /// characters only, and ignoring ASCII case is not Unicode's case folding) or the
    /// ranges are not in order and apart.
    #[cfg(test)]
    pub(crate) fn masks(&self, hay: &str, ranges: &[(usize, usize)]) -> Vec<u128> {
        self.masks_with(hay, ranges, None)
    }

    /// [`Presence::masks`], with the occurrences of the gate's literals in `hay` when
    /// they were found already (by a [`Joint`] scan).
    pub(crate) fn masks_with(
        &self,
        hay: &str,
        ranges: &[(usize, usize)],
        hits: Option<&[Hit]>,
    ) -> Vec<u128> {
        let all = if self.patterns.len() == Self::MAX {
            u128::MAX
        } else {
            (1u128 << self.patterns.len()) - 1
        };
        let ordered = ranges.iter().all(|r| r.0 <= r.1 && r.1 <= hay.len())
            && ranges.windows(2).all(|w| w[0].1 <= w[1].0);
        let Some(ac) = self
            .automaton
            .as_ref()
            .filter(|_| ordered && hay.is_ascii())
        else {
            return vec![all; ranges.len()];
        };
        // The sets with an occurrence inside each range, a bit each.
        let words = self.sets.div_ceil(64);
        let mut present = vec![0u64; words * ranges.len()];
        let none: &[u32] = &[];
        let hits = given_or_scanned(ac, hay, hits);
        for &(id, start, end) in hits.iter() {
            let k = ranges.partition_point(|r| r.0 <= start as usize);
            let Some(k) = k.checked_sub(1) else { continue };
            if end as usize > ranges[k].1 {
                continue;
            }
            let users = self.users.get(id as usize).map_or(none, Vec::as_slice);
            let row = &mut present[k * words..(k + 1) * words];
            for &u in users {
                row[u as usize / 64] |= 1 << (u % 64);
            }
        }
        (0..ranges.len())
            .map(|k| {
                let row = &present[k * words..(k + 1) * words];
                let mut mask = 0u128;
                for (i, sets) in self.patterns.iter().enumerate() {
                    if sets
                        .iter()
                        .all(|&u| row[u as usize / 64] & (1 << (u % 64)) != 0)
                    {
                        mask |= 1 << i;
                    }
                }
                mask
            })
            .collect()
    }
}

/// [`kind_of`] of every byte: 0 word, 1 separator, 2 other.
static KINDS: [u8; 256] = {
    let mut t = [2u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() || c == b'_' {
            0
        } else if matches!(c, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b'-') {
            1
        } else {
            2
        };
        b += 1;
    }
    t
};

/// A text cut into tokens.
struct Tokenized<'h> {
    /// Where each token starts, then the text's length.
    starts: Vec<u32>,
    bytes: &'h [u8],
}

impl<'h> Tokenized<'h> {
    /// The tokens of `hay` (shorter than 4 GiB: the gate reads one article): a token
    /// starts at each byte whose kind differs from the byte before's, and at each byte
    /// of kind other. Every byte's start is written and kept only where one starts, with
    /// no branch on the text.
    fn new(hay: &'h str) -> Tokenized<'h> {
        let bytes = hay.as_bytes();
        let mut starts = vec![0u32; bytes.len() + 1];
        let mut n = 0usize;
        let mut prev = 3u8;
        for (i, &b) in bytes.iter().enumerate() {
            let k = KINDS[usize::from(b)];
            if let Some(slot) = starts.get_mut(n) {
                *slot = i as u32;
            }
            n += usize::from(k != prev || k == 2);
            prev = k;
        }
        starts.truncate(n);
        starts.push(bytes.len() as u32);
        Tokenized { starts, bytes }
    }

    /// Whether token `t` is a word.
    fn word(&self, t: usize) -> bool {
        let at = self.starts[t] as usize;
        self.bytes
            .get(at)
            .is_some_and(|&b| KINDS[usize::from(b)] == 0)
    }

    /// The token holding byte `at`.
    fn token(&self, at: usize) -> usize {
        self.starts
            .partition_point(|&s| s as usize <= at)
            .saturating_sub(1)
    }

    /// The window around an occurrence `start..end` for a pattern whose matches touch
    /// at most `bound` tokens: it ends after a word (or at the text's end).
    fn window(&self, start: usize, end: usize, bound: usize) -> (usize, usize) {
        let n = self.starts.len() - 1;
        let first = self.token(start);
        let last = self.token(end.saturating_sub(1).max(start));
        let from = (last + 1).saturating_sub(bound).min(first);
        let mut to = (first + bound - 1).max(last).min(n.saturating_sub(1));
        while to + 1 < n && !self.word(to) {
            to += 1;
        }
        (self.starts[from] as usize, self.starts[to + 1] as usize)
    }
}

/// The literals of a [`Gate`] and a [`Presence`] in one automaton, so that a text that
/// both read is scanned once: the scan's cost is the automaton's table walk (a cache miss
/// a byte or so for tables of this size), not the matches, so one walk instead of two
/// halves it.
pub(crate) struct Joint {
    automaton: Option<AhoCorasick>,
    /// For each literal of the joint automaton, its id in the gate and in the presence
    /// ([`u32::MAX`]: not one of its literals).
    ids: Vec<(u32, u32)>,
}

/// The occurrences a [`Joint`] scan found, each with the id its own gate gives it, in
/// text order (as the gate's own scan finds them).
pub(crate) struct Scan {
    pub(crate) gate: Vec<Hit>,
    pub(crate) presence: Vec<Hit>,
}

impl Joint {
    pub(crate) fn new(gate: &Gate, presence: &Presence) -> Joint {
        let mut by_literal: std::collections::BTreeMap<&[u8], (u32, u32)> =
            std::collections::BTreeMap::new();
        for (i, l) in gate.literals.iter().enumerate() {
            by_literal.entry(l).or_insert((u32::MAX, u32::MAX)).0 = i as u32;
        }
        for (i, l) in presence.literals.iter().enumerate() {
            by_literal.entry(l).or_insert((u32::MAX, u32::MAX)).1 = i as u32;
        }
        let literals: Vec<Vec<u8>> = by_literal.keys().map(|l| l.to_vec()).collect();
        Joint {
            // Both gates must have their own automaton for their ids to be meaningful.
            automaton: if gate.automaton.is_some() && presence.automaton.is_some() {
                automaton(&literals)
            } else {
                None
            },
            ids: by_literal.into_values().collect(),
        }
    }

    /// Every occurrence of both gates' literals in `hay`; `None` without an automaton.
    pub(crate) fn scan(&self, hay: &str) -> Option<Scan> {
        let ac = self.automaton.as_ref()?;
        let mut out = Scan {
            gate: Vec::new(),
            presence: Vec::new(),
        };
        for m in ac.find_overlapping_iter(hay) {
            let (s, e) = (m.start() as u32, m.end() as u32);
            let (g, p) = self.ids[m.pattern().as_usize()];
            if g != u32::MAX {
                out.gate.push((g, s, e));
            }
            if p != u32::MAX {
                out.presence.push((p, s, e));
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sets(src: &str) -> Vec<Vec<String>> {
        let hir = regex_syntax::parse(src).expect("pattern");
        candidate_sets(&hir)
            .into_iter()
            .map(|s| {
                s.into_iter()
                    .map(|l| String::from_utf8_lossy(&l).into_owned())
                    .collect()
            })
            .collect()
    }

    fn bound(src: &str) -> Option<u32> {
        tokens(&regex_syntax::parse(src).expect("pattern")).max
    }

    #[test]
    fn required_literals_of_a_pattern() {
        // Longest shortest string first; white space alone is no gate, nor a common
        // word when there is another.
        assert_eq!(sets(r"(?i)\bthe\s+year\b"), vec![vec!["year"]]);
        assert_eq!(sets(r"(?i)\bthe\s+x\b"), vec![vec!["the"]]);
        assert_eq!(
            sets(r"(?i)\b(?:first|second)[\s-]+quarter\b"),
            vec![vec!["quarter"], vec!["first", "second"]]
        );
        assert_eq!(
            sets(r"(?i)days?\s+ago"),
            vec![vec!["ago"], vec!["day", "days"]]
        );
        // Digits are kept; a class of many characters is no literal.
        assert_eq!(sets(r"\b(?:19|20)\d\d\b").len(), 1);
        assert_eq!(sets(r"\b(?:19|20)\d\d\b")[0].len(), 200);
        assert_eq!(sets(r"[a-z]+ing\b"), vec![vec!["ing"]]);
        // An optional part requires nothing.
        assert_eq!(sets(r"(?:the\s+)?weekend"), vec![vec!["weekend"]]);
        assert_eq!(sets(r"o['’]?clock"), vec![vec!["o'clock", "oclock"]]);
    }

    #[test]
    fn token_bounds() {
        assert_eq!(bound(r"\bthe\s+year\b"), Some(3));
        assert_eq!(bound(r"\d{1,2}(?:st|nd)?"), Some(2));
        assert_eq!(bound(r"(?:the\s+)+year"), None);
        assert_eq!(bound(r"\d+:\d\d"), Some(3));
        assert_eq!(bound(r"\bnew\s+year'?s?\s+eve\b"), Some(7));
    }

    #[test]
    fn texts_cut_into_tokens() {
        // Words (letters, digits, '_'), runs of white space and hyphens, and each other
        // byte alone.
        let t = Tokenized::new("ab_1  -c,,d\u{e9}");
        assert_eq!(t.starts, vec![0, 4, 7, 8, 9, 10, 11, 12, 13]);
        let words: Vec<bool> = (0..t.starts.len() - 1).map(|i| t.word(i)).collect();
        assert_eq!(
            words,
            vec![true, false, true, false, false, true, false, false]
        );
        assert_eq!(t.token(5), 1);
        // "c" and the token on either side, stretched to end after the next word.
        assert_eq!(t.window(7, 8, 2), (4, 11));
        assert_eq!(Tokenized::new("").starts, vec![0]);
    }

    #[test]
    fn windows_cover_matches_near_occurrences() {
        let gate = Gate::new(&[r"(?i)\b(?:the\s+)?last\s+week\b", r"(?i)\bnever\b"]);
        let text = "We met  last   week, and then the last week of May.";
        let w = gate.windows(text);
        assert_eq!(w.len(), 2);
        assert_eq!(w[1], Some(Vec::new()));
        let wins = w[0].clone().expect("windows");
        let re = regex::Regex::new(r"(?i)\b(?:the\s+)?last\s+week\b").expect("regex");
        for m in re.find_iter(text) {
            assert!(
                wins.iter().any(|&(s, e)| s <= m.start() && m.end() <= e),
                "{m:?} {wins:?}"
            );
        }
        // Windows end after a word.
        for &(_, e) in &wins {
            assert!(e == text.len() || text.as_bytes()[e - 1].is_ascii_alphanumeric());
        }
    }
}
