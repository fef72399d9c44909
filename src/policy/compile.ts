import type { PathSegment } from '../errors/problem.js';
import { compareDates, parseCalendarDate } from '../values/dates.js';
import { didYouMean } from '../values/suggest.js';
import { compileAward } from './compile/awards.js';
import { compileCaps, compileSharedCaps } from './compile/caps.js';
import { compileCondition } from './compile/conditions.js';
import { type CompileProblem, type ItemContext, parseMoneyAt, type Report } from './compile/context.js';
import { compileFacts } from './compile/facts.js';
import { compileParameters } from './compile/parameters.js';
import { compilePeriod } from './compile/periods.js';
import { quoteMismatch } from './compile/quotes.js';
import { compileReadings, type ItemReading, itemReadings } from './compile/readings.js';
import { compileTime } from './compile/time.js';
import type { CompiledItem, Policy } from './model.js';
import type { Condition, Item, PolicyFile } from './schema.js';

// Stage two of loading, after the schema: meaning. Every reference is resolved and every amount
// parsed; each problem is pushed as {path, message} (never thrown) so that all are reported at once.
// One file per concept under compile/: facts, parameters, conditions, awards, caps, periods.

export type { CompileProblem } from './compile/context.js';

export function compilePolicy(
  file: PolicyFile,
  opts: { path: string; sourceText: string },
): { policy?: Policy; problems: CompileProblem[] } {
  const problems: CompileProblem[] = [];
  const report: Report = (path, message, clause, severity) => problems.push({ path, message, clause, ...(severity ? { severity } : {}) });

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

  const readings = compileReadings(file, opts.sourceText, report);
  const ends = file.ends === undefined ? undefined : parseCalendarDate(file.ends);
  if (ends && !ends.ok) report(['ends'], ends.message);
  else if (file.ends !== undefined && parseCalendarDate(file.issued).ok && compareDates(file.ends, file.issued) < 0) {
    report(['ends'], `the policy ends (${file.ends}) before it was issued (${file.issued})`);
  }

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
    // Each condition is traced for each entry of the item's list (up to 1,000 in a case): the
    // limit keeps a result's trace, its JSON and its explain within seconds (docs/guarantees.md).
    const size = conditionCount(item.when);
    if (size > MAX_ITEM_CONDITIONS) {
      report([...at, 'when'], `the item has ${size.toLocaleString('en')} conditions: an item may have at most ${MAX_ITEM_CONDITIONS} (each is traced for every entry of a case, up to 1,000)`, item.clause);
      return;
    }
    const { touching, variants } = itemReadings(item, index, readings, report);
    const compileAs = (raw: Item, into: Report): CompiledItem | undefined => {
      const ctx: ItemContext = {
        item: raw, at, report: into, lookupFact, industryIds, issued: file.issued, parameters, sourceText: opts.sourceText,
        ...(file.ends ? { ends: file.ends } : {}),
      };
      const when = raw.when ? compileCondition(raw.when, [...at, 'when'], ctx) : undefined;
      const award = compileAward(raw, [...at, 'award'], ctx);
      const caps = compileCaps(award, ctx);
      const time = compileTime(ctx);
      // An item whose condition, award or time did not compile is left out: its problems are reported.
      if (!award || (raw.when && !when) || !time.ok) return undefined;
      const conditions = time.leaf ? (when ? { type: 'all' as const, children: [when, time.leaf] } : time.leaf) : when;
      return {
        id: raw.id,
        index,
        clause: raw.clause,
        title: raw.title,
        quote: raw.quote,
        applicants: raw.applicants,
        each: raw.each,
        ...(conditions ? { when: conditions } : {}),
        award,
        caps,
        ...compilePeriod(raw),
        ...(time.event ? { event: time.event } : {}),
        ...(time.window ? { window: time.window, years: time.window.years, ...(time.window.why ? { periodLabel: time.window.why } : {}) } : {}),
        ...(time.levels && (time.levels.combine !== 'each' || time.levels.level) ? { levels: time.levels } : {}),
        assumptions: raw.assumptions ?? [],
        interpretation: (item.interpretation ?? []).map((n) => ({ zh: n.zh, en: n.en })),
        sharedCaps: [],
        readings: touching.map((r) => r.id),
      };
    };
    const [defaults, ...others] = variants as [ItemReading, ...ItemReading[]];
    const baseMessages = new Set<string>();
    const base = compileAs(defaults.item, (path, message, clause, severity) => {
      baseMessages.add(message);
      report(path, message, clause, severity);
    });
    if (!base) return;
    items.push(base);
    if (others.length === 0) return;
    // Every other reading of the item is compiled now, so that a wrong change is an error at
    // load, at the alternative that makes it (a problem the item as written has is not repeated).
    base.variants = new Map([[defaults.key, base]]);
    const shown = new Set<string>();
    for (const v of others) {
      const found: CompileProblem[] = [];
      const compiled = compileAs(v.item, (path, message, clause, severity) => found.push({ path, message, clause, ...(severity ? { severity } : {}) }));
      for (const p of found) {
        if (shown.has(p.message) || baseMessages.has(p.message)) continue;
        shown.add(p.message);
        report(v.at ?? p.path, `under reading ${Object.entries(v.choices).map(([r, a]) => `${r}=${a}`).join(', ')}: ${p.message}`, p.clause, p.severity);
      }
      if (compiled) base.variants.set(v.key, compiled);
    }
  });

  const sharedCaps = compileSharedCaps(file, items, itemIds, opts.sourceText, report);
  // Another reading of an item is under the same shared caps as the item.
  for (const item of items) for (const v of item.variants?.values() ?? []) v.sharedCaps = item.sharedCaps;
  for (const r of readings) {
    if (r.items.length === 0) {
      problems.push({ path: ['readings', file.readings.indexOf(file.readings.find((x) => x.id === r.id) as (typeof file.readings)[number]), 'id'], message: `no item names reading "${r.id}": add it under the readings of the items it touches, or remove it`, clause: r.clause, severity: 'warning' });
    }
  }

  let budget: Policy['budget'];
  if (file.budget) {
    if (!opts.sourceText.includes(file.budget.quote)) report(['budget', 'quote'], quoteMismatch(file.budget.quote, opts.sourceText), file.budget.clause);
    const amount = parseMoneyAt(file.budget.amount, ['budget', 'amount'], { report, item: { clause: file.budget.clause } });
    // A fund of 0 would make every batch's share of it infinite: the text states a real amount.
    if (amount?.isZero()) report(['budget', 'amount'], 'the yearly fund is 0: give the amount the text states (a batch shows its share of it)', file.budget.clause);
    else if (amount) budget = { clause: file.budget.clause, quote: file.budget.quote, amount, label: file.budget.label };
  }
  const issued = parseCalendarDate(file.issued);
  if (!issued.ok) report(['issued'], issued.message);

  // The policy is returned with its problems, errors or not: it holds what did compile (an item
  // that did not is left out), for `policy check` to go on checking. Loading refuses it on any error.
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
      readings,
      ...(file.ends ? { ends: file.ends } : {}),
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

/** The most conditions (comparisons, all, any, not) in one item's `when`: the shipped policy has at most 8. */
export const MAX_ITEM_CONDITIONS = 100;

/** The conditions of a tree, counted without recursion (a deep tree cannot overflow the stack). */
function conditionCount(root: Condition | undefined): number {
  let n = 0;
  const todo: Condition[] = root ? [root] : [];
  for (let c = todo.pop(); c; c = todo.pop()) {
    n++;
    if (c.all) todo.push(...c.all);
    if (c.any) todo.push(...c.any);
    if (c.not) todo.push(c.not);
  }
  return n;
}
