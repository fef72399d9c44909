import type { Case, CaseRecord } from '../case/model.js';
import type { CompiledItem, ListInfo, Policy } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { yearOf } from '../values/dates.js';
import { ZERO } from '../values/money.js';
import { awardBeforeCaps, describeAward } from './award.js';
import { deepFreeze, perItem, perKind } from './caches.js';
import { add, applyApplicantCaps, applyLineCaps, sumRanges } from './caps.js';
import { casePath, evaluateCondition, factValue, judgementsRelied, type Scope } from './conditions.js';
import { type EntryRef, entryRefs } from './entries.js';
import { combineLevels } from './levels.js';
import { windowFrom } from './periods.js';
import type { ConditionTrace, Instalment, ItemResult, Line, Status } from './result.js';
import { roundToFen } from './rounding.js';

// One item for one case: a line per entry of its list (or one line), each taken through the
// engine's steps — conditions, award before caps, per-record caps, rounding — then the item's
// per-applicant caps across its lines. Shared caps and the period come after (evaluate.ts).

const kindTraceCache = new WeakMap<CompiledItem, Map<string, ConditionTrace>>();

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

export function otherKindResult(policy: Policy, item: CompiledItem, kind: string): ItemResult {
  return perKind(otherKindCache, item, kind, () => {
    const result = newItemResult(item);
    const kindTrace = kindTraceFor(policy, item, kind);
    result.lines.push({ status: 'does-not-apply', conditions: { kind: 'all', outcome: 'fail', children: [kindTrace] }, missing: [], caps: [], assumptions: [] });
    return deepFreeze(result);
  });
}

/** The fields of an item's result that do not depend on the case, in the result's order. */
export interface ItemAbout {
  id: string;
  clause: string;
  title: ItemResult['title'];
  quote: string;
  applicants: string[];
  kind: ItemResult['kind'];
  award: ItemResult['award'];
  years: number;
  periodLabel: ItemResult['periodLabel'];
}

const aboutCache = new WeakMap<CompiledItem, ItemAbout>();

/**
 * What every result says about an item, built once per item: items compiled under readings are
 * copies of other shapes, and every case's result reads these objects of one shape instead.
 */
export function aboutItem(item: CompiledItem): ItemAbout {
  return perItem(aboutCache, item, () => ({
    id: item.id,
    clause: item.clause,
    title: item.title,
    quote: item.quote,
    applicants: item.applicants,
    kind: item.award.kind === 'unquantified' ? 'unquantified' : 'amount',
    award: describeAward(item),
    years: item.years,
    periodLabel: item.periodLabel,
  }));
}

function newItemResult(item: CompiledItem): ItemResult {
  const a = aboutItem(item);
  // Written out, not spread: a spread and then more keys gives V8 a slow object, read all through evaluation.
  return {
    id: a.id, clause: a.clause, title: a.title, quote: a.quote, applicants: a.applicants, kind: a.kind, award: a.award, years: a.years, periodLabel: a.periodLabel,
    status: 'does-not-apply', lines: [], missing: [], assumptions: [], interpretation: item.interpretation,
  };
}

/** What an item is for one kind of applicant: its shared result if not for that kind, else its kind trace. */
type KindPlan = { other: ItemResult; kindTrace?: undefined } | { other?: undefined; kindTrace: ConditionTrace };

// The plans of a policy's items (as read under some readings) for one kind of applicant: built once.
const planCache = new WeakMap<readonly CompiledItem[], Map<string, KindPlan[]>>();

function plansFor(policy: Policy, items: readonly CompiledItem[], kind: string): KindPlan[] {
  return perKind(planCache, items, kind, () =>
    items.map((item) =>
      // Wrong kind of applicant: nothing else is asked of it (a bank is never asked about workshops).
      item.applicants.includes(kind) ? { kindTrace: kindTraceFor(policy, item, kind) } : { other: otherKindResult(policy, item, kind) },
    ),
  );
}

/** Every item of the policy (as read) for one case, in order. */
export function evaluateItems(policy: Policy, items: readonly CompiledItem[], c: Case, base: Scope, kind: string): ItemResult[] {
  const plans = plansFor(policy, items, kind);
  const out: ItemResult[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    const plan = plans[i] as KindPlan;
    out[i] = plan.other ?? evaluateApplicable(items[i] as CompiledItem, plan.kindTrace as ConditionTrace, policy, c, base);
  }
  return out;
}

function evaluateApplicable(item: CompiledItem, kindTrace: ConditionTrace, policy: Policy, c: Case, base: Scope): ItemResult {
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
      // An empty list with a condition that kept no details (no trace, no judgement relied on):
      // the item does not apply, and reads the same for every such case. Built once, shared.
      if (entries && (!when || Object.isFrozen(when))) return emptyListResult(item, kindTrace, list, when);
      const entriesTrace = noEntriesTrace(item, item.each, list, entries !== undefined);
      // With every entry field unknown, a condition that still fails is failed by the applicant's
      // own facts (three-valued logic), whatever entries might be added.
      const ruledOut = when?.outcome === 'fail';
      const status: Status = ruledOut || entries ? 'does-not-apply' : 'cannot-determine';
      const children = [kindTrace, entriesTrace, ...(when ? [when] : [])];
      const prefix = `${item.each}.`;
      result.lines.push({
        status,
        conditions: { kind: 'all', outcome: status === 'does-not-apply' ? 'fail' : 'missing', children },
        missing: status === 'cannot-determine' ? [item.each, ...missing.filter((p) => !p.startsWith(prefix))] : [],
        caps: [],
        assumptions: [],
      });
    } else {
      const refs = entryRefs(item.each, entries, list);
      for (let index = 0; index < entries.length; index++) {
        const ref = refs[index] as EntryRef;
        const line = evaluateLine(item, withRecord(base, entries[index] as CaseRecord, ref.path), kindTrace);
        line.record = ref.record;
        result.lines.push(line);
      }
      combineLevels(item, result.lines, entries);
    }
  }
  for (const line of result.lines) setInstalments(item, line);
  applyApplicantCaps(item, result.lines);
  return result;
}

/**
 * What a line pays in each year, before the caps across lines: once, in the year of its event;
 * or for each year of its window that counts under the policy (the older `period` form: N times).
 */
function setInstalments(item: CompiledItem, line: Line) {
  if (line.status !== 'applies' || !line.perYear) return;
  const perYear = line.perYear;
  let instalments: Instalment[];
  if (line.window) {
    const w = item.window;
    const byEnd = w?.yearOf === 'end';
    instalments = line.window.years
      .filter((y) => y.counts && (!y.future || w?.futureYears !== false))
      .map((y) => ({ year: yearOf(byEnd ? y.to : y.from), n: y.n, from: y.from, amount: perYear, ...(y.future ? { future: true } : {}) }));
  } else if (item.years > 1) {
    instalments = Array.from({ length: item.years }, (_, i) => ({ n: i + 1, amount: perYear }));
  } else {
    instalments = [line.event ? { year: line.event.year, amount: perYear } : { amount: perYear }];
  }
  line.instalments = instalments;
}

// "No entries" (an empty list) and "entries not stated" read the same for every case: built once per item.
const noEntriesCache = new WeakMap<CompiledItem, [ConditionTrace?, ConditionTrace?]>();

function noEntriesTrace(item: CompiledItem, listId: string, list: ListInfo | undefined, stated: boolean): ConditionTrace {
  let pair = noEntriesCache.get(item);
  if (!pair) {
    pair = [];
    noEntriesCache.set(item, pair);
  }
  const at = stated ? 1 : 0;
  let trace = pair[at];
  if (!trace) {
    trace = Object.freeze({
      kind: 'entries',
      outcome: stated ? 'fail' : 'missing',
      fact: listId,
      path: listId,
      factLabel: list?.label,
      seen: stated ? '0' : null,
      changeable: list?.changeable ?? false,
    }) as ConditionTrace;
    pair[at] = trace;
  }
  return trace;
}

const emptyListCache = new WeakMap<ConditionTrace, Map<ConditionTrace | undefined, ItemResult>>();

function emptyListResult(item: CompiledItem, kindTrace: ConditionTrace, list: ListInfo | undefined, when: ConditionTrace | undefined): ItemResult {
  return perKind(emptyListCache, kindTrace, when, () => {
    const result = newItemResult(item);
    result.lines.push({
      status: 'does-not-apply',
      conditions: { kind: 'all', outcome: 'fail', children: [kindTrace, noEntriesTrace(item, item.each as string, list, true), ...(when ? [when] : [])] },
      missing: [],
      caps: [],
      assumptions: [],
    });
    return deepFreeze(result);
  });
}

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

const failedCache = new WeakMap<ConditionTrace, Map<ConditionTrace, ConditionTrace>>();

function failedConditions(kindTrace: ConditionTrace, when: ConditionTrace): ConditionTrace {
  return perKind(failedCache, kindTrace, when, () => Object.freeze({ kind: 'all', outcome: 'fail', children: Object.freeze([kindTrace, when]) }) as ConditionTrace);
}

/** One line: conditions, then the award before caps, the per-record caps, and rounding to the fen. */
function evaluateLine(item: CompiledItem, scope: Scope, kindTrace: ConditionTrace): Line {
  const missing: string[] = [];
  const when = item.when ? evaluateCondition(item.when, scope, missing) : undefined;
  const outcome = when?.outcome ?? 'pass';
  // A failed line whose condition kept no details reads the same for every case: its conditions
  // are shared, read-only (only a passing line's conditions are added to, by its award).
  if (outcome === 'fail' && when && Object.isFrozen(when)) {
    return { status: 'does-not-apply', conditions: failedConditions(kindTrace, when), missing: [], caps: [], assumptions: [] };
  }
  const conditions: ConditionTrace = { kind: 'all', outcome, children: when ? [kindTrace, when] : [kindTrace] };
  const line: Line = { status: 'does-not-apply', conditions, missing: [], caps: [], assumptions: [] };
  if (outcome === 'fail') return line;
  if (outcome === 'missing') {
    line.status = 'cannot-determine';
    line.missing = missing;
    return line;
  }
  line.assumptions = when ? judgementsRelied(when) : [];
  if (item.event) {
    const date = factValue(item.event.fact, scope) as string;
    line.event = { date, path: casePath(item.event.fact, scope), year: yearOf(date) };
  }
  if (item.window) {
    line.window = windowFrom(item.window, factValue(item.window.fact, scope) as string, casePath(item.window.fact, scope), scope.asOf);
  }
  if (item.award.kind === 'unquantified') {
    line.status = 'applies';
    return line;
  }
  const raw = awardBeforeCaps(item, line, scope, missing);
  if (!raw) return line;
  line.status = 'applies';
  line.raw = raw;
  line.perYear = roundToFen(applyLineCaps(item, line, raw));
  return line;
}

/** Item status and amount from its lines, once all caps are applied: each line over its period. */
export function finishItem(r: ItemResult, item: CompiledItem) {
  let applies = false;
  let undetermined = false;
  for (const line of r.lines) {
    if (line.status === 'applies') applies = true;
    else if (line.status === 'cannot-determine') undetermined = true;
  }
  r.status = applies ? 'applies' : undetermined ? 'cannot-determine' : 'does-not-apply';
  // Sets beside the lists: one applicant of 20,000 rows has 20,000 lines (linear, not 20,000²).
  const missing = new Set<string>();
  const assumptions = new Map<string, Text>();
  let low = ZERO;
  let high = ZERO;
  for (const line of r.lines) {
    for (const m of line.missing) missing.add(m);
    if (line.status !== 'applies') continue;
    for (const a of line.assumptions) if (!assumptions.has(a.zh)) assumptions.set(a.zh, a);
    if (line.instalments) {
      line.amount = line.instalments.length === 1 ? { ...(line.instalments[0] as Instalment).amount } : sumRanges(line.instalments.map((i) => i.amount));
      // A one-off line pays its one instalment: its amount after every cap.
      if (!line.window && line.instalments.length === 1) line.perYear = (line.instalments[0] as Instalment).amount;
      if (line.window) {
        for (const y of line.window.years) {
          const paid = line.instalments.find((i) => i.n === y.n);
          if (paid) y.amount = paid.amount;
        }
        if (line.instalments.some((i) => i.future)) line.earned = sumRanges(line.instalments.filter((i) => !i.future).map((i) => i.amount));
      }
      low = add(low, line.amount.low);
      high = add(high, line.amount.high);
    }
  }
  r.missing = r.status === 'cannot-determine' ? [...missing] : [];
  r.assumptions = r.status === 'applies' ? [...item.assumptions, ...assumptions.values()] : [];
  if (r.status === 'applies' && r.kind === 'amount') r.amount = { low, high };
}
