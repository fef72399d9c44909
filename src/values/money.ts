import { Decimal } from 'decimal.js';

// One Decimal configuration for the whole library: enough precision for any sum of yuan amounts,
// and half-up rounding, which is what Chinese public finance uses when it rounds to the fen.
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

export const ZERO = new Money(0);
const WAN = new Money(10_000);
const YI = new Money(100_000_000);

/** A parse outcome: a value, or a message saying what was expected (never a throw). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const MONEY_RE = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万元|亿元|万|亿|元)?$/;

/** The largest amount a case may state: anything above 1万亿 yuan is a typo in the unit. */
export const ABSURD_MONEY = new Money('1e12');

/**
 * Parses a money amount as a consultant types it: `3500万`, `1.2亿`, `3,000,000`, `300万元`,
 * `¥12.50`, or a plain number of yuan. Returns yuan, exact. Fractions of a fen are rejected
 * rather than rounded, so a number is never silently changed.
 */
export function parseMoney(input: unknown): Parsed<Money> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return { ok: false, message: 'expected an amount of money, got a non-finite number' };
    input = String(input);
  }
  if (typeof input !== 'string') {
    return { ok: false, message: `expected an amount of money such as 3500万, 1.2亿 or 3,000,000, got ${describe(input)}` };
  }
  const text = input.trim().replace(/^[¥￥]\s*/, '').replace(/\s+/g, '');
  const m = MONEY_RE.exec(text);
  if (!m) {
    return { ok: false, message: `"${input}" is not an amount of money: write yuan (3000000 or 3,000,000) or use 万/亿 (300万, 1.2亿)` };
  }
  const [, sign, intPart = '0', frac, unit] = m;
  let value = new Money(`${intPart.replace(/,/g, '')}${frac ? `.${frac}` : ''}`);
  if (unit === '万' || unit === '万元') value = value.times(WAN);
  if (unit === '亿' || unit === '亿元') value = value.times(YI);
  if (sign === '-' && !value.isZero()) return { ok: false, message: `"${input}" is negative: an amount must be 0 or more` };
  if (value.decimalPlaces() > 2) return { ok: false, message: `"${input}" has fractions of a fen: give at most 2 decimals of yuan` };
  if (value.greaterThan(ABSURD_MONEY)) {
    return { ok: false, message: `"${input}" is more than 1万亿 yuan: check the unit (万 vs 亿 vs 元)` };
  }
  return { ok: true, value };
}

const RATE_RE = /^(\d+(?:\.\d+)?)\s*%$/;

/** Parses a percentage written as `10%` or `4.35%` into a fraction (0.10, 0.0435). */
export function parseRate(input: unknown): Parsed<Money> {
  if (typeof input !== 'string') return { ok: false, message: `expected a percentage such as 4.35%, got ${describe(input)}` };
  const m = RATE_RE.exec(input.trim());
  if (!m) return { ok: false, message: `"${input}" is not a percentage: write it with a % sign, such as 4.35%` };
  const value = new Money(m[1] as string).dividedBy(100);
  if (value.greaterThan(1)) return { ok: false, message: `"${input}" is more than 100%` };
  return { ok: true, value };
}

const NUMBER_RE = /^[+-]?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;

export function parseNumber(input: unknown): Parsed<Money> {
  const text = typeof input === 'number' ? String(input) : input;
  if (typeof text !== 'string' || !NUMBER_RE.test(text.trim())) {
    return { ok: false, message: `expected a number, got ${describe(input)}` };
  }
  return { ok: true, value: new Money(text.trim().replace(/,/g, '')) };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses an ISO calendar date (2019-05-01) and rejects impossible ones such as 2019-02-30. */
export function parseDate(input: unknown): Parsed<string> {
  if (input instanceof Date && !Number.isNaN(input.getTime())) input = input.toISOString().slice(0, 10);
  if (typeof input !== 'string') return { ok: false, message: `expected a date as YYYY-MM-DD, got ${describe(input)}` };
  const m = DATE_RE.exec(input.trim());
  if (!m) return { ok: false, message: `"${input}" is not a date: write it as YYYY-MM-DD, such as 2019-05-01` };
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) {
    return { ok: false, message: `"${input}" is not a real calendar date` };
  }
  return { ok: true, value: input.trim() };
}

/** Adds whole years to an ISO date (29 February falls back to 28 February). */
export function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const probe = new Date(Date.UTC(y + years, m - 1, d));
  if (probe.getUTCMonth() !== m - 1) probe.setUTCDate(0);
  return probe.toISOString().slice(0, 10);
}

export function todayIso(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Rounds to the fen (0.01 yuan), half-up: the one rounding rule of the library. */
export function toFen(value: Money): Money {
  // Most amounts are whole fen already (a cap, a fixed award): no new decimal for those.
  return value.decimalPlaces() <= 2 ? value : value.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** The canonical string for an amount in JSON: yuan with exactly two decimals. */
export function moneyString(value: Money): string {
  return value.toFixed(2);
}

export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${String(value)}`;
}
