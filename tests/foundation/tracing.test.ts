import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Subprocess } from 'bun';
import { io } from 'socket.io-client';
import { registerOwner } from '../support/api';
import { request } from '../support/realtime';
import { eventually, ROOT, servicePort, stack } from '../support/stack';

// One change followed across every hop: the api request, the outbox row, the relay, the email
// job it adds and the socket delivery, exported over OTLP/HTTP (JSON) to a receiver of the test's
// own. The stack's processes run without an endpoint (tracing off); the test starts an api, a ws
// and a worker with one (instance 8), and stops the stack's workers meanwhile so that its worker
// is the one relaying and running the job.

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; boolValue?: boolean };
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: {
      spans: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        attributes?: OtlpAttribute[];
      }[];
    }[];
  }[];
}

const attributes = (list: OtlpAttribute[] = []) =>
  Object.fromEntries(
    list.map((a) => [a.key, a.value.stringValue ?? a.value.intValue ?? a.value.boolValue]),
  );

const spans: ReceivedSpan[] = [];
const receiver = Bun.serve({
  hostname: '127.0.0.1',
  port: 0,
  async fetch(req) {
    if (req.method !== 'POST' || new URL(req.url).pathname !== '/v1/traces') {
      return new Response(null, { status: 404 });
    }
    const body = (await req.json()) as OtlpExport;
    for (const resource of body.resourceSpans) {
      const service = String(attributes(resource.resource.attributes)['service.name']);
      for (const scope of resource.scopeSpans) {
        for (const s of scope.spans) {
          spans.push({
            service,
            traceId: s.traceId,
            spanId: s.spanId,
            parentSpanId: s.parentSpanId ?? '',
            name: s.name,
            kind: s.kind,
            attributes: attributes(s.attributes),
          });
        }
      }
    }
    return Response.json({});
  },
});

const processes: Subprocess[] = [];
function start(service: 'api' | 'ws' | 'worker') {
  const child = Bun.spawn([process.execPath, `services/${service}/src/main.ts`], {
    cwd: ROOT,
    env: {
      ...process.env,
      INSTANCE_ID: `${service}-8`,
      HOST: '127.0.0.1',
      PORT: String(servicePort(service, 8)),
      LOG_LEVEL: 'warn',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
    },
    stdout: 'ignore',
    stderr: 'ignore',
  });
  processes.push(child);
}

const ready = (service: 'api' | 'ws' | 'worker') =>
  eventually(
    async () =>
      (await fetch(`http://127.0.0.1:${servicePort(service, 8)}/health/ready`).catch(() => null))
        ?.ok,
    30_000,
  );

beforeAll(async () => {
  await stack('stop', 'worker-1');
  await stack('stop', 'worker-2');
  start('api');
  start('ws');
  start('worker');
  await Promise.all([ready('api'), ready('ws'), ready('worker')]);
}, 60_000);

afterAll(async () => {
  for (const child of processes) child.kill('SIGTERM');
  await Promise.all(processes.map((child) => child.exited));
  receiver.stop(true);
  await stack('start', 'worker-1');
  await stack('start', 'worker-2');
}, 60_000);

describe('OpenTelemetry traces across the hops of a change', () => {
  test('an item: request → outbox relay → email job and socket delivery, one trace', async () => {
    const owner = await registerOwner('Traced');
    const socket = io(`http://127.0.0.1:${servicePort('ws', 8)}`, {
      path: '/socket.io/',
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      auth: { token: owner.token },
    });
    const received: { type: string; id: string | null }[] = [];
    socket.onAny((type: string, envelope: { id: string | null }) => {
      received.push({ type, id: envelope?.id ?? null });
    });
    try {
      await eventually(() => socket.connected, 10_000);
      expect((await request(socket, 'subscribe', { orgId: owner.orgId })).ok).toBe(true);

      // What nginx sends: its request id, 32 hex digits.
      const requestId = crypto.randomUUID().replaceAll('-', '');
      const res = await fetch(
        `http://127.0.0.1:${servicePort('api', 8)}/api/v1/orgs/${owner.orgId}/items`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${owner.token}`,
            'Content-Type': 'application/json',
            'X-Request-Id': requestId,
          },
          body: JSON.stringify({ title: 'Traced item' }),
        },
      );
      expect(res.status).toBe(201);
      await eventually(() => received.some((e) => e.type === 'item.created'), 15_000);

      const trace = () => spans.filter((s) => s.traceId === requestId);
      const find = (service: string, prefix: string) =>
        trace().find((s) => s.service === `insightdesk-${service}` && s.name.startsWith(prefix));
      await eventually(
        () =>
          find('api', 'POST') &&
          find('worker', 'outbox relay item.created') &&
          find('worker', 'job email/item-created') &&
          find('ws', 'ws deliver item.created'),
        20_000,
      );
      const request_ = find('api', 'POST');
      const relay = find('worker', 'outbox relay item.created');
      const job = find('worker', 'job email/item-created');
      const delivery = find('ws', 'ws deliver item.created');

      // The trace id is the request id; each hop is the child of the one before.
      expect(request_?.name).toBe('POST /api/v1/orgs/:orgId/items');
      expect(request_?.parentSpanId).toBe('');
      expect(request_?.attributes['insightdesk.request_id']).toBe(requestId);
      expect(request_?.attributes['http.response.status_code']).toBe(201);
      expect(relay?.parentSpanId).toBe(request_?.spanId);
      expect(job?.parentSpanId).toBe(relay?.spanId);
      expect(delivery?.parentSpanId).toBe(relay?.spanId);
      expect(delivery?.attributes['insightdesk.event_id']).toBe(
        received.find((e) => e.type === 'item.created')?.id,
      );
    } finally {
      socket.disconnect();
    }
  }, 60_000);

  test("a caller's traceparent on the private network continues its trace", async () => {
    const owner = await registerOwner('Parent');
    const traceId = crypto.randomUUID().replaceAll('-', '');
    const parentSpan = '00f067aa0ba902b7';
    const res = await fetch(
      `http://127.0.0.1:${servicePort('api', 8)}/api/v1/orgs/${owner.orgId}/items?limit=1`,
      {
        headers: {
          Authorization: `Bearer ${owner.token}`,
          traceparent: `00-${traceId}-${parentSpan}-01`,
        },
      },
    );
    expect(res.status).toBe(200);
    await eventually(() => spans.some((s) => s.traceId === traceId), 15_000);
    const span = spans.find((s) => s.traceId === traceId);
    expect(span?.parentSpanId).toBe(parentSpan);
    expect(span?.name).toBe('GET /api/v1/orgs/:orgId/items');
  }, 30_000);

  test('a trace its parent chose not to sample exports nothing', async () => {
    const owner = await registerOwner('Unsampled');
    const get = (traceparent: string) =>
      fetch(`http://127.0.0.1:${servicePort('api', 8)}/api/v1/orgs/${owner.orgId}/items`, {
        headers: { Authorization: `Bearer ${owner.token}`, traceparent },
      });
    const dropped = crypto.randomUUID().replaceAll('-', '');
    const kept = crypto.randomUUID().replaceAll('-', '');
    expect((await get(`00-${dropped}-00f067aa0ba902b7-00`)).status).toBe(200);
    expect((await get(`00-${kept}-00f067aa0ba902b7-01`)).status).toBe(200);
    // Spans leave in batches, in order: once the later request's span is in, the earlier one
    // would be too.
    await eventually(() => spans.some((s) => s.traceId === kept), 15_000);
    expect(spans.filter((s) => s.traceId === dropped)).toEqual([]);
  }, 30_000);
});
