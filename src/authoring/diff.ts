import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { parseCase } from '../case/load.js';
import { evaluate } from '../engine/evaluate.js';
import type { Range } from '../engine/result.js';
import { InputError } from '../errors/problem.js';
import { READ_LIMITS, readBounded } from '../io/read.js';
import { displayPath, parsePolicy } from '../policy/load.js';
import type { CompiledAward, CompiledCap, CompiledItem, Policy } from '../policy/model.js';
import { checkReadingChoices, parseReadingChoices } from '../policy/readings.js';
import type { Condition } from '../policy/schema.js';
import { formatMoney, formatRate } from '../values/format.js';
import { Money, ZERO } from '../values/money.js';
import { compareOutcomes, type Mismatch, type Outcome, outcomeOf, readTestCase, readTestFile } from './cases.js';

// `subsidy policy diff`: what an edit changes, first in the rules (each change with its clause),
// then in the outcomes of a set of cases, so that a reviewer sees the money an edit moves.

export interface RuleChange {
  change: 'added' | 'removed' | 'renamed' | 'changed';
  /** The item, shared cap, parameter or fact concerned. */
  subject: string;
  what: string;
  clause?: string;
  before?: string;
  after?: string;
}

export interface CaseChange {
  name: string;
  before?: Range;
  after?: Range;
  /** Why the case could not be evaluated under one of the versions. */
  problem?: string;
  items: Mismatch[];
}

export interface OutcomeDiff {
  corpus: string;
  asOf?: string;
  cases: number;
  changedCases: number;
  changes: CaseChange[];
  totalBefore: Range;
  totalAfter: Range;
}

export interface PolicyDiff {
  old: string;
  new: string;
  rules: RuleChange[];
  outcomes?: OutcomeDiff;
  /** The readings the outcomes were judged under (--reading). */
  readings?: Record<string, string>;
}

export interface DiffOptions {
  format: 'text' | 'markdown' | 'json';
  top: number;
}

/** Reads a policy from a file, or from git as REV:path (the source text from the same revision). */
export function readPolicyRef(ref: string): Policy {
  if (existsSync(ref)) {
    const text = readBounded(ref, READ_LIMITS.policy, displayPath(ref));
    return finish(parsePolicy(text, { file: displayPath(ref), sourceDir: dirname(ref) }), ref);
  }
  const m = /^([^:]+):(.+)$/.exec(ref);
  if (!m) throw new InputError([{ path: '', severity: 'error', message: `${ref}: no such file (for a version in git, write REV:path, e.g. HEAD~1:policies/liuzhou-2018-sei.yaml)` }]);
  const [, rev, path] = m as unknown as [string, string, string];
  // git would take a revision starting with "-" as one of its options (--output=FILE writes a file).
  if (rev.startsWith('-')) throw new InputError([{ path: '', severity: 'error', message: `${ref}: no such file, and not REV:path (a git revision never starts with "-"), e.g. HEAD~1:policies/liuzhou-2018-sei.yaml` }]);
  const text = gitShow(rev, path, ref);
  const first = parsePolicy(text, { file: ref, sourceText: '' });
  const source = first.policy?.file.source ?? readSourceName(text);
  const sourceText = source ? gitShow(rev, posix.join(posix.dirname(path), source), `${rev}:${posix.join(posix.dirname(path), source)}`) : '';
  return finish(parsePolicy(text, { file: ref, sourceText }), ref);
}

function readSourceName(text: string): string | undefined {
  return /^source:\s*(\S+)/m.exec(text)?.[1];
}

function gitShow(rev: string, path: string, ref: string): string {
  try {
    // No shell, and --end-of-options: REV:path is one argument that git never reads as an option.
    return execFileSync('git', ['show', '--end-of-options', `${rev}:${path}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim().split('\n')[0];
    throw new InputError([{ path: '', severity: 'error', message: `${ref}: cannot be read from git${stderr ? ` (${stderr})` : ''}` }]);
  }
}

function finish(r: ReturnType<typeof parsePolicy>, ref: string): Policy {
  const errors = r.problems.filter((p) => p.severity === 'error');
  if (!r.policy || errors.length) {
    throw new InputError(errors.length ? errors : [{ path: '', severity: 'error', message: `${ref}: the policy cannot be loaded` }]);
  }
  return r.policy;
}

const wan = (m: Money) => formatMoney(m, 'wan');

function awardText(a: CompiledAward): string {
  switch (a.kind) {
    case 'percent':
      return `${formatRate(a.rate)} of ${basisText(a)}`;
    case 'fixed':
      return wan(a.amount);
    case 'up_to':
      return `up to ${wan(a.amount)}`;
    case 'fixed_by':
      return `by ${a.by.path}: ${[...a.amounts].map(([k, v]) => `${k} ${wan(v)}`).join(', ')}`;
    case 'unquantified':
      return `${a.nature}${a.ceiling ? ` (ceiling ${wan(a.ceiling)})` : ''}`;
  }
}

function basisText(a: Extract<CompiledAward, { kind: 'percent' }>): string {
  const expr = (e: typeof a.basis): string =>
    e.type === 'fact'
      ? e.fact.path
      : e.type === 'param'
        ? `parameter ${e.param}`
        : e.type === 'accrual'
          ? `days from ${e.from.path}${e.until ? ` to ${e.until.path}` : ''} in the year / 360`
          : e.factors.map(expr).join(' × ');
  return expr(a.basis);
}

function capsText(caps: CompiledCap[]): string {
  if (caps.length === 0) return 'none';
  return caps.map((c) => `${wan(c.amount)} per ${c.per === 'record' ? 'project' : c.per === 'applicant-year' ? 'applicant per year' : 'applicant'}`).join(', ');
}

const OP_SIGNS: Partial<Record<keyof Condition, string>> = {
  eq: '=', ne: '≠', gte: '≥', gt: '>', lte: '≤', lt: '<', not_in: 'not in', on_or_after: 'on or after', at_least_years_ago: 'at least this many years ago:',
};

/** A condition as one line: industry in_scope true and projects.type in [a, b]. */
export function conditionText(c: Condition | undefined): string {
  if (!c) return 'none';
  if (c.all) return c.all.map((x) => (x.any ? `(${conditionText(x)})` : conditionText(x))).join(' and ');
  if (c.any) return c.any.map((x) => (x.all ? `(${conditionText(x)})` : conditionText(x))).join(' or ');
  if (c.not) return `not (${conditionText(c.not)})`;
  const op = (Object.keys(c) as (keyof Condition)[]).find((k) => k !== 'fact' && k !== 'label');
  if (!op) return String(c.fact);
  const v = c[op];
  return `${c.fact} ${OP_SIGNS[op] ?? op} ${Array.isArray(v) ? `[${v.join(', ')}]` : String(v)}`;
}

function compareItem(o: CompiledItem, n: CompiledItem, oldP: Policy, newP: Policy, out: RuleChange[]) {
  const push = (what: string, before: string, after: string) => {
    if (before !== after) out.push({ change: 'changed', subject: n.id, clause: n.clause, what, before, after });
  };
  push('clause', o.clause, n.clause);
  push('title', o.title.zh, n.title.zh);
  push('quote', o.quote, n.quote);
  push('applicants', o.applicants.join(', '), n.applicants.join(', '));
  push('evaluated for each', o.each ?? 'applicant', n.each ?? 'applicant');
  push('conditions', conditionText(oldP.file.items[o.index]?.when), conditionText(newP.file.items[n.index]?.when));
  const oa = o.award;
  const na = n.award;
  if (oa.kind === 'percent' && na.kind === 'percent') {
    push('rate', formatRate(oa.rate), formatRate(na.rate));
    push('basis', basisText(oa), basisText(na));
  } else push('award', awardText(oa), awardText(na));
  push('cap', capsText(o.caps), capsText(n.caps));
  push('period', o.years === 1 ? 'one-off' : `${o.years} years`, n.years === 1 ? 'one-off' : `${n.years} years`);
  push('dated event', eventText(o), eventText(n));
  push('window', windowText(o), windowText(n));
  push('readings', o.readings.join(', ') || 'none', n.readings.join(', ') || 'none');
}

function eventText(i: CompiledItem): string {
  return i.event ? `${i.event.fact.path} from ${i.event.from}${i.event.until ? ` to ${i.event.until}` : ''}` : 'none';
}

function windowText(i: CompiledItem): string {
  const w = i.window;
  return w ? `${w.years} years from ${w.fact.path}${w.afterYears ? ` + ${w.afterYears} year${w.afterYears > 1 ? 's' : ''}` : ''}${w.fromIssue ? ', not before the issue date' : ''}` : 'none';
}

/** Part one: the rules that differ, item by item, each with its clause. */
export function diffRules(oldP: Policy, newP: Policy): RuleChange[] {
  const out: RuleChange[] = [];
  const oldById = new Map(oldP.items.map((i) => [i.id, i]));
  const newById = new Map(newP.items.map((i) => [i.id, i]));
  const removed = oldP.items.filter((i) => !newById.has(i.id));
  const added = newP.items.filter((i) => !oldById.has(i.id));
  // An item whose id changed but whose quote did not is the same rule renamed, not a new one.
  const renamed = new Map<string, CompiledItem>();
  for (const r of removed) {
    const a = added.find((x) => x.quote === r.quote && ![...renamed.values()].includes(x));
    if (a) renamed.set(r.id, a);
  }
  for (const n of newP.items) {
    const o = oldById.get(n.id);
    if (o) compareItem(o, n, oldP, newP, out);
  }
  for (const [oldId, n] of renamed) {
    out.push({ change: 'renamed', subject: n.id, clause: n.clause, what: 'id', before: oldId, after: n.id });
    compareItem(oldById.get(oldId) as CompiledItem, n, oldP, newP, out);
  }
  const renamedTo = new Set([...renamed.values()].map((i) => i.id));
  for (const r of removed) {
    if (!renamed.has(r.id)) out.push({ change: 'removed', subject: r.id, clause: r.clause, what: 'item', before: `${r.title.zh}: ${awardText(r.award)}` });
  }
  for (const a of added) {
    if (!renamedTo.has(a.id)) out.push({ change: 'added', subject: a.id, clause: a.clause, what: 'item', after: `${a.title.zh}: ${awardText(a.award)}` });
  }
  const oldCaps = new Map(oldP.sharedCaps.map((c) => [c.id, c]));
  const newCaps = new Map(newP.sharedCaps.map((c) => [c.id, c]));
  for (const [id, n] of newCaps) {
    const o = oldCaps.get(id);
    if (!o) out.push({ change: 'added', subject: id, clause: n.clause, what: 'shared cap', after: `${wan(n.amount)} a year over ${n.items.join(', ')}` });
    else {
      if (!o.amount.eq(n.amount)) out.push({ change: 'changed', subject: id, clause: n.clause, what: 'shared cap', before: wan(o.amount), after: wan(n.amount) });
      if (o.items.join() !== n.items.join()) out.push({ change: 'changed', subject: id, clause: n.clause, what: 'shared cap items', before: o.items.join(', '), after: n.items.join(', ') });
    }
  }
  for (const [id, o] of oldCaps) if (!newCaps.has(id)) out.push({ change: 'removed', subject: id, clause: o.clause, what: 'shared cap', before: wan(o.amount) });
  const schedule = (p: Policy, id: string) => {
    const param = p.parameters.get(id);
    if (!param) return undefined;
    const v = (m: Money) => (param.type === 'rate' ? `${m.times(100).toString()}%` : wan(m));
    return param.schedule
      .map((s) => `from ${s.from}: ${s.value ? v(s.value) : [...(s.values ?? new Map())].map(([k, x]) => `${k} ${v(x)}`).join(', ')}`)
      .join('; ');
  };
  for (const id of new Set([...oldP.parameters.keys(), ...newP.parameters.keys()])) {
    const before = schedule(oldP, id);
    const after = schedule(newP, id);
    if (before !== after) {
      out.push({ change: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed', subject: id, what: 'parameter', before, after });
    }
  }
  const factType = (p: Policy, id: string) => p.facts.get(id)?.type ?? (p.lists.has(id) ? 'list' : undefined);
  for (const id of new Set([...oldP.facts.keys(), ...oldP.lists.keys(), ...newP.facts.keys(), ...newP.lists.keys()])) {
    const before = factType(oldP, id);
    const after = factType(newP, id);
    if (before !== after) out.push({ change: before === undefined ? 'added' : after === undefined ? 'removed' : 'changed', subject: id, what: 'fact', before, after });
  }
  const oldReadings = new Map(oldP.readings.map((r) => [r.id, r]));
  for (const n of newP.readings) {
    const o = oldReadings.get(n.id);
    const alts = (r: typeof n) => r.alternatives.map((a) => a.id).join(', ');
    if (!o) out.push({ change: 'added', subject: n.id, clause: n.clause, what: 'reading', after: `${alts(n)} (default ${n.default})` });
    else {
      if (o.default !== n.default) out.push({ change: 'changed', subject: n.id, clause: n.clause, what: 'reading default', before: o.default, after: n.default });
      if (alts(o) !== alts(n)) out.push({ change: 'changed', subject: n.id, clause: n.clause, what: 'reading alternatives', before: alts(o), after: alts(n) });
    }
  }
  for (const o of oldP.readings) if (!newP.readings.some((r) => r.id === o.id)) out.push({ change: 'removed', subject: o.id, clause: o.clause, what: 'reading', before: `default ${o.default}` });
  if (oldP.budget && newP.budget && !oldP.budget.amount.eq(newP.budget.amount)) {
    out.push({ change: 'changed', subject: 'budget', clause: newP.budget.clause, what: 'yearly budget', before: wan(oldP.budget.amount), after: wan(newP.budget.amount) });
  }
  return out;
}

interface CorpusCase {
  name: string;
  asOf?: string;
  /** The readings a test case pins. */
  readings?: Record<string, string>;
  read: (p: Policy) => ReturnType<typeof parseCase>;
}

/** The cases of a corpus: a folder of project YAML files, or a policy test-case file. */
export function readCorpus(path: string, asOf?: string): CorpusCase[] {
  if (!existsSync(path)) throw new InputError([{ file: path, path: '--cases', severity: 'error', message: 'no such folder or file' }]);
  if (statSync(path).isDirectory()) {
    return readdirSync(path)
      .filter((f) => /\.ya?ml$/.test(f) && !/\.test\.ya?ml$/.test(f))
      .sort()
      .map((f) => {
        const file = join(path, f);
        const text = readBounded(file, READ_LIMITS.project, displayPath(file));
        return { name: f.replace(/\.ya?ml$/, ''), asOf, read: (p: Policy) => parseCase(text, p, displayPath(file)) };
      });
  }
  if (/\.test\.ya?ml$/.test(path)) {
    const tests = readTestFile(path);
    return tests.data.cases.map((c) => ({
      name: c.name,
      asOf: asOf ?? c.as_of ?? tests.data.as_of,
      ...(c.readings ? { readings: c.readings } : {}),
      read: (p: Policy) => {
        const r = readTestCase(c, dirname(path), p);
        return { case: r.case, problems: r.problems };
      },
    }));
  }
  throw new InputError([{ file: path, path: '--cases', severity: 'error', message: 'give a folder of project YAML files or a policy test file (x.test.yaml); a batch CSV is not supported yet' }]);
}

const sumRange = (a: Range, b: Range): Range => ({ low: a.low.plus(b.low), high: a.high.plus(b.high) });
const rangeOf = (o: Outcome): Range => ({ low: new Money(o.get('total.low') ?? 0), high: new Money(o.get('total.high') ?? 0) });

/** Part two: the outcomes of every case under both versions. */
/** The old outcome with renamed items under their new ids, so that a rename alone moves nothing. */
function renameItems(o: Outcome, renames: Map<string, string>): Outcome {
  if (renames.size === 0) return o;
  const out: Outcome = new Map();
  for (const [k, v] of o) {
    const m = /^(items|flagged)\.([^.]+)(.*)$/.exec(k);
    const to = m ? renames.get(m[2] as string) : undefined;
    out.set(m && to ? `${m[1]}.${to}${m[3]}` : k, v);
  }
  return out;
}

export function diffOutcomes(
  oldP: Policy,
  newP: Policy,
  corpus: string,
  asOf?: string,
  renames = new Map<string, string>(),
  readings: Record<string, string> = {},
): OutcomeDiff {
  const cases = readCorpus(corpus, asOf);
  const items = [...newP.items, ...oldP.items.filter((o) => !newP.items.some((n) => n.id === o.id) && !renames.has(o.id))];
  let totalBefore: Range = { low: ZERO, high: ZERO };
  let totalAfter: Range = { low: ZERO, high: ZERO };
  const changes: CaseChange[] = [];
  for (const c of cases) {
    const run = (p: Policy): { outcome?: Outcome; problem?: string } => {
      const r = c.read(p);
      // Each version is read under the readings it declares (--reading, then the case's own pins).
      const chosen = Object.fromEntries(Object.entries({ ...readings, ...c.readings }).filter(([id]) => p.readings.some((x) => x.id === id)));
      return r.case ? { outcome: outcomeOf(evaluate(p, r.case, { asOf: c.asOf, readings: chosen })) } : { problem: r.problems[0]?.message ?? 'cannot be read' };
    };
    const old = run(oldP);
    const before = old.outcome ? { outcome: renameItems(old.outcome, renames) } : old;
    const after = run(newP);
    if (before.outcome) totalBefore = sumRange(totalBefore, rangeOf(before.outcome));
    if (after.outcome) totalAfter = sumRange(totalAfter, rangeOf(after.outcome));
    if (!before.outcome || !after.outcome) {
      changes.push({
        name: c.name,
        before: before.outcome && rangeOf(before.outcome),
        after: after.outcome && rangeOf(after.outcome),
        problem: before.problem ? `cannot be read under the old policy: ${before.problem}` : `cannot be read under the new policy: ${after.problem}`,
        items: [],
      });
      continue;
    }
    const { changed, mismatches } = compareOutcomes(before.outcome, after.outcome, items);
    const inOld = new Set(oldP.items.map((i) => renames.get(i.id) ?? i.id));
    const inNew = new Set(newP.items.map((i) => i.id));
    const moved = mismatches
      .filter((m) => m.subject !== 'total')
      .map((m) => ({
        ...m,
        expected: m.subject !== 'flagged' && !inOld.has(m.subject) ? 'not in the old policy' : m.expected,
        actual: m.subject !== 'flagged' && !inNew.has(m.subject) ? 'removed from the policy' : m.actual,
      }));
    if (changed > 0) changes.push({ name: c.name, before: rangeOf(before.outcome), after: rangeOf(after.outcome), items: moved });
  }
  const size = (c: CaseChange) =>
    c.before && c.after ? c.after.low.minus(c.before.low).abs().plus(c.after.high.minus(c.before.high).abs()) : new Money(Number.POSITIVE_INFINITY);
  changes.sort((a, b) => size(b).comparedTo(size(a)) || a.name.localeCompare(b.name));
  return { corpus: displayPath(corpus), asOf, cases: cases.length, changedCases: changes.length, changes, totalBefore, totalAfter };
}

export function diffPolicies(oldRef: string, newRef: string, opts: { cases?: string; asOf?: string; readings?: string[] }): PolicyDiff {
  const oldP = readPolicyRef(oldRef);
  const newP = readPolicyRef(newRef);
  const readings = readingsForDiff(oldP, newP, opts.readings ?? []);
  const rules = diffRules(oldP, newP);
  const renames = new Map(rules.filter((r) => r.change === 'renamed').map((r) => [r.before as string, r.after as string]));
  return {
    old: oldRef,
    new: newRef,
    rules,
    outcomes: opts.cases ? diffOutcomes(oldP, newP, opts.cases, opts.asOf, renames, readings) : undefined,
    ...(Object.keys(readings).length ? { readings } : {}),
  };
}

/** --reading for a diff: each reading must be declared by one of the versions, and be valid in each that declares it. */
function readingsForDiff(oldP: Policy, newP: Policy, pairs: string[]): Record<string, string> {
  if (pairs.length === 0) return {};
  const both = { ...newP, readings: [...newP.readings, ...oldP.readings.filter((o) => !newP.readings.some((n) => n.id === o.id))] };
  const { choices, problems } = parseReadingChoices(both, pairs);
  for (const p of [oldP, newP]) {
    const own = Object.fromEntries(Object.entries(choices).filter(([id]) => p.readings.some((r) => r.id === id)));
    problems.push(...checkReadingChoices(p, own));
  }
  if (problems.length) throw new InputError([...new Set(problems)].map((message) => ({ path: '--reading', severity: 'error' as const, message })));
  return choices;
}

export { renderDiff } from './diff-render.js';
