import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenOf, moneyOfFen, roundShift, scaledOf, times } from '../src/values/fen.js';
import { Money, toFen } from '../src/values/money.js';

// The quick path's integers against decimal.js itself: a decimal built from fen must be the very
// decimal decimal.js builds (same digits, exponent and sign, so that it prints, compares and
// serialises alike), and reading a decimal back must give its exact digits.

const MAX_FEN = 100_000_000_000_000; // 1万亿 yuan
const fen = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.integer({ min: 0, max: MAX_FEN }),
  // Round amounts (whole yuan, 万, 亿) and their neighbours: trailing zero words.
  fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom(1, 100, 10_000, 1_000_000, 10_000_000, 100_000_000, 10_000_000_000), fc.integer({ min: -1, max: 1 })).map(([a, b, d]) => Math.max(0, Math.min(MAX_FEN, a * b + d))),
);
const asDecimal = (f: number) => new Money(f).dividedBy(100);

describe('fen and decimals', () => {
  it('builds the decimal decimal.js builds, for every magnitude up to 1万亿 yuan', () => {
    fc.assert(
      fc.property(fen, (f) => {
        const quick = moneyOfFen(f);
        const slow = asDecimal(f);
        expect({ d: quick.d, e: quick.e, s: quick.s }).toEqual({ d: slow.d, e: slow.e, s: slow.s });
        expect(quick.toFixed(2)).toBe(slow.toFixed(2));
        expect(quick.eq(slow)).toBe(true);
        expect(quick.plus(1).toFixed()).toBe(slow.plus(1).toFixed());
        expect(quick.constructor).toBe(Money);
      }),
      { numRuns: 3000, seed: 7 },
    );
    for (const f of [0, 1, 9, 10, 99, 100, 101, 999_999_99, 1_000_000_000, 1_000_000_001, MAX_FEN]) {
      expect(moneyOfFen(f).toFixed(2)).toBe(asDecimal(f).toFixed(2));
    }
  });

  it('reads a decimal back as its exact digits and scale', () => {
    fc.assert(
      fc.property(fen, fc.integer({ min: 0, max: 8 }), (f, extra) => {
        // f × 10^-(2 + extra): amounts, rates and fractions of a fen alike.
        const m = new Money(f).dividedBy(10 ** (2 + extra));
        const s = scaledOf(m);
        expect(s).toBeDefined();
        expect(new Money((s as { n: number }).n).dividedBy(new Money(10).pow((s as { scale: number }).scale)).eq(m)).toBe(true);
        expect(fenOf(m)).toBe(m.decimalPlaces() <= 2 ? f / 10 ** extra : undefined);
      }),
      { numRuns: 3000, seed: 8 },
    );
    expect(scaledOf(new Money('0.0435'))).toEqual({ n: 435, scale: 4 });
    expect(scaledOf(new Money('4000000'))).toEqual({ n: 4_000_000, scale: 0 });
    expect(scaledOf(new Money('1e20'))).toBeUndefined();
    expect(scaledOf(new Money(-1))).toBeUndefined();
    expect(fenOf(new Money('0.005'))).toBeUndefined();
  });

  it('rounds basis × rate to the fen half-up, as toFen does, also past 2^53', () => {
    const rate = fc.constantFrom('0.1', '0.12', '0.15', '0.2', '0.3', '0.01', '0.001', '0.0435', '0.5', '0.05');
    fc.assert(
      fc.property(fen, rate, (f, r) => {
        const s = scaledOf(new Money(r)) as { n: number; scale: number };
        const product = times(f, s.n);
        const quick = roundShift(product, s.scale);
        expect(quick).toBe(Number(toFen(asDecimal(f).times(r)).times(100).toFixed()));
      }),
      { numRuns: 4000, seed: 9 },
    );
    // Exactly half a fen rounds up: 0.05 yuan × 0.1 = 0.005; 3333333.35 × 0.15 = 500000.0025 (down).
    expect(roundShift(times(5, 1), 1)).toBe(1);
    expect(roundShift(times(333_333_335, 15), 2)).toBe(50_000_000);
    expect(roundShift(2n ** 60n + 5n, 1)).toBe(Number((2n ** 60n + 5n) / 10n + 1n));
  });
});
