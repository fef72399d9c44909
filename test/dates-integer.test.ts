import { describe, expect, it } from 'vitest';
import { addYears, fromDayNumber } from '../src/values/dates.js';

// The day arithmetic is integer-only (windows count years on every line of a batch); it must give
// the same dates as the calendar of Date, day by day, leap days included.
const MS_PER_DAY = 86_400_000;
const viaDate = (day: number) => new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
function addYearsViaDate(iso: string, years: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y + years, m - 1, d));
  if (probe.getUTCMonth() !== m - 1) probe.setUTCDate(0);
  return probe.toISOString().slice(0, 10);
}

describe('integer calendar arithmetic', () => {
  it('fromDayNumber matches Date for every day from 1890 to 2210', () => {
    const first = Date.UTC(1890, 0, 1) / MS_PER_DAY;
    const last = Date.UTC(2210, 11, 31) / MS_PER_DAY;
    for (let day = first; day <= last; day++) {
      if (fromDayNumber(day) !== viaDate(day)) expect(fromDayNumber(day)).toBe(viaDate(day));
    }
    expect(fromDayNumber(Date.UTC(2020, 1, 29) / MS_PER_DAY)).toBe('2020-02-29');
  });

  it('addYears matches Date, 29 February falling back to 28 February in a common year', () => {
    const first = Date.UTC(1895, 0, 1) / MS_PER_DAY;
    const last = Date.UTC(2200, 11, 31) / MS_PER_DAY;
    for (let day = first; day <= last; day += 1) {
      const iso = viaDate(day);
      for (const k of [-1, 1, 3, 4, 100]) {
        if (addYears(iso, k) !== addYearsViaDate(iso, k)) expect(addYears(iso, k)).toBe(addYearsViaDate(iso, k));
      }
    }
    expect(addYears('2020-02-29', 1)).toBe('2021-02-28');
    expect(addYears('2020-02-29', 4)).toBe('2024-02-29');
    expect(addYears('2096-02-29', 4)).toBe('2100-02-28');
  });
});
