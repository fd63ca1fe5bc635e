import { type PlatformEvents, platformCatalog } from './modules';

/**
 * The platform's own events, each declared by the module of the concern that records it
 * (platform/modules.ts): members and invitations (tenancy), accounts, webhook endpoints and every
 * audit action. A product declares its own beside them (see events/define.ts).
 */
export const platformEvents = platformCatalog.events as PlatformEvents;

export type { PlatformEvents };
