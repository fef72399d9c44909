import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type Document, isMap, isScalar, isSeq, stringify } from 'yaml';
import { z } from 'zod';
import { parseCase } from '../case/load.js';
import { evaluate } from '../engine/evaluate.js';
import type { EvaluationResult, Status } from '../engine/result.js';
import { formatProblem, InputError, type Problem } from '../errors/problem.js';
import { unexpected } from '../errors/unexpected.js';
import { parseYaml, YAML_LIMITS } from '../errors/yaml.js';
import { issuesToProblems } from '../errors/zod.js';
import { READ_LIMITS, readBounded } from '../io/read.js';
import { BUILTIN_POLICY_DIR, displayPath, parsePolicy } from '../policy/load.js';
import type { Policy } from '../policy/model.js';
import { checkReadingChoices, parseReadingChoices } from '../policy/readings.js';
import { formatMoney } from '../values/format.js';
import { Money, parseDate, parseMoney } from '../values/money.js';
import { didYouMean } from '../values/suggest.js';

// Policy test cases: a file beside the policy (x.test.yaml beside x.yaml) listing cases with the
// result a maintainer checked by hand. Running them after an edit shows every outcome the edit
// moves; --update writes the new outcomes back once the change is deliberate.

const STATUSES = ['applies', 'does-not-apply', 'cannot-determine'] as const;
const AmountText = z.union([z.string(), z.number()]);
// A real calendar date: 2020-02-30 has the shape of one and would silently become 1 March.
const DateText = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'a date as YYYY-MM-DD', abort: true }).superRefine((text, ctx) => {
  const d = parseDate(text);
  if (!d.ok) ctx.addIssue({ code: 'custom', message: d.message });
});
const RangeText = z.union([AmountText, z.strictObject({ low: AmountText, high: AmountText })]);

const ItemExpectation = z.union([
  z.enum(STATUSES),
  z.strictObject({ status: z.enum(STATUSES), amount: AmountText.optional(), low: AmountText.optional(), high: AmountText.optional() }),
]);

export const PolicyTestCase = z.strictObject({
  name: z.string().min(1),
  /** A project file (relative to the test file), or the case written inline. */
  case: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  as_of: DateText.optional(),
  /** Readings this case is judged under (reading id → alternative); the others take the policy's default or --reading. */
  readings: z.record(z.string(), z.string()).optional(),
  expect: z.strictObject({
    /** Sum of the applying amount items, in 万 or yuan: one amount, or {low, high}. */
    total: RangeText,
    /** Every item that does not end "does-not-apply": its status, and its amount when it pays one. */
    items: z.record(z.string(), ItemExpectation).default({}),
    /** Items that apply but whose amount the text does not state (case by case, matching funds …). */
    flagged: z.array(z.string()).default([]),
  }),
});

export const PolicyTestFile = z.strictObject({
  /** The policy file, relative to this file (default: the file beside it without ".test"). */
  policy: z.string().optional(),
  /** The as-of date of every case that does not give its own. */
  as_of: DateText.optional(),
  cases: z.array(PolicyTestCase).min(1),
});
export type PolicyTestFile = z.infer<typeof PolicyTestFile>;

/** The test-case file of a policy file: x.yaml → x.test.yaml. */
export function testFileFor(policyFile: string): string {
  return policyFile.replace(/\.ya?ml$/, '.test.yaml');
}

/** The test-case files in a folder. */
export function listTestFiles(dir = BUILTIN_POLICY_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.test\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

export interface LoadedTestFile {
  path: string;
  data: PolicyTestFile;
  doc: Document;
}

/** Reads and validates a test-case file; throws InputError with file:line:col for each problem. */
export function readTestFile(path: string): LoadedTestFile {
  let text: string;
  try {
    text = readBounded(path, READ_LIMITS.tests, displayPath(path));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError([{ file: displayPath(path), path: '', severity: 'error', message: 'no such test-case file' }]);
  }
  const display = displayPath(path);
  const { source, data, problems } = parseYaml(text, display, YAML_LIMITS.tests);
  if (problems.length) throw new InputError(problems);
  const parsed = PolicyTestFile.safeParse(data);
  if (!parsed.success) throw new InputError(issuesToProblems(parsed.error.issues, PolicyTestFile, data, source));
  return { path, data: parsed.data, doc: source.doc };
}

/** The item ids some test case expects to apply (the coverage of `policy check`). */
export function expectedPayers(file: LoadedTestFile): Set<string> {
  const out = new Set<string>();
  for (const c of file.data.cases) {
    for (const [id, e] of Object.entries(c.expect.items)) if ((typeof e === 'string' ? e : e.status) === 'applies') out.add(id);
  }
  return out;
}

/** The policy a test file is about. */
export function policyFileForTests(file: LoadedTestFile): string {
  if (file.data.policy) return resolve(dirname(file.path), file.data.policy);
  return file.path.replace(/\.test\.ya?ml$/, '.yaml');
}

export function loadPolicyForTests(policyFile: string): Policy {
  let text: string;
  try {
    text = readBounded(policyFile, READ_LIMITS.policy, displayPath(policyFile));
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError([{ file: displayPath(policyFile), path: '', severity: 'error', message: 'no such policy file (a test file x.test.yaml is run against x.yaml beside it, or the file its "policy:" names)' }]);
  }
  const { policy, problems } = parsePolicy(text, { file: displayPath(policyFile), sourceDir: dirname(policyFile) });
  const errors = problems.filter((p) => p.severity === 'error');
  if (!policy || errors.length) throw new InputError(errors.length ? errors : problems);
  return policy;
}

/**
 * An outcome as flat, comparable values: `total.low`, `items.rd-project.status`,
 * `items.rd-project.low`, `flagged.land-priority`. Amounts are yuan with two decimals, so equal
 * amounts written differently (30万, 300000) compare equal.
 */
export type Outcome = Map<string, string>;

export function outcomeOf(result: EvaluationResult): Outcome {
  const out: Outcome = new Map();
  out.set('total.low', result.total.low.toFixed(2));
  out.set('total.high', result.total.high.toFixed(2));
  for (const item of result.items) {
    if (item.status === 'does-not-apply') continue;
    out.set(`items.${item.id}.status`, item.status);
    if (item.status === 'applies' && item.amount) {
      out.set(`items.${item.id}.low`, item.amount.low.toFixed(2));
      out.set(`items.${item.id}.high`, item.amount.high.toFixed(2));
    }
    if (item.status === 'applies' && item.kind === 'unquantified') out.set(`flagged.${item.id}`, 'yes');
  }
  return out;
}

type CaseExpectation = z.infer<typeof PolicyTestCase>['expect'];

function amountAt(raw: string | number, where: string, problems: string[]): string | undefined {
  const m = parseMoney(raw);
  if (!m.ok) {
    problems.push(`${where}: ${m.message}`);
    return undefined;
  }
  return m.value.toFixed(2);
}

/** The expectation as an Outcome; item ids the policy does not have are problems. */
export function expectedOutcome(expect: CaseExpectation, policy: Policy): { outcome: Outcome; problems: string[] } {
  const out: Outcome = new Map();
  const problems: string[] = [];
  const ids = policy.items.map((i) => i.id);
  const range = (raw: CaseExpectation['total'], key: string) => {
    const [lo, hi] = typeof raw === 'object' ? [raw.low, raw.high] : [raw, raw];
    const low = amountAt(lo, key, problems);
    const high = amountAt(hi, key, problems);
    if (low !== undefined) out.set(`${key}.low`, low);
    if (high !== undefined) out.set(`${key}.high`, high);
  };
  range(expect.total, 'total');
  for (const [id, e] of Object.entries(expect.items)) {
    if (!ids.includes(id)) {
      problems.push(`items.${id}: the policy has no item "${id}"${didYouMean(id, ids)}`);
      continue;
    }
    const status = typeof e === 'string' ? e : e.status;
    if (status === 'does-not-apply') continue; // the default: listing it changes nothing
    out.set(`items.${id}.status`, status);
    if (typeof e === 'object') {
      if (e.amount !== undefined) range(e.amount, `items.${id}`);
      else if (e.low !== undefined || e.high !== undefined) {
        if (e.low === undefined || e.high === undefined) problems.push(`items.${id}: give both low and high, or amount`);
        else range({ low: e.low, high: e.high }, `items.${id}`);
      }
    }
  }
  for (const id of expect.flagged) {
    if (!ids.includes(id)) problems.push(`flagged: the policy has no item "${id}"${didYouMean(id, ids)}`);
    else out.set(`flagged.${id}`, 'yes');
  }
  return { outcome: out, problems };
}

/** One difference between the expected and the actual outcome, grouped by what it concerns. */
export interface Mismatch {
  /** 'total', an item id, or 'flagged'. */
  subject: string;
  clause?: string;
  expected: string;
  actual: string;
}

const wan = (yuan: string | undefined) => (yuan === undefined ? undefined : formatMoney(new Money(yuan), 'wan'));

function rangeText(o: Outcome, key: string): string | undefined {
  const low = wan(o.get(`${key}.low`));
  const high = wan(o.get(`${key}.high`));
  if (low === undefined && high === undefined) return undefined;
  return low === high ? `${low}` : `${low ?? '?'}–${high ?? '?'}`;
}

function itemText(o: Outcome, id: string): string {
  const status = (o.get(`items.${id}.status`) as Status | undefined) ?? 'does-not-apply';
  const amount = rangeText(o, `items.${id}`);
  return amount ? `${status} ${amount}` : status;
}

/** The values that differ, and one readable line per total, item and flag that moved. */
export function compareOutcomes(expected: Outcome, actual: Outcome, items: readonly { id: string; clause: string }[]): { changed: number; mismatches: Mismatch[] } {
  const keys = new Set([...expected.keys(), ...actual.keys()]);
  let changed = 0;
  const subjects = new Set<string>();
  for (const k of keys) {
    if (expected.get(k) !== actual.get(k)) {
      changed++;
      subjects.add(k.startsWith('items.') ? `item:${k.slice(6, k.lastIndexOf('.'))}` : k.startsWith('flagged.') ? `flag:${k.slice(8)}` : 'total');
    }
  }
  const mismatches: Mismatch[] = [];
  if (subjects.has('total')) mismatches.push({ subject: 'total', expected: rangeText(expected, 'total') ?? '?', actual: rangeText(actual, 'total') ?? '?' });
  for (const item of items) {
    if (subjects.has(`item:${item.id}`)) {
      mismatches.push({ subject: item.id, clause: item.clause, expected: itemText(expected, item.id), actual: itemText(actual, item.id) });
    }
  }
  for (const item of items) {
    if (subjects.has(`flag:${item.id}`)) {
      const exp = expected.has(`flagged.${item.id}`);
      mismatches.push({ subject: 'flagged', clause: item.clause, expected: exp ? `${item.id} flagged` : `${item.id} not flagged`, actual: exp ? 'not flagged' : 'flagged' });
    }
  }
  return { changed, mismatches };
}

export interface CaseRun {
  name: string;
  /** The case file, when the case is not inline. */
  file?: string;
  asOf?: string;
  /** The readings the case was judged under, other than the defaults. */
  readings?: Record<string, string>;
  passed: boolean;
  mismatches: Mismatch[];
  /** How many expected values differ from the actual ones. */
  changed: number;
  /** Why the case could not be run (an unreadable case, an unknown item in the expectation). */
  problems: string[];
  actual?: Outcome;
}

export interface TestFileRun {
  file: string;
  policy: string;
  cases: CaseRun[];
}

/** Reads a case given by path or inline, against the policy. */
export function readTestCase(c: { case: string | Record<string, unknown> }, baseDir: string, policy: Policy): { case?: ReturnType<typeof parseCase>['case']; problems: Problem[]; file?: string } {
  if (typeof c.case === 'string') {
    const file = resolve(baseDir, c.case);
    let text: string;
    try {
      // A FIFO named by a test file would wait for a writer that never comes: not read.
      const st = statSync(file);
      if (st.isFIFO() || st.isSocket()) return { problems: [{ file: displayPath(file), path: '', severity: 'error', message: 'is a FIFO or a socket, not a case file: not read' }], file: displayPath(file) };
      text = readBounded(file, READ_LIMITS.project, displayPath(file));
    } catch (e) {
      if (e instanceof InputError) return { problems: e.problems, file: displayPath(file) };
      return { problems: [{ file: displayPath(file), path: '', severity: 'error', message: 'no such case file' }], file: displayPath(file) };
    }
    return { ...parseCase(text, policy, displayPath(file)), file: displayPath(file) };
  }
  return parseCase(stringify(c.case), policy, '(inline case)');
}

/**
 * Runs every case of a test file (those whose name contains `filter`, when given), under the
 * readings given (--reading), each case's own pins taking precedence.
 */
export function runTestFile(file: LoadedTestFile, opts: { filter?: string; readings?: string[] } = {}): TestFileRun {
  const policyFile = policyFileForTests(file);
  const policy = loadPolicyForTests(policyFile);
  const given = parseReadingChoices(policy, opts.readings ?? []);
  if (given.problems.length) throw new InputError(given.problems.map((message) => ({ path: '--reading', severity: 'error' as const, message })));
  const baseDir = dirname(file.path);
  const filter = opts.filter?.toLowerCase();
  const cases: CaseRun[] = [];
  for (const c of file.data.cases) {
    if (filter && !c.name.toLowerCase().includes(filter)) continue;
    const asOf = c.as_of ?? file.data.as_of;
    const readings = { ...given.choices, ...c.readings };
    const pinned = Object.keys(readings).length ? { readings } : {};
    const read = readTestCase(c, baseDir, policy);
    const readingProblems = checkReadingChoices(policy, c.readings ?? {}).map((m) => `readings: ${m}`);
    if (!read.case || readingProblems.length) {
      cases.push({ name: c.name, file: read.file, asOf, ...pinned, passed: false, mismatches: [], changed: 0, problems: [...read.problems.map(formatProblem), ...readingProblems] });
      continue;
    }
    let actual: Outcome;
    try {
      actual = outcomeOf(evaluate(policy, read.case, { asOf, readings }));
    } catch (e) {
      // A case the engine cannot take is this case's failure: the other cases still run.
      cases.push({ name: c.name, file: read.file, asOf, ...pinned, passed: false, mismatches: [], changed: 0, problems: [unexpected(e)] });
      continue;
    }
    const expected = expectedOutcome(c.expect, policy);
    const { changed, mismatches } = compareOutcomes(expected.outcome, actual, policy.items);
    cases.push({
      name: c.name, file: read.file, asOf, ...pinned, passed: changed === 0 && expected.problems.length === 0, mismatches, changed, problems: expected.problems, actual,
    });
  }
  return { file: displayPath(file.path), policy: displayPath(policyFile), cases };
}

/** The `expect:` block for an outcome, written as a maintainer would (amounts in 万). */
export function expectationYaml(o: Outcome, policy: Policy): Record<string, unknown> {
  const range = (key: string): string | { low: string; high: string } => {
    const low = wan(o.get(`${key}.low`)) as string;
    const high = wan(o.get(`${key}.high`)) as string;
    return low === high ? low : { low, high };
  };
  const items: Record<string, unknown> = {};
  const flagged: string[] = [];
  for (const item of policy.items) {
    const status = o.get(`items.${item.id}.status`);
    if (status === undefined) continue;
    if (o.has(`items.${item.id}.low`)) {
      const r = range(`items.${item.id}`);
      items[item.id] = typeof r === 'string' ? { status, amount: r } : { status, ...r };
    } else items[item.id] = status;
    if (o.has(`flagged.${item.id}`)) flagged.push(item.id);
  }
  return { total: range('total'), items, flagged };
}

/**
 * Writes the actual outcomes into the test file's `expect:` blocks of the cases that differ,
 * keeping the rest of the file (comments, order, case paths) as it was. Returns the new text and
 * how many values changed.
 */
export function updateTestFile(file: LoadedTestFile, run: TestFileRun): { text: string; changed: number; cases: number } {
  const policy = loadPolicyForTests(policyFileForTests(file));
  let changed = 0;
  let cases = 0;
  file.data.cases.forEach((c, i) => {
    const r = run.cases.find((x) => x.name === c.name);
    if (!r?.actual || r.passed) return;
    changed += r.changed;
    cases++;
    const node = file.doc.createNode(expectationYaml(r.actual, policy));
    // Item lines stay one per line ({ status: applies, amount: 30万 }), as a maintainer writes them.
    if (isMap(node)) {
      for (const pair of node.items) {
        const v = pair.value;
        if (isMap(v)) {
          for (const inner of v.items) if (isMap(inner.value)) inner.value.flow = true;
          if (isScalar(pair.key) && pair.key.value === 'total') v.flow = true;
        }
        if (isSeq(v)) v.flow = true;
      }
    }
    file.doc.setIn(['cases', i, 'expect'], node);
  });
  return { text: file.doc.toString({ lineWidth: 0 }), changed, cases };
}
