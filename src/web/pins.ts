import { type CompiledItem, formatRate, type Money, type Policy, parseRate } from '../index.js';
import type { FieldError, WorkState } from './state.js';

// What-if: a rate the text sets as a range by expert review (10%–12%) pinned to one value, for a
// point figure. The page evaluates a copy of the policy whose pinned items carry that one rate
// (under every reading of the text), so the engine computes it as it computes any fixed rate; the
// value must lie within the item's own range. A pin is the page's alone: a project file cannot
// carry it, so a saved file gives the range again.

export const pinPath = (itemId: string) => `pin:${itemId}`;

/** The items whose rate is a range set by review (the ones a pin applies to). */
export function rangedItems(policy: Policy): CompiledItem[] {
  return policy.items.filter((i) => i.award.kind === 'percent' && i.award.rate.form === 'range');
}

const copies = new Map<string, Policy>();
const KEPT = 20;

/** The policy with the state's valid pins applied (the policy itself when there is none), and the pins' errors. */
export function pinnedPolicy(policy: Policy, s: WorkState): { policy: Policy; errors: Map<string, FieldError> } {
  const errors = new Map<string, FieldError>();
  const pins = new Map<string, ReturnType<typeof parseRate> & { ok: true }>();
  for (const [id, text] of Object.entries(s.pins)) {
    const item = rangedItems(policy).find((i) => i.id === id);
    if (item?.award.kind !== 'percent') continue;
    const r = parseRate(text);
    const range = item.award.rate;
    if (!r.ok) errors.set(pinPath(id), { en: r.message, zh: r.zh ?? r.message });
    else if (r.value.lessThan(range.low) || r.value.greaterThan(range.high)) {
      const within = `${formatRate(range)}`;
      errors.set(pinPath(id), { en: `${text} is outside the item's range ${within}`, zh: `${text} 不在本项的比例区间 ${within} 之内` });
    } else pins.set(id, r);
  }
  if (pins.size === 0) return { policy, errors };
  const key = [...pins].map(([id, r]) => `${id}=${r.value.toString()}`).sort().join(';');
  const hit = copies.get(key);
  if (hit) return { policy: hit, errors };
  const withRate = (item: CompiledItem, rate: Money): CompiledItem =>
    item.award.kind === 'percent' ? { ...item, award: { ...item.award, rate: { low: rate, high: rate, form: 'fixed' } } } : item;
  const pin = (item: CompiledItem): CompiledItem => {
    const p = pins.get(item.id);
    if (!p || item.award.kind !== 'percent') return item;
    const pinned = withRate(item, p.value);
    // The defaults' entry of `variants` is the item itself: it becomes the pinned copy (recursing
    // into it would never end); the other readings' items carry no variants of their own.
    if (item.variants) pinned.variants = new Map([...item.variants].map(([k, v]) => [k, v === item ? pinned : withRate(v, p.value)]));
    return pinned;
  };
  const copy: Policy = { ...policy, items: policy.items.map(pin) };
  copies.set(key, copy);
  for (const old of copies.keys()) if (copies.size > KEPT) copies.delete(old);
  return { policy: copy, errors };
}
