import type { Database } from '@insightdesk/shared/db';
import type { Logger } from '@insightdesk/shared/logger';
import { systemResolver } from '@insightdesk/shared/net';
import type { JobData, Processors } from '@insightdesk/shared/queues';
import type { Storage } from '@insightdesk/shared/storage';
import { inboundProcessing } from '../commands/process-inbound-mail';
import type { InboundSettings } from '../inbound/config';
import type { ReplyTokens } from '../inbound/reply-token';
import type { inboundQueue } from '../queues';
import type { SlaSettings } from '../sla/config';

/** The inbound queue's processor: each recorded mail processed once (commands/process-inbound-mail.ts). */
export function inboundProcessors(deps: {
  readonly database: Database;
  readonly tokens: ReplyTokens;
  readonly config: InboundSettings;
  readonly logger: Logger;
  readonly storage: Storage;
  readonly sla: SlaSettings;
}): Processors<typeof inboundQueue> {
  const processInbound = inboundProcessing({
    ...deps,
    resolver: systemResolver(deps.config.dnsRecordsFile),
  });
  return {
    process: ({ orgId, inboundId }: JobData<typeof inboundQueue, 'process'>) =>
      processInbound(orgId, inboundId),
  };
}
