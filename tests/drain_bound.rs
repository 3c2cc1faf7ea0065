//! The process-wide bound on the finished bodies read in the background:
//! alone in its test binary, so that no other test's stream takes one of
//! the 32 places.

mod common;

use std::sync::{Arc, RwLock};
use std::thread;

use common::hello as request;
use common::{sse_completed, sse_created, Reply, Server};
use openrouter_responses::{Client, RequestOptions, StopHandle};

/// A stream that ends as the protocol says, whose body is then held open
/// until `held` can be read.
fn held_open(held: &Arc<RwLock<()>>) -> Reply {
    let held = held.clone();
    Reply::sse_kept(vec![sse_created(), sse_completed("held")], move || {
        drop(held.read());
    })
}

/// A stream made with a stop handle that ends while 32 bodies are read
/// closes its connection: the next call made with a handle takes the
/// connection an earlier call left, not the stream's empty pool.
#[test]
fn a_stream_ended_with_no_thread_free_leaves_the_kept_connection_to_the_next_call() {
    let held = Arc::new(RwLock::new(()));
    let release = held.write().unwrap();
    let mut replies = vec![held_open(&held), Reply::completed("beside")];
    replies.extend((0..32).map(|_| held_open(&held)));
    replies.push(Reply::completed("next"));
    let server = Server::start(replies);
    let client = Client::builder()
        .api_key("sk-or-review")
        .base_url(server.base_url())
        .build()
        .unwrap();
    let options = RequestOptions::new().stop_handle(&StopHandle::new());
    let mut stream = client.stream_with(&request(), &options).unwrap();
    assert!(stream.next().unwrap().is_ok());
    let beside = client.send_with(&request(), &options).unwrap();
    assert_eq!(beside.output_text(), "beside");
    // 32 streams end at once, their bodies held open: every thread that
    // reads such a body is taken.
    let streams: Vec<_> = (0..32)
        .map(|_| {
            let client = client.clone();
            thread::spawn(move || client.stream(&request()).unwrap().final_response())
        })
        .collect();
    for s in streams {
        assert_eq!(s.join().unwrap().unwrap().output_text(), "held");
    }
    assert_eq!(stream.final_response().unwrap().output_text(), "held");
    let next = client.send_with(&request(), &options).unwrap();
    assert_eq!(next.output_text(), "next");
    assert_eq!(
        server.connection_count(),
        34,
        "the idle connection was kept"
    );
    drop(release);
}
