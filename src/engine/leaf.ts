import type { Case, CaseRecord, FactValue } from '../case/model.js';
import type { CompiledCondition, FactRef, PeriodBounds, Policy, WindowSpec } from '../policy/model.js';
import { addYears, compareDates } from '../values/dates.js';
import type { Money } from '../values/money.js';
import { windowFrom } from './periods.js';
import type { ConditionTrace, Outcome } from './result.js';

// What one condition means, traced or not: the scope it is judged in, a leaf's verdict on a stated
// value (judgeLeaf), and how all/any combine three-valued outcomes. The traced evaluation is in
// conditions.ts, the compiled checks (batch, the quick path) in condition-checks.ts.

/** What a condition is judged against: the applicant's facts, the current entry, and the dates. */
export interface Scope {
  facts: Record<string, FactValue | undefined>;
  record?: CaseRecord;
  /** The case path prefix of the current entry, e.g. projects[2]. */
  recordPath?: string;
  asOf: string;
  /** The as-of date's day number, when the caller counted it once for every line. */
  asOfDay?: number;
  issued: string;
  industryIds: Set<string>;
  policy: Policy;
  /** The case's overrides of the policy's parameters. */
  parameters: Case['parameters'];
  /** Keep every condition's details (off for batch, where only outcomes and amounts are read). */
  trace: boolean;
}

export function factValue(fact: FactRef, scope: Scope): FactValue | undefined {
  return fact.list ? scope.record?.[fact.name] : scope.facts[fact.name];
}

export function casePath(fact: FactRef, scope: Scope): string {
  if (!fact.list || scope.recordPath === undefined || scope.recordPath === fact.list) return fact.path;
  return `${scope.recordPath}.${fact.name}`;
}

function same(a: FactValue, b: unknown): boolean {
  if (typeof a === 'object' && typeof b === 'object') return (a as Money).eq(b as Money);
  return a === b;
}

export function combine(type: 'all' | 'any', anyPass: boolean, anyFail: boolean, anyMissing: boolean): Outcome {
  if (type === 'all') return anyFail ? 'fail' : anyMissing ? 'missing' : 'pass';
  return anyPass ? 'pass' : anyMissing ? 'missing' : 'fail';
}

/** A leaf passes or fails; a date may fail because of when it is, with the day it would count from. */
export type Verdict = 'pass' | 'fail' | { detail: NonNullable<ConditionTrace['detail']>; countsFrom?: string };

/** A date judged against the policy's period and the as-of date (dates compare as dates). */
function inPeriod(date: string, bounds: PeriodBounds, asOf: string): Verdict {
  if (compareDates(date, bounds.from) < 0) return { detail: 'before-issue' };
  if (bounds.until !== undefined && compareDates(date, bounds.until) > 0) return { detail: 'after-end' };
  if (compareDates(date, asOf) > 0) return { detail: 'after-as-of', countsFrom: date };
  return 'pass';
}

/** One comparison of a stated value with what the condition requires. */
export function judgeLeaf(c: Extract<CompiledCondition, { type: 'leaf' }>, value: FactValue, scope: Scope): Verdict {
  const ok = (b: boolean): Verdict => (b ? 'pass' : 'fail');
  switch (c.op) {
    case 'eq':
      return ok(same(value, c.value));
    case 'ne':
      return ok(!same(value, c.value));
    case 'in':
      return ok((c.value as unknown[]).some((v) => same(value, v)));
    case 'not_in':
      return ok(!(c.value as unknown[]).some((v) => same(value, v)));
    case 'gte':
      return ok((value as Money).gte(c.value as Money));
    case 'gt':
      return ok((value as Money).gt(c.value as Money));
    case 'lte':
      return ok((value as Money).lte(c.value as Money));
    case 'lt':
      return ok((value as Money).lt(c.value as Money));
    case 'is':
      return ok(value === c.value);
    case 'in_scope':
      return ok(scope.industryIds.has(value as string) === c.value);
    case 'newly':
      // 新认定/新取得: on or after the policy's issue date, and already happened at the as-of date.
      return inPeriod(value as string, { from: scope.issued, ...(scope.policy.ends ? { until: scope.policy.ends } : {}) }, scope.asOf);
    case 'in_period':
      // The item's dated event: within the policy's period, and already happened at the as-of date.
      return inPeriod(value as string, c.value as PeriodBounds, scope.asOf);
    case 'window': {
      // The years of a multi-year award: it has begun by the as-of date, and some year is under the policy.
      const w = windowFrom(c.value as WindowSpec, value as string, '', scope.asOf);
      if (compareDates(w.start, scope.asOf) > 0) return { detail: 'after-as-of', countsFrom: w.start };
      if (w.counted === 0) return { detail: w.years.some((y) => y.reason === 'after-end') ? 'after-end' : 'before-issue' };
      return 'pass';
    }
    case 'on_or_after':
      return ok(compareDates(value as string, c.value as string) >= 0);
    case 'before':
      return ok(compareDates(value as string, c.value as string) < 0);
    case 'at_least_years_ago': {
      const reached = addYears(value as string, c.value as number);
      return compareDates(reached, scope.asOf) <= 0 ? 'pass' : { detail: 'after-as-of', countsFrom: reached };
    }
    default:
      return 'fail';
  }
}

