import type { CompiledItem } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { type Money, ZERO } from '../values/money.js';
import type { CapStep, Line, Range } from './result.js';

// Caps of one item: per record (each entry, before rounding) and per applicant (across the
// entries of the item, after rounding). Every cap is recorded on the line, binding or not, so
// that the trace shows it. Shared caps across items are in shared-caps.ts.

const min = (a: Money, b: Money) => (a.lte(b) ? a : b);

/**
 * The caps a single line meets on its own, in the policy's order: a per-record cap, and for an
 * item without entries every cap (there the applicant has one line).
 */
export function applyLineCaps(item: CompiledItem, line: Line, raw: Range): Range {
  let current = raw;
  for (const cap of item.caps) {
    if (cap.per !== 'record' && item.each) continue;
    current = capStep(line, cap.per === 'record' ? 'record' : 'applicant', cap.amount, current, cap.label);
  }
  return current;
}

function capStep(line: Line, scope: CapStep['scope'], amount: Money, before: Range, label?: Text): Range {
  const after = { low: min(before.low, amount), high: min(before.high, amount) };
  line.caps.push({
    scope, amount, before, after, bindsLow: after.low.lt(before.low), bindsHigh: after.high.lt(before.high),
    ...(label ? { label } : {}),
  });
  return after;
}

/** Per-applicant caps across the entries of one item: allocated to entries in the order given. */
export function applyApplicantCaps(item: CompiledItem, lines: Line[]) {
  if (!item.each) return;
  for (const cap of item.caps) {
    if (cap.per !== 'applicant') continue;
    allocate(lines.filter((l) => l.status === 'applies' && l.perYear), cap.amount, (line, before, after) => {
      line.caps.push({
        scope: 'applicant', amount: cap.amount, before, after,
        bindsLow: after.low.lt(before.low), bindsHigh: after.high.lt(before.high), ...(cap.label ? { label: cap.label } : {}),
      });
      line.perYear = after;
    });
  }
}

/**
 * Lowers a set of fen amounts so their sum is at most `cap`, taking from the last ones first
 * (the earlier entries keep what they earned). Low and high ends are allocated separately.
 */
export function allocate(lines: Line[], cap: Money, apply: (line: Line, before: Range, after: Range) => void) {
  if (lines.length === 0) return;
  let sumHigh = ZERO;
  for (const line of lines) sumHigh = sumHigh.plus((line.perYear as Range).high);
  if (sumHigh.lte(cap)) {
    // Not binding (low ≤ high, so neither end is lowered): the trace still records the cap.
    for (const line of lines) apply(line, line.perYear as Range, line.perYear as Range);
    return;
  }
  let leftLow = cap;
  let leftHigh = cap;
  for (const line of lines) {
    const before = line.perYear as Range;
    const after = { low: min(before.low, leftLow), high: min(before.high, leftHigh) };
    leftLow = leftLow.minus(after.low);
    leftHigh = leftHigh.minus(after.high);
    apply(line, before, after);
  }
}
