//! `Debug` of the model types: raw JSON members shown in a bounded size.
//!
//! A request, a response or an event can hold JSON this crate does not
//! model (a part, item, tool or union variant of a kind it does not know,
//! an `extra` member, a schema): a `serde_json::Value`, whose own `Debug`
//! prints every string whole. An inline image of megabytes held so would
//! go whole into a log line. The model types that can hold such JSON have
//! their `Debug` written by [`debug_with_raw_json!`]: as `derive(Debug)`
//! writes it, but with each raw member shown through [`RawJson`], which
//! prints a string (or member name) of more than 1000 characters by its
//! first 1000 and its length, as a typed attachment shows its data. Only
//! `Debug` runs this code.

use std::fmt;

use serde_json::{Map, Value};

use crate::error::Abridged;

/// A JSON value held raw in `Debug`: as [`Value`]'s own `Debug` shows it,
/// but each string (and member name) of more than 1000 characters by its
/// first 1000 and its length, as a typed attachment shows its data.
pub(crate) struct RawJson<'a>(pub(crate) &'a Value);

impl fmt::Debug for RawJson<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Value::String(s) => {
                f.write_str("String(")?;
                fmt::Debug::fmt(&Abridged(s), f)?;
                f.write_str(")")
            }
            Value::Array(values) => {
                f.write_str("Array ")?;
                fmt::Debug::fmt(&RawList(values), f)
            }
            Value::Object(members) => {
                f.write_str("Object ")?;
                fmt::Debug::fmt(&RawMap(members), f)
            }
            scalar => fmt::Debug::fmt(scalar, f),
        }
    }
}

/// JSON values held raw in a list, each shown as [`RawJson`].
pub(crate) struct RawList<'a>(pub(crate) &'a [Value]);

impl fmt::Debug for RawList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.iter().map(RawJson)).finish()
    }
}

/// JSON members held raw (an `extra` map), shown as [`Map`]'s own `Debug`
/// shows them but through [`RawJson`] (and long member names abridged).
pub(crate) struct RawMap<'a>(pub(crate) &'a Map<String, Value>);

impl fmt::Debug for RawMap<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(self.0.iter().map(|(k, v)| (Abridged(k), RawJson(v))))
            .finish()
    }
}

/// A member of a model type on its way to `Debug`: [`ShowRaw::shown`] for
/// the shapes raw JSON comes in, else [`ShowTyped::shown`], the member's
/// own `Debug`. Called as `(&Shown(member)).shown()`, the first is chosen
/// where it applies (its receiver, `&Shown<Value>`, matches without the
/// extra reference the second's needs), so that no member list names which
/// members are raw: a new raw member cannot be forgotten.
pub(crate) struct Shown<'a, T: ?Sized>(pub(crate) &'a T);

/// How a raw JSON member is shown (see [`Shown`]).
pub(crate) trait ShowRaw {
    /// What `Debug` is given.
    type Out: fmt::Debug;
    /// The member as `Debug` shows it.
    fn shown(&self) -> Self::Out;
}

/// How any other member is shown: as it is (see [`Shown`]).
pub(crate) trait ShowTyped {
    /// What `Debug` is given.
    type Out: fmt::Debug;
    /// The member as `Debug` shows it.
    fn shown(&self) -> Self::Out;
}

impl<'a, T: fmt::Debug + ?Sized> ShowTyped for &Shown<'a, T> {
    type Out = &'a T;
    fn shown(&self) -> &'a T {
        self.0
    }
}

impl<'a> ShowRaw for Shown<'a, Value> {
    type Out = RawJson<'a>;
    fn shown(&self) -> RawJson<'a> {
        RawJson(self.0)
    }
}

impl<'a> ShowRaw for Shown<'a, Option<Value>> {
    type Out = Option<RawJson<'a>>;
    fn shown(&self) -> Option<RawJson<'a>> {
        self.0.as_ref().map(RawJson)
    }
}

impl<'a> ShowRaw for Shown<'a, Vec<Value>> {
    type Out = RawList<'a>;
    fn shown(&self) -> RawList<'a> {
        RawList(self.0)
    }
}

impl<'a> ShowRaw for Shown<'a, Option<Vec<Value>>> {
    type Out = Option<RawList<'a>>;
    fn shown(&self) -> Option<RawList<'a>> {
        self.0.as_deref().map(RawList)
    }
}

impl<'a> ShowRaw for Shown<'a, Map<String, Value>> {
    type Out = RawMap<'a>;
    fn shown(&self) -> RawMap<'a> {
        RawMap(self.0)
    }
}

impl<'a> ShowRaw for Shown<'a, Option<Map<String, Value>>> {
    type Out = Option<RawMap<'a>>;
    fn shown(&self) -> Option<RawMap<'a>> {
        self.0.as_ref().map(RawMap)
    }
}

/// A member's name as `derive(Debug)` writes it: without the `r#` of a raw
/// identifier.
pub(crate) fn name(field: &'static str) -> &'static str {
    field.strip_prefix("r#").unwrap_or(field)
}

/// A text that may be long (an attachment, an image) in `Debug`: past 1000
/// characters, its first 1000 and its length. For `name: long_text` in
/// [`debug_with_raw_json!`].
pub(crate) fn long_text(text: &str) -> Abridged<'_> {
    Abridged(text)
}

/// [`long_text`] of a text that may be absent.
pub(crate) fn long_text_opt(text: &Option<String>) -> Option<Abridged<'_>> {
    text.as_deref().map(Abridged)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A member as the `Debug` that `debug_with_raw_json!` writes shows it.
    macro_rules! shown {
        ($member:ident) => {{
            let $member = &$member;
            debug_with_raw_json!(@member $member)
        }};
    }

    #[test]
    fn raw_members_show_as_serde_json_shows_them_when_short() {
        let v = json!({"a": [1, -2, 1.5, true, null, "é\n\"", {}], "b": {"c": []}});
        let map = v.as_object().unwrap().clone();
        let list = vec![v.clone(), json!("x")];
        let (some_v, some_map, some_list) =
            (Some(v.clone()), Some(map.clone()), Some(list.clone()));
        let (none, typed) = (None::<Value>, "typed".to_owned());
        for alt in [false, true] {
            let show = |d: &dyn fmt::Debug| {
                if alt {
                    format!("{d:#?}")
                } else {
                    format!("{d:?}")
                }
            };
            assert_eq!(show(&shown!(v)), show(&v));
            assert_eq!(show(&shown!(some_v)), show(&some_v));
            assert_eq!(show(&shown!(map)), show(&map));
            assert_eq!(show(&shown!(some_map)), show(&some_map));
            assert_eq!(show(&shown!(list)), show(&list));
            assert_eq!(show(&shown!(some_list)), show(&some_list));
            assert_eq!(show(&shown!(none)), "None");
            assert_eq!(show(&shown!(typed)), show(&typed));
        }
    }

    #[test]
    fn long_strings_in_raw_members_are_abridged() {
        let long = "é".repeat(1001);
        let v = json!({ "k": [long.clone()], long.clone(): 1 });
        let some_map = v.as_object().cloned();
        let list = vec![v.clone()];
        let cut = format!("{:?}… (2002 bytes in all)", "é".repeat(1000));
        for shown in [
            format!("{:?}", shown!(v)),
            format!("{:#?}", shown!(some_map)),
            format!("{:?}", shown!(list)),
        ] {
            assert_eq!(shown.matches(&cut).count(), 2, "{shown}");
            assert!(shown.len() < 5000);
        }
        // A typed text is its own business.
        assert_eq!(format!("{:?}", shown!(long)), format!("{long:?}"));
    }
}
