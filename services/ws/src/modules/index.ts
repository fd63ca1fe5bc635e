import { accountsWs } from './accounts';
import type { PlatformWsModule } from './deps';
import { realtimeWs } from './realtime';

export { type PlatformWsModule, type WsModuleDeps, wsGroups } from './deps';

/**
 * The platform's modules with a part in the ws service, in order: their handshake middleware
 * and what each does with a new socket run in this order (the product's after).
 */
export const platformWsModules: readonly PlatformWsModule[] = [accountsWs, realtimeWs];
