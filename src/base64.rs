//! Base64 (RFC 4648, the standard alphabet) for the media the API carries
//! as text: images, files and audio sent inline, and generated images.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `bytes` in base64, padded with `=`.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    let sextet = |n: u32, shift: u32| {
        let digit = ALPHABET.get((n >> shift & 63) as usize).copied();
        char::from(digit.unwrap_or(b'A'))
    };
    for chunk in bytes.chunks(3) {
        let b = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let n = b(0) << 16 | b(1) << 8 | b(2);
        out.push(sextet(n, 18));
        out.push(sextet(n, 12));
        out.push(if chunk.len() > 1 { sextet(n, 6) } else { '=' });
        out.push(if chunk.len() > 2 { sextet(n, 0) } else { '=' });
    }
    out
}

/// A `data:` URL of `bytes`: `data:{media_type};base64,{base64}`.
pub(crate) fn data_url(media_type: &str, bytes: &[u8]) -> String {
    format!("data:{media_type};base64,{}", encode(bytes))
}

/// Why a text is not base64: the byte offset of the first character that
/// cannot be where it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct InvalidBase64 {
    pub(crate) at: usize,
}

/// The bytes of base64 `text` (the standard alphabet; the closing `=`
/// padding may be left out), or of the base64 part of a `data:` URL.
pub(crate) fn decode(text: &str) -> Result<Vec<u8>, InvalidBase64> {
    let start = match text.strip_prefix("data:") {
        Some(rest) => match rest.find(";base64,") {
            Some(i) => "data:".len() + i + ";base64,".len(),
            None => return Err(InvalidBase64 { at: 0 }),
        },
        None => 0,
    };
    let body = text.as_bytes().get(start..).unwrap_or_default();
    let padding = body.iter().rev().take_while(|&&b| b == b'=').count();
    let digits = body.get(..body.len() - padding).unwrap_or_default();
    let mut out = Vec::with_capacity(digits.len() / 4 * 3 + 2);
    let mut acc = 0u32;
    let mut bits: u32 = 0;
    for (i, &c) in digits.iter().enumerate() {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return Err(InvalidBase64 { at: start + i }),
        };
        acc = acc << 6 | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A last group of one digit holds no whole byte; padding only fills a
    // group out to four.
    if digits.len() % 4 == 1 || padding > 2 || (padding > 0 && (digits.len() + padding) % 4 != 0) {
        return Err(InvalidBase64 {
            at: start + digits.len(),
        });
    }
    // The bits left over must be zero: otherwise two texts would give the
    // same bytes.
    if acc != 0 {
        return Err(InvalidBase64 {
            at: start + digits.len().saturating_sub(1),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_test_vectors() {
        for (bytes, text) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(bytes.as_bytes()), text);
            assert_eq!(decode(text).unwrap(), bytes.as_bytes());
            assert_eq!(
                decode(text.trim_end_matches('=')).unwrap(),
                bytes.as_bytes()
            );
        }
    }

    #[test]
    fn every_byte_value_round_trips() {
        let bytes: Vec<u8> = (0..=255).chain((0..=255).rev()).collect();
        for len in 0..bytes.len() {
            let text = encode(&bytes[..len]);
            assert_eq!(decode(&text).unwrap(), &bytes[..len]);
        }
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn data_urls_are_written_and_read() {
        let url = data_url("image/png", b"\x89PNG");
        assert_eq!(url, "data:image/png;base64,iVBORw==");
        assert_eq!(decode(&url).unwrap(), b"\x89PNG");
        assert_eq!(
            decode("data:image/png,iVBORw=="),
            Err(InvalidBase64 { at: 0 })
        );
    }

    #[test]
    fn what_is_not_base64_is_refused_where_it_goes_wrong() {
        assert_eq!(decode("Zm9v!"), Err(InvalidBase64 { at: 4 }));
        assert_eq!(decode("Zm 9v"), Err(InvalidBase64 { at: 2 }));
        assert_eq!(decode("Z"), Err(InvalidBase64 { at: 1 }));
        assert_eq!(decode("Zm9vY"), Err(InvalidBase64 { at: 5 }));
        assert_eq!(decode("Zg==="), Err(InvalidBase64 { at: 2 }));
        assert_eq!(decode("Zg="), Err(InvalidBase64 { at: 2 }));
        assert_eq!(decode("Zm9v===="), Err(InvalidBase64 { at: 4 }));
        assert_eq!(decode("=="), Err(InvalidBase64 { at: 0 }));
        // Bits past the last byte must be zero.
        assert_eq!(decode("Zh=="), Err(InvalidBase64 { at: 1 }));
        assert_eq!(decode("data:x;base64,Zm9v!"), Err(InvalidBase64 { at: 18 }));
    }

    proptest::proptest! {
        #[test]
        fn decoding_inverts_encoding(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            proptest::prop_assert_eq!(decode(&encode(&bytes)).unwrap(), bytes);
        }

        #[test]
        fn any_text_decodes_or_says_where_it_is_wrong(text in "[A-Za-z0-9+/=: ;,]{0,40}") {
            match decode(&text) {
                // What decodes is what encoding gives back, padding aside.
                Ok(bytes) if !text.starts_with("data:") => {
                    let again = encode(&bytes);
                    proptest::prop_assert_eq!(again.trim_end_matches('='), text.trim_end_matches('='));
                }
                Ok(_) => {}
                Err(e) => proptest::prop_assert!(e.at <= text.len()),
            }
        }
    }
}
