export {
  attachmentsQueue,
  emailQueue,
  maintenanceQueue,
  type QueueCatalog,
  queueCatalog,
  schedules,
} from './catalog';
export { defineQueue, type JobData, type JobName, type QueueDeclaration } from './define';
export {
  fairShareClock,
  openQueue,
  openQueues,
  QUEUE_PREFIX,
  type QueueHandle,
  type QueueHandles,
  queueList,
  type Scheduling,
} from './producer';
