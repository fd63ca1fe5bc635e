import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { say } from './output';
import { paths } from './paths';
import type { StackSettings } from './settings';
import { testSelection } from './test-selection';

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

/** Totals from the JUnit report bun test writes next to its console output. */
function readCounts(report: string): Counts | null {
  if (!existsSync(report)) return null;
  const xml = readFileSync(report, 'utf8');
  const root = xml.match(/<testsuites\b[^>]*>/)?.[0];
  if (!root) return null;
  const attr = (name: string) => Number(root.match(new RegExp(`\\b${name}="(\\d+)"`))?.[1] ?? 0);
  const tests = attr('tests');
  const failed = attr('failures') + attr('errors');
  const skipped = attr('skipped');
  return { passed: tests - failed - skipped, failed, skipped };
}

const xmlText = (s: string) =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/**
 * Each failed test's name, place and message, from the same report. Printed again just above the
 * summary line: a CI log that keeps only its tail still says why each test failed.
 */
export function readFailures(xml: string, linesEach = 12): string[] {
  const out: string[] = [];
  const testcase = /<testcase\b([^>]*)>\s*<(failure|error)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\2>)/g;
  const attr = (attrs: string | undefined, name: string) =>
    xmlText(attrs?.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1] ?? '');
  for (const m of xml.matchAll(testcase)) {
    const why = xmlText(m[4] ?? '') || `${attr(m[3], 'type')}: ${attr(m[3], 'message')}`;
    const text = why.trimEnd().split('\n').slice(0, linesEach);
    out.push(
      `✗ ${attr(m[1], 'file')}:${attr(m[1], 'line')} ${attr(m[1], 'name')}`,
      ...text.map((l) => `    ${l}`),
    );
  }
  return out;
}

/**
 * `./stack test [--platform] [filter]`: bun test against the running stack (what it runs:
 * test-selection.ts); ends with one summary line.
 */
export async function runTests(settings: StackSettings, args: readonly string[]): Promise<number> {
  const { filters, env } = testSelection(args);
  say(args.length > 0 ? `running tests matching: ${args.join(' ')}` : 'running the test suite');
  // One report per run: two runs at once (a single file beside the suite) never read each other's.
  const report = paths.testResults.replace(/\.xml$/, `.${process.pid}.xml`);
  rmSync(report, { force: true });
  const child = spawn(
    process.execPath,
    ['test', '--timeout', '120000', '--reporter=junit', `--reporter-outfile=${report}`, ...filters],
    {
      cwd: paths.root,
      stdio: 'inherit',
      env: {
        ...process.env,
        ...env,
        NODE_EXTRA_CA_CERTS: paths.caCert,
        STACK_BASE_URL: `https://localhost:${settings.stack.httpsPort}`,
      },
    },
  );
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  const counts = readCounts(report) ?? { passed: 0, failed: code === 0 ? 0 : 1, skipped: 0 };
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  const failures = existsSync(report) ? readFailures(readFileSync(report, 'utf8')) : [];
  if (failures.length > 0) console.log(['', 'why each failed:', ...failures, ''].join('\n'));
  rmSync(report, { force: true });
  console.log(
    `${counts.passed} passed, ${counts.failed} failed${counts.skipped > 0 ? `, ${counts.skipped} skipped` : ''}`,
  );
  return counts.failed > 0 ? 1 : 0;
}
