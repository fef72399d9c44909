import type { CompiledExpr, CompiledItem, CompiledParameter } from '../policy/model.js';
import { compareDates, dayNumber, daysBetween, startOfNextYear } from '../values/dates.js';
import { Money, ZERO } from '../values/money.js';
import { perItem } from './caches.js';
import { casePath, factValue, type Scope } from './conditions.js';
import type { BasisFactor, ItemResult, Line, Range } from './result.js';

// The award of one line before any cap: basis × rate, a fixed amount (possibly by level), or
// "up to" an amount. Exact decimals; rounding comes after the per-record cap (rounding.ts).

/**
 * The line's amount before caps, recording on the line the basis, rate or fixed amount it used.
 * Undefined when there is none: a missing fact (the line cannot be determined) or a level the
 * text names no amount for (the line does not apply).
 */
export function awardBeforeCaps(item: CompiledItem, line: Line, scope: Scope, missing: string[]): Range | undefined {
  const award = item.award;
  if (award.kind === 'unquantified') return undefined;
  if (award.kind === 'percent') {
    const factors: BasisFactor[] = [];
    const basis = evaluateExpr(award.basis, scope, factors, missing);
    if (!basis) {
      line.status = 'cannot-determine';
      line.missing = missing;
      return undefined;
    }
    for (const f of factors) if (f.assumption) line.assumptions = [...line.assumptions, f.assumption];
    line.basis = { amount: basis, label: award.basisLabel ?? factors[0]?.label ?? { zh: '基数', en: 'basis' }, factors };
    line.rate = award.rate;
    const low = basis.times(award.rate.low);
    return { low, high: award.rate.high.eq(award.rate.low) ? low : basis.times(award.rate.high) };
  }
  if (award.kind === 'fixed_by') {
    const v = factValue(award.by, scope);
    const amount = typeof v === 'string' ? award.amounts.get(v) : undefined;
    if (v === undefined) {
      line.status = 'cannot-determine';
      line.missing = [casePath(award.by, scope)];
      return undefined;
    }
    if (!amount) {
      // The text names no amount for this value (e.g. a city-level smart factory).
      line.conditions.children?.push({
        kind: 'fact', outcome: 'fail', fact: award.by.path, path: casePath(award.by, scope), factLabel: award.by.label,
        op: 'in', expected: [...award.amounts.keys()].join(', '), seen: String(v),
        seenLabel: award.by.choices.find((ch) => ch.id === v)?.label,
      });
      line.conditions.outcome = 'fail';
      return undefined;
    }
    line.fixed = amount;
    return { low: amount, high: amount };
  }
  line.fixed = award.amount;
  return award.kind === 'up_to' ? { low: ZERO, high: award.amount } : { low: award.amount, high: award.amount };
}

/** The basis: a fact, a parameter, or a product of them; each factor is kept for the trace. */
function evaluateExpr(e: CompiledExpr, scope: Scope, factors: BasisFactor[], missing: string[]): Money | undefined {
  if (e.type === 'fact') {
    const v = factValue(e.fact, scope);
    const path = casePath(e.fact, scope);
    if (v === undefined) {
      missing.push(path);
      return undefined;
    }
    factors.push({ kind: 'fact', label: e.fact.label, path, value: v as Money });
    return v as Money;
  }
  if (e.type === 'product') {
    // A day count is multiplied in as its days and divided by 360 once, last: a product that is
    // an exact decimal (a half fen, say) then stays exact, and rounds as the quick path's fraction does.
    let acc: Money | undefined = new Money(1);
    let per360 = 0;
    for (const f of e.factors) {
      const v = f.type === 'accrual' ? evaluateAccrual(f, scope, factors, missing, true) : evaluateExpr(f, scope, factors, missing);
      if (f.type === 'accrual') per360++;
      acc = v && acc ? acc.times(v) : undefined;
    }
    return acc && per360 > 0 ? acc.dividedBy(DAYS_PER_YEAR.pow(per360)) : acc;
  }
  if (e.type === 'accrual') return evaluateAccrual(e, scope, factors, missing);
  return evaluateParam(e, scope, factors, missing);
}

const DAYS_PER_YEAR = new Money(360);

/**
 * The share of a year's interest that accrues from a date to the end of its year, or to an earlier
 * end date: actual days / 360, as PBoC rules count interest on RMB loans (日利率 = 年利率 ÷ 360).
 * Interest runs from the first day and not on the last (算头不算尾).
 */
function evaluateAccrual(e: Extract<CompiledExpr, { type: 'accrual' }>, scope: Scope, factors: BasisFactor[], missing: string[], daysOnly = false): Money | undefined {
  const from = factValue(e.from, scope);
  const until = e.until ? factValue(e.until, scope) : undefined;
  // An end the case does not state: the year end, on the policy's stated assumption, if it gives one.
  const assumed = e.until !== undefined && until === undefined && e.untilUnknown !== undefined;
  if (from === undefined) missing.push(casePath(e.from, scope));
  if (e.until && until === undefined && !assumed) missing.push(casePath(e.until, scope));
  if (typeof from !== 'string' || (e.until && !assumed && typeof until !== 'string')) return undefined;
  const yearEnd = startOfNextYear(from);
  const to = typeof until === 'string' && compareDates(until, yearEnd) < 0 ? until : yearEnd;
  const days = Math.max(0, daysBetween(from, to));
  const value = new Money(days).dividedBy(DAYS_PER_YEAR);
  factors.push({
    kind: 'accrual', label: { zh: '计息天数/360', en: 'days of interest / 360' }, path: casePath(e.from, scope), value, days, from, to,
    ...(assumed ? { assumption: e.untilUnknown } : {}),
  });
  return daysOnly ? new Money(days) : value;
}

/**
 * The key a dated parameter is read under (the loan's term for the benchmark rate): undefined for
 * a parameter without keys, null when the case does not state it (its path added to `missing`).
 */
export function parameterKey(e: Extract<CompiledExpr, { type: 'param' }>, scope: Scope, missing: string[]): string | null | undefined {
  if (!e.key) return undefined;
  const k = factValue(e.key, scope);
  if (k !== undefined) return String(k);
  missing.push(casePath(e.key, scope));
  return null;
}

/** The case's own value of a parameter (under the key), when it gives one. */
export function parameterOverride(e: Extract<CompiledExpr, { type: 'param' }>, scope: Scope, key: string | undefined): Money | undefined {
  const override = scope.parameters[e.param];
  if (override === undefined) return undefined;
  return Money.isDecimal(override) ? (override as Money) : key ? (override as Record<string, Money>)[key] : undefined;
}

/** The day of a parameter's date fact, or of the as-of date when the case does not state it. */
export function parameterDay(e: Extract<CompiledExpr, { type: 'param' }>, scope: Scope): number {
  const at = e.at ? factValue(e.at, scope) : undefined;
  return typeof at === 'string' ? dayNumber(at) : (scope.asOfDay ?? dayNumber(scope.asOf));
}

const scheduleDays = new WeakMap<CompiledParameter, number[]>();

/** The position of the schedule's entry in force on a day (its dates counted once), or -1 before the first. */
export function scheduleAt(param: CompiledParameter, day: number): number {
  const days = perItem(scheduleDays, param, () => param.schedule.map((s) => dayNumber(s.from)));
  let at = -1;
  for (let i = 0; i < days.length; i++) if ((days[i] as number) <= day) at = i;
  return at;
}

/** A dated parameter (e.g. the benchmark lending rate): the case's override, else the schedule's value on the date. */
function evaluateParam(e: Extract<CompiledExpr, { type: 'param' }>, scope: Scope, factors: BasisFactor[], missing: string[]): Money | undefined {
  const param = scope.policy.parameters.get(e.param);
  if (!param) return undefined;
  const key = parameterKey(e, scope, missing);
  if (key === null) return undefined;
  const label = param.label;
  const path = key ? `${e.param}.${key}` : e.param;
  const override = parameterOverride(e, scope, key);
  if (override) {
    factors.push({ kind: 'parameter', label, path, value: override, overridden: true, ...(key ? { key } : {}) });
    return override;
  }
  const entry = param.schedule[scheduleAt(param, parameterDay(e, scope))];
  const value = entry ? (key ? entry.values?.get(key) : entry.value) : undefined;
  if (!entry || !value) {
    missing.push(path);
    return undefined;
  }
  factors.push({
    kind: 'parameter', label, path, value, from: entry.from,
    ...(key ? { key } : {}), ...(e.at && typeof factValue(e.at, scope) !== 'string' ? { atAsOf: true } : {}),
  });
  return value;
}

const awardCache = new WeakMap<CompiledItem, ItemResult['award']>();

/** The award as the result describes it (the same for every case, so built once per item). */
export function describeAward(item: CompiledItem): ItemResult['award'] {
  return perItem(awardCache, item, (): ItemResult['award'] => {
    const a = item.award;
    const caps: ItemResult['award']['caps'] = item.caps.map((cap) => ({ amount: cap.amount, per: cap.per }));
    switch (a.kind) {
      case 'percent':
        return { form: 'percent', rate: a.rate, basisLabel: a.basisLabel, caps };
      case 'fixed':
        return { form: 'fixed', fixed: a.amount, ...(a.eachLabel ? { eachLabel: a.eachLabel } : {}), caps };
      case 'up_to':
        return { form: a.kind, fixed: a.amount, caps };
      case 'fixed_by':
        return {
          form: 'fixed_by',
          fixedBy: {
            fact: a.by.path,
            amounts: [...a.amounts].map(([value, amount]) => ({ value, amount, label: a.by.choices.find((ch) => ch.id === value)?.label })),
          },
          caps,
        };
      case 'unquantified':
        return { form: 'unquantified', nature: a.nature, description: a.description, ceiling: a.ceiling, caps };
    }
  });
}
