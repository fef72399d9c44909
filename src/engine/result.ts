import type { RateRange } from '../policy/model.js';
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
  /** Why a date condition failed against the as-of date, when that is the reason. */
  detail?: 'after-as-of' | 'before-issue';
}

export interface BasisFactor {
  kind: 'fact' | 'parameter';
  label: Text;
  path: string;
  value: Money;
  /** For a parameter: the date its value took effect, the key chosen, and whether the case overrode it. */
  from?: string;
  key?: string;
  overridden?: boolean;
  /** For a dated parameter read at the as-of date because the date fact was not stated. */
  atAsOf?: boolean;
}

export interface CapStep {
  scope: 'record' | 'applicant' | 'shared';
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
  /** After caps, rounded to the fen: per year for a yearly item. */
  perYear?: Range;
  /** perYear × years. */
  amount?: Range;
  /** Assumptions this line rests on: the judgement facts it relied on. */
  assumptions: Text[];
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
    fixedBy?: { fact: string; amounts: { value: string; label?: Text; amount: Money }[] };
    nature?: string;
    description?: Text;
    ceiling?: Money;
    caps: { amount: Money; per: 'record' | 'applicant' | 'shared'; id?: string }[];
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
}

export interface EvaluationResult {
  policy: { id: string; title: Text; issued: string; notice?: Text };
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
}
