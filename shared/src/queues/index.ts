export {
  attachmentsQueue,
  emailQueue,
  maintenanceQueue,
  queues,
  schedules,
} from './catalog';
export { defineQueue, type JobData, type JobName, type QueueDeclaration } from './define';
export { enqueue, openQueue, QUEUE_PREFIX } from './producer';
