import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { HonoAdapter } from '@bull-board/hono';
import type { Queue } from 'bullmq';
import { Hono } from 'hono';
import { serveStatic } from 'hono/bun';

/**
 * bull-board's pages and API at `basePath`, as an app of their own: imported by admin.ts at the
 * dashboard's first request, not at the api's start (bull-board, valibot and ejs cost a start
 * ~0.15 s of CPU). Its errors go to the caller (the api's problem handler), and a path it does
 * not serve answers `null`, so the api answers it as any other unknown path.
 */
export function queueBoard(queues: readonly Queue[], basePath: string) {
  const board = new HonoAdapter(serveStatic);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: board });
  board.setBasePath(basePath);
  const app = new Hono().route(basePath, board.registerPlugin());
  app.onError((err) => {
    throw err;
  });
  app.notFound(() => new Response(null, { status: 404, headers: { [UNSERVED]: '1' } }));
  return async (request: Request): Promise<Response | null> => {
    const res = await app.fetch(request);
    return res.headers.has(UNSERVED) ? null : res;
  };
}

const UNSERVED = 'x-queue-board-unserved';
