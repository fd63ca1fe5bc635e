// What the drills (`./stack drill …`) share: a failure that ends the drill with its reason, and
// running a command to completion.

export class DrillFailure extends Error {}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(
  cmd: readonly string[],
  options: { stdin?: 'inherit' | Blob; env?: Record<string, string> } = {},
): Result {
  const proc = Bun.spawnSync([...cmd], {
    stdout: 'pipe',
    stderr: 'pipe',
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  return {
    code: proc.exitCode ?? 1,
    stdout: proc.stdout.toString(),
    stderr: proc.stderr.toString(),
  };
}

export function must(
  cmd: readonly string[],
  what: string,
  options: { env?: Record<string, string> } = {},
): string {
  const result = run(cmd, options);
  if (result.code !== 0) {
    throw new DrillFailure(`${what} failed (${result.code}): ${result.stderr.trim().slice(-2000)}`);
  }
  return result.stdout;
}
