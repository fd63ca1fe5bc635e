import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

// Every answer the API tests see is checked against /api/openapi.json (the live document): its
// status is documented for the operation, its content type is one the document lists, and its
// body matches the schema (JSON Schema 2020-12, as OpenAPI 3.1 writes it, checked by ajv).

export interface OpenApiDocument {
  readonly servers?: readonly { readonly url: string }[];
  readonly paths: Record<string, Record<string, Operation>>;
}
interface Operation {
  readonly responses: Record<string, { readonly content?: Record<string, unknown> }>;
}
interface Route {
  readonly template: string;
  readonly pattern: RegExp;
  /** Literal segments first: `/v1/me/sessions` wins over `/v1/me/{anything}`. */
  readonly params: number;
}

export interface Checked {
  readonly method: string;
  /** The path as sent, with its query. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
  readonly text: string;
}

const pointer = (...parts: string[]) =>
  parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

export class ResponseChecker {
  readonly #ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  readonly #validators = new Map<string, ValidateFunction>();
  readonly #routes: Route[];
  readonly #prefix: string;

  constructor(private readonly doc: OpenApiDocument) {
    addFormats(this.#ajv);
    this.#ajv.addSchema({ ...doc, $id: 'openapi' });
    this.#prefix = doc.servers?.[0]?.url ?? '';
    this.#routes = Object.keys(doc.paths)
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
        params: (template.match(/\{/g) ?? []).length,
      }))
      .sort((a, b) => a.params - b.params);
  }

  /** What is wrong with an answer, or undefined when it is what the document says. */
  problem(res: Checked): string | undefined {
    const url = new URL(res.path, 'https://x');
    if (!url.pathname.startsWith(`${this.#prefix}/`)) return undefined;
    const path = url.pathname.slice(this.#prefix.length);
    const route = this.#routes.find((r) => r.pattern.test(path));
    const method = res.method.toLowerCase();
    const operation = route && this.doc.paths[route.template]?.[method];
    // Undocumented paths (the pages, the dashboard) and methods are not part of the contract.
    if (!route || !operation) return undefined;
    // A 5xx is never designed in (see .spectral.yaml); its problem+json shape is checked by tests.
    if (res.status >= 500) return undefined;
    const where = `${res.method} ${route.template} → ${res.status}`;
    const status = String(res.status);
    const documented = operation.responses[status] ?? operation.responses.default;
    if (!documented) {
      return `${where}: status not documented (documented: ${Object.keys(operation.responses).join(', ')})`;
    }
    const types = Object.keys(documented.content ?? {});
    if (types.length === 0) {
      return res.text === '' ? undefined : `${where}: documented without a body, got one`;
    }
    const type = (res.contentType ?? '').split(';')[0]?.trim() ?? '';
    if (!types.includes(type)) return `${where}: content type ${type || '(none)'} not in ${types}`;
    const ref = `openapi#/${pointer('paths', route.template, method, 'responses', status, 'content', type, 'schema')}`;
    let validate = this.#validators.get(ref);
    if (!validate) {
      validate = this.#ajv.getSchema(ref);
      if (!validate) return `${where}: no schema at ${ref}`;
      this.#validators.set(ref, validate);
    }
    if (validate(res.body)) return undefined;
    return `${where}: body does not match the document: ${this.#ajv.errorsText(validate.errors, { dataVar: 'body' })}`;
  }
}
