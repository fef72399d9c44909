import type { Money } from '../values/money.js';
import type { Choice, ConditionOperator, Field, PolicyFile, Text } from './schema.js';

// The compiled policy: the file's data with every reference resolved and every amount parsed
// into an exact decimal once, so that evaluation does no parsing and no lookups by name.

export type FactType = Field['type'];

/** A fact as the engine sees it: a top-level fact, or a field of a list (projects.type). */
export interface FactRef {
  /** Dotted path as written in the policy: `industry`, `projects.type`. */
  path: string;
  /** The list it belongs to, for a list field. */
  list?: string;
  /** The field name within the list (or the fact name for a top-level fact). */
  name: string;
  type: FactType;
  label: Text;
  judgement: boolean;
  changeable: boolean;
  /** Resolved choices of an enum. */
  choices: Choice[];
}

export type ConditionValue = string | boolean | Money;

/**
 * The policy's period as a condition sees it: events count from `from` (the issue date, or an
 * earlier date the text names) to `until` (the policy's end, if any).
 */
export interface PeriodBounds {
  from: string;
  until?: string;
}

/** A compiled window: the years of a multi-year award, from a date fact. */
export interface WindowSpec extends PeriodBounds {
  afterYears: number;
  years: number;
  fromIssue: boolean;
  /** The calendar year a window year counts in under a yearly cap: the year it begins or ends. */
  yearOf: 'start' | 'end';
  /** Whether years that begin after the as-of date count in the total. */
  futureYears: boolean;
  why?: Text;
}

/**
 * Operators a compiled leaf may have: those a policy writes, and two the compiler adds from an
 * item's `event` (in_period) and `window` (window).
 */
export type LeafOperator = ConditionOperator | 'in_period' | 'window';

export type CompiledCondition =
  | { type: 'all'; label?: Text; children: CompiledCondition[] }
  | { type: 'any'; label?: Text; children: CompiledCondition[] }
  | { type: 'not'; label?: Text; child: CompiledCondition }
  | {
      type: 'leaf';
      label?: Text;
      fact: FactRef;
      op: LeafOperator;
      /** The operand, parsed for the fact's type (a Money for gte on money, a list for in). */
      value: ConditionValue | ConditionValue[] | number | PeriodBounds | WindowSpec;
      /** The operand as written, for display. */
      written: string;
    };

export type CompiledExpr =
  | { type: 'fact'; fact: FactRef }
  | { type: 'param'; param: string; key?: FactRef; at?: FactRef }
  | { type: 'product'; factors: CompiledExpr[] }
  | { type: 'accrual'; from: FactRef; until?: FactRef; untilUnknown?: Text };

export interface RateRange {
  low: Money;
  high: Money;
  /** How the text states it: a fixed rate, a range set by review, or an upper limit. */
  form: 'fixed' | 'range' | 'up-to';
}

export type CompiledAward =
  | { kind: 'percent'; basis: CompiledExpr; basisLabel?: Text; rate: RateRange }
  | { kind: 'fixed'; amount: Money; eachLabel?: Text }
  | { kind: 'fixed_by'; by: FactRef; amounts: Map<string, Money> }
  | { kind: 'up_to'; amount: Money }
  | {
      kind: 'unquantified';
      nature: 'case-by-case' | 'matching-funds' | 'non-cash' | 'appropriate-subsidy' | 'existing-policy';
      description?: Text;
      ceiling?: Money;
    };

export interface CompiledCap {
  amount: Money;
  per: 'record' | 'applicant' | 'applicant-year';
  label?: Text;
}

export interface CompiledItem {
  id: string;
  index: number;
  clause: string;
  title: Text;
  quote: string;
  applicants: string[];
  each?: string;
  when?: CompiledCondition;
  award: CompiledAward;
  caps: CompiledCap[];
  years: number;
  periodLabel?: Text;
  /** The dated event the item pays for (its leaf is also in `when`). */
  event?: { fact: FactRef; label?: Text } & PeriodBounds;
  /** The years of a multi-year award (its leaf is also in `when`). */
  window?: { fact: FactRef } & WindowSpec;
  /** How several levels of one thing combine; absent: each earns its own amount. */
  levels?: { combine: 'each' | 'highest' | 'difference'; sameThing?: FactRef; level?: FactRef };
  assumptions: Text[];
  interpretation: Text[];
  /** The shared caps this item takes part in. */
  sharedCaps: string[];
  /** The readings that touch this item, in the policy's order. */
  readings: string[];
  /**
   * The item under each combination of the alternatives of the readings that touch it, keyed
   * `reading=alternative;…` in `readings` order (this object itself is the defaults' entry).
   */
  variants?: Map<string, CompiledItem>;
}

export interface CompiledReading {
  id: string;
  clause: string;
  quote: string;
  question: Text;
  alternatives: { id: string; label: Text; effect: Text }[];
  default: string;
  why: Text;
  /** The items that name it. */
  items: string[];
}

/** The alternative chosen for each reading (a reading not named takes its default). */
export type ReadingChoices = Record<string, string>;

export interface CompiledSharedCap {
  id: string;
  clause: string;
  title: Text;
  quote: string;
  items: string[];
  amount: Money;
  /** Shared caps are per applicant per year: grouped by the year of each line's event. */
  per: 'applicant-year';
}

export interface CompiledParameter {
  id: string;
  label: Text;
  type: 'rate' | 'money';
  note?: Text;
  /** Sorted by date: the value (or keyed values) in force from each date. */
  schedule: { from: string; value?: Money; values?: Map<string, Money> }[];
}

export interface ListInfo {
  id: string;
  label: Text;
  itemLabel: Text;
  help?: Text;
  changeable: boolean;
  fields: Map<string, FactRef & { def: Field }>;
}

export interface Policy {
  /** The file as written (after schema validation). */
  file: PolicyFile;
  id: string;
  title: Text;
  issued: string;
  /** The last day the policy applies to, when the text sets one. */
  ends?: string;
  /** Where the policy was loaded from, for messages. */
  path: string;
  /** The official text the quotes are checked against. */
  sourceText: string;
  budget?: { clause: string; quote: string; amount: Money; label: Text };
  notice?: Text;
  /** Top-level facts (not lists). */
  facts: Map<string, FactRef & { def: Field }>;
  lists: Map<string, ListInfo>;
  industryIds: Set<string>;
  items: CompiledItem[];
  sharedCaps: CompiledSharedCap[];
  parameters: Map<string, CompiledParameter>;
  readings: CompiledReading[];
}
