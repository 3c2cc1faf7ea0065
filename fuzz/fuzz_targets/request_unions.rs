//! Any JSON read as each request union decoded on its own (`InputContent`,
//! `Tool`, `Plugin`, `TextFormat`, `StopCondition`, `AgentContent`,
//! `CustomToolFormat`, `NamespaceMember`): decoding never fails nor panics,
//! from text as from a value; what decodes writes back every non-null value
//! it read, and what it writes decodes to the same value, which writes the
//! same JSON.
#![no_main]

use std::fmt::Debug;

use libfuzzer_sys::fuzz_target;
use openrouter_responses::request::{
    AgentContent, CustomToolFormat, InputContent, NamespaceMember, Plugin, StopCondition,
    TextFormat, Tool,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

mod kept;
use kept::kept;

fuzz_target!(|input: &[u8]| {
    let Ok(value) = serde_json::from_slice::<Value>(input) else {
        return;
    };
    check::<InputContent>(input, &value);
    check::<Tool>(input, &value);
    check::<Plugin>(input, &value);
    check::<TextFormat>(input, &value);
    check::<StopCondition>(input, &value);
    check::<AgentContent>(input, &value);
    check::<CustomToolFormat>(input, &value);
    check::<NamespaceMember>(input, &value);
});

fn check<T: DeserializeOwned + Serialize + PartialEq + Debug>(text: &[u8], read: &Value) {
    let name = std::any::type_name::<T>();
    let decoded: T = match serde_json::from_value(read.clone()) {
        Ok(decoded) => decoded,
        Err(e) => panic!("{name} failed to decode: {e}: {read}"),
    };
    let from_text: T = serde_json::from_slice(text).expect("decodes from text too");
    assert_eq!(
        from_text, decoded,
        "{name}: text and value disagree: {read}"
    );
    let written = serde_json::to_value(&decoded).expect("a decoded union encodes");
    assert!(
        kept(read, &written),
        "{name} lost data: {read} -> {written}"
    );
    let again: T = match serde_json::from_value(written.clone()) {
        Ok(again) => again,
        Err(e) => panic!("{name}: what was written does not decode: {e}: {written}"),
    };
    assert_eq!(
        again, decoded,
        "{name}: the round trip changed the value: {read} -> {written}"
    );
    assert_eq!(
        serde_json::to_value(&again).expect("encodes again"),
        written,
        "{name}: the second encoding differs: {read}"
    );
}
