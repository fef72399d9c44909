import type { Opportunity } from '../../engine/opportunities.js';
import type { EvaluationResult, ItemResult } from '../../engine/result.js';
import { conjuncts } from './conditions.js';

// `subsidy explain --format json`: not the view model's words but the result's own data, so that
// a program reads every trace and every step without parsing text.

/** The explanation as data: the result's own items (every trace, every step) with the counts added. */
export function explainData(result: EvaluationResult, items: ItemResult[], opportunities: Opportunity[]) {
  const ids = new Set(items.map((r) => r.id));
  return {
    policy: result.policy,
    asOf: result.asOf,
    applicant: result.applicant,
    total: result.total,
    counts: result.counts,
    items: items.map((r) => ({
      ...r,
      lines: r.lines.map((l) => {
        const top = conjuncts(l.conditions);
        return { ...l, conditionsMet: top.filter((c) => c.outcome === 'pass').length, conditionsTotal: top.length };
      }),
    })),
    sharedCaps: result.sharedCaps.filter((s) => s.items.some((id) => ids.has(id))),
    readings: result.readings,
    alternatives: (result.alternatives ?? []).filter((a) => a.alternatives.some((alt) => alt.changes.some((ch) => ids.has(ch.id)))),
    opportunities: opportunities.filter((o) => ids.has(o.itemId)),
  };
}
