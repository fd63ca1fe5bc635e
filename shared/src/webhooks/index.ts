export { webhookConfig } from './config';
export {
  abandonDelivery,
  type DeliveryAttempt,
  type DeliveryToSend,
  deliveryToSend,
  ensureDelivery,
  listDeliveries,
  pendingDeliveries,
  purgeWebhookDeliveries,
  recordAttempt,
  restartDelivery,
  restartFailedDeliveries,
  takeAttempt,
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
