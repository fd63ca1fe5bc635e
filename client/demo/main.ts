/*
 * The demo page's script (served by the api in development at /api/demo, bundled by Bun at the
 * first request): logs in with @insightdesk/client, subscribes to the first organization and
 * lists its new tickets as they arrive. `?transport=websocket` or `?transport=polling` picks how.
 */
import { createInsightDeskClient, type RealtimeClient } from '@insightdesk/client';

function element<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`#${id} is missing`);
  return found;
}

const form = element('login', HTMLFormElement);
const email = element('email', HTMLInputElement);
const password = element('password', HTMLInputElement);
const status = element('status', HTMLElement);
const list = element('events', HTMLOListElement);
const transport =
  new URLSearchParams(location.search).get('transport') === 'websocket' ? 'websocket' : 'polling';

const client = createInsightDeskClient({ baseUrl: location.origin });
let realtime: RealtimeClient | undefined;

function show(state: string) {
  status.textContent = state;
  status.dataset.state = state.split(' ')[0];
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    show('logging in');
    const login = await client.login({ email: email.value, password: password.value });
    if (!('tokens' in login)) return show('two-factor accounts are not part of this demo');
    const { data: me } = await client.api.GET('/v1/me');
    const orgId = me?.memberships[0]?.organization.id;
    if (!orgId) return show('no organization');
    realtime?.close();
    realtime = client.realtime({
      socket: { transports: [transport] },
      onResync: () => show('resync: reload the tickets'),
    });
    const socket = realtime.socket;
    socket.on('connect', () => show(`connected over ${socket.io.engine.transport.name}`));
    socket.on('disconnect', () => show('disconnected'));
    realtime.on('ticket.created', ({ id, data }) => {
      const item = document.createElement('li');
      item.dataset.eventId = id;
      item.dataset.ticketId = data.ticket.id;
      item.textContent = `#${data.ticket.number} ${data.ticket.subject}`;
      list.append(item);
    });
    const answer = await realtime.subscribe(orgId);
    list.dataset.orgId = orgId;
    if (!answer.ok) show(`refused: ${answer.error}`);
    else if (socket.connected) show(`connected over ${socket.io.engine.transport.name}`);
  } catch (err) {
    show(`failed: ${err instanceof Error ? err.message : String(err)}`);
  }
});
show('logged out');
