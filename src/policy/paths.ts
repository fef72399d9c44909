import type { PathSegment } from '../errors/problem.js';

// A problem's place in a policy file as a maintainer reads it: the entries of the top-level lists
// are named by their id (items[project-investment].caps[0]) rather than by a position that moves
// whenever an item is added; a missing or repeated id falls back to the position.

const NAMED_LISTS = new Set(['items', 'shared_caps', 'readings', 'industries', 'applicant_kinds', 'industry_groups']);
const ID = /^[a-z0-9][a-z0-9_-]*$/;

function idAt(list: unknown, index: number): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const id = (list[index] as { id?: unknown } | undefined)?.id;
  if (typeof id !== 'string' || !ID.test(id)) return undefined;
  const same = list.filter((e) => (e as { id?: unknown } | undefined)?.id === id).length;
  return same === 1 ? id : undefined;
}

/** ['items', 0, 'caps', 0] → items[project-investment].caps[0], given the file's data. */
export function policyPath(path: readonly PathSegment[], data: unknown): string {
  let out = '';
  path.forEach((seg, i) => {
    if (typeof seg === 'number') {
      const named = i === 1 && NAMED_LISTS.has(String(path[0])) ? idAt((data as Record<string, unknown> | undefined)?.[String(path[0])], seg) : undefined;
      out += `[${named ?? seg}]`;
    } else out += out === '' ? seg : `.${seg}`;
  });
  return out;
}
