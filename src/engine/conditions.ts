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
export function evaluateCondition(c: CompiledCondition, scope: Scope, missing: string[]): ConditionTrace {
  if (c.type === 'all' || c.type === 'any') {
    const children: ConditionTrace[] = [];
    let anyFail = false;
    let anyMissing = false;
    let anyPass = false;
    for (const child of c.children) {
      const t = evaluateCondition(child, scope, missing);
      children.push(t);
      if (t.outcome === 'fail') anyFail = true;
      else if (t.outcome === 'missing') anyMissing = true;
      else anyPass = true;
    }
    let outcome: Outcome;
    if (c.type === 'all') outcome = anyFail ? 'fail' : anyMissing ? 'missing' : 'pass';
    else outcome = anyPass ? 'pass' : anyMissing ? 'missing' : 'fail';
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
  const isEnum = fact.type === 'enum';
  // Every leaf trace has the same shape (absent values are undefined, which JSON omits): one
  // hidden class for V8, which matters when a batch evaluates millions of leaves.
  const trace: ConditionTrace = {
    kind: 'fact',
    outcome: 'missing',
    label: c.label,
    children: undefined,
    fact: fact.path,
    path,
    factLabel: fact.label,
    op,
    expected: c.written,
    expectedLabels: isEnum ? expectedLabels(c) : undefined,
    seen: value === undefined ? null : show(value),
    seenLabel: isEnum ? choiceLabel(fact, value) : undefined,
    judgement: fact.judgement || undefined,
    changeable: fact.changeable || undefined,
    detail: undefined,
  };
  if (op === 'present') {
    trace.outcome = (value !== undefined) === c.value ? 'pass' : 'fail';
    return trace;
  }
  if (value === undefined) {
    if (!missing.includes(path)) missing.push(path);
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
