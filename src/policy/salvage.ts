import type { z } from 'zod';
import type { PathSegment } from '../errors/problem.js';

// When a policy file does not pass the schema, the parts that do can still be checked: the
// entries of its lists and the facts whose own schema fails are set aside, the rest is compiled
// and checked, and every problem is reported at once. A problem that only follows from a part set
// aside ("unknown fact" for a fact whose declaration is broken) is not reported twice.

const LISTS = new Set(['items', 'shared_caps', 'readings', 'industries', 'applicant_kinds', 'industry_groups']);
const RECORDS = new Set(['facts', 'parameters']);

export interface Salvaged {
  /** The file without the parts that failed, for the schema and the compiler. */
  data: Record<string, unknown>;
  /** A path into `data` as a path into the file as written. */
  original: (path: PathSegment[]) => PathSegment[];
  /** Whether a problem only follows from a part set aside. */
  follows: (message: string) => boolean;
}

export function salvage(data: unknown, issues: readonly z.core.$ZodIssue[]): Salvaged | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const file = data as Record<string, unknown>;
  const badEntries = new Map<string, Set<number>>();
  const badKeys = new Map<string, Set<string>>();
  const badTop = new Set<string>();
  for (const issue of issues) {
    const path = issue.path.filter((s): s is PathSegment => typeof s !== 'symbol');
    const [head, next] = path;
    if (head === undefined) {
      // Unknown top-level fields can be left out; anything else wrong at the top is not salvageable.
      if (issue.code !== 'unrecognized_keys') return undefined;
      for (const k of issue.keys) badTop.add(k);
    } else if (LISTS.has(String(head)) && typeof next === 'number') {
      badEntries.set(String(head), (badEntries.get(String(head)) ?? new Set()).add(next));
    } else if (RECORDS.has(String(head)) && typeof next === 'string') {
      badKeys.set(String(head), (badKeys.get(String(head)) ?? new Set()).add(next));
    } else return undefined;
  }
  const out: Record<string, unknown> = {};
  const kept = new Map<string, number[]>();
  const droppedNames = new Set<string>();
  for (const [key, value] of Object.entries(file)) {
    if (badTop.has(key)) continue;
    const bad = badEntries.get(key);
    if (bad && Array.isArray(value)) {
      const indices = value.map((_, i) => i).filter((i) => !bad.has(i));
      kept.set(key, indices);
      out[key] = indices.map((i) => value[i]);
      for (const i of bad) {
        const id = (value[i] as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string') droppedNames.add(id);
      }
      continue;
    }
    const badK = badKeys.get(key);
    if (badK && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).filter(([k]) => !badK.has(k)));
      for (const k of badK) droppedNames.add(k);
      continue;
    }
    out[key] = value;
  }
  return {
    data: out,
    original: (path) => {
      const [head, index, ...rest] = path;
      const map = kept.get(String(head));
      return map && typeof index === 'number' ? [head as PathSegment, map[index] ?? index, ...rest] : path;
    },
    follows: (message) => {
      const name = /"([^"]+)"/.exec(message)?.[1];
      return name !== undefined && (droppedNames.has(name) || droppedNames.has(name.split('.')[0] as string));
    },
  };
}
