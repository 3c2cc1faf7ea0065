//! A minimal HTTP/1.1 loopback server: keep-alive, Content-Length request
//! bodies, one thread per connection, and a count of accepted connections.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// A parsed request head (and its body).
#[derive(Debug)]
pub struct Req {
    pub method: String,
    pub path: String,
    pub body: Vec<u8>,
}

/// What a handler does with one request: writes the whole answer to the
/// stream. Returning `false` closes the connection.
pub type Handler = dyn Fn(&Req, &mut TcpStream) -> io::Result<bool> + Send + Sync;

pub struct Server {
    pub addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

impl Server {
    pub fn start(handler: Arc<Handler>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let connections = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let (c, s) = (connections.clone(), stop.clone());
        thread::spawn(move || {
            for conn in listener.incoming() {
                if s.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                c.fetch_add(1, Ordering::SeqCst);
                let h = handler.clone();
                thread::spawn(move || {
                    let _ = serve(conn, &*h);
                });
            }
        });
        Server {
            addr,
            connections,
            stop,
        }
    }

    pub fn base_url(&self) -> String {
        format!("http://{}/api/v1", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(100));
    }
}

fn serve(conn: TcpStream, handler: &Handler) -> io::Result<()> {
    conn.set_nodelay(true)?;
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut writer = conn;
    loop {
        let Some(req) = read_request(&mut reader)? else {
            return Ok(());
        };
        if !handler(&req, &mut writer)? {
            return Ok(());
        }
    }
}

/// Reads one request; `None` when the peer closed between requests.
pub fn read_request(reader: &mut impl BufRead) -> io::Result<Option<Req>> {
    let mut line = String::new();
    if reader.read_line(&mut line)? == 0 {
        return Ok(None);
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let mut length = 0usize;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some((k, v)) = l.split_once(':') {
            if k.eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Some(Req { method, path, body }))
}

/// Writes a complete JSON answer with a Content-Length (connection kept).
pub fn write_json(w: &mut impl Write, body: &[u8]) -> io::Result<()> {
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-Generation-Id: gen-bench\r\n\r\n",
        body.len()
    );
    let mut all = Vec::with_capacity(head.len() + body.len());
    all.extend_from_slice(head.as_bytes());
    all.extend_from_slice(body);
    w.write_all(&all)?;
    w.flush()
}

/// The head of a chunked `text/event-stream` answer.
pub const SSE_HEAD: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n";

/// One chunk of a chunked body, in a single write.
pub fn write_chunk(w: &mut impl Write, data: &[u8]) -> io::Result<()> {
    let mut all = Vec::with_capacity(data.len() + 16);
    all.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
    all.extend_from_slice(data);
    all.extend_from_slice(b"\r\n");
    w.write_all(&all)?;
    w.flush()
}

/// The last chunk.
pub fn write_last_chunk(w: &mut impl Write) -> io::Result<()> {
    w.write_all(b"0\r\n\r\n")?;
    w.flush()
}
