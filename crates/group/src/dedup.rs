//! Near-duplicate reports: the same wire story carried by many outlets, with its own
//! headline, byline or closing line. Such copies are one source, not several.
//!
//! A [`Signature`] is a MinHash of the article's case-folded word 3-shingles:
//! [`SIGNATURE_LEN`] minima under as many hash functions, of which the share that two
//! texts have in common estimates the Jaccard similarity of their shingle sets
//! ([`similarity`]). Copies are at least [`NEAR_DUPLICATE_SIMILARITY`] alike;
//! independent reports of one event, which share names and numbers but not sentences,
//! are far less. Locality-sensitive bands (8 bands of 4 minima, each hashed with its
//! band's number to a key: [`band_keys`]) find the candidates by exact lookup: two
//! texts 0.86 alike share a band with probability 0.998, two texts 0.7 alike with 0.89,
//! two texts 0.1 alike with 0.0008. Of the stored texts sharing a band, the check
//! compares at most [`CANDIDATES`]: a copy shares a band with probability s⁴ each,
//! so the more bands shared, the likelier a copy; a band key that many texts share is
//! boilerplate, so among equals those sharing the rarer keys come first; and wire
//! copies follow their original within days, so then the newest.

/// Minima in a signature.
pub const SIGNATURE_LEN: usize = 32;
/// Minima per band.
const ROWS: usize = 4;
/// Bands per signature.
pub const BANDS: usize = SIGNATURE_LEN / ROWS;

/// Texts whose estimated shingle similarity reaches this are copies of one text.
pub const NEAR_DUPLICATE_SIMILARITY: f64 = 0.7;

/// Stored texts whose signatures are compared with a new one's: those sharing the most
/// band keys with it, then the rarest keys, then the newest.
pub const CANDIDATES: usize = 32;

/// Texts with fewer shingles than this get no signature: too short to tell a copy
/// from a coincidence.
pub const MIN_SHINGLES: usize = 40;

/// A MinHash signature.
pub type Signature = [u32; SIGNATURE_LEN];

/// splitmix64's finaliser: a good spread of bits from any input.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The MinHash signature of a text's word 3-shingles (case-folded), or `None` when the
/// text has fewer than [`MIN_SHINGLES`] shingles.
pub fn signature(text: &str) -> Option<Signature> {
    let folded = text.to_lowercase();
    let shingles = crate::shingles(&folded);
    if shingles.len() < MIN_SHINGLES {
        return None;
    }
    let mut sig = [u32::MAX; SIGNATURE_LEN];
    for &s in &shingles {
        let base = mix(s);
        for (i, slot) in sig.iter_mut().enumerate() {
            // One hash function per slot: the shingle's hash mixed with the slot index.
            let h = (mix(base ^ (i as u64).wrapping_mul(0xd6e8_feb8_6659_fd93)) >> 32) as u32;
            if h < *slot {
                *slot = h;
            }
        }
    }
    Some(sig)
}

/// The estimated Jaccard similarity of the shingle sets behind two signatures.
pub fn similarity(a: &Signature, b: &Signature) -> f64 {
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / SIGNATURE_LEN as f64
}

/// The signature's band keys, one per band, in band order. Each key hashes its band's
/// number with its minima, so that equal keys mean the same band (up to collisions of
/// 2⁻⁶⁴); they fit SQLite's signed 64-bit integers.
pub fn band_keys(sig: &Signature) -> [i64; BANDS] {
    let mut out = [0i64; BANDS];
    for (b, slot) in out.iter_mut().enumerate() {
        let rows = &sig[b * ROWS..(b + 1) * ROWS];
        let key = rows
            .iter()
            .fold(b as u64, |acc, &r| mix(acc ^ u64::from(r)));
        *slot = key as i64;
    }
    out
}

/// A signature as bytes (little-endian), for storage.
pub fn to_bytes(sig: &Signature) -> Vec<u8> {
    sig.iter().flat_map(|v| v.to_le_bytes()).collect()
}

/// A signature back from [`to_bytes`]; `None` for bytes of the wrong length.
pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
    if bytes.len() != SIGNATURE_LEN * 4 {
        return None;
    }
    let mut sig = [0u32; SIGNATURE_LEN];
    for (slot, chunk) in sig.iter_mut().zip(bytes.chunks_exact(4)) {
        *slot = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    Some(sig)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const STORY: &str = "Security forces in the northern city of Port Lumen said on Tuesday that \
        an explosion tore through a crowded bus station shortly after dawn, killing at least \
        nine people and wounding more than twenty others. Witnesses described a loud blast \
        followed by smoke rising over the terminal as commuters fled toward the market. The \
        regional governor ordered the station closed and promised an inquiry, while rescue \
        teams searched the wreckage of two buses for survivors. No group has said it carried \
        out the attack, which came a week before local elections in the province.";

    fn shared_band(a: &Signature, b: &Signature) -> bool {
        band_keys(a)
            .iter()
            .zip(band_keys(b).iter())
            .any(|(x, y)| x == y)
    }

    #[test]
    fn a_wire_copy_with_its_own_headline_and_sign_off_is_a_near_duplicate() {
        let copy = format!(
            "PORT LUMEN BLAST KILLS NINE\n\n{STORY}\n\nReporting by the Example Wire desk; editing by staff."
        );
        let a = signature(STORY).expect("long enough");
        let b = signature(&copy).expect("long enough");
        assert!(
            similarity(&a, &b) >= NEAR_DUPLICATE_SIMILARITY,
            "{}",
            similarity(&a, &b)
        );
        assert!(shared_band(&a, &b));
    }

    #[test]
    fn an_independent_report_of_the_same_event_is_not() {
        let other = "A bomb exploded at the main bus terminal of Port Lumen early on Tuesday, \
            local officials told reporters, leaving nine dead and about two dozen hurt. The \
            device had been hidden near a ticket office, a police spokesman said, adding that \
            investigators were studying camera footage from nearby shops. Two buses were \
            destroyed. The province votes next week, and candidates suspended their rallies \
            after the blast while the governor called for calm across the region.";
        let a = signature(STORY).expect("long enough");
        let b = signature(other).expect("long enough");
        assert!(similarity(&a, &b) < 0.2, "{}", similarity(&a, &b));
    }

    #[test]
    fn short_texts_get_no_signature() {
        assert_eq!(
            signature("Gunmen killed two people in Kano on Monday."),
            None
        );
    }

    #[test]
    fn bytes_round_trip() {
        let sig = signature(STORY).expect("long enough");
        assert_eq!(from_bytes(&to_bytes(&sig)), Some(sig));
        assert_eq!(from_bytes(&[1, 2, 3]), None);
    }

    proptest! {
        #[test]
        fn signatures_round_trip_and_similarity_is_symmetric(
            a in proptest::array::uniform32(any::<u32>()),
            b in proptest::array::uniform32(any::<u32>()),
        ) {
            prop_assert_eq!(from_bytes(&to_bytes(&a)), Some(a));
            let s = similarity(&a, &b);
            prop_assert!((0.0..=1.0).contains(&s));
            prop_assert!((s - similarity(&b, &a)).abs() < 1e-12);
            // Equal bands need equal rows (up to hash collisions of 2^-64), and keys of
            // different bands differ even for equal rows.
            let (ka, kb) = (band_keys(&a), band_keys(&b));
            for (i, (x, y)) in ka.iter().zip(kb.iter()).enumerate() {
                let rows = i * 4..(i + 1) * 4;
                prop_assert_eq!(x == y, a[rows.clone()] == b[rows]);
            }
            let same_rows: Signature = [a[0], a[1], a[2], a[3]].repeat(8).try_into().unwrap_or(a);
            let keys = band_keys(&same_rows);
            prop_assert!(keys.iter().enumerate().all(|(i, k)| keys[i + 1..].iter().all(|o| o != k)));
        }
    }
}
