export {
  abandonDelivery,
  type DeliveryAttempt,
  type DeliveryToSend,
  deliveryToSend,
  ensureDelivery,
  listDeliveries,
  pendingDeliveriesPastOutbox,
  purgeWebhookDeliveries,
  recordAttempt,
  restartDelivery,
  restartFailedDeliveries,
  type WebhookDelivery,
} from './deliveries';
export {
  createEndpoint,
  deleteEndpoint,
  type EndpointInput,
  type EndpointTarget,
  endpointNotice,
  endpointTarget,
  getEndpoint,
  listEndpoints,
  markEndpointFailed,
  markEndpointSucceeded,
  rotateEndpointSecret,
  subscribedEndpoints,
  updateEndpoint,
  type WebhookEndpoint,
  webhookSecretColumns,
} from './endpoints';
export { webhookEventTypes } from './event-types';
export { nextDelay, parseSchedule, retryAfterMs } from './schedule';
export { READ_LIMIT, type SendOutcome, type SendPolicy, sendWebhook } from './send';
export { newWebhookSecret, signatureHeader, webhookHeaders } from './signing';
export { type EndpointSlots, endpointSlots } from './slots';
