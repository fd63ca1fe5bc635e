import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { ROOT } from './stack';

/**
 * The Prometheus Operator's objects checked against the operator's own schemas: the
 * openAPIV3Schema of its CRDs (v0.93.0), kept as data in tests/fixtures/prometheus-operator/.
 * Shaped like the kubernetes-models classes: `new`, then `validate()` throws on a violation.
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

function model(kind: 'podmonitors' | 'prometheusrules') {
  const fixture = JSON.parse(
    readFileSync(join(ROOT, `tests/fixtures/prometheus-operator/${kind}.v1.schema.json`), 'utf8'),
  );
  const validate = ajv.compile(javascriptPatterns(fixture.schema));
  return (doc: Doc) => ({
    validate() {
      if (!validate(doc))
        throw new Error(
          `${fixture.kind} ${doc?.metadata?.name}: ${ajv.errorsText(validate.errors)}`,
        );
    },
  });
}

export const prometheusOperatorModels: Record<string, (doc: Doc) => { validate(): void }> = {
  'monitoring.coreos.com/v1/PodMonitor': model('podmonitors'),
  'monitoring.coreos.com/v1/PrometheusRule': model('prometheusrules'),
};
