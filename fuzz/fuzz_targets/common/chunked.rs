//! A body delivered a few bytes at a time, shared by the stream targets
//! (included with `#[path]`: not a target of its own).

use std::io::Read;

/// The body `bytes` delivered `step` bytes at a time.
pub struct Chunked {
    pub bytes: Vec<u8>,
    pub at: usize,
    pub step: usize,
}

impl Read for Chunked {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let rest = &self.bytes[self.at..];
        let n = rest.len().min(self.step).min(out.len());
        out[..n].copy_from_slice(&rest[..n]);
        self.at += n;
        Ok(n)
    }
}
