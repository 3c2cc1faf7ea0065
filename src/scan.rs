//! A word-at-a-time search for the first byte of a small set, shared by the
//! SSE line splitter and the direct event decoder.
//!
//! `WORDS` words of eight bytes per step: `hit_word` tells whether a word
//! holds a byte of the set (it may say yes wrongly, never no wrongly), and a
//! byte scan with `hit` then finds which one. The word tests are built from
//! the classic "has a zero byte" test: a byte of `w` equals `c` exactly when
//! that byte of `w ^ repeat(c)` is zero.

/// Every byte set to `b`.
pub(crate) const fn repeat(b: u8) -> u64 {
    u64::from_ne_bytes([b; 8])
}

/// Nonzero when a byte of `v` is zero (exact as a whole: borrows can only
/// mark bytes after a real zero byte).
#[inline]
pub(crate) const fn zero_bits(v: u64) -> u64 {
    v.wrapping_sub(repeat(0x01)) & !v & repeat(0x80)
}

/// Nonzero when a byte of `w` is below `n` (`n` at most 0x80).
#[inline]
pub(crate) const fn below_bits(w: u64, n: u8) -> u64 {
    w.wrapping_sub(repeat(n)) & !w & repeat(0x80)
}

/// The position of the first byte of `bytes` for which `hit` holds,
/// `WORDS` × 8 bytes per step (longer steps pay off where hits are rare).
#[inline]
pub(crate) fn find<const WORDS: usize>(
    bytes: &[u8],
    hit_word: impl Fn(u64) -> u64,
    hit: impl Fn(u8) -> bool,
) -> Option<usize> {
    let word = |chunk: &[u8]| {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        u64::from_ne_bytes(w)
    };
    let mut offset = 0;
    for chunk in bytes.chunks_exact(WORDS * 8) {
        if chunk
            .chunks_exact(8)
            .fold(0, |acc, w| acc | hit_word(word(w)))
            != 0
        {
            break;
        }
        offset += WORDS * 8;
    }
    let rest = bytes.get(offset..).unwrap_or_default();
    rest.iter().position(|&b| hit(b)).map(|i| offset + i)
}
