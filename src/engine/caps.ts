import type { CompiledItem } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { type Money, ZERO } from '../values/money.js';
import type { CapStep, Instalment, Line, Range } from './result.js';

// Caps of one item: per record (each entry, before rounding), then across the item's entries per
// applicant (over everything they pay) or per applicant and year (每年, 年度: over what they pay in
// each calendar year). Every cap is recorded on the line, binding or not, so the trace shows it.
// Caps shared by several items are in shared-caps.ts.

const min = (a: Money, b: Money) => (a.lte(b) ? a : b);

/**
 * a + b without a new decimal when either is zero (most sums here start at zero or add one line):
 * decimals are immutable and print by value, so the result reads the same.
 */
export function add(a: Money, b: Money): Money {
  if (a.isZero()) return b;
  if (b.isZero()) return a;
  return a.plus(b);
}

/**
 * The caps a single line meets on its own, in the policy's order: a per-record cap, and for an
 * item without entries every cap (there the applicant has one line, paid per year).
 */
export function applyLineCaps(item: CompiledItem, line: Line, raw: Range): Range {
  let current = raw;
  for (const cap of item.caps) {
    if (cap.per !== 'record' && item.each) continue;
    current = capStep(line, cap.per, cap.amount, current, cap.label);
  }
  return current;
}

function capStep(line: Line, scope: CapStep['scope'], amount: Money, before: Range, label?: Text): Range {
  const after = { low: min(before.low, amount), high: min(before.high, amount) };
  const bindsLow = after.low !== before.low && after.low.lt(before.low);
  const bindsHigh = after.high !== before.high && after.high.lt(before.high);
  line.caps.push(label ? { scope, amount, before, after, bindsLow, bindsHigh, label } : { scope, amount, before, after, bindsLow, bindsHigh });
  return after;
}

/** One instalment of a line, for allocating a cap across lines. */
export interface Share {
  line: Line;
  instalment: Instalment;
}

/** The instalments of the lines that pay an amount, in order (lines, then years). */
export function sharesOf(lines: Line[]): Share[] {
  const out: Share[] = [];
  for (const line of lines) {
    if (line.status !== 'applies' || !line.instalments) continue;
    for (const instalment of line.instalments) out.push({ line, instalment });
  }
  return out;
}

/** Shares grouped by calendar year, in year order (shares of no year, from items without a date, together first). */
export function byYear(shares: Share[]): [number | undefined, Share[]][] {
  if (shares.length <= 1) return shares.length === 0 ? [] : [[(shares[0] as Share).instalment.year, shares]];
  const groups = new Map<number | undefined, Share[]>();
  for (const s of shares) {
    const g = groups.get(s.instalment.year) ?? [];
    g.push(s);
    groups.set(s.instalment.year, g);
  }
  return [...groups].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
}

/** Per-applicant caps across the entries of one item: allocated to entries in the order given. */
export function applyApplicantCaps(item: CompiledItem, lines: Line[]) {
  if (!item.each) return;
  for (const cap of item.caps) {
    if (cap.per === 'record') continue;
    const shares = sharesOf(lines);
    const groups: [number | undefined, Share[]][] = cap.per === 'applicant-year' ? byYear(shares) : [[undefined, shares]];
    for (const [year, group] of groups) {
      allocate(group, cap.amount, (s, before, after) => {
        const step: CapStep = {
          scope: cap.per as CapStep['scope'], amount: cap.amount, before, after,
          bindsLow: after.low !== before.low && after.low.lt(before.low), bindsHigh: after.high !== before.high && after.high.lt(before.high),
        };
        // In this order (label, then year), as the result has always listed them.
        if (cap.label) step.label = cap.label;
        const stepYear = year !== undefined ? year : (s.line.instalments?.length ?? 0) > 1 ? s.instalment.year : undefined;
        if (stepYear !== undefined) step.year = stepYear;
        s.line.caps.push(step);
      });
    }
  }
}

/**
 * Lowers a set of fen amounts so their sum is at most `cap`, taking from the last ones first
 * (the earlier entries keep what they earned). Low and high ends are allocated separately.
 */
export function allocate(shares: Share[], cap: Money, apply: (share: Share, before: Range, after: Range) => void) {
  if (shares.length === 0) return;
  let sumHigh = ZERO;
  for (const s of shares) sumHigh = add(sumHigh, s.instalment.amount.high);
  if (sumHigh.lte(cap)) {
    // Not binding (low ≤ high, so neither end is lowered): the trace still records the cap.
    for (const s of shares) apply(s, s.instalment.amount, s.instalment.amount);
    return;
  }
  let leftLow = cap;
  let leftHigh = cap;
  for (const s of shares) {
    const before = s.instalment.amount;
    const after = { low: min(before.low, leftLow), high: min(before.high, leftHigh) };
    leftLow = leftLow.minus(after.low);
    leftHigh = leftHigh.minus(after.high);
    s.instalment.amount = after;
    apply(s, before, after);
  }
}

export function sumRanges(ranges: Iterable<Range>): Range {
  let low = ZERO;
  let high = ZERO;
  for (const r of ranges) {
    low = add(low, r.low);
    high = add(high, r.high);
  }
  return { low, high };
}
