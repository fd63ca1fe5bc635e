import { expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import {
  fetchDocument,
  GENERATED_PATH,
  generateTypes,
  localDocumentUrl,
} from '../../client/scripts/openapi-types';
import { ROOT } from '../support/stack';

test('the client is generated from the api document the stack serves now', async () => {
  const current = await generateTypes(await fetchDocument(localDocumentUrl(ROOT)));
  const committed = readFileSync(GENERATED_PATH, 'utf8');
  // On failure: `bun client/scripts/generate.ts` (stack up) and commit client/src/generated/api.ts.
  expect(committed === current).toBe(true);
  // Sanity: what the client is typed with covers the routes it is used with.
  expect(current).toContain('"/v1/orgs/{orgId}/tickets": {');
  expect(current).toContain('"/v1/auth/refresh": {');
});
