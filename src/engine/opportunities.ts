import type { Case } from '../case/model.js';
import type { Policy } from '../policy/model.js';
import type { EvaluationResult, Range } from './result.js';
import type { Text } from '../policy/schema.js';

export interface Opportunity {
  itemId: string;
  clause: string;
  title: Text;
  /** What the applicant would need to change or obtain. */
  missing: { path: string; label: Text }[];
  /** What it would add (low–high). */
  adds: Range;
}

/** STUB (issue 6): items that fail only on conditions the applicant could change. */
export function findOpportunities(_policy: Policy, _c: Case, _result: EvaluationResult): Opportunity[] {
  return [];
}
