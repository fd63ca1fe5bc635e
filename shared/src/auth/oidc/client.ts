import { createHash } from 'node:crypto';
import { createRemoteJWKSet, customFetch, importJWK, type JWTPayload, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { AppError, UnauthorizedError } from '../../errors';
import type { Logger } from '../../logger';
import { type GuardPolicy, guardedFetch, vetTarget } from '../../net';

/**
 * The relying party's side of the authorization code flow, on openid-client v6 (panva; built on
 * oauth4webapi, Web APIs only, so it runs on Bun): discovery, PKCE S256, `state` and `nonce`,
 * the code grant and the id_token's claims (issuer, audience, expiry, nonce, azp). openid-client
 * does not check the id_token's signature when it came from the token endpoint over TLS (OIDC
 * Core 3.1.3.7 allows that); we check it anyway against the provider's published keys (jose's
 * remote key set: an unknown `kid` refetches the set, at most once per cooldown), so a token the
 * provider's keys did not sign is refused whatever the channel.
 *
 * An organization's issuer is an admin's URL: every request to it and to what its discovery
 * names (token endpoint, key set) goes through the SSRF guard (shared/src/net: addresses
 * vetted, the connection made to the vetted address, no redirect). The deployment's providers
 * (OIDC_PROVIDERS) are the operator's and use plain fetch.
 */

/** What a provider is, wherever it was configured (an organization's, or the deployment's). */
export interface ProviderCredentials {
  readonly issuer: string;
  readonly clientId: string;
  /** How the client authenticates at the token endpoint (OpenID Connect Core 9). */
  readonly clientAuth: 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';
  readonly clientSecret: string | null;
  /** The client's private JWK (with its `kid`), for `private_key_jwt`. */
  readonly clientKey: Readonly<Record<string, string>> | null;
  /** The operator's (OIDC_PROVIDERS): its requests skip the SSRF guard. */
  readonly trusted: boolean;
}

/** The client authentication a provider's client uses, from its credentials. */
async function clientAuthentication(p: ProviderCredentials): Promise<oidc.ClientAuth> {
  if (p.clientAuth === 'private_key_jwt') {
    if (!p.clientKey) throw new Error('private_key_jwt without a key');
    const { kid, alg = 'RS256' } = p.clientKey;
    const key = (await importJWK({ ...p.clientKey }, alg)) as CryptoKey;
    return oidc.PrivateKeyJwt(kid ? { key, kid } : key);
  }
  if (!p.clientSecret) throw new Error(`${p.clientAuth} without a secret`);
  return p.clientAuth === 'client_secret_post'
    ? oidc.ClientSecretPost(p.clientSecret)
    : oidc.ClientSecretBasic(p.clientSecret);
}

/** The id_token's claims we use (after every check). */
export interface VerifiedIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email: string | null;
  readonly emailVerified: boolean;
  readonly name: string | null;
  /** Authentication methods (RFC 8176) the provider says it used. */
  readonly amr: readonly string[];
}

export interface OidcClientOptions {
  readonly httpTimeoutMs: number;
  readonly jwksCooldownSeconds: number;
  /** Development and test: plain-http issuers (a provider on loopback) are allowed. */
  readonly allowHttp: boolean;
  /** What an untrusted issuer may reach (OIDC_ALLOWED_NETWORKS; ports 80 and 443 otherwise). */
  readonly guard: GuardPolicy;
  readonly logger: Logger;
}

/** Discovery documents and key sets are small: a bigger answer is refused. */
const ANSWER_LIMIT = 256 * 1024;

const DISCOVERY_TTL_MS = 60 * 60_000;
/** Providers' discoveries kept per instance (each with its signing keys' cache). */
const DISCOVERIES_KEPT = 500;

interface Discovered {
  readonly config: oidc.Configuration;
  readonly keys: ReturnType<typeof createRemoteJWKSet>;
  readonly at: number;
}

export const providerUnreachable = () =>
  new AppError(502, 'oidc_provider_unreachable', 'Bad Gateway', {
    detail: 'The identity provider could not be reached or answered something unusable.',
  });

export const oidcRejected = () =>
  new UnauthorizedError(
    'oidc_rejected',
    "The identity provider's answer could not be verified; start the sign-in again.",
  );

export function createOidcClient(options: OidcClientOptions) {
  const discovered = new Map<string, Promise<Discovered>>();
  const keyOf = (p: ProviderCredentials) =>
    createHash('sha256')
      .update(
        [p.trusted, p.issuer, p.clientId, p.clientAuth, p.clientSecret, p.clientKey?.kid].join(
          '\n',
        ),
      )
      .digest('base64url');
  const guarded = guardedFetch({
    ...options.guard,
    timeoutMs: options.httpTimeoutMs,
    readLimit: ANSWER_LIMIT,
  });

  /** Discovery of an issuer (with its client, or a placeholder for a check). */
  async function discoveryOf(issuer: string, trusted: boolean, client?: ProviderCredentials) {
    const url = new URL(issuer);
    const insecure = url.protocol === 'http:';
    if (insecure && !options.allowHttp) throw new Error('an issuer is an https URL');
    const config = await oidc.discovery(
      url,
      client?.clientId ?? 'check',
      client?.clientSecret ?? undefined,
      client ? await clientAuthentication(client) : oidc.None(),
      {
        timeout: Math.ceil(options.httpTimeoutMs / 1000),
        ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        ...(trusted ? {} : { [oidc.customFetch]: guarded }),
      },
    );
    const jwksUri = config.serverMetadata().jwks_uri;
    if (!jwksUri || (!options.allowHttp && !jwksUri.startsWith('https://')))
      throw new Error('no usable jwks_uri');
    return { config, jwksUri };
  }

  async function discover(p: ProviderCredentials): Promise<Discovered> {
    const { config, jwksUri } = await discoveryOf(p.issuer, p.trusted, p);
    const keys = createRemoteJWKSet(new URL(jwksUri), {
      cooldownDuration: options.jwksCooldownSeconds * 1000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: options.httpTimeoutMs,
      ...(p.trusted ? {} : { [customFetch]: guarded }),
    });
    return { config, keys, at: Date.now() };
  }

  /** The provider's discovered configuration, cached per instance for an hour. */
  async function configOf(p: ProviderCredentials): Promise<Discovered> {
    const key = keyOf(p);
    const cached = discovered.get(key);
    if (cached) {
      const value = await cached.catch(() => undefined);
      if (value && Date.now() - value.at < DISCOVERY_TTL_MS) return value;
      if (discovered.get(key) === cached) discovered.delete(key);
    }
    const pending = discover(p);
    // Bounded: each change of a provider's credentials is a new entry, and the old ones are only
    // dropped when asked for again. The oldest goes first (a map keeps its insertion order).
    if (discovered.size >= DISCOVERIES_KEPT) {
      const oldest = discovered.keys().next().value;
      if (oldest !== undefined) discovered.delete(oldest);
    }
    discovered.set(key, pending);
    try {
      return await pending;
    } catch (err) {
      discovered.delete(key);
      options.logger.warn(
        { issuer: p.issuer, err: err instanceof Error ? err.message : String(err) },
        'oidc discovery failed',
      );
      throw providerUnreachable();
    }
  }

  /** Logs why a provider's answer was refused (never a token) and refuses it. */
  function rejected(p: ProviderCredentials, err: unknown): never {
    options.logger.warn(
      {
        issuer: p.issuer,
        reason: err instanceof Error ? err.message : String(err),
        code: (err as { code?: unknown }).code,
      },
      'oidc sign-in rejected',
    );
    throw oidcRejected();
  }

  /** The userinfo endpoint's claims of `subject` (none when the provider has no such endpoint). */
  async function userInfo(
    p: ProviderCredentials,
    config: oidc.Configuration,
    accessToken: string | undefined,
    subject: string,
  ): Promise<JWTPayload> {
    if (!accessToken || !config.serverMetadata().userinfo_endpoint) return {};
    try {
      return (await oidc.fetchUserInfo(config, accessToken, subject)) as JWTPayload;
    } catch (err) {
      rejected(p, err);
    }
  }

  return {
    /**
     * Why an issuer an admin entered cannot be used, or null: its address is vetted (no
     * connection made when refused), then its discovery is read through the guard.
     */
    async issuerProblem(issuer: string): Promise<string | null> {
      const vetted = await vetTarget(new URL(issuer), options.guard);
      if ('refused' in vetted) return vetted.refused;
      try {
        await discoveryOf(issuer, false);
        return null;
      } catch (err) {
        options.logger.info(
          { issuer, err: err instanceof Error ? err.message : String(err) },
          'oidc issuer check failed',
        );
        return 'its discovery document (/.well-known/openid-configuration) could not be read';
      }
    },

    /** A new flow's secrets: `state` and `nonce` go to the provider, the verifier stays here. */
    newFlowSecrets() {
      return {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
      };
    },

    async authorizationUrl(
      p: ProviderCredentials,
      flow: { state: string; nonce: string; verifier: string; redirectUri: string },
    ): Promise<URL> {
      const { config } = await configOf(p);
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: flow.redirectUri,
        scope: 'openid email profile',
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
        state: flow.state,
        nonce: flow.nonce,
      });
    },

    /**
     * Exchanges the callback's code and checks everything: 401 `oidc_rejected` for any failure
     * (the reason is logged, never the tokens).
     */
    async complete(
      p: ProviderCredentials,
      callbackUrl: URL,
      flow: { state: string; nonce: string; verifier: string },
    ): Promise<VerifiedIdentity> {
      const { config, keys } = await configOf(p);
      let claims: JWTPayload;
      let accessToken: string | undefined;
      try {
        const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        if (!tokens.id_token) throw new Error('no id_token');
        const verified = await jwtVerify(tokens.id_token, keys, {
          issuer: config.serverMetadata().issuer,
          audience: p.clientId,
          clockTolerance: 30,
        });
        claims = verified.payload;
        accessToken = tokens.access_token;
      } catch (err) {
        rejected(p, err);
      }
      if (typeof claims.sub !== 'string' || claims.sub.length === 0 || claims.sub.length > 255)
        throw oidcRejected();
      // OpenID Connect Core 5.4: with the code flow, a provider may release the scopes' claims
      // at the userinfo endpoint only (oidc-provider's default). Read there when the id_token
      // lacks them; openid-client refuses an answer of another subject (5.3.2).
      const profile =
        typeof claims.email === 'string' && typeof claims.email_verified === 'boolean'
          ? claims
          : { ...(await userInfo(p, config, accessToken, claims.sub)), ...claims };
      const email =
        typeof profile.email === 'string' && profile.email.length <= 254 ? profile.email : null;
      return {
        issuer: config.serverMetadata().issuer,
        subject: claims.sub,
        email,
        emailVerified: profile.email_verified === true,
        name: typeof profile.name === 'string' ? profile.name.slice(0, 200) : null,
        amr: Array.isArray(claims.amr) ? claims.amr.filter((m) => typeof m === 'string') : [],
      };
    },
  };
}

export type OidcClient = ReturnType<typeof createOidcClient>;
