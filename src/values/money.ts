import { Decimal } from 'decimal.js';
import { Money, ZERO } from './decimal.js';
import { moneyOfFen } from './fen.js';
import { CHINESE_NUMERAL, MAX_MONEY_TEXT, matchesMoneyNotation, sectionValue } from './notation.js';
import { type Parsed, quoted, refuse, type Said } from './said.js';

export { Money, ZERO } from './decimal.js';

const WAN = new Money(10_000);
const YI = new Money(100_000_000);

export type { Parsed } from './said.js';

/** The largest amount a case may state: anything above 1万亿 yuan is a typo in the unit. */
export const ABSURD_MONEY = new Money('1e12');

/** Below this, a bare number for an amount is probably 万 typed without its unit. */
const PLAIN_YUAN_WARNING = new Money(10_000);

/**
 * Parses a money amount as a consultant types it: `3500万`, `1.2亿`, `3,000,000`, `300万元整`,
 * `人民币3500万元`, `RMB 3,000,000`, `¥12.50`, full-width `３５００万`, numerals written out in
 * full (`三千五百万`, `1亿2000万`), or a plain number of yuan. Returns yuan, exact. What could be
 * read two ways (`三千五`, `1亿2000`, `3500 1200`) is refused, and so are fractions of a fen,
 * rather than guessed or rounded: a number is never silently changed. A bare number below
 * 10,000 is taken as yuan, with a warning that says so.
 */
export function parseMoney(input: unknown): Parsed<Money> {
  if (typeof input === 'string') {
    const fast = plainAmount(input);
    if (fast) return { ok: true, value: fast };
  }
  return parseMoneyFully(input);
}

/** 1万亿 yuan (ABSURD_MONEY) in fen. */
const MAX_FEN = 100_000_000_000_000;

/** Fraction digits an amount may have in each unit, down to the fen: 元 2, 万 6, 亿 10. */
const FEN_DECIMALS = [2, 6, 10] as const;
const CODE_0 = 48;
const CODE_DOT = 46;
const CODE_WAN = 0x4e07; // 万
const CODE_YI = 0x4ebf; // 亿
const CODE_YUAN = 0x5143; // 元

/**
 * The usual notations read without regular expressions or decimal arithmetic, for a batch that
 * reads millions of cells: ASCII digits, perhaps decimals, then nothing, 元, 万, 亿, 万元 or 亿元,
 * nothing else (no spaces, commas, prefixes or numerals). The value is the same exact decimal the
 * full reading gives; anything it would refuse or warn about (a bare number below 10,000, fractions
 * of a fen, more than 1万亿) is left to it, so its messages stay the only ones. A property test
 * compares the two on random text.
 */
export function plainAmount(text: string): Money | undefined {
  let n = text.length;
  if (n === 0 || n > MAX_MONEY_TEXT) return undefined;
  let c = text.charCodeAt(n - 1);
  let yuan = false;
  if (c === CODE_YUAN) {
    yuan = true;
    n--;
    c = text.charCodeAt(n - 1);
  }
  const unit = c === CODE_WAN ? 1 : c === CODE_YI ? 2 : 0;
  if (unit) n--;
  let dot = -1;
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i);
    if (d === CODE_DOT && dot < 0 && i > 0) dot = i;
    else if (d < CODE_0 || d > CODE_0 + 9) return undefined;
  }
  if (n === 0 || dot === n - 1) return undefined;
  // Trailing zeros of the decimals are harmless (1.50万); what is left must not go below the fen.
  let end = n;
  if (dot > 0) {
    while (text.charCodeAt(end - 1) === CODE_0) end--;
    if (end === dot + 1) end = dot;
    else if (end - dot - 1 > FEN_DECIMALS[unit]) return undefined;
  }
  // Every digit left is a whole fen (at most 2, 6 or 10 decimals of 元, 万 or 亿): the amount is
  // an integer of fen, exact in a number once the size checks below have passed.
  let significant = 0;
  let digits = 0;
  let point = 0;
  for (let i = 0; i < end; i++) {
    if (i === dot) continue;
    const d = text.charCodeAt(i) - CODE_0;
    if (digits > 0 || d !== 0) {
      significant = significant * 10 + d;
      digits++;
    }
    if (dot < 0 || i < dot) point = digits;
  }
  if (digits === 0) return ZERO;
  // Above 1万亿 is refused, and a bare number below 10,000 is read with a warning: both are the
  // full reading's to say. (Digits before the point, after the unit's shift: at most 13.)
  const shift = unit === 0 ? 0 : unit === 1 ? 4 : 8;
  const before = point + shift;
  if (before > 13 || (!unit && !yuan && before <= 4)) return undefined;
  const decimals = dot > 0 && end > dot ? end - dot - 1 : 0;
  const fen = significant * 10 ** (shift + 2 - decimals);
  return fen > MAX_FEN ? undefined : moneyOfFen(fen);
}

/** The whole grammar, with the reasons for a refusal: what parseMoney falls back on. */
export function parseMoneyFully(input: unknown): Parsed<Money> {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return refuse({ en: 'expected an amount of money, got a non-finite number', zh: '应为金额，但这不是有限的数' });
    input = String(input);
  }
  if (typeof input !== 'string') {
    return refuse({
      en: `expected an amount of money such as 3500万, 1.2亿 or 3,000,000, got ${describe(input)}`,
      zh: `应为金额，如 3500万、1.2亿 或 3,000,000，但填写的是${describeZh(input)}`,
    });
  }
  // 万亿 (1万亿, the documented limit) is 10000亿: read as that, its messages naming what was written.
  const trillions = /^(\d+(?:\.\d+)?)万亿(元整?)?$/.exec(input.normalize('NFKC').trim());
  if (trillions) {
    const as = `${new Money(trillions[1] as string).times(WAN).toFixed()}亿${trillions[2] ?? ''}`;
    const r = parseMoneyFully(as);
    return r.ok ? r : { ...r, message: r.message.split(as).join(input), ...(r.zh ? { zh: r.zh.split(as).join(input) } : {}) };
  }
  if (!matchesMoneyNotation(input)) return refuse(whyNotMoney(input));
  const text = input
    .normalize('NFKC')
    .trim()
    .replace(/^(?:¥|人民币|rmb|cny)\s?/i, '');
  // A bare number: no unit, no currency, no grouping commas (3,500 was clearly written as yuan).
  const plain = !/[元万亿,]/.test(text) && text === input.normalize('NFKC').trim();
  const digits = text.replace(/整$/, '').replace(/元$/, '').replace(/[,\s]/g, '');
  let value = ZERO;
  let rest = digits;
  for (const [mark, size] of [['亿', YI], ['万', WAN]] as const) {
    const at = rest.indexOf(mark);
    if (at < 0) continue;
    value = value.plus(new Money(sectionValue(rest.slice(0, at))).times(size));
    rest = rest.slice(at + 1);
  }
  if (rest !== '') value = value.plus(sectionValue(rest));
  if (value.greaterThan(ABSURD_MONEY)) {
    return refuse({
      en: `"${input}" is more than 1万亿 yuan: check the unit (万 vs 亿 vs 元)`,
      zh: `“${input}”超过 1万亿元：请检查单位（万、亿还是元）`,
    });
  }
  if (plain && value.greaterThan(0) && value.lessThan(PLAIN_YUAN_WARNING)) {
    return {
      ok: true,
      value,
      warning: {
        en: `"${input}" is read as ${input.trim()} yuan: write ${input.trim()}万 if you meant 万, or ${input.trim()}元 to confirm`,
        zh: `“${input}”按 ${input.trim()} 元计算：如果指的是万元，请写 ${input.trim()}万；确为元请写 ${input.trim()}元`,
      },
    };
  }
  return { ok: true, value };
}

/** The most specific reason a text is not an amount, so the message says what to change. */
function whyNotMoney(input: string): Said {
  const text = input.normalize('NFKC').trim();
  const q = quoted(input);
  if (text.length > MAX_MONEY_TEXT) {
    return { en: `${q.en} is too long to be an amount of money`, zh: `${q.zh}太长，不是金额` };
  }
  if (/^(?:¥|人民币|rmb|cny)?\s?[-−]/i.test(text)) {
    return { en: `${q.en} is negative: an amount must be 0 or more`, zh: `${q.zh}是负数：金额须为 0 或以上` };
  }
  const decimals = /(\d)\.(\d+?)0*\s*(万|亿)?(元整?)?$/.exec(text);
  if (decimals && /^[^.]*\.[^.]*$/.test(text)) {
    const allowed = decimals[3] === '亿' ? 10 : decimals[3] === '万' ? 6 : 2;
    if ((decimals[2] ?? '').length > allowed) {
      return {
        en: `${q.en} has fractions of a fen: give at most 2 decimals of yuan`,
        zh: `${q.zh}精确到了分以下：元最多保留 2 位小数`,
      };
    }
  }
  const body = text.replace(/^(?:¥|人民币|rmb|cny)\s?/i, '');
  // A space where none belongs, in what would otherwise be an amount (3500 1200, 1亿 2000万).
  const spaced = /\S\s+(?![万亿元])\S/.test(body);
  if (spaced && (matchesMoneyNotation(body.replace(/\s+/g, '')) || matchesMoneyNotation(body.replace(/\s+/g, ',')))) {
    return {
      en: `${q.en} has a space inside the number: write it without (35001200 or 35,001,200), or with a unit (3500万)`,
      zh: `${q.zh}的数字中间有空格：请去掉空格（35001200 或 35,001,200），或带单位（3500万）`,
    };
  }
  if (/[亿万][^元万亿]+$/.test(text.replace(/元整?$/, '')) && !/元整?$/.test(text)) {
    return {
      en: `${q.en} could be read two ways: give the unit of its last part too (1亿2000万, not 1亿2000; 3万5000元, not 3万5)`,
      zh: `${q.zh}有两种读法：最后一部分也请写明单位（写 1亿2000万，而不是 1亿2000；写 3万5000元，而不是 3万5）`,
    };
  }
  if (CHINESE_NUMERAL.test(text)) {
    return {
      en: `${q.en} is not an amount that can be read exactly: write every unit (三千五百万, not 三千五万 or 三千五) or use digits (3500万)`,
      zh: `${q.zh}无法准确读出金额：请写全每个单位（三千五百万，而不是三千五万或三千五），或用数字（3500万）`,
    };
  }
  return {
    en: `${q.en} is not an amount of money: write yuan (3000000 or 3,000,000) or use 万/亿 (300万, 1.2亿)`,
    zh: `${q.zh}不是金额：请写元（3000000 或 3,000,000），或用万、亿（300万、1.2亿）`,
  };
}

const RATE_RE = /^(\d+(?:\.\d+)?)\s*%$/;

/** Parses a percentage written as `10%` or `4.35%` (or full-width `４．３５％`) into a fraction (0.10, 0.0435). */
export function parseRate(input: unknown): Parsed<Money> {
  if (typeof input !== 'string') {
    return refuse({ en: `expected a percentage such as 4.35%, got ${describe(input)}`, zh: `应为百分比，如 4.35%，但填写的是${describeZh(input)}` });
  }
  const m = RATE_RE.exec(input.normalize('NFKC').trim());
  const q = quoted(input);
  if (!m) return refuse({ en: `${q.en} is not a percentage: write it with a % sign, such as 4.35%`, zh: `${q.zh}不是百分比：请带 % 号，如 4.35%` });
  const value = new Money(m[1] as string).dividedBy(100);
  if (value.greaterThan(1)) return refuse({ en: `${q.en} is more than 100%`, zh: `${q.zh}超过 100%` });
  return { ok: true, value };
}

const NUMBER_RE = /^[+-]?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;

export function parseNumber(input: unknown): Parsed<Money> {
  const text = typeof input === 'number' ? String(input) : typeof input === 'string' ? input.normalize('NFKC').trim() : input;
  if (typeof text !== 'string' || !NUMBER_RE.test(text)) {
    return refuse({ en: `expected a number, got ${describe(input)}`, zh: `应为数字，但填写的是${describeZh(input)}` });
  }
  return { ok: true, value: new Money(text.replace(/,/g, '')) };
}

export { addYears, parseDate, todayIso } from './date-notation.js';

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

export function describeZh(value: unknown): string {
  if (value === null || value === undefined) return '空值';
  if (typeof value === 'string') return `“${value}”`;
  if (Array.isArray(value)) return '列表';
  if (typeof value === 'object') return '键值映射';
  return typeof value === 'boolean' ? `布尔值 ${String(value)}` : String(value);
}
