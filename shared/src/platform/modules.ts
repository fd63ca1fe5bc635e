import { rateLimitsModule } from '../api/module';
import { auditModule } from '../audit/module';
import { accountsModule } from '../auth/module';
import { encryptionModule } from '../encryption/module';
import { featuresModule } from '../features/module';
import { mailModule } from '../mail/module';
import {
  type Declared,
  type DeclaredQueues,
  type ModuleCatalog,
  mergeModules,
} from '../modules/define';
import { queuesModule } from '../queues/module';
import { realtimeModule } from '../realtime/module';
import { storageModule } from '../storage/module';
import { tenancyModule } from '../tenancy/module';
import { ssoModule } from '../tenancy/sso-module';
import { webhooksModule } from '../webhooks/module';
import { foundationModule, operatorsModule } from './foundation';

/**
 * The platform's modules, each declared in its concern's folder, in the order their declarations
 * are listed (the events' and variables' docs, the schedules, the key rotation's columns). A
 * deployment's catalogue is these and its product's, merged in this order
 * (`deploymentCatalog`, product/catalog.ts).
 */
export const platformModules = [
  foundationModule,
  tenancyModule,
  accountsModule,
  encryptionModule,
  featuresModule,
  rateLimitsModule,
  realtimeModule,
  mailModule,
  storageModule,
  queuesModule,
  operatorsModule,
  webhooksModule,
  ssoModule,
  auditModule,
] as const satisfies readonly ModuleCatalog[];

export type PlatformModules = typeof platformModules;

/** The platform's declarations, merged (a name declared twice stops every service here). */
export const platformCatalog = mergeModules(platformModules);

export type PlatformQueues = DeclaredQueues<PlatformModules>;
export type PlatformClientEvents = Declared<PlatformModules, 'clientEvents'>;
export type PlatformFeatures = Declared<PlatformModules, 'features'>;
