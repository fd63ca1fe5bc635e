import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { UnauthorizedError } from '../errors';

export interface SigningKey {
  readonly kid: string;
  readonly secret: string;
}

export interface AccessTokenClaims {
  readonly userId: string;
  /** Seconds since the epoch. */
  readonly expiresAt: number;
}

export interface AccessTokens {
  sign(userId: string): Promise<{ token: string; expiresIn: number }>;
  /** Throws UnauthorizedError (`token_expired` or `invalid_token`) for anything but a valid token. */
  verify(token: string): Promise<AccessTokenClaims>;
}

const ISSUER = 'insightdesk';
const AUDIENCE = 'insightdesk';

/**
 * Short-lived HS256 JWTs. The header's `kid` names the key: the first configured key signs and
 * every configured key verifies, so a secret can be rotated without logging anyone out. Only
 * HS256 is accepted (no `alg: none`, no algorithm confusion); an unknown `kid` is refused.
 */
export function createAccessTokens(options: {
  keys: readonly SigningKey[];
  ttlSeconds: number;
}): AccessTokens {
  const encoder = new TextEncoder();
  const keys = new Map(options.keys.map((k) => [k.kid, encoder.encode(k.secret)]));
  const [signer] = options.keys;
  if (!signer) throw new Error('no signing key configured');
  const signingKey = encoder.encode(signer.secret);

  return {
    async sign(userId) {
      const token = await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: signer.kid })
        .setSubject(userId)
        .setIssuer(ISSUER)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime(`${options.ttlSeconds}s`)
        .sign(signingKey);
      return { token, expiresIn: options.ttlSeconds };
    },

    async verify(token) {
      try {
        const { payload } = await jwtVerify(
          token,
          (header) => {
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
        return { userId: payload.sub, expiresAt: payload.exp };
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) {
          throw new UnauthorizedError('token_expired', 'The access token has expired.');
        }
        throw new UnauthorizedError('invalid_token', 'The access token is not valid.');
      }
    },
  };
}
