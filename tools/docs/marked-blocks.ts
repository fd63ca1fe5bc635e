import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
const UNTRACKED = new Set(['node_modules', '.data', '.tools', '.git']);

/** Markdown files under `dir` (relative to `root`), not descending into UNTRACKED folders. */
function walk(root: string, dir = ''): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return UNTRACKED.has(entry.name) ? [] : walk(root, path);
    return entry.isFile() && entry.name.endsWith('.md') ? [path] : [];
  });
}

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
    listed.exitCode === 0 ? listed.stdout.toString().split('\n').filter(Boolean) : walk(root);
  // A file with a merge conflict is listed once per stage: once is enough.
  return [...new Set(files)].map((file) => join(root, file));
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
