import { z } from 'zod';
import { defineConfigGroup } from '../define';

export const logConfig = defineConfigGroup({
  env: {
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('least severe level logged'),
    LOG_FORMAT: z
      .enum(['json', 'pretty'])
      .default('json')
      .describe('pretty by default outside production'),
  },
  devDefaults: { LOG_FORMAT: 'pretty' },
  map: (e) => ({ level: e.LOG_LEVEL, format: e.LOG_FORMAT }),
});
