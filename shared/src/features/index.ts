export { type FeatureFlag, featureFlags, isFeatureFlag } from './catalog';
export type { FeatureOverride } from './overrides';
export { createFeatures, type Features } from './service';
