import { deploymentCatalog } from '@insightdesk/shared/product';
import { product } from '../../services/api/src/product';

/**
 * What the stack under test runs: the platform's declarations and those of the product the
 * services name (services/*\/src/product.ts) — its queues, events and client events.
 */
export const deployment = deploymentCatalog(product.catalog);
