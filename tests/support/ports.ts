/**
 * A block of free ports for a second stack on this machine, in the layout of `.env.local`: every
 * default moved by K×100.
 */
export async function freePortBlock() {
  const taken = (port: number) => {
    try {
      Bun.listen({ hostname: '0.0.0.0', port, socket: { data() {} } }).stop(true);
      return false;
    } catch {
      return true;
    }
  };
  // High K: the engineers' own stacks use small ones. Valkey's port stays below 32768. Starting
  // at a random one, two suites running at once rarely reach for the same block.
  const first = Math.floor(Math.random() * 24);
  for (let i = 0; i < 24; i++) {
    const o = (40 + ((first + i) % 24)) * 100;
    const block = {
      HTTPS_PORT: 8443 + o,
      HTTP_PORT: 8080 + o,
      STACK_PG_PORT: 25432 + o,
      STACK_VALKEY_PORT: 26379 + o,
      STACK_SMTP_PORT: 2525 + o,
      STACK_PORT_BASE: 13100 + o,
    };
    const base = block.STACK_PORT_BASE;
    const all = [...Object.values(block), ...[1, 2, 11, 12, 21, 22].map((n) => base + n)];
    if (!all.some(taken)) return block;
  }
  throw new Error('no free block of ports for a second stack');
}
