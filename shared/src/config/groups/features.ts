import { z } from 'zod';
import type { FeatureCatalog, FeatureFlag } from '../../features/catalog';
import { defineConfigGroup } from '../define';

/**
 * Defaults of the feature flags: one variable per flag, declared with the flag. Each service
 * loads the group of its deployment's flags (`featuresConfig(deploymentCatalog(…).features)`).
 */
export const featuresConfig = <C extends FeatureCatalog>(flags: C) =>
  defineConfigGroup({
    env: Object.fromEntries(
      Object.values(flags).map((f) => [
        f.env,
        z.stringbool().default(f.default).describe(f.description),
      ]),
    ),
    map: (e) =>
      Object.fromEntries(
        Object.entries(flags).map(([flag, declared]) => [flag, e[declared.env] as boolean]),
      ) as Record<FeatureFlag<C>, boolean>,
  });
