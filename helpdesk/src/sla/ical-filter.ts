import { type Component, every, first } from './ical-content';

/**
 * Which events of a calendar feed count as days off. A public-holidays feed mixes holidays and
 * observances (Google's: `DESCRIPTION:Public holiday` beside `DESCRIPTION:Observance`, all
 * `TRANSP:TRANSPARENT`; Outlook's: `CATEGORIES:Holiday`); a filter keeps the days off and leaves
 * the rest out. An event is kept when it matches one pattern of every non-empty `include…` list,
 * no pattern of any `exclude…` list, and is not transparent when `skipTransparent`.
 *
 * Patterns match the whole text, case-insensitively, `*` standing for any run of characters and
 * `?` for one (`*Eve`, `Carnival*`, `Observance*`). No regular expressions: an admin's pattern runs
 * on every event of a feed in the worker, and a glob's matching is linear in practice and never
 * catastrophic.
 */
export interface FeedFilter {
  readonly includeCategories: readonly string[];
  readonly excludeCategories: readonly string[];
  readonly includeSummaries: readonly string[];
  readonly excludeSummaries: readonly string[];
  readonly includeDescriptions: readonly string[];
  readonly excludeDescriptions: readonly string[];
  /** Leave out `TRANSP:TRANSPARENT` events (time that does not block the calendar). */
  readonly skipTransparent: boolean;
}

export const NO_FILTER: FeedFilter = {
  includeCategories: [],
  excludeCategories: [],
  includeSummaries: [],
  excludeSummaries: [],
  includeDescriptions: [],
  excludeDescriptions: [],
  skipTransparent: false,
};

/** Whether `text` matches the glob `pattern` (whole, case-insensitive). */
export function globMatches(pattern: string, text: string): boolean {
  const p = pattern.toLowerCase();
  const t = text.toLowerCase();
  // The classic two-pointer walk: on a mismatch, retry after the last `*` one character further.
  let i = 0;
  let j = 0;
  let star = -1;
  let resume = 0;
  while (j < t.length) {
    if (i < p.length && (p[i] === '?' || p[i] === t[j])) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      resume = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++resume;
    } else return false;
  }
  while (p[i] === '*') i++;
  return i === p.length;
}

/** TEXT values unescaped (RFC 5545 §3.3.11): `\n`, `\,`, `\;`, `\\`. */
const unescapeText = (v: string) =>
  v.replace(/\\([nN,;\\])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

/** A TEXT list split on unescaped commas. */
const textList = (v: string) => v.split(/(?<!\\),/).map((x) => unescapeText(x).trim());

const any = (patterns: readonly string[], texts: readonly string[]) =>
  patterns.some((p) => texts.some((t) => globMatches(p, t)));

/** Whether the filter keeps the event. */
export function keepsEvent(filter: FeedFilter, event: Component): boolean {
  const categories = every(event, 'CATEGORIES').flatMap((p) => textList(p.value));
  const summary = [unescapeText(first(event, 'SUMMARY')?.value ?? '')];
  // A description's first line is its kind in Google's feeds; the whole text is matched too.
  const description = unescapeText(first(event, 'DESCRIPTION')?.value ?? '');
  const descriptions = [description, description.split('\n')[0] ?? ''];
  const transparent = first(event, 'TRANSP')?.value.toUpperCase() === 'TRANSPARENT';
  if (filter.skipTransparent && transparent) return false;
  const rules: [readonly string[], readonly string[], readonly string[]][] = [
    [filter.includeCategories, filter.excludeCategories, categories],
    [filter.includeSummaries, filter.excludeSummaries, summary],
    [filter.includeDescriptions, filter.excludeDescriptions, descriptions],
  ];
  return rules.every(
    ([include, exclude, texts]) =>
      (include.length === 0 || any(include, texts)) && !any(exclude, texts),
  );
}
