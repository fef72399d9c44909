import type { Money } from '../values/money.js';

/** A stated value: text, enum and date facts are strings; money, number and rate facts are exact decimals. */
export type FactValue = string | boolean | Money;

/** One entry of a list fact (one project, one recognition). A field that is absent was not stated. */
export type CaseRecord = Record<string, FactValue | undefined>;

/**
 * One applicant's facts, as validated against a policy. A fact or list absent from the maps was
 * not stated: the engine treats it as unknown, never as false or zero. An empty list was stated
 * as "none".
 */
export interface Case {
  facts: Record<string, FactValue | undefined>;
  lists: Record<string, CaseRecord[] | undefined>;
  /** Overrides of the policy's dated parameters: a value, or values by key. */
  parameters: Record<string, Money | Record<string, Money>>;
  /** The policy id the case names, if it names one. */
  policy?: string;
}
