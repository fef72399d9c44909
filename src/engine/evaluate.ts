import type { Case } from '../case/model.js';
import type { CompiledItem, Policy, ReadingChoices } from '../policy/model.js';
import { itemsUnder, readingsInForce } from '../policy/readings.js';
import type { Text } from '../policy/schema.js';
import { dayNumber } from '../values/dates.js';
import { moneyOfFen } from '../values/fen.js';
import { todayIso, ZERO } from '../values/money.js';
import { add } from './caps.js';
import type { Scope } from './conditions.js';
import { choiceLabels } from './entries.js';
import { evaluateItems, finishItem } from './item.js';
import { quickItems } from './quick.js';
import { type ItemPlan, kindPlanOf, plansFor, type QuickItem } from './quick-plan.js';
import { QuickItemResult, QuickResult } from './quick-result.js';
import type { EvaluationResult, ItemResult } from './result.js';
import { applySharedCap } from './shared-caps.js';

// The engine's steps, each in its own file:
//   conditions.ts   which conditions pass, fail or lack a fact, with the trace; leaf.ts what a
//                   leaf means; condition-checks.ts the same compiled to outcome-only closures
//   award.ts        basis × rate, or a fixed amount, before any cap
//   caps.ts         per-record caps, then per-applicant (and per applicant-year) caps across an item's entries
//   rounding.ts     to the fen, half-up, after the per-record cap
//   levels.ts       several levels of one recognised thing: each, highest only, or the difference
//   periods.ts      the years of a multi-year award (its window), each judged against the policy's period
//   shared-caps.ts  caps shared by several items, year by year
//   readings        the items as the chosen readings read them (policy/readings.ts)
//   item.ts         one item's lines through those steps; caches.ts, what is built once and shared
//   entries.ts      a list's entries as lines cite them: case path and name
// Without a trace, the quick path takes the same steps in whole fen: quick.ts (lines),
// quick-plan.ts (each item compiled once), quick-caps.ts (steps across lines), quick-result.ts
// (the result, its details built by the decimal path when read), outcomes.ts (lines for batch).

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
  if (options.trace === false) {
    const quick = evaluateQuick(policy, c, asOf, options);
    if (quick) return quick;
  }
  return evaluateDecimal(policy, c, asOf, options);
}

/** The decimal path: every line built with its caps and (with the trace) its conditions. */
function evaluateDecimal(policy: Policy, c: Case, asOf: string, options: EvaluateOptions): EvaluationResult {
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
  const about = aboutPolicy(policy);
  const result = {
    policy: about.policy,
    asOf,
    applicant: applicantOf(policy, c, kind, about),
    items,
    total: { low, high },
    sharedCaps,
    counts,
  } as EvaluationResult;
  if (about.budget) result.budget = about.budget;
  result.readings = options.readings ? readingsInForce(policy, options.readings) : about.defaultReadings;
  return result;
}

function applicantOf(policy: Policy, c: Case, kind: string, about: AboutPolicy): EvaluationResult['applicant'] {
  const industry = c.facts.industry as string | undefined;
  return {
    name: c.facts.name as string | undefined,
    kind,
    kindLabel: about.kindLabels.get(kind),
    industry,
    industryLabel: industry ? about.industryLabels.get(industry) : undefined,
    inScope: industry === undefined ? null : policy.industryIds.has(industry),
  };
}

/**
 * The quick path (quick.ts): statuses, amounts, missing facts and assumptions computed in fen;
 * the details of each item's lines (caps, bases, instalments) and of the shared caps are built by
 * the decimal path when first read (for the whole case, once), since a batch never reads most
 * of them. Undefined when the policy or the case needs the decimal path throughout.
 */
function evaluateQuick(policy: Policy, c: Case, asOf: string, options: EvaluateOptions): EvaluationResult | undefined {
  const compiled = itemsUnder(policy, options.readings);
  const plans = plansFor(policy, compiled);
  if (!plans) return undefined;
  const kind = c.facts.kind as string;
  const scope: Scope = {
    facts: c.facts, record: undefined, recordPath: undefined, asOf, asOfDay: dayNumber(asOf), issued: policy.issued,
    industryIds: policy.industryIds, policy, parameters: c.parameters, trace: false,
  };
  const forKind = kindPlanOf(policy, compiled, plans, kind);
  const quick = quickItems(compiled, plans, forKind, c, scope);
  if (!quick) return undefined;
  // The items not for this kind are shared results: copied in place, then the others filled.
  const items = forKind.others.slice() as ItemResult[];
  let low = 0;
  let high = 0;
  const counts = { applies: 0, unquantified: 0, doesNotApply: forKind.otherCount, cannotDetermine: 0 };
  for (const i of forKind.applicable) {
    const q = quick[i] as QuickItem;
    if (q.status === 'applies') counts[(plans[i] as ItemPlan).amount ? 'applies' : 'unquantified']++;
    else if (q.status === 'does-not-apply') counts.doesNotApply++;
    else counts.cannotDetermine++;
    if (q.amount) {
      low += q.amount.low;
      high += q.amount.high;
    }
  }
  const about = aboutPolicy(policy);
  const lowMoney = moneyOfFen(low);
  const result = new QuickResult(about.policy, asOf, applicantOf(policy, c, kind, about), items, { low: lowMoney, high: high === low ? lowMoney : moneyOfFen(high) }, counts);
  if (about.budget) result.budget = about.budget;
  result.readings = options.readings ? readingsInForce(policy, options.readings) : about.defaultReadings;
  result.source(quick, () => evaluateDecimal(policy, c, asOf, options));
  // The items' results come after the result, which builds their details when first asked.
  for (const i of forKind.applicable) items[i] = new QuickItemResult(plans[i] as ItemPlan, quick[i] as QuickItem, result, i);
  return result;
}

/** What every result of a policy says about the policy: built once per policy, shared read-only. */
interface AboutPolicy {
  policy: EvaluationResult['policy'];
  kindLabels: Map<string, Text>;
  industryLabels: Map<string, Text>;
  /** The readings in force when none is chosen (the usual case of a batch). */
  defaultReadings: EvaluationResult['readings'];
  budget: EvaluationResult['budget'];
}

const aboutCache = new WeakMap<Policy, AboutPolicy>();
let lastAbout: AboutPolicy | undefined;
let lastAboutOf: Policy | undefined;

function aboutPolicy(policy: Policy): AboutPolicy {
  if (policy === lastAboutOf) return lastAbout as AboutPolicy;
  let about = aboutCache.get(policy);
  if (!about) {
    const labels = (fact: string) => choiceLabels(policy.facts.get(fact)?.choices ?? []);
    about = {
      policy: Object.freeze({
        id: policy.id, title: policy.title, issued: policy.issued, ...(policy.ends ? { ends: policy.ends } : {}), ...(policy.notice ? { notice: policy.notice } : {}),
      }),
      kindLabels: labels('kind'),
      industryLabels: labels('industry'),
      defaultReadings: Object.freeze(readingsInForce(policy).map((r) => Object.freeze(r))) as EvaluationResult['readings'],
      budget: policy.budget ? Object.freeze({ clause: policy.budget.clause, amount: policy.budget.amount, label: policy.budget.label }) : undefined,
    };
    aboutCache.set(policy, about);
  }
  lastAboutOf = policy;
  lastAbout = about;
  return about;
}
