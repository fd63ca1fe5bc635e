import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerOwner } from '../../../tests/support/api';
import { waitForMail } from '../../../tests/support/mail';
import { DATA, eventually, ROOT, stack, startInstance } from '../../../tests/support/stack';
import { openTicket } from '../support/tickets';
import { upload } from '../support/uploads';

/**
 * An object store driver end to end: an api and a worker started here with the driver's
 * environment against an emulator the test file starts, the stack's own workers stopped meanwhile
 * (they store on the local disk, and would otherwise take these jobs too). Uploads, thumbnails,
 * signed links, deletion and an export all go through the driver; the store is read with a client
 * of its own. s3-storage.test.ts (s3rver) and azure-storage.test.ts (Azurite) run it.
 */
export interface StoreUnderTest {
  /** The driver's variables, as the services read them. */
  readonly env: Record<string, string>;
  keys(prefix: string): Promise<string[]>;
  bytes(key: string): Promise<Uint8Array>;
  exists(key: string): Promise<boolean>;
  /** Overwrites an object with other metadata (a store written by anything else). */
  writeAs(key: string, text: string, contentType: string): Promise<void>;
  /** Asserts a link is the store's signed read of `key`: `ttl` seconds, a download of `contentType`. */
  expectLink(url: string, key: string, ttl: number, contentType: string): void;
  close(): Promise<void>;
}

const N = 5;
/** FILE_URL_TTL_SECONDS of these instances: the signed links must carry it. */
export const TTL = 123;
const PNG = new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/diagram.png')));

/** What the store answers a link with: the stored type, as a download. */
async function expectDownload(res: Response, contentType: string) {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe(contentType);
  expect(res.headers.get('content-disposition')).toStartWith('attachment');
}

export function objectStorageSuite(name: string, start: () => Promise<StoreUnderTest>) {
  let store: StoreUnderTest;
  const instances: { stop(): Promise<void> }[] = [];
  let apiUrl = '';

  beforeAll(async () => {
    store = await start();
    await stack('stop', 'worker');
    const env = { ...store.env, FILE_URL_TTL_SECONDS: String(TTL) };
    const started = await Promise.all([
      startInstance('api', N, env),
      startInstance('worker', N, env),
    ]);
    instances.push(...started);
    apiUrl = `http://127.0.0.1:${started[0]?.port}`;
  }, 120_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await stack('start', 'worker');
    await store.close();
  }, 120_000);

  async function api(path: string, token: string, method = 'GET') {
    const res = await fetch(`${apiUrl}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}` },
    });
    // biome-ignore lint/suspicious/noExplicitAny: the answers' shapes are the api's contract
    return { status: res.status, body: (await res.json().catch(() => undefined)) as any };
  }

  describe(`the ${name} storage driver, end to end`, () => {
    test('images uploaded through the api are stored in the bucket, thumbnailed by the worker, served presigned, removed with their ticket', async () => {
      const owner = await registerOwner(name);
      const ticket = await openTicket(owner, owner.orgId);
      const kept = await openTicket(owner, owner.orgId);
      // The fixture itself (64 × 48: its thumbnail keeps its size), and a larger rendering of it
      // that the thumbnail must shrink to fit 256 × 256.
      const large = new Uint8Array(await new Bun.Image(PNG).resize(640, 480).png().bytes());
      const images = [
        { name: 'diagram.png', bytes: PNG, ticketId: ticket.id, thumbnail: [64, 48] },
        { name: 'diagram-large.png', bytes: large, ticketId: ticket.id, thumbnail: [256, 192] },
        { name: 'other.png', bytes: PNG, ticketId: kept.id, thumbnail: [64, 48] },
      ];
      const uploaded: { id: string; original: string; thumb: string }[] = [];
      for (const image of images) {
        const res = await upload(
          owner.token,
          owner.orgId,
          image.ticketId,
          new Blob([image.bytes], { type: 'image/png' }),
          image.name,
          {},
          apiUrl,
        );
        expect(res.status).toBe(201);
        const original = `${owner.orgId}/${res.body.id}`;
        uploaded.push({ id: res.body.id, original, thumb: `${original}.thumb.webp` });
        // In the bucket as the upload answers, byte for byte.
        expect(await store.bytes(original)).toEqual(image.bytes);
      }
      expect(existsSync(join(DATA, 'storage', 'files', owner.orgId))).toBe(false); // not on disk

      for (const [i, image] of images.entries()) {
        const { id, original, thumb } = uploaded[i] ?? { id: '', original: '', thumb: '' };
        const path = `/orgs/${owner.orgId}/tickets/${image.ticketId}/attachments/${id}`;
        const ready = await eventually(async () => {
          const res = await api(path, owner.token);
          return res.body?.status === 'ready' ? res : undefined;
        }, 30_000);
        expect(await store.exists(thumb)).toBe(true);
        store.expectLink(ready.body.url, original, TTL, 'image/png');
        store.expectLink(ready.body.thumbnailUrl, thumb, TTL, 'image/webp');

        const file = await fetch(ready.body.url);
        await expectDownload(file, 'image/png');
        expect(new Uint8Array(await file.arrayBuffer())).toEqual(image.bytes);
        const preview = await fetch(ready.body.thumbnailUrl);
        await expectDownload(preview, 'image/webp');
        // Decoded by Bun's own codecs, not the worker's sharp.
        const decoded = new Bun.Image(new Uint8Array(await preview.arrayBuffer()));
        expect(await decoded.metadata()).toEqual({
          format: 'webp',
          width: image.thumbnail[0] ?? 0,
          height: image.thumbnail[1] ?? 0,
        });
        expect((await decoded.png().bytes()).byteLength).toBeGreaterThan(0);
      }
      const keysOf = (which: typeof uploaded) => which.flatMap((u) => [u.original, u.thumb]).sort();
      expect(await store.keys(`${owner.orgId}/`)).toEqual(keysOf(uploaded));

      // Deleting the ticket removes its attachments' objects, and only theirs.
      expect(
        (await api(`/orgs/${owner.orgId}/tickets/${ticket.id}`, owner.token, 'DELETE')).status,
      ).toBe(204);
      const remaining = keysOf(uploaded.slice(2));
      await eventually(
        async () => (await store.keys(`${owner.orgId}/`)).length === remaining.length,
      );
      expect(await store.keys(`${owner.orgId}/`)).toEqual(remaining);
    }, 90_000);

    test('a link serves the stored type as a download, whatever the object’s own metadata says', async () => {
      const owner = await registerOwner('Typed');
      const ticket = await openTicket(owner, owner.orgId);
      const text = '<html><script>document.title = "owned"</script></html>';
      const res = await upload(
        owner.token,
        owner.orgId,
        ticket.id,
        new Blob([text], { type: 'text/plain' }),
        'notes.txt',
        {},
        apiUrl,
      );
      expect(res.status).toBe(201);
      const path = `/orgs/${owner.orgId}/tickets/${ticket.id}/attachments/${res.body.id}`;
      const ready = await eventually(async () => {
        const answer = await api(path, owner.token);
        return answer.body?.status === 'ready' ? answer : undefined;
      }, 30_000);
      // The object's metadata says HTML (a bucket written by anything else, a misconfigured
      // upload): the link still serves what the api stored, as a download.
      const key = `${owner.orgId}/${res.body.id}`;
      await store.writeAs(key, text, 'text/html');
      const file = await fetch(ready.body.url);
      await expectDownload(file, ready.body.contentType);
      expect(ready.body.contentType).toStartWith('text/plain');
      expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''notes.txt");
      expect(await file.text()).toBe(text);
    }, 60_000);

    test('an export is assembled in the bucket, its parts removed, its link presigned (answered and mailed)', async () => {
      const owner = await registerOwner('Exporter');
      const subjects = ['First', 'Second', 'Third'];
      for (const subject of subjects) await openTicket(owner, owner.orgId, { subject });
      const started = await api(`/orgs/${owner.orgId}/exports`, owner.token, 'POST');
      expect(started.status).toBe(202);
      const ready = await eventually(async () => {
        const res = await api(`/orgs/${owner.orgId}/exports/${started.body.id}`, owner.token);
        return res.body?.status === 'ready' ? res : undefined;
      }, 60_000);
      const key = `exports/${owner.orgId}/${started.body.id}.jsonl.gz`;
      // The parts are gone: removed just after the export is marked ready (so that a run killed in
      // between leaves them to its rerun), hence possibly after the answer above.
      const stored = () => store.keys(`exports/${owner.orgId}/`);
      // Given up after a while without failing here: the assertion says what is left.
      await eventually(async () => (await stored()).length === 1).catch(() => undefined);
      expect(await stored()).toEqual([key]);
      store.expectLink(ready.body.url, key, TTL, 'application/gzip');

      const file = await fetch(ready.body.url);
      await expectDownload(file, 'application/gzip');
      const gzipped = new Uint8Array(await file.arrayBuffer());
      expect(gzipped).toEqual(new Uint8Array(await store.bytes(key)));
      const lines = new TextDecoder().decode(Bun.gunzipSync(gzipped)).trimEnd().split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { subject: string }).subject)).toEqual(subjects);

      // The mailed link: the same object, presigned for the link's 24 hours.
      const [mail] = await waitForMail(owner.email, 1, (m) => m.template === 'export-ready');
      const link = mail?.text.match(/https?:\/\/\S+/)?.[0] ?? '';
      store.expectLink(link, key, 24 * 3600, 'application/gzip');
      expect(new Uint8Array(await (await fetch(link)).arrayBuffer())).toEqual(gzipped);
    }, 90_000);
  });
}
