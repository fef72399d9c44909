import { forEachLineOutcome } from '../engine/outcomes.js';
import type { EvaluationResult, Range, Status } from '../engine/result.js';
import type { Policy } from '../policy/model.js';
import { type Money, ZERO } from '../values/money.js';
import type { RowResult } from './rows.js';

// The lines of an applicant's result, handed to the rows they came from: each line of a list
// entry to that entry's row, the lines about the applicant itself to its first row.

/** a + b; a ZERO start takes b itself (decimals are immutable), so one line costs no arithmetic. */
function add(a: Money, b: Money): Money {
  return a === ZERO && !b.isNegative() ? b : a.plus(b);
}

/** Case paths without their entry indexes, remembered (a policy has few): projects[0].date → projects.date. */
const unindexed = new Map<string, string>();

/** A case path without entry indexes: projects[0].rd_spending → projects.rd_spending. */
function withoutIndex(path: string): string {
  if (!path.includes('[')) return path;
  let plain = unindexed.get(path);
  if (plain === undefined) {
    plain = path.replace(/\[\d+\]/g, '');
    if (unindexed.size < 10_000) unindexed.set(path, plain);
  }
  return plain;
}

/** Whether a line's missing facts name a whole list (it has no entries at all). */
function namesAList(policy: Policy, missing: readonly string[]): boolean {
  for (const m of missing) if (policy.lists.has(m)) return true;
  return false;
}

/** Hands every line of the applicant's result to the row it came from. */
export function attribute(policy: Policy, result: EvaluationResult, firstRow: number, owner: Map<string, number[]>, results: RowResult[]) {
  // Per row, the best status of its lines: does-not-apply < cannot-determine < applies.
  const best: Status[] = [];
  for (const res of results) {
    best.push('does-not-apply');
    if (res.status !== 'invalid') res.total = { low: ZERO, high: ZERO };
  }
  // Read through the outcomes, not the lines: with no trace, a line's details are built only when read.
  forEachLineOutcome(result, ({ item, status, record, missing: lineMissing, amount }) => {
    const at = record ? (owner.get(record.list)?.[record.index] ?? firstRow) : firstRow;
    const res = results[at] as RowResult;
    if (status === 'applies') {
      best[at] = 'applies';
      if (item.kind === 'unquantified') {
        if (!res.unquantified.includes(item.id)) res.unquantified.push(item.id);
      } else if (amount) {
        const had = res.items.get(item.id);
        res.items.set(item.id, had ? { low: had.low.plus(amount.low), high: had.high.plus(amount.high) } : amount);
        const total = res.total as Range;
        total.low = add(total.low, amount.low);
        total.high = add(total.high, amount.high);
      }
      return;
    }
    // A line saying "no entries of this list at all" is about the applicant, not this row.
    if (!record && namesAList(policy, lineMissing)) return;
    if (best[at] === 'does-not-apply') best[at] = 'cannot-determine';
    let had: RowResult['cannotDetermine'][number] | undefined;
    for (const x of res.cannotDetermine) {
      if (x.item !== item.id) continue;
      had = x;
      break;
    }
    const missing = had ? had.missing : [];
    for (const m of lineMissing) {
      const path = withoutIndex(m);
      if (!missing.includes(path)) missing.push(path);
    }
    if (!had) res.cannotDetermine.push({ item: item.id, missing });
  });
  for (let i = 0; i < results.length; i++) {
    const res = results[i] as RowResult;
    if (res.status !== 'invalid') res.status = best[i] as Status;
  }
}

