export {
  type ApiModule,
  type ApiProduct,
  emptyApiProduct,
  type FileMeta,
  type ModuleRoutes,
  type ProductRouteDeps,
  type ProductRouter,
  type ProductRoutes,
} from './api';
export {
  configLayers,
  type DeploymentCatalog,
  type DeploymentClientToServerEvents,
  type DeploymentServerToClientEvents,
  defineProduct,
  deploymentCatalog,
  emptyCatalog,
  type ProductCatalog,
  type ProductConfig,
} from './catalog';
export {
  emptyInboundProduct,
  type InboundMail,
  type InboundParts,
  type InboundProduct,
  type InboundProductDeps,
  type SmtpRefusal,
} from './inbound';
export {
  type DeploymentQueues,
  emptyWorkerProduct,
  type ProductProcessors,
  type StillDeliverable,
  type WorkerModule,
  type WorkerModuleParts,
  type WorkerParts,
  type WorkerProduct,
  type WorkerProductDeps,
  type WorkerRecovery,
} from './worker';
export {
  emptyWsProduct,
  type WsModule,
  type WsModuleParts,
  type WsParts,
  type WsProduct,
  type WsProductDeps,
} from './ws';
