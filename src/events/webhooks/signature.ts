/**
 * Webhook signatures. Each delivery carries
 *   x-loremaster-timestamp: <unix seconds>
 *   x-loremaster-signature: v1=<hex HMAC-SHA256 of `${timestamp}.${body}` with the webhook's secret>
 * Signing the timestamp with the body lets a receiver refuse old deliveries replayed by someone who
 * captured one (check the timestamp is recent, then compare signatures in constant time).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-loremaster-signature';
export const TIMESTAMP_HEADER = 'x-loremaster-timestamp';
export const EVENT_ID_HEADER = 'x-loremaster-event-id';
export const EVENT_TYPE_HEADER = 'x-loremaster-event-type';
export const DELIVERY_ID_HEADER = 'x-loremaster-delivery-id';
export const WEBHOOK_ID_HEADER = 'x-loremaster-webhook-id';

/** A new signing secret: 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Whether a delivery is genuine and recent (within `toleranceSeconds` of `nowSeconds`). */
export function verifySignature(input: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  toleranceSeconds?: number;
  nowSeconds?: number;
}): boolean {
  const timestamp = Number(input.timestamp);
  if (!Number.isInteger(timestamp) || !input.signature) return false;
  const current = input.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(current - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(signature(input.secret, timestamp, input.body));
  // A header may list several signatures (during a secret rotation): any one may match.
  return input.signature.split(/[\s,]+/).some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
