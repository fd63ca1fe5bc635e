/**
 * How feature flags are declared: each once, with its name (as the API spells it), what it
 * switches, the environment variable of its default, and whether organizations can differ
 * (platform operators override it per organization or for everyone: PUT
 * /api/v1/admin/features/{flag}). The platform declares its own below; a product declares its own
 * in its catalogue (`defineProduct({ features })`), and each service merges the two at its
 * composition root (`mergeFeatures`).
 */
export interface FeatureDeclaration {
  /** `FEATURE_<NAME>_ENABLED`: the default, for every organization. */
  readonly env: string;
  readonly description: string;
  readonly default: boolean;
  readonly perOrganization: boolean;
}

export type FeatureCatalog = { readonly [flag: string]: FeatureDeclaration };

export const defineFeatures = <const F extends FeatureCatalog>(flags: F): F => flags;

/** The platform's flags. */
export const platformFeatures = defineFeatures({
  'two-factor': {
    env: 'FEATURE_2FA_ENABLED',
    description: 'two-factor authentication (TOTP) for every account',
    default: true,
    perOrganization: false,
  },
  'fair-queues': {
    env: 'FEATURE_FAIR_QUEUES_ENABLED',
    description:
      'fair share between organizations in the queues, urgent mail first (off: plain FIFO)',
    default: true,
    perOrganization: false,
  },
  oauth: {
    env: 'FEATURE_OAUTH_ENABLED',
    description:
      "sign-in with OpenID Connect (per-organization and deployment-wide providers; off: an organization's SSO settings, domains and sign-in answer 404, and so does every /auth/oidc route while it is off everywhere)",
    default: false,
    perOrganization: true,
  },
});

/** The flags of a catalogue (by default the platform's). */
export type FeatureFlag<F extends FeatureCatalog = typeof platformFeatures> = keyof F & string;

/**
 * The platform's flags and a product's as one. A flag both declare, or two flags reading the same
 * variable, is refused (one owner each).
 */
export function mergeFeatures<A extends FeatureCatalog, B extends FeatureCatalog>(
  platform: A,
  product: B,
): A & B {
  const twice = Object.keys(product).filter((flag) => Object.hasOwn(platform, flag));
  if (twice.length > 0) throw new Error(`feature flags declared twice: ${twice.join(', ')}`);
  const variables = Object.values(platform).map((f) => f.env);
  const shared = Object.values(product).filter((f) => variables.includes(f.env));
  if (shared.length > 0)
    throw new Error(`feature variables declared twice: ${shared.map((f) => f.env).join(', ')}`);
  return { ...platform, ...product };
}
