import { describe, expect, test } from 'bun:test';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '../../tools/lint-api';
import { ROOT } from '../support/stack';

// What a stranger reusing the project or installing its client checks first: the licence, the
// manifests, the lockfile (the configuration reference: tests/architecture/docs-tables.test.ts).

const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The package.json files git holds under `root`, and those without an MIT `license`. */
function unlicensedManifests(root: string): { manifests: string[]; unlicensed: string[] } {
  const manifests = Bun.spawnSync(['git', 'ls-files', '*package.json'], { cwd: root })
    .stdout.toString()
    .split('\n')
    .filter(Boolean);
  const unlicensed = manifests.filter(
    (file) => JSON.parse(readFileSync(join(root, file), 'utf8')).license !== 'MIT',
  );
  return { manifests, unlicensed };
}

describe('licence', () => {
  test('an MIT LICENSE at the root and in the client package, and "license": "MIT" in every package.json', () => {
    expect(read('LICENSE')).toStartWith('MIT License\n');
    expect(read('LICENSE')).toContain('Permission is hereby granted, free of charge');
    expect(read('client/LICENSE')).toBe(read('LICENSE'));
    const { manifests, unlicensed } = unlicensedManifests(ROOT);
    expect(manifests).toContain('package.json');
    expect(manifests).toContain('client/package.json');
    expect(manifests.length).toBeGreaterThanOrEqual(7);
    expect(unlicensed).toEqual([]);
  });

  test('the check finds a package.json without a licence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'insightdesk-licence-'));
    try {
      Bun.spawnSync(['git', 'init', '-q'], { cwd: dir });
      writeFileSync(join(dir, 'package.json'), '{ "name": "a", "license": "MIT" }');
      Bun.spawnSync(['mkdir', 'b'], { cwd: dir });
      writeFileSync(join(dir, 'b/package.json'), '{ "name": "b" }');
      Bun.spawnSync(['git', 'add', '.'], { cwd: dir });
      expect(unlicensedManifests(dir).unlicensed).toEqual(['b/package.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the OpenAPI document names the licence', async () => {
    const doc = (await openApiDocument()) as { info: { license?: unknown } };
    expect(doc.info.license).toEqual({ name: 'MIT', url: 'https://spdx.org/licenses/MIT.html' });
  });
});

describe('manifests and lockfile', () => {
  test('bun run test is ./stack test; bun run check runs lint:api (Spectral, no stack)', () => {
    const { scripts } = JSON.parse(read('package.json'));
    expect(scripts.test).toBe('./stack test');
    expect(scripts['lint:api']).toBe('bun tools/lint-api.ts');
    expect(scripts.check).toContain('bun run lint:api');
  });

  test('multipart on @fastify/busboy (its own types), not busboy and @types/busboy', () => {
    // The upload reader is the route kit's (shared/src/api/uploads.ts).
    const kit = JSON.parse(read('shared/package.json'));
    expect(Object.keys(kit.dependencies)).toContain('@fastify/busboy');
    const all = { ...kit.dependencies, ...kit.devDependencies };
    expect(Object.keys(all).filter((name) => /(^|\/)busboy$/.test(name))).toEqual([
      '@fastify/busboy',
    ]);
    expect(Object.keys(all)).not.toContain('@types/busboy');
  });

  test('bun.lock holds one version of each OpenTelemetry package, and no AI SDK', () => {
    const lock = read('bun.lock');
    // What the services load is one copy of each: no package of ours gets an OpenTelemetry
    // package of its own below it (a key `@insightdesk/shared/@opentelemetry/core` would be a
    // second version beside the top-level one). A tool of the tests may bring its own copies below itself
    // (azurite's telemetry: `applicationinsights/@opentelemetry/core`); the services never load
    // those. The API, whose copies would not share a context, is one version anywhere.
    const ours = (parent: string) => parent.startsWith('@insightdesk/') || parent === 'insightdesk';
    const nested = [...lock.matchAll(/^ {4}"([^"]+)\/@opentelemetry\/[a-z-]+": \[/gm)]
      .map((m) => m[1] ?? '')
      .filter(ours);
    expect(nested).toEqual([]);
    expect(lock).toMatch(/^ {4}"@opentelemetry\/core": \["@opentelemetry\/core@/m);
    const api = new Set([...lock.matchAll(/\["@opentelemetry\/api@([^"]+)"/g)].map((m) => m[1]));
    expect(api.size).toBe(1);
    // @scalar/api-reference's dependency tree (an agent chat on the `ai` SDK) is not installed:
    // tools/api-reference-bundle.ts takes the one file the api serves out of its tarball.
    expect(lock).not.toMatch(
      /"(ai|@ai-sdk\/[a-z-]+|@scalar\/api-reference|@scalar\/agent-chat)": \[/,
    );
  });

  test('pino-pretty is loaded only when pretty logs are asked for', () => {
    const loads = (format: string) => {
      const script = `
        const { createLogger } = await import('@insightdesk/shared/logger');
        createLogger({ service: 't', instance: 't', level: 'silent', format: '${format}' });
        console.log(Object.keys(require.cache).some((path) => path.includes('/pino-pretty/')));
      `;
      const proc = Bun.spawnSync([process.execPath, '-e', script], { cwd: ROOT, stderr: 'pipe' });
      expect(proc.stderr.toString()).toBe('');
      return proc.stdout.toString().trim();
    };
    expect({ json: loads('json'), pretty: loads('pretty') }).toEqual({
      json: 'false',
      pretty: 'true',
    });
  });

  test('Renovate groups packages released together, pins the image digest, keeps the client on ranges', () => {
    const renovate = JSON.parse(read('renovate.json'));
    const groups = new Map<string, string[]>(
      renovate.packageRules
        .filter((rule: { groupName?: string }) => rule.groupName)
        .map((rule: { groupName: string; matchPackageNames?: string[] }) => [
          rule.groupName,
          rule.matchPackageNames ?? [],
        ]),
    );
    expect(groups.get('Socket.IO')).toEqual(
      expect.arrayContaining(['socket.io', 'socket.io-client', '@socket.io/**']),
    );
    expect(groups.get('OpenTelemetry')).toEqual(['@opentelemetry/**']);
    expect(renovate.extends).toContain('docker:pinDigests');
    // The regex manager reads the Dockerfile's base image, tag and digest.
    const [manager] = renovate.customManagers;
    const arg = read('deploy/Dockerfile').match(/^ARG BASE_IMAGE=.*$/m)?.[0] ?? '';
    const match = new RegExp(manager.matchStrings[0]).exec(arg);
    expect(match?.groups?.depName).toBe('oven/bun');
    expect(match?.groups?.currentValue).toMatch(/^\d+\.\d+\.\d+-slim$/);
    const client = renovate.packageRules.find((rule: { matchFileNames?: string[] }) =>
      rule.matchFileNames?.includes('client/package.json'),
    );
    expect(client.rangeStrategy).toBe('widen');
  });
});
