import type { PathSegment } from '../../errors/problem.js';
import { type Money, parseMoney } from '../../values/money.js';
import type { CompiledParameter, FactRef } from '../model.js';
import type { Field, Item } from '../schema.js';

// What the compile steps share: problems are pushed as {path, message} (never thrown) so that all
// are reported at once, each with the clause it concerns.

export interface CompileProblem {
  path: PathSegment[];
  message: string;
  clause?: string;
  severity?: 'error' | 'warning';
}

export type Report = (path: PathSegment[], message: string, clause?: string, severity?: 'error' | 'warning') => void;

/** A declared fact, with its declaration kept for the checks that need it. */
export type FactEntry = FactRef & { def: Field };

/** Resolves a fact path ("investment", "projects.amount") as seen from an item. */
export type LookupFact = (path: string, each: string | undefined, at: PathSegment[], clause: string) => FactEntry | undefined;

/** What compiling one item's parts needs. */
export interface ItemContext {
  item: Item;
  at: PathSegment[];
  report: Report;
  lookupFact: LookupFact;
  industryIds: Set<string>;
  issued: string;
  /** The policy's last day, when it has one. */
  ends?: string;
  parameters: Map<string, CompiledParameter>;
  /** The official text, for the quotes an item's parts may carry. */
  sourceText: string;
}

export function parseMoneyAt(text: string | number, path: PathSegment[], ctx: { report: Report; item: { clause: string } }): Money | undefined {
  const r = parseMoney(text);
  if (!r.ok) ctx.report(path, r.message, ctx.item.clause);
  return r.ok ? r.value : undefined;
}
