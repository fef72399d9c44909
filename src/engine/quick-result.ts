import { moneyOfFen } from '../values/fen.js';
import type { ItemPlan, QuickItem } from './quick-plan.js';
import type { EvaluationResult, ItemResult, Line, SharedCapResult } from './result.js';

// The result of the quick path: statuses, amounts (decimals of the fen computed), missing facts
// and assumptions at once; the details of each item's lines and of the shared caps are the
// decimal path's own, built for the whole case when one is first read (a batch reads none).
// JSON.stringify and toPlain see the same keys, in the same order, as for a decimal-path result
// (toJSON); a spread or Object.keys does not see the details, which are accessors.

/** A result of the quick path. */
export class QuickResult implements EvaluationResult {
  readonly policy: EvaluationResult['policy'];
  readonly asOf: string;
  readonly applicant: EvaluationResult['applicant'];
  items: ItemResult[];
  total: EvaluationResult['total'];
  counts: EvaluationResult['counts'];
  budget?: EvaluationResult['budget'];
  readings: EvaluationResult['readings'];
  alternatives?: EvaluationResult['alternatives'];
  quotable?: EvaluationResult['quotable'];
  #sharedCaps: SharedCapResult[] | undefined;
  #quick: readonly (QuickItem | undefined)[] = [];
  #decimal: (() => EvaluationResult) | undefined;
  #details: EvaluationResult | undefined;

  constructor(policy: EvaluationResult['policy'], asOf: string, applicant: EvaluationResult['applicant'], items: ItemResult[], total: EvaluationResult['total'], counts: EvaluationResult['counts']) {
    this.policy = policy;
    this.asOf = asOf;
    this.applicant = applicant;
    this.items = items;
    this.total = total;
    this.counts = counts;
    this.readings = [];
  }

  /** The quick form it was built from, and how to build the decimal path's result for the same case. */
  source(quick: readonly (QuickItem | undefined)[], decimal: () => EvaluationResult) {
    this.#quick = quick;
    this.#decimal = decimal;
  }

  /** The decimal path's result for the same case: built once, when a detail is first read. */
  details(): EvaluationResult {
    this.#details ??= (this.#decimal as () => EvaluationResult)();
    return this.#details;
  }

  quickForm(): readonly (QuickItem | undefined)[] {
    return this.#quick;
  }

  get sharedCaps(): SharedCapResult[] {
    this.#sharedCaps ??= this.details().sharedCaps;
    return this.#sharedCaps;
  }

  set sharedCaps(caps: SharedCapResult[]) {
    this.#sharedCaps = caps;
  }

  toJSON() {
    return {
      policy: this.policy, asOf: this.asOf, applicant: this.applicant, items: this.items, total: this.total, sharedCaps: this.sharedCaps,
      counts: this.counts, budget: this.budget, readings: this.readings, alternatives: this.alternatives, quotable: this.quotable,
    };
  }
}

/** An item of a quick-path result: its lines are built (by the decimal path) when first read. */
export class QuickItemResult implements ItemResult {
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
  readonly #result: QuickResult;
  readonly #index: number;

  constructor(plan: ItemPlan, q: QuickItem, result: QuickResult, index: number) {
    const item = plan.about;
    this.id = item.id;
    this.clause = item.clause;
    this.title = item.title;
    this.quote = item.quote;
    this.applicants = item.applicants;
    this.kind = item.kind;
    this.award = item.award;
    this.years = item.years;
    this.periodLabel = item.periodLabel;
    this.status = q.status;
    this.missing = q.missing;
    this.assumptions = q.assumptions;
    this.interpretation = plan.item.interpretation;
    if (q.amount) {
      const low = moneyOfFen(q.amount.low);
      this.amount = { low, high: q.amount.high === q.amount.low ? low : moneyOfFen(q.amount.high) };
    }
    this.#lines = undefined;
    this.#result = result;
    this.#index = index;
  }

  get lines(): Line[] {
    this.#lines ??= (this.#result.details().items[this.#index] as ItemResult).lines;
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

/**
 * The quick form of a result's items (undefined for an item not for the applicant's kind), when
 * the quick path gave the result: for batch, which reads only the lines' statuses and amounts.
 */
export function quickFormOf(result: EvaluationResult): readonly (QuickItem | undefined)[] | undefined {
  return result instanceof QuickResult ? result.quickForm() : undefined;
}
