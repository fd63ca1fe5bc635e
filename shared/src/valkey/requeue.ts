import type { RecoveryStep } from './epoch';

const PAGE = 500;

/**
 * A recovery's part that queues work again from what a table records: its rows read a page at a
 * time (`read`, after the last one's `keyOf`), each page's jobs added at once within one step
 * named after `name`. `add` must be idempotent (a job id derived from the row). Answers how many
 * rows it went through.
 */
export async function requeueFromTable<T>(options: {
  readonly name: string;
  readonly step: RecoveryStep;
  read(after: string | null, limit: number): Promise<T[]>;
  keyOf(row: T): string;
  add(row: T): Promise<unknown>;
}): Promise<number> {
  let after: string | null = null;
  let total = 0;
  for (;;) {
    const from = after;
    const page = await options.step(`${options.name} after ${from ?? 'the first'}`, async () => {
      const rows = await options.read(from, PAGE);
      await Promise.all(rows.map((row) => options.add(row)));
      return rows;
    });
    total += page.length;
    const last = page.at(-1);
    if (!last || page.length < PAGE) return total;
    after = options.keyOf(last);
  }
}
