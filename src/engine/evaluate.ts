import type { Case } from '../case/model.js';
import type { CompiledItem, Policy, ReadingChoices } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
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
//   entries.ts      a list's entries as lines cite them: case path and name

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
  const about = aboutPolicy(policy);
  return {
    policy: about.policy,
    asOf,
    applicant: {
      name: c.facts.name as string | undefined,
      kind,
      kindLabel: about.kindLabels.get(kind),
      industry,
      industryLabel: industry ? about.industryLabels.get(industry) : undefined,
      inScope: industry === undefined ? null : policy.industryIds.has(industry),
    },
    items,
    total: { low, high },
    sharedCaps,
    counts,
    ...(policy.budget ? { budget: { clause: policy.budget.clause, amount: policy.budget.amount, label: policy.budget.label } } : {}),
    readings: options.readings ? readingsInForce(policy, options.readings) : about.defaultReadings,
  };
}

/** What every result of a policy says about the policy: built once per policy, shared read-only. */
interface AboutPolicy {
  policy: EvaluationResult['policy'];
  kindLabels: Map<string, Text>;
  industryLabels: Map<string, Text>;
  /** The readings in force when none is chosen (the usual case of a batch). */
  defaultReadings: EvaluationResult['readings'];
}

const aboutCache = new WeakMap<Policy, AboutPolicy>();

function aboutPolicy(policy: Policy): AboutPolicy {
  let about = aboutCache.get(policy);
  if (!about) {
    const labels = (fact: string) => {
      const out = new Map<string, Text>();
      // The first choice of an id names it, as a search of the choices would.
      for (const ch of policy.facts.get(fact)?.choices ?? []) if (!out.has(ch.id)) out.set(ch.id, ch.label);
      return out;
    };
    about = {
      policy: Object.freeze({
        id: policy.id, title: policy.title, issued: policy.issued, ...(policy.ends ? { ends: policy.ends } : {}), ...(policy.notice ? { notice: policy.notice } : {}),
      }),
      kindLabels: labels('kind'),
      industryLabels: labels('industry'),
      defaultReadings: Object.freeze(readingsInForce(policy).map((r) => Object.freeze(r))) as EvaluationResult['readings'],
    };
    aboutCache.set(policy, about);
  }
  return about;
}
