import { type ErrorHandler, Hono } from 'hono';
import type { ConfigGroups } from '../config';
import { healthRoutes } from '../health';
import {
  type BaseEnv,
  CompiledRouter,
  chainer,
  installProblemHandlers,
  instrument,
  type RouteEntry,
} from '../http';
import { metricsRoutes } from '../monitoring';
import type { ServiceKit } from './kit';

export type KitParts = Pick<
  ServiceKit<ConfigGroups>,
  'logger' | 'metrics' | 'tracing' | 'health' | 'reporter' | 'isPublicRequest'
> &
  Partial<Pick<ServiceKit<ConfigGroups>, 'requestScope'>>;

/**
 * The HTTP surface every service shares: request id and access log, metrics, problem+json errors
 * and 404s, `/health*` and `/metrics` (details for the private network, status only or nothing
 * for the public). Services add their own routes on top; one router matches them all (router.ts).
 */
export function createBaseApp<E extends BaseEnv = BaseEnv>(kit: KitParts): Hono<E> {
  // Each route's handlers answered as one (chain.ts), failing through the problem handler.
  let onError: ErrorHandler | undefined;
  const app = new Hono<E>({
    router: new CompiledRouter<RouteEntry>(
      chainer(() => {
        if (!onError) throw new Error('createBaseApp: a request before the problem handlers');
        return onError;
      }),
    ),
  });
  app.use(instrument(kit.logger, kit.metrics, kit.tracing, kit.requestScope));
  onError = installProblemHandlers(app as unknown as Hono<BaseEnv>, kit.reporter, kit.metrics);
  app.route('/', healthRoutes(kit.health, kit.isPublicRequest));
  app.route('/', metricsRoutes(kit.metrics, kit.isPublicRequest));
  return app;
}
