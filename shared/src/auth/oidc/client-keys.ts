import { exportJWK, generateKeyPair } from 'jose';

/**
 * A new key pair for a client that authenticates with `private_key_jwt` (OpenID Connect Core 9):
 * RS256, which every provider accepts; answers its private JWK with a `kid` (the public half is
 * what the provider is given: `publicJwkOf`).
 */
export async function newClientKey(): Promise<Record<string, string>> {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const fields = Object.entries(jwk).filter(([, v]) => typeof v === 'string') as [string, string][];
  return { ...Object.fromEntries(fields), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' };
}
