import { systemResolver } from '@insightdesk/shared/net';
import { recheckDomains } from '../domain-rechecks';
import type { PlatformWorkerModule } from './deps';

/** Sign-in with OpenID Connect: proven domains whose DNS record is due for another look. */
export const ssoWorker: PlatformWorkerModule = {
  name: 'sso',
  start: ({ config, database, logger }) => {
    const resolver = systemResolver(config.oidc.dnsRecordsFile);
    return {
      processors: {
        maintenance: {
          'recheck-domains': () =>
            recheckDomains({
              db: database.db,
              resolver,
              everyHours: config.oidc.domainRecheckHours,
              logger,
            }),
        },
      },
    };
  },
};
