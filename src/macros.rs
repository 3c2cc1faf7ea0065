//! Macros shared by the request and response models.

/// Declares an open string enum: known wire strings as unit variants plus an
/// `Other(String)` variant that keeps anything else unchanged.
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        open_enum! {
            $(#[$meta])*
            $name {
                $( $(#[$vmeta])* $variant = $wire, )*
            }
        }
    };
    (
        $(#[$meta:meta])*
        $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, sent and kept as is.
            Other(String),
        }

        // Written out rather than derived: a derived enum with a catch-all
        // variant buffers each value and tries it twice, in code compiled
        // for every decoder; a string in, a string out is all this is.
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                crate::macros::wire_str(deserializer).map(|s| match s {
                    std::borrow::Cow::Borrowed(s) => Self::from(s),
                    std::borrow::Cow::Owned(s) => Self::from(s),
                })
            }
        }

        impl $name {
            /// The string sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Other(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                match s {
                    $( $wire => Self::$variant, )+
                    _ => Self::Other(s.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(s: String) -> Self {
                match s.as_str() {
                    $( $wire => Self::$variant, )+
                    _ => Self::Other(s),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// `Debug` for a model type that can hold raw JSON: written as
/// `derive(Debug)` writes it, but with each member shown through
/// [`Shown`](crate::debug::Shown): raw JSON (a `Value`, a list or map of
/// them, or an `Option` of one) by [`RawJson`](crate::debug::RawJson), its
/// long strings abridged, any other member by its own `Debug`. A member
/// listed as `name: path` is shown as `path(&member)` gives it instead.
///
/// A struct lists its members; an enum its variants as patterns name them
/// (`Unit`, `Tuple(x)`, `Struct { a, b }`). The members are bound by
/// exhaustive patterns: a member or variant left out does not compile.
///
/// Each impl only gathers its members and their names for one shared
/// function ([`fields`](crate::debug::fields) or
/// [`tuple`](crate::debug::tuple)), which does the writing.
macro_rules! debug_with_raw_json {
    (struct $name:ident { $($field:ident $(: $via:path)?),* $(,)? }) => {
        impl std::fmt::Debug for $name {
            // As `derive(Debug)` writes it: compiled where it is used.
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #[allow(unused_imports)]
                use crate::debug::{ShowRaw as _, ShowTyped as _};
                let Self { $($field),* } = self;
                crate::debug::fields(
                    f,
                    stringify!($name),
                    &[$(stringify!($field)),*],
                    &[$(debug_with_raw_json!(@member $field $($via)?)),*],
                )
            }
        }
    };
    (enum $name:ident {
        $( $variant:ident $(($one:ident))? $({ $($field:ident $(: $via:path)?),* $(,)? })? ),*
        $(,)?
    }) => {
        impl std::fmt::Debug for $name {
            // As `derive(Debug)` writes it: compiled where it is used.
            #[inline]
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                #[allow(unused_imports)]
                use crate::debug::{ShowRaw as _, ShowTyped as _};
                match self {
                    $( Self::$variant $(($one))? $({ $($field),* })? => debug_with_raw_json!(
                        @variant f $variant $(($one))? $({ $($field $(: $via)?),* })?
                    ), )*
                }
            }
        }
    };
    (@variant $f:ident $variant:ident) => { $f.write_str(stringify!($variant)) };
    (@variant $f:ident $variant:ident ($one:ident)) => {
        crate::debug::tuple($f, stringify!($variant), debug_with_raw_json!(@member $one))
    };
    (@variant $f:ident $variant:ident { $($field:ident $(: $via:path)?),* }) => {
        crate::debug::fields(
            $f,
            stringify!($variant),
            &[$(stringify!($field)),*],
            &[$(debug_with_raw_json!(@member $field $($via)?)),*],
        )
    };
    // A `&dyn Debug` (the traits `ShowRaw` and `ShowTyped` in scope).
    (@member $member:ident) => { (&crate::debug::Shown($member)).shown() };
    (@member $member:ident $via:path) => { &$via($member) as &dyn std::fmt::Debug };
}

/// Reads a string, borrowed from the input when it can be (so that a known
/// value of an [`open_enum!`] allocates nothing); shared by all of them.
pub(crate) fn wire_str<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<std::borrow::Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(WireStr)
}

/// The visitor of [`wire_str`].
struct WireStr;

impl<'de> serde::de::Visitor<'de> for WireStr {
    type Value = std::borrow::Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: serde::de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Borrowed(s))
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(s.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(std::borrow::Cow::Owned(s))
    }
}

#[cfg(test)]
mod tests {
    use crate::response::ResponseStatus;
    use serde::Deserialize;
    use serde_json::{json, Value};

    #[test]
    fn open_enums_read_and_write_plain_strings() {
        let read = |text: &str| serde_json::from_str::<ResponseStatus>(text);
        assert_eq!(read(r#""completed""#).unwrap(), ResponseStatus::Completed);
        // An escaped string cannot be borrowed; it decodes the same.
        assert_eq!(
            read(r#""in\u005fprogress""#).unwrap(),
            ResponseStatus::InProgress
        );
        assert_eq!(
            read(r#""paused\n""#).unwrap(),
            ResponseStatus::Other("paused\n".into())
        );
        assert_eq!(read(r#""""#).unwrap(), ResponseStatus::Other(String::new()));
        // From a `Value` (borrowed) and an owned `Value` alike.
        let v = json!("failed");
        assert_eq!(
            ResponseStatus::deserialize(&v).unwrap(),
            ResponseStatus::Failed
        );
        assert_eq!(
            serde_json::from_value::<ResponseStatus>(json!("later")).unwrap(),
            ResponseStatus::Other("later".into())
        );
        // Anything but a string is an error, not a variant.
        for bad in [
            "1",
            "null",
            "true",
            r#"{"completed":null}"#,
            r#"["completed"]"#,
        ] {
            let err = read(bad).unwrap_err();
            assert!(
                err.to_string().contains("expected a string"),
                "{bad}: {err}"
            );
        }
        // Written back as the string read.
        for text in [r#""completed""#, r#""paused""#] {
            let back = serde_json::to_string(&read(text).unwrap()).unwrap();
            assert_eq!(back, text);
        }
        assert_eq!(
            serde_json::to_value(ResponseStatus::Other("x".into())).unwrap(),
            Value::String("x".into())
        );
    }
}
