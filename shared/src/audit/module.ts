import { auditConfig } from '../config/groups';
import { auditEvents } from './events';

/** The audit log: its retention, its actions (events), the walk of its chains every six hours. */
export const auditModule = {
  name: 'audit',
  config: { audit: auditConfig },
  events: auditEvents,
  schedules: [
    { id: 'verify-audit', job: 'verify-audit', every: 6 * 60 * 60_000, since: '1.1.0-dev' },
  ],
} as const;
