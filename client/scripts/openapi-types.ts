import { loadConfig } from '@insightdesk/shared/config';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { stackConfig } from '../../tools/stack/config';

/** Where the generated types live (committed: the package needs no stack to build). */
export const GENERATED_PATH = new URL('../src/generated/api.ts', import.meta.url).pathname;

const HEADER = `/*
 * Generated from the api's OpenAPI document by client/scripts/generate.ts (openapi-typescript).
 * Do not edit: run \`bun client/scripts/generate.ts\` against a running stack instead.
 */

`;

/**
 * The document as api-1 serves it on its own port (the same router builds it for every instance;
 * no edge, no rate limit in between).
 */
export function localDocumentUrl(root: string): string {
  const { stack } = loadConfig({ stack: stackConfig }, { dir: root });
  return `http://127.0.0.1:${stack.portBase + 1}/api/openapi.json`;
}

export async function fetchDocument(url: string): Promise<OpenAPI3> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} (is the stack up? ./stack up -d)`);
  return (await res.json()) as OpenAPI3;
}

/** The TypeScript the client is typed with, for one document (deterministic: same in, same out). */
export async function generateTypes(document: OpenAPI3): Promise<string> {
  const ast = await openapiTS(document, {
    alphabetize: true,
    exportType: true,
  });
  return HEADER + astToString(ast);
}
