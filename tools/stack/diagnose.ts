import type { ProcessDef } from './process-def';

/** Why a process does not come up, in its own words, and what to do about it: one line each. */
export interface Problem {
  readonly reason: string;
  readonly fix: string;
}

type Subject = Pick<ProcessDef, 'name' | 'group' | 'listens' | 'runsAs'>;

interface Rule {
  readonly match: RegExp;
  /** Called with the matching line (made readable) and the lines after it. */
  readonly explain: (line: string, after: readonly string[], p: Subject) => Problem;
}

interface LogEntry {
  readonly level?: unknown;
  readonly msg?: unknown;
  readonly err?: { readonly message?: unknown };
}

function parseJson(line: string): LogEntry | null {
  if (!line.startsWith('{')) return null;
  try {
    return JSON.parse(line) as LogEntry;
  } catch {
    return null;
  }
}

/** Time stamps and process ids that nginx, Valkey and PostgreSQL put before each message. */
const LINE_PREFIXES = [
  /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[\w+\] \d+#\d+: (?:\*\d+ )?/,
  /^\d+:[A-Z] \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d+ [#*.-] /,
  /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)? \w+ \[\d+\] /,
];

/**
 * A log line as the text a person reads: without time stamp and pid; for a JSON line (pino),
 * its message and its error's message.
 */
function readable(line: string): string {
  const entry = parseJson(line);
  if (!entry) return LINE_PREFIXES.reduce((text, prefix) => text.replace(prefix, ''), line.trim());
  const err = typeof entry.err?.message === 'string' ? entry.err.message : '';
  const msg = typeof entry.msg === 'string' ? entry.msg : '';
  return [msg, err].filter(Boolean).join(': ') || line;
}

/** pino levels below 50 (error) are not failures, whatever their words. */
const quiet = (line: string) => {
  const level = parseJson(line)?.level;
  return typeof level === 'number' && level < 50;
};

/** PostgreSQL's "FATAL:  XX000: text" (with or without the error code) as "text". */
const pgText = (line: string) =>
  line.replace(/^.*?\b(?:FATAL|PANIC|LOG|ERROR):\s+(?:[0-9A-Z]{5}:\s+)?/, '');

/** The first quoted path in a line. */
const quotedPath = (line: string) => line.match(/"(\/[^"]*)"/)?.[1];

function portOwner(port: number): string {
  const ss = Bun.spawnSync(['ss', '-Hltnp', `sport = :${port}`], { stderr: 'ignore' });
  if (ss.exitCode !== 0) return '';
  const owner = ss.stdout.toString().match(/users:\(\("([^"]+)",pid=(\d+)/);
  return owner ? ` by ${owner[1]} (pid ${owner[2]})` : '';
}

/**
 * Tried in order, each on every line: the first rule that matches a line explains the failure.
 * The specific ones come first (PostgreSQL's lock file comes with a harmless "Permission denied"
 * line when started from a directory its user cannot enter).
 */
const RULES: readonly Rule[] = [
  {
    match: /lock file "postmaster\.pid" already exists/,
    explain: (line, after) => {
      const pid = after.join(' ').match(/another postmaster \(PID (\d+)\)/)?.[1];
      return {
        reason: pgText(readable(line)),
        fix: `another PostgreSQL${pid ? ` (pid ${pid})` : ''} runs on this cluster: \`./stack down\` stops this stack's own; stop any other one`,
      };
    },
  },
  {
    match:
      /database files are incompatible with server|could not find the database system|could not access the server configuration file|is not a database cluster directory/,
    explain: (line) => ({
      reason: pgText(readable(line)),
      fix: 'the data directory holds no cluster this PostgreSQL can run: `./stack reset` re-creates it (its data is lost)',
    }),
  },
  {
    match: /address already in use|EADDRINUSE|Is port \d+ in use/i,
    explain(line, _after, p) {
      const settings = Object.entries(p.listens);
      const mentioned = settings.find(([, port]) => new RegExp(`\\b${port}\\b`).test(line));
      const [variable, port] = mentioned ?? settings[0] ?? ['STACK_PORT_BASE', 0];
      return {
        reason: pgText(readable(line)),
        fix: `port ${port} is taken${portOwner(port)}: stop that program, or give this stack other ports in .env.local (${variable}; see .env.example)`,
      };
    },
  },
  {
    match: /permission denied|EACCES/i,
    explain(line, _after, p) {
      const path = quotedPath(line);
      return {
        reason: pgText(readable(line)),
        fix: path
          ? `the ${p.runsAs} user cannot reach ${path}: \`namei -l ${path}\` shows the directory that refuses it; \`./stack reset\` re-creates .data/ where it can`
          : `the ${p.runsAs} user is refused access: \`./stack reset\` re-creates .data/ with the right owners`,
      };
    },
  },
  {
    // A ConfigError (shared/src/config): "Invalid configuration (N problems):", then one
    // "  - VARIABLE: problem" line each.
    match: /Invalid configuration \(\d+ problems?\)/,
    explain(line, after) {
      const problems = after
        .map((l) => l.match(/^\s+- (\S+?): (.*)$/))
        .filter((m): m is RegExpMatchArray => m !== null);
      const variables = [...new Set(problems.map((m) => m[1]))];
      return {
        reason:
          `${readable(line).replace(/^\S+: (?=Invalid)/, '')} ${problems.map((m) => `${m[1]}: ${m[2]}`).join('; ')}`.trim(),
        fix: `correct ${variables.join(', ') || 'the variables named above'} in .env.local or the environment (.env.example describes each)`,
      };
    },
  },
  {
    match: /password authentication failed/,
    explain: (line) => ({
      reason: pgText(readable(line)),
      fix: "the cluster's passwords are not the ones in .data/ (it outlived a wipe of .data/): `./stack reset`",
    }),
  },
  {
    match: /\b(?:FATAL|PANIC):/,
    explain: (line, _after, p) => ({
      reason: pgText(readable(line)),
      fix: `it refuses to start: \`./stack logs ${p.name}\` shows the whole log; for PostgreSQL, \`./stack reset\` re-creates the cluster (its data is lost)`,
    }),
  },
];

/** Unknown failures: the last line that says it is an error, so the output is never empty. */
const ERRORISH = /\b(error|fatal|emerg|crit|failed|cannot|could not)\b/i;

/** Whether two failures are the same one (numbers such as pids and times aside). */
export const sameProblem = (a: Problem, b: Problem) =>
  a.reason.replace(/\d+/g, '#') === b.reason.replace(/\d+/g, '#');

/** The problem one start of a process ran into, from the log lines it wrote; null if none found. */
export function diagnose(subject: Subject, lines: readonly string[]): Problem | null {
  for (const rule of RULES) {
    const at = lines.findIndex((line) => !quiet(line) && rule.match.test(readable(line)));
    const line = lines[at];
    if (line !== undefined) return rule.explain(line, lines.slice(at + 1, at + 20), subject);
  }
  const last = [...lines].reverse().find((line) => !quiet(line) && ERRORISH.test(readable(line)));
  if (last === undefined) return null;
  return {
    reason: readable(last),
    fix: `\`./stack logs ${subject.name}\` shows the whole log`,
  };
}
