// Validation of JSON values against the OpenAPI spec's component schemas.
//
// The spec is OpenAPI 3.1, whose schema dialect is JSON Schema 2020-12, so the
// component schemas are fed unchanged to Ajv's 2020-12 validator. The whole
// `components` object is registered as one schema resource (with its own `$id`),
// so every `#/components/schemas/...` reference inside it resolves in place.
//
// OpenAPI adds vocabulary that JSON Schema does not define:
// - `discriminator`, `example`, `examples` (on schemas), `x-*` extensions and
//   `xml`/`externalDocs` are annotations; so is the `components` container that
//   holds the schemas. They are registered as annotation-only
//   keywords below, which keeps Ajv's strict schema checks on for everything else.
// - formats `double`, `float`, `int32`, `int64`, `binary`, `byte`, `password`
//   are OpenAPI data-type annotations, registered as accept-all formats.
//   `date-time`, `uri`, `uuid`, `email` are checked for real (ajv-formats).
//
// Nothing about the spec is relaxed: `oneOf` stays exclusive, `required` and
// `additionalProperties: false` are enforced. Where a value is known to deviate
// from the spec on purpose, the caller keeps an explicit allow-list instead.

import fs from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import YAML from "yaml";

const SPEC_ID = "https://conformance.invalid/openrouter-openapi.json";

/** Where the spec lives, relative to the repository root. */
export function specPath(repoRoot) {
  return path.resolve(repoRoot, "..", "shared", "spec", "openrouter-openapi.yaml");
}

/**
 * Loads the spec and returns a validator, or `null` (with the reason) when the
 * file is absent.
 */
export function loadSpec(repoRoot) {
  const file = specPath(repoRoot);
  if (!fs.existsSync(file)) {
    return { validator: null, reason: `spec not found at ${file}` };
  }
  const doc = YAML.parse(fs.readFileSync(file, "utf8"), { maxAliasCount: -1 });
  return { validator: new SpecValidator(doc), reason: null };
}

// Collects every `x-...` key used anywhere in the document, so that each one
// can be declared as an annotation keyword (strict mode rejects unknown ones).
function extensionKeys(node, out = new Set()) {
  if (Array.isArray(node)) {
    for (const v of node) extensionKeys(v, out);
  } else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k.startsWith("x-")) out.add(k);
      extensionKeys(v, out);
    }
  }
  return out;
}

export class SpecValidator {
  constructor(doc) {
    this.doc = doc;
    this.info = `${doc.info?.title ?? "?"} ${doc.info?.version ?? "?"} (openapi ${doc.openapi ?? "?"})`;
    const ajv = new Ajv2020({
      strict: true,
      // The spec uses `type: [X, "null"]` next to keywords of one type only;
      // Ajv's strictTypes check would warn about that legal 2020-12 pattern.
      strictTypes: false,
      // Tuple checks are not relevant to this spec (no prefixItems).
      strictTuples: false,
      // `allOf` branches legally require properties declared in a sibling
      // branch; strictRequired would reject that.
      strictRequired: false,
      allErrors: true,
      validateFormats: true,
    });
    addFormats(ajv);
    for (const f of ["double", "float", "int32", "int64", "binary", "byte", "password"]) {
      ajv.addFormat(f, true);
    }
    for (const k of ["components", "discriminator", "example", "xml", "externalDocs", ...extensionKeys(doc.components)]) {
      ajv.addKeyword({ keyword: k, schemaType: ["object", "string", "number", "boolean", "array", "null"] });
    }
    ajv.addSchema({ $id: SPEC_ID, components: doc.components });
    this.ajv = ajv;
    this.cache = new Map();
  }

  hasSchema(name) {
    return Object.prototype.hasOwnProperty.call(this.doc.components?.schemas ?? {}, name);
  }

  compiled(name) {
    let v = this.cache.get(name);
    if (!v) {
      v = this.ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
      if (!v) throw new Error(`schema ${name} not found in spec`);
      this.cache.set(name, v);
    }
    return v;
  }

  /** Returns `[]` when `value` is valid against `name`, else readable errors. */
  validate(name, value) {
    const v = this.compiled(name);
    if (v(value)) return [];
    return summarize(v.errors ?? []);
  }
}

// Ajv reports every failing branch of every anyOf/oneOf; keep the messages
// short by listing the deepest distinct instance paths first.
function summarize(errors) {
  const seen = new Set();
  const out = [];
  const sorted = [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length);
  for (const e of sorted) {
    const params = e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : "";
    const line = `${e.instancePath || "/"} ${e.message}${params} (${e.schemaPath})`;
    if (!seen.has(line)) {
      seen.add(line);
      out.push(line);
    }
  }
  return out.slice(0, 12);
}
