import type { Case, CaseRecord, FactValue } from '../case/model.js';
import type { CompiledCondition, FactRef, Policy } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { addYears, Money } from '../values/money.js';
import type { ConditionTrace, Outcome } from './result.js';

/** What a condition is judged against: the applicant's facts, the current entry, and the dates. */
export interface Scope {
  facts: Record<string, FactValue | undefined>;
  record?: CaseRecord;
  /** The case path prefix of the current entry, e.g. projects[2]. */
  recordPath?: string;
  asOf: string;
  issued: string;
  industryIds: Set<string>;
  policy: Policy;
  /** The case's overrides of the policy's parameters. */
  parameters: Case['parameters'];
}

export function factValue(fact: FactRef, scope: Scope): FactValue | undefined {
  return fact.list ? scope.record?.[fact.name] : scope.facts[fact.name];
}

export function casePath(fact: FactRef, scope: Scope): string {
  return fact.list ? `${scope.recordPath ?? fact.list}.${fact.name}` : fact.name;
}

function show(v: FactValue): string {
  return Money.isDecimal(v) ? (v as Money).toFixed() : String(v);
}

function same(a: FactValue, b: unknown): boolean {
  if (Money.isDecimal(a) && Money.isDecimal(b)) return (a as Money).eq(b as Money);
  return a === b;
}

function choiceLabel(fact: FactRef, id: unknown): Text | undefined {
  return typeof id === 'string' ? fact.choices.find((c) => c.id === id)?.label : undefined;
}

/**
 * Evaluates a condition tree with three-valued logic and keeps every leaf's trace: all children
 * are evaluated (not only up to the first failure) so that "why not" lists every reason.
 */
export function evaluateCondition(c: CompiledCondition, scope: Scope, missing: Set<string>): ConditionTrace {
  if (c.type === 'all' || c.type === 'any') {
    const children = c.children.map((child) => evaluateCondition(child, scope, missing));
    const outcomes = children.map((t) => t.outcome);
    let outcome: Outcome;
    if (c.type === 'all') outcome = outcomes.includes('fail') ? 'fail' : outcomes.includes('missing') ? 'missing' : 'pass';
    else outcome = outcomes.includes('pass') ? 'pass' : outcomes.includes('missing') ? 'missing' : 'fail';
    return { kind: c.type, outcome, label: c.label, children };
  }
  if (c.type === 'not') {
    const child = evaluateCondition(c.child, scope, missing);
    const outcome: Outcome = child.outcome === 'missing' ? 'missing' : child.outcome === 'pass' ? 'fail' : 'pass';
    return { kind: 'not', outcome, label: c.label, children: [child] };
  }
  const { fact, op } = c;
  const value = factValue(fact, scope);
  const path = casePath(fact, scope);
  const trace: ConditionTrace = {
    kind: 'fact',
    outcome: 'missing',
    label: c.label,
    fact: fact.path,
    path,
    factLabel: fact.label,
    op,
    expected: c.written,
    seen: value === undefined ? null : show(value),
  };
  if (fact.type === 'enum') {
    const labels = (Array.isArray(c.value) ? c.value : [c.value]).map((v) => choiceLabel(fact, v)).filter((l): l is Text => !!l);
    if (labels.length) trace.expectedLabels = labels;
    const seenLabel = choiceLabel(fact, value);
    if (seenLabel) trace.seenLabel = seenLabel;
  }
  if (fact.judgement) trace.judgement = true;
  if (fact.changeable) trace.changeable = true;
  if (op === 'present') {
    trace.outcome = (value !== undefined) === c.value ? 'pass' : 'fail';
    return trace;
  }
  if (value === undefined) {
    missing.add(path);
    return trace;
  }
  let pass: boolean;
  switch (op) {
    case 'eq':
      pass = same(value, c.value);
      break;
    case 'ne':
      pass = !same(value, c.value);
      break;
    case 'in':
      pass = (c.value as unknown[]).some((v) => same(value, v));
      break;
    case 'not_in':
      pass = !(c.value as unknown[]).some((v) => same(value, v));
      break;
    case 'gte':
      pass = (value as Money).gte(c.value as Money);
      break;
    case 'gt':
      pass = (value as Money).gt(c.value as Money);
      break;
    case 'lte':
      pass = (value as Money).lte(c.value as Money);
      break;
    case 'lt':
      pass = (value as Money).lt(c.value as Money);
      break;
    case 'is':
      pass = value === c.value;
      break;
    case 'in_scope':
      pass = scope.industryIds.has(value as string) === c.value;
      break;
    case 'newly':
      // 新认定/新取得: on or after the policy's issue date, and already happened at the as-of date.
      if ((value as string) < scope.issued) trace.detail = 'before-issue';
      else if ((value as string) > scope.asOf) trace.detail = 'after-as-of';
      pass = trace.detail === undefined;
      break;
    case 'on_or_after':
      pass = (value as string) >= (c.value as string);
      break;
    case 'before':
      pass = (value as string) < (c.value as string);
      break;
    case 'at_least_years_ago':
      pass = addYears(value as string, c.value as number) <= scope.asOf;
      if (!pass) trace.detail = 'after-as-of';
      break;
    default:
      pass = false;
  }
  trace.outcome = pass ? 'pass' : 'fail';
  return trace;
}

/** The judgement facts a passing trace relied on: each becomes an assumption of the result. */
export function judgementsRelied(trace: ConditionTrace, out: Text[] = []): Text[] {
  if (trace.outcome !== 'pass') return out;
  if (trace.kind === 'fact' && trace.judgement && trace.factLabel) out.push(trace.factLabel);
  if (trace.kind === 'not') return out;
  for (const child of trace.children ?? []) judgementsRelied(child, out);
  return out;
}
