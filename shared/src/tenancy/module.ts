import { tenancyEvents } from './events';

/** Organizations, memberships, roles and invitations: their events (members, invitations). */
export const tenancyModule = {
  name: 'tenancy',
  events: tenancyEvents,
} as const;
