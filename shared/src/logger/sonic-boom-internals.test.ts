import { expect, test } from 'bun:test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { testPinned } from '../../../tests/support/pinned-library';
import { heldBy, SONIC_BOOM } from './sonic-boom-internals';

// The contract of sonic-boom-internals.ts: what the writer under pino.destination holds.

// The writer pino's destination is made of: the sonic-boom pino depends on.
testPinned(
  SONIC_BOOM,
  'shared/src/logger/sonic-boom-internals.ts',
  dirname(Bun.resolveSync('pino', import.meta.dir)),
);

test('what the writer holds: the bytes handed to it until they are written, then 0', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'sonic-boom-')), 'out.log');
  const writer = pino.destination({ dest: file, sync: false, minLength: 4096 });
  await new Promise<void>((resolve) => writer.once('ready', () => resolve()));
  expect(heldBy(writer)).toBe(0);
  writer.write('é\n');
  writer.write('ascii\n');
  // Under its minLength nothing is written yet: held, in bytes of UTF-8.
  expect(heldBy(writer)).toBe(3 + 6);
  await new Promise<void>((resolve, reject) =>
    writer.flush((err) => (err ? reject(err) : resolve())),
  );
  expect(heldBy(writer)).toBe(0);
  writer.end();
  expect(readFileSync(file, 'utf8')).toBe('é\nascii\n');
});
