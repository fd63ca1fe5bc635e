import { createAccessTokens, createSessionGuard } from '@insightdesk/shared/auth';
import { createAuthentication } from '../authentication';
import type { PlatformWsModule } from './deps';

/** Accounts: the handshake's access token, its renewal (`auth`), sessions ended elsewhere. */
export const accountsWs: PlatformWsModule = {
  name: 'accounts',
  start: ({ config, io, db, cache, valkey, subscribers, logger }) => {
    const authentication = createAuthentication({
      io,
      tokens: createAccessTokens({
        keys: config.auth.signingKeys,
        ttlSeconds: config.auth.accessTokenTtlSeconds,
        // Verified once per handshake or renewal: remembering them would keep every socket's token.
        rememberVerified: 0,
      }),
      guard: createSessionGuard({ db, cache, publisher: valkey }),
      db,
      subscriber: subscribers.sessions,
      logger,
    });
    return {
      middleware: authentication.middleware,
      handlers: authentication.handlers,
      attach: authentication.attach,
      steps: [{ name: 'sessions', dependsOn: ['valkey'], start: () => authentication.start() }],
    };
  },
};
