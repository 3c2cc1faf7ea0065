//! The client handle, its builder, per-call options, and the retrying send loop.

use std::fmt;
use std::io::Read;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError, Weak};
use std::thread::ThreadId;
use std::time::{Duration, Instant};

use crate::error::{
    ApiError, DecodeTarget, Error, ErrorOrigin, Limits, Result, Route, StreamError, TimeoutKind,
    TimeoutSetting, RETRYABLE_STATUSES,
};
use crate::http_info::HttpInfo;
use crate::redact::Secrets;
use crate::request::Request;
use crate::response::Response;
use crate::retry::Backoff;
use crate::stream::ResponseStream;

/// The default base URL: `https://openrouter.ai/api/v1`.
pub const DEFAULT_BASE_URL: &str = "https://openrouter.ai/api/v1";
/// The default connect timeout: 30 seconds (see
/// [`ClientBuilder::connect_timeout`]).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default time to wait for the response headers: 600 seconds. (The idle
/// read timeout, 300 seconds by default, also bounds a silent wait for them:
/// see [`ClientBuilder::read_timeout`].)
pub const DEFAULT_RESPONSE_TIMEOUT: Duration = Duration::from_secs(600);
/// The default idle timeout: the longest silence, while sending the request,
/// while awaiting the response headers or between two reads of a body or
/// stream: 300 seconds.
/// OpenRouter sends `: OPENROUTER PROCESSING` comments while a model thinks, so a
/// healthy stream is never idle this long.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(300);
/// The default number of retries after the first attempt: 2.
pub const DEFAULT_MAX_RETRIES: u32 = 2;
/// The default largest body read whole (a JSON body, or a stream read by `send`): 64 MiB.
pub const DEFAULT_MAX_BODY_SIZE: u64 = 64 * 1024 * 1024;
/// The default number of idle connections kept for the next calls (see
/// [`ClientBuilder::max_idle_connections`]).
const DEFAULT_MAX_IDLE_CONNECTIONS: usize = 10;
/// The largest error body kept: 1 MiB. The rest is not read.
const MAX_ERROR_BODY: u64 = 1024 * 1024;

/// A blocking client for the Responses API.
///
/// Cheap to clone (an `Arc` inside), `Send + Sync`, and reusing its
/// connections across calls and clones. Its `Debug` output never shows the API key,
/// nor do the errors it returns, even where the server sends it back (see
/// [`Error`]).
///
/// ```
/// use openrouter_responses::Client;
/// let client = Client::builder()
///     .api_key("sk-or-example")
///     .app_title("My tool")
///     .build()?;
/// assert!(!format!("{client:?}").contains("sk-or-example"));
/// # Ok::<(), openrouter_responses::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    agent: ureq::Agent,
    endpoint: String,
    base_url: String,
    /// `Bearer <key>`, or `None` when no key was given.
    authorization: Option<String>,
    headers: Vec<(String, String)>,
    /// The headers of [`default_headers`] parsed once, for a call without
    /// and with `stream`; `None` when one of them does not parse (each
    /// call then gives them as text, and the HTTP layer refuses it).
    parsed_headers: Option<[ParsedHeaders; 2]>,
    max_retries: u32,
    backoff: Backoff,
    max_body_size: u64,
    max_event_size: usize,
    total_timeout: Option<Duration>,
    /// The connect, response-header and idle read timeouts the agent has,
    /// for the message of a timeout.
    timeouts: [Duration; 3],
    /// Set by [`Client::shutdown`].
    shut_down: Stop,
    /// The calls made with a [`StopHandle`], each through connections of
    /// its own, which a shutdown closes too.
    calls: Calls,
    /// The agents of ended calls made with a stop handle, each with the
    /// connection its call used, kept for the next such call; a shutdown
    /// closes them too.
    spare: Mutex<Vec<(ureq::Agent, u64)>>,
    /// How many agents `spare` keeps: as many as idle connections.
    max_spare: usize,
    /// The bodies of ended streams still being read to their end, whose
    /// connections the next call waits a moment for.
    drains: Arc<Drains>,
    on_retry: Option<RetryHook>,
    /// Whether the calls go through a proxy: a failure to connect is then
    /// the proxy's.
    route: Route,
    /// A setup problem found by an infallible constructor, reported on every call.
    deferred_error: Option<Error>,
    /// The API key, the values of the headers `Debug` hides and the
    /// passwords of the proxy and the base URL, replaced in the server's
    /// text of every error (see [`crate::redact`]).
    secrets: Secrets,
}

/// The shutdown flag of a client and its clones, with a condition variable
/// so that a wait between attempts ends when it is set.
#[derive(Default)]
struct Stop {
    set: AtomicBool,
    lock: Mutex<()>,
    wake: Condvar,
}

impl Stop {
    fn is_set(&self) -> bool {
        self.set.load(Ordering::Acquire)
    }

    fn set(&self) {
        self.set.store(true, Ordering::Release);
        // Taken so that a waiter is either before its check of the flag
        // (and sees it) or waiting (and is woken).
        drop(self.lock.lock().unwrap_or_else(PoisonError::into_inner));
        self.wake.notify_all();
    }

    /// Wakes the waiters, to look at what ends their wait.
    fn wake(&self) {
        drop(self.lock.lock().unwrap_or_else(PoisonError::into_inner));
        self.wake.notify_all();
    }

    /// Sleeps for `wait`, or until the flag is set or `call` is stopped
    /// (which [wakes](Stop::wake) this).
    fn sleep(&self, wait: Duration, call: Option<&Call>) {
        let guard = self.lock.lock().unwrap_or_else(PoisonError::into_inner);
        let go_on = |_: &mut ()| !self.is_set() && !call.is_some_and(Call::is_stopped);
        drop(
            self.wake
                .wait_timeout_while(guard, wait, go_on)
                .unwrap_or_else(PoisonError::into_inner),
        );
    }
}

/// How long a call waits, at most, from the moment a stream of the same
/// client ended, for the rest of that stream's body to be read so that its
/// connection can be used again.
const DRAIN_WAIT: Duration = Duration::from_millis(25);

/// The bodies of a client's ended streams that are still being read to
/// their end on a thread of their own (see `stream::drain`): normally only
/// the end of the framing, which arrives within a moment of the terminal
/// event. A call that a thread starts meanwhile waits for the bodies of the
/// streams that thread ended, up to [`DRAIN_WAIT`] after the latest ended,
/// rather than open a new connection (and pay TCP and TLS again) beside one
/// about to be free: sequential calls use one connection. A server that
/// holds a body open costs the thread's next call that wait once, and other
/// threads' calls nothing. Only a call that would use the stream's
/// connection waits for it: one through the same pool (the client's, or,
/// for a call made with a [`StopHandle`], the one the ended call gave back).
#[derive(Default)]
pub(crate) struct Drains {
    /// The bodies being read: a number for each, the thread whose stream
    /// ended, when, and the pool its connection goes back to.
    active: Mutex<Vec<Active>>,
    next: AtomicU64,
    done: Condvar,
}

/// A body being read: its number, the thread whose stream ended, when, and
/// its pool (see [`Call::pool`]).
type Active = (u64, ThreadId, Instant, u64);

/// One body being read to its end; dropped (after the body) when it is.
pub(crate) struct Draining(Arc<Drains>, u64);

impl Drains {
    pub(crate) fn begin(self: &Arc<Self>, pool: u64, thread: ThreadId) -> Draining {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let mut active = self.active.lock().unwrap_or_else(PoisonError::into_inner);
        active.push((id, thread, Instant::now(), pool));
        Draining(self.clone(), id)
    }

    /// Waits until no body of a stream this thread ended in the last
    /// [`DRAIN_WAIT`], whose connection goes back to `pool`, is being read,
    /// or [`DRAIN_WAIT`] after the latest ended. A body read for longer
    /// (held open by its server) has cost a call its wait already, and is
    /// not waited for again.
    fn settle(&self, pool: u64) {
        let active = self.active.lock().unwrap_or_else(PoisonError::into_inner);
        if active.is_empty() {
            return;
        }
        let me = std::thread::current().id();
        let recent = |active: &Vec<Active>| {
            (active.iter())
                .filter(|(_, thread, _, of)| *thread == me && *of == pool)
                .map(|(_, _, began, _)| *began)
                .filter(|began| began.elapsed() < DRAIN_WAIT)
                .max()
        };
        let Some(latest) = recent(&active) else {
            return;
        };
        let left = DRAIN_WAIT.saturating_sub(latest.elapsed());
        drop(
            self.done
                .wait_timeout_while(active, left, |active| recent(active).is_some())
                .unwrap_or_else(PoisonError::into_inner),
        );
    }
}

impl Drop for Draining {
    fn drop(&mut self) {
        let mut active = (self.0.active.lock()).unwrap_or_else(PoisonError::into_inner);
        active.retain(|(id, _, _, _)| *id != self.1);
        drop(active);
        self.0.done.notify_all();
    }
}

/// The number of the next pool of connections made for a [`StopHandle`]
/// (see [`Call::pool`]).
static NEXT_POOL: AtomicU64 = AtomicU64::new(1);

/// The calls in flight made with a [`StopHandle`], held weakly: a call ends
/// when its answer is read, or its stream ends or is dropped.
#[derive(Default)]
struct Calls(Mutex<Vec<Weak<Call>>>);

impl Calls {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Weak<Call>>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn add(&self, call: &Arc<Call>) {
        let mut calls = self.lock();
        calls.retain(|c| c.strong_count() > 0);
        calls.push(Arc::downgrade(call));
    }

    /// The calls still in flight, taken out of the list.
    fn take(&self) -> Vec<Arc<Call>> {
        let calls = std::mem::take(&mut *self.lock());
        calls.iter().filter_map(Weak::upgrade).collect()
    }
}

/// What a [`StopHandle`] keeps: its calls in flight, each through
/// connections of its own, so that a stop closes no other call's.
#[derive(Default)]
struct HandleState {
    /// The calls in flight; the list's lock is the one a stop takes.
    calls: Calls,
    /// Set by [`StopHandle::cancel`]: every call made afterwards begins
    /// stopped.
    cancelled: AtomicBool,
}

impl HandleState {
    /// Starts a call of `client` made with this handle, through an agent
    /// (a pool of connections) of its own: one an ended call of the client
    /// left (with its connection, ready for use), or a new one. Registered
    /// under the lock a stop takes, so that a call is either stopped or
    /// begins with an agent no stop has shut down.
    fn begin(&self, client: &Client) -> Arc<Call> {
        let mut calls = self.calls.lock();
        // Read under the lock a cancel's stop takes: a call either begins
        // stopped or is in flight for that stop.
        let cancelled = self.cancelled.load(Ordering::Acquire);
        let (agent, pool) = if cancelled {
            // Never used (the call fails before any request), but an agent
            // of its own all the same: a stop shuts it down.
            let pool = NEXT_POOL.fetch_add(1, Ordering::Relaxed);
            (client.inner.agent.config().new_agent(), pool)
        } else {
            client.inner.spare_agent()
        };
        let call = Arc::new(Call {
            agent,
            pool,
            stopped: AtomicBool::new(cancelled),
            closed: AtomicBool::new(false),
            client: client.clone(),
        });
        calls.retain(|c| c.strong_count() > 0);
        calls.push(Arc::downgrade(&call));
        call
    }

    /// Stops the calls in flight.
    fn stop(&self) {
        let calls = self.calls.take();
        for call in calls {
            call.stop();
        }
    }
}

/// One call made with a [`StopHandle`]: its connections are its own, so
/// that stopping it closes none of the client's others. When it ends
/// without being stopped, its agent, with the connection it used, goes back
/// to the client for the next such call (see [`Inner::spare_agent`]).
pub(crate) struct Call {
    agent: ureq::Agent,
    /// The number of its agent's pool: 0 is the client's own, never
    /// that of a call made with a handle.
    pub(crate) pool: u64,
    stopped: AtomicBool,
    /// Set when the call's connection was closed (an attempt that failed
    /// on the network, an answer that ends with its connection, a body left
    /// unread, a stream ended before its end or recorded, a finished body
    /// that no thread reads to its end): its agent holds no connection to
    /// give back.
    closed: AtomicBool,
    client: Client,
}

impl Call {
    pub(crate) fn is_stopped(&self) -> bool {
        self.stopped.load(Ordering::Acquire)
    }

    /// Says that the call's connection was closed: its agent is not kept
    /// for the next call, which would otherwise take it (the one given back
    /// last) over one that holds a connection.
    pub(crate) fn closed(&self) {
        self.closed.store(true, Ordering::Release);
    }

    fn stop(&self) {
        self.stopped.store(true, Ordering::Release);
        self.agent.clone().shutdown();
        // A wait between two attempts ends.
        self.client.inner.shut_down.wake();
    }
}

impl Drop for Call {
    fn drop(&mut self) {
        if !self.is_stopped() && !self.closed.load(Ordering::Acquire) {
            let agent = self.agent.clone();
            self.client.inner.give_back(agent, self.pool);
        }
    }
}

impl Inner {
    /// An agent for a call made with a stop handle: the one an ended such
    /// call gave back last (its connection most likely still open), or a
    /// new one with a pool number of its own.
    fn spare_agent(&self) -> (ureq::Agent, u64) {
        let mut spare = self.spare.lock().unwrap_or_else(PoisonError::into_inner);
        spare.pop().unwrap_or_else(|| {
            let pool = NEXT_POOL.fetch_add(1, Ordering::Relaxed);
            (self.agent.config().new_agent(), pool)
        })
    }

    /// Keeps the agent of an ended call made with a stop handle for the
    /// next one, up to as many as idle connections are kept; a shutdown
    /// closes it.
    fn give_back(&self, agent: ureq::Agent, pool: u64) {
        let mut spare = self.spare.lock().unwrap_or_else(PoisonError::into_inner);
        // Checked under the lock a shutdown takes after setting the flag:
        // an agent kept here is either seen by the shutdown or not kept.
        if self.shut_down.is_set() || spare.len() >= self.max_spare {
            drop(spare);
            agent.shutdown();
            return;
        }
        spare.push((agent, pool));
    }
}

/// Stops, from another thread, the calls made with it: for a chat whose
/// Ctrl-C ends the answer being streamed but not the program.
///
/// Give it to a call with [`RequestOptions::stop_handle`];
/// [`stop`](StopHandle::stop) then ends every such call in flight at once
/// (one waiting for its answer, reading its body or stream, or waiting
/// between two attempts) with [`Error::Transport`] of kind
/// [`TransportKind::Stopped`](crate::TransportKind::Stopped), never retried
/// (a stream too, also one whose body has no length, whose cut looks like
/// its end).
/// Calls made with it afterwards go on as usual, so one handle, kept by a
/// Ctrl-C handler, serves a whole session; the client and its other calls
/// are not affected (unlike [`Client::shutdown`], which is for good).
///
/// A call made with a handle has connections of its own, apart from those
/// of the client's other calls, so that a stop closes no other call's. A
/// call that ends without being stopped leaves its connection to the
/// client's next call made with a handle (this one or another: each job of
/// a service may have a handle of its own and still reuse connections), so
/// a turn of a chat reuses the connection of the turn before. A stop that
/// ends a call closes its connection: the next call takes one that another
/// call left, or sets up a new one (TCP and TLS).
///
/// ```no_run
/// use std::io::Write;
/// use openrouter_responses::{
///     Client, Error, Request, RequestOptions, StopHandle, StreamError, TransportKind,
/// };
///
/// let client = Client::from_env()?;
/// let stop = StopHandle::new();
/// // Given to a Ctrl-C handler, which calls `stop.stop()`.
/// let on_ctrl_c = stop.clone();
/// # let _ = on_ctrl_c;
/// let options = RequestOptions::new().stop_handle(&stop);
/// let request = Request::builder().model("openai/gpt-4o-mini").input("Hi").build();
/// let mut stream = client.stream_with(&request, &options)?;
/// for delta in stream.text_deltas() {
///     match delta {
///         Ok(text) => print!("{text}"),
///         Err(Error::Transport(t)) if t.kind() == TransportKind::Stopped => {
///             println!(" [stopped]");
///             break;
///         }
///         Err(e) => return Err(e),
///     }
///     std::io::stdout().flush().ok();
/// }
/// // What arrived stays in `stream.snapshot()`, and `final_response` of a
/// // stopped stream hands it over in its `EndedEarly` (also when the stop
/// // comes while it reads): a chat keeps the part of the answer it showed
/// // in its history (`into_input_items()`).
/// let answer = match stream.final_response() {
///     Ok(response) => Some(response),
///     Err(Error::Stream(e)) => match e.into_inner() {
///         StreamError::EndedEarly { snapshot, .. } => snapshot.map(|partial| *partial),
///         _ => None, // a terminal event that did not decode
///     },
///     Err(e) => return Err(e),
/// };
/// // The next turn goes on with the same client and handle.
/// # let _ = answer;
/// # Ok::<(), openrouter_responses::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct StopHandle {
    state: Arc<HandleState>,
}

impl StopHandle {
    /// A handle that has stopped nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Stops every call made with this handle (or a clone) that is still in
    /// flight: one that has not returned, or whose [`ResponseStream`] has not
    /// ended (a stream read to its end, or closed, is no longer in flight,
    /// dropped or not). Calls made afterwards are not affected. With no call
    /// in flight it does nothing, and the connections stay open.
    pub fn stop(&self) {
        self.state.stop();
    }

    /// Stops for good: the calls in flight, as [`stop`](StopHandle::stop)
    /// does, and every call made with this handle (or a clone) afterwards,
    /// which fails at once with the same error, without a request. For a
    /// request cancelled before its call may have begun (a host whose worker
    /// has not started it yet), where `stop` would find nothing in flight.
    /// Give each cancellable request a handle of its own.
    ///
    /// ```
    /// use openrouter_responses::{Client, Error, Request, RequestOptions, StopHandle, TransportKind};
    ///
    /// # let client = Client::builder().api_key("sk-or-example").base_url("http://127.0.0.1:9/api/v1").build()?;
    /// let handle = StopHandle::new();
    /// handle.cancel();
    /// let request = Request::builder().model("openai/gpt-4o-mini").input("Hi").build();
    /// let err = client
    ///     .send_with(&request, &RequestOptions::new().stop_handle(&handle))
    ///     .unwrap_err();
    /// assert!(matches!(&err, Error::Transport(t) if t.kind() == TransportKind::Stopped));
    /// assert!(handle.is_cancelled());
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    pub fn cancel(&self) {
        self.state.cancelled.store(true, Ordering::Release);
        self.state.stop();
    }

    /// Whether [`cancel`](StopHandle::cancel) was called on this handle or
    /// a clone.
    pub fn is_cancelled(&self) -> bool {
        self.state.cancelled.load(Ordering::Acquire)
    }
}

impl fmt::Debug for StopHandle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StopHandle").finish_non_exhaustive()
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &mask_userinfo(&self.inner.base_url))
            .field("api_key", &self.inner.authorization.as_ref().map(|_| "***"))
            .field("max_retries", &self.inner.max_retries)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with the given API key and every other setting at its default.
    ///
    /// Infallible: a key that [`ClientBuilder::build`] refuses (empty, blank,
    /// or one that cannot be sent in an HTTP header, with a line break, say)
    /// makes every call fail with that [`Error::Config`].
    pub fn new(api_key: impl Into<String>) -> Self {
        Client::builder()
            .api_key(api_key)
            .build()
            .unwrap_or_else(Client::failing)
    }

    /// A client configured from the environment:
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `OPENROUTER_API_KEY` | the API key (required) |
    /// | `OPENROUTER_BASE_URL` | the base URL, including `/api/v1` (optional) |
    /// | `OPENROUTER_HTTP_REFERER` | the app URL sent as `HTTP-Referer` (optional) |
    /// | `OPENROUTER_APP_TITLE` | the app title sent as `X-OpenRouter-Title` and `X-Title` (optional) |
    /// | `OPENROUTER_APP_CATEGORIES` | comma-separated app categories, empty entries dropped (optional) |
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `OPENROUTER_API_KEY` is unset or empty, a
    /// variable's value is not Unicode (rather than be ignored), or a value
    /// is unusable (a bad base URL). The message names the variable and
    /// says which.
    pub fn from_env() -> Result<Self> {
        let raw = |name: &str| match std::env::var(name) {
            Ok(v) => Ok(Some(v)),
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err(Error::config(format!("{name} is not valid unicode")))
            }
        };
        // A blank value counts as none.
        let var = |name: &str| Ok::<_, Error>(raw(name)?.filter(|v| !v.trim().is_empty()));
        let key = match raw("OPENROUTER_API_KEY")? {
            Some(key) if !key.trim().is_empty() => key,
            Some(_) => return Err(Error::config("OPENROUTER_API_KEY is empty")),
            None => return Err(Error::config("OPENROUTER_API_KEY is not set")),
        };
        let mut builder = Client::builder().api_key(key);
        if let Some(url) = var("OPENROUTER_BASE_URL")? {
            builder = builder.base_url(url);
        }
        if let Some(v) = var("OPENROUTER_HTTP_REFERER")? {
            builder = builder.app_url(v);
        }
        if let Some(v) = var("OPENROUTER_APP_TITLE")? {
            builder = builder.app_title(v);
        }
        if let Some(v) = var("OPENROUTER_APP_CATEGORIES")? {
            builder = builder.app_categories(v.split(','));
        }
        builder.build()
    }

    /// Starts a [`ClientBuilder`] with every setting at its default.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// Closes every connection of this client and of its clones, interrupting
    /// the calls in flight on other threads: for a program that must stop
    /// without waiting out the timeouts (a Ctrl-C handler, a worker told to
    /// stop).
    ///
    /// A call waiting for its answer (the headers, or the rest of the body
    /// [`send`](Client::send) reads whole), or waiting between two attempts,
    /// returns at once with [`Error::Transport`]
    /// of kind [`TransportKind::Shutdown`](crate::TransportKind::Shutdown)
    /// (never retried). A [`ResponseStream`] being read ends at once too
    /// (events already buffered still come first) with that `Shutdown`
    /// error, also one whose body has no length, whose cut looks like its
    /// end. Every later call of the client and its clones fails with that
    /// `Shutdown` error, without a request. A host-name lookup or a TCP
    /// connect in progress is not interrupted, only bounded by its own
    /// timeouts.
    ///
    /// ```
    /// use openrouter_responses::{Client, Error, Request, TransportKind};
    /// let client = Client::new("sk-or-...");
    /// let worker = client.clone();
    /// client.shutdown();
    /// let request = Request::builder().model("openai/gpt-4o-mini").input("Hi").build();
    /// let err = worker.send(&request).unwrap_err();
    /// assert!(matches!(err, Error::Transport(ref t) if t.kind() == TransportKind::Shutdown));
    /// assert!(worker.is_shut_down());
    /// ```
    ///
    /// A shutdown is for good. To stop one answer and carry on (a chat's
    /// Ctrl-C that ends the answer being streamed, not the program), make
    /// the call with a [`StopHandle`] and stop that.
    pub fn shutdown(&self) {
        self.inner.shut_down.set();
        self.inner.agent.clone().shutdown();
        for call in self.inner.calls.take() {
            call.agent.clone().shutdown();
        }
        let spare =
            std::mem::take(&mut *(self.inner.spare.lock()).unwrap_or_else(PoisonError::into_inner));
        for (agent, _) in spare {
            agent.shutdown();
        }
    }

    /// Whether [`shutdown`](Client::shutdown) was called on this client or
    /// one of its clones.
    pub fn is_shut_down(&self) -> bool {
        self.inner.shut_down.is_set()
    }

    /// The base URL this client sends to, without a trailing slash, as it was
    /// given: a user name and password in it (`https://user:pass@host/…`,
    /// which the HTTP layer sends as basic authentication when no
    /// `Authorization` header is set) are included here, though never in
    /// `Debug` output or error messages.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request and waits for the whole response.
    ///
    /// The body is sent without `stream` (the server's default, `false`). A
    /// `text/event-stream` answer (or an event stream under another content
    /// type, told by its first bytes, as [`stream`](Client::stream) tells
    /// it) is read as a stream and its final response returned.
    /// [`Response::http`] holds the status and headers.
    ///
    /// ```no_run
    /// use openrouter_responses::{Client, Request};
    /// let client = Client::from_env()?;
    /// let request = Request::builder().model("openai/gpt-4o-mini").input("Hello").build();
    /// let response = client.send(&request)?;
    /// println!("{}", response.output_text());
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Api`] for a non-2xx answer (after the retries it allows),
    /// [`Error::Transport`] or [`Error::Timeout`] when the server could not be
    /// reached or answered too slowly ([`Error::Transport`] too when the call
    /// was stopped through its [`StopHandle`] or the client shut down),
    /// [`Error::Decode`] for a 2xx body that is not a response (one that
    /// ended before its JSON did, empty or, without a length, cut where the
    /// connection closed, is [`retryable`](Error::is_retryable), though not
    /// retried),
    /// [`Error::Stream`] when the body broke off or was too large.
    /// A 2xx body that is only an error (`{"error": {…}}` or
    /// `{"error": "…"}`, with no `id`, `status` or `output`) is
    /// [`Error::Api`] with that status. An
    /// event-stream answer fails as
    /// [`ResponseStream::final_response`] does: an error that ended its
    /// reading (a stop or a shutdown too) is the cause of the
    /// [`StreamError::EndedEarly`](crate::StreamError::EndedEarly) that
    /// keeps what arrived ([`Error::underlying`]). An error met once the
    /// answer's headers had arrived (a body cut short, stalled, too large
    /// or undecodable) keeps its status and headers, and so its
    /// `X-Generation-Id`: [`Error::http`].
    ///
    /// A response whose `status` is `failed` is an answer, returned as `Ok`:
    /// chain [`Response::into_result`] to have it as its [`Error::Api`]
    /// (`client.send(&request)?.into_result()?`), or read
    /// [`Response::is_failed`] and [`Response::error`].
    pub fn send(&self, request: &Request) -> Result<Response> {
        self.send_with(request, &RequestOptions::default())
    }

    /// [`send`](Client::send) with per-call options.
    ///
    /// # Errors
    ///
    /// As [`send`](Client::send).
    pub fn send_with(&self, request: &Request, options: &RequestOptions) -> Result<Response> {
        let secrets = self.call_secrets(options);
        let (http, body, call) = self.execute(request, options, false, &secrets)?;
        let answer = self.read_answer(http, body, call.clone(), options, &secrets);
        answer
            .map_err(|e| self.body_failed(call.as_deref(), e.with_limits(&self.timeouts(options))))
    }

    /// The error of an answer's body read after its headers: a stop or a
    /// shutdown takes the place of what it caused (a body cut short, or one
    /// without a length that then does not decode), as for a call stopped
    /// before the headers, rather than a broken (retryable) body, and keeps
    /// the answer's status and headers; it is the cause of an event
    /// stream's early end, which keeps what arrived. An error the server
    /// sent was read whole, and stays.
    fn body_failed(&self, call: Option<&Call>, e: Error) -> Error {
        if matches!(e, Error::Api(_)) {
            return e;
        }
        match self.halted(call) {
            Some(halted) => e.halted_by(halted),
            None => e,
        }
    }

    /// The credentials replaced in the server's text of every error of a
    /// call made with `options`: the client's, and the values of the
    /// call's own credential headers (an `Authorization` or an API key
    /// header given for this call).
    fn call_secrets(&self, options: &RequestOptions) -> Secrets {
        self.inner.secrets.with(secret_values(&options.headers))
    }

    /// Whether the client keeps idle connections for its next calls (see
    /// [`ClientBuilder::max_idle_connections`]).
    pub(crate) fn keeps_connections(&self) -> bool {
        self.inner.max_spare > 0
    }

    /// Marks the start of reading an ended stream's body to its end; the
    /// next call of `thread`, which read the stream, waits a moment for it
    /// (see [`Drains`]).
    pub(crate) fn draining(&self, call: Option<&Call>, thread: ThreadId) -> Draining {
        self.inner.drains.begin(call.map_or(0, |c| c.pool), thread)
    }

    /// The error of a call that was stopped or whose client was shut down.
    pub(crate) fn halted(&self, call: Option<&Call>) -> Option<Error> {
        if call.is_some_and(Call::is_stopped) {
            Some(Error::stopped())
        } else if self.inner.shut_down.is_set() {
            Some(Error::shut_down())
        } else {
            None
        }
    }

    /// The timeouts of a call: its own, or the client's (a timeout of
    /// `Duration::MAX` is none).
    fn timeouts(&self, options: &RequestOptions) -> Limits {
        let inner = &*self.inner;
        let [connect, response, read] = inner.timeouts;
        let set = |t: Duration| finite(t).map(|_| t);
        Limits {
            connect: set(connect),
            response: set(options.response_timeout.unwrap_or(response)),
            read: set(options.read_timeout.unwrap_or(read)),
            total: (options.total_timeout.or(inner.total_timeout)).and_then(set),
        }
    }

    /// The body and event size limits of a call: its own, or the client's.
    fn limits(&self, options: &RequestOptions) -> (u64, usize) {
        (
            (options.max_body_size).unwrap_or(self.inner.max_body_size),
            (options.max_event_size).unwrap_or(self.inner.max_event_size),
        )
    }

    /// Reads the body of a 2xx answer to [`send`](Client::send) whole,
    /// within the call's body and event size `limits`.
    fn read_answer(
        &self,
        http: HttpInfo,
        body: ureq::Body,
        call: Option<Arc<Call>>,
        options: &RequestOptions,
        secrets: &Secrets,
    ) -> Result<Response> {
        let (max_body_size, max_event_size) = self.limits(options);
        if is_event_stream(&http) {
            // The whole answer is held in memory: the body limit bounds it,
            // whatever its content type.
            let reader = Box::new(body.into_with_config().limit(max_body_size).reader());
            return ResponseStream::new(reader, http, max_event_size)
                .pooled(self, call, self.timeouts(options))
                .redacting(secrets)
                .final_response();
        }
        let bytes = read_limited(body, max_body_size).map_err(|e| {
            // The body was left unread: its connection is closed.
            if let Some(call) = &call {
                call.closed();
            }
            e.in_answer(&http).redacted(secrets)
        })?;
        // An event stream under another content type is read as one.
        if crate::sse::begins_as_event_stream(&bytes) == Some(true) {
            let reader = Box::new(std::io::Cursor::new(bytes));
            return ResponseStream::new(reader, http, max_event_size)
                .redacting(secrets)
                .final_response();
        }
        let mut response =
            decode_answer(&http, &bytes).map_err(|e| e.in_answer(&http).redacted(secrets))?;
        response.http = Some(http);
        secrets.failed_response(&mut response);
        Ok(response)
    }

    /// Sends a request with `"stream": true` and returns the stream of events as
    /// soon as the response headers arrive.
    ///
    /// Failures before the first byte of the body (connection errors, error
    /// statuses) are returned here, retried like [`send`](Client::send). Once the
    /// body has begun nothing is retried.
    ///
    /// A whole JSON response where a stream was asked for (from a server
    /// that ignores `stream`) is read here and played back as the one
    /// terminal event of its status: `response.completed`,
    /// `response.incomplete`, or `response.failed`, which the iterator
    /// reports as [`Error::Api`].
    ///
    /// An event stream under another content type (`text/plain`,
    /// `application/octet-stream`, even `application/json`, from a proxy
    /// that relabels it) is read as one, as it arrives, when its first
    /// bytes (after blank lines, or lines of spaces and tabs) are a comment
    /// or a field of the format; as a whole body, it is
    /// then bounded by [`max_body_size`](ClientBuilder::max_body_size) too.
    /// [`send`](Client::send) reads such a body as an event stream as well.
    ///
    /// ```no_run
    /// use openrouter_responses::{Client, Request, StreamEvent};
    /// let client = Client::from_env()?;
    /// let request = Request::builder().model("openai/gpt-4o-mini").input("Hello").build();
    /// let mut stream = client.stream(&request)?;
    /// for event in stream.by_ref() {
    ///     if let StreamEvent::OutputTextDelta(e) = event? {
    ///         print!("{}", e.delta);
    ///     }
    /// }
    /// let response = stream.final_response()?;
    /// # let _ = response;
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`send`](Client::send), for everything that happens before the body begins.
    pub fn stream(&self, request: &Request) -> Result<ResponseStream> {
        self.stream_with(request, &RequestOptions::default())
    }

    /// [`stream`](Client::stream) with per-call options.
    ///
    /// # Errors
    ///
    /// As [`stream`](Client::stream).
    pub fn stream_with(
        &self,
        request: &Request,
        options: &RequestOptions,
    ) -> Result<ResponseStream> {
        let secrets = self.call_secrets(options);
        let (http, body, call) = self.execute(request, options, true, &secrets)?;
        let (max_body_size, max_event_size) = self.limits(options);
        let timeouts = self.timeouts(options);
        if is_event_stream(&http) || http.content_type().is_none() {
            let reader: Box<dyn Read + Send> = Box::new(body.into_reader());
            let stream = ResponseStream::new(reader, http, max_event_size);
            return Ok(stream.pooled(self, call, timeouts).redacting(&secrets));
        }
        // A body cut by a stop or a shutdown says so, as in `send`.
        let failed = |e: Error| {
            let e = e.with_limits(&timeouts).in_answer(&http);
            self.body_failed(call.as_deref(), e.redacted(&secrets))
        };
        let closed = |e: Error| {
            // The body was left unread: its connection is closed.
            if let Some(call) = &call {
                call.closed();
            }
            failed(e)
        };
        // Under another content type (a proxy that relabels it), a body
        // that begins as an event stream is read as one, as it arrives.
        let mut reader = body.into_with_config().limit(max_body_size).reader();
        let (head, event_stream) =
            sniff_event_stream(&mut reader).map_err(|e| closed(Error::from_body_io(e)))?;
        let mut reader = std::io::Cursor::new(head).chain(reader);
        if event_stream {
            let stream = ResponseStream::new(Box::new(reader), http, max_event_size);
            return Ok(stream.pooled(self, call, timeouts).redacting(&secrets));
        }
        // A whole JSON response where a stream was asked for (a proxy or a
        // compatible server that ignores `stream`): check that it is a response,
        // then replay it as the one terminal event it stands for.
        let mut bytes = Vec::new();
        (reader.read_to_end(&mut bytes)).map_err(|e| closed(Error::from_body_io(e)))?;
        // The terminal event of its status: a failed response is reported
        // as a streamed one is; an error the server sent stays.
        let answer = decode_answer(&http, &bytes).map_err(failed)?;
        let event_type = crate::stream::terminal_event_type(&answer);
        // The replayed event holds the JSON alone, without a byte order
        // mark before it.
        if bytes.starts_with(crate::sse::BOM) {
            bytes.drain(..crate::sse::BOM.len());
        }
        // Valid JSON has line breaks only between tokens: fold them so the
        // body fits on one `data:` line.
        for b in &mut bytes {
            if *b == b'\n' || *b == b'\r' {
                *b = b' ';
            }
        }
        let mut transcript =
            format!("data: {{\"type\":\"{event_type}\",\"response\":").into_bytes();
        transcript.extend_from_slice(&bytes);
        transcript.extend_from_slice(b"}\n\ndata: [DONE]\n\n");
        let reader: Box<dyn Read + Send> = Box::new(std::io::Cursor::new(transcript));
        let max_event_size = max_event_size.max(transcript_len_hint(&bytes));
        Ok(ResponseStream::new(reader, http, max_event_size).redacting(&secrets))
    }

    /// Sends the request until it succeeds, fails for good, or the retries
    /// run out. A call made with a stop handle is returned with the answer,
    /// to be kept while its body is read. An error answer shows `secrets`
    /// as `***`.
    fn execute(
        &self,
        request: &Request,
        options: &RequestOptions,
        stream: bool,
        secrets: &Secrets,
    ) -> Result<(HttpInfo, ureq::Body, Option<Arc<Call>>)> {
        let inner = &*self.inner;
        match &inner.deferred_error {
            Some(Error::Config(e)) => return Err(Error::Config(e.clone())),
            Some(other) => return Err(Error::config(other.to_string())),
            None => {}
        }
        // Refused before anything is sent, as the client's headers are when
        // it is built (the HTTP layer's own refusal was a retried
        // transport error, or a message that named no header).
        for (name, value) in &options.headers {
            check_header(name, value)?;
        }
        // A deadline of zero is one already passed (a caller's budget used
        // up): a `Total` timeout below, not a mistake of setup.
        check_timeouts(&[
            ("response_timeout", options.response_timeout),
            ("read_timeout", options.read_timeout),
        ])?;
        let body = request
            .to_json_body(stream)
            .map_err(|e| Error::config(format!("the request cannot be serialized: {e}")))?;
        let max_retries = options.max_retries.unwrap_or(inner.max_retries);
        // A deadline too far off to represent is none.
        let deadline = (options.total_timeout.or(inner.total_timeout))
            .and_then(|total| Instant::now().checked_add(total));
        // Registered before the shutdown flag is first read, so that a
        // shutdown either is seen or closes the call's connections.
        let call = options.stop.as_ref().map(|handle| {
            let call = handle.state.begin(self);
            inner.calls.add(&call);
            call
        });
        // A stream that just ended may be about to give its connection back.
        inner.drains.settle(call.as_ref().map_or(0, |c| c.pool));
        let mut retries = 0;
        loop {
            if let Some(e) = self.halted(call.as_deref()) {
                return Err(e);
            }
            let left = match deadline {
                Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => Some(left),
                    _ => {
                        let total = Error::timeout(TimeoutKind::Total, Some(TimeoutSetting::Total));
                        return Err(total.with_limits(&self.timeouts(options)));
                    }
                },
                None => None,
            };
            let agent = call.as_ref().map_or(&inner.agent, |c| &c.agent);
            if let Some(call) = &call {
                call.closed.store(false, Ordering::Release);
            }
            let answer = (self.attempt(agent, &body, options, stream, left))
                .map_err(|e| e.with_limits(&self.timeouts(options)));
            if let (Some(call), Ok((http, _))) = (&call, &answer) {
                // An answer that ends with its connection leaves none in
                // the call's pool.
                if !connection_reusable(http) {
                    call.closed();
                }
            }
            let error = match answer {
                Ok((http, body)) if (200..300).contains(&http.status) => {
                    return Ok((http, body, call))
                }
                Ok((http, body)) => {
                    let (text, cut_short) = read_error_body(body);
                    let mut error = ApiError::from_http(http, text);
                    error.body_cut_short = cut_short;
                    // What the server sent back of the request (an echoed
                    // `Authorization`) is shown without the key, also to
                    // the retry hook.
                    Error::from(error).redacted(secrets)
                }
                Err(e) => {
                    // No connection is left in the call's pool, unless a
                    // retry makes one.
                    if let Some(call) = &call {
                        call.closed();
                    }
                    e
                }
            };
            // A call cut short by a stop or a shutdown says so, whatever broke.
            if let Some(e) = self.halted(call.as_deref()) {
                return Err(e);
            }
            if retries >= max_retries || !should_retry(&error) {
                return Err(error);
            }
            let wait = match error.api_error().and_then(|e| e.retry_after) {
                // The server asked for a longer pause than we are willing to
                // take: give the caller the error and its `retry_after`.
                Some(asked) if asked > inner.backoff.max => return Err(error),
                Some(asked) => asked,
                None => inner.backoff.delay(retries),
            };
            // A retry that could not start before the deadline is not made.
            if deadline.is_some_and(|d| Instant::now().checked_add(wait).is_none_or(|at| at >= d)) {
                return Err(error);
            }
            retries += 1;
            if let Some(hook) = options.on_retry.as_ref().or(inner.on_retry.as_ref()) {
                hook(&Retry {
                    request,
                    error: &error,
                    retry: retries,
                    wait,
                });
            }
            // A stop or a shutdown ends the wait at once (the loop then
            // returns).
            inner.shut_down.sleep(wait, call.as_deref());
        }
    }

    /// One HTTP exchange, up to the response headers.
    fn attempt(
        &self,
        agent: &ureq::Agent,
        body: &[u8],
        options: &RequestOptions,
        stream: bool,
        total_left: Option<Duration>,
    ) -> Result<(HttpInfo, ureq::Body)> {
        let inner = &*self.inner;
        let mut req = agent.post(&inner.endpoint);
        let accept = if stream {
            "text/event-stream"
        } else {
            "application/json"
        };
        // A per-call header replaces the client's of its name.
        let call_sets =
            |name: &str| (options.headers.iter()).any(|(k, _)| k.eq_ignore_ascii_case(name));
        match &inner.parsed_headers {
            Some([plain, streamed]) => {
                let parsed = if stream { streamed } else { plain };
                for (name, value) in parsed.iter().filter(|(n, _)| !call_sets(n.as_str())) {
                    req = req.header(name.clone(), value.clone());
                }
            }
            None => {
                let defaults =
                    default_headers(inner.authorization.as_deref(), &inner.headers, accept);
                for (name, value) in defaults.filter(|(n, _)| !call_sets(n)) {
                    req = req.header(name, value);
                }
            }
        }
        // An empty per-call value sends no such header: it only hides the
        // client's.
        for (name, value) in options.headers.iter().filter(|(_, v)| !v.is_empty()) {
            req = req.header(name.as_str(), value.as_str());
        }
        // The HTTP layer adds the builder's `User-Agent` unless one is set:
        // an empty value hides it too, as it hides the other built-in ones.
        fn agent_of(headers: &[(String, String)]) -> Option<&str> {
            (headers.iter())
                .find(|(k, _)| k.eq_ignore_ascii_case("user-agent"))
                .map(|(_, v)| v.as_str())
        }
        let hides_agent = agent_of(&options.headers)
            .or_else(|| agent_of(&inner.headers))
            .is_some_and(str::is_empty);
        if options.response_timeout.is_some()
            || options.read_timeout.is_some()
            || total_left.is_some()
            || hides_agent
        {
            let mut config = req.config();
            if hides_agent {
                config = config.user_agent("");
            }
            if let Some(t) = options.response_timeout {
                config = config.timeout_recv_response(finite(t));
            }
            if let Some(t) = options.read_timeout {
                config = config
                    .timeout_per_read(finite(t))
                    .timeout_per_write(finite(t));
            }
            // ureq's global timeout bounds the whole exchange, the body (and
            // so the stream) included, from the moment the request starts.
            if let Some(t) = total_left {
                config = config.timeout_global(Some(t));
            }
            req = config.build();
        }
        let response = (req.send(body)).map_err(|e| Error::from_ureq_via(e, &inner.route))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        Ok((HttpInfo::new(status, headers), response.into_body()))
    }
}

/// The headers a call sends unless a per-call header of the same name hides
/// them, in the order sent: `Content-Type`, `Accept` (`accept`) and the
/// key's `Authorization`, each unless the client sets a header of its name,
/// then the client's headers; an empty client value is not sent (it only
/// hides the built-in one, the key's `Authorization` say).
fn default_headers<'a>(
    authorization: Option<&'a str>,
    headers: &'a [(String, String)],
    accept: &'static str,
) -> impl Iterator<Item = (&'a str, &'a str)> {
    let fixed = [("Content-Type", "application/json"), ("Accept", accept)];
    let client_sets = |name: &str| (headers.iter()).any(|(k, _)| k.eq_ignore_ascii_case(name));
    fixed
        .into_iter()
        .chain(authorization.map(|a| ("Authorization", a)))
        .filter(move |(name, _)| !client_sets(name))
        .chain(headers.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .filter(|(_, value)| !value.is_empty())
}

/// Headers parsed for the HTTP layer, to be sent as they are.
type ParsedHeaders = Vec<(ureq::http::HeaderName, ureq::http::HeaderValue)>;

/// [`default_headers`] parsed once, without and with `stream` (see
/// `Inner::parsed_headers`), so that a call does not parse them again.
fn parse_headers(
    authorization: Option<&str>,
    headers: &[(String, String)],
) -> Option<[ParsedHeaders; 2]> {
    let parse = |accept| {
        default_headers(authorization, headers, accept)
            .map(|(name, value)| {
                let name = ureq::http::HeaderName::try_from(name).ok()?;
                Some((name, ureq::http::HeaderValue::try_from(value).ok()?))
            })
            .collect::<Option<ParsedHeaders>>()
    };
    Some([parse("application/json")?, parse("text/event-stream")?])
}

/// A client with every default that answers every call with `error`: what an
/// infallible constructor returns for a setup it cannot use.
impl Client {
    fn failing(error: Error) -> Client {
        let defaults = ClientBuilder::default();
        let (agent, _) = agent_for(&defaults);
        Client {
            inner: Arc::new(Inner {
                agent,
                endpoint: format!("{DEFAULT_BASE_URL}/responses"),
                base_url: DEFAULT_BASE_URL.to_string(),
                authorization: None,
                headers: Vec::new(),
                parsed_headers: None,
                max_retries: defaults.max_retries,
                backoff: defaults.backoff,
                max_body_size: defaults.max_body_size,
                max_event_size: defaults.max_event_size,
                total_timeout: None,
                timeouts: [
                    defaults.connect_timeout,
                    defaults.response_timeout,
                    defaults.read_timeout,
                ],
                shut_down: Stop::default(),
                calls: Calls::default(),
                spare: Mutex::default(),
                max_spare: defaults.max_idle_connections,
                drains: Arc::default(),
                on_retry: None,
                route: Route::Direct,
                deferred_error: Some(error),
                secrets: Secrets::default(),
            }),
        }
    }
}

/// Whether the connection of a body read to its end stays open for the next
/// call: the body is framed (a `Content-Length` or chunks, not read until
/// the server closes it; or none, for a 204 or a 304) and the answer does
/// not say `Connection: close`.
pub(crate) fn connection_reusable(http: &HttpInfo) -> bool {
    let framed = matches!(http.status, 204 | 304)
        || http.header("content-length").is_some()
        || (http.header("transfer-encoding"))
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"));
    let closes = (http.headers.iter())
        .filter(|(name, _)| name.eq_ignore_ascii_case("connection"))
        .any(|(_, value)| {
            value
                .split(',')
                .any(|v| v.trim().eq_ignore_ascii_case("close"))
        });
    framed && !closes
}

/// Reads the first bytes of a body labelled neither as an event stream nor
/// left unlabelled, until they tell whether it is an event stream (see
/// [`begins_as_event_stream`](crate::sse::begins_as_event_stream)).
/// Returns the bytes read, to be read again, and the answer. At most
/// [`SNIFF_LIMIT`] bytes are read; fewer at the end of the body.
fn sniff_event_stream(reader: &mut impl Read) -> std::io::Result<(Vec<u8>, bool)> {
    let mut head = Vec::new();
    let mut buf = [0; 256];
    loop {
        let verdict = crate::sse::begins_as_event_stream(&head);
        if let Some(verdict) = verdict {
            return Ok((head, verdict));
        }
        if head.len() >= SNIFF_LIMIT {
            return Ok((head, false));
        }
        let n = reader.read(&mut buf)?;
        let Some(read) = buf.get(..n).filter(|r| !r.is_empty()) else {
            return Ok((head, false));
        };
        head.extend_from_slice(read);
    }
}

/// The most bytes [`sniff_event_stream`] reads.
const SNIFF_LIMIT: usize = 4096;

/// The event-size limit a replayed JSON body needs: the body already passed
/// `max_body_size`, so it must not fail the smaller event limit.
fn transcript_len_hint(body: &[u8]) -> usize {
    body.len().saturating_add(64)
}

fn should_retry(error: &Error) -> bool {
    match error {
        Error::Api(e) => e.origin == ErrorOrigin::Status && RETRYABLE_STATUSES.contains(&e.status),
        // A stalled body is never retried (a silence before the headers is
        // `ResponseHeaders`), nor a call past its deadline.
        Error::Timeout(t) if matches!(t.kind(), TimeoutKind::Read | TimeoutKind::Total) => false,
        Error::Transport(_) | Error::Timeout(_) => error.is_retryable(),
        _ => false,
    }
}

fn is_event_stream(http: &HttpInfo) -> bool {
    const EVENT_STREAM: &str = "text/event-stream";
    // Compared in place, without a lower-cased copy: `get` is `None` for a
    // value too short or cut inside a character, which is no match.
    http.content_type()
        .and_then(|ct| ct.trim_start().get(..EVENT_STREAM.len()))
        .is_some_and(|head| head.eq_ignore_ascii_case(EVENT_STREAM))
}

fn read_limited(mut body: ureq::Body, limit: u64) -> Result<Vec<u8>> {
    // Room for the whole body when its length is given (up to
    // `PRESIZE_LIMIT`, so that a length the server only claims reserves
    // little), instead of growing the buffer several times as it fills.
    let room = (body.content_length()).map_or(0, |n| n.min(limit).min(PRESIZE_LIMIT));
    let mut bytes = Vec::with_capacity(usize::try_from(room).unwrap_or(0));
    let read = (body.with_config().limit(limit).reader()).read_to_end(&mut bytes);
    read.map(|_| bytes)
        .map_err(ureq::Error::from)
        .map_err(|e| match e {
            ureq::Error::BodyExceedsLimit(_) => Error::stream(StreamError::BodyTooLarge { limit }),
            ureq::Error::Io(io) => Error::from_body_io(io),
            // A timeout among them: the body's own mapping says which
            // (`Read`, or `Total` for the call's deadline).
            other => Error::from_body_io(other.into_io()),
        })
}

/// The most room [`read_limited`] reserves up front for a body whose length
/// is given; a longer body grows its buffer as it arrives.
const PRESIZE_LIMIT: u64 = 256 * 1024;

/// Decodes a whole 2xx JSON answer as a response, or as the error it
/// reports when it is only an error envelope (a UTF-8 byte order mark
/// before the JSON is skipped, as RFC 8259 allows): an `error` without the `id`,
/// `status` or `output` of a response (an empty `id` or `output` counts as
/// none) is no response at all, but an [`Error::Api`] with the answer's
/// status, read as an error answer's body is. A failed response (with those
/// members) stays a response.
///
/// The envelope is told from the decoded response when the body decodes,
/// and only when it does not (`{"error": "text"}`, a code that is neither a
/// string nor a whole number) from the body's JSON, so a successful answer
/// is read once.
pub(crate) fn decode_answer(http: &HttpInfo, bytes: &[u8]) -> Result<Response> {
    let envelope_error = || {
        let body = String::from_utf8_lossy(bytes).into_owned();
        Error::from(ApiError::from_http(http.clone(), body))
    };
    let json = bytes.strip_prefix(crate::sse::BOM).unwrap_or(bytes);
    match decode_body(json) {
        Ok(response) => {
            let envelope = response.error.is_some()
                && response.id.is_empty()
                && response.status.is_none()
                && response.output.is_empty();
            if envelope {
                return Err(envelope_error());
            }
            Ok(response)
        }
        Err(e) => {
            if is_undecodable_envelope(json) {
                return Err(envelope_error());
            }
            let text = String::from_utf8_lossy(bytes);
            // An empty body, or one that ended inside a value or a
            // character (where the connection closed a body without a
            // length): what arrived was not the whole answer.
            if json.iter().all(u8::is_ascii_whitespace) {
                let e = <serde_json::Error as serde::de::Error>::custom("the body is empty");
                return Err(Error::body_ended_early(text, e));
            }
            // A body compressed on the way (a proxy's gzip the client never
            // asked for): said, rather than only that it is no JSON.
            if let Some(coding) = http.content_encoding() {
                let e = <serde_json::Error as serde::de::Error>::custom(encoded(coding, &e));
                return Err(Error::decode(DecodeTarget::ResponseBody, text, e));
            }
            let cut_in_character =
                || std::str::from_utf8(json).is_err_and(|u| u.error_len().is_none());
            // A body as long as its `Content-Length` came whole (one that
            // broke off before its length failed as it was read): its JSON
            // ends early as the server wrote it, and would again.
            if (e.is_eof() || cut_in_character()) && !is_whole_by_length(http, bytes) {
                return Err(Error::body_ended_early(text, e));
            }
            Err(Error::decode(DecodeTarget::ResponseBody, text, e))
        }
    }
}

/// Whether `bytes` are the whole body its answer's `Content-Length` gives.
fn is_whole_by_length(http: &HttpInfo, bytes: &[u8]) -> bool {
    let length = http.header("content-length").map(str::trim);
    let digits = length.filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    digits.and_then(|n| n.parse::<u64>().ok()) == u64::try_from(bytes.len()).ok()
}

/// What is said of a body that did not decode under a `Content-Encoding`
/// of `coding` (see [`HttpInfo::content_encoding`]), `why` being the
/// decoder's error.
fn encoded(coding: &str, why: &dyn std::fmt::Display) -> String {
    format!(
        "the body is encoded (Content-Encoding: {coding}), which the client does not decode: {why}"
    )
}

/// Whether a body that did not decode as a response is an error envelope,
/// by the rule of [`decode_answer`] read on its JSON.
fn is_undecodable_envelope(bytes: &[u8]) -> bool {
    // Read from text, as an error body is (one JSON reader for `Value`).
    let Some(value) = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok())
    else {
        return false;
    };
    let Some(object) = value.as_object() else {
        return false;
    };
    let absent = |key: &str| match object.get(key) {
        None | Some(serde_json::Value::Null) => true,
        Some(serde_json::Value::String(s)) => s.is_empty() && key == "id",
        Some(serde_json::Value::Array(a)) => a.is_empty() && key == "output",
        Some(_) => false,
    };
    !absent("error") && absent("id") && absent("status") && absent("output")
}

/// Decodes a whole JSON answer. The bytes must be UTF-8, as JSON requires;
/// they are checked first and then decoded as text, so that every response
/// type has one decoder (text) in the library rather than two (text and
/// bytes), which roughly halves what the model costs to compile. In a long
/// answer, text messages are read directly, as in a stream's final response.
fn decode_body(bytes: &[u8]) -> serde_json::Result<Response> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        <serde_json::Error as serde::de::Error>::custom(format_args!(
            "the body is not UTF-8: invalid byte at offset {}",
            e.valid_up_to()
        ))
    })?;
    if let Some(response) = crate::stream::fast::long_response(text) {
        return Ok(response);
    }
    crate::response::direct(|| serde_json::from_str::<Response>(text))
}

/// Reads an error body as text: up to [`MAX_ERROR_BODY`], whatever arrives
/// before the connection breaks, invalid UTF-8 replaced; and whether it
/// broke off (a read failed, or timed out) before its end.
fn read_error_body(body: ureq::Body) -> (String, bool) {
    let mut bytes = Vec::new();
    let mut reader = body.into_reader().take(MAX_ERROR_BODY);
    let cut_short = reader.read_to_end(&mut bytes).is_err();
    (String::from_utf8_lossy(&bytes).into_owned(), cut_short)
}

/// Builds a [`Client`].
///
/// Every setter's doc says its default; all defaults are in one place, the
/// `Default` impl.
///
/// ```
/// use std::time::Duration;
/// use openrouter_responses::Client;
/// let client = Client::builder()
///     .api_key("sk-or-example")
///     .base_url("http://127.0.0.1:8080/api/v1")
///     .app_url("https://example.com")
///     .app_title("My tool")
///     .max_retries(2)
///     .connect_timeout(Duration::from_secs(5))
///     .build()?;
/// assert_eq!(client.base_url(), "http://127.0.0.1:8080/api/v1");
/// # Ok::<(), openrouter_responses::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: String,
    app_url: Option<String>,
    app_title: Option<String>,
    app_categories: Vec<String>,
    openrouter_metadata: Option<bool>,
    headers: Vec<(String, String)>,
    max_retries: u32,
    backoff: Backoff,
    connect_timeout: Duration,
    response_timeout: Duration,
    read_timeout: Duration,
    total_timeout: Option<Duration>,
    max_body_size: u64,
    max_event_size: usize,
    max_idle_connections: usize,
    proxy: ProxySetting,
    user_agent: String,
    on_retry: Option<RetryHook>,
}

/// The function [`ClientBuilder::on_retry`] set.
type RetryHook = Arc<dyn Fn(&Retry<'_>) + Send + Sync>;

/// A retry the client is about to make, as told to the function set with
/// [`ClientBuilder::on_retry`] or [`RequestOptions::on_retry`].
#[derive(Debug)]
#[non_exhaustive]
pub struct Retry<'a> {
    /// The request being retried: one hook, set on the client, can say
    /// which call it is about by its [`model`](Request::model), its
    /// [`metadata`](Request::metadata) or its [`user`](Request::user).
    pub request: &'a Request,
    /// The error of the attempt that failed.
    pub error: &'a Error,
    /// Which retry this is: 1 for the first (the second attempt).
    pub retry: u32,
    /// How long the client waits before it: the wait the server asked for
    /// ([`ApiError::retry_after`](crate::ApiError::retry_after): a
    /// `Retry-After` or `retry-after-ms` header, or the error's
    /// `availability.retry_after`), or else the backoff.
    pub wait: Duration,
}

#[derive(Clone)]
enum ProxySetting {
    FromEnv,
    None,
    Url(String),
}

impl fmt::Debug for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxySetting::FromEnv => f.write_str("FromEnv"),
            ProxySetting::None => f.write_str("None"),
            // The URL may carry a user name and password.
            ProxySetting::Url(_) => f.write_str("Url(***)"),
        }
    }
}

/// Headers for `Debug` output, with the values of those that carry
/// credentials hidden.
struct Redacted<'a>(&'a [(String, String)]);

impl fmt::Debug for Redacted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, value)| {
                let shown = if is_secret_header(name) {
                    "***"
                } else {
                    value.as_str()
                };
                (name.as_str(), shown)
            }))
            .finish()
    }
}

/// The values of the credential headers among `headers` (see
/// [`is_secret_header`]), each whole and, for `Bearer <token>`, the token
/// alone, which may be echoed too.
fn secret_values(headers: &[(String, String)]) -> impl Iterator<Item = &str> {
    (headers.iter())
        .filter(|(name, _)| is_secret_header(name))
        .flat_map(|(_, value)| {
            let token = value.trim().split_once(' ').map(|(_, t)| t);
            std::iter::once(value.as_str()).chain(token)
        })
}

/// Whether a header's value is a credential: never shown in `Debug` output.
fn is_secret_header(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    matches!(
        name.as_str(),
        "authorization" | "proxy-authorization" | "cookie"
    ) || ["key", "token", "secret", "auth"]
        .iter()
        .any(|word| name.contains(word))
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            base_url: DEFAULT_BASE_URL.to_string(),
            app_url: None,
            app_title: None,
            app_categories: Vec::new(),
            openrouter_metadata: None,
            headers: Vec::new(),
            max_retries: DEFAULT_MAX_RETRIES,
            backoff: Backoff::default(),
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            response_timeout: DEFAULT_RESPONSE_TIMEOUT,
            read_timeout: DEFAULT_READ_TIMEOUT,
            total_timeout: None,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            max_event_size: crate::sse::DEFAULT_MAX_EVENT_SIZE,
            max_idle_connections: DEFAULT_MAX_IDLE_CONNECTIONS,
            proxy: ProxySetting::FromEnv,
            user_agent: concat!("openrouter-responses/", env!("CARGO_PKG_VERSION")).to_string(),
            on_retry: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "***"))
            .field("base_url", &mask_userinfo(&self.base_url))
            .field("app_url", &self.app_url)
            .field("app_title", &self.app_title)
            .field("app_categories", &self.app_categories)
            .field("openrouter_metadata", &self.openrouter_metadata)
            .field("headers", &Redacted(&self.headers))
            .field("max_retries", &self.max_retries)
            .field("backoff", &self.backoff)
            .field("connect_timeout", &self.connect_timeout)
            .field("response_timeout", &self.response_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("max_body_size", &self.max_body_size)
            .field("max_event_size", &self.max_event_size)
            .field("max_idle_connections", &self.max_idle_connections)
            .field("proxy", &self.proxy)
            .field("user_agent", &self.user_agent)
            .field("on_retry", &self.on_retry.as_ref().map(|_| "Fn"))
            .finish()
    }
}

impl ClientBuilder {
    /// The API key, sent as `Authorization: Bearer <key>`, unless an
    /// `Authorization` header is set with [`header`](Self::header) or per call,
    /// which replaces it. Defaults to none: no `Authorization` header is sent
    /// (for servers that need none). Give the key alone: one that starts
    /// with `Bearer ` makes [`build`](Self::build) fail with
    /// [`Error::Config`].
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// The base URL, including `/api/v1`; requests go to `{base_url}/responses`.
    /// `http://` is allowed because the caller asked for it; HTTPS is the
    /// default. Defaults to `https://openrouter.ai/api/v1`.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The app's URL, sent as `HTTP-Referer` for app attribution. Defaults to none.
    pub fn app_url(mut self, url: impl Into<String>) -> Self {
        self.app_url = Some(url.into());
        self
    }

    /// The app's display name, sent as `X-OpenRouter-Title` and the legacy
    /// `X-Title`. Defaults to none.
    pub fn app_title(mut self, title: impl Into<String>) -> Self {
        self.app_title = Some(title.into());
        self
    }

    /// Marketplace categories (lowercase, hyphenated), sent comma-separated as
    /// `X-OpenRouter-Categories`, each trimmed; blank ones are dropped (none
    /// left sends no header). Defaults to none.
    pub fn app_categories<I, S>(mut self, categories: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.app_categories = categories_of(categories);
        self
    }

    /// Whether answers carry OpenRouter's routing metadata
    /// ([`Response::openrouter_metadata`](crate::Response::openrouter_metadata):
    /// the endpoints tried, the one that served, timings), sent as
    /// `X-OpenRouter-Metadata: enabled` or `disabled`. Defaults to none (the
    /// header is not sent; the server's default is `disabled`).
    /// [`RequestOptions::openrouter_metadata`] sets it for one call.
    ///
    /// ```
    /// use openrouter_responses::Client;
    /// let client = Client::builder()
    ///     .api_key("sk-or-example")
    ///     .openrouter_metadata(true)
    ///     .build()?;
    /// # let _ = client;
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    pub fn openrouter_metadata(mut self, enabled: bool) -> Self {
        self.openrouter_metadata = Some(enabled);
        self
    }

    /// A header sent with every request (for example `X-Session-Id`). It
    /// replaces the client's own header of the same name (compared
    /// case-insensitively): an `Authorization` header here is sent instead
    /// of the [`api_key`](Self::api_key)'s `Bearer`, never beside it;
    /// likewise `Content-Type`, `Accept`, and the headers of
    /// [`app_title`](Self::app_title) and the other typed setters. A second
    /// `header` of a name replaces the first: one value a name. An empty
    /// value sends no such header, the client's own included (no
    /// `Authorization` for a server that wants none, with a key read by
    /// [`Client::from_env`] set). Per-call headers of [`RequestOptions`]
    /// override it. Defaults to none.
    ///
    /// [`build`](Self::build) refuses, with [`Error::Config`] naming the
    /// header (never its value), a name that is no HTTP token, a value with
    /// a control character (a line break, say), and an `Authorization` or
    /// `Host` value with a byte other than visible ASCII, space and tab
    /// (`Bearer é`), which the HTTP layer would not send, and
    /// `Content-Length` or `Transfer-Encoding` (the client frames the body
    /// itself). Other values may hold UTF-8 text (an app title with
    /// accents), sent as its bytes.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// How many times a failed attempt is retried: connection failures (not
    /// a TLS failure, nor a proxy's refusal of the client,
    /// [`TransportKind::ProxyRefused`](crate::TransportKind::ProxyRefused)),
    /// connect, send and response-header timeouts, and statuses 408, 429,
    /// 500, 502, 503, 504, 520 to 524 (Cloudflare's: see the README's
    /// Reliability section) and 529. Nothing after the response headers is
    /// retried (a body that stalls, [`TimeoutKind::Read`], is returned). `0`
    /// disables retries. Defaults to 2 (so at most 3 attempts).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The backoff between retries: the first wait is about `initial`, each
    /// next one 1.5 times longer, never more than `max`, with random jitter
    /// (between half and all of the computed wait). A `Retry-After` or
    /// `retry-after-ms` header (or the error's `availability.retry_after`)
    /// replaces the computed wait; one asking for more
    /// than `max` ends the retries and returns the error. Defaults to 500 ms
    /// and 60 s.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.backoff = Backoff {
            initial,
            max,
            factor: self.backoff.factor,
        };
        self
    }

    /// The time allowed to set up a connection (TCP, proxy, TLS handshake).
    /// Running out is [`TimeoutKind::Connect`]. Defaults to 30 seconds.
    ///
    /// The host-name lookup before it is the system resolver's, bounded by
    /// the resolver's own timeouts (`/etc/resolv.conf` on Linux), not by this
    /// one: ureq looks the host up for every request, even on a kept
    /// connection, and a lookup with a deadline would cost a thread per
    /// request.
    ///
    /// A timeout too long to be a deadline ([`Duration::MAX`]) is none, as
    /// for every timeout of the client and of [`RequestOptions`]. A zero
    /// one, which would fail every call at once, is refused with
    /// [`Error::Config`] by [`build`](Self::build), as for every timeout of
    /// the client (and by the call for a per-call response or read timeout).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time allowed, after the request was sent, for the response headers
    /// to arrive, in all. The idle [`read_timeout`](Self::read_timeout)
    /// bounds the same wait as a silence: a server that sends nothing for
    /// that long before its headers times out too, so the shorter of the two
    /// is the limit of a silent wait (raise both for a non-streaming call that
    /// may think longer than the read timeout). Running out of either before
    /// the headers is [`TimeoutKind::ResponseHeaders`], which is retried.
    /// Defaults to 600 seconds; [`Duration::MAX`] sets none; zero is refused
    /// by [`build`](Self::build).
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = timeout;
        self
    }

    /// The longest silence allowed on the connection: while the request is
    /// sent (a server that takes none of its bytes for this long), while the
    /// response headers are awaited (beside the
    /// [`response_timeout`](Self::response_timeout), which bounds that wait
    /// in all), and between two reads of a body or a stream. It is an idle
    /// timeout, not a deadline: a stream that keeps sending (keep-alive
    /// comments included) runs as long as it needs. Running out while
    /// sending is [`TimeoutKind::Send`], before the headers
    /// [`TimeoutKind::ResponseHeaders`] (both retried), after them
    /// [`TimeoutKind::Read`] (not retried). Defaults to 300 seconds;
    /// [`Duration::MAX`] sets none; zero is refused by
    /// [`build`](Self::build). It also bounds how long the rest of a
    /// finished stream's body is waited for in the background (see
    /// [`ResponseStream`]'s connection): with none, a server that holds that
    /// body open keeps its connection and a thread until it closes it (or
    /// the [`total_timeout`](Self::total_timeout) passes).
    ///
    /// (ureq applies one per-read timeout to every read; a separate limit
    /// for the wait for the headers alone would take its unversioned
    /// transport API, which may change in a minor release.)
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// A deadline for each call as a whole: every attempt, the waits between
    /// them, and reading the body, or the whole stream for
    /// [`Client::stream`] (keep-alive comments do not extend it). Running
    /// out is [`TimeoutKind::Total`], never retried; a retry that could not
    /// start before the deadline is not made, and the error of the last
    /// attempt is returned. None by default: the per-phase timeouts bound
    /// each wait, and a stream runs as long as it keeps sending.
    ///
    /// [`RequestOptions::total_timeout`] sets it for one call. With a
    /// deadline, the host-name lookup of each attempt is bounded by it too,
    /// which ureq does on a thread of its own: a thread per attempt.
    ///
    /// Two edges: an error status whose headers arrived in time is returned
    /// as [`Error::Api`] even when the deadline cut the reading of its body
    /// (the message may then be cut short); and events a stream had already
    /// received and buffered are still handed out before the
    /// `Total` error.
    ///
    /// A deadline too far off to represent ([`Duration::MAX`]) is none; zero
    /// is refused by [`build`](Self::build).
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// The largest response body read whole: a JSON body (one answering
    /// [`Client::stream`] included), or an event stream that
    /// [`Client::send`] reads to its end (or that [`Client::stream`] reads
    /// under a content type other than `text/event-stream`). A larger one is
    /// [`StreamError::BodyTooLarge`]. An event stream of [`Client::stream`]
    /// is bounded per event instead (see
    /// [`max_event_size`](Self::max_event_size)). Defaults to 64 MiB.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// The largest SSE line or event data read in a stream; a larger one is
    /// [`StreamError::LineTooLong`] or [`StreamError::EventTooLarge`]. Defaults
    /// to [`sse::DEFAULT_MAX_EVENT_SIZE`](crate::sse::DEFAULT_MAX_EVENT_SIZE)
    /// (32 MiB).
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.max_event_size = bytes;
        self
    }

    /// The most connections kept open between calls, for the next calls to
    /// use without a new TCP and TLS setup. Calls made at once each need a
    /// connection: a program that makes more calls than this at the same
    /// time (more worker threads) sets up new connections for the excess
    /// each time. `0` keeps none: every call connects anew (and the rest of
    /// a finished stream's body is not read, its connection closed at the
    /// terminal event). Calls made with
    /// a [`StopHandle`] keep theirs apart, as many again. Defaults to 10.
    pub fn max_idle_connections(mut self, connections: usize) -> Self {
        self.max_idle_connections = connections;
        self
    }

    /// An HTTP(S) or SOCKS proxy URL, such as `http://user:pass@proxy:3128`
    /// or `socks5://127.0.0.1:1080` (`socks4`, `socks4a`, `socks5` and
    /// `socks5h` are understood). Defaults to the proxy named by the
    /// environment, if any: the first readable of `ALL_PROXY`, `HTTPS_PROXY`
    /// and `HTTP_PROXY` (upper or lower case), honouring `NO_PROXY`.
    /// [`build`](Self::build) refuses a proxy URL whose port is outside
    /// 1-65535 (`:99999`), given here or read from the environment (unless
    /// `NO_PROXY` exempts the base URL), with [`Error::Config`].
    ///
    /// A SOCKS5 proxy's user name and password are sent only when it asks
    /// for them, in 1 to 255 bytes each (RFC 1929): a longer one, or an
    /// empty password, fails the call with [`Error::Config`] naming the
    /// proxy (never the credentials), not retried. It is not refused here,
    /// as a proxy that takes no authentication never asks.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Url(url.into());
        self
    }

    /// Uses no proxy, whatever the environment says. Defaults to the
    /// environment's proxy, if any.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::None;
        self
    }

    /// The `User-Agent` header. Defaults to `openrouter-responses/<version>`;
    /// empty sends none. One that cannot be sent (a control character, a
    /// line break) makes [`build`](Self::build) fail with [`Error::Config`].
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A function told of each retry before the client waits for it: the
    /// request, the error of the attempt that failed, which retry it is, and
    /// the wait. For a log line or a progress message (the crate logs nothing
    /// itself); it runs on the calling thread, so it should return
    /// quickly. Not called for the attempt whose error is returned, nor for
    /// a retry not made (out of retries, past the
    /// [`total_timeout`](Self::total_timeout), or a `Retry-After` longer
    /// than the backoff cap). A [`Client::shutdown`] during the wait, or a
    /// stop of the call's [`StopHandle`], ends the call: the retry it was
    /// told of is then not made. Defaults to none.
    ///
    /// ```
    /// use openrouter_responses::Client;
    /// let client = Client::builder()
    ///     .api_key("sk-or-...")
    ///     .on_retry(|retry| {
    ///         let model = retry.request.model().unwrap_or("default model");
    ///         eprintln!("{model}: retry {} in {:?}: {}", retry.retry, retry.wait, retry.error);
    ///     })
    ///     .build()?;
    /// # Ok::<(), openrouter_responses::Error>(())
    /// ```
    pub fn on_retry(mut self, hook: impl Fn(&Retry<'_>) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(Arc::new(hook));
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a base URL that is not an absolute `http` or
    /// `https` URL (or has a query, a fragment, or a port outside 1-65535), a
    /// proxy URL that cannot be read or has a port outside 1-65535 (given
    /// here, or read from the environment), or a key or header value that cannot be
    /// sent in an HTTP header (see [`header`](Self::header)), or a zero
    /// timeout. Built
    /// without a TLS feature, also for an
    /// `https` base URL, or an `https` proxy (given here, or read from the
    /// environment and not exempted by `NO_PROXY`), which could only be
    /// spoken to in plain text.
    pub fn build(self) -> Result<Client> {
        let base_url = validate_base_url(&self.base_url)?;
        check_timeouts(&[
            ("connect_timeout", Some(self.connect_timeout)),
            ("response_timeout", Some(self.response_timeout)),
            ("read_timeout", Some(self.read_timeout)),
            ("total_timeout", self.total_timeout),
        ])?;
        let authorization = match &self.api_key {
            Some(key) => {
                let key = key.trim();
                // A common mistake, which the check below would call a
                // character a header cannot carry (the space).
                let scheme = key.split_once(char::is_whitespace).map(|(s, _)| s);
                if scheme.is_some_and(|s| s.eq_ignore_ascii_case("bearer")) {
                    return Err(Error::config(
                        "the api key starts with `Bearer `: give the key alone, the client adds the prefix",
                    ));
                }
                if key.is_empty() || !key.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(Error::config(
                        "the api key is empty or has characters an http header cannot carry",
                    ));
                }
                Some(format!("Bearer {key}"))
            }
            None => None,
        };
        let mut headers = Vec::new();
        if let Some(url) = &self.app_url {
            headers.push(("HTTP-Referer".to_string(), url.clone()));
        }
        if let Some(title) = &self.app_title {
            headers.push(("X-OpenRouter-Title".to_string(), title.clone()));
            headers.push(("X-Title".to_string(), title.clone()));
        }
        if !self.app_categories.is_empty() {
            headers.push((
                "X-OpenRouter-Categories".to_string(),
                self.app_categories.join(","),
            ));
        }
        if let Some(enabled) = self.openrouter_metadata {
            headers.push((
                METADATA_HEADER.to_string(),
                metadata_level(enabled).to_string(),
            ));
        }
        // A later header of a name replaces an earlier one (`header` after
        // `app_title`, or `header` twice): one value a name, as the
        // reference SDK's header maps have.
        for (name, value) in &self.headers {
            headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
            headers.push((name.clone(), value.clone()));
        }
        for (name, value) in &headers {
            check_header(name, value)?;
        }
        // The HTTP layer panics at the first call on a user agent it cannot
        // send (a line break, say).
        check_header("User-Agent", &self.user_agent)?;
        let (agent, proxy_error) = agent_for(&self);
        if let Some(e) = proxy_error {
            return Err(e);
        }
        if let Some(proxy) = agent.config().proxy() {
            check_proxy_port(proxy, &base_url)?;
        }
        // Built without TLS, ureq would speak plain text to an https proxy:
        // its password, and inside the tunnel the request with the key, would
        // cross the wire unencrypted. Refused, as an https base URL is, when
        // it would carry the calls (`NO_PROXY` may exempt the base URL).
        #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
        if let Some(proxy) = agent.config().proxy() {
            let used =
                (base_url.parse::<ureq::http::Uri>()).map_or(true, |u| !proxy.is_no_proxy(&u));
            if used && proxy.protocol() == ureq::ProxyProtocol::Https {
                return Err(Error::config(
                    "an https proxy needs the `rustls` (default) or `native-tls` feature",
                ));
            }
        }
        let route = route_of(&agent, &base_url);
        let key = self.api_key.as_deref().map(str::trim);
        let mut passwords = proxy_credentials(&agent);
        passwords.extend(base_url_credentials(&base_url));
        let secrets = Secrets::new(
            (key.into_iter())
                .chain(secret_values(&headers))
                .chain(passwords.iter().map(String::as_str)),
        );
        Ok(Client {
            inner: Arc::new(Inner {
                agent,
                endpoint: format!("{base_url}/responses"),
                base_url,
                parsed_headers: parse_headers(authorization.as_deref(), &headers),
                authorization,
                headers,
                max_retries: self.max_retries,
                backoff: self.backoff,
                max_body_size: self.max_body_size,
                max_event_size: self.max_event_size,
                total_timeout: self.total_timeout,
                timeouts: [
                    self.connect_timeout,
                    self.response_timeout,
                    self.read_timeout,
                ],
                shut_down: Stop::default(),
                calls: Calls::default(),
                spare: Mutex::default(),
                max_spare: self.max_idle_connections,
                drains: Arc::default(),
                on_retry: self.on_retry,
                route,
                deferred_error: None,
                secrets,
            }),
        })
    }
}

/// How the calls of `agent` to `base_url` reach the server: through its
/// proxy, unless `NO_PROXY` exempts the base URL's host.
fn route_of(agent: &ureq::Agent, base_url: &str) -> Route {
    match agent.config().proxy() {
        Some(proxy)
            if (base_url.parse::<ureq::http::Uri>()).map_or(true, |u| !proxy.is_no_proxy(&u)) =>
        {
            use ureq::ProxyProtocol as P;
            Route::Proxy {
                resolves_target: proxy.resolve_target(),
                socks: matches!(
                    proxy.protocol(),
                    P::Socks4 | P::Socks4A | P::Socks5 | P::Socks5h
                ),
                // The user information is no part of it (an IPv6 host
                // comes bracketed, as in the URL).
                address: format!("{}:{}", proxy.host(), proxy.port()).into(),
            }
        }
        _ => Route::Direct,
    }
}

/// The password of the proxy of `agent` (given to the builder, or read from
/// the environment), as it goes to the proxy: as it is (SOCKS5), and in
/// the base64 of `user:password` (an HTTP proxy's `Proxy-Authorization:
/// Basic`). A proxy that answers the request sent through it may echo
/// them. Without a password, its user name (see [`basic_credentials`]).
fn proxy_credentials(agent: &ureq::Agent) -> Vec<String> {
    let Some(proxy) = agent.config().proxy() else {
        return Vec::new();
    };
    basic_credentials(proxy.username().unwrap_or_default(), proxy.password())
}

/// The password of a base URL with user information
/// (`http://user:password@host/api/v1`), as the HTTP layer sends it without
/// an API key: in the base64 of `user:password`, as written in the URL
/// (`Authorization: Basic`), and as it is. A server may echo them.
fn base_url_credentials(base_url: &str) -> Vec<String> {
    let authority = base_url.split_once("://").map_or("", |(_, rest)| rest);
    let authority = authority.split('/').next().unwrap_or_default();
    let Some((userinfo, _)) = authority.rsplit_once('@') else {
        return Vec::new();
    };
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    basic_credentials(user, Some(password))
}

/// `password` and the base64 of `user:password` (HTTP basic
/// authentication). Without a password the user name is the credential
/// (a token given as `https://token@host`): it and the base64 of `user:`.
fn basic_credentials(user: &str, password: Option<&str>) -> Vec<String> {
    let password = password.unwrap_or_default();
    let secret = if password.trim().is_empty() {
        user
    } else {
        password
    };
    if secret.trim().is_empty() {
        return Vec::new();
    }
    let basic = crate::base64::encode(format!("{user}:{password}").as_bytes());
    vec![secret.to_string(), basic]
}

/// App categories as sent: each trimmed, the blank ones dropped (an
/// `OPENROUTER_APP_CATEGORIES` of `a,,b` or `a, ` names `a` and `b`, or `a`).
fn categories_of<I, S>(categories: I) -> Vec<String>
where
    I: IntoIterator<Item = S>,
    S: Into<String>,
{
    (categories.into_iter())
        .map(Into::into)
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Refuses a zero timeout: the HTTP layer would fail every call at once
/// with it (as `std`'s `set_read_timeout(Some(ZERO))` is refused).
fn check_timeouts(timeouts: &[(&str, Option<Duration>)]) -> Result<()> {
    match timeouts.iter().find(|(_, t)| *t == Some(Duration::ZERO)) {
        Some((name, _)) => Err(Error::config(format!(
            "{name} is zero, which would fail every call at once; Duration::MAX sets none"
        ))),
        None => Ok(()),
    }
}

/// A timeout as ureq takes it: `None`, no limit, for one too long to be
/// added to a point in time (`Duration::MAX`), which would panic in ureq's
/// clock. A year of margin covers the time between now and when ureq adds it.
fn finite(timeout: Duration) -> Option<Duration> {
    const MARGIN: Duration = Duration::from_secs(366 * 24 * 3600);
    let latest = timeout.checked_add(MARGIN)?;
    Instant::now().checked_add(latest).map(|_| timeout)
}

/// Builds the ureq agent; a proxy URL that cannot be read is returned as an error.
fn agent_for(b: &ClientBuilder) -> (ureq::Agent, Option<Error>) {
    let (proxy, error) = match &b.proxy {
        ProxySetting::FromEnv => (ureq::Proxy::try_from_env(), None),
        ProxySetting::None => (None, None),
        ProxySetting::Url(url) => match ureq::Proxy::new(url) {
            Ok(p) => (Some(p), None),
            Err(_) => (None, Some(Error::config("the proxy url cannot be read"))),
        },
    };
    let config = ureq::Agent::config_builder()
        // 4xx and 5xx bodies carry the server's error: read them ourselves.
        .http_status_as_error(false)
        // A redirect is returned as it is, never followed: the Authorization
        // header is never sent to another host, and a POST body is never lost.
        .max_redirects(0)
        .max_redirects_will_error(false)
        .proxy(proxy)
        .user_agent(b.user_agent.as_str())
        // Every call goes to one host (the base URL's, or the proxy's):
        // the idle connections kept are all for it, not the HTTP layer's
        // default of 3 a host, which made a fourth call at once connect
        // anew each time.
        .max_idle_connections(b.max_idle_connections)
        .max_idle_connections_per_host(b.max_idle_connections)
        .timeout_global(None)
        // No deadline for the host-name lookup: ureq looks the host up for
        // every request, and runs a lookup with a deadline on a thread of
        // its own (one thread per call, which cost more than a loopback call
        // itself). The system resolver's own timeouts bound it.
        .timeout_resolve(None)
        .timeout_connect(finite(b.connect_timeout))
        .timeout_recv_response(finite(b.response_timeout))
        // ureq applies the per-read timeout to every read, the wait for the
        // response headers included. (Lifting it there alone takes ureq's
        // unversioned transport API, which may change in a minor release.)
        .timeout_per_read(finite(b.read_timeout))
        // The same idle limit for every write: without it, a server that
        // stops reading a request larger than the socket buffers holds the
        // call forever (ureq sets no send timeout by default).
        .timeout_per_write(finite(b.read_timeout));
    // With the `native-tls` feature the platform's TLS is used, even when the
    // default `rustls` feature is on as well: asking for it is explicit. It
    // trusts the platform's roots (ureq's default would be its bundled
    // Mozilla roots, for either provider).
    #[cfg(feature = "native-tls")]
    let config = config.tls_config(
        ureq::tls::TlsConfig::builder()
            .provider(ureq::tls::TlsProvider::NativeTls)
            .root_certs(ureq::tls::RootCerts::PlatformVerifier)
            .build(),
    );
    let config = config.build();
    (config.new_agent(), error)
}

fn validate_base_url(url: &str) -> Result<String> {
    let trimmed = url.trim().trim_end_matches('/');
    // Says what is wrong with it, the URL's user information hidden.
    let bad = |what: &str| {
        Error::config(format!(
            "the base url {:?} {what}",
            mask_userinfo(url.trim())
        ))
    };
    let not_http = "is not an absolute http or https url";
    let uri: ureq::http::Uri = trimmed.parse().map_err(|_| bad(not_http))?;
    match uri.scheme_str() {
        Some("http" | "https") => {}
        _ => return Err(bad(not_http)),
    }
    // Built without TLS, every https call would fail at the handshake with
    // a message about TLS: said at once instead.
    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    if uri.scheme_str() == Some("https") {
        return Err(Error::config(
            "an https base url needs the `rustls` (default) or `native-tls` feature",
        ));
    }
    if uri.host().is_none_or(str::is_empty) {
        return Err(bad("has no host"));
    }
    if uri.query().is_some() || trimmed.contains('#') {
        return Err(bad("has a query or a fragment"));
    }
    // The URI parser takes any digits after the colon, and reads a port it
    // cannot hold as no port at all. An empty port is the scheme's default.
    let authority = uri.authority().map_or("", |a| a.as_str());
    if let Some(port) = port_text(authority).filter(|p| !p.is_empty()) {
        if !is_port(port) {
            return Err(bad("has a port outside 1-65535"));
        }
    }
    Ok(trimmed.to_string())
}

/// Refuses a proxy whose URL has a port outside 1-65535, which carries the
/// calls to `base_url` (a proxy from the environment may be exempted by
/// `NO_PROXY`). The URI parser takes any digits after the colon, and ureq
/// reads a port it cannot hold as the scheme's default: `:99999` went to
/// port 80 (1080 for SOCKS) of the proxy's host.
fn check_proxy_port(proxy: &ureq::Proxy, base_url: &str) -> Result<()> {
    let authority = proxy.uri().authority().map_or("", |a| a.as_str());
    let Some(port) = port_text(authority).filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    if is_port(port) {
        return Ok(());
    }
    let used = (base_url.parse::<ureq::http::Uri>()).map_or(true, |u| !proxy.is_no_proxy(&u));
    if !used {
        return Ok(());
    }
    Err(Error::config(format!(
        "the proxy url{} has a port outside 1-65535",
        if proxy.is_from_env() {
            " read from the environment"
        } else {
            ""
        }
    )))
}

/// Whether a URL's port text is a port: digits, 1 to 65535.
fn is_port(port: &str) -> bool {
    port.bytes().all(|b| b.is_ascii_digit()) && port.parse::<u16>().is_ok_and(|p| p != 0)
}

/// The port written in a URL's authority (`user:pass@host:port`), if any.
fn port_text(authority: &str) -> Option<&str> {
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, hp)| hp);
    // An IPv6 literal is bracketed, and its colons are not the port's.
    let after_host = host_port
        .rfind(']')
        .map_or(host_port, |i| &host_port[i + 1..]);
    after_host.rsplit_once(':').map(|(_, port)| port)
}

/// `text` with the user information of each URL in it (`user:password@`)
/// shown as `***@`, for `Debug` output and error messages.
///
/// A URL's authority is taken to run from its `://` to the next `/`, `\`,
/// quote or white space, and everything in it before its last `@` is hidden:
/// a stray `#` or `?` in a password does not end it early, so nothing of the
/// password is shown; at worst more than the user information is hidden.
pub(crate) fn mask_userinfo(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('@') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("://") {
        let (head, tail) = rest.split_at(i + 3);
        out.push_str(head);
        let end = tail
            .find(|c: char| matches!(c, '/' | '\\' | '"' | '\'') || c.is_whitespace())
            .unwrap_or(tail.len());
        match tail[..end].rfind('@') {
            Some(at) => {
                out.push_str("***");
                out.push_str(&tail[at..end]);
            }
            None => out.push_str(&tail[..end]),
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The header that asks for [`Response::openrouter_metadata`](crate::Response::openrouter_metadata).
const METADATA_HEADER: &str = "X-OpenRouter-Metadata";

/// The wire value of the metadata switch (the spec's `MetadataLevel`).
fn metadata_level(enabled: bool) -> &'static str {
    if enabled {
        "enabled"
    } else {
        "disabled"
    }
}

fn is_header_value(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b'\t' || (b >= 0x20 && b != 0x7f))
}

/// Refuses a header that cannot be sent, as [`Error::Config`] naming it
/// (never its value): a name that is no HTTP token, a value with a control
/// character (a line break, say), and an `Authorization` or `Host` value
/// with any byte but visible ASCII, space and tab, which the HTTP layer
/// refuses to send (other values may carry UTF-8 text, sent as its bytes);
/// and `Content-Length` or `Transfer-Encoding`, which frame the body the
/// client sends.
fn check_header(name: &str, value: &str) -> Result<()> {
    // The body's framing is the client's: a length of another size, or
    // chunks announced, would leave the server reading the body wrongly
    // (or waiting for more, past every timeout).
    if ["Content-Length", "Transfer-Encoding"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name))
    {
        return Err(Error::config(format!(
            "the header {name:?} is the client's own (it frames the body)"
        )));
    }
    let ascii_only = ["Authorization", "Host"]
        .iter()
        .any(|n| n.eq_ignore_ascii_case(name));
    let valid = is_header_name(name) && is_header_value(value) && (!ascii_only || value.is_ascii());
    if valid {
        Ok(())
    } else {
        Err(Error::config(format!("the header {name:?} cannot be sent")))
    }
}

/// Options for one call, overriding the client's settings (the reference SDK's
/// request options).
///
/// ```no_run
/// use std::time::Duration;
/// use openrouter_responses::{Client, Request, RequestOptions};
/// let client = Client::from_env()?;
/// let request = Request::builder().model("openai/gpt-4o-mini").input("Hi").build();
/// let options = RequestOptions::new()
///     .openrouter_metadata(true)
///     .header("X-Session-Id", "session-9")
///     .response_timeout(Duration::from_secs(20))
///     .max_retries(0);
/// let response = client.send_with(&request, &options)?;
/// # let _ = response;
/// # Ok::<(), openrouter_responses::Error>(())
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct RequestOptions {
    headers: Vec<(String, String)>,
    response_timeout: Option<Duration>,
    read_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_body_size: Option<u64>,
    max_event_size: Option<usize>,
    on_retry: Option<RetryHook>,
    stop: Option<StopHandle>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestOptions")
            .field("headers", &Redacted(&self.headers))
            .field("response_timeout", &self.response_timeout)
            .field("read_timeout", &self.read_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("max_retries", &self.max_retries)
            .field("max_body_size", &self.max_body_size)
            .field("max_event_size", &self.max_event_size)
            .field("on_retry", &self.on_retry.as_ref().map(|_| "Fn"))
            .field("stop_handle", &self.stop)
            .finish()
    }
}

impl RequestOptions {
    /// Options that change nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// A header for this call. It replaces a client header of the same name
    /// (compared case-insensitively), including `Authorization`, and an
    /// earlier value of this call's (one a typed setter such as
    /// [`app_url`](Self::app_url) set included): one value a name. An empty
    /// value sends no such header for this call, the client's included. A
    /// name or value that cannot be sent (a name that is no HTTP token, a
    /// value with a control character such as a line break, an
    /// `Authorization` or `Host` value with a byte other than visible
    /// ASCII, space and tab, a `Content-Length` or `Transfer-Encoding`,
    /// which the client sets for its body) fails the call before anything
    /// is sent, with
    /// [`Error::Config`] naming the header, never its value; it is not
    /// retried.
    pub fn header(self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.set_header(&name, value.into())
    }

    /// Sets a header of this call in place of any earlier value of it, so
    /// that a typed setter called twice sends its last value only.
    fn set_header(mut self, name: &str, value: String) -> Self {
        self.headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
        self.headers.push((name.to_string(), value));
        self
    }

    /// The app's URL for this call, sent as `HTTP-Referer` in place of
    /// the client's [`app_url`](ClientBuilder::app_url) (the reference SDK's
    /// per-call `httpReferer`).
    pub fn app_url(self, url: impl Into<String>) -> Self {
        self.set_header("HTTP-Referer", url.into())
    }

    /// The app's display name for this call, sent as `X-OpenRouter-Title`
    /// and `X-Title` in place of the client's
    /// [`app_title`](ClientBuilder::app_title) (the SDK's `appTitle`).
    pub fn app_title(self, title: impl Into<String>) -> Self {
        let title = title.into();
        self.set_header("X-OpenRouter-Title", title.clone())
            .set_header("X-Title", title)
    }

    /// The app's categories for this call, sent comma-separated as
    /// `X-OpenRouter-Categories` in place of the client's
    /// [`app_categories`](ClientBuilder::app_categories) (the SDK's
    /// `appCategories`), each trimmed, blank ones dropped. No categories
    /// send none, not even the client's.
    pub fn app_categories<I, S>(self, categories: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.set_header(
            "X-OpenRouter-Categories",
            categories_of(categories).join(","),
        )
    }

    /// Whether this call's answer carries OpenRouter's routing metadata, in
    /// place of the client's
    /// [`openrouter_metadata`](ClientBuilder::openrouter_metadata) (the SDK's
    /// `xOpenRouterMetadata`): `X-OpenRouter-Metadata: enabled` or
    /// `disabled`.
    pub fn openrouter_metadata(self, enabled: bool) -> Self {
        self.set_header(METADATA_HEADER, metadata_level(enabled).to_string())
    }

    /// The response-header timeout for this call (see
    /// [`ClientBuilder::response_timeout`]): the wait for the headers, in
    /// all; the idle read timeout bounds a silent wait too. It replaces the
    /// client's; [`Duration::MAX`] sets none, lifting the client's. Zero
    /// fails the call with [`Error::Config`] before anything is sent.
    pub fn response_timeout(mut self, timeout: Duration) -> Self {
        self.response_timeout = Some(timeout);
        self
    }

    /// The idle read timeout for this call (see [`ClientBuilder::read_timeout`]),
    /// in place of the client's; [`Duration::MAX`] sets none, lifting the
    /// client's. Zero fails the call with [`Error::Config`] before anything
    /// is sent.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = Some(timeout);
        self
    }

    /// The deadline of this call as a whole (see
    /// [`ClientBuilder::total_timeout`]): every attempt, the waits between
    /// them, and the body or the whole stream. It replaces the client's; a
    /// duration too long to be a deadline (`Duration::MAX`) sets none,
    /// lifting the client's for this call. Zero is a deadline already
    /// passed: the call fails with [`TimeoutKind::Total`] before anything is
    /// sent.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// The number of retries for this call (see [`ClientBuilder::max_retries`]).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// The largest response body read whole for this call, in place of the
    /// client's ([`ClientBuilder::max_body_size`]): a host that runs each
    /// caller's requests under its own limits.
    pub fn max_body_size(mut self, bytes: u64) -> Self {
        self.max_body_size = Some(bytes);
        self
    }

    /// The largest SSE line or event data read in this call's stream, in
    /// place of the client's ([`ClientBuilder::max_event_size`]).
    pub fn max_event_size(mut self, bytes: usize) -> Self {
        self.max_event_size = Some(bytes);
        self
    }

    /// The function told of each retry of this call, in place of the
    /// client's ([`ClientBuilder::on_retry`]): for a log line that names the
    /// call (a request id, a user).
    ///
    /// ```
    /// use openrouter_responses::RequestOptions;
    /// let job = "job-17";
    /// let options = RequestOptions::new().on_retry(move |retry| {
    ///     eprintln!("{job}: retry {} in {:?}", retry.retry, retry.wait);
    /// });
    /// # let _ = options;
    /// ```
    pub fn on_retry(mut self, hook: impl Fn(&Retry<'_>) + Send + Sync + 'static) -> Self {
        self.on_retry = Some(Arc::new(hook));
        self
    }

    /// The [`StopHandle`] that can stop this call from another thread
    /// (`handle.stop()` stops it while it is in flight). The call then uses
    /// connections of its own, apart from the client's other calls (see
    /// [`StopHandle`]).
    pub fn stop_handle(mut self, handle: &StopHandle) -> Self {
        self.stop = Some(handle.clone());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_is_send_sync_clone() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Client>();
    }

    #[test]
    fn an_event_stream_is_told_by_its_content_type_in_any_case() {
        let told = |ct: &str| {
            is_event_stream(&HttpInfo::new(
                200,
                vec![("content-type".into(), ct.into())],
            ))
        };
        for yes in [
            "text/event-stream",
            "Text/Event-Stream; charset=utf-8",
            "  \tTEXT/EVENT-STREAM",
        ] {
            assert!(told(yes), "{yes:?}");
        }
        // Too short, another type, or cut inside a character at the
        // length of `text/event-stream`: no match and no panic.
        for no in [
            "",
            " ",
            "text/event",
            "application/json",
            "text/event-stre\u{20ac}",
            "\u{e9}".repeat(9).as_str(),
        ] {
            assert!(!told(no), "{no:?}");
        }
        assert!(!is_event_stream(&HttpInfo::new(200, Vec::new())));
    }

    #[test]
    fn a_proxy_is_named_by_host_and_port_without_its_credentials() {
        let named = |url: &str| {
            let (agent, _) = agent_for(&Client::builder().proxy(url));
            match route_of(&agent, DEFAULT_BASE_URL) {
                Route::Proxy { address, .. } => address.to_string(),
                Route::Direct => panic!("no proxy for {url}"),
            }
        };
        assert_eq!(
            named("http://user:secret@proxy.example:3128"),
            "proxy.example:3128"
        );
        assert_eq!(named("socks5://user:secret@[::1]:1080"), "[::1]:1080");
        assert_eq!(named("http://10.0.0.1:8080"), "10.0.0.1:8080");
        assert_eq!(named("http://[::1]:3128"), "[::1]:3128");
        assert_eq!(named("socks5h://[fe80::1]:1080"), "[fe80::1]:1080");
    }

    #[test]
    fn each_phase_gets_its_timeout_and_the_lookup_none() {
        let b = Client::builder()
            .connect_timeout(Duration::from_secs(7))
            .response_timeout(Duration::from_secs(11))
            .read_timeout(Duration::from_secs(3));
        let (agent, _) = agent_for(&b);
        let config = agent.config();
        let t = config.timeouts();
        // A deadline on the lookup would start a thread per request.
        assert_eq!(t.resolve, None);
        assert_eq!(t.connect, Some(Duration::from_secs(7)));
        assert_eq!(t.recv_response, Some(Duration::from_secs(11)));
        assert_eq!((t.global, t.per_call, t.recv_body), (None, None, None));
        assert_eq!(config.timeout_per_read(), Some(Duration::from_secs(3)));
        // The idle timeout bounds a stalled write too.
        assert_eq!(config.timeout_per_write(), Some(Duration::from_secs(3)));
    }

    /// The defaults the README's configuration table and the setters' docs
    /// quote.
    #[test]
    fn the_defaults_are_those_the_docs_quote() {
        let b = ClientBuilder::default();
        assert_eq!(b.api_key, None);
        assert_eq!(b.base_url, "https://openrouter.ai/api/v1");
        assert_eq!((&b.app_url, &b.app_title), (&None, &None));
        assert!(b.app_categories.is_empty() && b.headers.is_empty());
        assert_eq!(b.openrouter_metadata, None);
        assert_eq!(b.max_retries, 2);
        assert_eq!(b.backoff.initial, Duration::from_millis(500));
        assert_eq!(b.backoff.max, Duration::from_secs(60));
        assert_eq!(b.backoff.factor, 1.5);
        assert_eq!(b.connect_timeout, Duration::from_secs(30));
        assert_eq!(b.response_timeout, Duration::from_secs(600));
        assert_eq!(b.read_timeout, Duration::from_secs(300));
        assert_eq!(b.total_timeout, None);
        assert_eq!(b.max_body_size, 64 * 1024 * 1024);
        assert_eq!(b.max_event_size, 32 * 1024 * 1024);
        assert_eq!(b.max_idle_connections, 10);
        assert!(matches!(b.proxy, ProxySetting::FromEnv));
        assert_eq!(
            b.user_agent,
            format!("openrouter-responses/{}", env!("CARGO_PKG_VERSION"))
        );
        assert!(b.on_retry.is_none());
        // The public constants say the same.
        assert_eq!(DEFAULT_BASE_URL, b.base_url);
        assert_eq!(DEFAULT_MAX_RETRIES, b.max_retries);
        assert_eq!(DEFAULT_CONNECT_TIMEOUT, b.connect_timeout);
        assert_eq!(DEFAULT_RESPONSE_TIMEOUT, b.response_timeout);
        assert_eq!(DEFAULT_READ_TIMEOUT, b.read_timeout);
        assert_eq!(DEFAULT_MAX_BODY_SIZE, b.max_body_size);
        assert_eq!(crate::sse::DEFAULT_MAX_EVENT_SIZE, b.max_event_size);
        assert_eq!(MAX_ERROR_BODY, 1024 * 1024);
        // And the agent they make.
        let (agent, _) = agent_for(&b);
        let config = agent.config();
        assert_eq!(config.timeouts().connect, Some(Duration::from_secs(30)));
        assert_eq!(
            config.timeouts().recv_response,
            Some(Duration::from_secs(600))
        );
        assert_eq!(config.timeout_per_read(), Some(Duration::from_secs(300)));
        assert_eq!(config.timeouts().global, None);
        assert_eq!(config.max_redirects(), 0);
        assert_eq!(config.max_idle_connections(), 10);
        assert_eq!(config.max_idle_connections_per_host(), 10);
        // `RequestOptions::new()` changes nothing.
        let o = RequestOptions::new();
        assert!(o.headers.is_empty() && o.stop.is_none() && o.on_retry.is_none());
        assert_eq!((o.max_retries, o.total_timeout), (None, None));
        assert_eq!((o.response_timeout, o.read_timeout), (None, None));
        assert_eq!((o.max_body_size, o.max_event_size), (None, None));
    }

    /// Built without a TLS feature, an https base URL is refused at once
    /// (`.ci/run` runs this test with `--no-default-features`).
    #[test]
    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    fn without_tls_an_https_base_url_is_a_config_error() {
        let err = Client::builder()
            .api_key("k")
            .base_url("https://example.com/api/v1")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains("`rustls`"), "{err}");
        // `Client::new` uses the default https URL: every call says so.
        let request = crate::Request::builder().model("m").input("x").build();
        let err = Client::new("k").send(&request).unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        // Plain http still works.
        assert!(Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:1/api/v1")
            .build()
            .is_ok());
        // An https proxy is refused too (it would be spoken to in plain
        // text); an http one is not.
        let err = Client::builder()
            .base_url("http://127.0.0.1:1/api/v1")
            .proxy("https://user:secret@127.0.0.1:3128")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(!err.to_string().contains("secret"), "{err}");
        assert!(Client::builder()
            .base_url("http://127.0.0.1:1/api/v1")
            .proxy("http://127.0.0.1:3128")
            .build()
            .is_ok());
    }

    #[test]
    fn base_url_validation() {
        assert_eq!(
            validate_base_url("https://x.test/api/v1/").unwrap(),
            "https://x.test/api/v1"
        );
        for bad in [
            "",
            "openrouter.ai/api/v1",
            "ftp://x/api",
            "https://",
            "http://x/api?q=1",
            "http://x/#f",
            "http://127.0.0.1:99999/api/v1",
            "http://127.0.0.1:65536/api/v1",
            "http://127.0.0.1:0/api/v1",
            "http://127.0.0.1:+80/api/v1",
            "http://[::1]:70000/api/v1",
            "http://u:p@x.test:123456/api/v1",
        ] {
            assert!(
                matches!(validate_base_url(bad), Err(Error::Config(_))),
                "{bad:?}"
            );
        }
    }

    /// The message says what is wrong with the URL.
    #[test]
    fn a_bad_base_url_is_told_by_what_is_wrong() {
        let said = |url: &str| validate_base_url(url).unwrap_err().to_string();
        let cases = [
            ("ftp://x/api", "is not an absolute http or https url"),
            (
                "openrouter.ai/api/v1",
                "is not an absolute http or https url",
            ),
            ("", "is not an absolute http or https url"),
            ("http:///api", "is not an absolute http or https url"),
            ("https://", "is not an absolute http or https url"),
            ("http://:80/api", "has no host"),
            ("http://x/api?q=1", "has a query or a fragment"),
            ("http://x/api#top", "has a query or a fragment"),
            ("http://x.test:99999/api", "has a port outside 1-65535"),
            ("http://x.test:0/api", "has a port outside 1-65535"),
        ];
        for (url, what) in cases {
            assert_eq!(
                said(url),
                format!("invalid configuration: the base url {url:?} {what}")
            );
        }
        assert_eq!(
            said("http://me:pa55@x.test:0/api"),
            r#"invalid configuration: the base url "http://***@x.test:0/api" has a port outside 1-65535"#
        );
    }

    #[test]
    fn base_urls_with_ports() {
        for good in [
            "http://127.0.0.1:65535/api/v1",
            "http://127.0.0.1:1/api/v1",
            "http://[::1]:8080/api/v1",
            "http://[::1]/api/v1",
            "https://user:pa:ss@x.test:8443/api/v1",
            "https://x.test:/api/v1",
        ] {
            assert!(validate_base_url(good).is_ok(), "{good}");
        }
        assert_eq!(port_text("u:p@[::1]:80"), Some("80"));
        assert_eq!(port_text("[::1]"), None);
        assert_eq!(port_text("x.test"), None);
        assert_eq!(port_text("u:p@x.test"), None);
    }

    #[test]
    fn userinfo_is_masked() {
        assert_eq!(
            mask_userinfo("https://user:pa55word@host/api/v1"),
            "https://***@host/api/v1"
        );
        assert_eq!(mask_userinfo("https://host/api/v1"), "https://host/api/v1");
        assert_eq!(mask_userinfo("https://host/a@b"), "https://host/a@b");
        assert_eq!(mask_userinfo("http://u:p#w@host:1"), "http://***@host:1");
        assert_eq!(
            mask_userinfo("bad uri: \"http://a:b@x\" and http://c:d@y/z"),
            "bad uri: \"http://***@x\" and http://***@y/z"
        );
        assert_eq!(mask_userinfo("no url @ all"), "no url @ all");
    }

    #[test]
    fn bad_key_is_a_config_error_and_never_shown() {
        let err = Client::builder()
            .api_key("sk-or-secret\nx")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)));
        assert!(!err.to_string().contains("sk-or-secret"));
        let client = Client::new("sk-or-secret\nx");
        assert!(!format!("{client:?}").contains("sk-or-secret"));
        // Every call fails with the setup error, before anything is sent.
        for _ in 0..2 {
            let err = client.send(&Request::builder().build()).unwrap_err();
            assert!(matches!(&err, Error::Config(_)), "{err:?}");
            assert!(!err.to_string().contains("sk-or-secret"));
        }
    }

    #[test]
    fn builder_debug_hides_key() {
        let b = Client::builder().api_key("sk-or-hidden-123");
        let shown = format!("{b:?}");
        assert!(!shown.contains("sk-or-hidden-123") && shown.contains("***"));
    }

    #[test]
    fn debug_hides_credential_headers_and_proxy_passwords() {
        let b = Client::builder()
            .header("Authorization", "Bearer sk-or-in-header")
            .header("X-Api-Key", "sk-or-other")
            .header("X-Plain", "shown")
            .proxy("http://user:proxy-pass@127.0.0.1:3128");
        let shown = format!("{b:?}");
        for secret in ["sk-or-in-header", "sk-or-other", "proxy-pass"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("shown"), "{shown}");
        let o = RequestOptions::new()
            .header("authorization", "Bearer sk-or-per-call")
            .header("Cookie", "session=sk-or-cookie")
            .header("X-Plain", "shown");
        let shown = format!("{o:?}");
        assert!(!shown.contains("sk-or-per-call") && !shown.contains("sk-or-cookie"));
        assert!(shown.contains("shown"), "{shown}");
    }

    #[test]
    fn bad_header_rejected() {
        let err = Client::builder()
            .header("X-Ok", "bad\r\nvalue")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)));
        let err = Client::builder()
            .header("bad name", "v")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)));
    }
}
