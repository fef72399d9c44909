import type { Case, CaseRecord, FactValue } from '../case/model.js';
import type { EvaluationResult, Range, Status } from '../engine/result.js';
import type { Policy } from '../policy/model.js';
import { type Assumption, resolvePath } from './targets.js';

// "Don't know" must not hide a question whose answer would matter if the unknown turned out
// favourable: with the industry unknown, the investment is still worth asking, because if the
// industry is in scope the project subsidy is computed from it. So for each line that waits on a
// fact the user could not give, the unknown facts are tried at the values that let the line pay
// (each choice of an enum, "yes" for a yes/no, a date inside the policy's reach), and whatever the
// line then needs is asked too.

/** What one undecided line would need and give if the facts left unknown turned out favourable. */
export interface IfFavourable {
  item: string;
  /** The line's place among the item's lines. */
  line: number;
  assume: Assumption[];
  /** The line under those assumptions. */
  status: Status;
  amount?: Range;
  /** What it would still need that has not been asked. */
  missing: string[];
  /** A date was assumed and another date the line also accepts gives another amount: no amount to quote. */
  amountVaries?: boolean;
}

/** Beyond this many unknown facts on one line, the line is left as it is (no policy comes close). */
const MAX_ASSUMED = 6;

/**
 * For each line that cannot be determined because of a fact already put to the user (and left
 * unknown), the first favourable value of each such fact, in the policy's order of choices, and
 * the line under them. Lines that no value of those facts could make pay are left out.
 */
export function ifFavourable(
  policy: Policy,
  c: Case,
  asked: ReadonlySet<string>,
  result: EvaluationResult,
  evaluateCase: (c: Case) => EvaluationResult,
  /** The as-of date: an unknown date is tried at it and at the policy's issue date. */
  asOf?: string,
): IfFavourable[] {
  const candidates = (path: string) => valuesToTry(policy, path, asOf);
  const memo = new Map<string, EvaluationResult>();
  const under = (assume: Assumption[]) => {
    const key = JSON.stringify(assume);
    let r = memo.get(key);
    if (!r) {
      r = evaluateCase(assumed(c, assume));
      memo.set(key, r);
    }
    return r;
  };
  const out: IfFavourable[] = [];
  result.items.forEach((item, itemIndex) => {
    item.lines.forEach((start, lineIndex) => {
      if (start.status !== 'cannot-determine') return;
      const assume: Assumption[] = [];
      let line = start;
      while (line.status === 'cannot-determine' && assume.length < MAX_ASSUMED) {
        const unknown = line.missing.find((p) => asked.has(p) && !assume.some((a) => a.path === p) && candidates(p).length > 0);
        if (unknown === undefined) break;
        let found: typeof line | undefined;
        for (const value of candidates(unknown)) {
          const trial = [...assume, { path: unknown, value }];
          const l = under(trial).items[itemIndex]?.lines[lineIndex];
          if (l && l.status !== 'does-not-apply') {
            assume.push({ path: unknown, value });
            found = l;
            break;
          }
        }
        if (!found) return; // no value of that fact lets the line pay
        line = found;
      }
      if (assume.length === 0) return;
      const missing = line.missing.filter((p) => !asked.has(p) && !assume.some((a) => a.path === p));
      // A date assumed: the same line under the other dates tried must give the same amount, or none is quoted.
      const amountVaries = assume.some((a, k) =>
        valuesToTry(policy, a.path, asOf)
          .filter((v) => v !== a.value && typeof a.value === 'string' && isDateFact(policy, a.path))
          .some((v) => {
            const other = under(assume.map((b, j) => (j === k ? { path: b.path, value: v } : b))).items[itemIndex]?.lines[lineIndex];
            return other?.status === 'applies' && !sameRange(other.amount, line.amount);
          }),
      );
      out.push({ item: item.id, line: lineIndex, assume, status: line.status, ...(line.amount ? { amount: line.amount } : {}), missing, ...(amountVaries ? { amountVaries } : {}) });
    });
  });
  return out;
}

/**
 * The values worth trying for an unknown fact: every choice of an enum, "yes" for a yes/no, and for
 * a date the as-of date and the policy's issue date (the dates most conditions accept: on or after
 * the issue date, not after the as-of date). An amount or a number is not guessed.
 */
function valuesToTry(policy: Policy, path: string, asOf: string | undefined): (string | boolean)[] {
  const t = resolvePath(policy, path);
  if (!t || t.kind === 'list') return [];
  if (t.fact.type === 'enum') return t.fact.choices.map((c) => c.id);
  if (t.fact.type === 'boolean') return [true];
  if (t.fact.type === 'date') return [...new Set([...(asOf ? [asOf] : []), policy.issued])];
  return [];
}

function isDateFact(policy: Policy, path: string): boolean {
  const t = resolvePath(policy, path);
  return t !== undefined && t.kind !== 'list' && t.fact.type === 'date';
}

function sameRange(a: Range | undefined, b: Range | undefined): boolean {
  return a === undefined || b === undefined ? a === b : a.low.eq(b.low) && a.high.eq(b.high);
}

/** The case with the assumed values filled in (the case itself is left as it was). */
function assumed(c: Case, assume: Assumption[]): Case {
  const facts = { ...c.facts };
  const lists: Case['lists'] = { ...c.lists };
  for (const { path, value } of assume) {
    const m = /^([^.[]+)\[(\d+)\]\.(.+)$/.exec(path);
    if (!m) {
      facts[path] = value as FactValue;
      continue;
    }
    const [, list, index, field] = m as unknown as [string, string, string, string];
    const entries = [...(lists[list] ?? [])];
    const record: CaseRecord = { ...(entries[Number(index)] ?? {}) };
    record[field] = value;
    entries[Number(index)] = record;
    lists[list] = entries;
  }
  return { ...c, facts, lists };
}
