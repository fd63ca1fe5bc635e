import { readFileSync } from 'node:fs';

// Where a CPU profile's time goes, by owner: a `.cpuprofile` (Chrome's format, as `bun
// --cpu-prof` writes it) summed by self time into the package or folder of each frame's file —
// `hono`, `drizzle-orm`, `postgres`, `shared/api`, `helpdesk`, `(native)` — and by function.
//
//   bun bench/profile-summary.ts FILE.cpuprofile [TOP] [LAST_SECONDS]
//
// LAST_SECONDS keeps only the profile's last seconds: a bench's measured cycles, without the
// seeding and start-up before them (`inprocess.ts message ours` spends most of its profile there).
//
// A profile of many small layers has no one heavy function: this sums them by who owns them.
interface Frame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: Frame;
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The owner of a frame: a package under node_modules, or our folder two levels deep. */
export function ownerOf(url: string): string {
  if (!url) return '(native)';
  const path = url.replace(/^file:\/\//, '');
  // The last node_modules segment: Bun's layout nests packages under node_modules/.bun/….
  const pkg = path.match(/.*node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1] as string;
  const ours = path.match(/\/(shared\/src|services\/[^/]+\/src|helpdesk\/src)\/([^/]+)/);
  if (ours)
    return `${(ours[1] as string).replace(/\/src$/, '')}/${(ours[2] as string).replace(/\.ts$/, '')}`;
  if (path.startsWith('node:') || path.startsWith('bun:') || !path.includes('/'))
    return '(runtime)';
  return path.split('/').slice(-2).join('/');
}

export function summarize(profile: Profile, top: number, lastSeconds = Number.POSITIVE_INFINITY) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const span = profile.timeDeltas.reduce((a, b) => a + b, 0);
  const from = span - lastSeconds * 1e6;
  let at = 0;
  let samples = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from) return;
    samples++;
    // Each sample counts once. Not its time delta: that is the time since the sample before,
    // idle time included, so the first sample after a wait (a socket's callback, a timer) was
    // charged the wait (a write callback: 0.2 % of a profile's samples, 9.5 % of its deltas).
    self.set(id, (self.get(id) ?? 0) + 1);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  /** A native frame's time belongs to the code that called it (a RegExp test, a Response). */
  const callerOwner = (id: number): string => {
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const url = byId.get(at)?.callFrame.url;
      if (url) return ownerOf(url);
    }
    return '(event loop)';
  };
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const [id, n] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const owner = frame.url ? ownerOf(frame.url) : `(native) ← ${callerOwner(id)}`;
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + n);
    const name = `${frame.functionName || '(anonymous)'}  ${owner}:${frame.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + n);
  }
  const pct = (n: number) => `${((100 * n) / total).toFixed(1).padStart(5)} %`;
  const list = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, n]) => `${pct(n)}  ${k}`)
      .join('\n');
  return `samples: ${samples}, over ${(Math.min(span, lastSeconds * 1e6) / 1e6).toFixed(2)} s\n\nself time by owner\n${list(byOwner)}\n\nself time by function\n${list(byFunction)}`;
}

if (import.meta.main) {
  const [file, top, last] = process.argv.slice(2);
  if (!file)
    throw new Error('usage: bun bench/profile-summary.ts FILE.cpuprofile [TOP] [LAST_SECONDS]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  console.log(summarize(profile, Number(top ?? 40), last ? Number(last) : undefined));
}
