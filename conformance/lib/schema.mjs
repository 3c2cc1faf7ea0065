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

// The spec is serialized from zod schemas, and zod's `.extend()` comes out as
// `allOf: [{$ref: Base}, {properties: {...}}]`. `.extend()` REPLACES a
// property of the base, but `allOf` can only narrow it: read literally,
// `OpenResponsesResult.output` must satisfy both `BaseResponsesResult.output`
// (nine OpenAI item types) and `OutputItems` (those plus computer_call,
// shell_call and every `openrouter:*` item), so any OpenRouter server-tool
// item would be invalid. This returns a copy of the components in which each
// such allOf refers to a copy of its base without the overridden properties:
// the reading the spec's authors meant. `SpecValidator` checks values against
// the literal spec first and only falls back to this reading, reporting every
// value that needed it (see `validateDetailed`).
export function extendReading(components) {
  const schemas = structuredClone(components.schemas);
  const patched = [];
  for (const [name, schema] of Object.entries(schemas)) {
    if (!Array.isArray(schema.allOf)) continue;
    const base = schema.allOf.find((b) => b.$ref);
    const ext = schema.allOf.filter((b) => !b.$ref && b.properties);
    if (!base || ext.length === 0) continue;
    const baseName = base.$ref.split("/").pop();
    const baseSchema = schemas[baseName];
    if (!baseSchema?.properties) continue;
    const overridden = ext.flatMap((b) => Object.keys(b.properties)).filter((k) => k in baseSchema.properties);
    if (overridden.length === 0) continue;
    const copyName = `${baseName}__extended_by_${name}`;
    const copy = structuredClone(baseSchema);
    for (const k of overridden) delete copy.properties[k];
    schemas[copyName] = copy;
    base.$ref = `#/components/schemas/${copyName}`;
    patched.push(`${name}: ${overridden.join(", ")} (over ${baseName})`);
  }
  return { components: { ...components, schemas }, patched };
}

function makeAjv(components, keywords) {
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
  for (const k of keywords) {
    ajv.addKeyword({ keyword: k, schemaType: ["object", "string", "number", "boolean", "array", "null"] });
  }
  ajv.addSchema({ $id: SPEC_ID, components });
  return ajv;
}

export class SpecValidator {
  constructor(doc) {
    this.doc = doc;
    this.info = `${doc.info?.title ?? "?"} ${doc.info?.version ?? "?"} (openapi ${doc.openapi ?? "?"})`;
    const keywords = ["components", "discriminator", "example", "xml", "externalDocs", ...extensionKeys(doc.components)];
    this.ajv = makeAjv(doc.components, keywords);
    const ext = extendReading(doc.components);
    this.extendedPatches = ext.patched;
    this.ajvExtended = makeAjv(ext.components, keywords);
    this.extendedCache = new Map();
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

  /**
   * Validates against the literal spec and, when that fails, against the
   * `.extend()` reading. Returns `{ errors, extendedOnly }`: `errors` is `[]`
   * when either reading accepts the value; `extendedOnly` is true when only
   * the `.extend()` reading does.
   */
  validateDetailed(name, value) {
    const literal = this.validate(name, value);
    if (literal.length === 0) return { errors: [], extendedOnly: false };
    let v = this.extendedCache.get(name);
    if (!v) {
      v = this.ajvExtended.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
      this.extendedCache.set(name, v);
    }
    if (v(value)) return { errors: [], extendedOnly: true };
    return { errors: literal, extendedOnly: false };
  }

  /** Returns `[]` when `value` is valid against `name`, else readable errors. */
  validate(name, value) {
    const v = this.compiled(name);
    if (v(value)) return [];
    return this.explain(name, value) ?? summarize(v.errors ?? []);
  }

  // The spec's unions are `oneOf` with an OpenAPI `discriminator`. Validation
  // stays plain JSON Schema (every branch is tried, exactly one must match),
  // but when it fails, Ajv reports every branch's complaint. For a readable
  // message, re-validate against the branch the discriminator names, and
  // only report that branch's errors. Returns null when no branch applies.
  explain(name, value, prefix = "") {
    const schema = this.doc.components.schemas[name];
    const d = schema?.discriminator;
    if (d?.mapping && value && typeof value === "object" && typeof value[d.propertyName] === "string") {
      const ref = d.mapping[value[d.propertyName]];
      if (!ref) return [`${prefix || "/"} ${d.propertyName} "${value[d.propertyName]}" is not in the ${name} discriminator mapping`];
      const target = ref.split("/").pop();
      return this.explain(target, value, prefix) ?? [];
    }
    const v = this.compiled(name);
    if (v(value)) return [];
    const errs = v.errors ?? [];
    // Descend into the unions this project's values are made of.
    const out = [];
    const nested = [
      ["output", "OutputItems"],
      ["item", "OutputItems"],
    ];
    const handled = new Set();
    for (const [key, union] of nested) {
      if (Array.isArray(value?.[key])) {
        value[key].forEach((x, i) => {
          const sub = this.explain(union, x, `${prefix}/${key}/${i}`);
          if (sub?.length) out.push(...sub);
        });
        handled.add(`/${key}/`);
      } else if (value?.[key] && typeof value[key] === "object" && key === "item") {
        const sub = this.explain(union, value[key], `${prefix}/${key}`);
        if (sub?.length) out.push(...sub);
        handled.add(`/${key}`);
      }
    }
    if (value?.response && typeof value.response === "object") {
      const sub = this.explain("OpenResponsesResult", value.response, `${prefix}/response`);
      if (sub?.length) out.push(...sub);
      handled.add("/response");
    }
    const rest = errs.filter((e) => ![...handled].some((h) => e.instancePath.startsWith(h)));
    out.push(...summarize(rest).map((l) => `${prefix}${l}`));
    return out.length ? out.slice(0, 12) : summarize(errs);
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
