/**
 * Regenerates the client's generated types:
 * - client/src/generated/realtime.ts from the Socket.IO protocol of the help desk (no stack needed);
 * - client/src/generated/api.ts from the api's OpenAPI document:
 *   bun client/scripts/generate.ts            # the local stack (./stack up -d)
 *   bun client/scripts/generate.ts <url>      # any running api's /api/openapi.json
 * helpdesk/tests/client/generated.test.ts fails while a committed file differs from what this writes.
 */
import { resolve } from 'node:path';
import { fetchDocument, GENERATED_PATH, generateTypes, localDocumentUrl } from './openapi-types';
import { generateRealtimeTypes, REALTIME_TYPES_PATH } from './realtime-types';

await Bun.write(REALTIME_TYPES_PATH, generateRealtimeTypes());
console.log(`wrote ${REALTIME_TYPES_PATH}`);

const url = process.argv[2] ?? localDocumentUrl(resolve(import.meta.dir, '../..'));
const source = await generateTypes(await fetchDocument(url));
await Bun.write(GENERATED_PATH, source);
console.log(`wrote ${GENERATED_PATH} from ${url}`);
