import { defineConfigGroup } from '../define';
import { integer } from '../variables';

export const auditConfig = defineConfigGroup({
  env: {
    AUDIT_RETENTION_DAYS: integer(0, 36_500)
      .default(0)
      .describe(
        'audit-log entries older than this are dropped by the maintenance purge (each chain keeps an anchor, so it still verifies); 0 keeps them forever. Written into the database by the migrations (`migrate`, as the owner): the services cannot change it',
      ),
  },
  map: (e) => ({ retentionDays: e.AUDIT_RETENTION_DAYS }),
});
