//! Configuration from the environment. One test function, because the
//! environment is shared by every thread of this test binary.

mod common;

use common::{Reply, Server};
use openrouter_responses::{Client, Error, Request};

#[test]
fn from_env_reads_key_base_url_attribution_and_proxy() {
    let vars: Vec<&str> = common::CLIENT_ENV_VARS
        .into_iter()
        .chain(["NO_PROXY", "no_proxy"])
        .collect();
    for v in &vars {
        std::env::remove_var(v);
    }

    // No key: a configuration error that names the variable.
    match Client::from_env() {
        Err(Error::Config(e)) => assert_eq!(e.message(), "OPENROUTER_API_KEY is not set"),
        other => panic!("expected a config error, got {other:?}"),
    }
    // A blank key is said to be empty, not unset.
    std::env::set_var("OPENROUTER_API_KEY", "  ");
    match Client::from_env() {
        Err(Error::Config(e)) => assert_eq!(e.message(), "OPENROUTER_API_KEY is empty"),
        other => panic!("expected a config error, got {other:?}"),
    }
    // A value that is not Unicode is an error, not ignored: a base URL
    // ignored so would send the key to the default server.
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let bad = std::ffi::OsStr::from_bytes(b"http://127.0.0.1:1/\xff");
        std::env::set_var("OPENROUTER_API_KEY", "sk-or-env-key");
        std::env::set_var("OPENROUTER_BASE_URL", bad);
        match Client::from_env() {
            Err(Error::Config(e)) => {
                assert_eq!(e.message(), "OPENROUTER_BASE_URL is not valid unicode")
            }
            other => panic!("expected a config error, got {other:?}"),
        }
        std::env::set_var("OPENROUTER_API_KEY", bad);
        match Client::from_env() {
            Err(Error::Config(e)) => {
                assert_eq!(e.message(), "OPENROUTER_API_KEY is not valid unicode")
            }
            other => panic!("expected a config error, got {other:?}"),
        }
        std::env::remove_var("OPENROUTER_BASE_URL");
    }

    let server = Server::start(vec![Reply::completed("from env")]);
    std::env::set_var("OPENROUTER_API_KEY", "sk-or-env-key");
    std::env::set_var("OPENROUTER_BASE_URL", server.base_url());
    std::env::set_var("OPENROUTER_HTTP_REFERER", "https://env.example");
    std::env::set_var("OPENROUTER_APP_TITLE", "Env App");
    // Empty entries are dropped, not sent as `cli-agent,,programming-app,`.
    std::env::set_var("OPENROUTER_APP_CATEGORIES", "cli-agent,, programming-app, ");
    let client = Client::from_env().unwrap();
    assert_eq!(client.base_url(), server.base_url());
    let request = Request::builder().model("m").input("hi").build();
    assert_eq!(client.send(&request).unwrap().output_text(), "from env");
    let r = &server.requests()[0];
    assert_eq!(r.header("authorization"), Some("Bearer sk-or-env-key"));
    assert_eq!(r.header("http-referer"), Some("https://env.example"));
    assert_eq!(r.header("x-openrouter-title"), Some("Env App"));
    assert_eq!(
        r.header("x-openrouter-categories"),
        Some("cli-agent,programming-app")
    );

    // A bad base URL in the environment is a configuration error.
    std::env::set_var("OPENROUTER_BASE_URL", "not a url");
    assert!(matches!(Client::from_env(), Err(Error::Config(_))));
    std::env::remove_var("OPENROUTER_BASE_URL");

    // A proxy named by the environment carries the request.
    let proxy = Server::start(vec![Reply::completed("via env proxy")]);
    std::env::set_var("HTTP_PROXY", format!("http://{}", proxy.addr()));
    let client = Client::builder()
        .api_key("k")
        .base_url("http://api.example.invalid/api/v1")
        .build()
        .unwrap();
    assert_eq!(
        client.send(&request).unwrap().output_text(),
        "via env proxy"
    );
    let seen = proxy.requests();
    assert_eq!(seen[0].method, "CONNECT");
    assert_eq!(seen[1].path, "/api/v1/responses");
    // ... unless the caller opts out: then a loopback port nothing listens
    // on refuses it (no host-name lookup, which could leave the machine).
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed_url = format!("http://{}/api/v1", closed.local_addr().unwrap());
    drop(closed);
    let direct = Client::builder()
        .base_url(closed_url)
        .no_proxy()
        .max_retries(0)
        .connect_timeout(std::time::Duration::from_secs(2))
        .build()
        .unwrap();
    assert!(direct.send(&request).is_err());
    assert_eq!(proxy.request_count(), 2);

    // `ALL_PROXY` comes before `HTTPS_PROXY` and `HTTP_PROXY`; one that
    // cannot be read gives way to the next.
    let all = Server::start(vec![Reply::completed("via ALL_PROXY")]);
    std::env::set_var("ALL_PROXY", format!("http://{}", all.addr()));
    let via_env = || {
        Client::builder()
            .api_key("k")
            .base_url("http://api.example.invalid/api/v1")
            .build()
            .unwrap()
    };
    assert_eq!(
        via_env().send(&request).unwrap().output_text(),
        "via ALL_PROXY"
    );
    std::env::set_var("ALL_PROXY", "ftp://");
    let http = Server::start(vec![Reply::completed("via HTTP_PROXY")]);
    std::env::set_var("HTTP_PROXY", format!("http://{}", http.addr()));
    assert_eq!(
        via_env().send(&request).unwrap().output_text(),
        "via HTTP_PROXY"
    );

    // A proxy from the environment that answers with its own credentials
    // (the password, and `me:env-proxy-Pa55` in base64 as its
    // `Proxy-Authorization` carried them): an error shows neither.
    std::env::remove_var("ALL_PROXY");
    let page = "denied: Basic bWU6ZW52LXByb3h5LVBhNTU= (password env-proxy-Pa55)";
    let echo = Server::start(vec![Reply::text(502, "text/plain", page)]);
    std::env::set_var(
        "HTTP_PROXY",
        format!("http://me:env-proxy-Pa55@{}", echo.addr()),
    );
    let client = Client::builder()
        .api_key("k")
        .base_url("http://api.example.invalid/api/v1")
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.send(&request).unwrap_err();
    assert_eq!(
        err.to_string(),
        "api error 502: denied: Basic *** (password ***)"
    );
    let debug = format!("{err:?}");
    assert!(
        !debug.contains("env-proxy-Pa55") && !debug.contains("bWU6ZW52LXByb3h5LVBhNTU="),
        "{debug}"
    );

    // A port the URL cannot hold is refused, not sent to port 80 of the
    // proxy's host, unless `NO_PROXY` exempts the base URL.
    std::env::set_var("HTTP_PROXY", "http://127.0.0.1:99999");
    let err = Client::builder()
        .api_key("k")
        .base_url("http://api.example.invalid/api/v1")
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid configuration: the proxy url read from the environment has a port outside 1-65535"
    );
    std::env::set_var("NO_PROXY", "api.example.invalid");
    assert!(Client::builder()
        .api_key("k")
        .base_url("http://api.example.invalid/api/v1")
        .build()
        .is_ok());
    for v in &vars {
        std::env::remove_var(v);
    }
}
