import type { Case } from '../case/model.js';
import type { CompiledItem, Policy, ReadingChoices } from '../policy/model.js';
import { evaluate } from './evaluate.js';
import type { EvaluationResult, QuotableRange, ReadingComparison, Status } from './result.js';

// Which readings touch a case, and what the case would get under each alternative: the case is
// evaluated again with one reading switched (the others as they were), so that a consultant can
// quote a range that covers the readings ("under scope=whole-fund: 370万–420万").

/**
 * The readings under which some item of this case would have another status or amount, each with
 * every alternative's total. Readings whose items are all for other kinds of applicant are not
 * tried. Sets `result.alternatives` and returns it.
 */
export function compareReadings(policy: Policy, c: Case, result: EvaluationResult): ReadingComparison[] {
  const chosen: ReadingChoices = Object.fromEntries(result.readings.map((r) => [r.id, r.alternative]));
  const kind = result.applicant.kind;
  const out: ReadingComparison[] = [];
  for (const reading of policy.readings) {
    const items = result.items.filter((r) => reading.items.includes(r.id));
    if (!items.some((r) => r.applicants.includes(kind))) continue;
    const current = chosen[reading.id] ?? reading.default;
    let differs = false;
    const alternatives = reading.alternatives.map((alt) => {
      // Only totals, statuses and amounts are compared: the quick path (no trace) gives them.
      const other = alt.id === current ? result : evaluate(policy, c, { asOf: result.asOf, readings: { ...chosen, [reading.id]: alt.id }, trace: false });
      const changes = alt.id === current ? [] : changedItems(result, other, reading.items);
      if (changes.length) differs = true;
      return { id: alt.id, label: alt.label, isDefault: alt.id === reading.default, chosen: alt.id === current, total: other.total, changes };
    });
    if (!differs) continue;
    out.push({ id: reading.id, clause: reading.clause, question: reading.question, why: reading.why, default: reading.default, chosen: current, alternatives });
  }
  result.alternatives = out;
  result.quotable = quotableRange(policy, c, result, chosen, out);
  return out;
}

/**
 * The lowest low and highest high of the total over every combination of the alternatives of the
 * readings that change the case (readings interact: a shared cap, or an item one reading removes,
 * changes what another adds), each combination evaluated on the quick path.
 */
function quotableRange(policy: Policy, c: Case, result: EvaluationResult, chosen: ReadingChoices, compared: ReadingComparison[]): QuotableRange {
  let low = result.total.low;
  let high = result.total.high;
  let combinations = 1;
  const widen = (total: EvaluationResult['total']) => {
    if (total.low.lt(low)) low = total.low;
    if (total.high.gt(high)) high = total.high;
  };
  for (const r of compared) for (const a of r.alternatives) widen(a.total);
  if (compared.length > 1) {
    // Every combination; those that switch one reading are already in `compared`.
    const combos = compared.reduce<ReadingChoices[]>((acc, r) => acc.flatMap((ch) => r.alternatives.map((a) => ({ ...ch, [r.id]: a.id }))), [{}]);
    for (const combo of combos) {
      const switched = compared.filter((r) => combo[r.id] !== r.chosen).length;
      if (switched < 2) continue;
      combinations++;
      widen(evaluate(policy, c, { asOf: result.asOf, readings: { ...chosen, ...combo }, trace: false }).total);
    }
  }
  combinations += compared.reduce((n, r) => n + r.alternatives.length - 1, 0);
  return { low, high, readings: compared.map((r) => r.id), combinations };
}

const positionCache = new WeakMap<Policy, Map<string, number>>();

function positionsOf(policy: Policy): Map<string, number> {
  let m = positionCache.get(policy);
  if (!m) {
    m = new Map(policy.items.map((i, k) => [i.id, k]));
    positionCache.set(policy, m);
  }
  return m;
}

const movesCache = new WeakMap<CompiledItem, Map<string, boolean>>();

/** Whether some alternative of a reading gives the item another event start or window start (the others at their defaults). */
function movesDates(policy: Policy, item: CompiledItem, readingId: string): boolean {
  let m = movesCache.get(item);
  if (!m) {
    m = new Map();
    movesCache.set(item, m);
  }
  const known = m.get(readingId);
  if (known !== undefined) return known;
  const defaults = new Map(policy.readings.map((r) => [r.id, r.default]));
  const reading = policy.readings.find((r) => r.id === readingId);
  const moves = (reading?.alternatives ?? []).some((a) => {
    const key = item.readings.map((id) => `${id}=${id === readingId ? a.id : defaults.get(id)}`).join(';');
    const v = item.variants?.get(key);
    return v !== undefined && (v.event?.from !== item.event?.from || v.window?.fromIssue !== item.window?.fromIssue);
  });
  m.set(readingId, moves);
  return moves;
}

const byIdCache = new WeakMap<Policy, Map<string, CompiledItem>>();

function itemsById(policy: Policy): Map<string, CompiledItem> {
  let m = byIdCache.get(policy);
  if (!m) {
    m = new Map(policy.items.map((i) => [i.id, i]));
    byIdCache.set(policy, m);
  }
  return m;
}

/**
 * The range to quote for a case whose readings were not compared (a batch's applicants), at a
 * batch's cost: each alternative of each reading that could change an amount of it, one reading
 * at a time (not every combination, as compareReadings does) — a reading whose items for this
 * kind of applicant all run over a list the case leaves empty pays nothing under any alternative,
 * and is not tried. The total itself when no reading is left.
 */
export function quotableOf(policy: Policy, c: Case, result: EvaluationResult): QuotableRange {
  const chosen: ReadingChoices = Object.fromEntries(result.readings.map((r) => [r.id, r.alternative]));
  const kind = result.applicant.kind;
  const byId = itemsById(policy);
  const position = positionsOf(policy);
  // A reading can change an amount only where an item it touches pays one, or where one of its
  // alternatives moves an item's dates (an earlier event, a window from the issue date), which can
  // make an item apply that does not.
  const open = policy.readings.filter((reading) =>
    reading.items.some((id) => {
      const item = byId.get(id);
      if (!item?.applicants.includes(kind)) return false;
      if (item.each !== undefined && (c.lists[item.each]?.length ?? 0) === 0) return false;
      const r = result.items[position.get(id) as number];
      return (r?.status === 'applies' && r.amount !== undefined) || movesDates(policy, item, reading.id);
    }),
  );
  if (open.length === 0) return { low: result.total.low, high: result.total.high, readings: [], combinations: 1 };
  let low = result.total.low;
  let high = result.total.high;
  let combinations = 1;
  for (const r of open) {
    for (const a of r.alternatives) {
      if (a.id === (chosen[r.id] ?? r.default)) continue;
      combinations++;
      const total = evaluate(policy, c, { asOf: result.asOf, readings: { ...chosen, [r.id]: a.id }, trace: false }).total;
      if (total.low.lt(low)) low = total.low;
      if (total.high.gt(high)) high = total.high;
    }
  }
  return { low, high, readings: open.map((r) => r.id), combinations };
}

/** The items whose status or amount differs between two results (among `ids`). */
function changedItems(a: EvaluationResult, b: EvaluationResult, ids: string[]): ReadingComparison['alternatives'][number]['changes'] {
  const out: ReadingComparison['alternatives'][number]['changes'] = [];
  a.items.forEach((before, i) => {
    const after = b.items[i];
    if (!after || !ids.includes(before.id)) return;
    const same = before.status === after.status && sameRange(before.amount, after.amount);
    if (!same) out.push({ id: after.id, clause: after.clause, title: after.title, status: after.status as Status, ...(after.amount ? { amount: after.amount } : {}) });
  });
  return out;
}

function sameRange(a: EvaluationResult['total'] | undefined, b: EvaluationResult['total'] | undefined): boolean {
  if (!a || !b) return a === b;
  return a.low.eq(b.low) && a.high.eq(b.high);
}
