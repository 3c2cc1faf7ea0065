//! STUB
/// Client.
#[derive(Clone, Debug)]
pub struct Client;
/// Builder.
#[derive(Clone, Debug)]
pub struct ClientBuilder;
/// Options.
#[derive(Clone, Debug)]
pub struct RequestOptions;
