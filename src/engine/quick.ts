import type { Case, CaseRecord } from '../case/model.js';
import type { CompiledExpr, CompiledItem, CompiledParameter, FactRef } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { compareDates, dayNumber, daysBetween, startOfNextYear, yearOf } from '../values/dates.js';
import { roundShift, type Scaled, scaledOf, times } from '../values/fen.js';
import type { Money } from '../values/money.js';
import { parameterDay, parameterKey, parameterOverride, scheduleAt } from './award.js';
import { perItem } from './caches.js';
import { casePath, factValue, type Scope } from './conditions.js';
import { windowFrom } from './periods.js';
import { allocate, allocateByYear, combineLevels, finish, setInstalments, sharesOf } from './quick-caps.js';
import { type ItemPlan, type KindPlan, NO_TEXTS, NONE, NOT_APPLYING, type QuickItem, type QuickLine } from './quick-plan.js';
import type { LineWindow, Status } from './result.js';

// The quick path: what `evaluate` without a trace computes first — each line's status, its amount
// in whole fen, its missing facts and assumptions, through the same steps as the decimal path
// (conditions, award, per-record caps and rounding, levels, instalments, per-applicant and shared
// caps), with amounts as integers. Half-up rounding of basis × rate is exact integer arithmetic
// (BigInt past 2^53); a day count (days/360, not a decimal fraction) is kept as a fraction and
// rounded once, as the decimal path divides by 360 last. The two paths are
// compared on random cases by test/engine-lean.test.ts and test/quick.test.ts.

/** A value of the case the quick path cannot take exactly (a fraction of a fen in a product too long for a number). */
class NeedsDecimals extends Error {}

/**
 * The items for one case, quick form (undefined for an item not for this kind of applicant), or
 * undefined when the case needs the decimal path (a value too long for an exact number).
 */
export function quickItems(items: readonly CompiledItem[], plans: readonly (ItemPlan | null)[], forKind: KindPlan, c: Case, scope: Scope): (QuickItem | undefined)[] | undefined {
  for (const r of forKind.required) {
    const entries = c.lists[r.list];
    if (!entries) continue;
    // Positions past this case's entries keep older values: they are never read.
    const seen = r.seen;
    for (let i = 0; i < entries.length; i++) seen[i] = (entries[i] as CaseRecord)[r.name];
  }
  const out: (QuickItem | undefined)[] = new Array(items.length);
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
        if (l.status !== 'applies' || l.instalments === undefined) continue;
        lines ??= [];
        lines.push(l);
      }
    }
    if (!lines) continue;
    const shares = sharesOf(lines);
    allocateByYear(shares, sc.fen);
  }
  for (const i of forKind.applicable) finish(out[i] as QuickItem, plans[i] as ItemPlan);
  return out;
}

/** Empties a scratch list: pop is inlined, where setting the length calls into the runtime. */
function clear(list: unknown[]) {
  while (list.length > 0) list.pop();
}

const MISSING: string[] = [];
const RELIED: Text[] = [];

function itemLines(plan: ItemPlan, c: Case, scope: Scope): QuickItem {
  const each = plan.each;
  let lines: QuickLine[] | undefined;
  if (each === undefined) {
    scope.record = undefined;
    scope.recordPath = undefined;
    const line = evaluateLine(plan, scope, -1);
    if (line) lines = [line];
  } else {
    const entries = c.lists[each];
    if (!entries || entries.length === 0) {
      // No entries stated: the item does not apply. Not stated at all: it cannot be determined,
      // unless the applicant's own facts rule it out (every entry field unknown, three-valued).
      if (entries) return NOT_APPLYING;
      clear(MISSING);
      clear(RELIED);
      scope.record = EMPTY_RECORD;
      scope.recordPath = each;
      const outcome = plan.check ? plan.check(scope, MISSING, RELIED) : 'pass';
      if (outcome !== 'fail') {
        const prefix = `${each}.`;
        const missing = [each];
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
        scope.recordPath = entryPath(each, index);
        const line = evaluateLine(plan, scope, index);
        if (line) {
          lines ??= [];
          lines.push(line);
        }
      }
      if (lines && plan.levels) combineLevels(plan.levels, lines, entries);
    }
  }
  // No line that applies or is undetermined: the item does not apply (the same for every such case).
  if (!lines) return NOT_APPLYING;
  for (const line of lines) setInstalments(plan, line);
  if (plan.applicantCaps.length) {
    for (const cap of plan.applicantCaps) {
      const shares = sharesOf(lines);
      if (cap.perYear) allocateByYear(shares, cap.fen);
      else allocate(shares, cap.fen);
    }
  }
  return { status: 'does-not-apply', list: each, lines, amount: undefined, missing: NONE, assumptions: NO_TEXTS };
}

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
  return { status, index, missing, assumptions, paid: false, eventDate: undefined, window: undefined, instalments: undefined, year: undefined, n: undefined, low: 0, high: 0 };
}

/** One line, or undefined when it does not apply. */
function evaluateLine(plan: ItemPlan, scope: Scope, index: number): QuickLine | undefined {
  clear(MISSING);
  clear(RELIED);
  const outcome = plan.check ? plan.check(scope, MISSING, RELIED) : 'pass';
  if (outcome === 'fail') return undefined;
  if (outcome === 'missing') return newLine('cannot-determine', index, MISSING.slice(), []);
  const line = newLine('applies', index, NONE, RELIED.length ? RELIED.slice() : NO_TEXTS);
  if (plan.eventFact) {
    const date = factValue(plan.eventFact, scope) as string;
    line.eventDate = date;
    line.year = yearOf(date);
  }
  if (plan.windowFact) line.window = windowOf(plan, factValue(plan.windowFact, scope) as string, scope);
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
    ASSUMED.text = undefined;
    const basis = award.basis.type === 'fact' ? factBasis(award.basis.fact, scope) : basisOf(award.basis, scope);
    if (!basis) {
      line.status = 'cannot-determine';
      line.missing = MISSING.slice();
      return line;
    }
    if (ASSUMED.text) line.assumptions = [...line.assumptions, ASSUMED.text];
    low = rated(basis, award.low);
    high = award.same ? low : rated(basis, award.high);
  }
  // Rounding after a cap in whole fen is the cap of the rounded amount: round(min(x, c)) = min(round(x), c).
  for (const cap of plan.lineCaps) {
    if (low > cap) low = cap;
    if (high > cap) high = cap;
  }
  line.paid = true;
  line.low = low;
  line.high = high;
  return line;
}

/** basis × rate in fen, half-up: the basis is n × 10^-scale yuan (÷ 360 per day count in it). */
function rated(basis: Basis, rate: Scaled): number {
  const product = times(basis.n, rate.n);
  // yuan × 10^(scale + rate.scale) → fen: shift by (scale + rate.scale − 2).
  const k = basis.scale + rate.scale - 2;
  if (basis.per360 > 0) {
    // A day count: the exact fraction n / (10^k × 360^m), rounded half-up in integers.
    const num = BigInt(product) * (k < 0 ? 10n ** BigInt(-k) : 1n);
    const den = (k > 0 ? 10n ** BigInt(k) : 1n) * 360n ** BigInt(basis.per360);
    const fen = Number((2n * num + den) / (2n * den));
    if (!Number.isSafeInteger(fen)) throw new NeedsDecimals();
    return fen;
  }
  if (k >= 0) return roundShift(product, k);
  const fen = typeof product === 'number' ? product * 10 ** -k : Number(product * 10n ** BigInt(-k));
  if (!Number.isSafeInteger(fen)) throw new NeedsDecimals();
  return fen;
}

/** A basis: n × 10^-scale, divided by 360 for each day count (days/360) multiplied in. */
interface Basis {
  n: number | bigint;
  scale: number;
  per360: number;
}

/** The assumption a day count without its end date rests on, set by basisOf for the line at hand. */
const ASSUMED: { text: Text | undefined } = { text: undefined };

/** A basis that is one fact (most items): its digits, or undefined with the fact added to MISSING. */
function factBasis(fact: FactRef, scope: Scope): Basis | undefined {
  const value = fact.list ? scope.record?.[fact.name] : scope.facts[fact.name];
  if (value === undefined) {
    MISSING.push(casePath(fact, scope));
    return undefined;
  }
  const s = scaledOf(value as Money);
  if (!s) throw new NeedsDecimals();
  return { n: s.n, scale: s.scale, per360: 0 };
}

/** The basis as an exact product, or undefined with its missing facts added to MISSING. */
function basisOf(e: CompiledExpr, scope: Scope): Basis | undefined {
  if (e.type === 'product') {
    let n: number | bigint = 1;
    let scale = 0;
    let per360 = 0;
    let ok = true;
    for (const f of e.factors) {
      const v = basisOf(f, scope);
      if (!v || !ok) {
        ok = false;
        continue;
      }
      n = typeof n === 'number' && typeof v.n === 'number' && Number.isSafeInteger(n * v.n) ? n * v.n : BigInt(n) * BigInt(v.n);
      scale += v.scale;
      per360 += v.per360;
    }
    return ok ? { n, scale, per360 } : undefined;
  }
  if (e.type === 'fact') return factBasis(e.fact, scope);
  if (e.type === 'param') {
    const p = paramValue(e, scope);
    return p ? { n: p.n, scale: p.scale, per360: 0 } : undefined;
  }
  return accrualDays(e, scope);
}

/** As award.ts evaluateAccrual: the days from a date to its year end (or an earlier end date), over 360. */
function accrualDays(e: Extract<CompiledExpr, { type: 'accrual' }>, scope: Scope): Basis | undefined {
  const from = factValue(e.from, scope);
  const until = e.until ? factValue(e.until, scope) : undefined;
  const assumed = e.until !== undefined && until === undefined && e.untilUnknown !== undefined;
  if (from === undefined) MISSING.push(casePath(e.from, scope));
  if (e.until && until === undefined && !assumed) MISSING.push(casePath(e.until, scope));
  if (typeof from !== 'string' || (e.until && !assumed && typeof until !== 'string')) return undefined;
  if (assumed) ASSUMED.text = e.untilUnknown;
  const yearEnd = startOfNextYear(from);
  const to = typeof until === 'string' && compareDates(until, yearEnd) < 0 ? until : yearEnd;
  return { n: Math.max(0, daysBetween(from, to)), scale: 0, per360: 1 };
}

/** A dated parameter, read as award.ts reads it, in exact digits. */
function paramValue(e: Extract<CompiledExpr, { type: 'param' }>, scope: Scope): Scaled | undefined {
  const param = scope.policy.parameters.get(e.param);
  if (!param) return undefined;
  const key = parameterKey(e, scope, MISSING);
  if (key === null) return undefined;
  const override = parameterOverride(e, scope, key);
  if (override) return exactly(scaledOf(override));
  const at = scheduleAt(param, parameterDay(e, scope));
  const value = at < 0 ? undefined : key ? scaledValues(param).keyed[at]?.get(key) : scaledValues(param).values[at];
  if (!value) MISSING.push(key ? `${e.param}.${key}` : e.param);
  return value;
}

function exactly(s: Scaled | undefined): Scaled {
  if (!s) throw new NeedsDecimals();
  return s;
}

/** A parameter's scheduled values in exact digits, built once per parameter. */
interface ScaledSchedule {
  values: (Scaled | undefined)[];
  keyed: (Map<string, Scaled> | undefined)[];
}

const scheduleCache = new WeakMap<CompiledParameter, ScaledSchedule>();

function scaledValues(param: CompiledParameter): ScaledSchedule {
  return perItem(scheduleCache, param, () => ({
    values: param.schedule.map((s) => (s.value ? exactly(scaledOf(s.value)) : undefined)),
    keyed: param.schedule.map((s) => (s.values ? new Map([...s.values].map(([k, v]) => [k, exactly(scaledOf(v))])) : undefined)),
  }));
}

// A window depends only on its start date and the as-of date: remembered on the item's plan for
// the dates a batch repeats (keyed by both day numbers in one exact integer), within a bound.
function windowOf(plan: ItemPlan, start: string, scope: Scope): LineWindow {
  const key = (dayNumber(start) + 100_000) * 1_000_000 + (scope.asOfDay ?? dayNumber(scope.asOf)) + 100_000;
  let w = plan.windows.get(key);
  if (!w) {
    w = windowFrom(plan.item.window as NonNullable<CompiledItem['window']>, start, '', scope.asOf);
    if (plan.windows.size >= 4096) plan.windows.clear();
    plan.windows.set(key, w);
  }
  return w;
}

