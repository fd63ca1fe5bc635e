export {
  attachmentsQueue,
  emailQueue,
  exportsQueue,
  maintenanceQueue,
  type QueueCatalog,
  queueCatalog,
  schedules,
} from './catalog';
export { defineQueue, type JobData, type JobName, type QueueDeclaration } from './define';
export { type FlowJob, type Flows, openFlows } from './flows';
export {
  fairShareClock,
  openQueue,
  openQueues,
  QUEUE_PREFIX,
  type QueueHandle,
  type QueueHandles,
  queueKey,
  queueList,
  type Scheduling,
} from './producer';
