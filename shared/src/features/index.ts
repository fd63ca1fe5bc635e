export {
  defineFeatures,
  type FeatureCatalog,
  type FeatureDeclaration,
  type FeatureFlag,
  mergeFeatures,
  platformFeatures,
} from './catalog';
export type { FeatureOverride } from './overrides';
export { createFeatures, type Features, featuresStep } from './service';
