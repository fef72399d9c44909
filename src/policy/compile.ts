import type { PathSegment } from '../errors/problem.js';
import { parseDate } from '../values/money.js';
import { didYouMean } from '../values/suggest.js';
import { compileAward } from './compile/awards.js';
import { compileCaps, compileSharedCaps } from './compile/caps.js';
import { compileCondition } from './compile/conditions.js';
import { type CompileProblem, type ItemContext, parseMoneyAt, type Report } from './compile/context.js';
import { compileFacts } from './compile/facts.js';
import { compileParameters } from './compile/parameters.js';
import { compilePeriod } from './compile/periods.js';
import { quoteMismatch } from './compile/quotes.js';
import type { CompiledItem, Policy } from './model.js';
import type { PolicyFile } from './schema.js';

// Stage two of loading, after the schema: meaning. Every reference is resolved and every amount
// parsed; each problem is pushed as {path, message} (never thrown) so that all are reported at once.
// One file per concept under compile/: facts, parameters, conditions, awards, caps, periods.

export type { CompileProblem } from './compile/context.js';

export function compilePolicy(
  file: PolicyFile,
  opts: { path: string; sourceText: string },
): { policy?: Policy; problems: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  const report: Report = (path, message, clause) => problems.push({ path, message, clause });

  const kindIds = file.applicant_kinds.map((k) => k.id);
  const industryIds = new Set(file.industries.map((i) => i.id));
  const groupIds = new Set(file.industry_groups.map((g) => g.id));
  file.industries.forEach((ind, i) => {
    if (!groupIds.has(ind.group)) report(['industries', i, 'group'], `unknown industry group "${ind.group}"${didYouMean(ind.group, groupIds)}`);
  });
  checkUnique(file.applicant_kinds.map((k) => k.id), (i, id) => report(['applicant_kinds', i, 'id'], `duplicate applicant kind "${id}"`));
  checkUnique(file.industries.map((k) => k.id), (i, id) => report(['industries', i, 'id'], `duplicate industry "${id}"`));

  const { facts, lists, lookupFact } = compileFacts(file, report);
  const parameters = compileParameters(file, report);

  const itemIds = new Set<string>();
  const items: CompiledItem[] = [];
  file.items.forEach((item, index) => {
    const at: PathSegment[] = ['items', index];
    if (itemIds.has(item.id)) report([...at, 'id'], `duplicate item id "${item.id}"`, item.clause);
    itemIds.add(item.id);
    if (!/^（[一二三四五六七八九十]+）$/.test(item.clause)) {
      report([...at, 'clause'], `a clause is cited as in the text, e.g. （二十四）, got "${item.clause}"`, item.clause);
    } else if (!opts.sourceText.includes(item.clause)) {
      report([...at, 'clause'], `clause ${item.clause} does not exist in the source text`, item.clause);
    }
    if (!opts.sourceText.includes(item.quote)) {
      report([...at, 'quote'], quoteMismatch(item.quote, opts.sourceText), item.clause);
    }
    item.applicants.forEach((a, i) => {
      if (!kindIds.includes(a)) report([...at, 'applicants', i], `unknown applicant kind "${a}"${didYouMean(a, kindIds)}`, item.clause);
    });
    if (item.each && !lists.has(item.each)) {
      report([...at, 'each'], `"${item.each}" is not a list fact${didYouMean(item.each, lists.keys())}`, item.clause);
    }
    const ctx: ItemContext = { item, at, report, lookupFact, industryIds, issued: file.issued, parameters };
    const when = item.when ? compileCondition(item.when, [...at, 'when'], ctx) : undefined;
    const award = compileAward(item, [...at, 'award'], ctx);
    const caps = compileCaps(award, ctx);
    // An item whose condition or award did not compile is left out: its problems are reported.
    if (!award || (item.when && !when)) return;
    items.push({
      id: item.id,
      index,
      clause: item.clause,
      title: item.title,
      quote: item.quote,
      applicants: item.applicants,
      each: item.each,
      ...(when ? { when } : {}),
      award,
      caps,
      ...compilePeriod(item),
      assumptions: item.assumptions ?? [],
      interpretation: item.interpretation ?? [],
      sharedCaps: [],
    });
  });

  const sharedCaps = compileSharedCaps(file, items, itemIds, opts.sourceText, report);

  let budget: Policy['budget'];
  if (file.budget) {
    if (!opts.sourceText.includes(file.budget.quote)) report(['budget', 'quote'], quoteMismatch(file.budget.quote, opts.sourceText), file.budget.clause);
    const amount = parseMoneyAt(file.budget.amount, ['budget', 'amount'], { report, item: { clause: file.budget.clause } });
    if (amount) budget = { clause: file.budget.clause, quote: file.budget.quote, amount, label: file.budget.label };
  }
  if (!parseDate(file.issued).ok) report(['issued'], `"${file.issued}" is not a real date`);

  if (problems.length > 0) return { problems };
  return {
    problems,
    policy: {
      file,
      id: file.id,
      title: file.title,
      issued: file.issued,
      path: opts.path,
      sourceText: opts.sourceText,
      budget,
      notice: file.notice,
      facts,
      lists,
      industryIds,
      items,
      sharedCaps,
      parameters,
    },
  };
}

function checkUnique(ids: string[], onDuplicate: (index: number, id: string) => void) {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) onDuplicate(i, id);
    seen.add(id);
  });
}
