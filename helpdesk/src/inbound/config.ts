import { type ConfigOf, defineConfigGroup } from '@insightdesk/shared/config';
import { z } from 'zod';

/** The help desk's inbound mail settings: a group of its catalogue's configuration (config.ts). */
export const inboundConfig = defineConfigGroup({
  env: {
    INBOUND_DOMAIN: z
      .string()
      .regex(/^[a-z0-9.-]+$/i)
      .default('inbound.insightdesk.local')
      .describe(
        "the domain of the organizations' inbound addresses (<slug>@ and reply+<token>@): its MX points at the SMTP ingress",
      ),
    INBOUND_SENDER_MAX_PER_HOUR: z.coerce
      .number()
      .int()
      .min(1)
      .default(60)
      .describe('mails one sender may send to one organization per hour (451 above it)'),
    INBOUND_ORG_MAX_PER_HOUR: z.coerce
      .number()
      .int()
      .min(1)
      .default(3000)
      .describe('mails one organization may receive per hour (451 above it)'),
    INBOUND_DNS_RECORDS_FILE: z
      .string()
      .optional()
      .describe(
        'development and tests only: a JSON file of DNS records answered before real DNS (DKIM keys of test senders)',
      ),
  },
  devDefaults: {
    INBOUND_DNS_RECORDS_FILE: () => '.data/inbound-dns.json',
  },
  map: (e) => ({
    domain: e.INBOUND_DOMAIN.toLowerCase(),
    senderMaxPerHour: e.INBOUND_SENDER_MAX_PER_HOUR,
    orgMaxPerHour: e.INBOUND_ORG_MAX_PER_HOUR,
    dnsRecordsFile: e.INBOUND_DNS_RECORDS_FILE,
  }),
});

export type InboundSettings = ConfigOf<{ inbound: typeof inboundConfig }>['inbound'];
