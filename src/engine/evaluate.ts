import type { Case } from '../case/model.js';
import type { CompiledItem, Policy, ReadingChoices } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { itemsUnder, readingsInForce } from '../policy/readings.js';
import { todayIso, ZERO } from '../values/money.js';
import type { Scope } from './conditions.js';
import { evaluateItems, finishItem } from './item.js';
import { type ItemPlan, kindPlanOf, plansFor, type QuickItem, quickItems } from './quick.js';
import { moneyOfFen } from '../values/fen.js';
import { dayNumber } from '../values/dates.js';
import type { EvaluationResult, ItemResult, Line, SharedCapResult } from './result.js';
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
  const quick = quickItems(policy, compiled, plans, c, scope, kind);
  if (!quick) return undefined;
  let details: EvaluationResult | undefined;
  const detailed: Details = {
    get() {
      details ??= evaluateDecimal(policy, c, asOf, options);
      return details;
    },
  };
  const forKind = kindPlanOf(policy, compiled, plans, kind);
  // The items not for this kind are shared results: copied in place, then the others filled.
  const items = forKind.others.slice() as ItemResult[];
  let low = 0;
  let high = 0;
  const counts = { applies: 0, unquantified: 0, doesNotApply: forKind.otherCount, cannotDetermine: 0 };
  for (const i of forKind.applicable) {
    const item = compiled[i] as CompiledItem;
    const q = quick[i] as QuickItem;
    if (q.status === 'applies') counts[item.award.kind === 'unquantified' ? 'unquantified' : 'applies']++;
    else if (q.status === 'does-not-apply') counts.doesNotApply++;
    else counts.cannotDetermine++;
    if (q.amount) {
      low += q.amount.low;
      high += q.amount.high;
    }
    items[i] = quickItemResult(item, q, (plans[i] as ItemPlan).description, i, detailed);
  }
  const about = aboutPolicy(policy);
  const lowMoney = moneyOfFen(low);
  const result = new QuickResult(
    {
      policy: about.policy,
      asOf,
      applicant: applicantOf(policy, c, kind, about),
      items,
      total: { low: lowMoney, high: high === low ? lowMoney : moneyOfFen(high) },
      counts,
      budget: about.budget,
      readings: options.readings ? readingsInForce(policy, options.readings) : about.defaultReadings,
    },
    quick,
    detailed,
  );
  return result;
}

/**
 * The quick form of a result's items (undefined for an item not for the applicant's kind), when
 * the quick path gave the result: for batch, which reads only the lines' statuses and amounts.
 */
export function quickFormOf(result: EvaluationResult): readonly (QuickItem | undefined)[] | undefined {
  return result instanceof QuickResult ? result.quickForm() : undefined;
}

/** The decimal path's result for the same case, built once when a detail is first read. */
interface Details {
  get(): EvaluationResult;
}

function quickItemResult(item: CompiledItem, q: QuickItem, award: ItemResult['award'], index: number, detailed: Details): ItemResult {
  const amount = q.amount ? { low: moneyOfFen(q.amount.low), high: q.amount.high === q.amount.low ? moneyOfFen(q.amount.low) : moneyOfFen(q.amount.high) } : undefined;
  return new QuickItemResult(item, q, award, amount, detailed, index);
}

/**
 * An item of the quick path: its lines are built (by the decimal path) when first read. JSON and
 * toPlain see the same keys, in the same order, as the decimal path's item (toJSON).
 */
class QuickItemResult implements ItemResult {
  readonly id: string;
  readonly clause: string;
  readonly title: ItemResult['title'];
  readonly quote: string;
  readonly applicants: string[];
  readonly kind: ItemResult['kind'];
  readonly award: ItemResult['award'];
  readonly years: number;
  readonly periodLabel: ItemResult['periodLabel'];
  status: ItemResult['status'];
  missing: string[];
  assumptions: ItemResult['assumptions'];
  readonly interpretation: ItemResult['interpretation'];
  amount?: ItemResult['amount'];
  #lines: Line[] | undefined;
  readonly #details: Details;
  readonly #index: number;

  constructor(item: CompiledItem, q: QuickItem, award: ItemResult['award'], amount: ItemResult['amount'], details: Details, index: number) {
    this.id = item.id;
    this.clause = item.clause;
    this.title = item.title;
    this.quote = item.quote;
    this.applicants = item.applicants;
    this.kind = item.award.kind === 'unquantified' ? 'unquantified' : 'amount';
    this.award = award;
    this.years = item.years;
    this.periodLabel = item.periodLabel;
    this.status = q.status;
    this.missing = q.missing;
    this.assumptions = q.assumptions;
    this.interpretation = item.interpretation;
    if (amount) this.amount = amount;
    this.#lines = undefined;
    this.#details = details;
    this.#index = index;
  }

  get lines(): Line[] {
    this.#lines ??= (this.#details.get().items[this.#index] as ItemResult).lines;
    return this.#lines;
  }

  set lines(lines: Line[]) {
    this.#lines = lines;
  }

  toJSON() {
    return {
      id: this.id, clause: this.clause, title: this.title, quote: this.quote, applicants: this.applicants, kind: this.kind,
      award: this.award, years: this.years, periodLabel: this.periodLabel, status: this.status, lines: this.lines,
      missing: this.missing, assumptions: this.assumptions, interpretation: this.interpretation, amount: this.amount,
    };
  }
}

/** A result of the quick path: its shared caps' details are built (by the decimal path) when first read. */
class QuickResult implements EvaluationResult {
  readonly policy: EvaluationResult['policy'];
  readonly asOf: string;
  readonly applicant: EvaluationResult['applicant'];
  items: ItemResult[];
  total: EvaluationResult['total'];
  counts: EvaluationResult['counts'];
  budget?: EvaluationResult['budget'];
  readings: EvaluationResult['readings'];
  alternatives?: EvaluationResult['alternatives'];
  #sharedCaps: SharedCapResult[] | undefined;
  readonly #details: Details;
  readonly #quick: readonly (QuickItem | undefined)[];

  constructor(fields: Omit<EvaluationResult, 'sharedCaps'>, quick: readonly (QuickItem | undefined)[], details: Details) {
    this.policy = fields.policy;
    this.asOf = fields.asOf;
    this.applicant = fields.applicant;
    this.items = fields.items;
    this.total = fields.total;
    this.counts = fields.counts;
    if (fields.budget) this.budget = fields.budget;
    this.readings = fields.readings;
    this.#sharedCaps = undefined;
    this.#details = details;
    this.#quick = quick;
  }

  quickForm(): readonly (QuickItem | undefined)[] {
    return this.#quick;
  }

  get sharedCaps(): SharedCapResult[] {
    this.#sharedCaps ??= this.#details.get().sharedCaps;
    return this.#sharedCaps;
  }

  set sharedCaps(caps: SharedCapResult[]) {
    this.#sharedCaps = caps;
  }

  toJSON() {
    return {
      policy: this.policy, asOf: this.asOf, applicant: this.applicant, items: this.items, total: this.total, sharedCaps: this.sharedCaps,
      counts: this.counts, budget: this.budget, readings: this.readings, alternatives: this.alternatives,
    };
  }
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
      budget: policy.budget ? Object.freeze({ clause: policy.budget.clause, amount: policy.budget.amount, label: policy.budget.label }) : undefined,
    };
    aboutCache.set(policy, about);
  }
  lastAboutOf = policy;
  lastAbout = about;
  return about;
}
