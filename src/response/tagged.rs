//! Decoding of the unions tagged by a `type` member: output items and the
//! small unions inside them (content parts, annotations, reasoning parts,
//! tool-call details), each with an `Unknown(Value)` variant that keeps
//! whatever its typed variants do not fit.
//!
//! serde's derive for such an enum buffers every value into its internal
//! `Content`, tries the tagged variants on the buffer and then the catch-all,
//! which compiles each variant's decoder for the buffer as well. Here, while
//! a body is read directly (see [`direct`]), the `type` (the
//! first member, as the server writes it) picks the variant, which reads the
//! remaining members straight from the input; a variant that does not fit
//! fails the whole decode, which is then run again with every union read
//! into a [`Value`] first. From a `Value` the typed variant is tried on the
//! members written back out as text, by the same code, so that each variant
//! is compiled for one decoder only (what is nested in them is then read
//! through values as well). A variant's long text, or a list whose entries
//! decode by themselves, is taken out before the members are written (see
//! [`TypeTagged::held`]) and moved into the typed variant, or put back.

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, value::MapAccessDeserializer, Deserialize, Deserializer};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::request::{keeps, keeps_members};

thread_local! {
    /// Whether output items, and the unions tagged by `type` inside them, are
    /// being decoded directly (see [`direct`]).
    static DIRECT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `decode` with output items (and the tagged unions inside them)
/// decoded directly from the input, and, when that fails,
/// runs it again the usual way.
///
/// The usual way reads every item into a [`Value`] first, so that an item of
/// a known type with an unexpected shape can be kept whole in
/// `OutputItem::Unknown`. That costs a second pass over the item and a
/// copy of all its text. The direct way reads the `type` (the first member,
/// as the server sends it) and then the typed variant straight from the
/// input; an item that does not fit its variant fails the whole decode
/// instead, and the second run, through [`Value`]s, gives the same result
/// the usual way would have.
pub(crate) fn direct<T>(
    mut decode: impl FnMut() -> serde_json::Result<T>,
) -> serde_json::Result<T> {
    let mut on = true;
    loop {
        let result = {
            let _restore = Mode::set(on);
            decode()
        };
        match result {
            Err(_) if on => on = false,
            done => return done,
        }
    }
}

/// The mode [`direct`] sets for one run; dropping it restores the previous
/// mode, even on unwind. Kept apart from the generic [`direct`] so that the
/// thread-local access is compiled once.
struct Mode(bool);

impl Mode {
    /// Whether items and tagged unions are being decoded directly.
    fn get() -> bool {
        DIRECT.with(Cell::get)
    }

    /// Sets the mode until the returned guard is dropped.
    fn set(on: bool) -> Mode {
        Mode(DIRECT.with(|d| d.replace(on)))
    }
}

impl Drop for Mode {
    fn drop(&mut self) {
        DIRECT.with(|d| d.set(self.0));
    }
}

/// A union tagged by a `type` member, with a catch-all variant.
pub(crate) trait TypeTagged: Sized {
    /// What the union is, for error messages.
    const EXPECTING: &'static str;

    /// Whether `tag` names a typed variant.
    fn has_variant(tag: &str) -> bool;

    /// Decodes the members other than `type` as the variant `tag` names
    /// (one for which [`has_variant`](Self::has_variant) holds).
    fn variant<'de, D: Deserializer<'de>>(tag: &str, members: D) -> Result<Self, D::Error>;

    /// The member of the variant `tag` that is taken out of the members
    /// before they are read, a placeholder of its kind (an empty string or
    /// list) in its place, and moved into the typed variant by
    /// [`fill`](Self::fill) once the rest fits: a long text, or a list whose
    /// entries each decode by themselves. The placeholder fits where the
    /// member fits, so the variant is chosen as with the member in place.
    fn held(_tag: &str) -> Option<&'static str> {
        None
    }

    /// Moves `value`, taken out of the member [`held`](Self::held) names,
    /// into the variant read with the placeholder in its place.
    fn fill(&mut self, _value: Value) {}

    /// [`fill`](Self::fill) for [`from_value_kept`]: `false`, `value` left as
    /// it came, when what it holds would not be written back whole (a list
    /// whose entries are checked one by one). A string always is: the
    /// placeholder's check showed that the member is written as read.
    fn fill_kept(&mut self, value: &mut Value) -> bool {
        self.fill(std::mem::take(value));
        true
    }

    /// Whether [`untyped`](Self::untyped) keeps whatever it is given for
    /// `tag` (as [`unknown`](Self::unknown) does).
    fn untyped_keeps_all(_tag: &str) -> bool {
        true
    }

    /// An object whose `type` is `tag` but that no typed variant takes
    /// (`members` without the `type`).
    fn untyped(tag: String, members: Map<String, Value>) -> Self {
        Self::unknown(untag(tag, members))
    }

    /// A string in place of the object (only `ReasoningSummary` has a
    /// variant for it).
    fn plain(text: String) -> Self {
        Self::unknown(Value::String(text))
    }

    /// Keeps a value that no typed variant fits, as sent.
    fn unknown(value: Value) -> Self;
}

/// The body of each union's `Deserialize` impl.
pub(crate) fn deserialize<'de, T: TypeTagged, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    if Mode::get() {
        deserializer.deserialize_any(Direct(PhantomData))
    } else {
        Value::deserialize(deserializer).map(from_value)
    }
}

/// Decodes a union from JSON; never fails.
pub(crate) fn from_value<T: TypeTagged>(value: Value) -> T {
    let (tag, mut map) = match take_tag(value) {
        Ok(tagged) => tagged,
        Err(Value::String(text)) => return T::plain(text),
        Err(other) => return T::unknown(other),
    };
    if T::has_variant(&tag) {
        let held = T::held(&tag).and_then(|key| take_held(&mut map, key));
        if let Some(mut typed) = read_members(map.iter(), Members::<T>(&tag, PhantomData)) {
            if let Some((_, value)) = held {
                typed.fill(value);
            }
            return typed;
        }
        if let Some((key, value)) = held {
            if let Some(slot) = map.get_mut(key) {
                *slot = value;
            }
        }
    }
    T::untyped(tag, map)
}

/// What [`read_kept`] found.
pub(crate) enum Reading<T> {
    /// The typed variant, its [held](TypeTagged::held) member a placeholder,
    /// which writes back every member of the value read.
    Typed(T),
    /// No typed variant fits: [`from_value`] gives the untyped reading.
    Untyped,
    /// The typed variant fits but would not write back a member.
    Lossy,
}

/// [`from_value`] when what it reads writes back every member of `value`
/// (see [`keeps`](crate::request::keeps)); `Err(value)`, as it came, when
/// it would not.
///
/// Checked without copying the held member: the members are written and
/// compared with the held one's placeholder in its place (which shows that
/// the typed variant writes it as read), a held list's entries each checked
/// by themselves ([`TypeTagged::fill_kept`]).
pub(crate) fn from_value_kept<T: TypeTagged + Serialize>(mut value: Value) -> Result<T, Value> {
    let mut typed = match read_kept::<T>(&mut value) {
        Reading::Typed(typed) => typed,
        Reading::Lossy => return Err(value),
        Reading::Untyped if tag_of(&value).is_none_or(T::untyped_keeps_all) => {
            return Ok(from_value(value))
        }
        Reading::Untyped => return checked_by_text(value),
    };
    let held = match &mut value {
        Value::Object(map) => tag_of_map(map)
            .and_then(T::held)
            .and_then(|key| take_held(map, key)),
        _ => None,
    };
    let Some((key, mut taken)) = held else {
        return Ok(typed);
    };
    if typed.fill_kept(&mut taken) {
        return Ok(typed);
    }
    put_held(&mut value, key, taken);
    Err(value)
}

/// Reads `value` as its typed variant, the [held](TypeTagged::held) member
/// left out, and checks that the variant writes back every other member;
/// `value` is left as it came.
pub(crate) fn read_kept<T: TypeTagged + Serialize>(value: &mut Value) -> Reading<T> {
    let Value::Object(map) = value else {
        return Reading::Untyped;
    };
    let key = match tag_of_map(map) {
        Some(tag) if T::has_variant(tag) => T::held(tag),
        _ => return Reading::Untyped,
    };
    let held = key.and_then(|key| take_held(map, key));
    let reading = read_and_check(map);
    if let Some((key, taken)) = held {
        if let Some(slot) = map.get_mut(key) {
            *slot = taken;
        }
    }
    reading
}

/// [`read_kept`] on the members as they are (the held one a placeholder).
fn read_and_check<T: TypeTagged + Serialize>(map: &Map<String, Value>) -> Reading<T> {
    let Some(tag) = tag_of_map(map) else {
        return Reading::Untyped;
    };
    let members = map.iter().filter(|(key, _)| *key != "type");
    let Some(typed) = read_members(members, Members::<T>(tag, PhantomData)) else {
        return Reading::Untyped;
    };
    // Written as a body writes it, and read back, rather than through
    // `serde_json::to_value`: the code for both is compiled in already,
    // while writing every output item to a `Value` would add ~26 k lines
    // of LLVM IR to the library.
    let written: serde_json::Result<Value> =
        serde_json::to_string(&typed).and_then(|text| serde_json::from_str(&text));
    match written {
        Ok(Value::Object(written)) if keeps_members(map, &written, &[]) => Reading::Typed(typed),
        _ => Reading::Lossy,
    }
}

/// [`from_value_kept`] for an untyped reading that may leave a member out:
/// it is written out whole and read back.
#[cold]
fn checked_by_text<T: TypeTagged + Serialize>(value: Value) -> Result<T, Value> {
    let typed = from_value::<T>(value.clone());
    let written: serde_json::Result<Value> =
        serde_json::to_string(&typed).and_then(|text| serde_json::from_str(&text));
    match written {
        Ok(written) if keeps(&value, &written) => Ok(typed),
        _ => Err(value),
    }
}

/// The string `type` of an object.
fn tag_of(value: &Value) -> Option<&str> {
    match value {
        Value::Object(map) => tag_of_map(map),
        _ => None,
    }
}

/// The string `type` of an object's members.
fn tag_of_map(map: &Map<String, Value>) -> Option<&str> {
    map.get("type").and_then(Value::as_str)
}

/// Puts `taken` back into the member `key` of `value`.
fn put_held(value: &mut Value, key: &str, taken: Value) {
    if let Some(slot) = value.get_mut(key) {
        *slot = taken;
    }
}

/// Takes what [`read_kept`] left in `value` for its typed reading
/// (`Some`) and moves it in: the held member. `None`: [`from_value`].
pub(crate) fn finish_kept<T: TypeTagged>(typed: Option<T>, mut value: Value) -> T {
    let Some(mut typed) = typed else {
        return from_value(value);
    };
    if let Value::Object(map) = &mut value {
        if let Some((_, taken)) = tag_of_map(map)
            .and_then(T::held)
            .and_then(|key| take_held(map, key))
        {
            typed.fill(taken);
        }
    }
    typed
}

/// Takes a string or a list out of the member `key`, leaving an empty one
/// of the same kind in its place (see [`TypeTagged::held`]).
fn take_held(map: &mut Map<String, Value>, key: &'static str) -> Option<(&'static str, Value)> {
    let taken = match map.get_mut(key)? {
        Value::String(text) => Value::String(std::mem::take(text)),
        Value::Array(list) => Value::Array(std::mem::take(list)),
        _ => return None,
    };
    Some((key, taken))
}

/// Takes a string `type` out of an object; anything else comes back as it
/// was.
fn take_tag(value: Value) -> Result<(String, Map<String, Value>), Value> {
    let Value::Object(mut map) = value else {
        return Err(value);
    };
    match crate::members::take(&mut map, "type") {
        Some(Value::String(tag)) => Ok((tag, map)),
        Some(other) => {
            map.insert("type".into(), other);
            Err(Value::Object(map))
        }
        None => Err(Value::Object(map)),
    }
}

/// The object [`take_tag`] took `tag` out of.
pub(crate) fn untag(tag: String, mut map: Map<String, Value>) -> Value {
    map.insert("type".into(), Value::String(tag));
    Value::Object(map)
}

/// Reads `members` (an object's, without `type`) with `visitor`, from
/// their text: the code that reads a body's text straight through, so that
/// each variant is compiled for that one decoder. The items and unions
/// inside are read through values, as they would be inside a [`Value`]: one
/// that does not fit its variant is kept whole rather than failing the
/// whole object. `None` when the members do not fit.
fn read_members<'m, T, V>(
    members: impl Iterator<Item = (&'m String, &'m Value)>,
    visitor: V,
) -> Option<T>
where
    V: for<'de> de::Visitor<'de, Value = T>,
{
    // As `serde_json::to_string` starts.
    let mut text = Vec::with_capacity(128);
    serde::Serializer::collect_map(&mut serde_json::Serializer::new(&mut text), members).ok()?;
    // Read as a `str` (checked once here): serde_json reads a slice's
    // strings checking each one, which costs more.
    let text = String::from_utf8(text).ok()?;
    let mut reader = serde_json::Deserializer::from_str(&text);
    let _values = Mode::set(false);
    reader.deserialize_map(visitor).ok()
}

/// The members of an object read straight from the input after a `first`
/// one, into a map with that one: for an object whose first member does not
/// name a variant.
fn rest_of<'de, A: de::MapAccess<'de>>(
    first: (String, Value),
    mut map: A,
) -> Result<Map<String, Value>, A::Error> {
    let mut all = Map::new();
    all.insert(first.0, first.1);
    while let Some((key, value)) = map.next_entry::<String, Value>()? {
        all.insert(key, value);
    }
    Ok(all)
}

/// Reads an object's members as the variant its `type` (held here) names.
struct Members<'t, T>(&'t str, PhantomData<T>);

impl<'de, T: TypeTagged> de::Visitor<'de> for Members<'_, T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the members of {} `{}`", T::EXPECTING, self.0)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::variant(self.0, MapAccessDeserializer::new(map))
    }
}

/// Reads a union straight from the input when its first member is a string
/// `type`; otherwise through a [`Value`].
struct Direct<T>(PhantomData<T>);

impl<'de, T: TypeTagged> de::Visitor<'de> for Direct<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // The first member read without copying its name or a string value
        // (borrowed from the input where it has no escapes): a `type` that
        // names a variant is only looked at.
        let Some(key) = map.next_key::<FirstKey>()? else {
            return Ok(T::unknown(Value::Object(Map::new())));
        };
        let value = map.next_value::<FirstValue<'de>>()?;
        if let (FirstKey::Type, FirstValue::Str(tag)) = (&key, &value) {
            if T::has_variant(tag) {
                return T::variant(tag, MapAccessDeserializer::new(map));
            }
        }
        rest_of((key.into_string(), value.into_value()), map)
            .map(|all| from_value(Value::Object(all)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
        Ok(T::plain(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<T, E> {
        Ok(T::plain(text))
    }
}

/// The name of an object's first member, as [`Direct`] reads it: `type`
/// is not copied.
enum FirstKey {
    Type,
    Other(String),
}

impl FirstKey {
    fn into_string(self) -> String {
        match self {
            FirstKey::Type => "type".to_owned(),
            FirstKey::Other(key) => key,
        }
    }
}

impl<'de> Deserialize<'de> for FirstKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(FirstKeyVisitor)
    }
}

struct FirstKeyVisitor;

impl de::Visitor<'_> for FirstKeyVisitor {
    type Value = FirstKey;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<FirstKey, E> {
        Ok(match key {
            "type" => FirstKey::Type,
            _ => FirstKey::Other(key.to_owned()),
        })
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<FirstKey, E> {
        Ok(match key.as_str() {
            "type" => FirstKey::Type,
            _ => FirstKey::Other(key),
        })
    }
}

/// The value of an object's first member, as [`Direct`] reads it: a
/// string borrowed from the input when it can be, anything else as a
/// [`Value`].
enum FirstValue<'de> {
    Str(std::borrow::Cow<'de, str>),
    Other(Value),
}

impl FirstValue<'_> {
    fn into_value(self) -> Value {
        match self {
            FirstValue::Str(text) => Value::String(text.into_owned()),
            FirstValue::Other(value) => value,
        }
    }
}

impl<'de> Deserialize<'de> for FirstValue<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FirstValueVisitor)
    }
}

struct FirstValueVisitor;

impl<'de> de::Visitor<'de> for FirstValueVisitor {
    type Value = FirstValue<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(FirstValue::Str(text.into()))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(FirstValue::Str(text.to_owned().into()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(FirstValue::Str(text.into()))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(FirstValue::Other(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(FirstValue::Other(Value::from(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(FirstValue::Other(Value::from(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(FirstValue::Other(
            serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number),
        ))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(FirstValue::Other(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(FirstValue::Other(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Value::deserialize(d).map(FirstValue::Other)
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(de::value::SeqAccessDeserializer::new(seq)).map(FirstValue::Other)
    }

    fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        Value::deserialize(MapAccessDeserializer::new(map)).map(FirstValue::Other)
    }
}

/// Implements [`TypeTagged`] and `Deserialize` for a union: the typed
/// variants with their tags, then the catch-all.
macro_rules! type_tagged {
    (
        $union:ident, $expecting:literal,
        { $($tag:literal => $variant:ident,)+ }
        $(, plain => $plain:ident)?
        $(, held { $($held_tag:literal => $held_variant:ident . $field:ident,)+ })?
    ) => {
        impl crate::response::tagged::TypeTagged for $union {
            const EXPECTING: &'static str = $expecting;

            fn has_variant(tag: &str) -> bool {
                matches!(tag, $($tag)|+)
            }

            fn variant<'de, D: serde::Deserializer<'de>>(
                tag: &str,
                members: D,
            ) -> Result<Self, D::Error> {
                match tag {
                    $($tag => serde::Deserialize::deserialize(members).map($union::$variant),)+
                    _ => Err(serde::de::Error::custom(format_args!(
                        "no variant of {} for `{tag}`",
                        $expecting
                    ))),
                }
            }

            $(
                fn plain(text: String) -> Self {
                    $union::$plain(text)
                }
            )?

            $(
                fn held(tag: &str) -> Option<&'static str> {
                    match tag {
                        $($held_tag => Some(stringify!($field)),)+
                        _ => None,
                    }
                }

                fn fill(&mut self, value: serde_json::Value) {
                    match (self, value) {
                        $(
                            ($union::$held_variant(part), serde_json::Value::String(text)) => {
                                part.$field = text;
                            }
                        )+
                        _ => {}
                    }
                }
            )?

            fn unknown(value: serde_json::Value) -> Self {
                $union::Unknown(value)
            }
        }

        impl<'de> serde::Deserialize<'de> for $union {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::response::tagged::deserialize(deserializer)
            }
        }
    };
}

pub(crate) use type_tagged;

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::response::{
        direct, Annotation, OutputContent, OutputItem, ReasoningSummary, UrlCitation,
    };

    /// Decodes `raw` straight from its text (as a response body is) and
    /// through a `Value`; the two must agree.
    fn both<T>(raw: &Value) -> T
    where
        T: serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let text = raw.to_string();
        let direct: T = direct(|| serde_json::from_str(&text)).unwrap();
        let through_value: T = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(direct, through_value, "{raw}");
        direct
    }

    #[test]
    fn unions_pick_their_variant_or_keep_what_they_read() {
        let cite = json!({"type": "url_citation", "url": "u", "start_index": 1, "end_index": 2});
        let citation = |extra: &[(&str, Value)]| {
            Annotation::UrlCitation(UrlCitation {
                url: "u".into(),
                start_index: 1,
                end_index: 2,
                extra: extra
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.clone()))
                    .collect(),
                ..UrlCitation::default()
            })
        };
        let bad = json!({"type": "url_citation", "url": 5});
        let unknown = json!({"type": "video_timestamp", "at": 3});
        let no_type = json!({"url": "u"});
        let odd_type = json!({"type": 7, "url": "u"});
        let cases: Vec<(Value, Annotation)> = vec![
            (cite.clone(), citation(&[])),
            // `type` last: read through a value, same variant.
            (
                json!({"url": "u", "start_index": 1, "end_index": 2, "more": [1], "type": "url_citation"}),
                citation(&[("more", json!([1]))]),
            ),
            // Known type, shape that does not fit: kept whole, `type` included.
            (bad.clone(), Annotation::Unknown(bad)),
            (unknown.clone(), Annotation::Unknown(unknown)),
            (no_type.clone(), Annotation::Unknown(no_type)),
            (odd_type.clone(), Annotation::Unknown(odd_type)),
            (json!({}), Annotation::Unknown(json!({}))),
            (json!("text"), Annotation::Unknown(json!("text"))),
            (json!(12), Annotation::Unknown(json!(12))),
            (json!(null), Annotation::Unknown(json!(null))),
            (json!([cite]), Annotation::Unknown(json!([cite]))),
        ];
        for (raw, want) in cases {
            assert_eq!(both::<Annotation>(&raw), want, "{raw}");
            // Inside a list, next to a part that fits, the same.
            let list = json!([raw, cite]);
            assert_eq!(both::<Vec<Annotation>>(&list), vec![want, citation(&[])]);
        }
        // A part read through a value (its `type` last) holding an
        // annotation that does not fit: the part keeps its type.
        let part =
            json!({"text": "t", "annotations": [{"type": "url_citation"}], "type": "output_text"});
        let OutputContent::OutputText(text) = both::<OutputContent>(&part) else {
            panic!("not a text part");
        };
        assert_eq!(
            text.annotations,
            [Annotation::Unknown(json!({"type": "url_citation"}))]
        );
        // Only the reasoning summary has a variant for a plain string.
        assert_eq!(
            both::<ReasoningSummary>(&json!("said")),
            ReasoningSummary::Plain("said".into())
        );
    }

    #[test]
    fn the_first_member_of_any_kind_is_kept() {
        // The first member is read without copying a `type` or a string:
        // every other first member (an escaped `type`, a number, a list,
        // an object, `null`, a string under another name) is kept.
        let cases = [
            r#"{"typ\u0065":"url_citation","url":"u","start_index":1,"end_index":2}"#,
            r#"{"type":"url_\u0063itation","url":"u","start_index":1,"end_index":2}"#,
            r#"{"type":7,"url":"u"}"#,
            r#"{"type":-7.5,"url":"u"}"#,
            r#"{"type":["url_citation"],"url":"u"}"#,
            r#"{"type":{"a":[1,null,true]},"url":"u"}"#,
            r#"{"type":null,"url":"u"}"#,
            r#"{"kind":"url_citation","type":"url_citation"}"#,
            r#"{"url":"u","start_index":1,"end_index":2,"type":"url_citation"}"#,
        ];
        for text in cases {
            let raw: Value = serde_json::from_str(text).unwrap();
            let got = both::<Annotation>(&raw);
            assert_eq!(got, super::from_value(raw.clone()), "{text}");
        }
    }

    #[test]
    fn a_part_that_does_not_fit_leaves_its_item_typed() {
        // The refusal part lacks its `refusal`: it is kept as sent, and the
        // message around it keeps its type, whichever way it is read, and
        // wherever `type` sits in the item.
        for item in [
            json!({"type": "message", "id": "m", "role": "assistant", "content": [
                {"type": "output_text", "text": "hi", "annotations": []},
                {"type": "refusal"}]}),
            json!({"id": "m", "role": "assistant", "content": [
                {"type": "output_text", "text": "hi", "annotations": []},
                {"type": "refusal"}], "type": "message"}),
        ] {
            let OutputItem::Message(message) = both::<OutputItem>(&item) else {
                panic!("not a message: {item}");
            };
            assert!(
                matches!(message.content[0], OutputContent::OutputText(ref t) if t.text == "hi")
            );
            assert_eq!(
                message.content[1],
                OutputContent::Unknown(json!({"type": "refusal"}))
            );
            assert_eq!(
                OutputItem::from_value(item.clone()),
                OutputItem::Message(message)
            );
        }
        // The same for an item nested in an item (`type` last, so read
        // through a value) that does not fit its variant.
        let bad = json!({"type": "function_call", "name": 5});
        let call = json!({"call_id": "c", "name": "f", "arguments": "{}",
                          "subagent_items": [bad], "type": "function_call"});
        let OutputItem::FunctionCall(call) = both::<OutputItem>(&call) else {
            panic!("not a function call: {call}");
        };
        assert_eq!(call.subagent_items, Some(vec![OutputItem::Unknown(bad)]));
    }
}

#[cfg(test)]
mod held {
    use serde_json::{json, Value};

    use crate::response::{direct, OutputContent, OutputItem};

    /// Reads `item` through a value, as an echoed item is, and straight from
    /// its text (which falls back to values when it does not fit); the two
    /// must agree.
    fn read(item: &Value) -> OutputItem {
        let through_value = OutputItem::from_value(item.clone());
        let text = item.to_string();
        let direct: OutputItem = direct(|| serde_json::from_str(&text)).unwrap();
        assert_eq!(through_value, direct, "{item}");
        through_value
    }

    #[test]
    fn long_members_are_moved_into_the_item_or_kept_in_unknown() {
        let long = "x".repeat(200_000) + "end";
        let text = |i: &OutputItem| -> Vec<String> {
            match i {
                OutputItem::Message(m) => m
                    .content
                    .iter()
                    .map(|c| match c {
                        OutputContent::OutputText(t) => t.text.clone(),
                        OutputContent::Refusal(r) => r.refusal.clone(),
                        OutputContent::Unknown(v) => v.to_string(),
                    })
                    .collect(),
                OutputItem::Reasoning(r) => {
                    let mut all = vec![r.encrypted_content.clone().unwrap_or_default()];
                    all.extend(r.summary.iter().filter_map(|s| s.text().map(str::to_owned)));
                    all.extend(
                        r.content
                            .iter()
                            .flatten()
                            .filter_map(|c| c.text().map(str::to_owned)),
                    );
                    all
                }
                OutputItem::FunctionCall(c) => vec![c.arguments.clone()],
                OutputItem::CustomToolCall(c) => vec![c.input.clone()],
                OutputItem::ImageGenerationCall(c) => vec![c.result.clone().unwrap_or_default()],
                other => panic!("not typed: {other:?}"),
            }
        };
        // Typed: the long member, and the long texts of the parts, moved in.
        let typed = [
            json!({"type": "message", "id": "m", "role": "assistant", "content": [
                {"type": "output_text", "text": long, "annotations": []},
                {"type": "refusal", "refusal": long}]}),
            json!({"type": "reasoning", "id": "r", "encrypted_content": long,
                   "summary": [{"type": "summary_text", "text": long}],
                   "content": [{"type": "reasoning_text", "text": long}]}),
            json!({"type": "function_call", "call_id": "c", "name": "f", "arguments": long}),
            json!({"type": "custom_tool_call", "call_id": "c", "name": "f", "input": long}),
            json!({"type": "image_generation_call", "id": "i", "status": "completed",
                   "result": long}),
        ];
        for item in typed {
            let got = read(&item);
            assert!(!matches!(got, OutputItem::Unknown(_)), "{got:?}");
            let texts = text(&got);
            assert!(
                !texts.is_empty() && texts.iter().all(|t| *t == long),
                "{item}"
            );
        }
        // Not fitting their variant (another member, or the long one, of
        // the wrong kind): kept whole, the long member put back.
        let part = |extra: Value| {
            let mut p = json!({"type": "output_text", "text": long, "annotations": []});
            p.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            p
        };
        let unknown = [
            json!({"type": "message", "role": 5, "content": [part(json!({}))]}),
            json!({"type": "message", "content": long}),
            json!({"type": "reasoning", "summary": 5, "encrypted_content": long}),
            json!({"type": "reasoning", "id": "r", "summary": [], "encrypted_content": [long]}),
            json!({"type": "function_call", "call_id": "c", "name": 5, "arguments": long}),
            json!({"type": "function_call", "call_id": "c", "name": "f", "arguments": [long]}),
            json!({"type": "custom_tool_call", "call_id": 5, "name": "f", "input": long}),
            json!({"type": "image_generation_call", "id": 5, "result": long}),
        ];
        for item in unknown {
            assert_eq!(read(&item), OutputItem::Unknown(item.clone()));
        }
        // A part that does not fit is kept whole inside its typed message.
        for bad in [
            part(json!({"logprobs": 5})),
            json!({"type": "output_text", "text": [long]}),
            json!({"type": "refusal", "refusal": 5, "note": long}),
        ] {
            let item = json!({"type": "message", "id": "m", "content": [bad]});
            let OutputItem::Message(m) = read(&item) else {
                panic!("not a message: {item}");
            };
            assert_eq!(m.content, [OutputContent::Unknown(bad)]);
        }
    }
}

#[cfg(test)]
mod deep {
    use serde_json::{json, Value};

    use crate::response::{direct, OutputItem, Response};

    /// Function calls nested in each other's `subagent_items` as deep as
    /// serde_json reads (each level is an object and an array), `type` last
    /// so that every level takes the fallback through values and text.
    fn nested(levels: usize) -> Value {
        let mut item =
            json!({"call_id": "c", "name": "f", "arguments": "{}", "type": "function_call"});
        for _ in 0..levels {
            item = json!({"call_id": "c", "name": "f", "arguments": "{}",
                          "subagent_items": [item], "type": "function_call"});
        }
        item
    }

    fn depth(item: &OutputItem) -> usize {
        match item {
            OutputItem::FunctionCall(call) => {
                1 + call
                    .subagent_items
                    .as_ref()
                    .map_or(0, |items| items.iter().map(depth).sum())
            }
            _ => 0,
        }
    }

    #[test]
    fn deep_fallbacks_fit_on_a_spawned_threads_stack() {
        // 2 MiB: what `std::thread::spawn` gives a thread by default.
        std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                let levels = 62;
                let body = json!({"id": "r", "output": [nested(levels)]}).to_string();
                let response: Response = direct(|| serde_json::from_str(&body)).unwrap();
                assert_eq!(depth(&response.output[0]), levels + 1);
                let item = OutputItem::from_value(nested(levels));
                assert_eq!(depth(&item), levels + 1);
            })
            .unwrap()
            .join()
            .unwrap();
    }
}

#[cfg(test)]
mod kept {
    use serde_json::{json, Map, Value};

    use super::from_value_kept;
    use crate::request::keeps;
    use crate::response::OutputItem;

    /// The check as it was made before: the item read from a copy, written
    /// out whole as text and read back, then compared with what was read.
    fn by_text(value: Value) -> Result<OutputItem, Value> {
        let item = OutputItem::from_value(value.clone());
        let written: serde_json::Result<Value> =
            serde_json::to_string(&item).and_then(|text| serde_json::from_str(&text));
        match written {
            Ok(written) if keeps(&value, &written) => Ok(item),
            _ => Err(value),
        }
    }

    /// The output items of the response fixtures.
    fn fixture_items() -> Vec<Value> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/responses");
        let mut items = Vec::new();
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort_unstable();
        for path in paths {
            let body: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            if let Some(Value::Array(output)) = body.get("output") {
                items.extend(output.iter().cloned());
            }
        }
        items
    }

    /// `object` with each member in turn replaced by each of `odd`, or
    /// left out, and with a member added.
    fn variants(object: &Map<String, Value>) -> Vec<Map<String, Value>> {
        let odd = [
            json!(null),
            json!(5),
            json!(1.5),
            json!("s"),
            json!([]),
            json!({}),
        ];
        let mut out = vec![object.clone()];
        for key in object.keys() {
            for value in &odd {
                let mut v = object.clone();
                v.insert(key.clone(), value.clone());
                out.push(v);
            }
            let mut v = object.clone();
            v.remove(key);
            out.push(v);
        }
        let mut v = object.clone();
        v.insert("x_added".into(), json!({"a": [1, null]}));
        out.push(v);
        // `type` last, as a hand-built value may have it.
        if let Some(tag) = object.get("type") {
            let mut v = object.clone();
            v.remove("type");
            v.insert("type".into(), tag.clone());
            out.push(v);
        }
        out
    }

    /// Every item, and each of its variants, and each variant of each of
    /// its content parts.
    fn cases() -> Vec<Value> {
        let mut cases = Vec::new();
        for item in fixture_items() {
            let Value::Object(map) = &item else { continue };
            cases.extend(variants(map).into_iter().map(Value::Object));
            if let Some(Value::Array(parts)) = map.get("content") {
                for (i, part) in parts.iter().enumerate() {
                    let Value::Object(part) = part else { continue };
                    for changed in variants(part) {
                        let mut item = map.clone();
                        item["content"][i] = Value::Object(changed);
                        cases.push(Value::Object(item));
                    }
                }
            }
        }
        cases
    }

    #[test]
    fn the_check_without_copies_agrees_with_the_one_through_text() {
        let cases = cases();
        assert!(cases.len() > 500, "{}", cases.len());
        let (mut typed, mut raw) = (0, 0);
        for case in cases {
            let text = case.to_string();
            let want = by_text(case.clone());
            let got = from_value_kept::<OutputItem>(case);
            // Compared as written too: the order of members counts with
            // `preserve_order`, which a map's equality does not see.
            match (&got, &want) {
                (Ok(got), Ok(want)) => {
                    assert_eq!(got, want, "{text}");
                    assert_eq!(
                        serde_json::to_string(got).unwrap(),
                        serde_json::to_string(want).unwrap(),
                        "{text}"
                    );
                    typed += usize::from(!matches!(got, OutputItem::Unknown(_)));
                }
                (Err(got), Err(want)) => {
                    assert_eq!(got.to_string(), want.to_string(), "{text}");
                    assert_eq!(got.to_string(), text);
                    raw += 1;
                }
                _ => panic!("{text}: {got:?} against {want:?}"),
            }
        }
        // Both outcomes, and typed items, are among the cases.
        assert!(typed > 1000 && raw > 10, "{typed} typed, {raw} raw");
    }
}
