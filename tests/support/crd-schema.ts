import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ROOT } from './stack';

/**
 * A custom resource checked against its operator's own schema: the openAPIV3Schema of the CRD,
 * kept as data in tests/fixtures/ (`{source, group, kind, version, schema}`). Shaped like the
 * kubernetes-models classes: `new`, then `validate()` throws on a violation. The schema's CEL
 * rules (x-kubernetes-validations) are the API server's, not checked here.
 */
// biome-ignore lint/suspicious/noExplicitAny: a rendered manifest, walked by the schema
type Doc = any;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);

/**
 * The schema with its RE2 patterns in JavaScript's syntax: Go's inline case-insensitive flag
 * (`^(?i)(abort|warn)?$`, a rule group's partial_response_strategy) as a class of both cases.
 */
function javascriptPatterns(schema: Doc): Doc {
  if (Array.isArray(schema)) return schema.map(javascriptPatterns);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => {
      if (key !== 'pattern' || typeof value !== 'string' || !value.includes('(?i)'))
        return [key, javascriptPatterns(value)];
      const caseless = value
        .replace('(?i)', '')
        .replace(/[a-z]/gi, (c) => `[${c.toLowerCase()}${c.toUpperCase()}]`);
      return [key, caseless];
    }),
  );
}

/** The model of the CRD whose schema is `fixture` (a path under tests/fixtures/). */
export function crdModel(fixture: string): (doc: Doc) => { validate(): void } {
  const crd = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures', fixture), 'utf8'));
  const validate = ajv.compile(javascriptPatterns(crd.schema));
  return (doc: Doc) => ({
    validate() {
      if (!validate(doc))
        throw new Error(`${crd.kind} ${doc?.metadata?.name}: ${ajv.errorsText(validate.errors)}`);
    },
  });
}
