import { ApiError, problemOf } from './errors';
import type { components, paths } from './generated/api';
import { createRealtimeClient, type RealtimeOptions } from './realtime';
import { authorizedFetch, createRestClient, type Fetch } from './rest';
import { createSessionKeeper, type Session } from './session';

export { ApiError, type Problem } from './errors';
export type { components, paths } from './generated/api';
export type {
  ClientToServerEvents,
  RealtimeClient,
  RealtimeError,
  RealtimeEventName,
  RealtimeOptions,
  RealtimeSocket,
  ServerToClientEvents,
  SubscribeResult,
} from './realtime';
export type { Fetch, RestClient } from './rest';
export { type Session, SessionEndedError, type Tokens } from './session';

/** The api's schemas by name: `Schemas['Ticket']`. */
export type Schemas = components['schemas'];

type Body<P extends keyof paths> = paths[P] extends {
  post: { requestBody: { content: { 'application/json': infer B } } };
}
  ? B
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
export function createInsightDeskClient(options: ClientOptions) {
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
    /** Logs in; with two-factor authentication it answers the challenge for `loginTwoFactor`. */
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
    /** Creates an account and its organization, and logs in. */
    async register(body: Body<'/v1/auth/register'>) {
      const { data, error, response } = await anonymous.POST('/v1/auth/register', { body });
      if (!data) throw new ApiError(response.status, problemOf(error));
      session.set(data.tokens);
      return data;
    },
    /** Ends the session here and on the server (its refresh token is revoked). */
    async logout() {
      const current = session.current();
      session.set(null);
      if (!current) return;
      const { error, response } = await anonymous.POST('/v1/auth/logout', {
        body: { refreshToken: current.refreshToken },
      });
      if (error) throw new ApiError(response.status, problemOf(error));
    },
    /** Opens the real-time connection of this session (see RealtimeOptions). */
    realtime: (realtimeOptions?: RealtimeOptions) =>
      createRealtimeClient(origin, session, realtimeOptions),
  };
}

export type InsightDeskClient = ReturnType<typeof createInsightDeskClient>;
