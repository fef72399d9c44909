import type { Case, CaseRecord } from '../case/model.js';
import type { CompiledExpr, CompiledItem, ListInfo, Policy } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { Money, toFen, todayIso, ZERO } from '../values/money.js';
import { type Scope, casePath, evaluateCondition, factValue, judgementsRelied } from './conditions.js';
import type { BasisFactor, CapStep, ConditionTrace, EvaluationResult, ItemResult, Line, Range, SharedCapResult, Status } from './result.js';

export interface EvaluateOptions {
  /** The date "newly recognised" and "a full year" are judged against (YYYY-MM-DD); default today. */
  asOf?: string;
  /**
   * Keep the full trace of every condition (default true). Off, the statuses, amounts, caps,
   * missing facts and assumptions are the same, but condition details are left out: for batch
   * runs, which never show them.
   */
  trace?: boolean;
}

const min = (a: Money, b: Money) => (a.lte(b) ? a : b);

/**
 * Evaluates every item of a policy for one case. Pure: no I/O, no clock unless asOf is omitted.
 * Amounts: basis × rate, then the per-record cap, then rounding to the fen (half-up); then the
 * per-applicant caps and the shared caps, which only ever lower fen amounts; totals sum rounded items.
 */
export function evaluate(policy: Policy, c: Case, options: EvaluateOptions = {}): EvaluationResult {
  const asOf = options.asOf ?? todayIso();
  const base: Scope = {
    facts: c.facts,
    record: undefined,
    recordPath: undefined,
    asOf,
    issued: policy.issued,
    industryIds: policy.industryIds,
    policy,
    parameters: c.parameters,
    trace: options.trace ?? true,
  };
  const kind = c.facts.kind as string;
  const items = policy.items.map((item) => evaluateItem(policy, item, c, base, kind));
  const sharedCaps = policy.sharedCaps.map((sc) => applySharedCap(sc, items));
  items.forEach((r, i) => {
    if (!Object.isFrozen(r)) finishItem(r, policy.items[i] as CompiledItem);
  });

  let low = ZERO;
  let high = ZERO;
  const counts = { applies: 0, unquantified: 0, doesNotApply: 0, cannotDetermine: 0 };
  for (const r of items) {
    if (r.status === 'applies' && r.amount) {
      low = low.plus(r.amount.low);
      high = high.plus(r.amount.high);
    }
    if (r.status === 'applies') counts[r.kind === 'amount' ? 'applies' : 'unquantified']++;
    else if (r.status === 'does-not-apply') counts.doesNotApply++;
    else counts.cannotDetermine++;
  }
  const industry = c.facts.industry as string | undefined;
  const industryFact = policy.facts.get('industry');
  return {
    policy: { id: policy.id, title: policy.title, issued: policy.issued, ...(policy.notice ? { notice: policy.notice } : {}) },
    asOf,
    applicant: {
      name: c.facts.name as string | undefined,
      kind,
      kindLabel: policy.facts.get('kind')?.choices.find((k) => k.id === kind)?.label,
      industry,
      industryLabel: industry ? industryFact?.choices.find((k) => k.id === industry)?.label : undefined,
      inScope: industry === undefined ? null : policy.industryIds.has(industry),
    },
    items,
    total: { low, high },
    sharedCaps,
    counts,
    ...(policy.budget ? { budget: { clause: policy.budget.clause, amount: policy.budget.amount, label: policy.budget.label } } : {}),
  };
}

function describeAward(item: CompiledItem): ItemResult['award'] {
  const a = item.award;
  const caps: ItemResult['award']['caps'] = item.caps.map((cap) => ({ amount: cap.amount, per: cap.per }));
  switch (a.kind) {
    case 'percent':
      return { form: 'percent', rate: a.rate, basisLabel: a.basisLabel, caps };
    case 'fixed':
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
}

// What does not depend on the case is built once per compiled item and shared by every result
// (results are read-only data): the award's description and the applicant-kind trace.
const awardCache = new WeakMap<CompiledItem, ItemResult['award']>();
const kindTraceCache = new WeakMap<CompiledItem, Map<string, ConditionTrace>>();

function cachedAward(item: CompiledItem): ItemResult['award'] {
  let award = awardCache.get(item);
  if (!award) {
    award = describeAward(item);
    awardCache.set(item, award);
  }
  return award;
}

/** A value built once per (item, applicant kind) and then shared. */
function perKind<T>(cache: WeakMap<CompiledItem, Map<string, T>>, item: CompiledItem, kind: string, build: () => T): T {
  let byKind = cache.get(item);
  if (!byKind) {
    byKind = new Map();
    cache.set(item, byKind);
  }
  let value = byKind.get(kind);
  if (value === undefined) {
    value = build();
    byKind.set(kind, value);
  }
  return value;
}

function kindTraceFor(policy: Policy, item: CompiledItem, kind: string): ConditionTrace {
  return perKind(kindTraceCache, item, kind, (): ConditionTrace => {
    const kindFact = policy.facts.get('kind');
    const label = (k: string) => kindFact?.choices.find((ch) => ch.id === k)?.label;
    return {
      kind: 'applicant-kind',
      outcome: item.applicants.includes(kind) ? 'pass' : 'fail',
      fact: 'kind',
      path: 'kind',
      factLabel: kindFact?.label,
      op: 'in',
      expected: item.applicants.join(', '),
      expectedLabels: item.applicants.map(label).filter((l): l is Text => !!l),
      seen: kind,
      seenLabel: label(kind),
    };
  });
}

// An item for another kind of applicant has the same result whatever the case says: built once
// per (item, kind) and shared, read-only (most items of a policy are not for a given applicant).
const otherKindCache = new WeakMap<CompiledItem, Map<string, ItemResult>>();

function otherKindResult(policy: Policy, item: CompiledItem, kind: string): ItemResult {
  return perKind(otherKindCache, item, kind, () => {
    const result = newItemResult(item);
    const kindTrace = kindTraceFor(policy, item, kind);
    result.lines.push({ status: 'does-not-apply', conditions: { kind: 'all', outcome: 'fail', children: [kindTrace] }, missing: [], caps: [], assumptions: [] });
    return deepFreeze(result);
  });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

function newItemResult(item: CompiledItem): ItemResult {
  return {
    id: item.id,
    clause: item.clause,
    title: item.title,
    quote: item.quote,
    applicants: item.applicants,
    kind: item.award.kind === 'unquantified' ? 'unquantified' : 'amount',
    award: cachedAward(item),
    years: item.years,
    periodLabel: item.periodLabel,
    status: 'does-not-apply',
    lines: [],
    missing: [],
    assumptions: [],
    interpretation: item.interpretation,
  };
}

function evaluateItem(policy: Policy, item: CompiledItem, c: Case, base: Scope, kind: string): ItemResult {
  // Wrong kind of applicant: nothing else is asked of it (a bank is never asked about workshops).
  if (!item.applicants.includes(kind)) return otherKindResult(policy, item, kind);
  const kindTrace = kindTraceFor(policy, item, kind);
  const result = newItemResult(item);
  if (!item.each) {
    result.lines.push(evaluateLine(item, base, kindTrace));
  } else {
    const entries = c.lists[item.each];
    const list = policy.lists.get(item.each);
    if (!entries || entries.length === 0) {
      // No entries: the item can still be ruled out by its applicant-level conditions.
      const missing: string[] = [];
      const when = item.when ? evaluateCondition(item.when, withRecord(base, EMPTY_RECORD, item.each), missing) : undefined;
      const entriesTrace: ConditionTrace = {
        kind: 'entries',
        outcome: entries ? 'fail' : 'missing',
        fact: item.each,
        path: item.each,
        factLabel: list?.label,
        seen: entries ? '0' : null,
        changeable: list?.changeable ?? false,
      };
      // With every entry field unknown, a condition that still fails is failed by the applicant's
      // own facts (three-valued logic), whatever entries might be added.
      const ruledOut = when?.outcome === 'fail';
      const status: Status = ruledOut || entries ? 'does-not-apply' : 'cannot-determine';
      const children = [kindTrace, entriesTrace, ...(when ? [when] : [])];
      const topMissing = missing.filter((p) => !p.startsWith(`${item.each}.`));
      result.lines.push({
        status,
        conditions: { kind: 'all', outcome: status === 'does-not-apply' ? 'fail' : 'missing', children },
        missing: status === 'cannot-determine' ? [item.each, ...topMissing] : [],
        caps: [],
        assumptions: [],
      });
    } else {
      entries.forEach((record, index) => {
        const recordPath = `${item.each}[${index}]`;
        const line = evaluateLine(item, withRecord(base, record, recordPath), kindTrace);
        const name = list ? cachedRecordName(record, list) : undefined;
        line.record = {
          list: item.each as string,
          index,
          itemLabel: list?.itemLabel ?? { zh: '条目', en: 'entry' },
          ...(typeof name === 'string' ? { name } : name ? { description: name } : {}),
        };
        result.lines.push(line);
      });
    }
  }
  applyApplicantCaps(item, result.lines);
  return result;
}

/**
 * How to name an entry to a person: its text fields (name, acquirer …) if it has any, else the
 * Chinese labels of its choices and its dates ("自治区级 示范智能车间 2019-05-01").
 */
const EMPTY_RECORD: CaseRecord = Object.freeze({}) as CaseRecord;

/** The scope for one list entry (written out, not spread: this is the hot path of a batch). */
function withRecord(base: Scope, record: CaseRecord, recordPath: string): Scope {
  return {
    facts: base.facts,
    record,
    recordPath,
    asOf: base.asOf,
    issued: base.issued,
    industryIds: base.industryIds,
    policy: base.policy,
    parameters: base.parameters,
    trace: base.trace,
  };
}

const nameCache = new WeakMap<CaseRecord, string | Text | undefined>();

function cachedRecordName(record: CaseRecord, list: ListInfo): string | Text | undefined {
  if (nameCache.has(record)) return nameCache.get(record);
  const name = recordName(record, list);
  nameCache.set(record, name);
  return name;
}

function recordName(record: CaseRecord, list: ListInfo): string | Text | undefined {
  const zh: string[] = [];
  const en: string[] = [];
  for (const field of list.fields.values()) {
    const v = record[field.name];
    if (typeof v !== 'string') continue;
    if (field.type === 'text') return v;
    if (field.type === 'enum') {
      const label = field.choices.find((c) => c.id === v)?.label;
      zh.unshift(label?.zh ?? v);
      en.unshift(label?.en ?? v);
    } else if (field.type === 'date') {
      zh.push(v);
      en.push(v);
    }
  }
  return zh.length ? { zh: zh.join(' '), en: en.join(', ') } : undefined;
}

function evaluateLine(item: CompiledItem, scope: Scope, kindTrace: ConditionTrace): Line {
  const missing: string[] = [];
  const when = item.when ? evaluateCondition(item.when, scope, missing) : undefined;
  const outcome = when?.outcome ?? 'pass';
  const conditions: ConditionTrace = { kind: 'all', outcome, children: when ? [kindTrace, when] : [kindTrace] };
  const line: Line = { status: 'does-not-apply', conditions, missing: [], caps: [], assumptions: [] };
  if (outcome === 'fail') return line;
  if (outcome === 'missing') {
    line.status = 'cannot-determine';
    line.missing = missing;
    return line;
  }
  line.assumptions = when ? judgementsRelied(when) : [];
  const award = item.award;
  if (award.kind === 'unquantified') {
    line.status = 'applies';
    return line;
  }
  let raw: Range;
  if (award.kind === 'percent') {
    const factors: BasisFactor[] = [];
    const basis = evaluateExpr(award.basis, scope, factors, missing);
    if (!basis) {
      line.status = 'cannot-determine';
      line.missing = missing;
      return line;
    }
    line.basis = { amount: basis, label: award.basisLabel ?? factors[0]?.label ?? { zh: '基数', en: 'basis' }, factors };
    line.rate = award.rate;
    raw = { low: basis.times(award.rate.low), high: basis.times(award.rate.high) };
  } else if (award.kind === 'fixed_by') {
    const v = factValue(award.by, scope);
    const amount = typeof v === 'string' ? award.amounts.get(v) : undefined;
    if (v === undefined) {
      line.status = 'cannot-determine';
      line.missing = [casePath(award.by, scope)];
      return line;
    }
    if (!amount) {
      // The text names no amount for this value (e.g. a city-level smart factory).
      line.conditions.children?.push({
        kind: 'fact', outcome: 'fail', fact: award.by.path, path: casePath(award.by, scope), factLabel: award.by.label,
        op: 'in', expected: [...award.amounts.keys()].join(', '), seen: String(v),
        seenLabel: award.by.choices.find((ch) => ch.id === v)?.label,
      });
      line.conditions.outcome = 'fail';
      return line;
    }
    line.fixed = amount;
    raw = { low: amount, high: amount };
  } else {
    line.fixed = award.amount;
    raw = award.kind === 'up_to' ? { low: ZERO, high: award.amount } : { low: award.amount, high: award.amount };
  }
  line.status = 'applies';
  line.raw = raw;
  let current = raw;
  for (const cap of item.caps) {
    if (cap.per !== 'record' && item.each) continue;
    current = capStep(line, cap.per === 'record' ? 'record' : 'applicant', cap.amount, current, cap.label);
  }
  line.perYear = { low: toFen(current.low), high: toFen(current.high) };
  return line;
}

function capStep(line: Line, scope: CapStep['scope'], amount: Money, before: Range, label?: Text, extra: Partial<CapStep> = {}): Range {
  const after = { low: min(before.low, amount), high: min(before.high, amount) };
  line.caps.push({
    scope, amount, before, after, bindsLow: after.low.lt(before.low), bindsHigh: after.high.lt(before.high),
    ...(label ? { label } : {}), ...extra,
  });
  return after;
}

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
    let acc: Money | undefined = new Money(1);
    for (const f of e.factors) {
      const v = evaluateExpr(f, scope, factors, missing);
      acc = v && acc ? acc.times(v) : undefined;
    }
    return acc;
  }
  return evaluateParam(e, scope, factors, missing);
}

function evaluateParam(e: Extract<CompiledExpr, { type: 'param' }>, scope: Scope, factors: BasisFactor[], missing: string[]): Money | undefined {
  const param = scope.policy.parameters.get(e.param);
  if (!param) return undefined;
  let key: string | undefined;
  if (e.key) {
    const k = factValue(e.key, scope);
    if (k === undefined) {
      missing.push(casePath(e.key, scope));
      return undefined;
    }
    key = String(k);
  }
  const atValue = e.at ? factValue(e.at, scope) : undefined;
  const date = typeof atValue === 'string' ? atValue : scope.asOf;
  const override = scope.parameters[e.param];
  const label = param.label;
  const path = key ? `${e.param}.${key}` : e.param;
  if (override !== undefined) {
    const v = Money.isDecimal(override) ? (override as Money) : key ? (override as Record<string, Money>)[key] : undefined;
    if (v) {
      factors.push({ kind: 'parameter', label, path, value: v, overridden: true, ...(key ? { key } : {}) });
      return v;
    }
  }
  let entry = undefined as (typeof param.schedule)[number] | undefined;
  for (const s of param.schedule) if (s.from <= date) entry = s;
  const value = entry ? (key ? entry.values?.get(key) : entry.value) : undefined;
  if (!entry || !value) {
    missing.push(path);
    return undefined;
  }
  factors.push({
    kind: 'parameter', label, path, value, from: entry.from,
    ...(key ? { key } : {}), ...(e.at && typeof atValue !== 'string' ? { atAsOf: true } : {}),
  });
  return value;
}

/** Per-applicant caps across the entries of one item: allocated to entries in the order given. */
function applyApplicantCaps(item: CompiledItem, lines: Line[]) {
  if (!item.each) return;
  for (const cap of item.caps) {
    if (cap.per !== 'applicant') continue;
    allocate(lines.filter((l) => l.status === 'applies' && l.perYear), cap.amount, (line, before, after) => {
      line.caps.push({
        scope: 'applicant', amount: cap.amount, before, after,
        bindsLow: after.low.lt(before.low), bindsHigh: after.high.lt(before.high), ...(cap.label ? { label: cap.label } : {}),
      });
      line.perYear = after;
    });
  }
}

/**
 * Lowers a set of fen amounts so their sum is at most `cap`, taking from the last ones first
 * (the earlier entries keep what they earned). Low and high ends are allocated separately.
 */
function allocate(lines: Line[], cap: Money, apply: (line: Line, before: Range, after: Range) => void) {
  if (lines.length === 0) return;
  let sumHigh = ZERO;
  for (const line of lines) sumHigh = sumHigh.plus((line.perYear as Range).high);
  if (sumHigh.lte(cap)) {
    // Not binding (low ≤ high, so neither end is lowered): the trace still records the cap.
    for (const line of lines) apply(line, line.perYear as Range, line.perYear as Range);
    return;
  }
  let leftLow = cap;
  let leftHigh = cap;
  for (const line of lines) {
    const before = line.perYear as Range;
    const after = { low: min(before.low, leftLow), high: min(before.high, leftHigh) };
    leftLow = leftLow.minus(after.low);
    leftHigh = leftHigh.minus(after.high);
    apply(line, before, after);
  }
}

function applySharedCap(sc: Policy['sharedCaps'][number], items: ItemResult[]): SharedCapResult {
  const lines: Line[] = [];
  for (const r of items) {
    if (!sc.items.includes(r.id)) continue;
    for (const l of r.lines) if (l.status === 'applies' && l.perYear) lines.push(l);
  }
  const sum = (ls: Line[]): Range => {
    let low = ZERO;
    let high = ZERO;
    for (const l of ls) {
      low = low.plus((l.perYear as Range).low);
      high = high.plus((l.perYear as Range).high);
    }
    return { low, high };
  };
  const before = sum(lines);
  allocate(lines, sc.amount, (line, b, after) => {
    line.caps.push({
      scope: 'shared', id: sc.id, clause: sc.clause, label: sc.title, amount: sc.amount, before: b, after,
      bindsLow: after.low.lt(b.low), bindsHigh: after.high.lt(b.high),
    });
    line.perYear = after;
  });
  const after = sum(lines);
  return { id: sc.id, clause: sc.clause, title: sc.title, amount: sc.amount, items: sc.items, before, after, binds: after.high.lt(before.high) || after.low.lt(before.low) };
}

/** Item status and amount from its lines, once all caps are applied. */
function finishItem(r: ItemResult, item: CompiledItem) {
  const statuses = r.lines.map((l) => l.status);
  r.status = statuses.includes('applies') ? 'applies' : statuses.includes('cannot-determine') ? 'cannot-determine' : 'does-not-apply';
  const missing: string[] = [];
  const assumptions: Text[] = [];
  let low = ZERO;
  let high = ZERO;
  for (const line of r.lines) {
    for (const m of line.missing) if (!missing.includes(m)) missing.push(m);
    if (line.status !== 'applies') continue;
    for (const a of line.assumptions) if (!assumptions.some((x) => x.zh === a.zh)) assumptions.push(a);
    if (line.perYear) {
      line.amount = { low: line.perYear.low.times(r.years), high: line.perYear.high.times(r.years) };
      low = low.plus(line.amount.low);
      high = high.plus(line.amount.high);
    }
  }
  r.missing = r.status === 'cannot-determine' ? missing : [];
  r.assumptions = r.status === 'applies' ? [...item.assumptions, ...assumptions] : [];
  if (r.status === 'applies' && r.kind === 'amount') r.amount = { low, high };
}
