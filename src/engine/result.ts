import type { PeriodBounds, RateRange, WindowSpec } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import type { Money } from '../values/money.js';

// What evaluation returns: data only, no text for people beyond the policy's own labels.
// Renderers (src/report) turn it into tables, JSON and markdown.

export type Status = 'applies' | 'does-not-apply' | 'cannot-determine';
export type Outcome = 'pass' | 'fail' | 'missing';

export interface Range {
  low: Money;
  high: Money;
}

export interface ConditionTrace {
  kind: 'all' | 'any' | 'not' | 'fact' | 'applicant-kind' | 'entries';
  outcome: Outcome;
  label?: Text;
  children?: ConditionTrace[];
  /** fact conditions: the policy's fact path, the case's path, and the fact's label. */
  fact?: string;
  path?: string;
  factLabel?: Text;
  op?: string;
  /** The required value as the policy writes it; expectedLabels for choices. */
  expected?: string;
  expectedLabels?: Text[];
  /** The value the case gave (null when not stated); seenLabel for a choice. */
  seen?: string | null;
  seenLabel?: Text;
  judgement?: boolean;
  changeable?: boolean;
  /**
   * Why a date condition failed: the date is after the as-of date (not yet), before the policy
   * was issued, or after it ended (not under this policy).
   */
  detail?: 'after-as-of' | 'before-issue' | 'after-end';
  /** For a date that does not count yet: the first day it would. */
  countsFrom?: string;
  /** For an event's or a window's date: the period it is judged against (and the window's years). */
  period?: PeriodBounds | WindowSpec;
}

export interface BasisFactor {
  kind: 'fact' | 'parameter' | 'accrual';
  label: Text;
  path: string;
  value: Money;
  /** For a parameter: the date its value took effect, the key chosen, and whether the case overrode it. */
  from?: string;
  key?: string;
  overridden?: boolean;
  /** For a dated parameter read at the as-of date because the date fact was not stated. */
  atAsOf?: boolean;
  /** For an accrual: the days counted (value = days / 360) and the period they run over. */
  days?: number;
  /** For an accrual whose end date the case does not state: it runs to the year end, on this assumption. */
  assumption?: Text;
  to?: string;
}

export interface CapStep {
  /** levels: what an earlier or higher recognition of the same thing already paid (就高, 差额). */
  scope: 'record' | 'applicant' | 'applicant-year' | 'shared' | 'levels';
  /** For a cap per year: the year it groups by. */
  year?: number;
  /** The shared cap's id. */
  id?: string;
  clause?: string;
  label?: Text;
  amount: Money;
  before: Range;
  after: Range;
  /** True where the cap lowered that end of the range. */
  bindsLow: boolean;
  bindsHigh: boolean;
}

export interface Line {
  /** The list entry this line evaluates (absent for an item evaluated once per applicant). */
  record?: {
    list: string;
    index: number;
    /** The entry's own name (a text field such as the project name). */
    name?: string;
    /** For an entry with no name: its choices and dates in words (自治区级 示范智能车间 2019-05-01). */
    description?: Text;
    itemLabel: Text;
  };
  status: Status;
  conditions: ConditionTrace;
  /** Case paths of facts that are not stated and would decide this line. */
  missing: string[];
  basis?: { amount: Money; label: Text; factors: BasisFactor[] };
  rate?: RateRange;
  /** A fixed or "up to" amount (for fixed_by, the amount for the value seen). */
  fixed?: Money;
  /** Before any cap. */
  raw?: Range;
  caps: CapStep[];
  /**
   * Rounded to the fen after the line's own caps (and, for a one-off line, after every cap): the
   * amount of one year for a yearly item.
   */
  perYear?: Range;
  /** The sum of the instalments: what the line pays in all. */
  amount?: Range;
  /** The dated event the line pays for. */
  event?: { date: string; path: string; year: number };
  /** The years of a multi-year award. */
  window?: LineWindow;
  /**
   * What the line pays in each year, after every cap: one for a one-off line (the year of its
   * event), one per counted year of a window. Caps per applicant-year group these by year.
   */
  instalments?: Instalment[];
  /** For a multi-year line with years after the as-of date: what the years begun by then pay (earned so far). */
  earned?: Range;
  /** Assumptions this line rests on: the judgement facts it relied on. */
  assumptions: Text[];
}

export interface Instalment {
  /** The calendar year it is counted in (the event's, or the window year's first day's); absent with no event. */
  year?: number;
  /** For a window year: its number (1, 2, 3) and first day. */
  n?: number;
  from?: string;
  amount: Range;
  /** A window year that begins after the as-of date: due, but not yet. */
  future?: boolean;
}

export interface WindowYear {
  n: number;
  from: string;
  /** The last day of the year. */
  to: string;
  /** Under this policy: begins on or after the issue date (and not after its end). */
  counts: boolean;
  reason?: 'before-issue' | 'after-end';
  future: boolean;
  /** What the year pays, once every cap is applied (counted years only). */
  amount?: Range;
}

export interface LineWindow {
  /** The date fact the window runs from, and its value. */
  path: string;
  startFact: string;
  afterYears: number;
  /** The first day of year 1. */
  start: string;
  /** True when the start was moved to the issue date (window.from_issue). */
  shifted: boolean;
  why?: Text;
  years: WindowYear[];
  /** How many years count under the policy. */
  counted: number;
}

export interface ItemResult {
  id: string;
  clause: string;
  title: Text;
  quote: string;
  applicants: string[];
  /** amount: the text gives a way to compute a number; unquantified: it does not. */
  kind: 'amount' | 'unquantified';
  award: {
    form: 'percent' | 'fixed' | 'fixed_by' | 'up_to' | 'unquantified';
    rate?: RateRange;
    basisLabel?: Text;
    fixed?: Money;
    /** For a fixed amount: what one amount is for (each certificate). */
    eachLabel?: Text;
    fixedBy?: { fact: string; amounts: { value: string; label?: Text; amount: Money }[] };
    nature?: string;
    description?: Text;
    ceiling?: Money;
    caps: { amount: Money; per: 'record' | 'applicant' | 'applicant-year' | 'shared'; id?: string }[];
  };
  years: number;
  periodLabel: Text | undefined;
  status: Status;
  lines: Line[];
  /** Sum of the applying lines (whole period), for an amount item that applies. */
  amount?: Range;
  missing: string[];
  assumptions: Text[];
  interpretation: Text[];
}

export interface SharedCapResult {
  id: string;
  clause: string;
  title: Text;
  amount: Money;
  items: string[];
  before: Range;
  after: Range;
  binds: boolean;
  /** Each year's lines against the cap (the cap is per applicant per year). */
  years: { year?: number; before: Range; after: Range; binds: boolean }[];
}

export interface EvaluationResult {
  policy: { id: string; title: Text; issued: string; ends?: string; notice?: Text };
  asOf: string;
  applicant: {
    name?: string;
    kind: string;
    kindLabel?: Text;
    industry?: string;
    industryLabel?: Text;
    /** Whether the applicant's industry is a strategic emerging industry; null when not stated. */
    inScope: boolean | null;
  };
  items: ItemResult[];
  /** Sum of the applying amount items, rounded items summed (never re-rounded). */
  total: Range;
  sharedCaps: SharedCapResult[];
  counts: { applies: number; unquantified: number; doesNotApply: number; cannotDetermine: number };
  budget?: { clause: string; amount: Money; label: Text };
  /** The reading in force for each of the policy's readings. */
  readings: { id: string; alternative: string; isDefault: boolean }[];
  /** The readings that would change this case, with each alternative's total (filled by compareReadings). */
  alternatives?: ReadingComparison[];
  /**
   * The range a consultant can quote: the lowest low and the highest high of the total over every
   * combination of the alternatives of the readings that change this case (filled by compareReadings;
   * the total itself when no reading changes it).
   */
  quotable?: QuotableRange;
}

export interface QuotableRange extends Range {
  /** The readings it spans (those that change the case), and how many combinations were evaluated. */
  readings: string[];
  combinations: number;
}

/** A reading that touches a case: its question, and what the case gets under each alternative. */
export interface ReadingComparison {
  id: string;
  clause: string;
  question: Text;
  why: Text;
  default: string;
  /** The alternative the result was evaluated under. */
  chosen: string;
  alternatives: {
    id: string;
    label: Text;
    isDefault: boolean;
    chosen: boolean;
    total: Range;
    /** The items that would differ from the result's, with their status and amount under this alternative. */
    changes: { id: string; clause: string; title: Text; status: Status; amount?: Range }[];
  }[];
}
