//! STUB: streaming. Owned by the streaming work; replace wholesale.

use std::io::Read;

use crate::error::Result;
use crate::http_info::HttpInfo;
use crate::response::Response;

/// A stream event.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum StreamEvent {
    /// Any event.
    Unknown(serde_json::Value),
}

/// A streaming response.
pub struct ResponseStream {
    _body: Box<dyn Read + Send>,
    http: HttpInfo,
}

impl std::fmt::Debug for ResponseStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseStream")
            .field("http", &self.http)
            .finish()
    }
}

impl ResponseStream {
    /// Wraps an SSE body. `max_event_size` bounds one line and one event's data.
    pub(crate) fn new(body: Box<dyn Read + Send>, http: HttpInfo, max_event_size: usize) -> Self {
        let _ = max_event_size;
        ResponseStream { _body: body, http }
    }

    /// The HTTP status and headers.
    pub fn http(&self) -> &HttpInfo {
        &self.http
    }

    /// Drains the stream and returns the terminal response.
    pub fn final_response(self) -> Result<Response> {
        Ok(Response::default())
    }
}

impl Iterator for ResponseStream {
    type Item = Result<StreamEvent>;
    fn next(&mut self) -> Option<Self::Item> {
        None
    }
}
