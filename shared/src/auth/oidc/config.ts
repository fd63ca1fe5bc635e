import { z } from 'zod';
import { defineConfigGroup } from '../../config/define';
import { integer, list } from '../../config/variables';
import { parseNetwork } from '../../net/address';

/** A deployment-wide OpenID provider (e.g. one Google client for every organization). */
const deploymentProvider = z.strictObject({
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,31}$/)
    .describe('in the sign-in URL: /api/v1/auth/oidc/<name>/start'),
  issuer: z.url(),
  clientId: z.string().min(1).max(512),
  clientSecret: z.string().min(1).max(2048),
  /** Email domains it vouches for; `*`: any (only for a provider authoritative for its addresses). */
  vouchedDomains: z.array(z.string().min(1).max(253)).max(100).default([]),
});

/** Sign-in with OpenID Connect (the `oauth` feature flag; see docs/sso.md). */
export const oidcConfig = defineConfigGroup({
  env: {
    OIDC_PROVIDERS: z
      .string()
      .default('[]')
      .transform((text, ctx) => {
        try {
          return text.trim() === '' ? [] : (JSON.parse(text) as unknown);
        } catch {
          ctx.addIssue({ code: 'custom', message: 'not JSON' });
          return z.NEVER;
        }
      })
      .pipe(z.array(deploymentProvider).max(20))
      .describe(
        'deployment-wide OpenID providers, a JSON array of {name, issuer, clientId, clientSecret, vouchedDomains} (organizations configure their own through the API)',
      ),
    OIDC_APP_CALLBACK_URL: z
      .url()
      .optional()
      .describe(
        'where the browser lands after an OpenID sign-in, with #code=<one-time code> to exchange at POST /api/v1/auth/oidc/exchange (default: PUBLIC_URL/sso/callback)',
      ),
    OIDC_JWKS_COOLDOWN_SECONDS: integer(0, 3600)
      .default(30)
      .describe(
        "an id_token signed with a key not in a provider's cached key set refetches the set, at most once per this long",
      ),
    OIDC_HTTP_TIMEOUT_MS: integer(100, 60_000)
      .default(5000)
      .describe('timeout of each request to a provider (discovery, token, key set)'),
    OIDC_ALLOWED_NETWORKS: list
      .default([])
      .refine((l) => l.every((n) => parseNetwork(n) !== null), 'a list of CIDR networks')
      .describe(
        "comma-separated networks (CIDR) an organization's issuer may be in although private or loopback (a provider on the private network), on any port; empty: none (OIDC_PROVIDERS are trusted)",
      ),
    OIDC_DOMAIN_RECHECK_HOURS: integer(1, 24 * 30)
      .default(24)
      .describe(
        "how often a proven domain's DNS record is checked again; missing at two checks in a row, the domain vouches for nobody until proven again",
      ),
    OIDC_DNS_RECORDS_FILE: z
      .string()
      .optional()
      .describe(
        "development and tests only: a JSON file of DNS records answered before real DNS (domains' proof records)",
      ),
  },
  secrets: ['OIDC_PROVIDERS'],
  // The local stack and its tests: a provider on 127.0.0.3 (loopback itself stays refused).
  devDefaults: {
    OIDC_JWKS_COOLDOWN_SECONDS: '1',
    OIDC_ALLOWED_NETWORKS: '127.0.0.3/32',
    OIDC_DNS_RECORDS_FILE: () => '.data/oidc-dns.json',
  },
  check: (e, { strict }) => [
    ...(strict && e.OIDC_DNS_RECORDS_FILE
      ? ['OIDC_DNS_RECORDS_FILE: development and tests only (proofs are read from real DNS)']
      : []),
    ...(strict
      ? e.OIDC_PROVIDERS.filter((p) => !p.issuer.startsWith('https://')).map(
          (p) => `OIDC_PROVIDERS: ${p.name}: the issuer must be https outside development and test`,
        )
      : []),
    ...(new Set(e.OIDC_PROVIDERS.map((p) => p.name)).size < e.OIDC_PROVIDERS.length
      ? ['OIDC_PROVIDERS: two providers share a name']
      : []),
  ],
  map: (e) => ({
    providers: e.OIDC_PROVIDERS,
    appCallbackUrl: e.OIDC_APP_CALLBACK_URL,
    jwksCooldownSeconds: e.OIDC_JWKS_COOLDOWN_SECONDS,
    httpTimeoutMs: e.OIDC_HTTP_TIMEOUT_MS,
    allowedNetworks: e.OIDC_ALLOWED_NETWORKS,
    domainRecheckHours: e.OIDC_DOMAIN_RECHECK_HOURS,
    dnsRecordsFile: e.OIDC_DNS_RECORDS_FILE,
  }),
});
