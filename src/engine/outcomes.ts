import { moneyOfFen } from '../values/fen.js';
import type { QuickLine } from './quick-plan.js';
import { quickFormOf } from './quick-result.js';
import type { EvaluationResult, ItemResult, Range } from './result.js';

// The lines of a result that apply or cannot be determined, as a batch hands them to its rows:
// read from the quick form when the quick path gave the result (so that no line's details are
// built), else from the lines themselves. Lines that do not apply change nothing in any row.

export interface LineOutcome {
  item: ItemResult;
  status: 'applies' | 'cannot-determine';
  /** The list entry the line is about (its list and position), or none for a line about the applicant. */
  record: { list: string; index: number } | undefined;
  /** Case paths of the facts that would decide an undetermined line. */
  missing: readonly string[];
  /** What an applying amount line pays, after every cap. */
  amount: Range | undefined;
}

/** Calls `visit` for each such line, in order (the outcome object is reused: read it, do not keep it). */
export function forEachLineOutcome(result: EvaluationResult, visit: (outcome: LineOutcome) => void) {
  const quick = quickFormOf(result);
  const outcome: LineOutcome = { item: result.items[0] as ItemResult, status: 'applies', record: undefined, missing: [], amount: undefined };
  for (let i = 0; i < result.items.length; i++) {
    const item = result.items[i] as ItemResult;
    outcome.item = item;
    if (quick) {
      const q = quick[i];
      if (!q) continue;
      const list = q.list;
      for (const line of q.lines) {
        outcome.status = line.status as LineOutcome['status'];
        outcome.record = line.index >= 0 && list ? { list, index: line.index } : undefined;
        outcome.missing = line.missing;
        outcome.amount = line.status === 'applies' && item.kind === 'amount' && line.instalments !== undefined ? paid(line) : undefined;
        visit(outcome);
      }
      continue;
    }
    for (const line of item.lines) {
      if (line.status === 'does-not-apply') continue;
      outcome.status = line.status;
      outcome.record = line.record ? { list: line.record.list, index: line.record.index } : undefined;
      outcome.missing = line.missing;
      outcome.amount = line.status === 'applies' ? line.amount : undefined;
      visit(outcome);
    }
  }
}

function paid(line: QuickLine): Range {
  let low = line.instalments === null ? line.low : 0;
  let high = line.instalments === null ? line.high : 0;
  for (const i of line.instalments ?? []) {
    low += i.low;
    high += i.high;
  }
  const lowMoney = moneyOfFen(low);
  return { low: lowMoney, high: high === low ? lowMoney : moneyOfFen(high) };
}
