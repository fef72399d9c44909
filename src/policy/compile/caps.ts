import type { PathSegment } from '../../errors/problem.js';
import { didYouMean } from '../../values/suggest.js';
import type { CompiledAward, CompiledCap, CompiledItem, Policy } from '../model.js';
import type { PolicyFile } from '../schema.js';
import { type ItemContext, parseMoneyAt, type Report } from './context.js';
import { quoteMismatch } from './quotes.js';

// Caps: an item's own (per record, per applicant) and the caps several items share.

export function compileCaps(award: CompiledAward | undefined, ctx: ItemContext): CompiledCap[] {
  const { item, at, report } = ctx;
  const caps: CompiledCap[] = (item.caps ?? []).flatMap((cap, i) => {
    const amount = parseMoneyAt(cap.amount, [...at, 'caps', i, 'amount'], ctx);
    if (amount?.isZero()) report([...at, 'caps', i, 'amount'], 'a cap must be positive', item.clause);
    if (cap.per === 'record' && !item.each) {
      report([...at, 'caps', i, 'per'], 'a per-record cap needs an item that says "each:"', item.clause);
    }
    if (cap.per === 'applicant-year' && !item.event && !item.window) {
      report([...at, 'caps', i, 'per'], 'a cap per applicant-year groups amounts by the year of their event, but the item has no event date or window: all its amounts are taken as one year', item.clause, 'warning');
    }
    return amount ? [{ amount, per: cap.per, label: cap.label }] : [];
  });
  if (award && award.kind === 'unquantified' && caps.length > 0) {
    report([...at, 'caps'], 'an unquantified award has no caps (use ceiling for a named maximum)', item.clause);
  }
  return caps;
}

/** Shared caps name the items they cover; each item learns which shared caps it is under. */
export function compileSharedCaps(file: PolicyFile, items: CompiledItem[], itemIds: Set<string>, sourceText: string, report: Report): Policy['sharedCaps'] {
  return file.shared_caps.flatMap((sc, i) => {
    const at: PathSegment[] = ['shared_caps', i];
    if (!sourceText.includes(sc.quote)) report([...at, 'quote'], quoteMismatch(sc.quote, sourceText), sc.clause);
    const amount = parseMoneyAt(sc.amount, [...at, 'amount'], { report, item: { clause: sc.clause } });
    if (amount?.isZero()) report([...at, 'amount'], 'a cap must be positive', sc.clause);
    sc.items.forEach((id, j) => {
      const item = items.find((it) => it.id === id);
      if (!item) report([...at, 'items', j], `unknown item "${id}"${didYouMean(id, itemIds)}`, sc.clause);
      else if (item.award.kind !== 'percent' && item.award.kind !== 'fixed' && item.award.kind !== 'fixed_by' && item.award.kind !== 'up_to') {
        report([...at, 'items', j], `item "${id}" has no amount to cap`, sc.clause);
      } else {
        if (!item.event && !item.window) {
          report([...at, 'items', j], `a cap per applicant-year groups amounts by the year of their event, but item "${id}" has no event date or window: all its amounts are taken as one year`, sc.clause, 'warning');
        }
        item.sharedCaps.push(sc.id);
      }
    });
    return amount ? [{ id: sc.id, clause: sc.clause, title: sc.title, quote: sc.quote, items: sc.items, amount, per: sc.per }] : [];
  });
}
