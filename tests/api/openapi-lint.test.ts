import { describe, expect, test } from 'bun:test';
import { lintApi, openApiDocument } from '../../tools/lint-api';
import { call } from '../support/http';
import { type OpenApiDocument, ResponseChecker } from '../support/openapi-responses';

// The API document through Spectral (a devDependency) with spectral:oas and the OWASP API
// Security ruleset, configured by the repo's .spectral.yaml (`bun run lint:api`, tools/lint-api.ts):
// zero errors, and every operation named for generated clients.

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

describe('the API document passes the ecosystem linters', () => {
  test('bun run lint:api lints the document the api serves: Spectral finds no error or warning', async () => {
    // lint:api builds the document in process (no stack): it must be the one served here.
    const live = await call('/api/openapi.json');
    expect(live.status).toBe(200);
    expect(await openApiDocument()).toEqual(live.body);
    expect(await lintApi()).toEqual([]);
  }, 180_000);

  test('every operation has a unique camelCase operationId, a declared tag and a summary', async () => {
    const doc = (await call('/api/openapi.json')).body;
    const declared = new Set(doc.tags.map((t: { name: string }) => t.name));
    const ids: string[] = [];
    for (const [path, item] of Object.entries<Record<string, Record<string, unknown>>>(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const where = `${method.toUpperCase()} ${path}`;
        expect({ where, id: op.operationId }).toEqual({
          where,
          id: expect.stringMatching(/^[a-z]+[A-Za-z0-9]*$/),
        });
        expect({ where, summary: typeof op.summary }).toEqual({ where, summary: 'string' });
        const tags = op.tags as string[];
        expect({ where, tags: tags.length }).toEqual({ where, tags: 1 });
        expect(declared.has(tags[0])).toBe(true);
        ids.push(op.operationId as string);
      }
    }
    expect(ids.length).toBeGreaterThanOrEqual(43);
    expect(new Set(ids).size).toBe(ids.length);
    // Stable names clients are generated with.
    expect(ids).toEqual(expect.arrayContaining(['listItems', 'createItem', 'getItem', 'login']));
  });

  test('the RateLimit-* headers documented are the ones a budgeted answer carries', async () => {
    const doc = (await call('/api/openapi.json')).body;
    const documented = Object.keys(doc.paths['/v1/me'].get.responses['200'].headers).sort();
    expect(documented).toEqual(['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset']);
    expect(doc.paths['/v1/me'].get.responses['401'].headers).toBeUndefined();
    expect(Object.keys(doc.paths['/v1/me'].get.responses['429'].headers)).toContain('Retry-After');
  });

  test('the response check of the shared HTTP helper refuses what the document does not say', async () => {
    const checker = new ResponseChecker((await call('/api/openapi.json')).body as OpenApiDocument);
    const me = { method: 'GET', path: '/api/v1/me', contentType: 'application/json', text: '{}' };
    const account = {
      id: '01a20380-34e5-7120-9dc6-f46602744215',
      email: 'a@example.com',
      name: 'A',
      emailVerified: true,
    };
    expect(checker.problem({ ...me, status: 200, body: { user: account, memberships: [] } })).toBe(
      undefined,
    );
    expect(checker.problem({ ...me, status: 200, body: { memberships: [] } })).toContain(
      "must have required property 'user'",
    );
    expect(checker.problem({ ...me, status: 418, body: {} })).toContain('status not documented');
    expect(checker.problem({ ...me, status: 200, contentType: 'text/html', body: {} })).toContain(
      'content type text/html',
    );
    expect(
      checker.problem({
        ...me,
        path: '/api/v1/orgs/x/items?limit=5',
        status: 200,
        body: { items: [{ id: 'not-a-uuid' }] },
      }),
    ).toContain('body does not match');
  });
});
