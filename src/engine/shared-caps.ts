import type { Policy } from '../policy/model.js';
import { ZERO } from '../values/money.js';
import { allocate } from './caps.js';
import type { ItemResult, Line, Range, SharedCapResult } from './result.js';

// A cap shared by several items (e.g. one ceiling for all of an applicant's awards under a
// clause): applied after every item's own caps, to rounded amounts, in the order items are listed.

export function applySharedCap(sc: Policy['sharedCaps'][number], items: ItemResult[]): SharedCapResult {
  const lines: Line[] = [];
  for (const r of items) {
    if (!sc.items.includes(r.id)) continue;
    for (const l of r.lines) if (l.status === 'applies' && l.perYear) lines.push(l);
  }
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

function sum(lines: Line[]): Range {
  let low = ZERO;
  let high = ZERO;
  for (const l of lines) {
    low = low.plus((l.perYear as Range).low);
    high = high.plus((l.perYear as Range).high);
  }
  return { low, high };
}
