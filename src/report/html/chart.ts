import { Money } from '../../values/money.js';
import { formatMoney, type Unit } from '../../values/format.js';
import type { Lang } from '../i18n.js';
import { displayWidth } from '../wrap.js';
import { type Html, html, join } from './template.js';
import { word } from './words.js';

// Inline SVG charts. Amounts are exact everywhere else; here they become pixel positions only,
// so converting to a JS number is harmless (a bar a hair too long is still the right figure,
// and the figure printed beside it is the exact string).

const WIDTH = 680;
const VALUE_COLUMN = 130;
const ROW = 38;
const FONT = 11;

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

/** Shortens a label that would run past the bar area; the full label stays in the table and the tooltip. */
function shorten(label: string, widthPx: number): string {
  const chars = Math.floor((widthPx / FONT) * 2) - 2;
  if (displayWidth(label) <= chars) return label;
  let out = '';
  for (const ch of label) {
    if (displayWidth(out + ch) > chars - 2) break;
    out += ch;
  }
  return `${out}…`;
}

/** Each item's low–high as a horizontal bar: solid to the low end, lighter up to the high end. */
export function rangeChart(bars: ChartBar[], unit: Unit, lang: Lang, title: string): Html {
  const plot = WIDTH - VALUE_COLUMN;
  const max = Math.max(0, ...bars.map((b) => Number(b.high.toString())));
  const { top, step } = axis(max);
  const x = (v: Money) => (Number(v.toString()) / top) * plot;
  const height = bars.length * ROW + 44;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 4;
    const low = x(b.low);
    const high = Math.max(x(b.high), low);
    return html`<g><title>${b.label}: ${b.text}</title>
<text x="0" y="${px(y + FONT)}" font-size="${FONT}" fill="#1d2733">${shorten(b.label, WIDTH)}</text>
<rect x="0" y="${px(y + 16)}" width="${px(plot)}" height="12" fill="#f3f6f9"/>
<rect x="0" y="${px(y + 16)}" width="${px(low)}" height="12" fill="#1f4e79"/>
${high > low ? html`<rect x="${px(low)}" y="${px(y + 16)}" width="${px(high - low)}" height="12" fill="#9ec3e6"/>` : ''}
<text x="${px(WIDTH)}" y="${px(y + 26)}" font-size="${FONT}" text-anchor="end" font-weight="700" fill="#1d2733">${b.text}</text></g>`;
  });
  const axisY = bars.length * ROW + 8;
  const ticks: Html[] = [];
  for (let v = 0; v <= top + step / 2; v += step) {
    const tx = (v / top) * plot;
    ticks.push(html`<line x1="${px(tx)}" y1="${px(axisY)}" x2="${px(tx)}" y2="${px(axisY + 4)}" stroke="#5b6878"/>
<text x="${px(tx)}" y="${px(axisY + 16)}" font-size="9" text-anchor="${v === 0 ? 'start' : 'middle'}" fill="#5b6878">${formatMoney(new Money(v), unit)}</text>`);
  }
  const legendY = axisY + 32;
  return html`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="${title}">
${join(rows, '\n')}
<line x1="0" y1="${px(axisY)}" x2="${px(plot)}" y2="${px(axisY)}" stroke="#5b6878"/>
${join(ticks, '\n')}
<rect x="0" y="${px(legendY - 9)}" width="10" height="10" fill="#1f4e79"/><text x="14" y="${px(legendY)}" font-size="9" fill="#5b6878">${word(lang, 'chartLow')}</text>
<rect x="70" y="${px(legendY - 9)}" width="10" height="10" fill="#9ec3e6"/><text x="84" y="${px(legendY)}" font-size="9" fill="#5b6878">${word(lang, 'chartHigh')}</text>
</svg>`;
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
