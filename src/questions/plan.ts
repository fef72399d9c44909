import type { Case } from '../case/model.js';
import { evaluate } from '../engine/evaluate.js';
import type { EvaluationResult } from '../engine/result.js';
import type { ListInfo, Policy } from '../policy/model.js';
import { todayIso } from '../values/money.js';
import type { Answers } from './answers.js';
import { ifFavourable } from './favourable.js';
import { type Assumption, type FieldFact, resolvePath, type Target, toCase, unstatedPresence } from './targets.js';

// Choosing what to ask: what can still change the result. The terminal interview asks these one at
// a time; the web form shows them and folds the rest under "more". Both ask the same way because
// both ask here.

export interface PlanOptions {
  asOf?: string;
  /** The readings in force (the others take the policy's default): the questions are those their items need. */
  readings?: Record<string, string>;
  /** Case paths already put to the user (answered, or left as "don't know"): never asked again. */
  asked?: ReadonlySet<string>;
}

export function evaluateFor(policy: Policy, c: Case, opts: PlanOptions): EvaluationResult {
  return evaluate(policy, c, { ...(opts.asOf ? { asOf: opts.asOf } : {}), ...(opts.readings ? { readings: opts.readings } : {}) });
}

/**
 * What some undecided line still needs, in the order the engine met it, less what was asked: the
 * paths of lines that cannot be determined, and of lines ruled out only because a "present" fact
 * (a completion date) is unstated.
 */
export function stillOpen(policy: Policy, c: Case, opts: PlanOptions, result: EvaluationResult = evaluateFor(policy, c, opts)): Target[] {
  const paths: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    if (opts.asked?.has(p) || seen.has(p)) return;
    seen.add(p);
    paths.push(p);
  };
  for (const item of result.items) {
    for (const line of item.lines) {
      if (line.status === 'cannot-determine') line.missing.forEach(add);
      else if (line.status === 'does-not-apply') unstatedPresence(line.conditions).forEach(add);
    }
  }
  // Then what a line left waiting on a "don't know" would need if that fact turned out favourable
  // (the industry unknown: the investment is still asked), each with the assumption it rests on.
  const assuming = new Map<string, Assumption[]>();
  if (opts.asked && opts.asked.size > 0) {
    for (const h of ifFavourable(policy, c, opts.asked, result, (trial) => evaluateFor(policy, trial, opts), opts.asOf ?? todayIso())) {
      for (const p of h.missing) {
        if (seen.has(p)) continue;
        add(p);
        assuming.set(p, h.assume);
      }
    }
  }
  return paths
    .map((p) => {
      const t = resolvePath(policy, p);
      const assumed = assuming.get(p);
      return t && assumed ? { ...t, assuming: assumed } : t;
    })
    .filter((t): t is Target => t !== undefined);
}

/**
 * The choices of an entry's opening field (a project's type) that can lead to some item for this
 * applicant: a park is offered the recognitions a park can be paid for, not smart workshops. A
 * choice is kept when, with it, the new entry has a line that is not ruled out.
 */
export function choicesThatMatter(policy: Policy, answers: Answers, list: ListInfo, opener: FieldFact, opts: PlanOptions): string[] {
  const entries = answers.lists[list.id] ?? [];
  const index = entries.length;
  const out: string[] = [];
  for (const choice of opener.choices) {
    const trial: Answers = { facts: answers.facts, lists: { ...answers.lists, [list.id]: [...entries, { [opener.name]: choice.id }] } };
    const result = evaluateFor(policy, toCase(policy, trial), opts);
    const matters = result.items.some((item) =>
      item.lines.some((l) => l.record?.list === list.id && l.record.index === index && l.status !== 'does-not-apply'),
    );
    if (matters) out.push(choice.id);
  }
  return out;
}
