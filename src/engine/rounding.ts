import { toFen } from '../values/money.js';
import type { Range } from './result.js';

// Rounding happens once per line, to the fen, half-up (toFen), after basis × rate and the
// per-record cap and before the per-applicant and shared caps: those caps only ever lower amounts
// that are already whole fen, and totals are sums of rounded lines, so they add up as printed.

export function roundToFen(r: Range): Range {
  const low = toFen(r.low);
  return { low, high: r.high === r.low ? low : toFen(r.high) };
}
