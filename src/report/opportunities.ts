import type { Opportunity } from '../engine/opportunities.js';
import type { Unit } from './format.js';
import type { Lang } from './i18n.js';

/** STUB (issue 6): the "opportunities" section under the estimate table, as lines of text. */
export function opportunityLines(_opps: Opportunity[], _lang: Lang, _unit: Unit): string[] {
  return [];
}
