import type { FactValue } from '../case/model.js';
import type { CompiledCondition, FactRef, PeriodBounds, WindowSpec } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import type { Money } from '../values/money.js';
import { leanOf, NO_RELIED } from './condition-checks.js';
import { casePath, combine, factValue, judgeLeaf, type Scope } from './leaf.js';
import type { ConditionTrace, Outcome } from './result.js';

export { casePath, factValue, type Scope } from './leaf.js';

// A condition evaluated with its trace (estimate, explain): every leaf's value, what was required
// and the outcome, so that "why not" lists every reason. Without a trace, compiled checks
// (condition-checks.ts) give the outcome alone; leaf.ts holds what a leaf means for both.

function show(v: FactValue): string {
  return typeof v === 'object' ? (v as Money).toFixed() : String(v);
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

/** The judgement facts a passing trace relied on: each becomes an assumption of the result. */
export function judgementsRelied(trace: ConditionTrace, out: Text[] = []): Text[] {
  if (trace.outcome !== 'pass') return out;
  if (trace.kind === 'fact' && trace.judgement && trace.factLabel) out.push(trace.factLabel);
  if (trace.kind === 'not') return out;
  for (const child of trace.children ?? []) judgementsRelied(child, out);
  return out;
}
