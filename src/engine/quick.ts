import type { Case, CaseRecord, FactValue } from '../case/model.js';
import type { CompiledCondition, CompiledExpr, CompiledItem, FactRef, Policy } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { compareDates, yearOf } from '../values/dates.js';
import { fenOf, roundShift, type Scaled, scaledOf, times } from '../values/fen.js';
import { Money } from '../values/money.js';
import { type QuickCheck, type Scope, casePath, factValue, quickCheckOf } from './conditions.js';
import { windowFrom } from './periods.js';
import { describeAward } from './award.js';
import { otherKindResult } from './item.js';
import type { ItemResult, LineWindow, Status } from './result.js';

// The quick path: what `evaluate` without a trace computes first — each line's status, its amount
// in whole fen, its missing facts and assumptions, through the same steps as the decimal path
// (conditions, award, per-record caps and rounding, levels, instalments, per-applicant and shared
// caps), with amounts as integers. Half-up rounding of basis × rate is exact integer arithmetic
// (BigInt past 2^53). A policy using what this path does not do (a day-count accrual, whose
// days/360 is not a decimal fraction) is evaluated by the decimal path alone. The two paths are
// compared on random cases by test/engine-lean.test.ts and test/quick.test.ts.

/** An amount in fen: low and high ends. */
export interface FenRange {
  low: number;
  high: number;
}

/** What a line pays in one year (quick form of Instalment). */
export interface QuickInstalment extends FenRange {
  year: number | undefined;
  n: number | undefined;
}

/** A line that applies or cannot be determined (a line that does not apply changes nothing). */
export interface QuickLine {
  status: Status;
  /** The entry of the item's list, or -1 for a line about the applicant. */
  index: number;
  missing: string[];
  assumptions: Text[];
  /** Rounded, after the line's own caps (and the levels). */
  perYear: FenRange | undefined;
  eventDate: string | undefined;
  eventYear: number | undefined;
  window: LineWindow | undefined;
  instalments: QuickInstalment[] | undefined;
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
  /** The award as results describe it. */
  description: ItemResult['award'];
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
}

const planCache = new WeakMap<CompiledItem, ItemPlan | null>();

/** The item's quick plan, or null when its award is not a decimal computation in whole fen. */
function planOf(item: CompiledItem): ItemPlan | null {
  let plan = planCache.get(item);
  if (plan === undefined) {
    plan = buildPlan(item);
    planCache.set(item, plan);
  }
  return plan;
}

function wholeFen(m: Money): number {
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
      if (!decimalBasis(a.basis)) return null;
      const low = scaledOf(a.rate.low);
      const high = scaledOf(a.rate.high);
      if (!low || !high) return null;
      award = { kind: 'percent', basis: a.basis, low, high, same: a.rate.high.eq(a.rate.low) };
    }
    return {
      item,
      description: describeAward(item),
      check: item.when ? quickCheckOf(item.when) : undefined,
      required: item.when && item.each ? requiredField(item.when, item.each) : undefined,
      award,
      lineCaps: item.caps.filter((cap) => cap.per === 'record' || !item.each).map((cap) => wholeFen(cap.amount)),
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
  if (c.type !== 'leaf' || c.fact.list !== list) return undefined;
  const plain = (v: unknown) => typeof v === 'string' || typeof v === 'boolean';
  if ((c.op === 'eq' || c.op === 'is') && plain(c.value)) return required(list, c.fact.name, [c.value]);
  if (c.op === 'in' && Array.isArray(c.value) && c.value.every(plain)) return required(list, c.fact.name, c.value);
  return undefined;
}

/** A basis of facts and parameters only: a product of decimals. A day count (days/360) is not. */
function decimalBasis(e: CompiledExpr): boolean {
  if (e.type === 'product') return e.factors.every(decimalBasis);
  return e.type !== 'accrual';
}

const plansCache = new WeakMap<readonly CompiledItem[], (ItemPlan | null)[] | null>();

/** Plans for every item of the policy as read, or null when any item needs the decimal path. */
let lastPlansOf: readonly CompiledItem[] | undefined;
let lastPlans: (ItemPlan | null)[] | null = null;

export function plansFor(policy: Policy, items: readonly CompiledItem[]): (ItemPlan | null)[] | null {
  if (items === lastPlansOf) return lastPlans;
  let plans = plansCache.get(items);
  if (plans === undefined) {
    const all = items.map(planOf);
    plans = all.some((p) => p === null) || policy.sharedCaps.some((sc) => fenOf(sc.amount) === undefined) ? null : all;
    plansCache.set(items, plans);
  }
  lastPlansOf = items;
  lastPlans = plans;
  return plans;
}

/** A value of the case the quick path cannot take exactly (a fraction of a fen in a product too long for a number). */
class NeedsDecimals extends Error {}

/**
 * The items for one case, quick form (undefined for an item not for this kind of applicant), or
 * undefined when the case needs the decimal path (a value too long for an exact number).
 */
export function quickItems(policy: Policy, items: readonly CompiledItem[], plans: readonly (ItemPlan | null)[], forKind: KindPlan, c: Case, scope: Scope): (QuickItem | undefined)[] | undefined {
  for (const r of forKind.required) {
    const entries = c.lists[r.list];
    if (!entries) continue;
    // Positions past this case's entries keep older values: they are never read.
    const seen = r.seen;
    for (let i = 0; i < entries.length; i++) seen[i] = (entries[i] as CaseRecord)[r.name];
  }
  const out: (QuickItem | undefined)[] = new Array(items.length).fill(undefined);
  try {
    for (const i of forKind.applicable) out[i] = itemLines(plans[i] as ItemPlan, c, scope);
  } catch (e) {
    if (e instanceof NeedsDecimals) return undefined;
    throw e;
  }
  for (const sc of forKind.sharedCaps) {
    let lines: QuickLine[] | undefined;
    for (const i of sc.items) {
      for (const l of (out[i] as QuickItem).lines) {
        if (l.status !== 'applies' || !l.instalments) continue;
        lines ??= [];
        lines.push(l);
      }
    }
    if (!lines) continue;
    const shares = sharesOf(lines);
    for (const group of byYear(shares)) allocate(group, sc.fen);
  }
  for (const i of forKind.applicable) finish(out[i] as QuickItem, items[i] as CompiledItem);
  return out;
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

// The last items asked for, remembered apart from the WeakMap: a batch asks for the same ones every row.
let lastItems: readonly CompiledItem[] | undefined;
let lastByKind: Map<string, KindPlan> | undefined;

export function kindPlanOf(policy: Policy, items: readonly CompiledItem[], plans: readonly (ItemPlan | null)[], kind: string): KindPlan {
  if (items === lastItems) {
    const hit = lastByKind?.get(kind);
    if (hit) return hit;
  }
  let byKind = kindPlans.get(items);
  if (!byKind) {
    byKind = new Map();
    kindPlans.set(items, byKind);
  }
  let plan = byKind.get(kind);
  if (!plan) {
    const applicable = items.flatMap((item, i) => (item.applicants.includes(kind) ? [i] : []));
    const required = new Map<unknown[], Required>();
    for (const i of applicable) {
      const r = plans[i]?.required;
      if (r && !required.has(r.seen)) required.set(r.seen, r);
    }
    plan = {
      applicable,
      required: [...required.values()],
      others: items.map((item) => (item.applicants.includes(kind) ? undefined : otherKindResult(policy, item, kind))),
      otherCount: items.length - applicable.length,
      sharedCaps: policy.sharedCaps.map((sc) => ({ fen: wholeFen(sc.amount), items: applicable.filter((i) => sc.items.includes((items[i] as CompiledItem).id)) })),
    };
    byKind.set(kind, plan);
  }
  lastItems = items;
  lastByKind = byKind;
  return plan;
}

const MISSING: string[] = [];
const RELIED: Text[] = [];

function itemLines(plan: ItemPlan, c: Case, scope: Scope): QuickItem {
  const item = plan.item;
  let lines: QuickLine[] | undefined;
  if (!item.each) {
    scope.record = undefined;
    scope.recordPath = undefined;
    const line = evaluateLine(plan, scope, -1);
    if (line) lines = [line];
  } else {
    const entries = c.lists[item.each];
    if (!entries || entries.length === 0) {
      // No entries stated: the item does not apply. Not stated at all: it cannot be determined,
      // unless the applicant's own facts rule it out (every entry field unknown, three-valued).
      if (entries) return NOT_APPLYING;
      MISSING.length = 0;
      RELIED.length = 0;
      scope.record = EMPTY_RECORD;
      scope.recordPath = item.each;
      const outcome = plan.check ? plan.check(scope, MISSING, RELIED) : 'pass';
      if (outcome !== 'fail') {
        const prefix = `${item.each}.`;
        const missing = [item.each];
        for (const m of MISSING) if (!m.startsWith(prefix)) missing.push(m);
        lines = [newLine('cannot-determine', -1, missing, [])];
      }
    } else {
      const required = plan.required;
      for (let index = 0; index < entries.length; index++) {
        const entry = entries[index] as CaseRecord;
        if (required) {
          const v = required.seen[index];
          if (v !== undefined && !required.values.has(v)) continue;
        }
        scope.record = entry;
        scope.recordPath = entryPath(item.each, index);
        const line = evaluateLine(plan, scope, index);
        if (line) {
          lines ??= [];
          lines.push(line);
        }
      }
      if (lines && item.levels && item.levels.combine !== 'each') combineLevels(item, lines, entries);
    }
  }
  // No line that applies or is undetermined: the item does not apply (the same for every such case).
  if (!lines) return NOT_APPLYING;
  for (const line of lines) setInstalments(item, line);
  if (plan.applicantCaps.length) {
    for (const cap of plan.applicantCaps) {
      const shares = sharesOf(lines);
      if (cap.perYear) for (const group of byYear(shares)) allocate(group, cap.fen);
      else allocate(shares, cap.fen);
    }
  }
  return { status: 'does-not-apply', list: item.each, lines, amount: undefined, missing: NONE, assumptions: NO_TEXTS };
}

// Empty lists, shared (read-only) where most lines and items have nothing to list.
const NONE = Object.freeze([]) as unknown as string[];
const NO_TEXTS = Object.freeze([]) as unknown as Text[];

const NOT_APPLYING: QuickItem = Object.freeze({
  status: 'does-not-apply', list: undefined, lines: Object.freeze([]) as unknown as QuickLine[], amount: undefined,
  missing: Object.freeze([]) as unknown as string[], assumptions: Object.freeze([]) as unknown as Text[],
});

// An entry's case path (projects[2]), built once per list and position: every line of a batch needs one.
const entryPaths = new Map<string, string[]>();

function entryPath(list: string, index: number): string {
  let paths = entryPaths.get(list);
  if (!paths) {
    paths = [];
    entryPaths.set(list, paths);
  }
  if (index >= 1000) return `${list}[${index}]`;
  let path = paths[index];
  if (path === undefined) {
    path = `${list}[${index}]`;
    paths[index] = path;
  }
  return path;
}

const EMPTY_RECORD: CaseRecord = Object.freeze({}) as CaseRecord;

function newLine(status: Status, index: number, missing: string[], assumptions: Text[]): QuickLine {
  return { status, index, missing, assumptions, perYear: undefined, eventDate: undefined, eventYear: undefined, window: undefined, instalments: undefined };
}

/** One line, or undefined when it does not apply. */
function evaluateLine(plan: ItemPlan, scope: Scope, index: number): QuickLine | undefined {
  const item = plan.item;
  if (MISSING.length) MISSING.length = 0;
  if (RELIED.length) RELIED.length = 0;
  const outcome = plan.check ? plan.check(scope, MISSING, RELIED) : 'pass';
  if (outcome === 'fail') return undefined;
  if (outcome === 'missing') return newLine('cannot-determine', index, MISSING.slice(), []);
  const line = newLine('applies', index, NONE, RELIED.length ? RELIED.slice() : NO_TEXTS);
  if (item.event) {
    const date = factValue(item.event.fact, scope) as string;
    line.eventDate = date;
    line.eventYear = yearOf(date);
  }
  if (item.window) line.window = windowOf(item, factValue(item.window.fact, scope) as string, scope.asOf);
  const award = plan.award;
  if (award.kind === 'unquantified') return line;
  let low: number;
  let high: number;
  if (award.kind === 'fixed') {
    low = award.low;
    high = award.high;
  } else if (award.kind === 'fixed_by') {
    const v = factValue(award.by, scope);
    if (v === undefined) {
      line.status = 'cannot-determine';
      line.missing = [casePath(award.by, scope)];
      return line;
    }
    const amount = typeof v === 'string' ? award.amounts.get(v) : undefined;
    // The text names no amount for this value (e.g. a city-level smart factory).
    if (amount === undefined) return undefined;
    low = amount;
    high = amount;
  } else {
    const basis = basisOf(award.basis, scope);
    if (!basis) {
      line.status = 'cannot-determine';
      line.missing = MISSING.slice();
      return line;
    }
    low = rated(basis, award.low);
    high = award.same ? low : rated(basis, award.high);
  }
  // Rounding after a cap in whole fen is the cap of the rounded amount: round(min(x, c)) = min(round(x), c).
  for (const cap of plan.lineCaps) {
    if (low > cap) low = cap;
    if (high > cap) high = cap;
  }
  line.perYear = { low, high };
  return line;
}

/** basis × rate in fen, half-up: the basis is n × 10^-scale yuan. */
function rated(basis: { n: number | bigint; scale: number }, rate: Scaled): number {
  const product = times(basis.n, rate.n);
  // yuan × 10^(scale + rate.scale) → fen: shift by (scale + rate.scale − 2).
  const k = basis.scale + rate.scale - 2;
  if (k >= 0) return roundShift(product, k);
  const fen = typeof product === 'number' ? product * 10 ** -k : Number(product * 10n ** BigInt(-k));
  if (!Number.isSafeInteger(fen)) throw new NeedsDecimals();
  return fen;
}

/** The basis as an exact product (n × 10^-scale), or undefined with its missing facts added to MISSING. */
function basisOf(e: CompiledExpr, scope: Scope): { n: number | bigint; scale: number } | undefined {
  if (e.type === 'product') {
    let n: number | bigint = 1;
    let scale = 0;
    let ok = true;
    for (const f of e.factors) {
      const v = basisOf(f, scope);
      if (!v || !ok) {
        ok = false;
        continue;
      }
      n = typeof n === 'number' && typeof v.n === 'number' && Number.isSafeInteger(n * v.n) ? n * v.n : BigInt(n) * BigInt(v.n);
      scale += v.scale;
    }
    return ok ? { n, scale } : undefined;
  }
  let value: FactValue | undefined;
  if (e.type === 'fact') {
    value = factValue(e.fact, scope);
    if (value === undefined) {
      MISSING.push(casePath(e.fact, scope));
      return undefined;
    }
  } else if (e.type === 'param') value = paramValue(e, scope);
  else throw new NeedsDecimals();
  if (value === undefined) return undefined;
  const s = scaledOf(value as Money);
  if (!s) throw new NeedsDecimals();
  return s;
}

/** A dated parameter: the case's override, else the schedule's value on the date (as award.ts reads it). */
function paramValue(e: Extract<CompiledExpr, { type: 'param' }>, scope: Scope): Money | undefined {
  const param = scope.policy.parameters.get(e.param);
  if (!param) return undefined;
  let key: string | undefined;
  if (e.key) {
    const k = factValue(e.key, scope);
    if (k === undefined) {
      MISSING.push(casePath(e.key, scope));
      return undefined;
    }
    key = String(k);
  }
  const override = scope.parameters[e.param];
  if (override !== undefined) {
    const v = Money.isDecimal(override) ? (override as Money) : key ? (override as Record<string, Money>)[key] : undefined;
    if (v) return v;
  }
  const atValue = e.at ? factValue(e.at, scope) : undefined;
  const date = typeof atValue === 'string' ? atValue : scope.asOf;
  let entry: (typeof param.schedule)[number] | undefined;
  for (const s of param.schedule) if (compareDates(s.from, date) <= 0) entry = s;
  const value = entry ? (key ? entry.values?.get(key) : entry.value) : undefined;
  if (!value) MISSING.push(key ? `${e.param}.${key}` : e.param);
  return value;
}

// A window depends only on its start date and the as-of date: remembered for the dates a batch repeats.
const windowCache = new WeakMap<CompiledItem, Map<string, LineWindow>>();

function windowOf(item: CompiledItem, start: string, asOf: string): LineWindow {
  let byDate = windowCache.get(item);
  if (!byDate) {
    byDate = new Map();
    windowCache.set(item, byDate);
  }
  const key = `${start}|${asOf}`;
  let w = byDate.get(key);
  if (!w) {
    w = windowFrom(item.window as NonNullable<CompiledItem['window']>, start, '', asOf);
    if (byDate.size >= 4096) byDate.clear();
    byDate.set(key, w);
  }
  return w;
}

/** As levels.ts: several levels of one thing pay each, the highest only, or the difference. */
function combineLevels(item: CompiledItem, lines: QuickLine[], entries: readonly CaseRecord[]) {
  const levels = item.levels as NonNullable<CompiledItem['levels']>;
  const groups = new Map<string, QuickLine[]>();
  for (const line of lines) {
    if (line.status !== 'applies' || !line.perYear) continue;
    const named = levels.sameThing && line.index >= 0 ? entries[line.index]?.[levels.sameThing.name] : undefined;
    const key = typeof named === 'string' ? named : named === undefined ? '' : String(named);
    const g = groups.get(key) ?? [];
    g.push(line);
    groups.set(key, g);
  }
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    if (key === '') for (const line of group) line.assumptions = [...line.assumptions, SAME_THING];
    const ordered = [...group].sort((a, b) => compareDates(a.eventDate ?? '1900-01-01', b.eventDate ?? '1900-01-01') || a.index - b.index);
    if (levels.combine === 'highest') {
      const kept = ordered.reduce((best, l) => ((l.perYear as FenRange).high > (best.perYear as FenRange).high ? l : best));
      for (const line of ordered) if (line !== kept) line.perYear = { low: 0, high: 0 };
    } else {
      let paidLow = 0;
      let paidHigh = 0;
      for (const line of ordered) {
        const own = line.perYear as FenRange;
        line.perYear = { low: Math.max(0, own.low - paidLow), high: Math.max(0, own.high - paidHigh) };
        paidLow = Math.max(paidLow, own.low);
        paidHigh = Math.max(paidHigh, own.high);
      }
    }
  }
}

export const SAME_THING: Text = {
  zh: '未填写认定对象名称的各项认定视为同一对象',
  en: 'Recognitions that do not name what was recognised are taken to be of the same thing',
};

/** As item.ts setInstalments: once in the event's year, or each counted year of a window. */
function setInstalments(item: CompiledItem, line: QuickLine) {
  if (line.status !== 'applies' || !line.perYear) return;
  const { low, high } = line.perYear;
  if (line.window) {
    const out: QuickInstalment[] = [];
    for (const y of line.window.years) if (y.counts) out.push({ year: yearOf(y.from), n: y.n, low, high });
    line.instalments = out;
  } else if (item.years > 1) {
    line.instalments = Array.from({ length: item.years }, (_, i) => ({ year: undefined, n: i + 1, low, high }));
  } else line.instalments = [{ year: line.eventYear, n: undefined, low, high }];
}

function sharesOf(lines: QuickLine[]): QuickInstalment[] {
  const out: QuickInstalment[] = [];
  for (const line of lines) {
    if (line.status !== 'applies' || !line.instalments) continue;
    for (const i of line.instalments) out.push(i);
  }
  return out;
}

/** As caps.ts byYear: by calendar year, in year order (no year first). */
function byYear(shares: QuickInstalment[]): QuickInstalment[][] {
  if (shares.length <= 1) return shares.length === 0 ? [] : [shares];
  const first = (shares[0] as QuickInstalment).year;
  if (shares.every((s) => s.year === first)) return [shares];
  const groups = new Map<number | undefined, QuickInstalment[]>();
  for (const s of shares) {
    const g = groups.get(s.year) ?? [];
    g.push(s);
    groups.set(s.year, g);
  }
  return [...groups].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)).map((g) => g[1]);
}

/** As caps.ts allocate: the sum lowered to the cap, the last shares first. */
function allocate(shares: QuickInstalment[], cap: number) {
  let sumHigh = 0;
  for (const s of shares) sumHigh += s.high;
  if (sumHigh <= cap) return;
  let leftLow = cap;
  let leftHigh = cap;
  for (const s of shares) {
    if (s.low > leftLow) s.low = leftLow;
    if (s.high > leftHigh) s.high = leftHigh;
    leftLow -= s.low;
    leftHigh -= s.high;
  }
}

/** As item.ts finishItem: the item's status, missing facts, assumptions and amount from its lines. */
function finish(q: QuickItem, item: CompiledItem) {
  if (q === NOT_APPLYING) return;
  let applies = false;
  let undetermined = false;
  for (const line of q.lines) {
    if (line.status === 'applies') applies = true;
    else undetermined = true;
  }
  q.status = applies ? 'applies' : undetermined ? 'cannot-determine' : 'does-not-apply';
  let low = 0;
  let high = 0;
  let assumptions: Text[] | undefined;
  for (const line of q.lines) {
    if (q.status === 'cannot-determine') {
      if (q.missing === NONE) q.missing = [];
      for (const m of line.missing) if (!q.missing.includes(m)) q.missing.push(m);
    }
    if (line.status !== 'applies') continue;
    for (const a of line.assumptions) {
      assumptions ??= [];
      if (!assumptions.some((x) => x.zh === a.zh)) assumptions.push(a);
    }
    if (line.instalments) for (const i of line.instalments) {
      low += i.low;
      high += i.high;
    }
  }
  if (q.status === 'applies') {
    q.assumptions = assumptions ? [...item.assumptions, ...assumptions] : item.assumptions.length ? [...item.assumptions] : [];
    if (item.award.kind !== 'unquantified') q.amount = { low, high };
  }
}
