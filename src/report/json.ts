import { Money } from '../values/money.js';

/**
 * JSON with every amount as a decimal string (yuan with two decimals for money; rates as
 * fractions such as "0.12"), never a float, so that no consumer rounds money by accident.
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_key, v) => (Money.isDecimal(v) ? decimalString(v as Money) : v instanceof Map ? Object.fromEntries(v) : v), 2)}\n`;
}

function decimalString(v: Money): string {
  // Money amounts are at most fen-precise; rates have more places. Keep two places for whole fen.
  return v.decimalPlaces() <= 2 ? v.toFixed(2) : v.toFixed();
}
