/**
 * A small YAML writer for the generated monitoring files (rule files, PrometheusRule objects,
 * exporter queries): maps in the order given, lists, and strings written plain when YAML reads
 * them back as the same string, as a block (`|-`) when they hold line breaks (PromQL), and
 * double-quoted (JSON's escapes are YAML's) otherwise. Deterministic, so that a stale file shows
 * as a diff.
 */
export type Yaml =
  | string
  | number
  | boolean
  | null
  | readonly Yaml[]
  | { readonly [k: string]: Yaml };

const PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./ ()=:,+-]*$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|-?\d[\d_.e+-]*)$/i;

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value !== 'string') return String(value);
  const plain =
    PLAIN.test(value) &&
    !RESERVED.test(value) &&
    !value.endsWith(' ') &&
    !value.includes(': ') &&
    !value.includes(' #') &&
    !value.endsWith(':');
  if (plain) return value;
  // As YAML formatters write it (biome's): single quotes around a string that holds double ones
  // and nothing that needs an escape, double quotes (JSON's escapes are YAML's) otherwise.
  const needsEscape = value.includes('\\') || [...value].some((c) => c < ' ');
  if (value.includes('"') && !needsEscape) return `'${value.replaceAll("'", "''")}'`;
  return JSON.stringify(value);
}

/** Multi-line text (PromQL, SQL) as a block; a string with a carriage return or a final line break stays quoted. */
const isBlock = (value: Yaml): value is string =>
  typeof value === 'string' &&
  value.includes('\n') &&
  !value.includes('\r') &&
  !value.endsWith('\n');

function lines(value: Yaml, indent: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item: Yaml) => {
      const inner = lines(item, `${indent}  `);
      const first = inner[0] ?? '';
      return [`${indent}- ${first.slice(indent.length + 2)}`, ...inner.slice(1)];
    });
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as { [k: string]: Yaml });
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([key, item]) => {
      const k = `${indent}${scalar(key)}:`;
      if (isBlock(item))
        return [`${k} |-`, ...item.split('\n').map((l) => (l ? `${indent}  ${l}` : ''))];
      if (Array.isArray(item) && item.length > 0) return [k, ...lines(item, `${indent}  `)];
      if (item !== null && typeof item === 'object' && Object.keys(item).length > 0)
        return [k, ...lines(item, `${indent}  `)];
      return [`${k} ${lines(item, '')[0]}`];
    });
  }
  return [`${indent}${scalar(value)}`];
}

export function toYaml(value: Yaml, header = ''): string {
  return `${header}${lines(value, '').join('\n')}\n`;
}
