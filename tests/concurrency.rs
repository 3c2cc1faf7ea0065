//! The client's threads, locks and callbacks used as carelessly as a
//! program may: hooks and recording writers that panic or call back into
//! the client, stops and shutdowns raced against calls and streams from
//! many threads, streams dropped half-read or on other threads, and
//! servers that hold a finished body open.

mod common;

use std::io::{self, Write};
use std::net::TcpStream;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};

use common::hello as request;
use common::{
    chunk, sse_completed, sse_created, transport_kind, Reply, Server, CHUNKED_SSE_HEAD, SSE_DONE,
};
use openrouter_responses::{
    ApiError, Client, ClientBuilder, Error, HttpInfo, Request, RequestOptions, Response,
    ResponseStream, Retry, StopHandle, StreamEvent, TransportKind,
};

fn builder(base_url: String) -> ClientBuilder {
    Client::builder()
        .api_key("sk-or-review")
        .base_url(base_url)
        .backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// Runs `f` on a thread of its own and returns what it returns, failing
/// the test when it takes longer than `limit` (a deadlock).
fn within<T: Send + 'static>(limit: Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(catch_unwind(AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(value)) => value,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => panic!("still running after {limit:?}: a deadlock"),
    }
}

fn json_ok() -> Reply {
    Reply::completed("fine")
}

fn json_503() -> Reply {
    Reply::json(503, r#"{"error":{"code":503,"message":"busy"}}"#)
}

/// A stream in chunked framing that ends as the protocol says, on a
/// connection kept open for the next request; written in one write (the
/// second of two small writes would wait for the client's delayed ACK).
fn sse_ok() -> Reply {
    Reply::KeptScript(Box::new(|s: &mut TcpStream| {
        let events = [sse_created(), sse_completed("streamed")];
        let _ = s.write_all(chunked_sse(&events, true).as_bytes());
    }))
}

/// The head and chunks of a chunked event stream ending with `[DONE]`,
/// and with the end of the framing when `end`.
fn chunked_sse(events: &[String], end: bool) -> String {
    let mut whole = String::from(CHUNKED_SSE_HEAD);
    for event in events.iter().map(String::as_str).chain([SSE_DONE]) {
        whole.push_str(&chunk(event));
    }
    if end {
        whole.push_str("0\r\n\r\n");
    }
    whole
}

// ---------------------------------------------------------------------------
// The types a program shares between threads.

#[test]
fn the_types_shared_between_threads_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Client>();
    send_sync::<ClientBuilder>();
    send_sync::<StopHandle>();
    send_sync::<RequestOptions>();
    send_sync::<Request>();
    send_sync::<Response>();
    send_sync::<StreamEvent>();
    send_sync::<Error>();
    send_sync::<ApiError>();
    send_sync::<HttpInfo>();
    send_sync::<Retry<'static>>();
    // Read through `&mut self`: moved to another thread, not shared.
    send::<ResponseStream>();
    // `?` into the boxed error of a threaded program.
    let handle = StopHandle::new();
    handle.cancel();
    let options = RequestOptions::new().stop_handle(&handle);
    let err = Client::new("sk-or-review").send_with(&request(), &options);
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(err.unwrap_err());
    assert!(!boxed.to_string().is_empty());
}

// ---------------------------------------------------------------------------
// A retry hook that panics, or calls back into its client.

#[test]
fn a_retry_hook_that_panics_leaves_the_client_and_its_handle_usable() {
    // Even requests are refused (and retried), odd ones answered.
    let server = Server::forever(|n| if n % 2 == 0 { json_503() } else { json_ok() });
    let client = builder(server.base_url()).max_retries(1).build().unwrap();
    let handle = StopHandle::new();
    let panicking = RequestOptions::new().on_retry(|_: &Retry<'_>| panic!("hook failed"));
    let caught = catch_unwind(AssertUnwindSafe(|| {
        client.send_with(&request(), &panicking)
    }));
    assert!(caught.is_err(), "the hook's own panic reaches its caller");
    assert_eq!(client.send(&request()).unwrap().output_text(), "fine");

    // The same with a stop handle, whose call was in flight.
    let with_handle = panicking.clone().stop_handle(&handle);
    let caught = catch_unwind(AssertUnwindSafe(|| {
        client.send_with(&request(), &with_handle)
    }));
    assert!(caught.is_err());
    handle.stop();
    let options = RequestOptions::new().stop_handle(&handle);
    let answer = client.send_with(&request(), &options).unwrap();
    assert_eq!(answer.output_text(), "fine");
    assert!(!handle.is_cancelled());

    // The client's own hook, on another thread.
    let client = builder(server.base_url())
        .max_retries(1)
        .on_retry(|_| panic!("hook failed"))
        .build()
        .unwrap();
    let worker = client.clone();
    assert!(thread::spawn(move || worker.send(&request()))
        .join()
        .is_err());
    // The next request is answered: the client goes on.
    assert_eq!(client.send(&request()).unwrap().output_text(), "fine");
    // The one after is refused: the hook panics again, and nothing else.
    assert!(catch_unwind(AssertUnwindSafe(|| client.send(&request()))).is_err());
    client.shutdown();
    let err = client.send(&request()).unwrap_err();
    assert_eq!(transport_kind(&err), Some(TransportKind::Shutdown));
}

#[test]
fn a_retry_hook_may_call_its_client_again() {
    // The first request is refused, every other answered.
    let server = Server::forever(|n| if n == 0 { json_503() } else { json_ok() });
    let client = builder(server.base_url()).max_retries(1).build().unwrap();
    let handle = StopHandle::new();
    let nested = Arc::new(AtomicUsize::new(0));
    let hook = {
        let (client, handle, nested) = (client.clone(), handle.clone(), nested.clone());
        move |_: &Retry<'_>| {
            // Through the same connections as the call being retried.
            let options = RequestOptions::new().stop_handle(&handle);
            let answer = client.send_with(&request(), &options).unwrap();
            assert_eq!(answer.output_text(), "fine");
            let stream = client.stream_with(&request(), &options).unwrap();
            assert_eq!(stream.final_response().unwrap().output_text(), "fine");
            nested.fetch_add(1, Ordering::SeqCst);
        }
    };
    let options = RequestOptions::new().stop_handle(&handle).on_retry(hook);
    let answer = within(Duration::from_secs(20), move || {
        client.send_with(&request(), &options)
    });
    assert_eq!(answer.unwrap().output_text(), "fine");
    assert_eq!(nested.load(Ordering::SeqCst), 1);
    assert_eq!(server.request_count(), 4);
}

/// Makes a client whose every request is refused with a long backoff, and
/// calls it with `hook`, which stops the call some way: the wait before the
/// retry must end at once.
fn stopped_by_hook(
    stop: impl Fn(&Client, &StopHandle) + Send + Sync + 'static,
) -> (Result<Response, Error>, Client, StopHandle, Server) {
    let server = Server::forever(|_| json_503());
    let client = Client::builder()
        .api_key("sk-or-review")
        .base_url(server.base_url())
        .backoff(Duration::from_secs(60), Duration::from_secs(60))
        .max_retries(3)
        .build()
        .unwrap();
    let handle = StopHandle::new();
    let hook = {
        let (client, handle) = (client.clone(), handle.clone());
        move |_: &Retry<'_>| stop(&client, &handle)
    };
    let options = RequestOptions::new().stop_handle(&handle).on_retry(hook);
    let worker = client.clone();
    let began = Instant::now();
    let result = within(Duration::from_secs(20), move || {
        worker.send_with(&request(), &options)
    });
    assert!(began.elapsed() < Duration::from_secs(10), "the wait ended");
    (result, client, handle, server)
}

#[test]
fn a_retry_hook_that_stops_its_call_ends_it_at_once() {
    let (result, client, handle, server) = stopped_by_hook(|_, handle| handle.stop());
    assert_eq!(
        transport_kind(&result.unwrap_err()),
        Some(TransportKind::Stopped)
    );
    assert_eq!(server.request_count(), 1, "not retried");
    // A later call with the handle goes on (and is refused by the server).
    let options = RequestOptions::new().stop_handle(&handle).max_retries(0);
    assert!(matches!(
        client.send_with(&request(), &options),
        Err(Error::Api(_))
    ));
}

#[test]
fn a_retry_hook_that_cancels_its_handle_ends_that_call_and_the_later_ones() {
    let (result, client, handle, server) = stopped_by_hook(|_, handle| handle.cancel());
    assert_eq!(
        transport_kind(&result.unwrap_err()),
        Some(TransportKind::Stopped)
    );
    let options = RequestOptions::new().stop_handle(&handle);
    let err = client.send_with(&request(), &options).unwrap_err();
    assert_eq!(transport_kind(&err), Some(TransportKind::Stopped));
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_retry_hook_that_shuts_its_client_down_ends_the_call_at_once() {
    let (result, client, _, server) = stopped_by_hook(|client, _| client.shutdown());
    assert_eq!(
        transport_kind(&result.unwrap_err()),
        Some(TransportKind::Shutdown)
    );
    let err = client.stream(&request()).unwrap_err();
    assert_eq!(transport_kind(&err), Some(TransportKind::Shutdown));
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_wait_of_duration_max_before_a_retry_ends_with_a_stop_or_a_shutdown() {
    let server = Server::forever(|_| json_503().with_header("Retry-After", "99999999999999999999"));
    let client = Client::builder()
        .api_key("sk-or-review")
        .base_url(server.base_url())
        .backoff(Duration::MAX, Duration::MAX)
        .max_retries(u32::MAX)
        .build()
        .unwrap();
    let handle = StopHandle::new();
    let waiting = Arc::new(AtomicUsize::new(0));
    let options = {
        let waiting = waiting.clone();
        RequestOptions::new()
            .stop_handle(&handle)
            .on_retry(move |retry| {
                assert_eq!(retry.wait, Duration::MAX);
                waiting.fetch_add(1, Ordering::SeqCst);
            })
    };
    let worker = client.clone();
    let call = thread::spawn(move || worker.send_with(&request(), &options));
    while waiting.load(Ordering::SeqCst) == 0 {
        thread::sleep(Duration::from_millis(2));
    }
    handle.stop();
    let err = within(Duration::from_secs(20), move || call.join().unwrap()).unwrap_err();
    assert_eq!(transport_kind(&err), Some(TransportKind::Stopped));
    // The same wait, without a handle, ended by a shutdown.
    let worker = client.clone();
    let call = thread::spawn(move || worker.send(&request()));
    while server.request_count() < 2 {
        thread::sleep(Duration::from_millis(2));
    }
    thread::sleep(Duration::from_millis(20));
    client.shutdown();
    let err = within(Duration::from_secs(20), move || call.join().unwrap()).unwrap_err();
    assert_eq!(transport_kind(&err), Some(TransportKind::Shutdown));
}

// ---------------------------------------------------------------------------
// A recording writer that panics, or calls back into the client.

/// A writer that panics at its `n`th write (from 1) and every one after.
struct PanicsAt {
    n: usize,
    writes: usize,
}

impl Write for PanicsAt {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writes += 1;
        assert!(self.writes < self.n, "the recording's disk is gone");
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A body read in the pieces given, one a read.
struct Pieces(Vec<Vec<u8>>);

impl io::Read for Pieces {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.0.is_empty() {
            return Ok(0);
        }
        let piece = self.0.remove(0);
        let n = piece.len().min(buf.len());
        buf[..n].copy_from_slice(&piece[..n]);
        if n < piece.len() {
            self.0.insert(0, piece[n..].to_vec());
        }
        Ok(n)
    }
}

/// A stream cut in the middle of an event: its first read ends with part
/// of an event, which a recording holds until the rest arrives.
fn split_stream() -> ResponseStream {
    let whole = format!(
        "{}{}data: [DONE]\n\n",
        sse_created(),
        sse_completed("recorded")
    );
    let (first, rest) = whole.as_bytes().split_at(sse_created().len() + 10);
    ResponseStream::from_reader(Pieces(vec![first.to_vec(), rest.to_vec()]))
}

#[test]
fn a_recording_writer_that_panics_is_not_called_again_as_the_stream_unwinds() {
    // Its second write is the held part of the event cut in two: had the
    // stream's drop written it again, the second panic, during the first's
    // unwinding, would abort the whole program.
    let reader = thread::spawn(move || {
        let mut stream = split_stream().tee(PanicsAt { n: 2, writes: 0 });
        for event in stream.by_ref() {
            event.unwrap();
        }
    });
    let panic = reader.join().unwrap_err();
    assert_eq!(
        panic.downcast_ref::<&str>().copied(),
        Some("the recording's disk is gone")
    );
}

#[test]
fn a_stream_whose_recording_writer_panicked_fails_rather_than_record_a_hole() {
    let mut stream = split_stream().tee(PanicsAt { n: 2, writes: 0 });
    let mut events = Vec::new();
    let caught = catch_unwind(AssertUnwindSafe(|| {
        for event in stream.by_ref() {
            events.push(event);
        }
    }));
    assert!(caught.is_err());
    // Read on after the panic was caught: the recording lost bytes.
    let err = stream.next().unwrap().unwrap_err();
    assert!(
        err.to_string().contains("recording the stream failed"),
        "{err}"
    );
    assert!(!err.is_retryable());
    assert!(stream.next().is_none());
}

/// A recording writer that runs `first` at its first write.
struct CallsBack(Option<Box<dyn FnOnce() + Send>>);

impl Write for CallsBack {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(first) = self.0.take() {
            first();
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_recording_writer_may_shut_its_client_down_or_stop_its_call() {
    let slow = || {
        Reply::sse_kept(vec![sse_created(), sse_completed("x")], || {
            thread::sleep(Duration::from_millis(50))
        })
    };
    let server = Server::start(vec![slow(), slow()]);
    let client = builder(server.base_url()).build().unwrap();
    let handle = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&handle);
    let stopper = handle.clone();
    let writer = CallsBack(Some(Box::new(move || stopper.stop())));
    let worker = client.clone();
    let result = within(Duration::from_secs(20), move || {
        let stream = worker.stream_with(&request(), &options).unwrap();
        stream.tee(writer).final_response()
    });
    // The events already read come first; the stop ends what follows.
    if let Err(err) = result {
        // The cause of the early end, which keeps what arrived.
        assert_eq!(
            transport_kind(err.underlying()),
            Some(TransportKind::Stopped),
            "{err:?}"
        );
    }
    let other = client.clone();
    let writer = CallsBack(Some(Box::new(move || other.shutdown())));
    let result = within(Duration::from_secs(20), move || {
        client
            .stream(&request())
            .unwrap()
            .tee(writer)
            .final_response()
    });
    if let Err(err) = result {
        assert_eq!(
            transport_kind(err.underlying()),
            Some(TransportKind::Shutdown),
            "{err:?}"
        );
    }
}

// ---------------------------------------------------------------------------
// Streams dropped anywhere, clients dropped before their streams and
// handles.

#[test]
fn a_stream_outlives_its_client_and_is_dropped_or_stopped_on_another_thread() {
    let server = Server::forever(|_| sse_ok());
    let handle = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&handle);
    let client = builder(server.base_url()).build().unwrap();
    let read_elsewhere = client.stream_with(&request(), &options).unwrap();
    let dropped_elsewhere = client.stream_with(&request(), &options).unwrap();
    drop(client);
    let answer = thread::spawn(move || read_elsewhere.final_response());
    assert_eq!(answer.join().unwrap().unwrap().output_text(), "streamed");
    thread::spawn(move || drop(dropped_elsewhere))
        .join()
        .unwrap();
    // A stream still open when its handle stops, its client long gone.
    let client = builder(server.base_url()).build().unwrap();
    let mut stream = client.stream_with(&request(), &options).unwrap();
    drop(client);
    assert!(stream.next().unwrap().is_ok());
    handle.stop();
    handle.stop();
    // What was buffered comes first; then the stop's error, if any.
    for event in stream.by_ref() {
        if let Err(err) = event {
            assert_eq!(transport_kind(&err), Some(TransportKind::Stopped), "{err}");
        }
    }
    drop(stream);
    // The handle serves another client afterwards.
    let client = builder(server.base_url()).build().unwrap();
    let answer = client.send_with(&request(), &options);
    assert_eq!(answer.unwrap().http.unwrap().status, 200);
}

#[test]
fn a_dropped_client_closes_the_connections_kept_for_its_stop_handles() {
    let server = Server::forever(|_| json_ok());
    let handle = StopHandle::new();
    let options = RequestOptions::new().stop_handle(&handle);
    // Without a handle first: the client's own connection.
    let client = builder(server.base_url()).build().unwrap();
    client.send(&request()).unwrap();
    drop(client);
    assert!(server.wait_closed(1));
    // With a handle that lives on (a session's), the connection kept for
    // the handle's calls of that client.
    let client = builder(server.base_url()).build().unwrap();
    client.send_with(&request(), &options).unwrap();
    let clone = client.clone();
    drop(client);
    clone.send_with(&request(), &options).unwrap();
    assert_eq!(
        server.connection_count(),
        2,
        "one connection for both calls"
    );
    assert_eq!(server.closed_count(), 1, "kept while a clone lives");
    drop(clone);
    assert!(server.wait_closed(2), "the handle kept the connection open");
    // The handle goes on with another client.
    let client = builder(server.base_url()).build().unwrap();
    client.send_with(&request(), &options).unwrap();
}

// ---------------------------------------------------------------------------
// Stops and shutdowns raced against everything, from many threads.

#[test]
fn stops_and_shutdowns_raced_against_calls_streams_and_drains_end_everything_cleanly() {
    // Answers of every kind, in turn.
    let server = Server::forever(|n| match n % 4 {
        0 => json_ok(),
        1 => sse_ok(),
        2 => json_503(),
        _ => Reply::sse_kept(vec![sse_created(), sse_completed("slow")], || {
            thread::sleep(Duration::from_millis(3))
        }),
    });
    let client = builder(server.base_url()).max_retries(1).build().unwrap();
    let shared = StopHandle::new();
    let running = Arc::new(AtomicBool::new(true));
    let calls = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for worker in 0..6usize {
        let (client, shared, running, calls) = (
            client.clone(),
            shared.clone(),
            running.clone(),
            calls.clone(),
        );
        let base_url = server.base_url();
        workers.push(thread::spawn(move || {
            let mut i = worker;
            while running.load(Ordering::SeqCst) {
                i += 7;
                calls.fetch_add(1, Ordering::SeqCst);
                // One handle for many clients, or one of the call's own,
                // cancelled by another thread at once.
                let own = StopHandle::new();
                let handle = if i % 3 == 0 { &own } else { &shared };
                let options = RequestOptions::new().stop_handle(handle);
                let options = if i % 5 == 0 {
                    RequestOptions::new()
                } else {
                    options
                };
                // A client of the job's own, dropped when it ends.
                let job_client;
                let client = if i % 4 == 0 {
                    job_client = builder(base_url.clone()).build().unwrap();
                    &job_client
                } else {
                    &client
                };
                if i % 3 == 0 {
                    let own = own.clone();
                    thread::spawn(move || own.cancel());
                }
                let outcome = match i % 6 {
                    0 => client.send_with(&request(), &options).map(drop),
                    1 => client
                        .stream_with(&request(), &options)
                        .and_then(|s| s.final_response().map(drop)),
                    // Dropped half-read, here or on another thread.
                    2 => client.stream_with(&request(), &options).map(|mut s| {
                        let _ = s.next();
                    }),
                    3 => client.stream_with(&request(), &options).map(|s| {
                        thread::spawn(move || drop(s));
                    }),
                    4 => client.stream_with(&request(), &options).map(|mut s| {
                        thread::spawn(move || s.by_ref().for_each(drop));
                    }),
                    _ => client.stream_with(&request(), &options).map(drop),
                };
                match outcome {
                    Ok(()) | Err(Error::Api(_)) | Err(Error::Stream(_)) => {}
                    Err(e) => match transport_kind(&e) {
                        Some(
                            TransportKind::Stopped
                            | TransportKind::Shutdown
                            | TransportKind::Connect
                            | TransportKind::Io,
                        ) => {}
                        _ => panic!("{e:?}"),
                    },
                }
            }
        }));
    }
    // Stops, from two threads, while the calls run.
    let stoppers: Vec<_> = (0..2)
        .map(|_| {
            let (shared, running) = (shared.clone(), running.clone());
            thread::spawn(move || {
                while running.load(Ordering::SeqCst) {
                    shared.stop();
                    thread::sleep(Duration::from_millis(2));
                }
            })
        })
        .collect();
    // Until they have made enough calls (a count, not a time: a loaded
    // machine makes fewer in a time), with a bound as a safety net.
    let began = Instant::now();
    while calls.load(Ordering::SeqCst) <= 40 && began.elapsed() < Duration::from_secs(60) {
        thread::sleep(Duration::from_millis(20));
    }
    // A shutdown lands among them, from two threads at once.
    let other = client.clone();
    let racing = thread::spawn(move || other.shutdown());
    client.shutdown();
    racing.join().unwrap();
    thread::sleep(Duration::from_millis(50));
    running.store(false, Ordering::SeqCst);
    within(Duration::from_secs(30), move || {
        for worker in workers.into_iter().chain(stoppers) {
            worker.join().unwrap();
        }
    });
    assert!(calls.load(Ordering::SeqCst) > 20, "the calls ran");
    let err = client.send(&request()).unwrap_err();
    assert_eq!(transport_kind(&err), Some(TransportKind::Shutdown));
}

// ---------------------------------------------------------------------------
// Resources: drain threads, handles made per job.

#[test]
fn streams_dropped_half_read_in_a_loop_leave_no_connection_open() {
    let server = Server::forever(|_| sse_ok());
    let client = builder(server.base_url()).build().unwrap();
    let handle = StopHandle::new();
    // A count, not a time: a loaded machine makes fewer rounds in a time.
    let mut dropped = 0;
    while dropped < 30 {
        let options = match dropped % 2 {
            0 => RequestOptions::new(),
            _ => RequestOptions::new().stop_handle(&handle),
        };
        let mut stream = client.stream_with(&request(), &options).unwrap();
        assert!(stream.next().unwrap().is_ok());
        if dropped % 3 == 0 {
            thread::spawn(move || drop(stream));
        } else {
            drop(stream);
        }
        dropped += 1;
    }
    // Each connection was closed with its stream: none is left open.
    let opened = server.connection_count();
    assert!(
        opened >= dropped,
        "{opened} connections for {dropped} streams"
    );
    assert!(
        server.wait_closed(opened),
        "{} open",
        opened - server.closed_count()
    );
}

#[test]
fn handles_made_for_each_job_share_connections_closed_with_the_client() {
    let server = Server::forever(|n| if n % 2 == 0 { json_ok() } else { sse_ok() });
    let client = builder(server.base_url()).build().unwrap();
    let mut jobs = 0;
    while jobs < 20 {
        let handle = StopHandle::new();
        let options = RequestOptions::new().stop_handle(&handle);
        client.send_with(&request(), &options).unwrap();
        let stream = client.stream_with(&request(), &options).unwrap();
        assert_eq!(stream.final_response().unwrap().output_text(), "streamed");
        if jobs % 2 == 0 {
            // Nothing in flight: nothing to stop, no connection closed.
            handle.stop();
        }
        jobs += 1;
    }
    // The ended calls leave their connections to the next job's.
    let opened = server.connection_count();
    assert!(opened * 4 <= jobs, "{opened} connections for {jobs} jobs");
    // Kept for the next calls while the client lives, closed with it.
    drop(client);
    assert!(
        server.wait_closed(opened),
        "{} open",
        opened - server.closed_count()
    );
}

/// Answers a stream that ends as the protocol says, then holds its body
/// open (no end of the chunked framing) until `release` is set or the
/// client closes the connection; `held` counts the connections so held.
fn held_open(held: Arc<AtomicUsize>, release: Arc<AtomicBool>) -> Reply {
    Reply::script(move |s: &mut TcpStream| {
        let whole = chunked_sse(&[sse_created(), sse_completed("held")], false);
        if s.write_all(whole.as_bytes()).is_err() {
            return;
        }
        held.fetch_add(1, Ordering::SeqCst);
        let _ = s.set_read_timeout(Some(Duration::from_millis(5)));
        let mut byte = [0u8; 1];
        while !release.load(Ordering::SeqCst) {
            match io::Read::read(s, &mut byte) {
                Ok(_) => break,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => break,
            }
        }
        held.fetch_sub(1, Ordering::SeqCst);
    })
}

#[test]
fn bodies_held_open_after_their_end_are_read_by_a_bounded_number_of_threads() {
    let held = Arc::new(AtomicUsize::new(0));
    let release = Arc::new(AtomicBool::new(false));
    let server = {
        let (held, release) = (held.clone(), release.clone());
        Server::forever(move |_| held_open(held.clone(), release.clone()))
    };
    let client = builder(server.base_url()).build().unwrap();
    let streams = Arc::new(AtomicUsize::new(0));
    let began = Instant::now();
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (client, streams) = (client.clone(), streams.clone());
            thread::spawn(move || {
                while streams.load(Ordering::SeqCst) < 120
                    && began.elapsed() < Duration::from_millis(1500)
                {
                    let answer = client.stream(&request()).unwrap().final_response();
                    assert_eq!(answer.unwrap().output_text(), "held");
                    streams.fetch_add(1, Ordering::SeqCst);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert!(streams.load(Ordering::SeqCst) >= 60, "enough streams ended");
    // The bodies beyond the bound were closed rather than read on.
    let deadline = Instant::now() + Duration::from_secs(2);
    while held.load(Ordering::SeqCst) > 32 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    let at_most = held.load(Ordering::SeqCst);
    release.store(true, Ordering::SeqCst);
    assert!(
        at_most <= 32,
        "{at_most} bodies still read in the background"
    );
}

// ---------------------------------------------------------------------------
// A body reader that panics.

/// A body read `step` bytes at a time that panics once, at read `at`.
struct PanicsOnce {
    body: Vec<u8>,
    step: usize,
    reads: usize,
    at: usize,
}

impl io::Read for PanicsOnce {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reads += 1;
        assert!(self.reads != self.at, "the reader failed");
        let n = self.step.min(buf.len()).min(self.body.len());
        buf[..n].copy_from_slice(&self.body[..n]);
        self.body.drain(..n);
        Ok(n)
    }
}

#[test]
fn a_stream_read_on_after_its_reader_panicked_never_panics_itself() {
    let long = "y".repeat(70_000);
    let delta = serde_json::json!({"type": "response.output_text.delta", "output_index": 0,
        "item_id": "msg_1", "content_index": 0, "delta": long});
    let body = format!(
        "{}data: {delta}\n\n{}data: [DONE]\n\n",
        sse_created(),
        sse_completed(&long)
    );
    for step in [61, 4096, 65_536] {
        let reads = body.len() / step + 2;
        for at in (1..=reads).step_by((reads / 12).max(1)) {
            let reader = PanicsOnce {
                body: body.clone().into_bytes(),
                step,
                reads: 0,
                at,
            };
            let mut stream = ResponseStream::from_reader(reader);
            let mut panics = 0;
            loop {
                // Each of the three ways to read a stream.
                let next = catch_unwind(AssertUnwindSafe(|| match at % 3 {
                    0 => stream.next().map(drop),
                    1 => stream.next_event().map(drop),
                    _ => stream.text_deltas().next().map(drop),
                }));
                match next {
                    Ok(Some(())) => {}
                    Ok(None) => break,
                    Err(panic) => {
                        let message = panic.downcast_ref::<&str>().copied();
                        assert_eq!(message, Some("the reader failed"), "step {step}, read {at}");
                        panics += 1;
                    }
                }
            }
            assert!(panics <= 1);
            let _ = stream.snapshot();
            let _ = catch_unwind(AssertUnwindSafe(|| stream.final_response()))
                .unwrap_or_else(|_| panic!("step {step}, read {at}: final_response panicked"));
        }
    }
}
