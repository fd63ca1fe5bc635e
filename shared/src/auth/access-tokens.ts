import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { Awaitable } from '../async';
import { UnauthorizedError } from '../errors';
import { FULL_REACH, type SessionReach } from '../shapes/session-reach';

export interface SigningKey {
  readonly kid: string;
  readonly secret: string;
}

export interface AccessTokenClaims {
  readonly userId: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
  /** The user's session epoch when the token was issued (see session-guard.ts). */
  readonly epoch: number;
  /** The session (refresh-token family) the token belongs to, when it belongs to one. */
  readonly family?: string;
  /** What the session reaches (session-reach.ts): every organization unless confined to one. */
  readonly reach: SessionReach;
}

/** What a token is issued under: the user's session epoch, the session's family and reach. */
export interface SessionClaims {
  readonly epoch: number;
  readonly family: string;
  readonly reach?: SessionReach;
}

export interface AccessTokens {
  sign(userId: string, session: SessionClaims): Promise<{ token: string; expiresIn: number }>;
  /**
   * The token's claims, at once for a token verified before (remembered until it expires);
   * refuses anything but a valid token with UnauthorizedError (`token_expired`, `invalid_token`).
   */
  verify(token: string): Awaitable<AccessTokenClaims>;
}

const ISSUER = 'insightdesk';
const VERIFIED_CACHE_SIZE = 50_000;
const AUDIENCE = 'insightdesk';

/**
 * Short-lived HS256 JWTs. The header's `kid` names the key: the first configured key signs and
 * every configured key verifies, so a secret can be rotated without logging anyone out. Only
 * HS256 is accepted (no `alg: none`, no algorithm confusion); an unknown `kid` is refused.
 */
export function createAccessTokens(options: {
  keys: readonly SigningKey[];
  ttlSeconds: number;
  /**
   * How many verified tokens are remembered (50,000 unless given): 0 for a service that verifies
   * a token once per connection, which then keeps no token once it has verified it.
   */
  rememberVerified?: number;
}): AccessTokens {
  const rememberVerified = options.rememberVerified ?? VERIFIED_CACHE_SIZE;
  const encoder = new TextEncoder();
  // Imported once: handing jose raw bytes would import the key again on every verification.
  const importHmac = (secret: string) =>
    crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    );
  const keys = new Map(options.keys.map((k) => [k.kid, importHmac(k.secret)]));
  const [signer] = options.keys;
  if (!signer) throw new Error('no signing key configured');
  const signingKey = keys.get(signer.kid) as Promise<CryptoKey>;

  // Verified tokens are remembered until they expire: an HMAC check per request costs more than
  // the rest of a cached read. Bounded; the oldest entries go first.
  const verified = new Map<string, AccessTokenClaims>();
  const remember = (token: string, claims: AccessTokenClaims) => {
    if (rememberVerified === 0) return;
    if (verified.size >= rememberVerified) {
      const oldest = verified.keys().next().value;
      if (oldest !== undefined) verified.delete(oldest);
    }
    verified.set(token, claims);
  };

  return {
    async sign(userId, session) {
      // `org`: the one organization a confined session reaches; `acc`: whether it also reaches
      // the account (absent on a session that reaches everything).
      const reach = session.reach ?? FULL_REACH;
      const confined = reach.org === null ? {} : { org: reach.org, acc: reach.account };
      const token = await new SignJWT({ ep: session.epoch, fam: session.family, ...confined })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: signer.kid })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${options.ttlSeconds}s`)
        .sign(await signingKey);
      return { token, expiresIn: options.ttlSeconds };
    },

    verify(token) {
      const known = verified.get(token);
      if (!known) return verifySignature(token);
      if (known.expiresAt * 1000 > Date.now()) return known;
      verified.delete(token);
      throw new UnauthorizedError('token_expired', 'The access token has expired.');
    },
  };

  /** A token not seen before (or forgotten): its signature and claims checked, then remembered. */
  async function verifySignature(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(
        token,
        async (header) => {
          const key = header.kid ? keys.get(header.kid) : undefined;
          if (!key) throw new UnauthorizedError('invalid_token', 'Unknown signing key.');
          return key;
        },
        {
          algorithms: ['HS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
          requiredClaims: ['sub', 'exp'],
        },
      );
      if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number')
        throw new Error('claims');
      const claims: AccessTokenClaims = {
        userId: payload.sub,
        expiresAt: payload.exp,
        epoch: typeof payload.ep === 'number' ? payload.ep : 0,
        ...(typeof payload.fam === 'string' ? { family: payload.fam } : {}),
        // A confined session's token says so; any other value of `acc` than true is false.
        reach:
          typeof payload.org === 'string'
            ? { org: payload.org, account: payload.acc === true }
            : FULL_REACH,
      };
      remember(token, claims);
      return claims;
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        throw new UnauthorizedError('token_expired', 'The access token has expired.');
      }
      throw new UnauthorizedError('invalid_token', 'The access token is not valid.');
    }
  }
}
