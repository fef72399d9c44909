import type { Range } from './result.js';

// A yearly award pays its per-year amount (after every cap) for each of the item's years; a
// one-off award has one year. The years come from the policy file (policy/compile/periods.ts).

export function overPeriod(perYear: Range, years: number): Range {
  return { low: perYear.low.times(years), high: perYear.high.times(years) };
}
