import type { Case, CaseRecord, FactValue } from '../case/model.js';
import type { CompiledCondition, CompiledItem, ConditionValue, FactRef, ListInfo, PeriodBounds, Policy, WindowSpec } from '../policy/model.js';
import { itemsUnder } from '../policy/readings.js';
import type { Text } from '../policy/schema.js';
import { addYears, compareDates } from '../values/dates.js';
import { Money, ZERO } from '../values/money.js';
import { evaluate } from './evaluate.js';
import type { ConditionTrace, EvaluationResult, Line, Range } from './result.js';

// Near misses: what the applicant could still obtain or change to receive more.
//
// Which conditions an applicant can change is the policy's data (`changeable: true` on a fact, a
// list field, or a list the applicant can add entries to, such as recognitions); nothing here
// knows any policy. Every amount is found the same way: build the changed case, evaluate it with
// the engine, and take the difference of the totals. So caps, per-applicant caps and shared caps
// are honoured exactly, and the number shown is the number `estimate` would print after the change.

/** One thing the applicant would need: a fact to change, or an entry to add to a list. */
export interface OpportunityNeed {
  /** The case path to change (projects[0].higher_level_funding), or the list to add to. */
  path: string;
  label: Text;
  /** The value that would qualify, as the policy writes it, and its label for a choice. */
  needed?: string;
  neededLabel?: Text;
  /** For a condition only time can meet (a full year of operation): the first date it is met. */
  reachedOn?: string;
  /** For a new entry: the entry (e.g. 国家级 示范智能工厂) and what it alone would add. */
  entry?: Text;
  adds?: Range;
}

export interface Opportunity {
  itemId: string;
  clause: string;
  title: Text;
  /**
   * change: an entry or fact the case states fails only on changeable conditions;
   * new-entry: a list the applicant can add to (a recognition not yet obtained).
   */
  kind: 'change' | 'new-entry';
  /**
   * What the applicant would need to change or obtain. For a change, all of them; for a new
   * entry, any one of them (each with its own amount, best first).
   */
  missing: OpportunityNeed[];
  /** What it would add to the total (low–high); for a new entry, from the smallest to the largest alternative. */
  adds: Range;
  /** change: the list entry concerned, when the item is evaluated per entry. */
  entry?: { list: string; index: number; name?: string; description?: Text };
}

export interface OpportunityOptions {
  /** Return at most this many (the best by the high end of what they add). */
  limit?: number;
}

/**
 * The items (or entries) that do not apply only because of conditions the applicant could
 * change, with what each change would add. Pure and deterministic: sorted by the high end of
 * what it adds, then the low end, then the policy's order.
 */
export function findOpportunities(policy: Policy, c: Case, result: EvaluationResult, options: OpportunityOptions = {}): Opportunity[] {
  const kind = c.facts.kind as string | undefined;
  const found: { opp: Opportunity; order: number }[] = [];
  const seenEntries = new Set<string>();
  // The items as the readings in force read them, so that each change is judged as estimate judges it.
  itemsUnder(policy, choicesOf(result)).forEach((item, index) => {
    const r = result.items[index];
    if (!r || r.id !== item.id || r.kind !== 'amount' || !kind || !item.applicants.includes(kind)) return;
    for (const opp of changeOpportunities(policy, c, result, item, index)) found.push({ opp, order: index * 10_000 + (opp.entry?.index ?? 0) });
    const added = newEntryOpportunity(policy, c, result, item, index, seenEntries);
    if (added) found.push({ opp: added, order: index * 10_000 + 9_999 });
  });
  found.sort((a, b) => b.opp.adds.high.comparedTo(a.opp.adds.high) || b.opp.adds.low.comparedTo(a.opp.adds.low) || a.order - b.order);
  const opps = found.map((f) => f.opp);
  return options.limit === undefined ? opps : opps.slice(0, options.limit);
}

// ---- an entry or fact that fails only on changeable conditions ----

interface Fix {
  leaf: Extract<CompiledCondition, { type: 'leaf' }>;
  trace: ConditionTrace;
  value: FactValue;
  reachedOn?: string;
}

function changeOpportunities(policy: Policy, c: Case, result: EvaluationResult, item: CompiledItem, index: number): Opportunity[] {
  const r = result.items[index];
  if (!r || !item.when) return [];
  const out: Opportunity[] = [];
  r.lines.forEach((line, lineIndex) => {
    if (line.status !== 'does-not-apply') return;
    // [applicant kind, the item's conditions]; a third child is the award's own refusal (a level
    // the text names no amount for), which no change of a stated fact can mend.
    const [kindTrace, whenTrace, extra] = line.conditions.children ?? [];
    if (kindTrace?.outcome !== 'pass' || !whenTrace || extra) return;
    if (item.each && !line.record) return; // no entries at all: see newEntryOpportunity
    const fixes = blocking(item.when as CompiledCondition, whenTrace, result.asOf, policy.issued);
    if (!fixes || fixes.length === 0) return;
    const changed = applyFixes(c, fixes, item.each, lineIndex);
    const after = evaluate(policy, changed, { asOf: result.asOf, readings: choicesOf(result) });
    const newLine = after.items[index]?.lines[lineIndex];
    const adds = difference(after.total, result.total);
    if (newLine?.status !== 'applies' || !adds.high.gt(0)) return;
    out.push({
      itemId: item.id,
      clause: item.clause,
      title: item.title,
      kind: 'change',
      // Two conditions on one date (a full year of operation, the window it opens) are one thing to wait for.
      missing: fixes.map((f) => need(f)).filter((n, i, all) => all.findIndex((m) => m.path === n.path) === i),
      adds,
      ...(line.record ? { entry: entryOf(line) } : {}),
    });
  });
  return out;
}

function entryOf(line: Line): NonNullable<Opportunity['entry']> {
  const rec = line.record as NonNullable<Line['record']>;
  return { list: rec.list, index: rec.index, ...(rec.name ? { name: rec.name } : {}), ...(rec.description ? { description: rec.description } : {}) };
}

function need(f: Fix): OpportunityNeed {
  const label = f.leaf.label ?? f.leaf.fact.label;
  const neededLabel = typeof f.value === 'string' ? f.leaf.fact.choices.find((ch) => ch.id === f.value)?.label : undefined;
  const timed = f.leaf.op === 'at_least_years_ago' || f.leaf.op === 'newly' || f.leaf.op === 'on_or_after' || f.leaf.op === 'in_period' || f.leaf.op === 'window';
  return {
    path: f.trace.path ?? f.leaf.fact.path,
    label,
    ...(timed ? {} : { needed: typeof f.value === 'object' ? f.leaf.written : String(f.value) }),
    ...(neededLabel ? { neededLabel } : {}),
    ...(f.reachedOn ? { reachedOn: f.reachedOn } : {}),
  };
}

/**
 * The failing leaves that stand between a trace and a pass, if every one of them is on a
 * changeable fact and has a value that would meet it; undefined when some reason cannot be
 * changed (the industry, the applicant kind, a date in the past). For "any", the branch needing
 * the fewest changes; a "not" is never reasoned about (undefined when it fails).
 */
function blocking(c: CompiledCondition, t: ConditionTrace, asOf: string, issued: string): Fix[] | undefined {
  if (t.outcome === 'pass') return [];
  if (t.outcome === 'missing') return undefined;
  if (c.type === 'all') {
    const fixes: Fix[] = [];
    for (let i = 0; i < c.children.length; i++) {
      const sub = blocking(c.children[i] as CompiledCondition, t.children?.[i] as ConditionTrace, asOf, issued);
      if (!sub) return undefined;
      fixes.push(...sub);
    }
    return fixes;
  }
  if (c.type === 'any') {
    let best: Fix[] | undefined;
    for (let i = 0; i < c.children.length; i++) {
      const sub = blocking(c.children[i] as CompiledCondition, t.children?.[i] as ConditionTrace, asOf, issued);
      if (sub && (!best || sub.length < best.length)) best = sub;
    }
    return best;
  }
  if (c.type === 'not') return undefined;
  if (!c.fact.changeable) return undefined;
  const fix = meetingValue(c, t.seen ?? undefined, asOf, issued);
  return fix ? [{ leaf: c, trace: t, ...fix }] : undefined;
}

/** A value of the leaf's fact that meets it (for dates: the earliest date that does, at the as-of date). */
function meetingValue(
  c: Extract<CompiledCondition, { type: 'leaf' }>,
  seen: string | undefined,
  asOf: string,
  issued: string,
): { value: FactValue; reachedOn?: string } | undefined {
  const v = c.value;
  switch (c.op) {
    case 'eq':
    case 'is':
    case 'gte':
    case 'lte':
      return { value: v as ConditionValue };
    case 'in':
      return Array.isArray(v) && v.length ? { value: v[0] as ConditionValue } : undefined;
    case 'newly':
      return withinPeriod({ from: issued }, seen, asOf);
    case 'in_period':
      return withinPeriod(v as PeriodBounds, seen, asOf);
    case 'window': {
      // A window that has not begun by the as-of date begins on the day it would; a new entry's
      // window begins on the as-of date.
      const spec = v as WindowSpec;
      const value = addYears(asOf, -spec.afterYears);
      if (!seen) return compareDates(asOf, spec.from) >= 0 ? { value } : undefined;
      const start = addYears(seen, spec.afterYears);
      return compareDates(start, asOf) > 0 && compareDates(start, spec.from) >= 0 ? { value, reachedOn: start } : undefined;
    }
    case 'on_or_after':
      return compareDates(v as string, asOf) <= 0 ? { value: v as string } : undefined;
    case 'at_least_years_ago':
      return { value: addYears(asOf, -(v as number)), ...(seen ? { reachedOn: addYears(seen, v as number) } : {}) };
    default:
      // gt, lt, ne, not_in, before, present, in_scope: no single value to suggest.
      return undefined;
  }
}

/**
 * A date within the policy's period by the as-of date: an event dated after the as-of date (but
 * within the period) is met on its own date; a new entry is dated at the as-of date.
 */
function withinPeriod(bounds: PeriodBounds, seen: string | undefined, asOf: string): { value: FactValue; reachedOn?: string } | undefined {
  const inPolicy = (d: string) => compareDates(d, bounds.from) >= 0 && (bounds.until === undefined || compareDates(d, bounds.until) <= 0);
  if (seen && inPolicy(seen) && compareDates(seen, asOf) > 0) return { value: asOf, reachedOn: seen };
  return inPolicy(asOf) ? { value: asOf } : undefined;
}

/** The readings a result was evaluated under, as choices to evaluate a changed case under. */
function choicesOf(result: EvaluationResult): Record<string, string> {
  return Object.fromEntries((result.readings ?? []).map((r) => [r.id, r.alternative]));
}

function applyFixes(c: Case, fixes: Fix[], list: string | undefined, index: number): Case {
  const facts = { ...c.facts };
  const lists = { ...c.lists };
  for (const f of fixes) {
    if (f.leaf.fact.list) {
      const entries = [...(lists[f.leaf.fact.list] ?? [])];
      if (f.leaf.fact.list !== list || !entries[index]) continue;
      entries[index] = { ...entries[index], [f.leaf.fact.name]: f.value };
      lists[f.leaf.fact.list] = entries;
    } else {
      facts[f.leaf.fact.name] = f.value;
    }
  }
  return { ...c, facts, lists };
}

// ---- a new entry in a list the applicant can add to (a recognition not yet obtained) ----

/** The most entries tried per item: the product of the values its conditions name. */
const MAX_CANDIDATES = 256;

function newEntryOpportunity(
  policy: Policy,
  c: Case,
  result: EvaluationResult,
  item: CompiledItem,
  index: number,
  seenEntries: Set<string>,
): Opportunity | undefined {
  if (!item.each) return undefined;
  const list = policy.lists.get(item.each);
  const entries = c.lists[item.each];
  // A list the case did not state is a question for the applicant (the estimate asks for it),
  // not something to obtain: suggest new entries only where the case says what it already has.
  if (!list?.changeable || entries === undefined) return undefined;
  const first = result.items[index]?.lines[0];
  if (first && applicantLevelBlock(first.conditions)) return undefined;
  const candidates = candidateRecords(item, list, result.asOf, policy.issued);
  const alternatives: (OpportunityNeed & { adds: Range })[] = [];
  for (const record of candidates) {
    if (entries.some((e) => sameEntry(e, record, list))) continue; // it already has this one
    const key = `${item.each}:${JSON.stringify(record)}`;
    if (seenEntries.has(key)) continue;
    const after = evaluate(policy, { ...c, lists: { ...c.lists, [item.each]: [...entries, record] } }, { asOf: result.asOf, readings: choicesOf(result) });
    const lines = after.items[index]?.lines ?? [];
    const adds = difference(after.total, result.total);
    if (lines[lines.length - 1]?.status !== 'applies' || !adds.high.gt(0)) continue;
    seenEntries.add(key);
    alternatives.push({ path: item.each, label: list.itemLabel, entry: describeEntry(record, list), adds });
  }
  const [best] = alternatives.sort((a, b) => b.adds.high.comparedTo(a.adds.high) || b.adds.low.comparedTo(a.adds.low));
  if (!best) return undefined;
  const low = alternatives.reduce((m, a) => Money.min(m, a.adds.low), best.adds.low);
  return { itemId: item.id, clause: item.clause, title: item.title, kind: 'new-entry', missing: alternatives, adds: { low, high: best.adds.high } };
}

/** True when a fact outside the entries fails and cannot be changed (the industry, say). */
function applicantLevelBlock(t: ConditionTrace): boolean {
  if (t.kind === 'applicant-kind') return t.outcome === 'fail';
  if (t.kind === 'fact') return t.outcome === 'fail' && !t.changeable && !(t.path ?? '').includes('.') && !(t.path ?? '').includes('[');
  if (t.kind === 'all') return (t.children ?? []).some(applicantLevelBlock);
  return false;
}

/**
 * The entries that might qualify, built from the item's own conditions on the entry's fields:
 * each value an eq/in/is names, and for dates the as-of date (newly) or the date that makes
 * "at least N years" true. Fields the conditions do not constrain stay unstated.
 */
function candidateRecords(item: CompiledItem, list: ListInfo, asOf: string, issued: string): CaseRecord[] {
  const values = new Map<string, FactValue[]>();
  const add = (fact: FactRef, v: FactValue) => {
    const vs = values.get(fact.name) ?? [];
    if (!vs.some((x) => same(x, v))) vs.push(v);
    values.set(fact.name, vs);
  };
  const walk = (cond: CompiledCondition) => {
    if (cond.type === 'all' || cond.type === 'any') cond.children.forEach(walk);
    else if (cond.type === 'not') return;
    else if (cond.fact.list === list.id) {
      if (cond.op === 'in' && Array.isArray(cond.value)) for (const v of cond.value) add(cond.fact, v as ConditionValue);
      else {
        const m = meetingValue(cond, undefined, asOf, issued);
        if (m) add(cond.fact, m.value);
      }
    }
  };
  if (item.when) walk(item.when);
  if (item.award.kind === 'fixed_by' && item.award.by.list === list.id && !values.has(item.award.by.name)) {
    for (const k of item.award.amounts.keys()) add(item.award.by, k);
  }
  // In the list's field order, so that the entries (and the output) come in a stable order.
  const fields = [...list.fields.keys()].filter((f) => values.has(f));
  let records: CaseRecord[] = [{}];
  for (const f of fields) {
    const next: CaseRecord[] = [];
    for (const r of records) for (const v of values.get(f) ?? []) next.push({ ...r, [f]: v });
    records = next;
    if (records.length > MAX_CANDIDATES) return records.slice(0, MAX_CANDIDATES);
  }
  return fields.length ? records : [];
}

/** The same recognition already held: equal on every field the candidate states, dates aside. */
function sameEntry(existing: CaseRecord, candidate: CaseRecord, list: ListInfo): boolean {
  return Object.entries(candidate).every(([f, v]) => list.fields.get(f)?.type === 'date' || (existing[f] !== undefined && same(existing[f] as FactValue, v as FactValue)));
}

function same(a: FactValue, b: FactValue): boolean {
  if (typeof a === 'object' && typeof b === 'object') return a.eq(b);
  return a === b;
}

/** An entry in words from its choices and yes/no fields, broadest first (自治区级 示范智能车间). */
function describeEntry(record: CaseRecord, list: ListInfo): Text {
  const zh: string[] = [];
  const en: string[] = [];
  for (const field of list.fields.values()) {
    const v = record[field.name];
    if (field.type === 'enum' && typeof v === 'string') {
      const label = field.choices.find((ch) => ch.id === v)?.label;
      zh.unshift(label?.zh ?? v);
      en.unshift(label?.en ?? v);
    } else if (field.type === 'boolean' && v === true) {
      zh.push(field.label.zh);
      en.push(field.label.en);
    }
  }
  return { zh: zh.join(' '), en: en.join(', ') };
}

function difference(after: Range, before: Range): Range {
  const low = after.low.minus(before.low);
  return { low: low.lt(0) ? ZERO : low, high: after.high.minus(before.high) };
}
