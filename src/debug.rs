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

/// How a raw JSON member is shown (see [`Shown`]): through the `Debug` of
/// its `Shown`, which abridges it.
pub(crate) trait ShowRaw {
    /// The member as `Debug` shows it.
    fn shown(&self) -> &dyn fmt::Debug;
}

/// How any other member is shown: as it is (see [`Shown`]).
pub(crate) trait ShowTyped<'a> {
    /// The member as `Debug` shows it.
    fn shown(&self) -> &'a dyn fmt::Debug;
}

impl<'a, T: fmt::Debug> ShowTyped<'a> for &Shown<'a, T> {
    fn shown(&self) -> &'a dyn fmt::Debug {
        self.0
    }
}

/// [`ShowRaw`] for a raw shape, whose `Shown` writes it as `$show` gives it.
macro_rules! show_raw {
    ($($ty:ty => |$v:ident| $show:expr;)*) => {$(
        impl ShowRaw for Shown<'_, $ty> {
            fn shown(&self) -> &dyn fmt::Debug {
                self
            }
        }

        impl fmt::Debug for Shown<'_, $ty> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let $v = self.0;
                fmt::Debug::fmt(&$show, f)
            }
        }
    )*};
}

show_raw! {
    Value => |v| RawJson(v);
    Option<Value> => |v| v.as_ref().map(RawJson);
    Vec<Value> => |v| RawList(v);
    Option<Vec<Value>> => |v| v.as_deref().map(RawList);
    Map<String, Value> => |v| RawMap(v);
    Option<Map<String, Value>> => |v| v.as_ref().map(RawMap);
}

/// A struct (or struct variant) `name` in `Debug`, as `derive(Debug)`
/// writes it: each of `names` (without the `r#` of a raw identifier) with
/// its value in `values`. The one function every
/// [`debug_with_raw_json!`] impl calls, so that each impl is only its list.
pub(crate) fn fields(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    names: &[&str],
    values: &[&dyn fmt::Debug],
) -> fmt::Result {
    let mut out = f.debug_struct(name);
    for (field, value) in names.iter().zip(values) {
        out.field(field.strip_prefix("r#").unwrap_or(field), value);
    }
    out.finish()
}

/// A tuple variant `name` of one member in `Debug`, as `derive(Debug)`
/// writes it (see [`fields`]).
pub(crate) fn tuple(f: &mut fmt::Formatter<'_>, name: &str, value: &dyn fmt::Debug) -> fmt::Result {
    f.debug_tuple(name).field(value).finish()
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
            #[allow(unused_imports)]
            use crate::debug::{ShowRaw as _, ShowTyped as _};
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

    /// The crate's sources without comments and string or character
    /// literals, test modules left out.
    fn code(path: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(path).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                code(&path, out);
                continue;
            }
            let name = path.display().to_string();
            if !name.ends_with(".rs") || name.ends_with("tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let mut kept = String::new();
            let mut chars = text.chars().peekable();
            let mut last = ' ';
            while let Some(c) = chars.next() {
                match c {
                    '/' if chars.peek() == Some(&'/') => {
                        chars.by_ref().take_while(|&c| c != '\n').for_each(drop);
                        kept.push('\n');
                    }
                    '/' if chars.peek() == Some(&'*') => {
                        let mut prev = ' ';
                        for c in chars.by_ref() {
                            if prev == '*' && c == '/' {
                                break;
                            }
                            prev = c;
                        }
                    }
                    'r' if !last.is_alphanumeric()
                        && last != '_'
                        && matches!(chars.peek(), Some('#' | '"')) =>
                    {
                        let hashes = std::iter::from_fn(|| chars.next_if_eq(&'#')).count();
                        if chars.next_if_eq(&'"').is_none() {
                            kept.push_str("r#");
                            continue;
                        }
                        let end = format!("\"{}", "#".repeat(hashes));
                        let mut tail = String::new();
                        for c in chars.by_ref() {
                            tail.push(c);
                            if tail.ends_with(&end) {
                                break;
                            }
                        }
                        kept.push_str("\"\"");
                    }
                    '"' => {
                        while let Some(c) = chars.next() {
                            match c {
                                '\\' => drop(chars.next()),
                                '"' => break,
                                _ => {}
                            }
                        }
                        kept.push_str("\"\"");
                    }
                    '\'' => {
                        // A character literal, or a lifetime (kept).
                        let mut ahead = chars.clone();
                        match (ahead.next(), ahead.next()) {
                            (Some('\\'), _) => {
                                chars
                                    .by_ref()
                                    .skip(1)
                                    .take_while(|&c| c != '\'')
                                    .for_each(drop);
                                kept.push_str("' '");
                            }
                            (Some(_), Some('\'')) => {
                                chars.nth(1);
                                kept.push_str("' '");
                            }
                            _ => kept.push(c),
                        }
                    }
                    c => kept.push(c),
                }
                last = c;
            }
            let cut = kept.find("#[cfg(test)]\nmod ").unwrap_or(kept.len());
            kept.truncate(cut);
            out.push((name, kept));
        }
    }

    /// `text` split at its top-level commas.
    fn top_level(text: &str) -> Vec<&str> {
        let (mut parts, mut depth, mut start, mut last) = (Vec::new(), 0i32, 0, ' ');
        for (i, c) in text.char_indices() {
            match c {
                '<' | '(' | '[' | '{' => depth += 1,
                '>' if last == '-' => {}
                '>' | ')' | ']' | '}' => depth -= 1,
                ',' if depth == 0 => {
                    parts.push(text.get(start..i).unwrap());
                    start = i + 1;
                }
                _ => {}
            }
            last = c;
        }
        parts.push(text.get(start..).unwrap());
        parts
    }

    /// The text between the bracket at the start of `text` and the one
    /// closing it.
    fn inside(text: &str) -> &str {
        let (open, close) = if text.starts_with('(') {
            ('(', ')')
        } else {
            ('{', '}')
        };
        let mut depth = 0;
        for (i, c) in text.char_indices() {
            depth += i32::from(c == open) - i32::from(c == close);
            if depth == 0 {
                return text.get(1..i).unwrap();
            }
        }
        panic!("unclosed {text}")
    }

    /// The types of the fields listed in `fields` (inside the brackets of a
    /// struct or a variant; `named`: with names).
    fn field_types(fields: &str, named: bool) -> Vec<String> {
        let mut types = Vec::new();
        for field in top_level(fields) {
            let mut field = field.trim();
            while field.starts_with('#') {
                let end = field
                    .find('[')
                    .map_or(0, |i| i + inside_brackets(field.get(i..).unwrap()));
                field = field.get(end..).unwrap().trim();
            }
            if let Some(rest) = field.strip_prefix("pub") {
                field = rest.trim_start();
                if field.starts_with('(') {
                    field = field.get(inside(field).len() + 2..).unwrap().trim();
                }
            }
            let ty = match (named, field.split_once(':')) {
                (true, Some((_, ty))) => ty,
                (true, None) => continue,
                (false, _) => field,
            };
            types.push(
                ty.split_whitespace()
                    .collect::<String>()
                    .replace("serde_json::", ""),
            );
        }
        types
    }

    /// The length of the `[…]` at the start of `text`, brackets included.
    fn inside_brackets(text: &str) -> usize {
        let mut depth = 0;
        for (i, c) in text.char_indices() {
            depth += i32::from(c == '[') - i32::from(c == ']');
            if depth == 0 {
                return i + 1;
            }
        }
        text.len()
    }

    /// Every model type that holds raw JSON shows it through `RawJson`:
    /// its `Debug` is written by `debug_with_raw_json!` (or by hand, for
    /// those listed here, read to do so), not derived, and each raw member
    /// is of a shape `Shown` picks `RawJson` for. A new type, member or
    /// shape (`Box<Value>`, `Vec<Option<Value>>`, `HashMap<String, Value>`)
    /// that would print a long string whole fails here.
    #[test]
    fn every_raw_json_member_is_shown_abridged() {
        const BY_HAND: [&str; 1] = ["ApiError"];
        const SHAPES: [&str; 6] = [
            "Value",
            "Option<Value>",
            "Vec<Value>",
            "Option<Vec<Value>>",
            "Map<String,Value>",
            "Option<Map<String,Value>>",
        ];
        let mut files = Vec::new();
        code(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let all: String = files.iter().map(|(_, text)| text.as_str()).collect();
        let all = all.split_whitespace().collect::<Vec<_>>().join(" ");
        let (mut checked, mut problems) = (0, Vec::new());
        for (file, text) in &files {
            if file.ends_with("debug.rs") {
                continue;
            }
            let mut from = 0;
            while let Some(at) = text.get(from..).and_then(|t| t.find(['s', 'e'])) {
                let at = from + at;
                from = at + 1;
                let rest = text.get(at..).unwrap();
                let Some(rest) = rest
                    .strip_prefix("struct ")
                    .or_else(|| rest.strip_prefix("enum "))
                else {
                    continue;
                };
                let before = text.get(..at).unwrap();
                if before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let Some(body) = rest.find(['{', '(', ';']).and_then(|i| rest.get(i..)) else {
                    continue;
                };
                if name.is_empty() || body.starts_with(';') {
                    continue;
                }
                let mut types = Vec::new();
                if text.get(at..).unwrap().starts_with("struct") {
                    types = field_types(inside(body), body.starts_with('{'));
                } else {
                    for variant in top_level(inside(body)) {
                        if let Some(i) = variant.find(['(', '{']) {
                            let fields = variant.get(i..).unwrap();
                            types.extend(field_types(inside(fields), fields.starts_with('{')));
                        }
                    }
                }
                let raw: Vec<_> = (types.iter())
                    .filter(|ty| !ty.contains('$'))
                    .filter(|ty| {
                        ty.split(|c: char| !c.is_alphanumeric() && c != '_')
                            .any(|word| word == "Value" || word == "Map")
                    })
                    .collect();
                if raw.is_empty() {
                    continue;
                }
                checked += 1;
                for ty in &raw {
                    if !SHAPES.contains(&ty.as_str()) {
                        problems.push(format!(
                            "{file}: {name} holds a {ty}, which Shown does not abridge"
                        ));
                    }
                }
                let attributes = before.rsplit([';', '}']).next().unwrap_or_default();
                let derived = attributes.split("derive(").skip(1).any(|d| {
                    d.split(')')
                        .next()
                        .unwrap_or_default()
                        .split(',')
                        .any(|t| t.trim() == "Debug")
                });
                let macro_made = [
                    format!("debug_with_raw_json!(struct {name} "),
                    format!("debug_with_raw_json!( struct {name} "),
                    format!("debug_with_raw_json!(enum {name} "),
                    format!("debug_with_raw_json!( enum {name} "),
                ]
                .iter()
                .any(|m| all.contains(m.as_str()));
                let by_hand = all.contains(&format!("Debug for {name} "));
                if derived
                    || (by_hand && !BY_HAND.contains(&name.as_str()))
                    || (macro_made && by_hand)
                {
                    problems.push(format!(
                        "{file}: the Debug of {name} shows its raw JSON whole"
                    ));
                }
            }
        }
        assert!(
            checked > 100,
            "only {checked} types holding raw JSON were found"
        );
        assert!(problems.is_empty(), "{problems:#?}");
    }
}
