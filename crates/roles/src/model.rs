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
/// `scale`. Kept as a linear-probing hash table (load at most 2/3) with the keys in one
/// array (small enough to stay in the processor's cache, so a missing feature costs
/// little) and the rows in a parallel one, read only on a hit.
#[derive(Clone)]
pub struct Table<const K: usize> {
    /// Power-of-two many slots; key 0 marks an empty slot.
    keys: Vec<u32>,
    rows: Vec<[i16; K]>,
    /// The row of key 0 (which marks empty slots).
    zero: Option<[i16; K]>,
    len: usize,
    pub scale: f32,
}

impl<const K: usize> Default for Table<K> {
    fn default() -> Self {
        Table::from_rows(std::iter::empty(), 1.0)
    }
}

/// The first slot of `key` in a table of `mask + 1` slots.
#[inline(always)]
fn home(key: u32, mask: usize) -> usize {
    ((u64::from(key).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize) & mask
}

impl<const K: usize> Table<K> {
    /// A table of the given rows (all-zero rows are dropped).
    pub fn from_rows(rows: impl Iterator<Item = (u32, [i16; K])>, scale: f32) -> Self {
        let rows: Vec<(u32, [i16; K])> = rows.filter(|(_, r)| r.iter().any(|&w| w != 0)).collect();
        let size = (rows.len() * 3 / 2 + 1).next_power_of_two().max(16);
        let mut t = Table {
            keys: vec![0; size],
            rows: vec![[0; K]; size],
            zero: None,
            len: 0,
            scale,
        };
        for (k, r) in rows {
            t.insert(k, r);
        }
        t
    }

    fn insert(&mut self, key: u32, row: [i16; K]) {
        if key == 0 {
            if self.zero.replace(row).is_none() {
                self.len += 1;
            }
            return;
        }
        let mask = self.keys.len() - 1;
        let mut i = home(key, mask);
        loop {
            if self.keys[i] == key {
                self.rows[i] = row;
                return;
            }
            if self.keys[i] == 0 {
                self.keys[i] = key;
                self.rows[i] = row;
                self.len += 1;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// The row of `key`, if the table has one.
    #[inline]
    pub fn get(&self, key: u32) -> Option<&[i16; K]> {
        if key == 0 {
            return self.zero.as_ref();
        }
        let mask = self.keys.len() - 1;
        let mut i = home(key, mask);
        loop {
            let k = self.keys[i];
            if k == key {
                return self.rows.get(i);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// The slot holding `key`'s row, if any (key 0 is not looked up here).
    #[inline(always)]
    fn slot(&self, key: u32, mask: usize) -> Option<usize> {
        let mut i = home(key, mask);
        loop {
            let k = self.keys[i];
            if k == key {
                return Some(i);
            }
            if k == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Scores of many items at once: item `i`'s keys are
    /// `keys[offsets[i]..offsets[i + 1]]`. The same sums as [`Table::score`] per item,
    /// with the slots and rows fetched ahead so the memory reads overlap.
    pub fn score_many(&self, keys: &[u32], offsets: &[usize]) -> Vec<[f32; K]> {
        let n = offsets.len().saturating_sub(1);
        let mut acc = vec![[0i32; K]; n];
        self.add_many(keys, offsets, &mut acc);
        acc.into_iter().map(|a| self.scaled(a)).collect()
    }

    /// A sum of quantised rows as scores.
    #[inline]
    pub fn scaled(&self, acc: [i32; K]) -> [f32; K] {
        acc.map(|x| x as f32 * self.scale)
    }

    /// Adds the quantised rows of item `i`'s keys (`keys[offsets[i]..offsets[i + 1]]`)
    /// to `acc[i]`, for every item `acc` has room for. Integer sums: the result does
    /// not depend on the order the rows are added in.
    pub fn add_many(&self, keys: &[u32], offsets: &[usize], acc: &mut [[i32; K]]) {
        const AHEAD: usize = 32;
        let mask = self.keys.len() - 1;
        let n = offsets.len().saturating_sub(1).min(acc.len());
        // Pass 1: the slot of every key that has a row.
        let mut hits: Vec<(u32, u32)> = Vec::with_capacity(keys.len() / 2);
        for item in 0..n {
            let (a, b) = (offsets[item], offsets[item + 1]);
            for j in a..b {
                if let Some(&ahead) = keys.get(j + AHEAD) {
                    prefetch(&self.keys, home(ahead, mask));
                }
                let key = keys[j];
                if key == 0 {
                    if let Some(row) = &self.zero {
                        for (o, &w) in acc[item].iter_mut().zip(row) {
                            *o += i32::from(w);
                        }
                    }
                    continue;
                }
                if let Some(slot) = self.slot(key, mask) {
                    hits.push((item as u32, slot as u32));
                }
            }
        }
        // Pass 2: sum the rows.
        for (h, &(item, slot)) in hits.iter().enumerate() {
            if let Some(&(_, ahead)) = hits.get(h + AHEAD) {
                prefetch(&self.rows, ahead as usize);
            }
            if let (Some(out), Some(row)) =
                (acc.get_mut(item as usize), self.rows.get(slot as usize))
            {
                for (o, &w) in out.iter_mut().zip(row) {
                    *o += i32::from(w);
                }
            }
        }
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every (key, row), in no particular order.
    pub fn rows(&self) -> impl Iterator<Item = (u32, &[i16; K])> + '_ {
        self.zero.iter().map(|r| (0, r)).chain(
            self.keys
                .iter()
                .zip(&self.rows)
                .filter(|(k, _)| **k != 0)
                .map(|(k, r)| (*k, r)),
        )
    }

    /// Quantises float rows (rows that round to all zeros are dropped).
    pub fn quantise(rows: impl Iterator<Item = (u32, [f32; K])> + Clone) -> Self {
        let max = rows
            .clone()
            .flat_map(|(_, r)| r)
            .fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        Table::from_rows(
            rows.map(|(k, r)| (k, r.map(|w| (w / scale).round() as i16))),
            scale,
        )
    }

    /// Sum of the rows of `keys`.
    pub fn score(&self, keys: &[u32]) -> [f32; K] {
        let mut acc = [0i32; K];
        for &k in keys {
            if let Some(row) = self.get(k) {
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
        let mut rows: Vec<(u32, &[i16; K])> = self.rows().collect();
        rows.sort_unstable_by_key(|r| r.0);
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
        // A row takes at least 6 bytes: never reserve more than the bytes can hold.
        let mut rows = Vec::with_capacity(n.min(r.remaining() / 6));
        for _ in 0..n {
            let k = r.u32()?;
            let mask = r.u16()?;
            let mut row = [0i16; K];
            for (c, slot) in row.iter_mut().enumerate() {
                if mask & (1 << c) != 0 {
                    *slot = r.i16()?;
                }
            }
            rows.push((k, row));
        }
        Ok(Table::from_rows(rows.into_iter(), scale))
    }
}

/// Asks the processor to bring `slots[at]` into the cache (a hint: no effect on the
/// result, nothing on other targets).
#[inline(always)]
fn prefetch<T>(slots: &[T], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(s) = slots.get(at) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch is only a hint; it never faults and reads nothing the
        // program sees. The pointer is into `slots` anyway.
        unsafe { _mm_prefetch::<_MM_HINT_T0>((s as *const T).cast::<i8>()) };
        // An item that crosses a cache line (a 22-byte row does one time in three)
        // needs its last byte's line too.
        if std::mem::size_of::<T>() > 1 {
            let last = (s as *const T)
                .cast::<u8>()
                .wrapping_add(std::mem::size_of::<T>() - 1);
            // SAFETY: as above; `last` is the item's own last byte.
            unsafe { _mm_prefetch::<_MM_HINT_T0>(last.cast::<i8>()) };
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slots, at);
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
    /// Bytes not read yet.
    pub fn remaining(&self) -> usize {
        self.bytes.len() - self.at
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_lookups_and_batch_scores() {
        // Key 0 (the empty-slot mark) and keys that collide in a small table.
        let rows = vec![
            (0u32, [1i16, 2]),
            (7, [10, 0]),
            (7 + 16, [0, 5]),
            (99, [3, 3]),
        ];
        let t = Table::<2>::from_rows(rows.clone().into_iter(), 0.5);
        assert_eq!(t.len(), 4);
        for (k, r) in &rows {
            assert_eq!(t.get(*k), Some(r));
        }
        assert_eq!(t.get(8), None);
        assert_eq!(t.score(&[0, 7, 8]), [5.5, 1.0]);
        let keys = [7, 99, 0, 8, 23];
        let offsets = [0, 2, 2, 5];
        let many = t.score_many(&keys, &offsets);
        assert_eq!(
            many,
            vec![t.score(&[7, 99]), [0.0, 0.0], t.score(&[0, 8, 23])]
        );
        // Written sorted and read back the same.
        let mut out = Vec::new();
        t.write(&mut out);
        let back = Table::<2>::read(&mut Reader::new(&out)).expect("reads");
        let mut a: Vec<_> = t.rows().collect();
        let mut b: Vec<_> = back.rows().collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
    }
}
