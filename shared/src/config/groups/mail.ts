import { z } from 'zod';
import { defineConfigGroup } from '../define';
import { stackDefault } from '../local-stack';
import { integer } from '../variables';

export const mailConfig = defineConfigGroup({
  env: {
    SMTP_URL: z
      .url()
      .describe(
        'smtp:// or smtps:// URL with credentials (local stack: the catcher); credentials to another machine go only over TLS (smtps, or STARTTLS, required)',
      ),
    MAIL_FROM: z
      .string()
      .min(3)
      .default('InsightDesk <no-reply@insightdesk.local>')
      .describe('sender of every email'),
    MAIL_CLAIM_LEASE_SECONDS: integer(4, 3600)
      .default(30)
      .describe(
        'how long one attempt holds an email it is sending; sends are cut off at half of it, and an attempt that died is taken over after it',
      ),
  },
  secrets: ['SMTP_URL'],
  devDefaults: {
    SMTP_URL: (raw) => `smtp://127.0.0.1:${stackDefault(raw, 'STACK_SMTP_PORT')}`,
  },
  map: (e) => ({
    smtpUrl: e.SMTP_URL,
    from: e.MAIL_FROM,
    leaseSeconds: e.MAIL_CLAIM_LEASE_SECONDS,
  }),
});
