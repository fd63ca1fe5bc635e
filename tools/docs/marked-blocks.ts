import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Blocks of the docs written by a tool from the declarations: whatever lies between a start and
 * an end marker (HTML comments) in any Markdown file of the repository, so a block may move.
 */
export interface Markers {
  readonly start: string;
  readonly end: string;
}

/** What a copy without git (an exported tree) skips: installed packages and local state. */
const UNTRACKED = /(^|\/)(node_modules|\.data|\.tools|\.git)\//;

/**
 * The Markdown files of the repository (tracked, or new and not ignored); in a copy without git
 * (`git archive`, as the product-removal test makes), every one outside packages and local state.
 */
export function markdownFiles(root: string): string[] {
  const listed = Bun.spawnSync(
    ['git', 'ls-files', '--cached', '--others', '--exclude-standard', '*.md'],
    { cwd: root, stderr: 'pipe' },
  );
  const files =
    listed.exitCode === 0
      ? listed.stdout.toString().split('\n').filter(Boolean)
      : [...new Bun.Glob('**/*.md').scanSync({ cwd: root, dot: true })].filter(
          (file) => !UNTRACKED.test(file),
        );
  return files.map((file) => join(root, file));
}

const bounds = (text: string, { start, end }: Markers) => {
  const from = text.indexOf(start) + start.length;
  return { from, to: text.indexOf(end, from) };
};

/** What `text` holds between the markers (trimmed); null without them. */
export function blockOf(text: string, markers: Markers): string | null {
  if (!text.includes(markers.start)) return null;
  const { from, to } = bounds(text, markers);
  return to < 0 ? null : text.slice(from, to).trim();
}

/** Writes `block` between the markers of `file`. */
export function writeBlock(file: string, markers: Markers, block: string): void {
  const text = readFileSync(file, 'utf8');
  const { from, to } = bounds(text, markers);
  writeFileSync(file, `${text.slice(0, from)}\n${block}\n${text.slice(to)}`);
}
