// The library: what the CLI uses, and what a web service would embed.
export { loadPolicy, parsePolicy, listPolicyFiles, resolvePolicyPath, BUILTIN_POLICY_DIR } from './policy/load.js';
export type { Policy, CompiledItem, FactRef, ListInfo, RateRange } from './policy/model.js';
export { PolicyFile } from './policy/schema.js';
export type { Text } from './policy/schema.js';
export { loadCase, parseCase } from './case/load.js';
export { caseSchema, parseFactValue, isBlank } from './case/schema.js';
export type { Case, CaseRecord, FactValue } from './case/model.js';
export { evaluate, type EvaluateOptions } from './engine/evaluate.js';
export type * from './engine/result.js';
export { InputError, formatProblem, type Problem } from './errors/problem.js';
export { Money, parseMoney, parseRate, parseDate, toFen, moneyString, todayIso } from './values/money.js';
