// How people write amounts of money: the grammar, as one regular expression. The parser tests a
// typed amount against it and the project file's JSON Schema uses the very same pattern, so an
// editor accepts exactly what `subsidy estimate` accepts. (JSON Schema patterns are ECMA-262
// regular expressions without flags: hence the spelled-out full-width and upper/lower classes.)

const DIG = '[0-9０-９]';
const NZ = '[1-9１-９]';
const ZEROS = '[0０]*';
const COMMA = '[,，]';
const DOT = '[.．]';
/** The one space allowed: before the unit, or between groups of three digits. */
const SP = '[ \\u3000\\u00a0]';

/** 3000000, 3,000,000 or 3 000 000 (never 3,00,000 or 3500 1200). */
const INT = `(?:${DIG}{1,3}(?:${COMMA}${DIG}{3})+|${DIG}{1,3}(?:${SP}${DIG}{3})+|${DIG}+)`;
/** Decimals down to the fen: 2 of yuan, 6 of 万, 10 of 亿 (trailing zeros are harmless). */
const frac = (n: number) => `(?:${DOT}${DIG}{1,${n}}${ZEROS})?`;
const YUAN = '元整?';

// Chinese numerals within one section (1–9999), written out in full: 三千五百, 一千零五, 十五.
// A trailing digit that could stand for a dropped unit (三千五 = 3500 or 3005?) is not accepted.
const D = '[1-9１-９一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖]';
const Z = '[零〇]';
const TEN = '[十拾]';
const TENS_FULL = `${D}${TEN}${D}?`;
const TENS_LEAD = `${D}?${TEN}${D}?`;
const HUNDREDS = `${D}[百佰](?:${TENS_FULL}|${Z}${D})?`;
const THOUSANDS = `${D}[千仟](?:${HUNDREDS}|${Z}(?:${TENS_FULL}|${D}))?`;
const SECTION_UNITS = `(?:${THOUSANDS}|${HUNDREDS}|${TENS_LEAD})`;
const SECTION = `(?:${SECTION_UNITS}|${D})`;

/** A section below a 亿 or 万 one: 1–9999 in digits or numerals, perhaps after 零 (1亿零500万). */
const LOWER = `(?:${Z}?(?:${SECTION}|${NZ}${DIG}{0,3}))`;
/** The same, but not a bare single digit, which after 万 could stand for a dropped unit (3万5). */
const LOWER_WHOLE = `(?:${Z}(?:${SECTION}|${NZ}${DIG}{0,3})|${SECTION_UNITS}|${NZ}${DIG}{1,3})`;
const FIRST = `(?:${SECTION}|${INT})`;

/** 3500, 3,000,000.50, 3500万, 1.2亿元, 45 万, 1234.5元整 */
const ARABIC = `${INT}(?:${frac(2)}(?:${SP}?${YUAN})?|${frac(6)}${SP}?万(?:${YUAN})?|${frac(10)}${SP}?亿(?:${YUAN})?)`;
/** 1亿2000万, 一亿零五百万元, 1亿2000元 (after 亿 with no 万, the last part needs its 元). */
const WITH_YI = `${FIRST}亿(?:${LOWER}万(?:${LOWER_WHOLE}|${LOWER}?${YUAN})?|${LOWER}?${YUAN})?`;
/** 三千万, 3万5000, 一万五千元, 3万5元 */
const WITH_WAN = `${FIRST}万(?:${LOWER_WHOLE}|${LOWER}?${YUAN})?`;
/** 三千, 五百元 */
const NUMERALS = `${SECTION}(?:${YUAN})?`;

const PREFIX = `(?:[¥￥]|人民币|[RrＲｒ][MmＭｍ][BbＢｂ]|[CcＣｃ][NnＮｎ][YyＹｙ])${SP}?`;

/** Every way of writing an amount that the parser accepts (before its size limit). */
export const MONEY_PATTERN = `^\\s*(?:${PREFIX})?(?:${ARABIC}|${WITH_YI}|${WITH_WAN}|${NUMERALS})\\s*$`;

const MONEY_RE = new RegExp(MONEY_PATTERN);

/**
 * The usual ways, 3500万, 6.8亿, 3000000.50: a small part of the grammar above, tried first
 * because the full pattern costs tens of milliseconds to compile, which a run on one project
 * file would pay at its start (a test checks that whatever this accepts, the full one accepts).
 */
export const COMMON_MONEY = /^(?:[0-9]+(?:\.[0-9]{1,2}0*)?|[0-9]+(?:\.[0-9]{1,6}0*)?万|[0-9]+(?:\.[0-9]{1,10}0*)?亿)$/;

/** Longer than any amount anyone types: refused before the pattern is tried. */
export const MAX_MONEY_TEXT = 64;

export function matchesMoneyNotation(text: string): boolean {
  return text.length <= MAX_MONEY_TEXT && (COMMON_MONEY.test(text) || MONEY_RE.test(text));
}

const NUMERAL_VALUES: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 壹: 1, 二: 2, 两: 2, 贰: 2, 貳: 2, 三: 3, 叁: 3, 參: 3, 四: 4, 肆: 4, 五: 5, 伍: 5,
  六: 6, 陆: 6, 陸: 6, 七: 7, 柒: 7, 八: 8, 捌: 8, 九: 9, 玖: 9,
};
const NUMERAL_UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/**
 * The value of one section, already known to be well formed: digits (with decimals) as they are,
 * numerals by their units (三千零五 → 3005).
 */
export function sectionValue(text: string): string {
  const s = text.replace(/^[零〇]+(?=.)/, '');
  if (/^\d+(\.\d+)?$/.test(s)) return s;
  let total = 0;
  let digit = 0;
  for (const ch of s) {
    const unit = NUMERAL_UNITS[ch];
    if (unit !== undefined) {
      total += (digit || 1) * unit;
      digit = 0;
    } else {
      digit = /\d/.test(ch) ? Number(ch) : (NUMERAL_VALUES[ch] ?? 0);
    }
  }
  return String(total + digit);
}

export const CHINESE_NUMERAL = /[零〇一二两三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖十拾百佰千仟]/;
