import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import type * as Shared from '@insightdesk/helpdesk/protocol';
import {
  fetchDocument,
  GENERATED_PATH,
  generateTypes,
  localDocumentUrl,
} from '../../../client/scripts/openapi-types';
import { generateRealtimeTypes, REALTIME_TYPES_PATH } from '../../../client/scripts/realtime-types';
import type * as Written from '../../../client/src/generated/realtime';
import { ROOT } from '../../../tests/support/stack';

test('the client is generated from the api document the stack serves now', async () => {
  const current = await generateTypes(await fetchDocument(localDocumentUrl(ROOT)));
  const committed = readFileSync(GENERATED_PATH, 'utf8');
  // On failure: `bun client/scripts/generate.ts` (stack up) and commit client/src/generated/api.ts.
  expect(committed === current).toBe(true);
  // Sanity: what the client is typed with covers the routes it is used with.
  expect(current).toContain('"/v1/orgs/{orgId}/tickets": {');
  expect(current).toContain('"/v1/auth/refresh": {');
});

/** Assignable both ways: the same type for every use (a compile error otherwise). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// `bun run check` fails here when the written-out maps and the protocol's own types part ways.
const sameAsTheProtocol: [
  Same<Written.ClientEventError, Shared.ClientEventError>,
  Same<Written.ClientToServerEvents, Shared.ClientToServerEvents>,
  Same<Written.ServerToClientEvents, Shared.ServerToClientEvents>,
] = [true, true, true];

test('the socket event maps the package ships are the protocol in shared/, written out', () => {
  const committed = readFileSync(REALTIME_TYPES_PATH, 'utf8');
  // On failure: `bun client/scripts/generate.ts` and commit client/src/generated/realtime.ts.
  expect(committed === generateRealtimeTypes()).toBe(true);
  // Self-contained: the package's types cannot import the private workspace package, nor zod.
  expect(committed).not.toMatch(/\bimport\b|@insightdesk\/shared|zod/);
  expect(committed).toContain('"ticket.created": (event: {');
  expect(sameAsTheProtocol).toEqual([true, true, true]);
});
