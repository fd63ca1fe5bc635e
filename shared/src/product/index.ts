export {
  type ApiProduct,
  emptyApiProduct,
  type FileMeta,
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
  type WorkerParts,
  type WorkerProduct,
  type WorkerProductDeps,
} from './worker';
export {
  emptyWsProduct,
  type WsParts,
  type WsProduct,
  type WsProductDeps,
} from './ws';
