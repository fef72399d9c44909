import type { Case, CaseRecord } from '../case/model.js';
import { parseFactValue } from '../case/schema.js';
import type { ConditionTrace } from '../engine/result.js';
import type { FactRef, ListInfo, Policy } from '../policy/model.js';
import type { Field } from '../policy/schema.js';
import type { Answers } from './answers.js';

// What can be asked about (by the terminal interview and the web form alike), found from the paths
// the engine says it is missing.

export type FieldFact = FactRef & { def: Field };

/** A fact left as "don't know", taken at a value under which a line could still pay. */
export interface Assumption {
  /** The case path (industry, pledge_financing[0].borrower_sei). */
  path: string;
  /** The choice id, or true. */
  value: string | boolean;
}

/**
 * A case path taken apart: a top-level fact, a whole list, or a field of one list entry. With
 * `assuming`, it is asked only because it would matter if facts left unknown turned out so.
 */
export type Target = (
  | { kind: 'fact'; fact: FieldFact }
  | { kind: 'list'; list: ListInfo }
  | { kind: 'field'; list: ListInfo; index: number; fact: FieldFact }
) & { assuming?: Assumption[] };


/** Top-level facts before lists (a date or the industry may rule a whole list out); the industry first of all. */
export function pickNext(targets: Target[]): Target {
  const industry = targets.find((t) => t.kind === 'fact' && t.fact.def.choices_from === 'industries');
  return industry ?? targets.find((t) => t.kind === 'fact') ?? targets.find((t) => t.kind === 'field') ?? (targets[0] as Target);
}

/** projects[0].type → the field; projects → the list; industry → the fact; anything else (a parameter) → nothing to ask. */
export function resolvePath(policy: Policy, path: string): Target | undefined {
  const m = /^([^.[]+)\[(\d+)\]\.(.+)$/.exec(path);
  if (m) {
    const list = policy.lists.get(m[1] as string);
    const fact = list?.fields.get(m[3] as string);
    return list && fact ? { kind: 'field', list, index: Number(m[2]), fact } : undefined;
  }
  const list = policy.lists.get(path);
  if (list) return { kind: 'list', list };
  const fact = policy.facts.get(path);
  return fact ? { kind: 'fact', fact } : undefined;
}

/**
 * A "present" condition (a completion date given) fails, rather than waits, when the fact is not
 * stated; where that is the only thing ruling a line out, stating it could change the result.
 */
export function unstatedPresence(trace: ConditionTrace): string[] {
  const leaves: ConditionTrace[] = [];
  const walk = (t: ConditionTrace) => {
    if (t.kind === 'fact' || t.kind === 'applicant-kind' || t.kind === 'entries') leaves.push(t);
    for (const c of t.children ?? []) walk(c);
  };
  walk(trace);
  const failing = leaves.filter((l) => l.outcome === 'fail');
  if (failing.length === 0 || !failing.every((l) => l.kind === 'fact' && l.op === 'present' && l.seen === null)) return [];
  return failing.map((l) => l.path as string);
}

/** The answers as the engine's case: each raw answer parsed as a file's value is (all were validated when typed). */
export function toCase(policy: Policy, answers: Answers): Case {
  const parse = (fact: FieldFact | undefined, raw: string | boolean) => {
    const r = fact ? parseFactValue(fact, raw) : undefined;
    return r?.ok ? r.value : undefined;
  };
  const c: Case = { facts: {}, lists: {}, parameters: {} };
  for (const [name, raw] of Object.entries(answers.facts)) c.facts[name] = parse(policy.facts.get(name), raw);
  for (const [id, entries] of Object.entries(answers.lists)) {
    const list = policy.lists.get(id);
    c.lists[id] = entries.map((e) => {
      const record: CaseRecord = {};
      for (const [name, raw] of Object.entries(e)) record[name] = parse(list?.fields.get(name), raw);
      return record;
    });
  }
  return c;
}
