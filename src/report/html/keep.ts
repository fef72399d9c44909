import { type Html, html, join } from './template.js';

// An amount is read whole or misread: "50" at a line's end and "万/applicant/yr" on the next is a
// figure 10,000 times too small to a hurried reader. A browser may break a line before any CJK
// character (万, 元) and after a dash, whatever the font, so every amount in running text — with
// its unit, what it is per (/单位/年, /applicant/yr), and the other end of its range — is kept on
// one line by a no-wrap span (class "nb"). Digits alone never break, so they need no span.

const NUMBER = String.raw`[≤≥]?\d[\d,]*(?:\.\d+)?`;
const UNIT = '(?:万元|亿元|万|亿|元|%)';
/** What an amount is per: "/applicant/yr", "/单位/年", "/项". */
const PER = String.raw`(?:\/[A-Za-z\u3400-\u9fff]+)*`;
const ONE = `${NUMBER}${UNIT}?${PER}`;
const AMOUNT = new RegExp(`${ONE}(?:\\s?[–~～]\\s?${ONE})?`, 'gu');
/** Worth a span: a unit, a per-what or a range; a bare count or year breaks nowhere. */
const SPLITTABLE = new RegExp(`${UNIT}|\\/|[–~～]`, 'u');

/** Text with every amount in it kept on one line; the rest escaped as usual. */
export function keepAmounts(text: string): Html {
  const parts: (string | Html)[] = [];
  let last = 0;
  for (const m of text.matchAll(AMOUNT)) {
    const start = m.index ?? 0;
    if (!SPLITTABLE.test(m[0])) continue;
    parts.push(text.slice(last, start), html`<span class="nb">${m[0]}</span>`);
    last = start + m[0].length;
  }
  if (last === 0) return html`${text}`;
  parts.push(text.slice(last));
  return join(parts);
}

/** The amounts of a text, as keepAmounts finds them (for tests that check a PDF keeps them whole). */
export function amountsIn(text: string): string[] {
  return [...text.matchAll(AMOUNT)].map((m) => m[0]).filter((a) => SPLITTABLE.test(a));
}
