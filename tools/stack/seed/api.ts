import { readFileSync } from 'node:fs';

export interface ApiAnswer<T> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface RequestOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly form?: FormData;
  readonly headers?: Record<string, string>;
}

/** A client of the public API through nginx, as any outside client: HTTPS with the local CA. */
export function apiClient(baseUrl: string, caFile: string) {
  const ca = readFileSync(caFile, 'utf8');

  async function request<T>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<ApiAnswer<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let body: RequestInit['body'] = options.form;
    if (options.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    for (let attempt = 1; ; attempt++) {
      const res = await fetch(`${baseUrl}${path}`, { method, headers, body, tls: { ca } });
      const text = await res.text();
      // Rate limits are a client's to respect: wait as told, a few times.
      if (res.status === 429 && attempt < 5) {
        await Bun.sleep(Math.min(Number(res.headers.get('retry-after') ?? 1), 10) * 1000);
        continue;
      }
      return {
        status: res.status,
        headers: res.headers,
        body: (text && res.headers.get('content-type')?.includes('json')
          ? JSON.parse(text)
          : text) as T,
      };
    }
  }

  /** The answer's body when its status is one of `expected`; otherwise an error naming both. */
  async function expect<T>(
    expected: readonly number[],
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<T> {
    const answer = await request<T>(method, path, options);
    if (!expected.includes(answer.status)) {
      const detail = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      throw new Error(`${method} ${path}: ${answer.status} ${detail.slice(0, 300)}`);
    }
    return answer.body;
  }

  return { request, expect };
}

export type ApiClient = ReturnType<typeof apiClient>;
