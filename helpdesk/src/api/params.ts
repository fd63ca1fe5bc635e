import { idParam } from '@insightdesk/shared/api';
import { z } from 'zod';

export const ticketParams = z.object({ orgId: idParam, ticketId: idParam });

/** The analytics summary of an organization in the read-through cache (under its tag). */
export const analyticsCacheKey = (orgId: string) => `org:${orgId}:analytics`;
