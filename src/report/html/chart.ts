import { formatMoney, type Unit } from '../../values/format.js';
import { Money } from '../../values/money.js';
import type { Lang } from '../i18n.js';
import { type Html, html, join } from './template.js';
import { word } from './words.js';

// Inline SVG charts. Amounts are exact everywhere else; here they become pixel positions only,
// so converting to a JS number is harmless (a bar a hair too long is still the right figure,
// and the figure printed beside it is the exact string).

const WIDTH = 680;

export interface ChartBar {
  label: string;
  low: Money;
  high: Money;
  text: string;
}

const px = (n: number) => (Math.round(n * 10) / 10).toString();

/** A round axis maximum (1, 2 or 5 × 10^k) at or above the largest value, and its step. */
function axis(max: number): { top: number; step: number } {
  if (max <= 0) return { top: 1, step: 1 };
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) {
    const step = (m * magnitude) / 5;
    if (step * 5 >= max) return { top: step * 5, step };
  }
  return { top: 10 * magnitude, step: 2 * magnitude };
}

/**
 * Each item's low–high as a horizontal bar: solid to the low end, lighter up to the high end.
 * The chart is HTML, not SVG text: a label is text the browser wraps to the page's width with
 * whatever font it has, so no label is ever cut (an SVG label has a fixed box, and a wider font
 * than the one measured for runs past it). One grid holds every row, so all bars share one scale
 * and the amount column is as wide as the widest amount.
 */
export function rangeChart(bars: ChartBar[], unit: Unit, lang: Lang, title: string): Html {
  const max = Math.max(0, ...bars.map((b) => Number(b.high.toString())));
  const { top, step } = axis(max);
  const at = (v: number) => px((v / top) * 100);
  const rows = bars.map((b) => {
    const low = Number(b.low.toString());
    const high = Math.max(Number(b.high.toString()), low);
    return html`<div class="label" title="${b.label}: ${b.text}">${b.label}</div>
<div class="track"><span class="low" style="width:${at(low)}%"></span>${high > low ? html`<span class="high" style="left:${at(low)}%;width:${at(high - low)}%"></span>` : ''}</div>
<div class="value">${b.text}</div>`;
  });
  const ticks: Html[] = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    ticks.push(html`<span style="left:${at(v)}%">${formatMoney(new Money(v), unit)}</span>`);
  }
  return html`<div class="bars" role="group" aria-label="${title}">
${join(rows, '\n')}
<div class="axis">${join(ticks)}</div>
</div>
<p class="legend"><span class="key low"></span>${word(lang, 'chartLow')}<span class="key high"></span>${word(lang, 'chartHigh')}</p>`;
}

/** One bar for a share of a whole (the batch against the yearly fund): low solid, high lighter, 100% marked. */
export function shareBar(low: number, high: number, labels: { share: string; whole: string }): Html {
  // Past 100% the scale grows so the overrun shows, with the fund's end marked by a line.
  const scale = Math.max(1, high) * 1.02;
  const plot = WIDTH;
  const x = (v: number) => (v / scale) * plot;
  const full = x(1);
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} 64" role="img" aria-label="${labels.whole}">
<rect x="0" y="8" width="${px(full)}" height="22" fill="#f3f6f9" stroke="#d5dbe3"/>
<rect x="0" y="8" width="${px(x(low))}" height="22" fill="#1f4e79"/>
${high > low ? html`<rect x="${px(x(low))}" y="8" width="${px(x(high) - x(low))}" height="22" fill="#9ec3e6"/>` : ''}
<line x1="${px(full)}" y1="2" x2="${px(full)}" y2="36" stroke="#b3261e" stroke-width="1.5"/>
<text x="0" y="50" font-size="10" font-weight="700" fill="#1d2733">${labels.share}</text>
<text x="${px(Math.min(full, WIDTH))}" y="50" font-size="10" text-anchor="end" fill="#5b6878">${labels.whole}</text>
</svg>`;
}
