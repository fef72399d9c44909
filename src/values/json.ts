import { Money } from './money.js';

/**
 * JSON with every amount as a decimal string (yuan with two decimals; rates as fractions such
 * as "0.0475"), never a float, so that no consumer rounds money by accident.
 */
export function toJson(value: unknown): string {
  return `${JSON.stringify(toPlain(value), null, 2)}\n`;
}

/** Decimals become strings and Maps objects (JSON.stringify would call Decimal's own toJSON first). */
export function toPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Money.isDecimal(value)) return decimalString(value as Money);
  if (Array.isArray(value)) return value.map(toPlain);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [k, toPlain(v)]));
  if (value instanceof Set) return [...value].map(toPlain);
  // An object that builds some of its properties when read says what they are (the engine's quick results).
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return toPlain((value as { toJSON(): unknown }).toJSON());
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toPlain(v);
  return out;
}

function decimalString(v: Money): string {
  return v.decimalPlaces() <= 2 ? v.toFixed(2) : v.toFixed();
}
