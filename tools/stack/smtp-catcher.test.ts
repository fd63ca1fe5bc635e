import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { freePort } from '../../tests/support/stack';

// The stack's SMTP catcher (smtp-catcher.ts) spoken to by nodemailer, an SMTP client not ours:
// a message is stored in Maildir's new/; one whose every recipient says `smtp-discard` is
// answered alike and stored nowhere (what the benches send).

const dir = mkdtempSync(join(tmpdir(), 'insightdesk-catcher-'));
let catcher: ReturnType<typeof Bun.spawn>;
let port = 0;

beforeAll(async () => {
  port = freePort();
  catcher = Bun.spawn(
    [process.execPath, join(import.meta.dir, 'smtp-catcher.ts'), String(port), dir],
    {
      stdout: 'pipe',
      stderr: 'inherit',
    },
  );
  const reader = (catcher.stdout as ReadableStream<Uint8Array>).getReader();
  const { value } = await reader.read();
  expect(new TextDecoder().decode(value)).toContain(`smtp catcher on 127.0.0.1:${port}`);
  reader.releaseLock();
});

afterAll(() => {
  catcher?.kill();
  rmSync(dir, { recursive: true, force: true });
});

const stored = () => readdirSync(join(dir, 'new'));

async function send(to: string[], subject: string) {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, ignoreTLS: true });
  try {
    return await transport.sendMail({ from: 'bench@example.test', to, subject, text: 'hello' });
  } finally {
    transport.close();
  }
}

describe('the SMTP catcher', () => {
  test('stores a message in new/', async () => {
    const before = stored().length;
    const info = await send(['someone@example.test'], 'kept');
    expect(info.response).toStartWith('250');
    const files = stored();
    expect(files.length).toBe(before + 1);
    const kept = files.map((f) => readFileSync(join(dir, 'new', f), 'utf8'));
    expect(kept.some((m) => m.includes('Subject: kept'))).toBe(true);
  });

  test('answers a message to `smtp-discard` recipients alike, and stores nothing', async () => {
    const before = stored();
    const info = await send(
      ['one-smtp-discard@bench.test', 'two-smtp-discard@bench.test'],
      'dropped',
    );
    expect(info.response).toStartWith('250');
    expect(info.accepted).toHaveLength(2);
    expect(stored()).toEqual(before);
  });

  test('stores a message when any of its recipients does not say `smtp-discard`', async () => {
    const before = stored().length;
    const info = await send(['one-smtp-discard@bench.test', 'someone@example.test'], 'mixed');
    expect(info.response).toStartWith('250');
    expect(stored().length).toBe(before + 1);
  });
});
