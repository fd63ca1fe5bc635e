import type { BaseEnv } from '@insightdesk/shared/http';

/** Hono environment of the api: the shared request variables plus the api's own. */
export type ApiEnv = {
  Variables: BaseEnv['Variables'];
};
