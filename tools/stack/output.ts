const tty = process.stderr.isTTY;
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const red = (s: string) => (tty ? `\x1b[31m${s}\x1b[0m` : s);
const green = (s: string) => (tty ? `\x1b[32m${s}\x1b[0m` : s);

/** A step the stack is taking, on stderr (stdout stays for data such as `status --json`). */
export function say(message: string) {
  process.stderr.write(`${bold(`==> ${message}`)}\n`);
}

export function ok(message: string) {
  process.stderr.write(`  ${green('✓')} ${message}\n`);
}

export function fail(message: string): never {
  process.stderr.write(`${red(`stack: ${message}`)}\n`);
  process.exit(1);
}

export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
