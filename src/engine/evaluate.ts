import type { Case } from '../case/model.js';
import type { CompiledItem, Policy, ReadingChoices } from '../policy/model.js';
import { itemsUnder, readingsInForce } from '../policy/readings.js';
import { todayIso, ZERO } from '../values/money.js';
import type { Scope } from './conditions.js';
import { evaluateItems, finishItem } from './item.js';
import type { EvaluationResult } from './result.js';
import { add } from './caps.js';
import { applySharedCap } from './shared-caps.js';

// The engine's steps, each in its own file:
//   conditions.ts   which conditions pass, fail or lack a fact (with the trace)
//   award.ts        basis × rate, or a fixed amount, before any cap
//   caps.ts         per-record caps, then per-applicant (and per applicant-year) caps across an item's entries
//   rounding.ts     to the fen, half-up, after the per-record cap
//   levels.ts       several levels of one recognised thing: each, highest only, or the difference
//   periods.ts      the years of a multi-year award (its window), each judged against the policy's period
//   shared-caps.ts  caps shared by several items, year by year
//   readings        the items as the chosen readings read them (policy/readings.ts)
//   item.ts         one item's lines through those steps; caches.ts, what is built once and shared

export interface EvaluateOptions {
  /** The date "newly recognised" and "a full year" are judged against (YYYY-MM-DD); default today. */
  asOf?: string;
  /**
   * Keep the full trace of every condition (default true). Off, the statuses, amounts, caps,
   * missing facts and assumptions are the same, but condition details are left out: for batch
   * runs, which never show them.
   */
  trace?: boolean;
  /** The alternative chosen for some of the policy's readings (the others take their default). */
  readings?: ReadingChoices;
}

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
  const compiled = itemsUnder(policy, options.readings);
  const items = evaluateItems(policy, compiled, c, base, kind);
  const sharedCaps = policy.sharedCaps.map((sc) => applySharedCap(sc, items));
  for (let i = 0; i < items.length; i++) {
    const r = items[i] as (typeof items)[number];
    if (!Object.isFrozen(r)) finishItem(r, compiled[i] as CompiledItem);
  }

  let low = ZERO;
  let high = ZERO;
  const counts = { applies: 0, unquantified: 0, doesNotApply: 0, cannotDetermine: 0 };
  for (const r of items) {
    if (r.status === 'applies' && r.amount) {
      low = add(low, r.amount.low);
      high = add(high, r.amount.high);
    }
    if (r.status === 'applies') counts[r.kind === 'amount' ? 'applies' : 'unquantified']++;
    else if (r.status === 'does-not-apply') counts.doesNotApply++;
    else counts.cannotDetermine++;
  }
  const industry = c.facts.industry as string | undefined;
  const industryFact = policy.facts.get('industry');
  return {
    policy: { id: policy.id, title: policy.title, issued: policy.issued, ...(policy.ends ? { ends: policy.ends } : {}), ...(policy.notice ? { notice: policy.notice } : {}) },
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
    readings: readingsInForce(policy, options.readings),
  };
}
