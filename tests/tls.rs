//! Connection set-up against loopback servers: a TLS server whose certificate
//! is not trusted must be refused before any request byte is sent, and a
//! connect that never completes must hit the connect timeout.

use std::io;
use std::net::{Ipv4Addr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use openrouter_responses::{Client, Error, Request, TimeoutKind};

/// A recognisable key: no error text may contain it, or its tail.
const KEY: &str = "sk-or-v1-tlskey-SECRET-4b81d07c2e";
const KEY_TAIL: &str = "SECRET-4b81d07c2e";

fn request() -> Request {
    Request::builder()
        .model("openai/gpt-4o-mini")
        .input("Hello")
        .build()
}

/// Needs a TLS backend: without one the client cannot speak https at all.
#[cfg(any(feature = "rustls", feature = "native-tls"))]
mod untrusted {
    use std::io::{self, Read, Write};
    use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    use std::thread::{self, JoinHandle};
    use std::time::{Duration, Instant};

    use openrouter_responses::{Client, Error, TransportKind};
    use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
    use rustls::{AlertDescription, ClientConfig, ClientConnection, RootCertStore, ServerConfig};
    use rustls::{ServerConnection, StreamOwned};

    use super::{request, KEY, KEY_TAIL};

    fn provider() -> Arc<rustls::crypto::CryptoProvider> {
        Arc::new(rustls::crypto::ring::default_provider())
    }

    /// A self-signed certificate for `localhost` and 127.0.0.1, made now.
    fn self_signed() -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
        let made = rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()])
            .expect("certificate generation");
        let key = PrivatePkcs8KeyDer::from(made.signing_key.serialize_der());
        (made.cert.der().clone(), key.into())
    }

    /// What the server saw on one accepted connection.
    #[derive(Debug)]
    struct Seen {
        /// Whether the TLS handshake completed.
        handshake_done: bool,
        /// Application bytes decrypted from the client.
        plaintext: Vec<u8>,
        /// Bytes that arrived on the socket at all (TLS records included).
        raw_bytes: usize,
        /// How the connection ended, when it ended in an error.
        error: Option<String>,
        /// The alert the client sent, if any.
        alert: Option<AlertDescription>,
    }

    /// Counts what crosses the socket, so that a handshake that never happened
    /// (a connection closed at once) can be told apart from a refused one.
    struct Counting {
        inner: TcpStream,
        read: usize,
    }

    impl Read for Counting {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.read += n;
            Ok(n)
        }
    }

    impl Write for Counting {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.inner.write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            self.inner.flush()
        }
    }

    /// A TLS server on 127.0.0.1 port 0 that records every connection.
    struct TlsServer {
        addr: SocketAddr,
        cert: CertificateDer<'static>,
        stop: Arc<AtomicBool>,
        thread: Option<JoinHandle<Vec<Seen>>>,
    }

    impl TlsServer {
        fn start() -> TlsServer {
            let (cert, key) = self_signed();
            let config = ServerConfig::builder_with_provider(provider())
                .with_safe_default_protocol_versions()
                .expect("protocol versions")
                .with_no_client_auth()
                .with_single_cert(vec![cert.clone()], key)
                .expect("server certificate");
            let config = Arc::new(config);
            let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind");
            listener.set_nonblocking(true).expect("nonblocking");
            let addr = listener.local_addr().expect("local addr");
            let stop = Arc::new(AtomicBool::new(false));
            let flag = stop.clone();
            let deadline = Instant::now() + Duration::from_secs(20);
            let thread = thread::spawn(move || {
                let mut seen = Vec::new();
                loop {
                    match listener.accept() {
                        Ok((sock, _)) => seen.push(serve(sock, config.clone())),
                        // Every connection a client finished opening is queued
                        // before the client returns; once asked to stop, the
                        // queue is drained first, then the loop ends.
                        Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                            if flag.load(Ordering::SeqCst) || Instant::now() > deadline {
                                break;
                            }
                            thread::sleep(Duration::from_millis(5));
                        }
                        Err(e) => panic!("accept failed: {e}"),
                    }
                }
                seen
            });
            TlsServer {
                addr,
                cert,
                stop,
                thread: Some(thread),
            }
        }

        fn base_url(&self) -> String {
            format!("https://{}/api/v1", self.addr)
        }

        /// Stops accepting and returns what every connection saw.
        fn finish(mut self) -> Vec<Seen> {
            self.stop.store(true, Ordering::SeqCst);
            self.thread
                .take()
                .expect("not finished yet")
                .join()
                .expect("server thread")
        }
    }

    impl Drop for TlsServer {
        fn drop(&mut self) {
            self.stop.store(true, Ordering::SeqCst);
        }
    }

    fn serve(sock: TcpStream, config: Arc<ServerConfig>) -> Seen {
        sock.set_nonblocking(false).expect("blocking");
        sock.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("read timeout");
        sock.set_write_timeout(Some(Duration::from_secs(5)))
            .expect("write timeout");
        let conn = ServerConnection::new(config).expect("server connection");
        let mut tls = StreamOwned::new(
            conn,
            Counting {
                inner: sock,
                read: 0,
            },
        );
        let mut seen = Seen {
            handshake_done: false,
            plaintext: Vec::new(),
            raw_bytes: 0,
            error: None,
            alert: None,
        };
        let mut buf = [0u8; 4096];
        loop {
            let result = tls.read(&mut buf);
            seen.handshake_done |= !tls.conn.is_handshaking();
            match result {
                Ok(0) => break,
                Ok(n) => {
                    seen.plaintext.extend_from_slice(&buf[..n]);
                    // Enough to see the request line and headers; then answer
                    // and close, so a client that does get through is not stuck.
                    if seen.plaintext.windows(4).any(|w| w == b"\r\n\r\n") {
                        let _ = tls.write_all(
                            b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                        let _ = tls.flush();
                        break;
                    }
                }
                Err(e) => {
                    if let Some(rustls::Error::AlertReceived(alert)) =
                        e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>())
                    {
                        seen.alert = Some(*alert);
                    }
                    seen.error = Some(e.to_string());
                    break;
                }
            }
        }
        seen.raw_bytes = tls.sock.read;
        seen
    }

    /// Whether the error's causes include rustls refusing the server's
    /// certificate. The HTTP layer's error does not give out the I/O error it
    /// wraps as a source, so the debug text of each cause is read.
    #[cfg(not(feature = "native-tls"))]
    fn refused_certificate(err: &Error) -> bool {
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            if format!("{s:?}").contains("InvalidCertificate(") {
                return true;
            }
            source = s.source();
        }
        false
    }

    /// The server above does serve TLS, and does see a request sent through a
    /// client that trusts its certificate: the assertions of the next test rest
    /// on that.
    #[test]
    fn the_test_server_sees_requests_from_a_client_that_trusts_it() {
        let server = TlsServer::start();
        let mut roots = RootCertStore::empty();
        roots.add(server.cert.clone()).expect("root");
        let config = ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
        let name = ServerName::try_from("127.0.0.1").expect("server name");
        let conn = ClientConnection::new(Arc::new(config), name).expect("client connection");
        let sock = TcpStream::connect(server.addr).expect("connect");
        sock.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut tls = StreamOwned::new(conn, sock);
        let sent = format!(
            "POST /api/v1/responses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {KEY}\r\n\r\n"
        );
        tls.write_all(sent.as_bytes()).expect("write");
        let mut answer = Vec::new();
        let _ = tls.read_to_end(&mut answer);
        assert!(answer.starts_with(b"HTTP/1.1 500"), "{answer:?}");
        let seen = server.finish();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert!(seen[0].handshake_done, "{seen:?}");
        assert_eq!(seen[0].plaintext, sent.as_bytes());
    }

    #[test]
    fn an_untrusted_certificate_is_a_tls_error_sent_once_and_the_key_never_leaves() {
        let server = TlsServer::start();
        let client = Client::builder()
            .api_key(KEY)
            .base_url(server.base_url())
            .max_retries(2)
            .backoff(Duration::from_millis(1), Duration::from_millis(10))
            .connect_timeout(Duration::from_secs(5))
            .response_timeout(Duration::from_secs(5))
            .read_timeout(Duration::from_secs(5))
            .build()
            .expect("client builds");
        let started = Instant::now();
        let err = client.send(&request()).unwrap_err();
        let elapsed = started.elapsed();
        let seen = server.finish();

        match &err {
            Error::Transport(t) => assert_eq!(t.kind(), TransportKind::Tls, "{err:?}"),
            other => panic!("expected a transport error, got {other:?}"),
        }
        assert!(!err.is_retryable(), "{err:?}");
        #[cfg(not(feature = "native-tls"))]
        assert!(
            refused_certificate(&err),
            "the cause is the certificate: {err:?}"
        );
        assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");

        // One connection, on which a handshake began and never completed; no
        // second attempt. The client may or may not tell the server why with an
        // alert before it closes; when it does, the alert is about the
        // certificate.
        assert_eq!(seen.len(), 1, "one attempt, no retries: {seen:?}");
        let conn = &seen[0];
        assert!(conn.raw_bytes > 0, "the client began a handshake: {conn:?}");
        assert!(!conn.handshake_done, "{conn:?}");
        assert!(
            matches!(
                conn.alert,
                None | Some(AlertDescription::UnknownCA | AlertDescription::BadCertificate)
            ),
            "{conn:?}"
        );
        assert!(
            conn.plaintext.is_empty(),
            "no request byte reached the server: {conn:?}"
        );

        let mut texts = vec![err.to_string(), format!("{err:?}")];
        let mut source = std::error::Error::source(&err);
        while let Some(s) = source {
            texts.push(s.to_string());
            texts.push(format!("{s:?}"));
            source = s.source();
        }
        for text in &texts {
            assert!(
                !text.contains(KEY) && !text.contains(KEY_TAIL),
                "the key leaked: {text}"
            );
        }
    }

    /// With `native-tls` the platform's roots are trusted: a certificate in
    /// the file `SSL_CERT_FILE` names (which OpenSSL reads) is accepted. The
    /// client runs in a child process of this test binary given that
    /// variable (setting it here would race with the other tests' threads).
    #[cfg(feature = "native-tls")]
    #[test]
    fn native_tls_trusts_the_platform_roots() {
        let server = TlsServer::start();
        let dir = std::env::temp_dir().join(format!("tls-roots-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let file = dir.join("roots.pem");
        std::fs::write(&file, pem(&server.cert)).expect("roots file");
        let out = std::process::Command::new(std::env::current_exe().expect("test binary"))
            .args(["--exact", "untrusted::platform_roots_child", "--ignored"])
            .env("SSL_CERT_FILE", &file)
            .env("TLS_TEST_BASE_URL", server.base_url())
            .output()
            .expect("child runs");
        let _ = std::fs::remove_dir_all(&dir);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{text}");
        assert!(text.contains("1 passed"), "{text}");
        let seen = server.finish();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert!(seen[0].handshake_done, "{seen:?}");
    }

    /// Run by [`native_tls_trusts_the_platform_roots`] in a child process.
    #[cfg(feature = "native-tls")]
    #[test]
    #[ignore = "run in a child process by native_tls_trusts_the_platform_roots"]
    fn platform_roots_child() {
        let Ok(base_url) = std::env::var("TLS_TEST_BASE_URL") else {
            return;
        };
        let client = Client::builder()
            .api_key(KEY)
            .base_url(base_url)
            .no_proxy()
            .max_retries(0)
            .build()
            .expect("client builds");
        let err = client.send(&request()).unwrap_err();
        // Through the handshake: the test server answers 500 to anything.
        assert!(matches!(&err, Error::Api(e) if e.status == 500), "{err:?}");
    }

    /// A certificate in PEM.
    #[cfg(feature = "native-tls")]
    fn pem(der: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut text = String::new();
        for chunk in der.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    text.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
                } else {
                    text.push('=');
                }
            }
        }
        let lines: Vec<&str> = text
            .as_bytes()
            .chunks(64)
            .map(|l| std::str::from_utf8(l).unwrap_or_default())
            .collect();
        format!(
            "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
            lines.join("\n")
        )
    }
}

/// A listener with a backlog of one that never accepts, its queue filled by
/// held connections, so that the kernel drops any further SYN and a connect
/// to it hangs. Returns the listener and the held connections, to be kept
/// alive for the length of the test.
fn unanswered_listener() -> (socket2::Socket, Vec<TcpStream>, SocketAddr) {
    use socket2::{Domain, Socket, Type};
    let listener = Socket::new(Domain::IPV4, Type::STREAM, None).expect("socket");
    let bind: SocketAddr = (Ipv4Addr::LOCALHOST, 0).into();
    listener.bind(&bind.into()).expect("bind");
    listener.listen(1).expect("listen");
    let addr = listener
        .local_addr()
        .expect("local addr")
        .as_socket()
        .expect("inet address");
    let mut held = Vec::new();
    for _ in 0..16 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(s) => held.push(s),
            Err(e) if e.kind() == io::ErrorKind::TimedOut => return (listener, held, addr),
            Err(e) => panic!("filling the backlog failed: {e}"),
        }
    }
    panic!("the backlog never filled after {} connections", held.len());
}

#[test]
fn a_connect_that_never_completes_hits_the_connect_timeout() {
    let (_listener, _held, addr) = unanswered_listener();
    let client = Client::builder()
        .api_key(KEY)
        .base_url(format!("http://{addr}/api/v1"))
        .connect_timeout(Duration::from_millis(300))
        .response_timeout(Duration::from_secs(10))
        .read_timeout(Duration::from_secs(10))
        .max_retries(0)
        .build()
        .expect("client builds");
    let started = Instant::now();
    let err = client.send(&request()).unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(err, Error::Timeout(ref t) if t.kind() == TimeoutKind::Connect),
        "{err:?} after {elapsed:?}"
    );
    assert!(err.is_timeout() && err.is_retryable());
    assert!(
        elapsed >= Duration::from_millis(250) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    assert!(!err.to_string().contains(KEY_TAIL));
}
