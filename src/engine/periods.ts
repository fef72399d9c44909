import type { Range } from './result.js';

// A yearly award pays its per-year amount (after every cap) for each year of the item's period
// that the policy covers; a one-off award has one year. The window itself (its start, its years
// inside the policy's life) is worked out when the policy is compiled (policy/compile/periods.ts).

export function overPeriod(perYear: Range, years: number): Range {
  return { low: perYear.low.times(years), high: perYear.high.times(years) };
}
