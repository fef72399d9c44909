import type { Policy } from '../policy/model.js';
import { ZERO } from '../values/money.js';
import { allocate, byYear, sharesOf, sumRanges } from './caps.js';
import type { ItemResult, Line, SharedCapResult } from './result.js';

// A cap shared by several items (同一企业年度最高: one ceiling for an applicant's awards under a
// clause in each year): applied after every item's own caps, to rounded amounts, year by year (the
// year of each line's event), in the order the items are listed.

const idCache = new WeakMap<Policy['sharedCaps'][number], Set<string>>();

function idsOf(sc: Policy['sharedCaps'][number]): Set<string> {
  let ids = idCache.get(sc);
  if (!ids) {
    ids = new Set(sc.items);
    idCache.set(sc, ids);
  }
  return ids;
}

export function applySharedCap(sc: Policy['sharedCaps'][number], items: ItemResult[]): SharedCapResult {
  const lines: Line[] = [];
  const ids = idsOf(sc);
  for (const r of items) {
    if (!ids.has(r.id)) continue;
    for (const l of r.lines) if (l.status === 'applies' && l.instalments) lines.push(l);
  }
  if (lines.length === 0) {
    // Nothing under the cap (the usual case for one applicant): nothing to allocate or sum.
    const none = { low: ZERO, high: ZERO };
    return { id: sc.id, clause: sc.clause, title: sc.title, amount: sc.amount, items: sc.items, before: none, after: { ...none }, binds: false, years: [] };
  }
  const shares = sharesOf(lines);
  const before = sumRanges(shares.map((s) => s.instalment.amount));
  const years: SharedCapResult['years'] = [];
  for (const [year, group] of byYear(shares)) {
    const yearBefore = sumRanges(group.map((s) => s.instalment.amount));
    // Object literals written out for each shape (no spreads: this runs for every applicant).
    allocate(group, sc.amount, (s, b, after) => {
      const bindsLow = after.low.lt(b.low);
      const bindsHigh = after.high.lt(b.high);
      s.line.caps.push(
        year !== undefined
          ? { scope: 'shared', id: sc.id, clause: sc.clause, label: sc.title, amount: sc.amount, before: b, after, year, bindsLow, bindsHigh }
          : { scope: 'shared', id: sc.id, clause: sc.clause, label: sc.title, amount: sc.amount, before: b, after, bindsLow, bindsHigh },
      );
    });
    const yearAfter = sumRanges(group.map((s) => s.instalment.amount));
    const binds = yearAfter.high.lt(yearBefore.high) || yearAfter.low.lt(yearBefore.low);
    years.push(year !== undefined ? { year, before: yearBefore, after: yearAfter, binds } : { before: yearBefore, after: yearAfter, binds });
  }
  const after = sumRanges(shares.map((s) => s.instalment.amount));
  return {
    id: sc.id, clause: sc.clause, title: sc.title, amount: sc.amount, items: sc.items, before, after,
    binds: after.high.lt(before.high) || after.low.lt(before.low), years,
  };
}
