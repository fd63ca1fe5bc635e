import type { Logger } from '@insightdesk/shared/logger';
import {
  type ClientEventCatalog,
  type ClientEventDeclaration,
  type ClientEventHandlers,
  type ClientEventName,
  refusal,
} from '@insightdesk/shared/realtime';
import type { z } from 'zod';
import { type BudgetLimits, SocketBudget } from './budget';
import type { WsSocket } from './types';

type Ack = (answer: unknown) => void;

const isAck = (value: unknown): value is Ack => typeof value === 'function';

/** `value` checked against `declaration`'s payload, typed as that declaration's own. */
const parsePayload = <D extends ClientEventDeclaration>(declaration: D, value: unknown) =>
  declaration.payload.safeParse(value) as z.ZodSafeParseResult<z.output<D['payload']>>;

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
 * budget is disconnected. The declarations are the platform's and the product's, merged.
 */
export function clientEventRouter<C extends ClientEventCatalog>(deps: {
  declarations: C;
  handlers: ClientEventHandlers<C, WsSocket>;
  limits: BudgetLimits;
  logger: Logger;
}) {
  const log = deps.logger.child({ component: 'client-events' });
  const { declarations } = deps;
  const isEventName = (event: unknown): event is ClientEventName<C> =>
    typeof event === 'string' && Object.hasOwn(declarations, event);

  function overBudget(socket: WsSocket, ack: Ack | undefined) {
    ack?.(refusal('rate_limited'));
    if (socket.data.budget.refusal() || !socket.connected) return;
    log.warn({ userId: socket.data.userId }, 'socket kept going over its budget: disconnected');
    socket.disconnect(true);
  }

  async function handle<E extends ClientEventName<C>>(
    socket: WsSocket,
    name: E,
    args: unknown[],
    ack: Ack | undefined,
  ): Promise<void> {
    // Declared: `name` passed isEventName.
    const declaration = declarations[name] as C[E];
    const payload = parsePayload(declaration, args[0]);
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

  function dispatch(socket: WsSocket, packet: unknown[]) {
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

  // Protocol violations (garbage, bad attachments) close the connection; Socket.IO reports
  // them here first. One listener for every socket (a closure per socket is memory per socket).
  const onError = (err: Error) => log.debug({ err: err.message }, 'socket error');

  return (socket: WsSocket) => {
    socket.data.budget = new SocketBudget(deps.limits);
    // The only listener of client events: nothing else is registered, so `next` is never called.
    socket.use((packet) => {
      try {
        dispatch(socket, packet);
      } catch (err) {
        log.warn({ err }, 'client packet dropped');
      }
    });
    socket.on('error', onError);
  };
}
