import { ApiError, problemOf } from './errors.js';
import type { components, paths } from './generated/api.js';
import { createRealtimeClient, type RealtimeClient, type RealtimeOptions } from './realtime.js';
import { authorizedFetch, createRestClient, type Fetch, type RestClient } from './rest.js';
import { createSessionKeeper, type Session, type SessionKeeper } from './session.js';

export { ApiError, type Problem } from './errors.js';
export type { components, paths } from './generated/api.js';
export type {
  ClientToServerEvents,
  RealtimeClient,
  RealtimeError,
  RealtimeEventName,
  RealtimeOptions,
  RealtimeSocket,
  ServerToClientEvents,
  SubscribeResult,
} from './realtime.js';
export type { Fetch, RestClient } from './rest.js';
export {
  type Session,
  SessionEndedError,
  type SessionKeeper,
  type SessionListener,
  type Tokens,
} from './session.js';

/** The api's schemas by name: `Schemas['Ticket']`. */
export type Schemas = components['schemas'];

type Body<P extends keyof paths> = paths[P] extends {
  post: { requestBody: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/** The JSON answer of a POST route with a given status. */
type Answer<P extends keyof paths, S extends number> = paths[P] extends {
  post: { responses: Record<S, { content: { 'application/json': infer A } }> };
}
  ? A
  : never;

export interface ClientOptions {
  /** The origin nginx serves the api and Socket.IO on, e.g. `https://localhost:8443`. */
  readonly baseUrl: string;
  /** The fetch to send requests with (default: the global one). */
  readonly fetch?: Fetch;
  /** A session kept from earlier (see `onSessionChange`), so a reload needs no new login. */
  readonly session?: Session | null;
  /** Called after every login, refresh and logout: persist the session here if you need to. */
  readonly onSessionChange?: (session: Session | null) => void;
  /** Renew the access token this long before it expires (default 60, at most half its life). */
  readonly refreshMarginSeconds?: number;
}

/**
 * The InsightDesk client: `api` is the typed REST client (paths, parameters, bodies and answers
 * from the OpenAPI document) and carries the session's access token, renewed when due;
 * `realtime()` opens the Socket.IO side on the same session.
 */
export interface InsightDeskClient {
  readonly api: RestClient;
  readonly session: SessionKeeper;
  /** Logs in; with two-factor authentication it answers the challenge for `loginTwoFactor`. */
  login(body: Body<'/v1/auth/login'>): Promise<Answer<'/v1/auth/login', 200>>;
  loginTwoFactor(body: Body<'/v1/auth/login/2fa'>): Promise<Answer<'/v1/auth/login/2fa', 200>>;
  /** Creates an account and its organization, and logs in. */
  register(body: Body<'/v1/auth/register'>): Promise<Answer<'/v1/auth/register', 201>>;
  /** Ends the session here and on the server (its refresh token is revoked). */
  logout(): Promise<void>;
  /** Opens the real-time connection of this session (see RealtimeOptions). */
  realtime(options?: RealtimeOptions): RealtimeClient;
}

// The interface is written out, not inferred: the published declarations then name only the
// package's own types and openapi-fetch's exported ones.
export function createInsightDeskClient(options: ClientOptions): InsightDeskClient {
  const origin = options.baseUrl.replace(/\/+$/, '');
  const fetch: Fetch = options.fetch ?? ((request) => globalThis.fetch(request));
  // The credential routes go out without the access token (a 401 there is an answer, not a cue).
  const anonymous = createRestClient(`${origin}/api`, fetch);
  const session = createSessionKeeper({
    initial: options.session ?? null,
    marginMs: (options.refreshMarginSeconds ?? 60) * 1000,
    async refresh(refreshToken) {
      const { data, error, response } = await anonymous.POST('/v1/auth/refresh', {
        body: { refreshToken },
      });
      if (data) return data.tokens;
      if (response.status === 401) return null;
      throw new ApiError(response.status, problemOf(error));
    },
  });
  if (options.onSessionChange) session.onChange(options.onSessionChange);
  const api = createRestClient(`${origin}/api`, authorizedFetch(session, fetch));

  return {
    api,
    session,
    async login(body: Body<'/v1/auth/login'>) {
      const { data, error, response } = await anonymous.POST('/v1/auth/login', { body });
      if (!data) throw new ApiError(response.status, problemOf(error));
      if ('tokens' in data) session.set(data.tokens);
      return data;
    },
    async loginTwoFactor(body: Body<'/v1/auth/login/2fa'>) {
      const { data, error, response } = await anonymous.POST('/v1/auth/login/2fa', { body });
      if (!data) throw new ApiError(response.status, problemOf(error));
      session.set(data.tokens);
      return data;
    },
    async register(body: Body<'/v1/auth/register'>) {
      const { data, error, response } = await anonymous.POST('/v1/auth/register', { body });
      if (!data) throw new ApiError(response.status, problemOf(error));
      session.set(data.tokens);
      return data;
    },
    async logout() {
      const current = session.current();
      session.set(null);
      if (!current) return;
      const { error, response } = await anonymous.POST('/v1/auth/logout', {
        body: { refreshToken: current.refreshToken },
      });
      if (error) throw new ApiError(response.status, problemOf(error));
    },
    realtime: (realtimeOptions?: RealtimeOptions) =>
      createRealtimeClient(origin, session, realtimeOptions),
  };
}
