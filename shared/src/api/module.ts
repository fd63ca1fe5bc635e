import { rateLimitConfig } from '../config/groups';

/** The route kit's rate limits (per user, per address, per route). */
export const rateLimitsModule = {
  name: 'rate limits',
  config: { rateLimit: rateLimitConfig },
} as const;
