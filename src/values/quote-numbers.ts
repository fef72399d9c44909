import { Money, parseMoney, parseNumber, parseRate } from './money.js';

// The numbers a sentence of a policy states — amounts, rates, counts of years — as values, so that
// a rule can be checked against the words it encodes: 400万元 = 400万 = 4,000,000元, and 10%-12%
// states both 10% and 12%.

export type NumberKind = 'money' | 'rate' | 'years' | 'plain';

export interface StatedNumber {
  kind: NumberKind;
  /** Yuan for money, a fraction for a rate (0.1 for 10%), a count for years or a plain number. */
  value: Money;
  /** As written. */
  text: string;
}

const WAN = new Money(10_000);
const YI = new Money(100_000_000);
const DIGITS = /(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(%|％|万元|亿元|万|亿|元|年)?/g;
const CHINESE_YEARS = /([一二两三四五六七八九十]{1,3})年/g;
const RANGE_BETWEEN = /^\s*[-–—~～至到]\s*$/;
const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 三 → 3, 十 → 10, 十二 → 12, 二十 → 20 (counts of years are small). */
function chineseNumber(s: string): number | undefined {
  if (s === '十') return 10;
  const ten = s.indexOf('十');
  if (ten === -1) return s.length === 1 ? CHINESE_DIGITS[s] : undefined;
  const tens = ten === 0 ? 1 : CHINESE_DIGITS[s.slice(0, ten)];
  const ones = ten === s.length - 1 ? 0 : CHINESE_DIGITS[s.slice(ten + 1)];
  return tens === undefined || ones === undefined ? undefined : tens * 10 + ones;
}

function statedAs(digits: string, unit: string | undefined): StatedNumber | undefined {
  const n = new Money(digits.replace(/,/g, ''));
  switch (unit) {
    case '%':
    case '％':
      return { kind: 'rate', value: n.dividedBy(100), text: `${digits}%` };
    case '万':
    case '万元':
      return { kind: 'money', value: n.times(WAN), text: `${digits}${unit}` };
    case '亿':
    case '亿元':
      return { kind: 'money', value: n.times(YI), text: `${digits}${unit}` };
    case '元':
      return { kind: 'money', value: n, text: `${digits}元` };
    case '年':
      // 2018年 is a date, not a number of years.
      return n.lte(100) ? { kind: 'years', value: n, text: `${digits}年` } : undefined;
    default:
      return { kind: 'plain', value: n, text: digits };
  }
}

/** Every number a text states, with its unit; a range (10%-12%, 10-12万元) gives both ends. */
export function numbersInText(text: string): StatedNumber[] {
  const tokens: { start: number; end: number; digits: string; unit?: string }[] = [];
  for (const m of text.matchAll(DIGITS)) {
    tokens.push({ start: m.index, end: m.index + m[0].length, digits: m[1] as string, unit: m[2] });
  }
  // 10-12万元: the first end takes the unit written after the second.
  for (let i = tokens.length - 2; i >= 0; i--) {
    const a = tokens[i] as (typeof tokens)[number];
    const b = tokens[i + 1] as (typeof tokens)[number];
    if (a.unit === undefined && b.unit !== undefined && RANGE_BETWEEN.test(text.slice(a.end, b.start))) a.unit = b.unit;
  }
  const out: StatedNumber[] = [];
  for (const t of tokens) {
    const n = statedAs(t.digits, t.unit);
    if (n) out.push(n);
  }
  for (const m of text.matchAll(CHINESE_YEARS)) {
    const n = chineseNumber(m[1] as string);
    if (n !== undefined) out.push({ kind: 'years', value: new Money(n), text: m[0] });
  }
  return out;
}

/**
 * A number as a policy file writes it (300万, 4,000,000, 10%, 1年, or a YAML number): for the list
 * of numbers an interpretation note explains. Undefined when it is not one.
 */
export function parseStatedNumber(raw: unknown): StatedNumber | undefined {
  if (typeof raw === 'number') return { kind: 'plain', value: new Money(raw), text: String(raw) };
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  const years = /^(\d+)\s*年$/.exec(text) ?? /^([一二两三四五六七八九十]{1,3})年$/.exec(text);
  if (years) {
    const n = /^\d+$/.test(years[1] as string) ? Number(years[1]) : chineseNumber(years[1] as string);
    return n === undefined ? undefined : { kind: 'years', value: new Money(n), text };
  }
  const rate = parseRate(text);
  if (rate.ok) return { kind: 'rate', value: rate.value, text };
  const money = parseMoney(text);
  if (money.ok && /[万亿元]/.test(text)) return { kind: 'money', value: money.value, text };
  const plain = parseNumber(text);
  if (plain.ok) return { kind: 'plain', value: plain.value, text };
  return money.ok ? { kind: 'money', value: money.value, text } : undefined;
}

/**
 * Whether a number of a rule is stated among `stated`. A rule's plain number (a count) matches a
 * stated number of any kind with the same value; a plain number of the text (〔2017〕3号) matches
 * only a plain one.
 */
export function isStated(n: StatedNumber, stated: readonly StatedNumber[]): boolean {
  return stated.some((s) => s.value.eq(n.value) && (s.kind === n.kind || n.kind === 'plain'));
}

/** A number in words a maintainer checks against the text: 400万, 10%, 3年. */
export function showNumber(n: StatedNumber): string {
  switch (n.kind) {
    case 'money':
      if (n.value.gte(YI) && n.value.mod(YI).isZero()) return `${n.value.dividedBy(YI).toFixed()}亿`;
      return n.value.gte(WAN) ? `${n.value.dividedBy(WAN).toFixed()}万` : `${n.value.toFixed()}元`;
    case 'rate':
      return `${n.value.times(100).toFixed()}%`;
    case 'years':
      return `${n.value.toFixed()}年`;
    default:
      return n.value.toFixed();
  }
}
