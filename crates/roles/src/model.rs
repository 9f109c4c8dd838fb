//! The weights: sparse tables from hashed feature keys to per-class scores, the tag
//! transitions, and the compact binary form they are committed in.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::RolesError;

/// Feature keys are already hashes: use them as they are.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }
}

pub type KeyMap<V> = HashMap<u32, V, BuildHasherDefault<KeyHasher>>;

/// Scores of `K` classes for every known feature key, quantised: weight = row value ×
/// `scale`.
#[derive(Clone)]
pub struct Table<const K: usize> {
    pub rows: KeyMap<[i16; K]>,
    pub scale: f32,
}

impl<const K: usize> Default for Table<K> {
    fn default() -> Self {
        Table {
            rows: KeyMap::default(),
            scale: 1.0,
        }
    }
}

impl<const K: usize> Table<K> {
    /// Quantises float rows (rows that round to all zeros are dropped).
    pub fn quantise(rows: impl Iterator<Item = (u32, [f32; K])> + Clone) -> Self {
        let max = rows
            .clone()
            .flat_map(|(_, r)| r)
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut out = KeyMap::default();
        for (k, r) in rows {
            let q = r.map(|w| (w / scale).round() as i16);
            if q.iter().any(|&x| x != 0) {
                out.insert(k, q);
            }
        }
        Table { rows: out, scale }
    }

    /// Sum of the rows of `keys`.
    pub fn score(&self, keys: &[u32]) -> [f32; K] {
        let mut acc = [0i32; K];
        for k in keys {
            if let Some(row) = self.rows.get(k) {
                for (o, &w) in acc.iter_mut().zip(row) {
                    *o += i32::from(w);
                }
            }
        }
        acc.map(|x| x as f32 * self.scale)
    }

    /// Serialises as: rows, scale, then per row (by key) the key, a mask of the
    /// non-zero classes and one i16 per non-zero class.
    fn write(&self, out: &mut Vec<u8>) {
        let mut rows: Vec<(&u32, &[i16; K])> = self.rows.iter().collect();
        rows.sort_unstable_by_key(|r| *r.0);
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for (k, r) in rows {
            let mut mask = 0u16;
            for (c, &w) in r.iter().enumerate() {
                if w != 0 {
                    mask |= 1 << c;
                }
            }
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&mask.to_le_bytes());
            for &w in r.iter().filter(|&&w| w != 0) {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, RolesError> {
        let n = r.u32()? as usize;
        let scale = r.f32()?;
        let mut rows = KeyMap::default();
        rows.reserve(n);
        for _ in 0..n {
            let k = r.u32()?;
            let mask = r.u16()?;
            let mut row = [0i16; K];
            for (c, slot) in row.iter_mut().enumerate() {
                if mask & (1 << c) != 0 {
                    *slot = r.i16()?;
                }
            }
            rows.insert(k, row);
        }
        Ok(Table { rows, scale })
    }
}

/// Little-endian reader over the model bytes.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }
    fn take<const N: usize>(&mut self) -> Result<[u8; N], RolesError> {
        let end = self.at + N;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or(RolesError::Truncated { at: self.at })?;
        self.at = end;
        let mut out = [0u8; N];
        out.copy_from_slice(slice);
        Ok(out)
    }
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8], RolesError> {
        let end = self.at + n;
        let slice = self
            .bytes
            .get(self.at..end)
            .ok_or(RolesError::Truncated { at: self.at })?;
        self.at = end;
        Ok(slice)
    }
    pub fn u16(&mut self) -> Result<u16, RolesError> {
        Ok(u16::from_le_bytes(self.take()?))
    }
    pub fn i16(&mut self) -> Result<i16, RolesError> {
        Ok(i16::from_le_bytes(self.take()?))
    }
    pub fn u32(&mut self) -> Result<u32, RolesError> {
        Ok(u32::from_le_bytes(self.take()?))
    }
    pub fn f32(&mut self) -> Result<f32, RolesError> {
        Ok(f32::from_le_bytes(self.take()?))
    }
    pub fn done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

pub fn write_table<const K: usize>(t: &Table<K>, out: &mut Vec<u8>) {
    t.write(out);
}

pub fn read_table<const K: usize>(r: &mut Reader<'_>) -> Result<Table<K>, RolesError> {
    Table::read(r)
}
