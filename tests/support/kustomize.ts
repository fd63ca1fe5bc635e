import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './stack';

// biome-ignore lint/suspicious/noExplicitAny: rendered manifests, walked by the assertions
type Doc = any;

const KUBECTL = join(ROOT, '.tools/kubectl/kubectl');
const SOURCE = join(ROOT, 'deploy/kubernetes');

/**
 * kustomize's output (kubectl's built-in kustomize, installed into .tools/kubectl by ./stack
 * test) for a directory under deploy/kubernetes, rendered from a copy holding `files` too (the
 * secrets files an operator writes beside an overlay, never committed), by their path there.
 */
export function renderKustomize(dir: string, files: Record<string, string> = {}): Doc[] {
  const copy = mkdtempSync(join(tmpdir(), 'insightdesk-k8s-'));
  try {
    cpSync(SOURCE, copy, { recursive: true });
    for (const [path, content] of Object.entries(files)) writeFileSync(join(copy, path), content);
    const run = Bun.spawnSync([KUBECTL, 'kustomize', join(copy, dir)], {
      stdout: 'pipe',
      stderr: 'pipe',
    });
    if (run.exitCode !== 0) throw new Error(`kustomize ${dir}: ${run.stderr.toString()}`);
    return (Bun.YAML.parse(run.stdout.toString()) as Doc[]).filter(Boolean);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
