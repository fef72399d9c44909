import type { Money } from './money.js';

// Money and rates for people, in one place: the reports and the maintainer's tools (check, test,
// diff) must print the same amount the same way.

export type Unit = 'wan' | 'yuan';

/** A low–high amount; equal ends mean one exact amount. */
export interface MoneyRange {
  low: Money;
  high: Money;
}

/** A rate as the text states it: fixed, a range set by review, or an upper limit. */
export interface StatedRate extends MoneyRange {
  form: 'fixed' | 'range' | 'up-to';
}

function groupThousands(s: string): string {
  const [int, frac] = s.split('.');
  const grouped = (int ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${grouped}.${frac}` : grouped;
}

/** An amount for people: 万 with every significant digit kept (no rounding beyond the fen), or yuan with fen. */
export function formatMoney(value: Money, unit: Unit): string {
  if (unit === 'yuan') return `${groupThousands(value.toFixed(2))}`;
  const wan = value.dividedBy(10_000).toFixed(6).replace(/\.?0+$/, '');
  return `${groupThousands(wan)}万`;
}

export function formatRange(r: MoneyRange, unit: Unit): string {
  return r.low.eq(r.high) ? formatMoney(r.low, unit) : `${formatMoney(r.low, unit)}–${formatMoney(r.high, unit)}`;
}

export function formatPercent(v: Money): string {
  return `${v.times(100).toString()}%`;
}

export function formatRate(rate: StatedRate): string {
  if (rate.form === 'up-to') return `≤${formatPercent(rate.high)}`;
  if (rate.form === 'range') return `${formatPercent(rate.low)}–${formatPercent(rate.high)}`;
  return formatPercent(rate.low);
}
