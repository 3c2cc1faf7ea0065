//! Unit tests of the exact request body.

use serde_json::{json, Value};

use super::*;

fn body(request: &Request, stream: bool) -> Value {
    let bytes = request.to_json_body(stream).expect("serializes");
    serde_json::from_slice(&bytes).expect("valid JSON")
}

#[test]
fn stream_is_omitted_when_false_and_true_when_streaming() {
    let request = Request::builder().model("m").input("hi").build();
    assert_eq!(body(&request, false), json!({"model": "m", "input": "hi"}));
    assert_eq!(
        body(&request, true),
        json!({"model": "m", "input": "hi", "stream": true})
    );
}

#[test]
fn empty_request_is_an_empty_object() {
    assert_eq!(body(&Request::default(), false), json!({}));
    assert_eq!(body(&Request::default(), true), json!({"stream": true}));
}

#[test]
fn extra_stream_key_is_ignored_so_the_body_has_one_stream_key() {
    let request = Request::builder().extra("stream", json!(false)).build();
    let bytes = request.to_json_body(true).expect("serializes");
    let text = String::from_utf8(bytes).expect("utf8");
    assert_eq!(text.matches("\"stream\"").count(), 1, "{text}");
    assert_eq!(body(&request, false), json!({}));
}

#[test]
fn decoded_stream_key_does_not_survive() {
    let request: Request =
        serde_json::from_value(json!({"model": "m", "stream": true})).expect("decodes");
    assert_eq!(body(&request, false), json!({"model": "m"}));
    assert!(request.extra().is_empty());
}

#[test]
fn extras_are_flattened_into_the_body() {
    let request = Request::builder()
        .model("m")
        .extra("new_param", json!({"a": 1}))
        .build();
    assert_eq!(
        body(&request, true),
        json!({"model": "m", "new_param": {"a": 1}, "stream": true})
    );
}

#[test]
fn later_extra_replaces_a_modelled_field_without_duplicate_keys() {
    let request = Request::builder()
        .temperature(0.5)
        .extra("temperature", json!(null))
        .build();
    let bytes = request.to_json_body(false).expect("serializes");
    let text = String::from_utf8(bytes).expect("utf8");
    assert_eq!(text, r#"{"temperature":null}"#);
}

#[test]
fn later_setter_replaces_an_extra_with_the_same_key() {
    let request = Request::builder()
        .extra("model", json!("from-extra"))
        .model("from-setter")
        .extra("tools", json!("x"))
        .tool(Tool::openrouter_datetime())
        .build();
    let bytes = request.to_json_body(false).expect("serializes");
    let text = String::from_utf8(bytes).expect("utf8");
    assert_eq!(text.matches("\"model\"").count(), 1);
    assert_eq!(
        serde_json::from_str::<Value>(&text).expect("json"),
        json!({"model": "from-setter", "tools": [{"type": "openrouter:datetime"}]})
    );
}

#[test]
fn every_modelled_field_name_is_cleared_by_extra() {
    // Build a request with all scalar fields set, then override each through extra:
    // none may remain twice in the output.
    let full = Request::builder()
        .model("m")
        .fallback_model("f")
        .input("i")
        .instructions("s")
        .metadata_entry("k", "v")
        .tool(Tool::openrouter_datetime())
        .tool_choice(ToolChoice::Auto)
        .parallel_tool_calls(true)
        .text_format(TextFormat::JsonObject)
        .reasoning_effort(ReasoningEffort::Low)
        .max_output_tokens(1u64)
        .temperature(1.0)
        .top_p(1.0)
        .top_k(1u64)
        .top_logprobs(1u64)
        .frequency_penalty(0.0)
        .presence_penalty(0.0)
        .max_tool_calls(1u64)
        .stop_server_tools_on(StopCondition::step_count_is(1))
        .modality(Modality::Text)
        .image_config_entry("aspect_ratio", "1:1")
        .prompt_cache_key("c")
        .prompt_cache_options(PromptCacheOptions::explicit())
        .cache_control(CacheControl::ephemeral())
        .previous_response_id("r")
        .prompt(Prompt::new("p"))
        .include_one(Include::ReasoningEncryptedContent)
        .background(false)
        .safety_identifier("s")
        .store(false)
        .service_tier(ServiceTier::Flex)
        .truncation(Truncation::Auto)
        .user("u")
        .session_id("s")
        .trace(Trace::new())
        .debug(DebugOptions::new())
        .x_search_filter(XSearchFilter::new())
        .provider(Provider::new())
        .plugin(Plugin::moderation());
    #[allow(deprecated)]
    let full = full.route(Route::Fallback);
    let keys: Vec<String> = match body(&full.clone().build(), false) {
        Value::Object(map) => map.keys().cloned().collect(),
        other => panic!("not an object: {other}"),
    };
    assert_eq!(keys.len(), 40, "{keys:?}");
    let mut overridden = full;
    for key in &keys {
        overridden = overridden.extra(key.clone(), json!("x"));
    }
    let expected: serde_json::Map<String, Value> =
        keys.iter().map(|k| (k.clone(), json!("x"))).collect();
    let request = overridden.build();
    assert_eq!(body(&request, false), Value::Object(expected));
    let text = String::from_utf8(request.to_json_body(false).expect("ser")).expect("utf8");
    for key in &keys {
        assert_eq!(text.matches(&format!("\"{key}\":")).count(), 1, "{key}");
    }
}

#[test]
fn input_image_by_file_id_is_typed() {
    let part = InputContent::image_file_id("file-img");
    let json = serde_json::to_value(&part).expect("ser");
    assert_eq!(
        json,
        json!({"type": "input_image", "detail": "auto", "file_id": "file-img"})
    );
    let back: InputContent = serde_json::from_value(json.clone()).expect("decodes");
    let InputContent::Image(image) = &back else {
        panic!("{back:?}")
    };
    assert_eq!(
        (image.file_id(), image.image_url()),
        (Some("file-img"), None)
    );
    assert_eq!(back, part);
    assert_eq!(serde_json::to_value(&back).expect("ser"), json);
}

#[test]
fn input_video_processing_is_typed_and_kept() {
    let part: InputContent = InputVideo::new("https://example.com/v.mp4")
        .processing(VideoProcessing::Agentic)
        .into();
    let json = serde_json::to_value(&part).expect("ser");
    assert_eq!(
        json,
        json!({"type": "input_video", "video_url": "https://example.com/v.mp4", "processing": "agentic"})
    );
    let back: InputContent = serde_json::from_value(json.clone()).expect("decodes");
    assert_eq!(back, part);
    assert_eq!(serde_json::to_value(&back).expect("ser"), json);
    // A mode this version does not know is typed, kept and sent as read.
    let odd = json!({"type": "input_video", "video_url": "v", "processing": "dynamic"});
    let back: InputContent = serde_json::from_value(odd.clone()).expect("decodes");
    let InputContent::Video(video) = &back else {
        panic!("{back:?}")
    };
    assert_eq!(
        video.get_processing(),
        Some(&VideoProcessing::Other("dynamic".into()))
    );
    assert_eq!(serde_json::to_value(&back).expect("ser"), odd);
    // A part without it reads and writes as before; a non-string is kept raw.
    let plain = json!({"type": "input_video", "video_url": "v"});
    let back: InputContent = serde_json::from_value(plain.clone()).expect("decodes");
    assert!(matches!(&back, InputContent::Video(v) if v.get_processing().is_none()));
    assert_eq!(serde_json::to_value(&back).expect("ser"), plain);
    let raw = json!({"type": "input_video", "video_url": "v", "processing": 1});
    let back: InputContent = serde_json::from_value(raw.clone()).expect("decodes");
    assert_eq!(back, InputContent::Unknown(raw));
}

#[test]
fn multimodal_parts_read_from_json_are_readable() {
    let item: InputItem = serde_json::from_value(json!({
        "role": "user",
        "content": [
            {"type": "input_image", "image_url": "data:image/png;base64,iVBO", "detail": "high"},
            {"type": "input_image", "image_url": null, "detail": "auto"},
            {"type": "input_file", "file_id": "file-1", "filename": "a.pdf"},
            {"type": "input_file", "file_url": "https://example.com/b.pdf"},
            {"type": "input_file", "file_data": "JVBE", "filename": "c.pdf"},
            {"type": "input_audio", "input_audio": {"data": "UklG", "format": "wav"}},
            {"type": "input_video", "video_url": "https://example.com/v.mp4"}
        ]
    }))
    .expect("decodes");
    let InputItem::Message(message) = &item else {
        panic!("{item:?}")
    };
    let Some(Content::Parts(parts)) = message.content() else {
        panic!("{message:?}")
    };
    let seen: Vec<String> = parts
        .iter()
        .map(|part| match part {
            InputContent::Image(i) => format!("image {:?} {}", i.image_url(), i.get_detail()),
            InputContent::File(f) => {
                format!(
                    "file {:?} {:?} {:?} {:?}",
                    f.get_file_id(),
                    f.get_file_url(),
                    f.get_file_data(),
                    f.get_filename()
                )
            }
            InputContent::Audio(a) => format!("audio {} {}", a.data(), a.format()),
            InputContent::Video(v) => format!("video {}", v.video_url()),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        seen,
        [
            "image Some(\"data:image/png;base64,iVBO\") high",
            "image None auto",
            "file Some(\"file-1\") None None Some(\"a.pdf\")",
            "file None Some(\"https://example.com/b.pdf\") None None",
            "file None None Some(\"JVBE\") Some(\"c.pdf\")",
            "audio UklG wav",
            "video https://example.com/v.mp4",
        ]
    );
    // Audio and video parts convert into content like the others.
    let parts: Vec<InputContent> = vec![
        InputAudio::new(AudioFormat::Mp3, "UklG").into(),
        InputVideo::new("https://example.com/v.mp4").into(),
    ];
    assert_eq!(
        serde_json::to_value(&parts).expect("ser"),
        json!([
            {"type": "input_audio", "input_audio": {"data": "UklG", "format": "mp3"}},
            {"type": "input_video", "video_url": "https://example.com/v.mp4"}
        ])
    );
}

/// Every media constructor takes what the data is (a filename, a media
/// type, an audio format) first and the data last, audio as the others.
#[test]
fn media_constructors_take_the_data_last() {
    let wav = json!({"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}});
    assert_eq!(
        serde_json::to_value(InputContent::audio("wav", "UklGRg==")).unwrap(),
        wav
    );
    assert_eq!(
        serde_json::to_value(InputContent::from(InputAudio::new("wav", "UklGRg=="))).unwrap(),
        wav
    );
    assert_eq!(
        serde_json::to_value(InputContent::audio_bytes("wav", b"RIFF")).unwrap(),
        wav
    );
    let image = serde_json::to_value(InputContent::image_bytes("image/png", b"RIFF")).unwrap();
    assert_eq!(image["image_url"], "data:image/png;base64,UklGRg==");
    let file = serde_json::to_value(InputContent::file_data("a.wav", "UklGRg==")).unwrap();
    assert_eq!(file["file_data"], "UklGRg==");
}

#[test]
fn media_parts_carry_their_bytes_in_base64() {
    let bytes = [0u8, 1, 2, 0xfb, 0xff];
    assert_eq!(
        serde_json::to_value(InputContent::audio_bytes(AudioFormat::Wav, &bytes)).unwrap(),
        json!({"type": "input_audio", "input_audio": {"data": "AAEC+/8=", "format": "wav"}})
    );
    assert_eq!(
        serde_json::to_value(InputContent::video_bytes("video/mp4", &bytes)).unwrap(),
        json!({"type": "input_video", "video_url": "data:video/mp4;base64,AAEC+/8="})
    );
    let image = serde_json::to_value(InputContent::image_bytes("image/webp", &bytes)).unwrap();
    assert_eq!(image["image_url"], "data:image/webp;base64,AAEC+/8=");
    let file = serde_json::to_value(InputContent::file_bytes(
        "a.bin",
        "application/octet-stream",
        &[],
    ))
    .unwrap();
    assert_eq!(file["file_data"], "data:application/octet-stream;base64,");
}

#[test]
fn merge_provider_sets_its_members_on_a_typed_provider_and_keeps_the_others() {
    let caller = Provider::new()
        .order(["openai", "azure"])
        .only(["openai"])
        .zdr(false)
        .data_collection(DataCollection::Allow)
        .max_price(MaxPrice::new().prompt(1).completion(2))
        .sort(SortBy::Price);
    let forwarded = Request::builder()
        .provider(caller)
        .merge_provider(
            Provider::new()
                .zdr(true)
                .data_collection(DataCollection::Deny)
                .max_price(MaxPrice::new().prompt("0.5")),
        )
        .build();
    let expected = json!({"order": ["openai", "azure"], "only": ["openai"], "zdr": true,
        "data_collection": "deny", "max_price": {"prompt": "0.5"}, "sort": "price"});
    assert_eq!(body(&forwarded, false), json!({"provider": expected}));
    // Still typed, readable through the getter.
    let provider = forwarded.provider().expect("typed");
    assert_eq!(provider.get_zdr(), Some(true));
    assert_eq!(
        provider.get_order(),
        Some(&["openai".to_owned(), "azure".to_owned()][..])
    );
}

#[test]
fn merge_provider_overrides_every_member_it_sets() {
    let all = || {
        Provider::new()
            .allow_fallbacks(true)
            .require_parameters(true)
            .data_collection(DataCollection::Allow)
            .zdr(false)
            .enforce_distillable_text(false)
            .order(["a"])
            .only(["b"])
            .ignore(["c"])
            .quantizations([Quantization::Fp8])
            .sort(SortBy::Price)
            .max_price(MaxPrice::new().prompt(1))
            .preferred_max_latency(1.0)
            .preferred_min_throughput(10.0)
    };
    let overrides = Provider::new()
        .allow_fallbacks(false)
        .require_parameters(false)
        .data_collection(DataCollection::Deny)
        .zdr(true)
        .enforce_distillable_text(true)
        .order(["x"])
        .only(["y"])
        .ignore(["z"])
        .quantizations([Quantization::Bf16])
        .sort(SortBy::Latency)
        .max_price(MaxPrice::new().completion(2))
        .preferred_max_latency(2.0)
        .preferred_min_throughput(20.0);
    let merged = Request::builder()
        .provider(all())
        .merge_provider(overrides.clone())
        .build();
    assert_eq!(merged.provider(), Some(&overrides));
    let unchanged = Request::builder()
        .provider(all())
        .merge_provider(Provider::new())
        .build();
    assert_eq!(unchanged.provider(), Some(&all()));
}

#[test]
fn merge_provider_sets_members_of_a_raw_provider_in_place() {
    let received: Request = serde_json::from_value(json!({
        "model": "m",
        "provider": {"order": ["openai", "azure"], "zdr": false, "x-provider": {"tier": 2},
            "max_price": {"prompt": 1, "x-unit": "usd"}}
    }))
    .expect("decodes");
    assert!(received.provider().is_none(), "held raw");
    let forwarded = received
        .into_builder()
        .merge_provider(
            Provider::new()
                .zdr(true)
                .data_collection(DataCollection::Deny),
        )
        .build();
    assert_eq!(
        body(&forwarded, false),
        json!({"model": "m", "provider": {"order": ["openai", "azure"], "zdr": true,
            "x-provider": {"tier": 2}, "max_price": {"prompt": 1, "x-unit": "usd"},
            "data_collection": "deny"}})
    );
    // One set through `extra` too.
    let forwarded = Request::builder()
        .extra("provider", json!({"x-new": [1]}))
        .merge_provider(Provider::new().zdr(true))
        .build();
    assert_eq!(
        body(&forwarded, false),
        json!({"provider": {"x-new": [1], "zdr": true}})
    );
}

#[test]
fn merge_provider_without_a_provider_sends_the_overrides() {
    let forwarded = Request::builder()
        .model("m")
        .merge_provider(Provider::new().zdr(true))
        .build();
    assert_eq!(
        body(&forwarded, false),
        json!({"model": "m", "provider": {"zdr": true}})
    );
    assert_eq!(forwarded.provider(), Some(&Provider::new().zdr(true)));
    // A `provider` that is not an object is replaced.
    let forwarded = Request::builder()
        .extra("provider", "openai")
        .merge_provider(Provider::new().zdr(true))
        .build();
    assert_eq!(body(&forwarded, false), json!({"provider": {"zdr": true}}));
    assert!(forwarded.extra().is_empty());
}
