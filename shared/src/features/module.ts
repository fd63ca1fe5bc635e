import { platformFeatures } from './catalog';

/**
 * Feature flags: the platform's own (their defaults' variables form the `features` config group,
 * `platform/config.ts`).
 */
export const featuresModule = {
  name: 'features',
  features: platformFeatures,
} as const;
