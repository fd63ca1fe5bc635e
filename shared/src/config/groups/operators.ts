import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { list } from '../variables';

export const platformConfig = defineConfigGroup({
  env: {
    PLATFORM_ADMINS: list
      .default([])
      .describe(
        'comma-separated user ids of the platform operators (queue dashboard), not org admins; emails also outside production',
      ),
  },
  devDefaults: { PLATFORM_ADMINS: 'operator@insightdesk.local' },
  // Emails are not verified: anyone could register an operator's address before they do.
  check: (e, { strict }) =>
    strict && e.PLATFORM_ADMINS.some((entry) => !z.uuid().safeParse(entry).success)
      ? ['PLATFORM_ADMINS: list user ids outside development and test (emails are not verified)']
      : [],
  map: (e) => ({ admins: e.PLATFORM_ADMINS.map((x) => x.toLowerCase()) }),
});
