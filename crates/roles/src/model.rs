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

/// Scores of `K` classes for every known feature key.
#[derive(Clone, Default)]
pub struct Table<const K: usize> {
    pub rows: KeyMap<[f32; K]>,
}

impl<const K: usize> Table<K> {
    /// Adds the rows of `keys` into `out`.
    pub fn add(&self, keys: &[u32], out: &mut [f32; K]) {
        for k in keys {
            if let Some(row) = self.rows.get(k) {
                for (o, w) in out.iter_mut().zip(row) {
                    *o += w;
                }
            }
        }
    }

    /// Sum of the rows of `keys`.
    pub fn score(&self, keys: &[u32]) -> [f32; K] {
        let mut out = [0.0; K];
        self.add(keys, &mut out);
        out
    }

    /// Serialises as: rows, scale, then per row the key, a mask of the non-zero
    /// classes and one i16 per non-zero class (weight / scale).
    fn write(&self, out: &mut Vec<u8>) {
        let max = self
            .rows
            .values()
            .flat_map(|r| r.iter())
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut rows: Vec<(u32, Vec<i16>, u16)> = Vec::with_capacity(self.rows.len());
        for (k, r) in &self.rows {
            let mut mask = 0u16;
            let mut vals = Vec::new();
            for (c, w) in r.iter().enumerate() {
                let q = (w / scale).round() as i16;
                if q != 0 {
                    mask |= 1 << c;
                    vals.push(q);
                }
            }
            if mask != 0 {
                rows.push((*k, vals, mask));
            }
        }
        rows.sort_unstable_by_key(|r| r.0);
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for (k, vals, mask) in rows {
            out.extend_from_slice(&k.to_le_bytes());
            out.extend_from_slice(&mask.to_le_bytes());
            for v in vals {
                out.extend_from_slice(&v.to_le_bytes());
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
            let mut row = [0f32; K];
            for (c, slot) in row.iter_mut().enumerate() {
                if mask & (1 << c) != 0 {
                    *slot = f32::from(r.i16()?) * scale;
                }
            }
            rows.insert(k, row);
        }
        Ok(Table { rows })
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
