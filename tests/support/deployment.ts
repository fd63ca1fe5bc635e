import type { ConfigGroups } from '@insightdesk/shared/config';
import { configLayers, deploymentCatalog } from '@insightdesk/shared/product';
import { product } from '../../services/api/src/product';

/**
 * What the stack under test runs: the platform's declarations and those of the product the
 * services name (services/*\/src/product.ts) — its queues, events, client events, config groups
 * and feature flags.
 */
export const deployment = deploymentCatalog(product.catalog);

/** Every config group of the deployment, the platform's and the product's (`<layer>: <group>`). */
export const deploymentConfigGroups: ConfigGroups = Object.fromEntries(
  configLayers(product.catalog).flatMap(({ layer, groups }) =>
    Object.entries(groups).map(([name, group]) => [`${layer}: ${name}`, group]),
  ),
);
