import { FIRST_YEAR, LAST_YEAR, parseDate } from './date-notation.js';
import type { Parsed } from './said.js';

// Calendar dates. They travel as ISO strings (2019-05-01), as a person writes them, and are
// compared and counted here as day numbers, never as strings: a year outside 1900–2199 is a typo
// (9999, 0219), not a date, and is refused where it is read.

export { FIRST_YEAR, LAST_YEAR };

const MS_PER_DAY = 86_400_000;

const digit = (s: string, i: number) => s.charCodeAt(i) - 48;

/** YYYY-MM-DD read digit by digit: dates are compared on every line of every case, so no split or Date here. */
function parts(iso: string): [number, number, number] {
  const y = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  return [y, digit(iso, 5) * 10 + digit(iso, 6), digit(iso, 8) * 10 + digit(iso, 9)];
}

/**
 * Days since 1970-01-01 (negative before): the form in which two dates are compared. The civil
 * calendar's day count (Howard Hinnant's days_from_civil), in integers.
 */
export function dayNumber(iso: string): number {
  // The same dates come again and again (an entry's date for each of its items, the as-of date):
  // the last one is remembered.
  if (iso === lastIso) return lastDay;
  const year = digit(iso, 0) * 1000 + digit(iso, 1) * 100 + digit(iso, 2) * 10 + digit(iso, 3);
  const m = digit(iso, 5) * 10 + digit(iso, 6);
  const d = digit(iso, 8) * 10 + digit(iso, 9);
  const y = m <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  lastIso = iso;
  lastDay = era * 146_097 + doe - 719_468;
  return lastDay;
}

let lastIso: string | undefined;
let lastDay = 0;

/** The date of a day number (Hinnant's civil_from_days, in integers: windows count years on every line). */
export function fromDayNumber(day: number): string {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
  return isoOf(y, m, d);
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/** YYYY-MM-DD for a year in 0–9999. */
function isoOf(y: number, m: number, d: number): string {
  return `${y < 1000 ? String(y).padStart(4, '0') : y}-${pad2(m)}-${pad2(d)}`;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Negative when a is earlier, 0 on the same day, positive when a is later. */
export function compareDates(a: string, b: string): number {
  return dayNumber(a) - dayNumber(b);
}

export const isBefore = (a: string, b: string) => compareDates(a, b) < 0;
export const isAfter = (a: string, b: string) => compareDates(a, b) > 0;

export function yearOf(iso: string): number {
  return parts(iso)[0];
}

/** Whole years later (29 February falls back to 28 February in a common year). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = parts(iso);
  const year = y + years;
  if (year >= 0 && year <= 9999 && Number.isInteger(years)) return isoOf(year, m, m === 2 && d === 29 && !isLeap(year) ? 28 : d);
  const probe = new Date(Date.UTC(y + years, m - 1, d));
  if (probe.getUTCMonth() !== m - 1) probe.setUTCDate(0);
  return probe.toISOString().slice(0, 10);
}

/** Whether `years` whole years after `iso` (as addYears counts them) falls on or before `asOf`: no strings built. */
export function yearsReached(iso: string, years: number, asOf: string): boolean {
  const [y, m, d] = parts(iso);
  const year = y + years;
  if (!(year >= 0 && year <= 9999 && Number.isInteger(years))) return compareDates(addYears(iso, years), asOf) <= 0;
  const day = m === 2 && d === 29 && !isLeap(year) ? 28 : d;
  const [ay, am, ad] = parts(asOf);
  return year < ay || (year === ay && (m < am || (m === am && day <= ad)));
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** Days from `from` to `to` (0 on the same day; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** 1 January of the year after the date's year. */
export function startOfNextYear(iso: string): string {
  return `${String(yearOf(iso) + 1).padStart(4, '0')}-01-01`;
}

export function latest(a: string, b: string): string {
  return compareDates(a, b) >= 0 ? a : b;
}

export function earliest(a: string, b: string): string {
  return compareDates(a, b) <= 0 ? a : b;
}

/**
 * A date in any notation parseDate reads (2019-05-01, 2019/5/1, 2019年5月1日), as ISO, with its
 * year in FIRST_YEAR–LAST_YEAR: parseDate already refuses other years, in both languages.
 */
export function parseCalendarDate(input: unknown): Parsed<string> {
  if (typeof input === 'string' && isPlainIsoDate(input)) return { ok: true, value: input };
  return parseDate(input);
}

/**
 * A date already written as parseDate writes it (2019-05-01: ASCII digits, a real day, a year in
 * FIRST_YEAR–LAST_YEAR), checked without Unicode normalisation (whose first use loads tables, about
 * 50 ms) or a Date. Anything else goes to parseDate, whose reading and messages are the ones to keep;
 * a property test compares the two.
 */
export function isPlainIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  for (const i of ISO_DIGITS) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const [y, m, d] = parts(s);
  if (y < FIRST_YEAR || y > LAST_YEAR || m < 1 || m > 12 || d < 1) return false;
  return d <= (m === 2 ? (isLeap(y) ? 29 : 28) : DAYS_IN_MONTH[m - 1] as number);
}

const ISO_DIGITS = [0, 1, 2, 3, 5, 6, 8, 9];
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
