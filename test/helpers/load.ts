import { parseCase } from '../../src/case/load.js';
import type { Case } from '../../src/case/model.js';
import { evaluate } from '../../src/engine/evaluate.js';
import type { EvaluationResult, ItemResult } from '../../src/engine/result.js';
import { formatProblem } from '../../src/errors/problem.js';
import { parsePolicy } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/model.js';

/** A policy from inline YAML; the source text is given so quotes can be checked. */
export function policyFrom(yaml: string, sourceText: string): Policy {
  const { policy, problems } = parsePolicy(yaml, { file: 'inline.yaml', sourceText });
  if (!policy || problems.some((p) => p.severity === 'error')) throw new Error(problems.map(formatProblem).join('\n'));
  return policy;
}

export function caseFrom(policy: Policy, yaml: string): Case {
  const { case: c, problems } = parseCase(yaml, policy, 'case.yaml');
  if (!c) throw new Error(problems.map(formatProblem).join('\n'));
  return c;
}

export function run(policy: Policy, yaml: string, asOf = '2020-12-31'): EvaluationResult {
  return evaluate(policy, caseFrom(policy, yaml), { asOf });
}

export function item(result: EvaluationResult, id: string): ItemResult {
  const found = result.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

/** An item's amount as "low–high" in yuan with fen, or its status when it has no amount. */
export function amount(result: EvaluationResult, id: string): string {
  const r = item(result, id);
  if (r.status !== 'applies' || !r.amount) return r.status;
  return `${r.amount.low.toFixed(2)}–${r.amount.high.toFixed(2)}`;
}
