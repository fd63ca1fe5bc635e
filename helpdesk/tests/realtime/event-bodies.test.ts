import { expect, test } from 'bun:test';
import { loadConfig } from '@insightdesk/shared/config';
import { registerOwner } from '../../../tests/support/api';
import { deployment } from '../../../tests/support/deployment';
import { call } from '../../../tests/support/http';
import { subscribed } from '../../../tests/support/realtime';
import { ROOT } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';

// `message.created` carries a bounded body (its `clientData`): the start of a long one, marked as
// cut, never half of a surrogate pair; a short one whole and unmarked. The API keeps every body.

const bodyMaxChars = loadConfig(deployment.config, { dir: ROOT }).messages.eventBodyMaxChars;
/** A long body with a two-unit character where the cut falls. */
const longBody = `${'lorem ipsum '.repeat(bodyMaxChars).slice(0, bodyMaxChars - 1)}😀${'dolor '.repeat(2500)}amet`;

test('a long reply reaches sockets cut at the bound, marked; a short one whole', async () => {
  const owner = await registerOwner('Verbose');
  const client = await subscribed(owner.token, owner.orgId);
  const ticket = await openTicket(owner, owner.orgId);
  const post = (body: string) =>
    call(`/api/v1/orgs/${owner.orgId}/tickets/${ticket.id}/messages`, {
      token: owner.token,
      body: { body },
    });
  expect((await post(longBody)).status).toBe(201);
  expect((await post('Short and whole.')).status).toBe(201);
  await client.until(() => client.of('message.created').length === 2);

  const [long, short] = client.of('message.created').map((e) => e.data.message);
  expect(long?.bodyTruncated).toBe(true);
  expect(long?.body).toBe(longBody.slice(0, bodyMaxChars - 1)); // the pair at the cut left out whole
  expect(short).toMatchObject({ body: 'Short and whole.' });
  expect(short).not.toHaveProperty('bodyTruncated');
  const page = await call(`/api/v1/orgs/${owner.orgId}/tickets/${ticket.id}/messages`, {
    token: owner.token,
  });
  expect(page.body.items.some((m: { body: string }) => m.body === longBody)).toBe(true);
  client.socket.disconnect();
});
