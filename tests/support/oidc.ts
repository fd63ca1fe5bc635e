import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appConfig, loadConfig } from '@insightdesk/shared/config';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { call } from './http';
import { BASE_URL, CA, freePort, ROOT } from './stack';

/** Our callback, as the api registers it with providers. */
export const REDIRECT_URI = new URL(
  '/api/v1/auth/oidc/callback',
  loadConfig({ app: appConfig }, { dir: ROOT }).app.publicUrl,
).href;

/** A fresh ES256 signing key (private JWK with its kid). */
export async function signingKey(kid = crypto.randomUUID()) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    kid,
    privateKey,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' } as JWK,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } as JWK,
  };
}

export interface TestClient {
  readonly client_id: string;
  readonly client_secret?: string;
  /** How the client authenticates (oidc-provider's default for ours: client_secret_basic). */
  readonly token_endpoint_auth_method?: string;
  /** private_key_jwt: the client's public key set. */
  readonly jwks?: { readonly keys: readonly JWK[] };
}

/**
 * Where the test providers listen: 127.0.0.3, the one loopback address the local stack's
 * OIDC_ALLOWED_NETWORKS lets an organization's issuer reach (127.0.0.1 stays refused: SSRF).
 */
export const PROVIDER_HOST = '127.0.0.3';

/**
 * panva's oidc-provider, started with Node (it refuses Bun) on a free loopback port, with its
 * own keys and clients. `restart(keys)` brings it back on the same issuer with other keys (a
 * key rotation). `node` is the Node it runs under: this machine's, or another such as Debian's
 * Node 18 (tests/support/debian-node.ts).
 */
export async function startOidcProvider(
  clients: readonly TestClient[],
  keys: readonly JWK[],
  host = PROVIDER_HOST,
  node = 'node',
  /** The scopes' claims in the id_token too (Google, Entra ID), not at userinfo only. */
  options: { idTokenClaims?: boolean } = {},
) {
  const port = freePort();
  const issuer = `http://${host}:${port}`;
  let child: ReturnType<typeof spawn> | undefined;

  async function launch(withKeys: readonly JWK[]) {
    const config = {
      port,
      host,
      issuer,
      keys: withKeys,
      clients: clients.map((c) => ({ ...c, redirect_uris: [REDIRECT_URI] })),
      idTokenClaims: options.idTokenClaims === true,
    };
    const proc = spawn(node, [join(ROOT, 'tests/support/oidc-provider.mjs')], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', OIDC_TEST_CONFIG: JSON.stringify(config) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`oidc-provider did not start: ${output}`)),
        60_000, // Node starts slowly on a loaded machine
      );
      proc.stdout?.on('data', (d) => {
        output += String(d);
        if (output.includes('ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      proc.stderr?.on('data', (d) => {
        output += String(d);
      });
      proc.on('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`oidc-provider exited (${code}): ${output}`));
      });
    });
    child = proc;
  }

  async function stop() {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  }

  await launch(keys);
  return {
    issuer,
    stop,
    async restart(withKeys: readonly JWK[]) {
      await stop();
      await launch(withKeys);
    },
  };
}

/**
 * The DNS records the stack answers before real DNS (OIDC_DNS_RECORDS_FILE, development and tests
 * only): `value` null removes the name's TXT record.
 */
export const DNS_RECORDS_FILE = join(ROOT, '.data/oidc-dns.json');

export function setTxtRecord(name: string, value: string | null) {
  const records = existsSync(DNS_RECORDS_FILE)
    ? (JSON.parse(readFileSync(DNS_RECORDS_FILE, 'utf8')) as Record<string, string[][]>)
    : {};
  const key = `${name.toLowerCase()} TXT`;
  if (value === null) delete records[key];
  else records[key] = [[value]];
  // Written whole, then renamed: a lookup never reads half a file.
  const next = `${DNS_RECORDS_FILE}.${process.pid}`;
  writeFileSync(next, JSON.stringify(records));
  renameSync(next, DNS_RECORDS_FILE);
}

/**
 * An organization proves a domain as an admin does: claims it, publishes the TXT record the
 * answer names, and asks for the check. Answers the check's response.
 */
export async function proveDomain(account: { token: string; orgId: string }, domain: string) {
  const claimed = await call(`/api/v1/orgs/${account.orgId}/domains`, {
    token: account.token,
    body: { domain },
  });
  if (claimed.status !== 201 && claimed.status !== 200)
    throw new Error(`claim ${domain}: ${claimed.status} ${claimed.text}`);
  setTxtRecord(claimed.body.record.name, claimed.body.record.value);
  return call(`/api/v1/orgs/${account.orgId}/domains/${domain}/verify`, {
    method: 'POST',
    token: account.token,
  });
}

/** What a test's provider says about the person signing in. */
export interface TestAccount {
  readonly sub: string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
  readonly amr?: readonly string[];
}

/** A minimal cookie jar for one origin's `Set-Cookie` answers. */
class Jar {
  private readonly cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** GET through nginx (our CA trusted), redirects not followed. */
export const getApi = (path: string, cookie?: string) =>
  fetch(path.startsWith('http') ? path : `${BASE_URL}${path}`, {
    redirect: 'manual',
    tls: CA ? { ca: CA } : {},
    headers: cookie ? { cookie } : {},
  });

/**
 * A browser beginning a sign-in: GET /auth/oidc/{provider}/start, then through the provider
 * (which signs `account` in) back to our callback — not followed: answers the callback URL and
 * the browser's cookie for our origin.
 */
export async function toCallback(provider: string, account: TestAccount, base = BASE_URL) {
  const start = await getApi(`${base}/api/v1/auth/oidc/${provider}/start`);
  if (start.status !== 302) throw new Error(`start: ${start.status} ${await start.text()}`);
  const ours = new Jar();
  ours.take(start);
  const authorize = new URL(start.headers.get('location') ?? '');
  authorize.searchParams.set(
    'login_hint',
    Buffer.from(JSON.stringify(account)).toString('base64url'),
  );
  const theirs = new Jar();
  let next = authorize.href;
  for (let hop = 0; hop < 10; hop++) {
    if (next.startsWith(REDIRECT_URI))
      return { callbackUrl: new URL(next), cookie: ours.header(), authorize };
    const res = await fetch(next, { redirect: 'manual', headers: { cookie: theirs.header() } });
    theirs.take(res);
    const location = res.headers.get('location');
    if (!location)
      throw new Error(`provider stopped at ${next}: ${res.status} ${await res.text()}`);
    next = new URL(location, next).href;
  }
  throw new Error('too many redirects');
}

/** Our callback, reached through nginx (or `base`): answers the 302 to the app, or a problem. */
export function callbackVia(url: URL, cookie: string, base = BASE_URL) {
  return getApi(`${base}${url.pathname}${url.search}`, cookie);
}

/** The refusal a callback sent the browser to the app with (`#error=…`), or null. */
export function errorOf(res: Response): string | null {
  if (res.status !== 302) throw new Error(`the callback answered ${res.status}, not a redirect`);
  const hash = new URL(res.headers.get('location') ?? '').hash.slice(1);
  return new URLSearchParams(hash).get('error');
}

/**
 * The whole sign-in as a browser and an app do it: the callback, then the exchange — or the
 * refusal the callback sent the browser back to the app with (`error`).
 */
export async function signInThrough(provider: string, account: TestAccount, base?: string) {
  const { callbackUrl, cookie } = await toCallback(provider, account, base);
  const callback = await callbackVia(callbackUrl, cookie, base);
  const error = errorOf(callback);
  if (error) return { callback, error, exchange: undefined };
  const exchange = await call('/api/v1/auth/oidc/exchange', { body: { code: codeOf(callback) } });
  return { callback, error, exchange };
}

/**
 * Turns the `oauth` flag on or off for everyone, or for one organization (`orgId`), as a
 * platform operator does.
 */
export async function setOauthFlag(operator: string, enabled: boolean, orgId?: string) {
  const res = await call('/api/v1/admin/features/oauth', {
    method: 'PUT',
    token: operator,
    body: orgId ? { enabled, orgId } : { enabled },
  });
  if (res.status !== 200) throw new Error(`flag: ${res.status} ${res.text}`);
}

/** The one-time code of a callback's redirect to the app (`#code=…`). */
export function codeOf(res: Response): string {
  const location = res.headers.get('location') ?? '';
  const code = new URL(location).hash.match(/^#code=([\w-]+)$/)?.[1];
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

export type Defect = 'none' | 'audience' | 'issuer' | 'expired' | 'unknown key' | 'nonce';

/**
 * A rogue provider (Bun, jose): discovery, keys, an authorization endpoint that approves at
 * once, and a token endpoint whose id_token carries `defect` — what oidc-provider would never
 * sign: another audience, another issuer, an expired token, a key it does not publish, a nonce
 * from another flow.
 */
export async function startRogueProvider(clientId: string) {
  const key = await signingKey();
  const stranger = await signingKey();
  const port = freePort();
  const issuer = `http://${PROVIDER_HOST}:${port}`;
  const flows = new Map<string, { nonce: string; sub: string; email: string }>();
  let defect: Defect = 'none';
  const server = Bun.serve({
    hostname: PROVIDER_HOST,
    port,
    async fetch(req) {
      const url = new URL(req.url);
      if (url.pathname === '/.well-known/openid-configuration') {
        return Response.json({
          issuer,
          authorization_endpoint: `${issuer}/authorize`,
          token_endpoint: `${issuer}/token`,
          jwks_uri: `${issuer}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['ES256'],
          code_challenge_methods_supported: ['S256'],
        });
      }
      if (url.pathname === '/jwks') return Response.json({ keys: [key.publicJwk] });
      if (url.pathname === '/authorize') {
        const account = JSON.parse(
          Buffer.from(url.searchParams.get('login_hint') ?? '', 'base64url').toString(),
        ) as TestAccount;
        const code = crypto.randomUUID();
        flows.set(code, {
          nonce: url.searchParams.get('nonce') ?? '',
          sub: account.sub,
          email: account.email ?? '',
        });
        const back = new URL(url.searchParams.get('redirect_uri') ?? '');
        back.searchParams.set('code', code);
        back.searchParams.set('state', url.searchParams.get('state') ?? '');
        return Response.redirect(back.href, 302);
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        const form = new URLSearchParams(await req.text());
        const flow = flows.get(form.get('code') ?? '');
        flows.delete(form.get('code') ?? '');
        if (!flow) return Response.json({ error: 'invalid_grant' }, { status: 400 });
        const now = Math.floor(Date.now() / 1000);
        const signer = defect === 'unknown key' ? stranger : key;
        const idToken = await new SignJWT({
          nonce: defect === 'nonce' ? 'a-nonce-of-another-flow' : flow.nonce,
          email: flow.email,
          email_verified: true,
        })
          .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
          .setIssuer(defect === 'issuer' ? 'http://127.0.0.1:1/another-issuer' : issuer)
          .setAudience(defect === 'audience' ? 'another-client' : clientId)
          .setSubject(flow.sub)
          .setIssuedAt(defect === 'expired' ? now - 7200 : now)
          .setExpirationTime(defect === 'expired' ? now - 3600 : now + 300)
          .sign(signer.privateKey);
        return Response.json({
          access_token: crypto.randomUUID(),
          token_type: 'Bearer',
          expires_in: 300,
          id_token: idToken,
        });
      }
      return new Response('not found', { status: 404 });
    },
  });
  return {
    issuer,
    setDefect(next: Defect) {
      defect = next;
    },
    stop: () => server.stop(true),
  };
}
