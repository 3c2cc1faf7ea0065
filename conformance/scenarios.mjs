// Request scenarios, SDK side.
//
// Each entry is one logical request, written the way a user of the official
// SDK writes it: camelCase keys in `client.responses.send({ responsesRequest })`.
// The driver (driver/src/scenarios.rs) builds the same request under the same
// name with the crate's typed builders. The orchestrator sends both to the
// recording server and compares the bodies and headers.
//
// Fields of a scenario:
// - `name`: shared with the driver's table.
// - `covers`: the wire paths the scenario is about (documentation and a
//   coverage summary at the end of a run).
// - `request`: the SDK's `responsesRequest` value.
// - `headers`: per-call headers (SDK `RequestOptions.headers`, crate
//   `RequestOptions::new().header(..)`).
// - `client`: client options; attribution defaults to `ATTRIBUTION` below.
// - `stream`: send with `stream: true` on the SDK and `Client::stream` on the crate.
// - `note`: where the SDK and the spec disagree for this scenario, which one is
//   right and why.
// - `sdkDrops`: wire paths (with the value the spec says belongs there) that
//   the SDK is known to drop; the crate must send them, and the SDK must still
//   drop them (so the list stays honest).
//
// Map keys inside opaque objects (JSON schemas, metadata, prompt variables,
// image_config, trace) are written in snake_case or single words on purpose:
// the suite checks that every key the SDK was given reaches the wire in
// snake_case, which only works when the opaque keys are already snake_case.

export const ATTRIBUTION = { appUrl: "https://conformance.example/app", appTitle: "Conformance Suite" };

const SCHEMA = {
  type: "object",
  properties: { city: { type: "string", description: "City name" }, unit: { type: "string", enum: ["c", "f"] } },
  required: ["city"],
  additionalProperties: false,
};

/** @type {Array<{name: string, covers: string[], request: object, headers?: Record<string,string>, client?: object, stream?: boolean, note?: string}>} */
export const SCENARIOS = [
  // --- basics and scalar parameters -------------------------------------------------
  {
    name: "basic_string_input",
    covers: ["model", "input (string)"],
    request: { model: "openai/gpt-4o", input: "Say hello." },
    note:
      "The SDK always adds `store: false`, `stream: false` and `service_tier: \"auto\"`. All three are the spec's declared " +
      "defaults (`ResponsesRequest.properties.*.default`), so omitting them means the same; the suite treats a key " +
      "that is absent on one side and equal to the spec default on the other as equal. Decision: both fine; not " +
      "sending `service_tier` is preferable (the Go SDK dropped that default for the same reason).",
  },
  {
    name: "sampling_parameters",
    covers: ["instructions", "temperature", "top_p", "top_k", "max_output_tokens", "top_logprobs", "frequency_penalty", "presence_penalty"],
    request: {
      model: "openai/gpt-4o",
      input: "Write a haiku.",
      instructions: "You are terse.",
      temperature: 0.7,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 256,
      topLogprobs: 3,
      frequencyPenalty: 0.5,
      presencePenalty: -0.25,
    },
  },
  {
    name: "control_parameters",
    covers: ["parallel_tool_calls", "max_tool_calls", "background", "truncation", "service_tier", "safety_identifier", "user", "session_id", "prompt_cache_key"],
    request: {
      model: "openai/gpt-4o",
      input: "hi",
      parallelToolCalls: false,
      maxToolCalls: 12,
      background: false,
      truncation: "auto",
      serviceTier: "flex",
      safetyIdentifier: "user-hash-42",
      user: "end-user-7",
      sessionId: "session-abc",
      promptCacheKey: "cache-key-1",
    },
  },
  {
    name: "truncation_disabled_service_tier_priority",
    covers: ["truncation=disabled", "service_tier=priority"],
    request: { model: "openai/gpt-4o", input: "hi", truncation: "disabled", serviceTier: "priority" },
  },
  {
    name: "models_fallback",
    covers: ["models", "model omitted"],
    request: { models: ["anthropic/claude-sonnet-4.5", "openai/gpt-4o", "google/gemini-2.5-pro"], input: "hi" },
  },
  {
    name: "include_and_metadata",
    covers: ["include (every value)", "metadata"],
    request: {
      model: "openai/gpt-4o",
      input: "hi",
      include: [
        "file_search_call.results",
        "message.input_image.image_url",
        "computer_call_output.output.image_url",
        "reasoning.encrypted_content",
        "code_interpreter_call.outputs",
      ],
      metadata: { customer: "acme", ticket_id: "T-1001" },
    },
  },
  {
    name: "modalities_image_config",
    covers: ["modalities", "image_config (string, number, array values)"],
    request: {
      model: "google/gemini-2.5-flash-image",
      input: "Draw a cat.",
      modalities: ["text", "image"],
      imageConfig: { aspect_ratio: "16:9", quality: "high", guidance: 7.5, seeds: [1, 2] },
    },
  },
  {
    name: "cache_and_prompt_cache_options",
    covers: ["cache_control (ttl)", "prompt_cache_options"],
    request: {
      model: "anthropic/claude-sonnet-4.5",
      input: "hi",
      cacheControl: { type: "ephemeral", ttl: "1h" },
      promptCacheOptions: { mode: "explicit", ttl: "30m" },
    },
  },
  {
    name: "stop_server_tools_when",
    covers: ["stop_server_tools_when (every condition)"],
    request: {
      model: "openai/gpt-4o",
      input: "research this",
      stopServerToolsWhen: [
        { type: "step_count_is", stepCount: 5 },
        { type: "has_tool_call", toolName: "finish" },
        { type: "max_tokens_used", maxTokens: 20000 },
        { type: "max_cost", maxCostInDollars: 0.5 },
        { type: "finish_reason_is", reason: "stop" },
      ],
    },
  },
  {
    name: "trace_and_debug",
    covers: ["trace (known keys + extra key)", "debug.echo_upstream_body"],
    request: {
      model: "openai/gpt-4o",
      input: "hi",
      trace: {
        traceId: "trace-1",
        traceName: "checkout",
        spanName: "answer",
        generationName: "gen-a",
        parentSpanId: "span-0",
        environment: "staging",
      },
      debug: { echoUpstreamBody: true },
    },
    sdkDrops: { "/trace/environment": "staging" },
    note:
      "SDK differs from the spec: `TraceConfig` has `additionalProperties: {}` (extra keys are passed on to broadcast " +
      "destinations), but the SDK's zod object strips unknown keys, so `environment` never reaches the wire. " +
      "Decision: the spec is right; the crate must send the extra key.",
  },

  // --- input items and content parts ----------------------------------------------
  {
    name: "easy_messages_all_roles",
    covers: ["EasyInputMessage: role user/system/developer/assistant, string content, type omitted and given, phase"],
    request: {
      model: "openai/gpt-4o",
      input: [
        { role: "system", content: "Be brief." },
        { role: "developer", content: "Answer in English." },
        { type: "message", role: "user", content: "What is 2+2?" },
        { type: "message", role: "assistant", content: "4", phase: "final_answer" },
        { type: "message", role: "user", content: "And 3+3?" },
      ],
    },
  },
  {
    name: "input_text_part",
    covers: ["input_text", "input_text.prompt_cache_breakpoint"],
    request: {
      model: "openai/gpt-4o",
      input: [
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "A long shared prefix.", promptCacheBreakpoint: { mode: "explicit" } },
            { type: "input_text", text: "The question." },
          ],
        },
      ],
    },
  },
  {
    name: "input_image_part",
    covers: ["input_image (detail each value, url and data url)"],
    request: {
      model: "openai/gpt-4o",
      input: [
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_text", text: "Compare these." },
            { type: "input_image", detail: "high", imageUrl: "https://example.com/a.png" },
            { type: "input_image", detail: "low", imageUrl: "data:image/png;base64,iVBORw0KGgo=" },
            { type: "input_image", detail: "auto", imageUrl: "https://example.com/b.png" },
            { type: "input_image", detail: "original", imageUrl: "https://example.com/c.png" },
          ],
        },
      ],
    },
  },
  {
    name: "input_file_part",
    covers: ["input_file: file_id, file_data+filename, file_url"],
    request: {
      model: "openai/gpt-4o",
      input: [
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_file", fileId: "file-123" },
            { type: "input_file", fileData: "data:application/pdf;base64,JVBERi0=", filename: "doc.pdf" },
            { type: "input_file", fileUrl: "https://example.com/report.pdf" },
          ],
        },
      ],
    },
  },
  {
    name: "input_audio_and_video_parts",
    covers: ["input_audio (mp3, wav)", "input_video"],
    request: {
      model: "google/gemini-2.5-pro",
      input: [
        {
          type: "message",
          role: "user",
          content: [
            { type: "input_audio", inputAudio: { data: "SUQzBAAAAA==", format: "mp3" } },
            { type: "input_audio", inputAudio: { data: "UklGRiQAAABXQVZF", format: "wav" } },
            { type: "input_video", videoUrl: "https://example.com/clip.mp4" },
          ],
        },
      ],
    },
  },
  {
    name: "input_message_item_with_id",
    covers: ["InputMessageItem (id, role, content parts)"],
    request: {
      model: "openai/gpt-4o",
      input: [
        { id: "msg_in_1", type: "message", role: "user", content: [{ type: "input_text", text: "hello" }] },
      ],
    },
    sdkDrops: { "/input/0/id": "msg_in_1" },
    note:
      "SDK differs from the spec: the SDK's input union tries `EasyInputMessage` before `InputMessageItem`; zod's " +
      "first match wins and strips the unknown `id`, so the item goes out without its id. The spec's " +
      "`InputMessageItem` has `id`. Decision: the spec is right; the crate must keep the id.",
  },
  {
    name: "assistant_output_message_echo",
    covers: ["output message echoed as input: id, status, phase, output_text with annotations, refusal"],
    request: {
      model: "openai/gpt-4o",
      input: [
        { type: "message", role: "user", content: "Cite something." },
        {
          type: "message",
          id: "msg_out_1",
          role: "assistant",
          status: "completed",
          phase: "final_answer",
          content: [
            {
              type: "output_text",
              text: "See the source.",
              annotations: [
                { type: "url_citation", url: "https://example.com", title: "Example", startIndex: 4, endIndex: 14 },
                { type: "file_citation", fileId: "file-9", filename: "notes.txt", index: 0 },
                { type: "file_path", fileId: "file-10", index: 1 },
              ],
            },
            { type: "refusal", refusal: "I will not say more." },
          ],
        },
        { type: "message", role: "user", content: "Thanks." },
      ],
    },
  },
  {
    name: "reasoning_item_echo",
    covers: ["reasoning item: id, summary, content, encrypted_content, status, format, signature"],
    request: {
      model: "anthropic/claude-sonnet-4.5",
      input: [
        { type: "message", role: "user", content: "Think." },
        {
          type: "reasoning",
          id: "rs_1",
          summary: [{ type: "summary_text", text: "Considered options." }],
          content: [{ type: "reasoning_text", text: "Step one." }],
          encryptedContent: "gAAAAB-opaque",
          status: "completed",
          format: "anthropic-claude-v1",
          signature: "sig-abc",
        },
        { type: "message", role: "user", content: "Go on." },
      ],
    },
  },
  {
    name: "function_call_round_trip",
    covers: ["function_call item (id, call_id, name, arguments, status)", "function_call_output (string output)"],
    request: {
      model: "openai/gpt-4o",
      input: [
        { type: "message", role: "user", content: "Weather in Paris?" },
        { type: "function_call", id: "fc_1", callId: "call_1", name: "get_weather", arguments: "{\"city\":\"Paris\"}", status: "completed" },
        { type: "function_call_output", callId: "call_1", output: "{\"temp_c\":21}" },
      ],
    },
  },
  {
    name: "function_call_output_multimodal",
    covers: ["function_call_output with [input_text, input_image, input_file] output"],
    request: {
      model: "openai/gpt-4o",
      input: [
        { type: "function_call", callId: "call_2", name: "screenshot", arguments: "{}" },
        {
          type: "function_call_output",
          callId: "call_2",
          output: [
            { type: "input_text", text: "Here is the screen." },
            { type: "input_image", detail: "auto", imageUrl: "https://example.com/screen.png" },
            { type: "input_file", fileId: "file-22" },
          ],
        },
      ],
    },
  },
  {
    name: "custom_tool_call_round_trip",
    covers: ["custom_tool_call item", "custom_tool_call_output item"],
    request: {
      model: "openai/gpt-5",
      input: [
        { type: "custom_tool_call", id: "ctc_1", callId: "call_3", name: "run_sql", input: "SELECT 1" },
        { type: "custom_tool_call_output", callId: "call_3", output: "1" },
      ],
    },
  },
  {
    name: "apply_patch_round_trip",
    covers: ["apply_patch_call (create_file, update_file, delete_file)", "apply_patch_call_output"],
    request: {
      model: "openai/gpt-5",
      input: [
        { type: "apply_patch_call", id: "ap_1", callId: "call_4", status: "completed", operation: { type: "create_file", path: "a.txt", diff: "+hello\n" } },
        { type: "apply_patch_call_output", callId: "call_4", status: "completed", output: "created" },
        { type: "apply_patch_call", callId: "call_5", status: "completed", operation: { type: "update_file", path: "a.txt", diff: "-hello\n+bye\n" } },
        { type: "apply_patch_call_output", callId: "call_5", status: "failed" },
        { type: "apply_patch_call", callId: "call_6", status: "in_progress", operation: { type: "delete_file", path: "a.txt" } },
      ],
    },
  },

  {
    name: "agent_mcp_and_compaction_items",
    covers: [
      "local_shell_call (action exec: command, env, timeout_ms, user, working_directory)", "local_shell_call_output",
      "mcp_approval_request", "mcp_approval_response", "mcp_call (output, error)", "mcp_list_tools (tools, error)",
      "agent_message (input_text, input_image, encrypted_content, agent)", "additional_tools", "compaction",
      "context_compaction", "item_reference",
    ],
    request: {
      model: "openai/gpt-5",
      input: [
        {
          type: "local_shell_call", id: "lsc_1", callId: "call_7", status: "completed",
          action: { type: "exec", command: ["ls", "-la"], env: { PATH: "/usr/bin" }, timeoutMs: 5000, user: "me", workingDirectory: "/tmp" },
        },
        { type: "local_shell_call_output", id: "lsc_1", output: "total 0\n", status: "completed" },
        { type: "mcp_approval_request", id: "mcpr_1", serverLabel: "docs", name: "delete_page", arguments: "{\"page\":7}" },
        { type: "mcp_approval_response", approvalRequestId: "mcpr_1", approve: false, reason: "not today" },
        { type: "mcp_call", id: "mcp_1", serverLabel: "docs", name: "read_page", arguments: "{\"page\":7}", output: "Page 7" },
        { type: "mcp_call", id: "mcp_2", serverLabel: "docs", name: "read_page", arguments: "{}", error: "no page" },
        {
          type: "mcp_list_tools", id: "mcpl_1", serverLabel: "docs",
          tools: [{ name: "read_page", inputSchema: { type: "object" }, description: "Reads a page", annotations: { readOnlyHint: true } }],
        },
        { type: "mcp_list_tools", id: "mcpl_2", serverLabel: "broken", tools: [], error: "unreachable" },
        {
          type: "agent_message", id: "am_1", author: "planner", recipient: "coder", agent: { agentName: "planner" },
          content: [
            { type: "input_text", text: "Write the tests." },
            { type: "input_image", imageUrl: "https://example.com/plan.png", detail: "auto" },
            { type: "encrypted_content", encryptedContent: "gAAAA" },
          ],
        },
        { type: "additional_tools", id: "at_1", role: "developer", tools: [{ type: "function", name: "get_weather", description: "Current weather", parameters: SCHEMA }] },
        { type: "compaction", id: "cmp_1", encryptedContent: "gAAAAsummary" },
        { type: "context_compaction", id: "ctx_1", encryptedContent: "gAAAActx" },
        { type: "context_compaction" },
        { type: "item_reference", id: "msg_0" },
      ],
    },
  },

  // --- tools -----------------------------------------------------------------------
  {
    name: "tool_function",
    covers: ["function tool: name, description, parameters, strict, defer_loading"],
    request: {
      model: "openai/gpt-4o",
      input: "Weather?",
      tools: [
        { type: "function", name: "get_weather", description: "Current weather", parameters: SCHEMA, strict: true },
        { type: "function", name: "lookup_rare", parameters: { type: "object", properties: {} }, deferLoading: true },
      ],
    },
  },
  {
    name: "tool_function_null_parameters",
    covers: ["function tool with `parameters: null` (key required, value nullable)"],
    request: {
      model: "openai/gpt-4o",
      input: "ping",
      tools: [{ type: "function", name: "ping", parameters: null }],
    },
    note:
      "The spec makes `parameters` a required key whose value may be null; a function tool without parameters " +
      "must therefore still send `\"parameters\": null`. The SDK enforces this (its type has no optional parameters).",
  },
  {
    name: "tool_web_search_openai_variants",
    covers: ["web_search_preview", "web_search_preview_2025_03_11", "web_search", "web_search_2025_08_26 (filters, user_location, engine, mode, max_results, search_context_size)"],
    request: {
      model: "openai/gpt-4o",
      input: "news",
      tools: [
        { type: "web_search_preview", searchContextSize: "low", userLocation: { type: "approximate", city: "Paris", country: "FR" } },
        { type: "web_search_preview_2025_03_11" },
        { type: "web_search", engine: "exa", maxResults: 5 },
        {
          type: "web_search_2025_08_26",
          engine: "native",
          filters: { allowedDomains: ["example.com"] },
          searchContextSize: "high",
          userLocation: { type: "approximate", city: "Berlin", region: "BE", country: "DE", timezone: "Europe/Berlin" },
        },
      ],
    },
  },
  {
    name: "tool_file_search",
    covers: ["file_search: vector_store_ids, comparison filter, compound filter, max_num_results, ranking_options"],
    request: {
      model: "openai/gpt-4o",
      input: "find it",
      tools: [
        {
          type: "file_search",
          vectorStoreIds: ["vs_1", "vs_2"],
          maxNumResults: 8,
          rankingOptions: { ranker: "auto", scoreThreshold: 0.4 },
          filters: {
            type: "and",
            filters: [
              { key: "year", type: "gte", value: 2020 },
              { key: "lang", type: "eq", value: "en" },
            ],
          },
        },
        { type: "file_search", vectorStoreIds: ["vs_3"], filters: { key: "public", type: "eq", value: true } },
      ],
    },
  },
  {
    name: "tool_computer_and_code_interpreter",
    covers: ["computer_use_preview", "code_interpreter (string container, auto container with file_ids and memory_limit)"],
    request: {
      model: "openai/gpt-4o",
      input: "do it",
      tools: [
        { type: "computer_use_preview", displayWidth: 1280, displayHeight: 800, environment: "browser" },
        { type: "code_interpreter", container: "cntr_123" },
        { type: "code_interpreter", container: { type: "auto", fileIds: ["file-1"], memoryLimit: "4g" } },
      ],
    },
  },
  {
    name: "tool_mcp",
    covers: ["mcp: server_label, server_url, headers, allowed_tools (list and filter), require_approval (string and object), server_description"],
    request: {
      model: "openai/gpt-4o",
      input: "use mcp",
      tools: [
        {
          type: "mcp",
          serverLabel: "docs",
          serverUrl: "https://mcp.example.com/sse",
          serverDescription: "Docs server",
          headers: { authorization: "Bearer t" },
          allowedTools: ["search", "fetch"],
          requireApproval: "never",
        },
        {
          type: "mcp",
          serverLabel: "crm",
          connectorId: "connector_gmail",
          authorization: "token-1",
          allowedTools: { readOnly: true, toolNames: ["list"] },
          requireApproval: { always: { toolNames: ["delete"] }, never: { toolNames: ["list"] } },
        },
      ],
    },
  },
  {
    name: "tool_image_generation",
    covers: ["image_generation tool options"],
    request: {
      model: "openai/gpt-4o",
      input: "paint",
      tools: [
        {
          type: "image_generation",
          background: "transparent",
          inputFidelity: "high",
          inputImageMask: { imageUrl: "https://example.com/mask.png" },
          model: "gpt-image-1",
          moderation: "low",
          outputCompression: 80,
          outputFormat: "webp",
          partialImages: 2,
          quality: "high",
          size: "1024x1024",
        },
      ],
    },
  },
  {
    name: "tool_shells_and_apply_patch",
    covers: ["local_shell", "shell", "apply_patch"],
    request: {
      model: "openai/gpt-5",
      input: "fix",
      tools: [{ type: "local_shell" }, { type: "shell" }, { type: "apply_patch" }],
    },
  },
  {
    name: "tool_custom_and_namespace",
    covers: ["custom tool (text format, grammar format)", "namespace tool with function + custom tools"],
    request: {
      model: "openai/gpt-5",
      input: "go",
      tools: [
        { type: "custom", name: "free_text", description: "Anything", format: { type: "text" } },
        { type: "custom", name: "sql", format: { type: "grammar", syntax: "lark", definition: "start: \"SELECT\"" } },
        {
          type: "namespace",
          name: "billing",
          description: "Billing tools",
          tools: [
            { type: "function", name: "refund", description: "Refund an order", parameters: SCHEMA },
            { type: "custom", name: "note" },
          ],
        },
      ],
    },
  },
  {
    name: "tool_openrouter_server_tools",
    covers: ["openrouter:web_search", "openrouter:web_fetch", "openrouter:datetime", "openrouter:image_generation", "openrouter:experimental__search_models", "openrouter:tool_search", "openrouter:files", "openrouter:apply_patch", "openrouter:bash", "openrouter:shell"],
    request: {
      model: "openai/gpt-4o",
      input: "use server tools",
      tools: [
        {
          type: "openrouter:web_search",
          parameters: { engine: "exa", allowedDomains: ["example.com"], maxResults: 5, maxTotalResults: 20, searchContextSize: "medium" },
        },
        { type: "openrouter:web_fetch", parameters: { engine: "auto", blockedDomains: ["bad.example"], maxContentTokens: 4000, maxUses: 3 } },
        { type: "openrouter:datetime", parameters: { timezone: "Europe/Paris" } },
        { type: "openrouter:image_generation", parameters: { model: "openai/gpt-5-image" } },
        { type: "openrouter:experimental__search_models", parameters: { maxResults: 3 } },
        { type: "openrouter:tool_search", parameters: { maxResults: 4 } },
        { type: "openrouter:files", parameters: {} },
        { type: "openrouter:apply_patch", parameters: { engine: "openrouter" } },
        { type: "openrouter:bash", parameters: { environment: { type: "container_auto" } } },
        { type: "openrouter:shell", parameters: { environment: { type: "container_reference", containerId: "cntr_9" } } },
      ],
    },
  },
  {
    name: "tool_openrouter_agents",
    covers: ["openrouter:advisor", "openrouter:subagent", "openrouter:fusion"],
    request: {
      model: "openai/gpt-4o",
      input: "delegate",
      tools: [
        { type: "openrouter:advisor", parameters: { model: "anthropic/claude-opus-4.1" } },
        { type: "openrouter:subagent", parameters: { model: "openai/gpt-4o-mini" } },
        { type: "openrouter:fusion", parameters: { model: "openai/gpt-4o" } },
      ],
    },
  },

  // --- tool_choice -----------------------------------------------------------------
  { name: "tool_choice_auto", covers: ["tool_choice \"auto\""], request: { model: "openai/gpt-4o", input: "x", toolChoice: "auto" } },
  { name: "tool_choice_none", covers: ["tool_choice \"none\""], request: { model: "openai/gpt-4o", input: "x", toolChoice: "none" } },
  { name: "tool_choice_required", covers: ["tool_choice \"required\""], request: { model: "openai/gpt-4o", input: "x", toolChoice: "required" } },
  {
    name: "tool_choice_function",
    covers: ["tool_choice {type:function, name}"],
    request: {
      model: "openai/gpt-4o",
      input: "x",
      tools: [{ type: "function", name: "get_weather", parameters: SCHEMA }],
      toolChoice: { type: "function", name: "get_weather" },
    },
  },
  {
    name: "tool_choice_web_search_preview",
    covers: ["tool_choice {type:web_search_preview}"],
    request: { model: "openai/gpt-4o", input: "x", tools: [{ type: "web_search_preview" }], toolChoice: { type: "web_search_preview" } },
  },
  {
    name: "tool_choice_web_search_preview_2025_03_11",
    covers: ["tool_choice {type:web_search_preview_2025_03_11}"],
    request: { model: "openai/gpt-4o", input: "x", toolChoice: { type: "web_search_preview_2025_03_11" } },
  },
  {
    name: "tool_choice_allowed_tools",
    covers: ["tool_choice {type:allowed_tools, mode, tools}"],
    request: {
      model: "openai/gpt-4o",
      input: "x",
      toolChoice: { type: "allowed_tools", mode: "required", tools: [{ type: "function", name: "get_weather" }, { type: "web_search_preview" }] },
    },
  },
  {
    name: "tool_choice_apply_patch_and_shell",
    covers: ["tool_choice {type:apply_patch}", "tool_choice {type:shell} (second request)"],
    request: { model: "openai/gpt-5", input: "x", toolChoice: { type: "apply_patch" } },
  },
  {
    name: "tool_choice_shell",
    covers: ["tool_choice {type:shell}"],
    request: { model: "openai/gpt-5", input: "x", toolChoice: { type: "shell" } },
  },

  // --- text and reasoning ----------------------------------------------------------
  { name: "text_format_text", covers: ["text.format text", "text.verbosity"], request: { model: "openai/gpt-4o", input: "x", text: { format: { type: "text" }, verbosity: "low" } } },
  { name: "text_format_json_object", covers: ["text.format json_object"], request: { model: "openai/gpt-4o", input: "x", text: { format: { type: "json_object" } } } },
  {
    name: "text_format_json_schema",
    covers: ["text.format json_schema (flat: name, schema, description, strict)", "text.verbosity high"],
    request: {
      model: "openai/gpt-4o",
      input: "x",
      text: { format: { type: "json_schema", name: "weather", description: "A weather report", schema: SCHEMA, strict: true }, verbosity: "high" },
    },
  },
  {
    name: "reasoning_full",
    covers: ["reasoning: effort, summary, max_tokens, enabled, context, mode"],
    request: {
      model: "openai/gpt-5",
      input: "x",
      reasoning: { effort: "high", summary: "detailed", maxTokens: 2048, enabled: true, context: "all_turns", mode: "pro" },
    },
  },
  {
    name: "reasoning_effort_minimal",
    covers: ["reasoning.effort minimal", "reasoning.summary concise"],
    request: { model: "openai/gpt-5", input: "x", reasoning: { effort: "minimal", summary: "concise" } },
  },

  // --- provider preferences --------------------------------------------------------
  {
    name: "provider_routing",
    covers: ["provider: allow_fallbacks, require_parameters, data_collection, zdr, enforce_distillable_text, order, only, ignore, quantizations"],
    request: {
      model: "meta-llama/llama-3.1-70b-instruct",
      input: "x",
      provider: {
        allowFallbacks: false,
        requireParameters: true,
        dataCollection: "deny",
        zdr: true,
        enforceDistillableText: false,
        order: ["openai", "Together"],
        only: ["DeepInfra", "together"],
        ignore: ["azure"],
        quantizations: ["fp8", "bf16", "int4"],
      },
    },
  },
  {
    name: "provider_sort_string",
    covers: ["provider.sort as string"],
    request: { model: "openai/gpt-4o", input: "x", provider: { sort: "throughput" } },
  },
  {
    name: "provider_sort_object",
    covers: ["provider.sort as {by, partition}"],
    request: { model: "openai/gpt-4o", input: "x", provider: { sort: { by: "latency", partition: "none" } } },
  },
  {
    name: "provider_max_price",
    covers: ["provider.max_price: prompt, completion, image, audio, request"],
    request: {
      model: "openai/gpt-4o",
      input: "x",
      provider: { maxPrice: { prompt: "1", completion: "2.5", image: "0.01", audio: "0.02", request: "0.001" } },
    },
    note:
      "The current spec types every `max_price` entry as a string (USD); docs and the 2025 spec used numbers. The SDK " +
      "only accepts strings. Decision: the spec is right for what we send; the crate must send strings.",
  },
  {
    name: "provider_latency_throughput_numbers",
    covers: ["provider.preferred_max_latency (number)", "provider.preferred_min_throughput (number)"],
    request: { model: "openai/gpt-4o", input: "x", provider: { preferredMaxLatency: 1.5, preferredMinThroughput: 50 } },
  },
  {
    name: "provider_latency_throughput_percentiles",
    covers: ["provider.preferred_max_latency {p50,p75,p90,p99}", "provider.preferred_min_throughput {p50,p90}"],
    request: {
      model: "openai/gpt-4o",
      input: "x",
      provider: { preferredMaxLatency: { p50: 0.5, p75: 1, p90: 2, p99: 5 }, preferredMinThroughput: { p50: 40, p90: 10 } },
    },
  },

  // --- plugins ---------------------------------------------------------------------
  {
    name: "plugins_web_and_fetch",
    covers: ["plugin web (all options)", "plugin web-fetch"],
    request: {
      model: "openai/gpt-4o",
      input: "x",
      plugins: [
        {
          id: "web",
          enabled: true,
          engine: "exa",
          maxResults: 3,
          searchPrompt: "Sources:",
          includeDomains: ["example.com", "*.docs.rs"],
          excludeDomains: ["spam.example"],
          userLocation: { type: "approximate", city: "Oslo", country: "NO" },
        },
        { id: "web-fetch", allowedDomains: ["example.com"], maxContentTokens: 2000, maxUses: 2 },
      ],
    },
  },
  {
    name: "plugins_parsing_and_safety",
    covers: ["plugin file-parser (pdf engine)", "plugin response-healing", "plugin context-compression", "plugin moderation"],
    request: {
      model: "openai/gpt-4o",
      input: "x",
      plugins: [
        { id: "file-parser", enabled: true, pdf: { engine: "mistral-ocr" } },
        { id: "response-healing", enabled: true },
        { id: "context-compression", enabled: true, engine: "middle-out" },
        { id: "moderation" },
      ],
    },
  },
  {
    name: "plugins_routers",
    covers: ["plugin auto-router", "plugin auto-beta-router", "plugin pareto-router", "plugin fusion"],
    request: {
      model: "openrouter/auto",
      input: "x",
      plugins: [
        { id: "auto-router", enabled: true, allowedModels: ["openai/*"], excludedModels: ["openai/gpt-3.5*"], costTier: "medium" },
        { id: "auto-beta-router", enabled: false },
        { id: "pareto-router", maxPrice: 5, minCodingScore: 0.6, priceSource: "prompt" },
        { id: "fusion", analysisModels: ["openai/gpt-4o", "anthropic/claude-sonnet-4.5"], preset: "general-fast", maxToolCalls: 4 },
      ],
    },
  },

  // --- members the SDK 1.3.19 has and the spec does not ----------------------------
  {
    name: "sdk_1_3_19_request_members",
    covers: [
      "input_video processing", "input_image file_id", "configuration_update", "mcp_call error (structured forms)",
      "function tool async", "x_search (web_search tool, openrouter:web_search, plugin web)", "plugin switchyard-router",
    ],
    note:
      "Members of the SDK 1.3.19 that the OpenAPI spec does not have; the SDK is the newer contract. Their bodies are " +
      "in REQUEST_ALLOW for schema validation.",
    request: {
      model: "openai/gpt-5",
      input: [
        {
          type: "message", role: "user",
          content: [
            { type: "input_video", videoUrl: "https://example.com/v.mp4", processing: "agentic" },
            { type: "input_image", fileId: "file-img", detail: "auto" },
          ],
        },
        { type: "configuration_update", reasoning: { effort: "high" } },
        { type: "mcp_call", id: "mcp_3", serverLabel: "docs", name: "read_page", arguments: "{}", error: { type: "mcp_protocol_error", code: -32601, message: "Method not found" } },
        { type: "mcp_call", id: "mcp_4", serverLabel: "docs", name: "read_page", arguments: "{}", error: { type: "http_error", code: 503, message: "Service Unavailable" } },
        { type: "mcp_call", id: "mcp_5", serverLabel: "docs", name: "read_page", arguments: "{}", error: { type: "mcp_tool_execution_error", content: [{ type: "text", text: "disk full" }] } },
      ],
      tools: [
        { type: "function", name: "lookup", parameters: SCHEMA, async: true },
        { type: "web_search", xSearch: { allowedXHandles: ["openrouter"], enableImageUnderstanding: true } },
        { type: "openrouter:web_search", parameters: { maxResults: 3, xSearch: { excludedXHandles: ["spam"], enableVideoUnderstanding: false } } },
      ],
      plugins: [
        { id: "web", maxResults: 2, xSearch: { allowedXHandles: ["openrouter"] } },
        { id: "switchyard-router", algorithm: "stage" },
      ],
    },
  },

  // --- prompt templates ------------------------------------------------------------
  {
    name: "prompt_variables",
    covers: ["prompt.id", "prompt.variables: string, input_text, input_image, input_file"],
    request: {
      model: "openai/gpt-4o",
      prompt: {
        id: "pmpt_123",
        variables: {
          customer: "Ada",
          greeting: { type: "input_text", text: "Hello there" },
          photo: { type: "input_image", detail: "low", imageUrl: "https://example.com/p.png" },
          contract: { type: "input_file", fileId: "file-77" },
        },
      },
    },
  },

  // --- headers ---------------------------------------------------------------------
  {
    name: "per_call_headers",
    covers: ["per-call headers (RequestOptions)"],
    request: { model: "openai/gpt-4o", input: "x" },
    headers: { "X-OpenRouter-Metadata": "enabled", "x-session-id": "sess-hdr-1", "X-Custom-Trace": "abc123" },
  },
  {
    name: "per_call_typed_params",
    covers: ["per-call httpReferer, appTitle, appCategories, xOpenRouterMetadata (RequestOptions setters)"],
    request: { model: "openai/gpt-4o", input: "x" },
    params: {
      httpReferer: "https://call.example/app",
      appTitle: "Call Title",
      appCategories: "cli-agent,writing",
      xOpenRouterMetadata: "enabled",
    },
    expectHeaders: {
      "HTTP-Referer": "https://call.example/app",
      "X-OpenRouter-Title": "Call Title",
      "X-OpenRouter-Categories": "cli-agent,writing",
      "X-OpenRouter-Metadata": "enabled",
    },
  },
  {
    name: "no_attribution",
    covers: ["client without app_url/app_title sends no attribution headers"],
    request: { model: "openai/gpt-4o", input: "x" },
    client: { appUrl: null, appTitle: null },
  },
  {
    name: "stream_request_body",
    covers: ["stream: true in the body", "Accept header for streaming"],
    request: { model: "openai/gpt-4o", input: "x", maxOutputTokens: 50 },
    stream: true,
  },
];
