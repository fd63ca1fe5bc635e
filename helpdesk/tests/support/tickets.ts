import type { Account } from '../../../tests/support/api';
import { type CallOptions, call } from '../../../tests/support/http';

/** A new ticket of `account`'s in the organization, through the help desk's route. */
export async function openTicket(
  account: Account,
  orgId: string,
  body: { subject?: string; body?: string; priority?: string } = {},
  options: CallOptions = {},
) {
  const res = await call(`/api/v1/orgs/${orgId}/tickets`, {
    token: account.token,
    ...options,
    body: { subject: 'Printer on fire', body: 'It is on fire, again.', ...body },
  });
  if (res.status !== 201) throw new Error(`ticket failed: ${res.status} ${res.text}`);
  return res.body;
}
