import { request } from 'node:https';
import { isIPv6 } from 'node:net';
import { type OpenApiDocument, ResponseChecker } from './openapi-responses';
import { BASE_URL, CA, loopbackOptions, servicePort } from './stack';

export interface CallOptions {
  readonly method?: string;
  readonly body?: unknown;
  readonly token?: string;
  readonly headers?: Record<string, string>;
  readonly raw?: RequestInit['body'];
}

export interface CallResult<T = unknown> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
  readonly text: string;
}

let checker: Promise<ResponseChecker> | undefined;

/** The live /api/openapi.json, fetched once per test file. */
function responseChecker(): Promise<ResponseChecker> {
  checker ??= fetch(`${BASE_URL}/api/openapi.json`, { tls: CA ? { ca: CA } : {} })
    .then((res) => res.json() as Promise<OpenApiDocument>)
    .then((doc) => new ResponseChecker(doc));
  return checker;
}

/**
 * fetch through nginx (HTTPS, trusting the local CA), JSON in and out. Every answer is checked
 * against the OpenAPI document (status, content type, body): a mismatch fails the test.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes
export async function call<T = any>(
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: RequestInit['body'] | undefined = options.raw;
  if (options.body !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(`${BASE_URL}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
    redirect: 'manual',
    tls: CA ? { ca: CA } : {},
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  const method = options.method ?? (body === undefined ? 'GET' : 'POST');
  const mismatch = (await responseChecker()).problem({
    method,
    path,
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: parsed,
    text,
  });
  if (mismatch) throw new Error(`answer differs from /api/openapi.json: ${mismatch}`);
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/** Asserts the RFC 9457 shape every error answer must have. */
export function isProblem(res: CallResult): boolean {
  const ct = res.headers.get('content-type') ?? '';
  const b = res.body as Record<string, unknown> | undefined;
  return (
    ct.startsWith('application/problem+json') &&
    typeof b === 'object' &&
    b !== null &&
    typeof b.type === 'string' &&
    typeof b.title === 'string' &&
    b.status === res.status &&
    typeof b.code === 'string'
  );
}

/** GET on a service instance's own port (the private network: health details, /metrics). */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes
export async function direct<T = any>(
  service: 'api' | 'ws' | 'worker',
  path: string,
  n = 1,
): Promise<CallResult<T>> {
  const res = await fetch(`http://127.0.0.1:${servicePort(service, n)}${path}`);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}

/**
 * A JSON POST through nginx from another loopback address (127.0.0.0/8 is all ours): nginx
 * reports it as the client address, as it would a different machine's.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes
export function postFrom<T = any>(
  localAddress: string,
  path: string,
  body: unknown,
): Promise<CallResult<T>> {
  const url = new URL(`${BASE_URL}${path}`);
  const payload = JSON.stringify(body);
  const target = loopbackOptions(url, isIPv6(localAddress) ? 6 : 4);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        ...target,
        method: 'POST',
        localAddress,
        headers: {
          ...target.headers,
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {}
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            if (typeof v === 'string') headers.set(k, v);
          resolve({ status: res.statusCode ?? 0, headers, body: parsed as T, text });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/**
 * A JSON request straight to one api instance's own port (no nginx): which instance answers is
 * the test's choice, and a `CLIENT_IP_HEADER` it sends (`X-Real-IP`) is the client address the
 * api budgets, as nginx would set it — IPv6 addresses included.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests read answers of many shapes
export async function callInstance<T = any>(
  n: number,
  path: string,
  options: CallOptions = {},
): Promise<CallResult<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let body: RequestInit['body'] | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(`http://127.0.0.1:${servicePort('api', n)}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}
