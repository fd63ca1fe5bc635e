import createFetchClient from 'openapi-fetch';
import type { paths } from './generated/api.js';
import { SessionEndedError, type SessionKeeper } from './session.js';

export type Fetch = (request: Request) => Promise<Response>;

/**
 * openapi-fetch's default export. The CommonJS build (`require`) receives openapi-fetch's
 * CommonJS module object, whose `default` is the function (`exports.default`).
 */
const createClient: typeof createFetchClient =
  typeof createFetchClient === 'function'
    ? createFetchClient
    : (createFetchClient as { default: typeof createFetchClient }).default;

/** The typed REST client: `api.GET('/v1/orgs/{orgId}/tickets', { params: { path: { orgId } } })`. */
export const createRestClient = (baseUrl: string, fetch: Fetch) =>
  createClient<paths>({ baseUrl, fetch });

export type RestClient = ReturnType<typeof createRestClient>;

/**
 * The request again, with a token: built from its parts (the body read once, as a Blob that can be
 * sent twice), so that a refused request can be sent again after a refresh.
 */
async function reusable(request: Request) {
  const body = request.body === null ? null : await request.blob();
  return (token: string) => {
    const headers = new Headers(request.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return new Request(request.url, {
      method: request.method,
      headers,
      body,
      signal: request.signal,
      credentials: request.credentials,
      redirect: request.redirect,
      cache: request.cache,
      mode: request.mode,
    });
  };
}

/**
 * fetch with the session's access token: renewed before it expires, and once more when the api
 * answers 401 to it (then the request is sent again). Without a session, or when the session
 * cannot be renewed, the api's own answer comes back.
 */
export function authorizedFetch(keeper: SessionKeeper, fetch: Fetch): Fetch {
  return async (request) => {
    const token = await keeper.accessToken().catch((err: unknown) => {
      if (err instanceof SessionEndedError) return null;
      throw err;
    });
    if (!token) return fetch(request);
    const withToken = await reusable(request);
    const first = await fetch(withToken(token));
    if (first.status !== 401) return first;
    let renewed: string;
    try {
      renewed = await keeper.renewAfterRefusal(token);
    } catch (err) {
      if (err instanceof SessionEndedError) return first;
      throw err;
    }
    await first.body?.cancel();
    return fetch(withToken(renewed));
  };
}
