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

export type CompiledCondition =
  | { type: 'all'; label?: Text; children: CompiledCondition[] }
  | { type: 'any'; label?: Text; children: CompiledCondition[] }
  | { type: 'not'; label?: Text; child: CompiledCondition }
  | {
      type: 'leaf';
      label?: Text;
      fact: FactRef;
      op: ConditionOperator;
      /** The operand, parsed for the fact's type (a Money for gte on money, a list for in). */
      value: ConditionValue | ConditionValue[] | number;
      /** The operand as written, for display. */
      written: string;
    };

export type CompiledExpr =
  | { type: 'fact'; fact: FactRef }
  | { type: 'param'; param: string; key?: FactRef; at?: FactRef }
  | { type: 'product'; factors: CompiledExpr[] };

export interface RateRange {
  low: Money;
  high: Money;
  /** How the text states it: a fixed rate, a range set by review, or an upper limit. */
  form: 'fixed' | 'range' | 'up-to';
}

export type CompiledAward =
  | { kind: 'percent'; basis: CompiledExpr; basisLabel?: Text; rate: RateRange }
  | { kind: 'fixed'; amount: Money }
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
  per: 'record' | 'applicant';
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
  assumptions: Text[];
  interpretation: Text[];
  /** The shared caps this item takes part in. */
  sharedCaps: string[];
}

export interface CompiledSharedCap {
  id: string;
  clause: string;
  title: Text;
  quote: string;
  items: string[];
  amount: Money;
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
}
