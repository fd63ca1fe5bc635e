import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { isStrictEnvironment } from '../load';
import { stackDefault } from '../local-stack';

export const appConfig = defineConfigGroup({
  env: {
    NODE_ENV: z
      .enum(['development', 'test', 'staging', 'production'])
      .default('development')
      .describe(
        'staging is treated like production: no development defaults, development secrets refused',
      ),
    INSTANCE_ID: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .describe('defaults to <service>-<hostname>-<pid> (unique per container)'),
    PUBLIC_URL: z.url().describe('public base URL, used in links (emails)'),
    SECRET_FILES_READABLE_BY_OTHERS: z
      .stringbool()
      .default(false)
      .describe(
        'production and staging: read <NAME>_FILE secrets that others may read too (by default such a file is refused: chmod o-r it)',
      ),
  },
  devDefaults: {
    PUBLIC_URL: (raw) => `https://localhost:${stackDefault(raw, 'HTTPS_PORT')}`,
  },
  map: (e) => ({
    env: e.NODE_ENV,
    /** Production or staging: no development defaults, no development secrets. */
    isStrict: isStrictEnvironment(e.NODE_ENV),
    instanceId: e.INSTANCE_ID,
    publicUrl: e.PUBLIC_URL.replace(/\/$/, ''),
  }),
});
