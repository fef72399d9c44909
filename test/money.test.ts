import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney, formatRange } from '../src/values/format.js';
import { Money, parseDate, parseMoney, parseRate, toFen } from '../src/values/money.js';
import { COMMON_MONEY, MONEY_PATTERN } from '../src/values/notation.js';

const yuan = (input: unknown) => {
  const r = parseMoney(input);
  if (!r.ok) throw new Error(r.message);
  return r.value.toFixed(2);
};
const error = (input: unknown) => {
  const r = parseMoney(input);
  if (r.ok) throw new Error(`expected an error for ${String(input)}`);
  return r.message;
};

describe('parseMoney: the notations a consultant types', () => {
  it.each([
    ['3500万', '35000000.00'],
    ['1.2亿', '120000000.00'],
    ['3,000,000', '3000000.00'],
    ['300万元', '3000000.00'],
    ['2亿元', '200000000.00'],
    ['¥12.50', '12.50'],
    ['￥ 1,234.5', '1234.50'],
    ['123.456789万', '1234567.89'],
    ['0', '0.00'],
    [' 45 万 ', '450000.00'],
    [1500000, '1500000.00'],
    ['1234567.89元', '1234567.89'],
  ])('%s is %s yuan', (input, expected) => {
    expect(yuan(input)).toBe(expected);
  });

  it('keeps every digit of a large amount (no float)', () => {
    expect(yuan('98765432109.87')).toBe('98765432109.87');
  });

  it.each([
    ['-500万', 'is negative'],
    ['三千五万', 'is not an amount that can be read exactly'],
    ['12.345', 'fractions of a fen'],
    ['35000亿', 'more than 1万亿'],
    ['3,00,000', 'is not an amount of money'],
    ['1.2.3万', 'is not an amount of money'],
    ['', 'is not an amount of money'],
  ])('%s is rejected (%s)', (input, message) => {
    expect(error(input)).toContain(message);
  });

  it('rejects a non-string, non-number value', () => {
    expect(error(true)).toContain('expected an amount of money');
  });
});

describe('rounding to the fen, half-up', () => {
  it.each([
    ['0.005', '0.01'],
    ['0.015', '0.02'],
    ['2.675', '2.68'],
    ['2.665', '2.67'],
    ['148148.1468', '148148.15'],
    ['185185.1835', '185185.18'],
    ['0.004999', '0.00'],
  ])('%s → %s', (input, expected) => {
    expect(toFen(new Money(input)).toFixed(2)).toBe(expected);
  });

  it('is exact where floats are not: 0.1 + 0.2 is 0.30', () => {
    expect(new Money('0.1').plus('0.2').toFixed(2)).toBe('0.30');
    expect(toFen(new Money('1.005')).toFixed(2)).toBe('1.01');
  });
});

describe('rates and dates', () => {
  it('parses percentages into fractions', () => {
    const r = parseRate('4.35%');
    expect(r.ok && r.value.toString()).toBe('0.0435');
    expect(parseRate('12').ok).toBe(false);
    expect(parseRate('120%').ok).toBe(false);
  });

  it('accepts real calendar dates only', () => {
    expect(parseDate('2020-02-29').ok).toBe(true);
    expect(parseDate('2019-02-29').ok).toBe(false);
    const slashed = parseDate('2019/05/01');
    expect(slashed.ok && slashed.value).toBe('2019-05-01');
    expect(parseDate('2019-05-1x').ok).toBe(false);
  });
});

describe('money display', () => {
  it('shows 万 with every fen kept, and yuan with two decimals', () => {
    expect(formatMoney(new Money('1234567.89'), 'wan')).toBe('123.456789万');
    expect(formatMoney(new Money('4000000'), 'wan')).toBe('400万');
    expect(formatMoney(new Money('4000000'), 'yuan')).toBe('4,000,000.00');
    expect(formatRange({ low: new Money('3500000'), high: new Money('4000000') }, 'wan')).toBe('350万–400万');
    expect(formatRange({ low: new Money('5'), high: new Money('5') }, 'yuan')).toBe('5.00');
  });
});

describe('the usual money notations, tried before the full grammar', () => {
  const FULL = new RegExp(MONEY_PATTERN);
  it('accepts only what the full grammar accepts', () => {
    const chars = fc.constantFrom('0', '1', '5', '9', '.', '万', '亿', '元', ',', ' ', '-', 'e');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 16 }), (cs) => {
        const text = cs.join('');
        if (COMMON_MONEY.test(text)) expect(FULL.test(text), text).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('covers the amounts of the examples, and reads them as before', () => {
    for (const text of ['6.8亿', '3000万', '12万', '3000000', '3000000.50', '0.000001万', '1.0000000001亿']) {
      expect(COMMON_MONEY.test(text), text).toBe(true);
      expect(FULL.test(text), text).toBe(true);
    }
    expect(parseMoney('6.8亿')).toMatchObject({ ok: true });
    expect((parseMoney('6.8亿') as { value: Money }).value.toFixed()).toBe('680000000');
    expect((parseMoney('12.345678万') as { value: Money }).value.toFixed()).toBe('123456.78');
    for (const text of ['1.234万5', '12.3456789万', '1.005', '3,000', '三千万']) expect(COMMON_MONEY.test(text), text).toBe(false);
  });
});
