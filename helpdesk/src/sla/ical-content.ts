/**
 * The syntax of an iCalendar file (RFC 5545 §3.1): lines unfolded, each content line split into
 * its name, parameters and value, the lines nested into components. Knows nothing of what a
 * property means; refuses what is not iCalendar, whole.
 */

export interface Property {
  readonly name: string;
  readonly params: Readonly<Record<string, string>>;
  readonly value: string;
}

export interface Component {
  readonly name: string;
  readonly properties: Property[];
  readonly children: Component[];
}

/** The first property of that name, if any. */
export const first = (c: Component, name: string): Property | undefined =>
  c.properties.find((p) => p.name === name);

/** Every property of that name, in file order (EXDATE, RDATE, CATEGORIES may repeat). */
export const every = (c: Component, name: string): Property[] =>
  c.properties.filter((p) => p.name === name);

/** Nesting deeper than this is no calendar. */
const MAX_DEPTH = 8;

/** `NAME;P=v;Q="a:b":value` → its parts, or null when it is not a content line. */
function contentLine(line: string): Property | null {
  let quoted = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) return null;
  const [name = '', ...rawParams] = line.slice(0, colon).split(/;(?=(?:[^"]*"[^"]*")*[^"]*$)/);
  if (!/^[A-Za-z0-9-]+$/.test(name)) return null;
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    if (eq <= 0) return null;
    params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  return { name: name.toUpperCase(), params, value: line.slice(colon + 1) };
}

/**
 * The file's bytes as text, unfolded first: a line break followed by a space or a tab is a fold
 * (RFC 5545 §3.1), and a producer folds at 75 octets, so a fold may fall between the bytes of one
 * UTF-8 character (Apple's and Outlook's do). Removed before decoding, the character is whole.
 */
export function unfoldBytes(bytes: Uint8Array): string {
  const out = new Uint8Array(bytes.length);
  let n = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    const next = bytes[i + 1];
    const afterCr = bytes[i + 2];
    if (b === 0x0d && next === 0x0a && (afterCr === 0x20 || afterCr === 0x09)) i += 2;
    else if (b === 0x0a && (next === 0x20 || next === 0x09)) i += 1;
    else out[n++] = b as number;
  }
  return new TextDecoder().decode(out.subarray(0, n));
}

/** Lines unfolded: a line starting with a space or a tab continues the one before (CRLF or LF). */
function unfold(text: string): string[] {
  const lines: string[] = [];
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if ((raw.startsWith(' ') || raw.startsWith('\t')) && lines.length > 0)
      lines[lines.length - 1] += raw.slice(1);
    else if (raw !== '') lines.push(raw);
  }
  return lines;
}

/**
 * The file's VCALENDAR component, or why it is not iCalendar. `maxEvents` bounds the VEVENTs
 * directly inside it: more refuse the file.
 */
export function parseCalendar(
  file: string | Uint8Array,
  maxEvents: number,
): { ok: true; calendar: Component } | { ok: false; error: string } {
  const lines = unfold(typeof file === 'string' ? file : unfoldBytes(file));
  if (lines[0]?.toUpperCase() !== 'BEGIN:VCALENDAR')
    return { ok: false, error: 'not an iCalendar file (no BEGIN:VCALENDAR)' };
  const open: Component[] = [];
  let calendar: Component | null = null;
  let events = 0;
  for (const [i, line] of lines.entries()) {
    const p = contentLine(line);
    if (!p) return { ok: false, error: `line ${i + 1} is not an iCalendar content line` };
    if (p.name === 'BEGIN') {
      const component: Component = { name: p.value.toUpperCase(), properties: [], children: [] };
      open.at(-1)?.children.push(component);
      open.push(component);
      if (open.length > MAX_DEPTH) return { ok: false, error: 'components nested too deep' };
    } else if (p.name === 'END') {
      const closed = open.pop();
      if (closed?.name !== p.value.toUpperCase())
        return { ok: false, error: `line ${i + 1}: END:${p.value.slice(0, 20)} closes nothing` };
      if (closed.name === 'VEVENT' && open.length === 1 && ++events > maxEvents)
        return { ok: false, error: `more than ${maxEvents} events` };
      if (open.length === 0) {
        if (i !== lines.length - 1) return { ok: false, error: 'content after END:VCALENDAR' };
        calendar = closed;
      }
    } else open.at(-1)?.properties.push(p);
  }
  if (!calendar) return { ok: false, error: 'the file ends inside a component' };
  return { ok: true, calendar };
}
