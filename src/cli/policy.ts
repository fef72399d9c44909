import { existsSync } from 'node:fs';
import { type Command, Option } from 'commander';
import {
  BUILTIN_POLICY_DIR, type CheckResult, checkPolicyFile, countBySeverity, type DiffOptions, diffPolicies, InputError, type Lang,
  listPolicyFiles, listTestFiles, type Problem, problemLine, readTestFile, renderDiff, runTestFile, type TestFileRun, updateTestFile,
} from '../index.js';
import { fileVersion, refuseChangedSince, writeWhole } from '../io/index.js';
import { checkAsOf, langOption, printText, readingOption, resolveLang } from './common.js';
import type { Session } from './io.js';

// `subsidy policy check|test|diff`: the maintainer's commands, for an editor's terminal and for CI.
// Their findings are the output (stdout); findings mean exit 1, "the policy or its tests need attention".

/** A maintainer works in a checkout: its policies/ folder, else the policies shipped with the package. */
function policiesDir(session: Session): string {
  const local = session.path('policies');
  return existsSync(local) ? local : BUILTIN_POLICY_DIR;
}

export function registerPolicy(program: Command, session: Session) {
  const policy = program.command('policy').description('check, test and compare policy files (for policy maintainers and CI)');

  policy
    .command('check')
    .description('check policy files: structure, references, quotes, caps, rates, dated parameters, test coverage')
    .argument('[files...]', 'policy files (default: every policy in policies/)')
    .addOption(new Option('--format <format>', 'text, GitHub Actions annotations, or JSON').choices(['text', 'github', 'json']).default('text'))
    .option('--strict', 'warnings fail too (exit 1)')
    .option('--tests <file>', 'the test-case file that must cover every payable item (default: x.test.yaml beside x.yaml)')
    .addOption(langOption())
    .action((files: string[], opts: { format: 'text' | 'github' | 'json'; strict?: boolean; tests?: string; lang?: Lang }) => {
      const lang = resolveLang(opts.lang, session);
      const targets = files.length ? files.map(session.path) : listPolicyFiles(policiesDir(session));
      if (opts.tests && targets.length !== 1) {
        throw new InputError([
          { path: '--tests', severity: 'error', message: '--tests names the test cases of one policy: give exactly one policy file with it', zh: '--tests 指一个政策的测试用例：请只给一个政策文件' },
        ]);
      }
      const results = targets.map((f) => checkPolicyFile(f, { display: session.display(f), testFile: opts.tests === undefined ? undefined : session.path(opts.tests) }));
      if (opts.format === 'json') session.out(renderCheck(results, opts.format, lang));
      else printText(session, renderCheck(results, opts.format, lang));
      const { errors, warnings } = countBySeverity(results);
      if (errors > 0 || (opts.strict && warnings > 0)) session.findings = true;
    });

  policy
    .command('test')
    .description("run a policy's test cases (x.test.yaml beside x.yaml) and show every expected value that changed")
    .argument('[files...]', 'test-case files (default: every *.test.yaml in policies/)')
    .option('--filter <text>', 'only the cases whose name contains this text')
    .option('--update', 'write the actual results into the test file as the new expected values (comments and order kept)')
    .option('--force', 'with --update: write even if the test file changed on disk while the cases ran')
    .addOption(new Option('--reporter <reporter>', 'output').choices(['default', 'json', 'junit']).default('default'))
    .addOption(readingOption())
    .addOption(langOption())
    .action(async (files: string[], opts: { filter?: string; update?: boolean; force?: boolean; reporter: 'default' | 'json' | 'junit'; reading?: string[]; lang?: Lang }) => {
      const lang = resolveLang(opts.lang, session);
      const zh = lang === 'zh';
      const targets = files.length ? files.map(session.path) : listTestFiles(policiesDir(session));
      const runs: TestFileRun[] = [];
      const notes: string[] = [];
      for (const f of targets) {
        const read = opts.update ? fileVersion(f) : undefined;
        const loaded = readTestFile(f);
        const run = runTestFile(loaded, { filter: opts.filter, readings: opts.reading });
        if (opts.update) {
          const { text, changed, cases } = updateTestFile(loaded, run);
          const target = { path: f, display: session.display(f), option: '--update' };
          if (cases > 0) {
            refuseChangedSince(target, read, opts.force === true);
            await writeWhole(target, text);
          }
          notes.push(
            zh
              ? `${session.display(f)}：已更新 ${cases} 个用例中的 ${changed} 个预期值`
              : `${session.display(f)}: updated ${changed} expected value${changed === 1 ? '' : 's'} in ${cases} case${cases === 1 ? '' : 's'}`,
          );
          // After an update the file says what the policy does: report the run that wrote it.
          runs.push(runTestFile(readTestFile(f), { filter: opts.filter, readings: opts.reading }));
        } else runs.push(run);
      }
      if (opts.reporter === 'json') session.out(renderTests(runs, opts.reporter, lang));
      else printText(session, renderTests(runs, opts.reporter, lang));
      for (const n of notes) session.err(`${n}\n`);
      const cases = runs.flatMap((r) => r.cases);
      if (cases.length === 0) {
        if (zh) session.err(opts.filter ? `没有名称包含“${opts.filter}”的测试用例\n` : '没有找到测试用例：请在政策 x.yaml 旁写 x.test.yaml（见 README 的“Editing a policy”）\n');
        else session.err(opts.filter ? `no test case matches "${opts.filter}"\n` : 'no test cases found: write x.test.yaml beside the policy x.yaml (see "Editing a policy" in the README)\n');
        session.findings = true;
      } else if (cases.some((c) => !c.passed)) session.findings = true;
    });

  policy
    .command('diff')
    .description('what changed between two versions of a policy: the rules, and the outcomes on a set of cases')
    .argument('<old>', 'the old policy: a file, or REV:path read from git (HEAD~1:policies/x.yaml)')
    .argument('<new>', 'the new policy: a file, or REV:path')
    .option('--cases <path>', 'the cases to compare on: a folder of project YAML files, or a policy test file (default: examples/)')
    .option('--as-of <date>', 'judge the cases at this date (default: the test file\'s, else today)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--top <n>', 'how many of the biggest changes to list', '10')
    .option('--fail-on-change', 'exit 1 when the rules or any outcome changed')
    .addOption(readingOption())
    .addOption(langOption())
    .action((oldRef: string, newRef: string, opts: { cases?: string; asOf?: string; format: DiffOptions['format']; top: string; failOnChange?: boolean; reading?: string[] }) => {
      const asOf = checkAsOf(opts.asOf);
      const examples = session.path('examples');
      const cases = opts.cases !== undefined ? session.path(opts.cases) : existsSync(examples) ? examples : undefined;
      // A file is read from the working folder; anything else is a REV:path for git.
      const ref = (r: string) => (existsSync(session.path(r)) ? session.path(r) : r);
      // The report names the policies as they were given.
      const diff = { ...diffPolicies(ref(oldRef), ref(newRef), { cases, asOf, readings: opts.reading }), old: oldRef, new: newRef };
      const report = renderDiff(diff, { format: opts.format, top: Math.max(1, Number.parseInt(opts.top, 10) || 10) });
      if (opts.format === 'json') session.out(report);
      else printText(session, report);
      if (opts.failOnChange && (diff.rules.length > 0 || (diff.outcomes?.changedCases ?? 0) > 0)) session.findings = true;
    });
  return policy;
}

function renderCheck(results: CheckResult[], format: 'text' | 'github' | 'json', lang: Lang): string {
  const problems = results.flatMap((r) => r.problems);
  const { errors, warnings } = countBySeverity(results);
  if (format === 'json') {
    return `${JSON.stringify({ files: results.map((r) => ({ file: r.file, problems: r.problems })), errors, warnings }, null, 2)}\n`;
  }
  if (format === 'github') return problems.map(githubAnnotation).join('');
  const lines = problems.map((p) => `${problemLine(p, lang)}\n`);
  if (lang === 'zh') {
    lines.push(`${results.length === 1 ? results[0]?.file : `${results.length} 个政策文件`}：${errors} 个错误，${warnings} 个警告\n`);
    return lines.join('');
  }
  const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;
  lines.push(`${results.length === 1 ? results[0]?.file : plural(results.length, 'policy file')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}\n`);
  return lines.join('');
}

/** `::error file=…,line=…,col=…,title=…::message` with GitHub's escaping of % and line breaks (and , : in properties). */
export function githubAnnotation(p: Problem): string {
  const data = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string) => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const props = [
    p.file ? `file=${prop(p.file)}` : '',
    p.line ? `line=${p.line}` : '',
    p.col ? `col=${p.col}` : '',
    p.path ? `title=${prop(p.path)}` : '',
  ].filter(Boolean);
  const message = `${p.path ? `${p.path}: ` : ''}${p.message}${p.clause ? ` (${p.clause})` : ''}`;
  return `::${p.severity === 'error' ? 'error' : 'warning'} ${props.join(',')}::${data(message)}\n`;
}

function renderTests(runs: TestFileRun[], reporter: 'default' | 'json' | 'junit', lang: Lang): string {
  const zh = lang === 'zh';
  const cases = runs.flatMap((r) => r.cases);
  const passed = cases.filter((c) => c.passed).length;
  const failed = cases.length - passed;
  if (reporter === 'json') {
    return `${JSON.stringify(
      {
        passed, failed,
        files: runs.map((r) => ({
          file: r.file, policy: r.policy,
          cases: r.cases.map((c) => ({ name: c.name, case: c.file, asOf: c.asOf, passed: c.passed, problems: c.problems, mismatches: c.mismatches })),
        })),
      },
      null,
      2,
    )}\n`;
  }
  if (reporter === 'junit') return junit(runs, passed, failed);
  const out: string[] = [];
  for (const run of runs) {
    out.push(zh ? `${run.file}（政策 ${run.policy}）\n` : `${run.file} (policy ${run.policy})\n`);
    for (const c of run.cases) {
      const pins = c.readings ? Object.entries(c.readings).map(([id, alt]) => `${id}=${alt}`).join(', ') : '';
      const notes = [c.asOf ? (zh ? `截至 ${c.asOf}` : `as of ${c.asOf}`) : '', pins ? (zh ? `理解 ${pins}` : `reading ${pins}`) : ''].filter(Boolean);
      out.push(`  ${c.passed ? '✓' : '✗'} ${c.name}${notes.length ? (zh ? `（${notes.join('，')}）` : ` (${notes.join(', ')})`) : ''}\n`);
      for (const line of failureLines(c, lang)) out.push(`      ${line}\n`);
    }
  }
  out.push(zh ? `\n通过 ${passed} 个，失败 ${failed} 个\n` : `\n${passed} passed, ${failed} failed\n`);
  return out.join('');
}

function failureLines(c: TestFileRun['cases'][number], lang: Lang = 'en'): string[] {
  const lines = [...c.problems];
  const zh = lang === 'zh';
  for (const m of c.mismatches) {
    const clause = m.clause ? ` ${m.clause}` : '';
    const what = m.subject === 'total' ? (zh ? '合计' : 'total') : m.subject === 'flagged' ? `${zh ? '提示事项' : 'flagged'}${clause}` : `${zh ? '事项' : 'item'} ${m.subject}${clause}`;
    lines.push(zh ? `${what}：应为 ${m.expected}，实际为 ${m.actual}` : `${what}: expected ${m.expected}, got ${m.actual}`);
  }
  return lines;
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function junit(runs: TestFileRun[], passed: number, failed: number): string {
  const out = [`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="subsidy policy test" tests="${passed + failed}" failures="${failed}">\n`];
  for (const run of runs) {
    const f = run.cases.filter((c) => !c.passed).length;
    out.push(`  <testsuite name="${xml(run.file)}" tests="${run.cases.length}" failures="${f}">\n`);
    for (const c of run.cases) {
      out.push(`    <testcase classname="${xml(run.policy)}" name="${xml(c.name)}"`);
      if (c.passed) out.push(' />\n');
      else {
        const lines = failureLines(c);
        out.push(`>\n      <failure message="${xml(lines[0] ?? 'failed')}">${xml(lines.join('\n'))}</failure>\n    </testcase>\n`);
      }
    }
    out.push('  </testsuite>\n');
  }
  out.push('</testsuites>\n');
  return out.join('');
}
