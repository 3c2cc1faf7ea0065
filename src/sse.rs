//! STUB: the SSE reader. Owned by the streaming work; replace wholesale.

/// The default limit for one line or one event's data: 32 MiB.
pub const DEFAULT_MAX_EVENT_SIZE: usize = 32 * 1024 * 1024;
