import { afterAll, describe, expect, test } from 'bun:test';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { registerOwner } from '../../../tests/support/api';
import { BASE_URL, DATA, ROOT } from '../../../tests/support/stack';

/*
 * @insightdesk/client as npm users get it: packed by npm (its prepack builds dist/), installed by
 * npm into a project outside this repository, type-checked there and run under Node, not Bun.
 */

const CLIENT = join(ROOT, 'client');
const work = mkdtempSync(join(tmpdir(), 'insightdesk-client-package-'));
const packed = join(work, 'packed');
const unpacked = join(work, 'unpacked');
const consumer = join(work, 'consumer');
/** A project as `npm init -y` makes it, where the README's examples are saved and run. */
const fresh = join(work, 'fresh');
afterAll(() => rmSync(work, { recursive: true, force: true }));

// npm alone packs it: its prepack build runs on Node. The PATH its commands get has no Bun.
const PATH = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((dir) => dir !== '' && !existsSync(join(dir, 'bun')) && !existsSync(join(dir, 'bun.exe')))
  .join(delimiter);

/** The lowest Node major the package's `engines` allows (`>=20` → 20). */
const lowestNode = Number(
  JSON.parse(readFileSync(join(CLIENT, 'package.json'), 'utf8')).engines.node.match(
    /^>=\s*(\d+)/,
  )?.[1],
);

/**
 * A Node of that major: this machine's when it is one, else the one ./stack installs from npm
 * into .tools/client-node (Debian 12's own node is 18).
 */
function nodeOfLowestMajor(): string {
  const installed = join(ROOT, '.tools/client-node/node_modules/.bin/node');
  for (const candidate of existsSync(installed) ? [installed, 'node'] : ['node']) {
    const version = Bun.spawnSync([candidate, '-p', 'process.versions.node'], { stderr: 'ignore' });
    if (version.exitCode === 0 && Number(version.stdout.toString().split('.')[0]) === lowestNode)
      return candidate;
  }
  throw new Error(`no Node ${lowestNode} here: ./stack test installs it (CLIENT_NODE_PACKAGE)`);
}

async function run(cmd: string[], cwd: string, env: Record<string, string> = {}) {
  const proc = Bun.spawn(cmd, {
    cwd,
    env: { ...process.env, PATH, ...env },
    stdout: 'pipe',
    stderr: 'pipe',
    // A hung child fails the test with its output instead of outliving it.
    timeout: 90_000,
  });
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`${cmd.join(' ')} failed (${code}):\n${stderr}\n${stdout}`);
  return stdout;
}

const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();

/** `npm install` of the packed tarball into a project, as a user installs it. */
async function installPacked(project: string, ...flags: string[]) {
  const [tarball] = readdirSync(packed);
  const args = ['--prefer-offline', '--no-audit', '--no-fund', ...flags];
  await run(['npm', 'install', ...args, join(packed, tarball ?? '')], project);
}

/** The consumer: every call typed from the installed declarations, run as compiled JavaScript. */
const CONSUMER = `import {
  ApiError,
  createInsightDeskClient,
  type RealtimeOptions,
  type Schemas,
} from '@insightdesk/client';

// What this script reads of Node's globals: the package's types need no @types/node.
declare const process: {
  readonly env: Record<string, string | undefined>;
  readonly versions: { readonly node: string };
};

function setting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(name + ' is not set');
  return value;
}

function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('no ' + what + ' within ' + ms + ' ms')), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

const client = createInsightDeskClient({ baseUrl: setting('BASE_URL') });

// Compiled, never called: each line must be a type error, or tsc fails (the types are real).
export function refusedByTheTypes() {
  // @ts-expect-error not a route of the api
  void client.api.GET('/v1/no-such-route');
  // @ts-expect-error a ticket needs a subject
  void client.api.POST('/v1/orgs/{orgId}/tickets', { params: { path: { orgId: '' } }, body: { body: '' } });
  // @ts-expect-error not an event the server sends
  client.realtime().on('ticket.exploded', () => {});
  // @ts-expect-error tickets have no such field
  client.realtime().on('ticket.created', (event) => event.data.ticket.colour);
}

const wrong = await client
  .login({ email: setting('EMAIL'), password: 'not the password' })
  .catch((err: unknown) => err);
const refusal = wrong instanceof ApiError ? { status: wrong.status, code: wrong.problem?.code } : null;

const login = await client.login({ email: setting('EMAIL'), password: setting('PASSWORD') });
if (!('tokens' in login)) throw new Error('a two-factor challenge');
const { data: me } = await client.api.GET('/v1/me');
const orgId = me?.memberships[0]?.organization.id;
if (!me || !orgId) throw new Error('no organization');

/** A realtime client of this session, subscribed to the organization, awaiting a new ticket. */
async function listen(organization: string, options?: RealtimeOptions) {
  const realtime = client.realtime(options);
  let openedOver = '';
  realtime.socket.io.on('open', () => {
    openedOver ||= realtime.socket.io.engine.transport.name;
  });
  const received = new Promise<{ id: string; ticket: Schemas['Ticket']; over: string }>((resolve) =>
    realtime.on('ticket.created', (event) =>
      resolve({ id: event.id, ticket: event.data.ticket, over: realtime.socket.io.engine.transport.name }),
    ),
  );
  const subscribed = await within(20_000, realtime.subscribe(organization), 'subscription');
  return { realtime, subscribed, received, openedOver: () => openedOver };
}

// Default options (long-polling first, then an upgrade), and long-polling alone.
const byDefault = await listen(orgId);
const pollingOnly = await listen(orgId, { socket: { transports: ['polling'] } });
const opened = await client.api.POST('/v1/orgs/{orgId}/tickets', {
  params: { path: { orgId } },
  body: { subject: 'Opened from Node', body: 'By the packed client.' },
});
if (!opened.data) throw new Error('no ticket: ' + opened.response.status);
const events = await within(
  20_000,
  Promise.all([byDefault.received, pollingOnly.received]),
  'ticket.created events',
);
byDefault.realtime.close();
pollingOnly.realtime.close();
await client.logout();

const seen = (event: (typeof events)[number]) => ({
  id: event.id,
  ticketId: event.ticket.id,
  subject: event.ticket.subject,
  over: event.over,
});
console.log(JSON.stringify({
  node: process.versions.node,
  bun: 'Bun' in globalThis,
  refusal,
  email: me.user.email,
  opened: opened.data.id,
  byDefault: { subscribed: byDefault.subscribed, openedOver: byDefault.openedOver(), event: seen(events[0]) },
  pollingOnly: { subscribed: pollingOnly.subscribed, event: seen(events[1]) },
}));
`;

/** The same package through require(): CommonJS build and declarations. */
const REQUIRED = `import { ApiError, createInsightDeskClient } from '@insightdesk/client';

declare const process: { readonly env: Record<string, string | undefined> };

async function main() {
  const client = createInsightDeskClient({ baseUrl: process.env.BASE_URL ?? '' });
  // @ts-expect-error a login needs a password
  if (Math.random() > 2) await client.login({ email: '' });
  const refused = await client
    .login({ email: process.env.EMAIL ?? '', password: 'not the password' })
    .catch((err: unknown) => err);
  await client.login({ email: process.env.EMAIL ?? '', password: process.env.PASSWORD ?? '' });
  const { data: me } = await client.api.GET('/v1/me');
  await client.logout();
  console.log(JSON.stringify({
    cjs: typeof module === 'object',
    refusal: refused instanceof ApiError ? refused.status : null,
    email: me?.user.email,
  }));
}
declare const module: unknown;
void main();
`;

/** One of the client README's examples, between its markers, as a user copies it. */
function readmeExample(marker: 'client-example' | 'client-example-cjs'): string {
  const readme = readFileSync(join(CLIENT, 'README.md'), 'utf8');
  const block = readme.match(
    new RegExp(
      `<!-- ${marker}:start -->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${marker}:end -->`,
    ),
  )?.[1];
  if (!block) throw new Error(`client/README.md has no example marked ${marker}`);
  return block;
}

describe('@insightdesk/client as a published package', () => {
  test('npm pack builds it with Node alone: ESM, CommonJS and declarations, depending on public packages only', async () => {
    // dist/ is build output (git-ignored): what gets packed must come from the prepack build,
    // which finds no Bun to run on.
    expect(Bun.which('bun', { PATH })).toBeNull();
    rmSync(join(CLIENT, 'dist'), { recursive: true, force: true });
    mkdirSync(packed, { recursive: true });
    await run(['npm', 'pack', '--pack-destination', packed], CLIENT);
    const [tarball] = readdirSync(packed);
    expect(tarball).toMatch(/^insightdesk-client-.+\.tgz$/);
    mkdirSync(unpacked, { recursive: true });
    await run(['tar', '-xzf', join(packed, tarball ?? ''), '-C', unpacked], work);
    const root = join(unpacked, 'package');

    const files = filesUnder(root);
    expect(files).toContain('dist/index.js');
    expect(files).toContain('dist/index.d.ts');
    expect(
      files.filter(
        (f) => !['package.json', 'README.md', 'LICENSE'].includes(f) && !f.startsWith('dist/'),
      ),
    ).toEqual([]);
    expect(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    // Nothing names the private workspace package: it was inlined, not depended on.
    for (const file of files)
      expect({
        file,
        mentions: readFileSync(join(root, file), 'utf8').includes('@insightdesk/shared'),
      }).toEqual({ file, mentions: false });

    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(manifest.exports['.']).toEqual({
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
      default: './dist/index.js',
    });
    for (const target of [
      './dist/index.d.ts',
      './dist/index.js',
      './dist/index.d.cts',
      './dist/index.cjs',
    ])
      expect(files).toContain(target.slice(2));
    // What a registry page and a lawyer read.
    expect(manifest.license).toBe('MIT');
    expect(manifest.repository).toMatchObject({ type: 'git', directory: 'client' });
    expect(manifest.engines.node).toBe(`>=${lowestNode}`);
    expect(files).toContain('README.md');
    expect(files).toContain('LICENSE');
    // A library takes its dependencies' compatible updates: ranges, not exact pins.
    for (const range of Object.values(manifest.dependencies))
      expect(range).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(Object.keys(manifest.dependencies).sort()).toEqual([
      'openapi-fetch',
      'socket.io-client',
    ]);
    expect(JSON.stringify(manifest)).not.toContain('workspace:');
    // The modules import their dependencies and each other, nothing else (the workspace's one
    // module is compiled in), and every relative import is a file of the package.
    const bare = new Set<string>();
    for (const file of files.filter((f) => /\.c?js$/.test(f))) {
      const text = readFileSync(join(root, file), 'utf8');
      const specifiers = file.endsWith('.cjs')
        ? [...text.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1] ?? '')
        : new Bun.Transpiler({ loader: 'js' }).scanImports(text).map((i) => i.path);
      for (const specifier of specifiers) {
        if (!specifier.startsWith('.')) bare.add(specifier);
        else expect(files).toContain(join(file, '..', specifier));
      }
      // Each format keeps to its own files.
      for (const specifier of specifiers.filter((x) => x.startsWith('.')))
        expect(specifier.endsWith(file.endsWith('.cjs') ? '.cjs' : '.js')).toBe(true);
    }
    expect([...bare].sort()).toEqual(['openapi-fetch', 'socket.io-client']);
  }, 120_000);

  test('installed by npm elsewhere, it type-checks a consumer under NodeNext resolution', async () => {
    mkdirSync(consumer, { recursive: true });
    writeFileSync(
      join(consumer, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
    );
    await installPacked(consumer, '--ignore-scripts');
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          types: [],
          strict: true,
          // The installed declarations are checked too, with those of the dependencies.
          skipLibCheck: false,
          outDir: 'out',
        },
        files: ['consumer.ts', 'required.cts'],
      }),
    );
    writeFileSync(join(consumer, 'consumer.ts'), CONSUMER);
    writeFileSync(join(consumer, 'required.cts'), REQUIRED);
    await run([join(ROOT, 'node_modules/.bin/tsc'), '-p', consumer], consumer);
    expect(filesUnder(join(consumer, 'out'))).toEqual(['consumer.js', 'required.cjs']);
    // The CommonJS consumer was compiled to require() of the package's CommonJS entry.
    expect(readFileSync(join(consumer, 'out/required.cjs'), 'utf8')).toContain(
      'require("@insightdesk/client")',
    );
  }, 120_000);

  test('under Node it logs in, makes typed calls and receives a live event (defaults, and long-polling alone)', async () => {
    const owner = await registerOwner('Packed');
    const stdout = await run([nodeOfLowestMajor(), join(consumer, 'out/consumer.js')], consumer, {
      BASE_URL,
      EMAIL: owner.email,
      PASSWORD: owner.password,
      NODE_EXTRA_CA_CERTS: join(DATA, 'tls/ca.crt'),
    });
    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '');
    expect(report.bun).toBe(false);
    // The lowest Node the package's engines allows.
    expect(Number(report.node.split('.')[0])).toBe(lowestNode);
    expect(report.refusal).toEqual({ status: 401, code: 'invalid_credentials' });
    expect(report.email).toBe(owner.email);
    const event = {
      id: expect.stringMatching(/^\d+-\d+$/),
      ticketId: report.opened,
      subject: 'Opened from Node',
    };
    // Defaults open over long-polling (the transport may be upgraded before the event arrives).
    expect(report.byDefault.subscribed).toEqual({ ok: true, resync: false });
    expect(report.byDefault.openedOver).toBe('polling');
    expect(report.byDefault.event).toEqual({ ...event, over: expect.any(String) });
    expect(report.pollingOnly.subscribed).toEqual({ ok: true, resync: false });
    expect(report.pollingOnly.event).toEqual({ ...event, over: 'polling' });
    expect(report.byDefault.event.id).toBe(report.pollingOnly.event.id);
  }, 60_000);

  test('under Node, require() gets the CommonJS build: a typed refusal, a login, a call', async () => {
    const owner = await registerOwner('Required');
    const stdout = await run([nodeOfLowestMajor(), join(consumer, 'out/required.cjs')], consumer, {
      BASE_URL,
      EMAIL: owner.email,
      PASSWORD: owner.password,
      NODE_EXTRA_CA_CERTS: join(DATA, 'tls/ca.crt'),
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '')).toEqual({
      cjs: true,
      refusal: 401,
      email: owner.email,
    });
  }, 60_000);

  test("the README's examples run as they are under Node in a fresh default npm project: ESM and CommonJS", async () => {
    mkdirSync(fresh, { recursive: true });
    await run(['npm', 'init', '-y'], fresh);
    // A default project: no "type", so its .js files are CommonJS.
    expect(JSON.parse(readFileSync(join(fresh, 'package.json'), 'utf8')).type).not.toBe('module');
    await installPacked(fresh);
    const runExample = async (file: string, text: string) => {
      const owner = await registerOwner('Readme');
      writeFileSync(join(fresh, file), text);
      const stdout = await run([nodeOfLowestMajor(), file], fresh, {
        INSIGHTDESK_URL: BASE_URL,
        INSIGHTDESK_EMAIL: owner.email,
        INSIGHTDESK_PASSWORD: owner.password,
        NODE_EXTRA_CA_CERTS: join(DATA, 'tls/ca.crt'),
      });
      return stdout.trim().split('\n').at(-1);
    };
    expect(await runExample('example.mjs', readmeExample('client-example'))).toMatch(
      /^ticket #1 created, event \d+-\d+ received, resume from \d+-\d+$/,
    );
    expect(await runExample('example.js', readmeExample('client-example-cjs'))).toMatch(
      /^ticket #1 created, event \d+-\d+ received$/,
    );
  }, 120_000);
});
