//! A small, fast, non-cryptographic hasher (the multiply-rotate hash of Firefox and
//! rustc) for the entity stage's lookup tables and caches, whose keys are table names
//! and words, not attacker-chosen input that could aim at collisions in one map.

use std::hash::{BuildHasherDefault, Hasher};

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

/// The hasher state.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Builds [`FxHasher`]s, for `HashMap<K, V, FxBuild>`.
pub type FxBuild = BuildHasherDefault<FxHasher>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use std::hash::{BuildHasher, Hash};

    fn hash_of<T: Hash>(t: &T) -> u64 {
        FxBuild::default().hash_one(t)
    }

    #[test]
    fn equal_keys_hash_alike_and_near_keys_apart() {
        assert_eq!(hash_of(&"Kandahar"), hash_of(&String::from("Kandahar")));
        assert_ne!(hash_of(&"Kandahar"), hash_of(&"kandahar"));
        // Keys that differ only past the first eight bytes, or only in length.
        assert_ne!(hash_of(&"north waziristan"), hash_of(&"north wazirist"));
        assert_ne!(hash_of(&"ab"), hash_of(&"ab\0"));
    }

    #[test]
    fn a_map_with_it_finds_what_was_put() {
        let mut m: HashMap<String, usize, FxBuild> = HashMap::default();
        for (i, w) in ["Mosul", "Erbil", "Kirkuk", "Basra"].iter().enumerate() {
            m.insert(w.to_string(), i);
        }
        assert_eq!(m.get("Kirkuk"), Some(&2));
        assert_eq!(m.get("kirkuk"), None);
        assert_eq!(m.len(), 4);
    }
}
