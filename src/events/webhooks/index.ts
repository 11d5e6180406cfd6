export { checkTarget, hostAllowed } from './allow-list.js';
export { backoffMs, type DispatcherStats, WebhookDispatcher } from './dispatcher.js';
export {
  type DeliveryQuery,
  deliveryQuerySchema,
  type WebhookInput,
  type WebhookPatch,
  webhookInputSchema,
  webhookPatchSchema,
} from './schemas.js';
export { WebhookService } from './service.js';
export {
  DELIVERY_ID_HEADER,
  EVENT_ID_HEADER,
  EVENT_TYPE_HEADER,
  newWebhookSecret,
  SIGNATURE_HEADER,
  signature,
  TIMESTAMP_HEADER,
  verifySignature,
  WEBHOOK_ID_HEADER,
} from './signature.js';
