import type { FactValue } from '../case/model.js';
import type { CompiledCondition, PeriodBounds } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { dayNumber, yearsReached } from '../values/dates.js';
import { casePath, combine, judgeLeaf, type Scope } from './leaf.js';
import type { Outcome } from './result.js';

// Without a trace, a condition only yields an outcome (and the facts it lacks, and the judgement
// facts a pass relied on): it is compiled once into closures that do just that, with no trace
// objects. The slow path without a trace uses them for conditions with no judgement fact (one with
// a judgement keeps that fact's details there); the quick path (quick.ts) for every condition.
export type QuickCheck = (scope: Scope, missing: string[], relied: Text[]) => Outcome;

const leanCache = new WeakMap<CompiledCondition, QuickCheck | null>();
const quickCache = new WeakMap<CompiledCondition, QuickCheck>();

export function leanOf(c: CompiledCondition): QuickCheck | null {
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

export const NO_RELIED: Text[] = [];

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
  // The usual leaves, with nothing to rely on (equal to a choice, one of some choices, an
  // industry in scope, a date in the policy's period): the comparison written in, one call fewer
  // on every line.
  if (!label && c.op !== 'present') {
    const unknown = (scope: Scope, missing: string[]): Outcome => {
      const path = casePath(fact, scope);
      if (!missing.includes(path)) missing.push(path);
      return 'missing';
    };
    const plain = (v: unknown) => typeof v === 'string' || typeof v === 'boolean';
    if ((c.op === 'eq' || c.op === 'is') && plain(c.value)) {
      const operand = c.value;
      return (scope, missing) => {
        const value = list ? scope.record?.[name] : scope.facts[name];
        if (value === undefined) return unknown(scope, missing);
        return value === operand ? 'pass' : 'fail';
      };
    }
    if (c.op === 'in' && Array.isArray(c.value) && c.value.every(plain)) {
      const set = new Set<unknown>(c.value);
      return (scope, missing) => {
        const value = list ? scope.record?.[name] : scope.facts[name];
        if (value === undefined) return unknown(scope, missing);
        return typeof value !== 'object' && set.has(value) ? 'pass' : 'fail';
      };
    }
    if (c.op === 'in_scope') {
      const wanted = c.value;
      return (scope, missing) => {
        const value = list ? scope.record?.[name] : scope.facts[name];
        if (value === undefined) return unknown(scope, missing);
        return scope.industryIds.has(value as string) === wanted ? 'pass' : 'fail';
      };
    }
    if (c.op === 'in_period') {
      const bounds = c.value as PeriodBounds;
      const from = dayNumber(bounds.from);
      const until = bounds.until === undefined ? Number.POSITIVE_INFINITY : dayNumber(bounds.until);
      return (scope, missing) => {
        const value = list ? scope.record?.[name] : scope.facts[name];
        if (value === undefined) return unknown(scope, missing);
        const day = dayNumber(value as string);
        return day >= from && day <= until && day <= (scope.asOfDay ?? dayNumber(scope.asOf)) ? 'pass' : 'fail';
      };
    }
  }
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
