import { Money } from './decimal.js';

// Exact amounts as integers, for the engine's quick path. Every amount of a case is at most
// 1万亿 yuan (1e14 fen), inside the integers a JS number holds exactly (2^53 ≈ 9e15): sums and
// comparisons of fen are exact. A product with a rate can exceed 2^53: it is then done in BigInt.
// Decimal values are read through decimal.js's documented read-only representation (d: digits in
// base 1e7, e: the exponent of the first digit, s: the sign); test/fen.test.ts checks both
// directions against decimal.js itself over every magnitude.

/** A decimal as an integer and a power of ten: value = n × 10^-scale (scale ≥ 0, n a safe integer). */
export interface Scaled {
  n: number;
  scale: number;
}

const BASE = 1e7;

/** The number of decimal digits of a word (0 < w < 1e7). */
function digitCount(w: number): number {
  return w < 1e3 ? (w < 10 ? 1 : w < 100 ? 2 : 3) : w < 1e5 ? (w < 1e4 ? 4 : 5) : w < 1e6 ? 6 : 7;
}

/** The digits of a non-negative decimal as an integer with its scale, or undefined when too long for a safe integer. */
export function scaledOf(m: Money): Scaled | undefined {
  const d = m.d;
  if (m.s < 0 || !d) return undefined;
  if (d.length === 1) {
    // One word (up to 7 digits): the usual amount of yuan, or a rate.
    const w = d[0] as number;
    if (w === 0) return { n: 0, scale: 0 };
    const p = m.e - digitCount(w) + 1;
    if (p >= 0) {
      const n = w * 10 ** p;
      return Number.isSafeInteger(n) ? { n, scale: 0 } : undefined;
    }
    let n = w;
    let q = p;
    while (q < 0 && n % 10 === 0) {
      n /= 10;
      q++;
    }
    return { n, scale: q === 0 ? 0 : -q };
  }
  if (d.length > 3) return undefined;
  // The digits as one integer, without the last word's trailing zeros (which only pad it to 7).
  const lastAt = d.length - 1;
  let last = d[lastAt] as number;
  let zeros = 0;
  while (last % 10 === 0) {
    last /= 10;
    zeros++;
  }
  let n = 0;
  for (let i = 0; i < lastAt; i++) n = n * BASE + (d[i] as number);
  n = lastAt === 0 ? last : n * 10 ** (7 - zeros) + last;
  if (!Number.isSafeInteger(n)) return undefined;
  const digits = 7 * lastAt + digitCount(d[0] as number) - zeros;
  // value = n × 10^(e - digits + 1)
  let p = m.e - digits + 1;
  if (p >= 0) {
    n *= 10 ** p;
    p = 0;
  }
  return Number.isSafeInteger(n) ? { n, scale: p === 0 ? 0 : -p } : undefined;
}

const POW10 = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];

/**
 * A non-negative amount in whole fen as an exact integer, read from the decimal's words (the first
 * holding e mod 7 + 1 digits); undefined when it has a fraction of a fen, is negative or is too
 * large to be exact as a number. No object is made: a batch reads millions.
 */
export function fenOf(m: Money): number | undefined {
  const words = m.d;
  if (m.s < 0 || !words) return undefined;
  // The place of the first word's last digit, in fen (10^2 of them to the yuan).
  let place = m.e - (((m.e % 7) + 7) % 7) + 2;
  let fen = 0;
  for (let i = 0; i < words.length; i++, place -= 7) {
    const w = words[i] as number;
    if (w === 0) continue;
    if (place >= 0) {
      if (place > 15) return undefined;
      fen += w * 10 ** place;
    } else {
      if (place < -9) return undefined;
      const unit = POW10[-place] as number;
      if (w % unit !== 0) return undefined;
      fen += w / unit;
    }
    if (fen > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return fen;
}

/** A whole number of fen (≥ 0) as yuan with exactly two decimals, as moneyString writes it. */
export function fenText(fen: number): string {
  const cents = fen % 100;
  return `${(fen - cents) / 100}.${cents < 10 ? '0' : ''}${cents}`;
}

/**
 * Builds a decimal the way decimal.js's constructor leaves one (its own constructor, then sign,
 * exponent and digits), sharing decimal.js's prototype: `new` on a plain function is several
 * times cheaper than Object.create.
 */
function FenDecimal(this: { constructor: unknown; s: number; e: number; d: number[] }, e: number, d: number[]) {
  this.constructor = Money;
  this.s = 1;
  this.e = e;
  this.d = d;
}
FenDecimal.prototype = Object.getPrototypeOf(new Money(1)) as object;
const FenMoney = FenDecimal as unknown as new (e: number, d: number[]) => Money;

/**
 * The decimal of a whole number of fen (≥ 0), as decimal.js itself would hold it: built from its
 * words directly, since parsing a string costs about 0.5 µs and a batch builds millions.
 */
export function moneyOfFen(fen: number): Money {
  if (fen === 0) return new FenMoney(0, [0]);
  // fen / 100 in base 1e7 words aligned on the decimal point: the whole part's words, then one
  // word for the two decimals (ff00000); trailing zero words are left out.
  const frac = fen % 100;
  const whole = (fen - frac) / 100;
  const cents = frac * 100_000;
  if (whole === 0) return new FenMoney(frac >= 10 ? -1 : -2, [cents]);
  if (whole < BASE) return new FenMoney(digitCount(whole) - 1, frac === 0 ? [whole] : [whole, cents]);
  if (whole < BASE * BASE) {
    const low = whole % BASE;
    const high = (whole - low) / BASE;
    return new FenMoney(digitCount(high) + 6, frac !== 0 ? [high, low, cents] : low !== 0 ? [high, low] : [high]);
  }
  const words: number[] = [];
  let rest = whole;
  let wholeWords = 0;
  if (frac !== 0) words.push(cents);
  while (rest > 0) {
    const w = rest % BASE;
    rest = (rest - w) / BASE;
    if (w !== 0 || words.length > 0) words.push(w);
    wholeWords++;
  }
  words.reverse();
  return new FenMoney(digitCount(words[0] as number) - 1 + 7 * (wholeWords - 1), words);
}

const TEN_POW = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * n × 10^-k rounded to an integer, half-up (n ≥ 0, k ≥ 0): exact in numbers while n is a safe
 * integer, else in BigInt.
 */
export function roundShift(n: number | bigint, k: number): number {
  if (typeof n === 'number' && Number.isSafeInteger(n) && k < TEN_POW.length) {
    if (k === 0) return n;
    const div = TEN_POW[k] as number;
    const r = n % div;
    const q = (n - r) / div;
    return 2 * r >= div ? q + 1 : q;
  }
  const big = BigInt(n);
  const div = 10n ** BigInt(k);
  const q = big / div;
  const r = big - q * div;
  return Number(2n * r >= div ? q + 1n : q);
}

/** a × b exactly: a number when the product is a safe integer, else a BigInt. */
export function times(a: number | bigint, b: number): number | bigint {
  if (typeof a === 'number') {
    const p = a * b;
    if (Number.isSafeInteger(p)) return p;
  }
  return BigInt(a) * BigInt(b);
}
