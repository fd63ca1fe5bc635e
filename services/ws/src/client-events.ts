import type { Logger } from '@insightdesk/shared/logger';
import {
  type ClientEventAnswer,
  type ClientEventError,
  type ClientEventName,
  type ClientEventPayload,
  clientEventDeclarations,
  type UnacknowledgedEvent,
} from '@insightdesk/shared/realtime';
import { type BudgetLimits, SocketBudget } from './budget';
import type { AppSocket } from './types';

/** What an event does once its packet is valid and within budget: its answer, if it has one. */
export type ClientEventHandler<E extends ClientEventName> = (
  socket: AppSocket,
  payload: ClientEventPayload<E>,
) => E extends UnacknowledgedEvent ? void : Promise<ClientEventAnswer<E>>;

/** One handler per declared client event (the compiler asks for each). */
export type ClientEventHandlers = { readonly [E in ClientEventName]: ClientEventHandler<E> };

type Ack = (answer: unknown) => void;

const isAck = (value: unknown): value is Ack => typeof value === 'function';

export const refusal = <E extends ClientEventError>(error: E) => ({ ok: false, error }) as const;

const isEventName = (event: unknown): event is ClientEventName =>
  typeof event === 'string' && Object.hasOwn(clientEventDeclarations, event);

const isRateLimited = (answer: unknown): boolean =>
  typeof answer === 'object' &&
  answer !== null &&
  'error' in answer &&
  answer.error === 'rate_limited';

/**
 * The one way into the ws service for a client's packets: every event, known or not, goes
 * through the socket's budget, its declaration (exactly a payload, and an acknowledgement
 * function when the event answers) and its handler, whose failures are contained. A packet that
 * does not fit gets `{ok: false, error}` when it brought an acknowledgement and is dropped
 * otherwise; nothing a client sends can throw out of here. A socket that keeps going over its
 * budget is disconnected.
 */
export function clientEventRouter(deps: {
  handlers: ClientEventHandlers;
  limits: BudgetLimits;
  logger: Logger;
}) {
  const log = deps.logger.child({ component: 'client-events' });

  function overBudget(socket: AppSocket, ack: Ack | undefined) {
    ack?.(refusal('rate_limited'));
    if (socket.data.budget.refusal() || !socket.connected) return;
    log.warn({ userId: socket.data.userId }, 'socket kept going over its budget: disconnected');
    socket.disconnect(true);
  }

  async function handle<E extends ClientEventName>(
    socket: AppSocket,
    name: E,
    args: unknown[],
    ack: Ack | undefined,
  ): Promise<void> {
    const declaration = clientEventDeclarations[name];
    const payload = declaration.payload.safeParse(args[0]);
    if (
      args.length !== 1 ||
      (declaration.answer !== null) !== (ack !== undefined) ||
      !payload.success
    )
      return ack?.(refusal('invalid_request'));
    let answer: unknown;
    try {
      answer = await deps.handlers[name](socket, payload.data);
    } catch (err) {
      log.warn({ err, event: name }, 'client event failed');
      answer = refusal('unavailable');
    }
    if (isRateLimited(answer)) overBudget(socket, ack);
    else ack?.(answer);
  }

  function dispatch(socket: AppSocket, packet: unknown[]) {
    const [event, ...args] = packet;
    const last = args.at(-1);
    const ack = isAck(last) ? last : undefined;
    if (ack) args.pop();
    if (!socket.data.budget.event()) return overBudget(socket, ack);
    if (!isEventName(event)) return ack?.(refusal('invalid_request'));
    handle(socket, event, args, ack).catch((err) =>
      log.warn({ err, event }, 'client event could not be answered'),
    );
  }

  return (socket: AppSocket) => {
    socket.data.budget = new SocketBudget(deps.limits);
    // The only listener of client events: nothing else is registered, so `next` is never called.
    socket.use((packet) => {
      try {
        dispatch(socket, packet);
      } catch (err) {
        log.warn({ err }, 'client packet dropped');
      }
    });
    // Protocol violations (garbage, bad attachments) close the connection; Socket.IO reports
    // them here first.
    socket.on('error', (err) => log.debug({ err: err.message }, 'socket error'));
  };
}
