/** How the supervisor knows a process is up. */
export type Probe =
  /** Answers with this greeting (an SMTP server's "220"): a mere listener on the port is not it. */
  | { readonly kind: 'greeting'; readonly port: number; readonly greeting: string }
  /** Answers HTTPS with the local CA's certificate: our nginx, not whatever took the port. */
  | { readonly kind: 'https'; readonly url: string; readonly ca: string }
  | { readonly kind: 'redis'; readonly port: number }
  | { readonly kind: 'pg'; readonly port: number }
  | { readonly kind: 'http'; readonly url: string }
  /** A one-shot task: ready once it exited with code 0. */
  | { readonly kind: 'exit' };

export interface ProcessDef {
  readonly name: string;
  /** `api` for api-1 and api-2: `./stack stop api` acts on both. */
  readonly group: string;
  readonly cmd: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly port?: number;
  /** The ports it listens on, by the variable that moves each (named when a port is taken). */
  readonly listens: Readonly<Record<string, number>>;
  /** Who the process runs as (named in the fix when it cannot reach a path). */
  readonly runsAs: string;
  /** Its working directory: one it can enter (the checkout, or its own data directory). */
  readonly cwd: string;
  readonly probe: Probe;
  readonly dependsOn: readonly string[];
  readonly stopSignal: NodeJS.Signals;
  readonly stopTimeoutMs: number;
  readonly oneshot?: boolean;
  /** A Bun service, whose command takes Bun's `--cpu-prof` (`./stack start NAME --cpu-profile`). */
  readonly profilable?: boolean;
}
