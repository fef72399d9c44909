import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { placeProblem } from '../errors/place.js';
import { InputError, type PathSegment, type Problem } from '../errors/problem.js';
import { READ_LIMITS, readBounded } from '../io/read.js';
import { displayPath, parsePolicy, parseYamlSource } from '../policy/load.js';
import type { CompiledItem, Policy } from '../policy/model.js';
import { policyPath } from '../policy/paths.js';
import type { Condition } from '../policy/schema.js';
import { compareDates } from '../values/dates.js';
import { formatMoney } from '../values/format.js';
import type { Money } from '../values/money.js';
import { expectedPayers, readTestFile, testFileFor } from './cases.js';
import { quoteNumberProblems } from './quote-numbers.js';

// `subsidy policy check`: everything load.ts and compile.ts find (structure, references, types,
// quotes), plus the checks that only make sense for a maintainer editing a file: gaps in dated
// parameters, amounts that their own cap always cuts, items that can never apply or that
// contradict each other, and payable items no test case covers. Each rule is a small function
// pushing {path, message}; this module prints nothing.

export interface RuleProblem {
  path: PathSegment[];
  message: string;
  clause?: string;
  severity: 'error' | 'warning';
}

interface RuleContext {
  policy: Policy;
  /** The policy's test-case file, when there is one beside it. */
  testFile?: string;
}

type Rule = (ctx: RuleContext) => RuleProblem[];

/**
 * A dated parameter must have a value for every date the policy can be applied to. (Periods out of
 * order and keys missing in a period are found when the policy is compiled.)
 */
const parameterSchedules: Rule = ({ policy }) => {
  const out: RuleProblem[] = [];
  for (const param of policy.parameters.values()) {
    const first = param.schedule[0];
    if (first && compareDates(first.from, policy.issued) > 0) {
      out.push({
        path: ['parameters', param.id, 'schedule', 0, 'from'],
        message: `the first value starts on ${first.from}, after the policy was issued (${policy.issued}): there is no value for the dates in between`,
        severity: 'error',
      });
    }
  }
  return out;
};

/** A fixed amount above its own cap is always cut: one of the two numbers is probably mistyped. */
const amountsWithinCaps: Rule = ({ policy }) => {
  const out: RuleProblem[] = [];
  for (const item of policy.items) {
    const amounts: { amount: Money; path: PathSegment[] }[] = [];
    const a = item.award;
    if (a.kind === 'fixed' || a.kind === 'up_to') amounts.push({ amount: a.amount, path: ['items', item.index, 'award', 'amount'] });
    if (a.kind === 'fixed_by') {
      for (const [k, v] of a.amounts) amounts.push({ amount: v, path: ['items', item.index, 'award', 'amounts', k] });
    }
    for (const { amount, path } of amounts) {
      const cap = item.caps.find((c) => amount.greaterThan(c.amount));
      if (cap) {
        out.push({
          path,
          message: `the award ${formatMoney(amount, 'wan')} is above the item's cap of ${formatMoney(cap.amount, 'wan')}, so it can never be paid in full: check both numbers against the text`,
          clause: item.clause,
          severity: 'warning',
        });
      }
    }
  }
  return out;
};

/** The applicant kinds a condition tree requires at its top level (kind eq / kind in under all). */
function requiredKinds(c: Condition | undefined, path: PathSegment[]): { kinds: string[]; path: PathSegment[] }[] {
  if (!c) return [];
  if (c.all) return c.all.flatMap((child, i) => requiredKinds(child, [...path, 'all', i]));
  if (c.fact === 'kind' && c.eq !== undefined) return [{ kinds: [String(c.eq)], path: [...path, 'eq'] }];
  if (c.fact === 'kind' && c.in !== undefined) return [{ kinds: c.in.map(String), path: [...path, 'in'] }];
  return [];
}

/** An item whose condition asks for an applicant kind the item is not for can never apply. */
const kindsConsistent: Rule = ({ policy }) => {
  const out: RuleProblem[] = [];
  policy.file.items.forEach((item, index) => {
    for (const req of requiredKinds(item.when, ['items', index, 'when'])) {
      if (!req.kinds.some((k) => item.applicants.includes(k))) {
        out.push({
          path: req.path,
          message: `the item is for ${item.applicants.join(', ')}, but its condition asks for kind ${req.kinds.join(' or ')}: it can never apply`,
          clause: item.clause,
          severity: 'error',
        });
      }
    }
  });
  return out;
};

/**
 * Two amount items for the same applicants with exactly the same conditions but different awards
 * say two different things about the same situation; the format can tell when the conditions are
 * written identically.
 */
const itemsAgree: Rule = ({ policy }) => {
  const out: RuleProblem[] = [];
  const key = (i: CompiledItem) => {
    const raw = policy.file.items[i.index];
    return JSON.stringify([[...i.applicants].sort(), i.each ?? null, raw?.when ?? null]);
  };
  const seen = new Map<string, CompiledItem>();
  for (const item of policy.items) {
    if (item.award.kind === 'unquantified') continue;
    const k = key(item);
    const earlier = seen.get(k);
    if (!earlier) {
      seen.set(k, item);
      continue;
    }
    const a = policy.file.items[earlier.index]?.award;
    const b = policy.file.items[item.index]?.award;
    // Two percentages of different bases are two benefits (a fee and an interest subsidy), not a
    // contradiction; two amounts for the same thing are.
    const sameThing = a?.kind === 'percent' && b?.kind === 'percent' ? JSON.stringify(a.basis) === JSON.stringify(b.basis) : a?.kind !== 'percent' && b?.kind !== 'percent';
    const capped = policy.sharedCaps.some((c) => c.items.includes(earlier.id) && c.items.includes(item.id));
    if (sameThing && !capped && JSON.stringify(a) !== JSON.stringify(b)) {
      out.push({
        path: ['items', item.index, 'when'],
        message: `items "${earlier.id}" and "${item.id}" have the same applicants and the same conditions but different awards for the same thing: an applicant would get both; if only one is meant, make the conditions differ`,
        clause: item.clause,
        severity: 'warning',
      });
    }
  }
  return out;
};

/** Every item that pays an amount has a test case expecting it to apply, so a change to it shows. */
const itemsCovered: Rule = ({ policy, testFile }) => {
  const payable = policy.items.filter((i) => i.award.kind !== 'unquantified');
  if (!testFile) {
    return [{ path: ['items'], message: `no test cases: write ${displayPath(testFileFor(policy.path))} so that a change to the rules shows in "subsidy policy test"`, severity: 'warning' }];
  }
  let covered: Set<string>;
  try {
    covered = expectedPayers(readTestFile(testFile));
  } catch {
    // Why it cannot be read is `policy test`'s to say, with lines and columns.
    return [{ path: ['items'], message: `the test cases in ${displayPath(testFile)} cannot be read, so coverage was not checked: run "subsidy policy test" to see why`, severity: 'warning' }];
  }
  return payable
    .filter((i) => !covered.has(i.id))
    .map((i) => ({
      path: ['items', i.index, 'id'],
      message: `no test case expects item "${i.id}" to pay: add a case to ${basename(testFile)} where it applies`,
      clause: i.clause,
      severity: 'warning' as const,
    }));
};

export const RULES: Rule[] = [parameterSchedules, amountsWithinCaps, kindsConsistent, itemsAgree, itemsCovered];

export interface CheckResult {
  file: string;
  problems: Problem[];
}

/**
 * Checks one policy file: the loader's problems (syntax, duplicate keys, schema, references,
 * quotes), then the maintainer's rules once the file compiles. `file` is shown in messages.
 */
export function checkPolicyFile(file: string, opts: { display?: string; testFile?: string } = {}): CheckResult {
  const display = opts.display ?? file;
  let text: string;
  try {
    text = readBounded(file, READ_LIMITS.policy, display);
  } catch (e) {
    if (e instanceof InputError) return { file: display, problems: e.problems };
    const code = (e as NodeJS.ErrnoException).code;
    return { file: display, problems: [{ file: display, path: '', severity: 'error', message: code === 'ENOENT' ? 'no such file' : `cannot be read (${code ?? 'error'})` }] };
  }
  const { policy, problems, original, data } = parsePolicy(text, { file: display, sourceDir: dirname(file) });
  const out = [...problems];
  const { source } = parseYamlSource(text, display);
  const place = (p: RuleProblem): Problem => {
    const path = original ? original(p.path) : p.path;
    return placeProblem(source, path, { path: policyPath(path, data), message: p.message, clause: p.clause, severity: p.severity });
  };
  // The numbers of every item against its quote: on the file as written, whatever else is wrong.
  out.push(...quoteNumberProblems(data).map(place));
  // The maintainer's rules run on whatever compiled, even when other parts of the file did not.
  if (policy) {
    const candidate = opts.testFile ?? testFileFor(file);
    if (opts.testFile && !existsSync(opts.testFile)) {
      out.push({ file: opts.testFile, path: '', severity: 'error', message: 'no such test-case file' });
    }
    const ctx: RuleContext = { policy: { ...policy, path: file }, testFile: existsSync(candidate) ? candidate : undefined };
    for (const rule of RULES) out.push(...rule(ctx).map(place));
  }
  out.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0));
  return { file: display, problems: out };
}


export function countBySeverity(results: CheckResult[]): { errors: number; warnings: number } {
  const all = results.flatMap((r) => r.problems);
  return { errors: all.filter((p) => p.severity === 'error').length, warnings: all.filter((p) => p.severity === 'warning').length };
}
