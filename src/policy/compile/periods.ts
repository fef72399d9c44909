import type { CompiledItem } from '../model.js';
import type { Item } from '../schema.js';

// Periods: a one-off award pays once; a yearly award pays its per-year amount for each of its
// years (the engine multiplies after every cap, engine/periods.ts).

export function compilePeriod(item: Item): Pick<CompiledItem, 'years' | 'periodLabel'> {
  return { years: item.period?.years ?? 1, periodLabel: item.period?.label };
}
