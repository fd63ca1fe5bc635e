import { LOCAL_STACK_PORTS } from '../../shared/src/config/local-stack';

/**
 * A block of free ports for a second stack on this machine, in the layout of `.env.local`: every
 * default moved by K×100.
 */
/** Whether nothing listens on `port` (on any address) right now. */
export function portFree(port: number): boolean {
  try {
    Bun.listen({ hostname: '0.0.0.0', port, socket: { data() {} } }).stop(true);
    return true;
  } catch {
    return false;
  }
}

export async function freePortBlock() {
  const taken = (port: number) => !portFree(port);
  // High K: the engineers' own stacks use small ones. Valkey's port stays below 32768. Starting
  // at a random one, two suites running at once rarely reach for the same block.
  const first = Math.floor(Math.random() * 24);
  for (let i = 0; i < 24; i++) {
    const o = (40 + ((first + i) % 24)) * 100;
    // Every port the stack listens on, from the one list of them: a port added there (as the
    // SMTP ingress's was) moves here too, instead of colliding with the suite's own stack.
    const block = Object.fromEntries(
      Object.entries(LOCAL_STACK_PORTS).map(([name, port]) => [name, port + o]),
    ) as { [K in keyof typeof LOCAL_STACK_PORTS]: number };
    const base = block.STACK_PORT_BASE;
    const services = [1, 2, 11, 12, 21, 22, 31].map((n) => base + n);
    const all = [...Object.values(block), ...services];
    if (!all.some(taken)) return block;
  }
  throw new Error('no free block of ports for a second stack');
}
