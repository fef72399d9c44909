import type { WindowSpec } from '../policy/model.js';
import { addDays, addYears, compareDates, latest } from '../values/dates.js';
import type { LineWindow, Range } from './result.js';

// Periods. A one-off award pays once, in the year of its event. A multi-year award (连续三年) pays
// for each year of its window: the years are counted from the window's start date, year by year
// (anniversaries, as the text counts from an event: 满一年后, 建成后), and a year counts under the
// policy when it begins within the policy's period. A year that begins after the as-of date is
// still counted (it follows from an event that has happened) and is marked as future.

/** perYear × years, for the older `period: {years}` form that has no start date. */
export function overPeriod(perYear: Range, years: number): Range {
  if (years === 1) return perYear;
  return { low: perYear.low.times(years), high: perYear.high.times(years) };
}

/** The window of a multi-year award, from the date its start fact gives. */
export function windowFrom(spec: WindowSpec, startFact: string, path: string, asOf: string): LineWindow {
  let start = addYears(startFact, spec.afterYears);
  const shifted = spec.fromIssue && compareDates(start, spec.from) < 0;
  if (shifted) start = latest(start, spec.from);
  const years = Array.from({ length: spec.years }, (_, i) => {
    const from = addYears(start, i);
    const to = addDays(addYears(start, i + 1), -1);
    const reason = compareDates(from, spec.from) < 0 ? ('before-issue' as const) : spec.until !== undefined && compareDates(from, spec.until) > 0 ? ('after-end' as const) : undefined;
    return { n: i + 1, from, to, counts: reason === undefined, ...(reason ? { reason } : {}), future: compareDates(from, asOf) > 0 };
  });
  return {
    path,
    startFact,
    afterYears: spec.afterYears,
    start,
    shifted,
    ...(spec.why ? { why: spec.why } : {}),
    years,
    counted: years.filter((y) => y.counts).length,
  };
}
