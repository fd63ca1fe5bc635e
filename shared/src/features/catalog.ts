/**
 * Every feature flag, declared once: its name (as the API spells it), what it switches, the
 * environment variable of its default, and whether organizations can differ (platform operators
 * override it per organization or for everyone: PUT /api/admin/features/{flag}).
 */
export const featureFlags = {
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
  analytics: {
    env: 'FEATURE_ANALYTICS_ENABLED',
    description: "an organization's analytics summary",
    default: true,
    perOrganization: true,
  },
  oauth: {
    env: 'FEATURE_OAUTH_ENABLED',
    description:
      'sign-in with OpenID Connect (per-organization and deployment-wide providers; off: every /auth/oidc and SSO settings route answers 404)',
    default: false,
    perOrganization: false,
  },
} as const;

export type FeatureFlag = keyof typeof featureFlags;

export const isFeatureFlag = (name: string): name is FeatureFlag =>
  Object.hasOwn(featureFlags, name);
