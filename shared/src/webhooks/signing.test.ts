import { expect, test } from 'bun:test';
import { Webhook } from 'standardwebhooks';
import { auditEventTypes } from '../audit/actions';
import { platformEvents } from '../platform/events';
import { webhookEventTypes } from './event-types';
import { newWebhookSecret, webhookHeaders } from './signing';

test('our signatures verify with the standardwebhooks package, one secret or two', () => {
  const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
  expect(current).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  const body = JSON.stringify({
    type: 'member.joined',
    timestamp: new Date().toISOString(),
    data: {},
  });
  const one = webhookHeaders([current], 'msg_1', body);
  expect(new Webhook(current).verify(body, one)).toEqual(JSON.parse(body));
  expect(() => new Webhook(previous).verify(body, one)).toThrow();
  const both = webhookHeaders([current, previous], 'msg_1', body);
  expect(both['webhook-signature']?.split(' ')).toHaveLength(2);
  for (const secret of [current, previous])
    expect(new Webhook(secret).verify(body, both)).toBeTruthy();
  // The id and the body are signed: changing either breaks it.
  expect(() => new Webhook(current).verify(`${body} `, one)).toThrow();
  expect(() => new Webhook(current).verify(body, { ...one, 'webhook-id': 'msg_2' })).toThrow();
});

test("webhook event types: a catalogue's organization-stream events and the audit log's acts, each once, sorted", () => {
  const types = webhookEventTypes(platformEvents);
  expect(types).toEqual(['member.joined', 'webhook.endpoint-disabled', ...auditEventTypes].sort());
  expect(types).toContain('audit.webhook.created');
  // Internal and user-channel events never go out.
  expect(types).not.toContain('webhook.deliveries-restarted');
  // A catalogue without the audit events (another deployment's) offers only its stream events.
  expect(webhookEventTypes({ 'member.joined': platformEvents['member.joined'] })).toEqual([
    'member.joined',
  ]);
});
