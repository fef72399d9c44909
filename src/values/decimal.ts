import { Decimal } from 'decimal.js';

// One Decimal configuration for the whole library: enough precision for any sum of yuan amounts,
// and half-up rounding, which is what Chinese public finance uses when it rounds to the fen.
// (Apart from money.ts so that fen.ts, which money.ts uses, can build decimals too.)
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

export const ZERO = new Money(0);
