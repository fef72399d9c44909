import type { Case, CaseRecord, FactValue } from '../case/model.js';
import type { CompiledCondition, FactRef, Policy } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import type { PeriodBounds, WindowSpec } from '../policy/model.js';
import { addYears, compareDates, dayNumber, yearsReached } from '../values/dates.js';
import type { Money } from '../values/money.js';
import { windowFrom } from './periods.js';
import type { ConditionTrace, Outcome } from './result.js';

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

function show(v: FactValue): string {
  return typeof v === 'object' ? (v as Money).toFixed() : String(v);
}

function same(a: FactValue, b: unknown): boolean {
  if (typeof a === 'object' && typeof b === 'object') return (a as Money).eq(b as Money);
  return a === b;
}

const choiceMaps = new WeakMap<FactRef, Map<string, Text>>();

function choiceLabel(fact: FactRef, id: unknown): Text | undefined {
  if (typeof id !== 'string') return undefined;
  let labels = choiceMaps.get(fact);
  if (!labels) {
    labels = new Map(fact.choices.map((c) => [c.id, c.label]));
    choiceMaps.set(fact, labels);
  }
  return labels.get(id);
}

// The labels of a leaf's required values depend only on the policy: computed once per leaf.
const expectedLabelCache = new WeakMap<object, Text[] | undefined>();

function expectedLabels(c: Extract<CompiledCondition, { type: 'leaf' }>): Text[] | undefined {
  if (expectedLabelCache.has(c)) return expectedLabelCache.get(c);
  const labels = (Array.isArray(c.value) ? c.value : [c.value]).map((v) => choiceLabel(c.fact, v)).filter((l): l is Text => !!l);
  const out = labels.length ? labels : undefined;
  expectedLabelCache.set(c, out);
  return out;
}

/**
 * Evaluates a condition tree with three-valued logic and keeps every leaf's trace: all children
 * are evaluated (not only up to the first failure) so that "why not" lists every reason.
 */
// Without a trace (batch), leaves that carry no assumption share these read-only results.
const LEAN: Record<Outcome, ConditionTrace> = {
  pass: Object.freeze({ kind: 'fact', outcome: 'pass' }) as ConditionTrace,
  fail: Object.freeze({ kind: 'fact', outcome: 'fail' }) as ConditionTrace,
  missing: Object.freeze({ kind: 'fact', outcome: 'missing' }) as ConditionTrace,
};

function combine(type: 'all' | 'any', anyPass: boolean, anyFail: boolean, anyMissing: boolean): Outcome {
  if (type === 'all') return anyFail ? 'fail' : anyMissing ? 'missing' : 'pass';
  return anyPass ? 'pass' : anyMissing ? 'missing' : 'fail';
}

/**
 * Evaluates a condition tree with three-valued logic: a fact that is not stated makes its leaf
 * "missing" (and its case path is added to `missing`), never false. All children are evaluated,
 * not only up to the first failure, so that "why not" lists every reason. With `scope.trace`
 * off (batch), leaves keep no details unless they carry an assumption (a judgement fact).
 */
export function evaluateCondition(c: CompiledCondition, scope: Scope, missing: string[]): ConditionTrace {
  if (!scope.trace) {
    const lean = leanOf(c);
    if (lean) return LEAN[lean(scope, missing, NO_RELIED)];
  }
  if (c.type === 'all' || c.type === 'any') {
    const children: ConditionTrace[] = [];
    let anyFail = false;
    let anyMissing = false;
    let anyPass = false;
    let detailed = scope.trace;
    for (const child of c.children) {
      const t = evaluateCondition(child, scope, missing);
      children.push(t);
      if (!Object.isFrozen(t)) detailed = true;
      if (t.outcome === 'fail') anyFail = true;
      else if (t.outcome === 'missing') anyMissing = true;
      else anyPass = true;
    }
    const outcome = combine(c.type, anyPass, anyFail, anyMissing);
    if (!detailed) return LEAN[outcome];
    return { kind: c.type, outcome, label: c.label, children };
  }
  if (c.type === 'not') {
    const child = evaluateCondition(c.child, scope, missing);
    const outcome: Outcome = child.outcome === 'missing' ? 'missing' : child.outcome === 'pass' ? 'fail' : 'pass';
    if (!scope.trace) return LEAN[outcome];
    return { kind: 'not', outcome, label: c.label, children: [child] };
  }
  const { fact, op } = c;
  const value = factValue(fact, scope);
  let outcome: Outcome;
  let detail: ConditionTrace['detail'];
  let countsFrom: string | undefined;
  // With no entry at all (recordPath is the list's name), an entry field is unknown, not absent.
  if (op === 'present' && !(fact.list && scope.recordPath === fact.list)) outcome = (value !== undefined) === c.value ? 'pass' : 'fail';
  else if (value === undefined) {
    const path = casePath(fact, scope);
    if (!missing.includes(path)) missing.push(path);
    outcome = 'missing';
  } else {
    const verdict = judgeLeaf(c, value, scope);
    if (typeof verdict === 'object') {
      outcome = 'fail';
      detail = verdict.detail;
      countsFrom = verdict.countsFrom;
    } else outcome = verdict;
  }
  if (!scope.trace && !(fact.judgement && outcome === 'pass')) return LEAN[outcome];
  const isEnum = fact.type === 'enum';
  // Every leaf trace has the same shape (absent values are undefined, which JSON omits): one
  // hidden class for V8.
  return {
    kind: 'fact',
    outcome,
    label: c.label,
    children: undefined,
    fact: fact.path,
    path: casePath(fact, scope),
    factLabel: fact.label,
    op,
    expected: c.written,
    expectedLabels: isEnum ? expectedLabels(c) : undefined,
    seen: value === undefined ? null : show(value),
    seenLabel: isEnum ? choiceLabel(fact, value) : undefined,
    judgement: fact.judgement || undefined,
    changeable: fact.changeable || undefined,
    detail,
    countsFrom,
    period: op === 'in_period' || op === 'window' ? (c.value as PeriodBounds | WindowSpec) : undefined,
  };
}

/** A leaf passes or fails; a date may fail because of when it is, with the day it would count from. */
type Verdict = 'pass' | 'fail' | { detail: NonNullable<ConditionTrace['detail']>; countsFrom?: string };

/** A date judged against the policy's period and the as-of date (dates compare as dates). */
function inPeriod(date: string, bounds: PeriodBounds, asOf: string): Verdict {
  if (compareDates(date, bounds.from) < 0) return { detail: 'before-issue' };
  if (bounds.until !== undefined && compareDates(date, bounds.until) > 0) return { detail: 'after-end' };
  if (compareDates(date, asOf) > 0) return { detail: 'after-as-of', countsFrom: date };
  return 'pass';
}

/** One comparison of a stated value with what the condition requires. */
function judgeLeaf(c: Extract<CompiledCondition, { type: 'leaf' }>, value: FactValue, scope: Scope): Verdict {
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

/** The judgement facts a passing trace relied on: each becomes an assumption of the result. */
export function judgementsRelied(trace: ConditionTrace, out: Text[] = []): Text[] {
  if (trace.outcome !== 'pass') return out;
  if (trace.kind === 'fact' && trace.judgement && trace.factLabel) out.push(trace.factLabel);
  if (trace.kind === 'not') return out;
  for (const child of trace.children ?? []) judgementsRelied(child, out);
  return out;
}

// Without a trace, a condition only yields an outcome (and the facts it lacks, and the judgement
// facts a pass relied on): it is compiled once into closures that do just that, with no trace
// objects. The slow path without a trace uses them for conditions with no judgement fact (one with
// a judgement keeps that fact's details there); the quick path (quick.ts) for every condition.
export type QuickCheck = (scope: Scope, missing: string[], relied: Text[]) => Outcome;

const leanCache = new WeakMap<CompiledCondition, QuickCheck | null>();
const quickCache = new WeakMap<CompiledCondition, QuickCheck>();

function leanOf(c: CompiledCondition): QuickCheck | null {
  let check = leanCache.get(c);
  if (check === undefined) {
    check = compileCheck(c, false);
    leanCache.set(c, check);
  }
  return check;
}

/**
 * The condition as a closure giving its outcome: the case paths it lacks are added to `missing`,
 * and the labels of the judgement facts a passing condition relied on to `relied`, in the order
 * judgementsRelied gives them for the traced condition.
 */
export function quickCheckOf(c: CompiledCondition): QuickCheck {
  let check = quickCache.get(c);
  if (check === undefined) {
    check = compileCheck(c, true, true) as QuickCheck;
    quickCache.set(c, check);
  }
  return check;
}

const NO_RELIED: Text[] = [];

/**
 * `topmost`: the condition is the line's whole condition, or an `all` within `all`s up to it, so
 * that its failing fails the line, and what its other children lack is never read (the quick
 * path then stops at the first failing child; under an `any` or a `not` every child is evaluated).
 */
function compileCheck(c: CompiledCondition, judgements: boolean, topmost = false): QuickCheck | null {
  if (c.type === 'all' || c.type === 'any') {
    const children = c.children.map((child) => compileCheck(child, judgements, topmost && c.type === 'all'));
    if (children.some((ch) => ch === null)) return null;
    const checks = children as QuickCheck[];
    const type = c.type;
    // Every child is evaluated, as on the traced path, so that `missing` lists every unknown fact.
    if (topmost && type === 'all') {
      return (scope, missing, relied) => {
        const mark = relied.length;
        let anyMissing = false;
        for (const check of checks) {
          const o = check(scope, missing, relied);
          if (o === 'fail') return 'fail';
          if (o === 'missing') anyMissing = true;
        }
        if (anyMissing) {
          while (relied.length > mark) relied.pop();
          return 'missing';
        }
        return 'pass';
      };
    }
    return (scope, missing, relied) => {
      const mark = relied.length;
      let anyPass = false;
      let anyFail = false;
      let anyMissing = false;
      for (const check of checks) {
        const o = check(scope, missing, relied);
        if (o === 'fail') anyFail = true;
        else if (o === 'missing') anyMissing = true;
        else anyPass = true;
      }
      const outcome = combine(type, anyPass, anyFail, anyMissing);
      // Only a passing condition relies on anything (a passing child of a failing one does not).
      if (outcome !== 'pass') while (relied.length > mark) relied.pop();
      return outcome;
    };
  }
  if (c.type === 'not') {
    const child = compileCheck(c.child, judgements, false);
    if (!child) return null;
    return (scope, missing, relied) => {
      const mark = relied.length;
      const o = child(scope, missing, relied);
      while (relied.length > mark) relied.pop();
      return o === 'missing' ? 'missing' : o === 'pass' ? 'fail' : 'pass';
    };
  }
  const { fact, op } = c;
  if (fact.judgement && !judgements) return null;
  const name = fact.name;
  const list = fact.list;
  const test = leanTest(c);
  const label = fact.judgement ? fact.label : undefined;
  return (scope, missing, relied) => {
    const value = list ? scope.record?.[name] : scope.facts[name];
    let outcome: Outcome;
    // With no entry at all (recordPath is the list's name), an entry field is unknown, not absent.
    if (op === 'present' && !(list && scope.recordPath === list)) outcome = (value !== undefined) === c.value ? 'pass' : 'fail';
    else if (value === undefined) {
      const path = casePath(fact, scope);
      if (!missing.includes(path)) missing.push(path);
      return 'missing';
    } else outcome = test(value, scope) ? 'pass' : 'fail';
    if (label && outcome === 'pass') relied.push(label);
    return outcome;
  };
}

/** The comparison of a leaf, for a stated value: plain checks for choices, else judgeLeaf. */
function leanTest(c: Extract<CompiledCondition, { type: 'leaf' }>): (value: FactValue, scope: Scope) => boolean {
  const plain = (v: unknown) => typeof v === 'string' || typeof v === 'boolean';
  if ((c.op === 'in' || c.op === 'not_in') && Array.isArray(c.value) && c.value.every(plain)) {
    const set = new Set<unknown>(c.value);
    const wanted = c.op === 'in';
    // An amount (an object) is never equal to a string or a boolean.
    return (value) => (typeof value !== 'object' && set.has(value)) === wanted;
  }
  if ((c.op === 'eq' || c.op === 'ne' || c.op === 'is') && plain(c.value)) {
    const operand = c.value;
    const wanted = c.op !== 'ne';
    return (value) => (value === operand) === wanted;
  }
  if (c.op === 'in_period') {
    // The policy's period is fixed: its bounds are counted in days once.
    const bounds = c.value as PeriodBounds;
    const from = dayNumber(bounds.from);
    const until = bounds.until === undefined ? undefined : dayNumber(bounds.until);
    return (value, scope) => {
      const day = dayNumber(value as string);
      return day >= from && (until === undefined || day <= until) && day <= (scope.asOfDay ?? dayNumber(scope.asOf));
    };
  }
  if (c.op === 'window') {
    // Whether a window has begun and has a year under the policy depends only on its start date
    // and the as-of date: remembered for the dates seen (a batch repeats them), within a bound.
    const seen = new Map<number, boolean>();
    return (value, scope) => {
      // Both dates as day numbers in one exact integer key (days of 1900–2199 are within ±100,000).
      const key = (dayNumber(value as string) + 100_000) * 1_000_000 + (scope.asOfDay ?? dayNumber(scope.asOf)) + 100_000;
      let ok = seen.get(key);
      if (ok === undefined) {
        ok = judgeLeaf(c, value, scope) === 'pass';
        if (seen.size >= 4096) seen.clear();
        seen.set(key, ok);
      }
      return ok;
    };
  }
  if (c.op === 'at_least_years_ago') {
    const years = c.value as number;
    return (value, scope) => yearsReached(value as string, years, scope.asOf);
  }
  if (c.op === 'in_scope') {
    const wanted = c.value;
    return (value, scope) => scope.industryIds.has(value as string) === wanted;
  }
  return (value, scope) => judgeLeaf(c, value, scope) === 'pass';
}
