import type { CompiledCondition, CompiledExpr, CompiledItem, FactRef, Policy } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { fenOf, type Scaled, scaledOf } from '../values/fen.js';
import type { Money } from '../values/money.js';
import { perItem, perKind } from './caches.js';
import { type QuickCheck, quickCheckOf } from './condition-checks.js';
import { aboutItem, type ItemAbout, otherKindResult } from './item.js';
import type { ItemResult, LineWindow, Status } from './result.js';

// The quick path's plans (quick.ts): each item compiled once into what its lines need in fen, and
// for each kind of applicant the items for it.

/** An amount in fen: its low and high ends. */
export interface FenRange {
  low: number;
  high: number;
}

/** What a line pays in one year (quick form of Instalment). */
export interface QuickInstalment extends FenRange {
  year: number | undefined;
  n: number | undefined;
}

/**
 * A line that applies or cannot be determined (a line that does not apply changes nothing). A
 * line paid once is its own instalment (`year` of its event, `low`–`high` after every cap), so
 * that the usual line needs no other object.
 */
export interface QuickLine extends QuickInstalment {
  status: Status;
  /** The entry of the item's list, or -1 for a line about the applicant. */
  index: number;
  missing: string[];
  assumptions: Text[];
  /** Whether the line pays an amount (`low`–`high`: per year, rounded, after its own caps and the levels). */
  paid: boolean;
  eventDate: string | undefined;
  window: LineWindow | undefined;
  /** What it pays in each year: null for a line paid once (itself), undefined for none. */
  instalments: QuickInstalment[] | null | undefined;
}

export interface QuickItem {
  status: Status;
  /** The list the item's lines are over (their index is an entry of it), if any. */
  list: string | undefined;
  lines: QuickLine[];
  /** For an amount item that applies: the sum of its lines after every cap. */
  amount: FenRange | undefined;
  missing: string[];
  assumptions: Text[];
}

/** How one item's award is computed in fen, compiled once per item. */
type AwardPlan =
  | { kind: 'unquantified' }
  | { kind: 'fixed'; low: number; high: number }
  | { kind: 'fixed_by'; by: FactRef; amounts: Map<string, number> }
  | { kind: 'percent'; basis: CompiledExpr; low: Scaled; high: Scaled; same: boolean };

export interface ItemPlan {
  item: CompiledItem;
  // The item's fields the quick path reads for every line, here on objects of one shape.
  each: string | undefined;
  /** How several levels of one thing combine, or that one level of one thing is paid once. */
  levels: NonNullable<CompiledItem['levels']> | undefined;
  eventFact: FactRef | undefined;
  windowFact: FactRef | undefined;
  years: number;
  assumptions: Text[];
  amount: boolean;
  /** What every result says about the item, read from one object of one shape. */
  about: ItemAbout;
  check: QuickCheck | undefined;
  /**
   * A test of one entry field that the whole condition requires (a leaf of its topmost `all`s,
   * such as recognitions.type = smart-factory): an entry whose stated value fails it does not
   * apply, and is passed over before the condition is evaluated.
   */
  required: Required | undefined;
  award: AwardPlan;
  /** Caps on a single line (per record, or every cap of an item without a list), in fen. */
  lineCaps: number[];
  /** Caps across the lines of an item over a list. */
  applicantCaps: { fen: number; perYear: boolean }[];
  /** The windows of a multi-year item, by start and as-of day (quick.ts windowOf). */
  windows: Map<number, LineWindow>;
}

const planCache = new WeakMap<CompiledItem, ItemPlan | null>();

/** The item's quick plan, or null when its award is not a decimal computation in whole fen. */
function planOf(item: CompiledItem): ItemPlan | null {
  return perItem(planCache, item, () => buildPlan(item));
}

export function wholeFen(m: Money): number {
  const fen = fenOf(m);
  if (fen === undefined) throw new NotQuick();
  return fen;
}

class NotQuick extends Error {}

function buildPlan(item: CompiledItem): ItemPlan | null {
  try {
    const a = item.award;
    let award: AwardPlan;
    if (a.kind === 'unquantified') award = { kind: 'unquantified' };
    else if (a.kind === 'fixed') award = { kind: 'fixed', low: wholeFen(a.amount), high: wholeFen(a.amount) };
    else if (a.kind === 'up_to') award = { kind: 'fixed', low: 0, high: wholeFen(a.amount) };
    else if (a.kind === 'fixed_by') award = { kind: 'fixed_by', by: a.by, amounts: new Map([...a.amounts].map(([k, v]) => [k, wholeFen(v)])) };
    else {
      const low = scaledOf(a.rate.low);
      const high = scaledOf(a.rate.high);
      if (!low || !high) return null;
      award = { kind: 'percent', basis: a.basis, low, high, same: a.rate.high.eq(a.rate.low) };
    }
    return {
      item,
      each: item.each,
      levels: item.levels && (item.levels.combine !== 'each' || item.levels.level) ? item.levels : undefined,
      eventFact: item.event?.fact,
      windowFact: item.window?.fact,
      years: item.years,
      assumptions: item.assumptions,
      amount: a.kind !== 'unquantified',
      about: aboutItem(item),
      check: item.when ? quickCheckOf(item.when) : undefined,
      required: item.when && item.each ? requiredField(item.when, item.each) : undefined,
      award,
      lineCaps: item.caps.filter((cap) => cap.per === 'record' || !item.each).map((cap) => wholeFen(cap.amount)),
      windows: new Map(),
      applicantCaps: item.each ? item.caps.filter((cap) => cap.per !== 'record').map((cap) => ({ fen: wholeFen(cap.amount), perYear: cap.per === 'applicant-year' })) : [],
    };
  } catch (e) {
    if (e instanceof NotQuick) return null;
    throw e;
  }
}

/** A required entry field, with the values it accepts; `seen` holds each entry's value of it for the case at hand. */
interface Required {
  list: string;
  name: string;
  values: Set<unknown>;
  seen: unknown[];
}

// One array per list field, shared by every item that requires it: the entries' values are read
// once per case (quickItems), not once per item.
const seenValues = new Map<string, unknown[]>();

function required(list: string, name: string, values: unknown[]): Required {
  const key = `${list}.${name}`;
  let seen = seenValues.get(key);
  if (!seen) {
    seen = [];
    seenValues.set(key, seen);
  }
  return { list, name, values: new Set(values), seen };
}

function requiredField(c: CompiledCondition, list: string): Required | undefined {
  if (c.type === 'all') {
    for (const child of c.children) {
      const found = requiredField(child, list);
      if (found) return found;
    }
    return undefined;
  }
  if (c.type === 'any') {
    // Alternatives each requiring the same field (type A at level X, or type B at any level):
    // an entry whose value none of them accepts fails them all.
    const each = c.children.map((child) => requiredField(child, list));
    const name = each[0]?.name;
    if (name === undefined || each.some((r) => r?.name !== name)) return undefined;
    return required(list, name, each.flatMap((r) => [...(r as Required).values]));
  }
  if (c.type !== 'leaf' || c.fact.list !== list) return undefined;
  const plain = (v: unknown) => typeof v === 'string' || typeof v === 'boolean';
  if ((c.op === 'eq' || c.op === 'is') && plain(c.value)) return required(list, c.fact.name, [c.value]);
  if (c.op === 'in' && Array.isArray(c.value) && c.value.every(plain)) return required(list, c.fact.name, c.value);
  return undefined;
}

const plansCache = new WeakMap<readonly CompiledItem[], (ItemPlan | null)[] | null>();

// The last items asked for, remembered apart from the WeakMaps: a batch asks for the same ones every row.
let lastPlansOf: readonly CompiledItem[] | undefined;
let lastPlans: (ItemPlan | null)[] | null = null;

/** Plans for every item of the policy as read, or null when any item needs the decimal path. */
export function plansFor(policy: Policy, items: readonly CompiledItem[]): (ItemPlan | null)[] | null {
  if (items === lastPlansOf) return lastPlans;
  const plans = perItem(plansCache, items, () => {
    const all = items.map(planOf);
    return all.some((p) => p === null) || policy.sharedCaps.some((sc) => fenOf(sc.amount) === undefined) ? null : all;
  });
  lastPlansOf = items;
  lastPlans = plans;
  return plans;
}

/** For one kind of applicant: the items for it, and the shared caps over them (positions in `items`). */
export interface KindPlan {
  applicable: number[];
  /** The entry fields the applicable items require, each once. */
  required: Required[];
  /** The results of the items not for this kind (shared, read-only), by position; the others undefined. */
  others: (ItemResult | undefined)[];
  /** How many items are not for this kind. */
  otherCount: number;
  sharedCaps: { fen: number; items: number[] }[];
}

const kindPlans = new WeakMap<readonly CompiledItem[], Map<string, KindPlan>>();

let lastItems: readonly CompiledItem[] | undefined;
let lastKind: string | undefined;
let lastKindPlan: KindPlan | undefined;

export function kindPlanOf(policy: Policy, items: readonly CompiledItem[], plans: readonly (ItemPlan | null)[], kind: string): KindPlan {
  if (items === lastItems && kind === lastKind) return lastKindPlan as KindPlan;
  const plan = perKind(kindPlans, items, kind, (): KindPlan => {
    const applicable = items.flatMap((item, i) => (item.applicants.includes(kind) ? [i] : []));
    const required = new Map<unknown[], Required>();
    for (const i of applicable) {
      const r = plans[i]?.required;
      if (r && !required.has(r.seen)) required.set(r.seen, r);
    }
    return {
      applicable,
      required: [...required.values()],
      others: items.map((item) => (item.applicants.includes(kind) ? undefined : otherKindResult(policy, item, kind))),
      otherCount: items.length - applicable.length,
      sharedCaps: policy.sharedCaps.map((sc) => ({ fen: wholeFen(sc.amount), items: applicable.filter((i) => sc.items.includes((items[i] as CompiledItem).id)) })),
    };
  });
  lastItems = items;
  lastKind = kind;
  lastKindPlan = plan;
  return plan;
}


// Empty lists, shared (read-only) where most lines and items have nothing to list.
export const NONE = Object.freeze([]) as unknown as string[];
export const NO_TEXTS = Object.freeze([]) as unknown as Text[];

export const NOT_APPLYING: QuickItem = Object.freeze({
  status: 'does-not-apply', list: undefined, lines: Object.freeze([]) as unknown as QuickLine[], amount: undefined,
  missing: Object.freeze([]) as unknown as string[], assumptions: Object.freeze([]) as unknown as Text[],
});

