import type { Range } from '../engine/result.js';
import type { RateRange } from '../policy/model.js';
import type { Money } from '../values/money.js';
import { type Lang, t } from './i18n.js';

export type Unit = 'wan' | 'yuan';

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

export function formatRange(r: Range, unit: Unit): string {
  return r.low.eq(r.high) ? formatMoney(r.low, unit) : `${formatMoney(r.low, unit)}–${formatMoney(r.high, unit)}`;
}

export function formatPercent(v: Money): string {
  return `${v.times(100).toString()}%`;
}

export function formatRate(rate: RateRange): string {
  if (rate.form === 'up-to') return `≤${formatPercent(rate.high)}`;
  if (rate.form === 'range') return `${formatPercent(rate.low)}–${formatPercent(rate.high)}`;
  return formatPercent(rate.low);
}

export function unitSuffix(unit: Unit, lang: Lang): string {
  if (unit === 'wan') return lang === 'zh' ? '（万元）' : ' (万 = 10,000 yuan)';
  return lang === 'zh' ? '（元）' : ' (yuan)';
}

export { t };
