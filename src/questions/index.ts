export type { Answers, RawAnswer } from './answers.js';
export { type IfFavourable, ifFavourable } from './favourable.js';
export { choicesThatMatter, evaluateFor, type PlanOptions, stillOpen } from './plan.js';
export { type Assumption, type FieldFact, pickNext, resolvePath, type Target, toCase, unstatedPresence } from './targets.js';
