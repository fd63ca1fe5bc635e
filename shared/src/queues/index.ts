export { emailQueue, maintenanceQueue, webhookQueue } from './catalog';
export {
  defineJobs,
  defineQueue,
  type JobData,
  type JobExtensions,
  type JobName,
  type JobsDeclaration,
  type MergedQueues,
  mergeQueues,
  type QueueCatalog,
  type QueueDeclaration,
  type Schedule,
} from './define';
export { type FlowJob, type Flows, openFlows } from './flows';
export { type Attempt, failsForGood, type Processors } from './processors';
export {
  fairShareClock,
  openQueue,
  openQueues,
  QUEUE_PREFIX,
  type QueueHandle,
  type QueueHandles,
  queueKey,
  queueList,
  queuePrefix,
  type Scheduling,
} from './producer';
export { oldestRunnableSince, registerQueueMetrics } from './queue-metrics';
