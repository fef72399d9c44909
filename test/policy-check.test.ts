import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkPolicyFile } from '../src/authoring/check.js';
import { formatProblem } from '../src/errors/problem.js';
import { cli } from './helpers/cli.js';

// One broken fixture per check: each asserts the exact line, column and message a maintainer sees.

const DIR = 'test/fixtures/broken';
const TESTS = `${DIR}/base.test.yaml`;

function check(name: string): string[] {
  return checkPolicyFile(`${DIR}/${name}.yaml`, { testFile: TESTS }).problems.map(formatProblem);
}

describe('policy check: one fixture per check', () => {
  it('passes the unbroken base policy', () => {
    expect(check('base')).toEqual([]);
  });

  const cases: [string, string][] = [
    ['duplicate-key', 'test/fixtures/broken/duplicate-key.yaml:30:5  error  duplicate key: this field is given twice'],
    ['duplicate-item', 'test/fixtures/broken/duplicate-item.yaml:35:9  error  items[1].id: duplicate item id "workshop" (（二）)'],
    ['unknown-field', 'test/fixtures/broken/unknown-field.yaml:45:5  error  items[upgrade].capz: unknown field "capz" (did you mean "caps"?)'],
    ['unknown-fact', 'test/fixtures/broken/unknown-fact.yaml:33:19  error  items[workshop].when.fact: unknown fact "recognized_on" (did you mean "recognised_on"?) (（一）)'],
    ['unknown-clause', 'test/fixtures/broken/unknown-clause.yaml:48:13  error  items[interest].clause: clause （九） does not exist in the source text (（九）)'],
    [
      'parameter-gap',
      'test/fixtures/broken/parameter-gap.yaml:19:15  error  parameters.loan_rate.schedule[0].from: the first value starts on 2024-06-01, after the policy was issued (2024-03-01): there is no value for the dates in between',
    ],
    [
      'parameter-overlap',
      'test/fixtures/broken/parameter-overlap.yaml:21:15  error  parameters.loan_rate.schedule[1].from: this period starts on 2019-01-01, before the one above it (2020-01-01): list the periods in date order, each starting after the previous one',
    ],
    [
      'parameter-missing-key',
      'test/fixtures/broken/parameter-missing-key.yaml:63:67  error  items[interest].award.basis.product[1].key: parameter "loan_rate" has no value for loan_term = long from 2024-01-01 (（三）)',
    ],
    ['rate-order', 'test/fixtures/broken/rate-order.yaml:44:20  error  items[upgrade].award.rate.low: the low rate 15% is above the high rate 10% (（二）)'],
    [
      'kind-contradiction',
      'test/fixtures/broken/kind-contradiction.yaml:36:29  error  items[workshop].when.all[1].eq: the item is for company, but its condition asks for kind association: it can never apply (（一）)',
    ],
  ];
  it.each(cases)('%s', (name, line) => {
    expect(check(name)).toEqual([line]);
  });

  // A number changed away from its quote is a problem of its own, reported with the other one.
  const QUOTE_HAS = (n: string) => `is not in the item's quote 「企业实施数字化改造的，按实际投…补助，单个企业最高100万元。」, which states 10%, 15%, 100万: correct the number, or if the difference is deliberate, name it in an interpretation note (numbers: [${n}]) or a reading (（二）)`;
  it('wrong-type (its threshold is not in the quote either)', () => {
    expect(check('wrong-type')).toEqual([
      'test/fixtures/broken/wrong-type.yaml:40:39  error  items[upgrade].when.gte: "at least" (gte) compares amounts or numbers, but "recognised_on" is a date (（二）)',
      `test/fixtures/broken/wrong-type.yaml:40:39  error  items[upgrade].when.gte: 1万 ${QUOTE_HAS('1万')}`,
    ]);
  });

  it('cap-zero (a cap of 0 is not the 100万 of its quote either)', () => {
    expect(check('cap-zero')).toEqual([
      'test/fixtures/broken/cap-zero.yaml:46:19  error  items[upgrade].caps[0].amount: a cap must be positive (（二）)',
      `test/fixtures/broken/cap-zero.yaml:46:19  error  items[upgrade].caps[0].amount: 0 ${QUOTE_HAS('0')}`,
    ]);
  });

  it('quote-not-verbatim (and the award is no longer the quote\'s number)', () => {
    expect(check('quote-not-verbatim')).toEqual([
      'test/fixtures/broken/quote-not-verbatim.yaml:31:12  error  items[workshop].quote: the quote is not found word for word in the source text: after "的数字化车间给予" the quote has "30万元奖励" where the text has "20万元奖励" (（一）)',
      "test/fixtures/broken/quote-not-verbatim.yaml:34:35  error  items[workshop].award.amount: 20万 is not in the item's quote 「对新认定的数字化车间给予30万元奖励。」, which states 30万: correct the number, or if the difference is deliberate, name it in an interpretation note (numbers: [20万]) or a reading (（一）)",
    ]);
  });

  it('rate-off-quote: a rate edited away from its quote is an error at the rate', () => {
    expect(check('rate-off-quote')).toEqual([`test/fixtures/broken/rate-off-quote.yaml:44:20  error  items[upgrade].award.rate.low: 8% ${QUOTE_HAS('8%')}`]);
  });

  it('deliberate-number: a threshold the quote does not state, named by an interpretation note, passes', () => {
    expect(check('deliberate-number')).toEqual([]);
  });

  it('schema-and-rules: a schema problem does not hide a rule problem elsewhere', () => {
    expect(check('schema-and-rules')).toEqual([
      'test/fixtures/broken/schema-and-rules.yaml:36:29  error  items[workshop].when.all[1].eq: the item is for company, but its condition asks for kind association: it can never apply (（一）)',
      'test/fixtures/broken/schema-and-rules.yaml:48:5  error  items[upgrade].capz: unknown field "capz" (did you mean "caps"?)',
    ]);
  });

  it('reading-unknown: an item naming a reading the file does not declare (and the declared one is then unused)', () => {
    expect(check('reading-unknown')).toEqual([
      'test/fixtures/broken/reading-unknown.yaml:59:9  error  items[interest].readings.interest-shares: unknown reading "interest-shares" (did you mean "interest-share"?); the readings are: interest-share (（三）)',
      'test/fixtures/broken/reading-unknown.yaml:61:9  warning  readings[interest-share].id: no item names reading "interest-share": add it under the readings of the items it touches, or remove it (（三）)',
    ]);
  });

  it('reading-default: a default that is not one of the alternatives', () => {
    expect(check('reading-default')).toEqual([
      'test/fixtures/broken/reading-default.yaml:68:14  error  readings[interest-share].default: the default "fixd" is not one of the alternatives (fixed, up-to) (did you mean "fixed"?) (（三）)',
    ]);
  });

  it('reading-unused: a reading no item names', () => {
    expect(check('reading-unused')).toEqual([
      'test/fixtures/broken/reading-unused.yaml:58:9  warning  readings[interest-share].id: no item names reading "interest-share": add it under the readings of the items it touches, or remove it (（三）)',
    ]);
  });

  it('amount-above-cap (the 10万 cap is not in the quote)', () => {
    expect(check('amount-above-cap')).toEqual([
      "test/fixtures/broken/amount-above-cap.yaml:34:35  warning  items[workshop].award.amount: the award 20万 is above the item's cap of 10万, so it can never be paid in full: check both numbers against the text (（一）)",
      "test/fixtures/broken/amount-above-cap.yaml:36:19  error  items[workshop].caps[0].amount: 10万 is not in the item's quote 「对新认定的数字化车间给予20万元奖励。」, which states 20万: correct the number, or if the difference is deliberate, name it in an interpretation note (numbers: [10万]) or a reading (（一）)",
    ]);
  });

  it('same-conditions: two items paying differently for the same thing (and the new one is untested)', () => {
    expect(check('same-conditions')).toEqual([
      'test/fixtures/broken/same-conditions.yaml:35:9  warning  items[workshop-again].id: no test case expects item "workshop-again" to pay: add a case to base.test.yaml where it applies (（一）)',
      'test/fixtures/broken/same-conditions.yaml:40:11  warning  items[workshop-again].when: items "workshop" and "workshop-again" have the same applicants and the same conditions but different awards for the same thing: an applicant would get both; if only one is meant, make the conditions differ (（一）)',
      "test/fixtures/broken/same-conditions.yaml:41:35  error  items[workshop-again].award.amount: 30万 is not in the item's quote 「对新认定的数字化车间给予20万元奖励。」, which states 20万: correct the number, or if the difference is deliberate, name it in an interpretation note (numbers: [30万]) or a reading (（一）)",
    ]);
  });

  it('uncovered-item: its own test file beside it covers one item of three', () => {
    expect(checkPolicyFile(`${DIR}/uncovered-item.yaml`).problems.map(formatProblem)).toEqual([
      'test/fixtures/broken/uncovered-item.yaml:35:9  warning  items[upgrade].id: no test case expects item "upgrade" to pay: add a case to uncovered-item.test.yaml where it applies (（二）)',
      'test/fixtures/broken/uncovered-item.yaml:47:9  warning  items[interest].id: no test case expects item "interest" to pay: add a case to uncovered-item.test.yaml where it applies (（三）)',
    ]);
  });

  it('an unreadable test file is one warning, not a warning per item', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-check-'));
    copyFileSync(`${DIR}/base.yaml`, join(dir, 'base.yaml'));
    copyFileSync(`${DIR}/broken.zh.txt`, join(dir, 'broken.zh.txt'));
    writeFileSync(join(dir, 'base.test.yaml'), 'cases: [}\n');
    const r = await cli(['policy', 'check', 'base.yaml'], { cwd: dir });
    expect(r).toEqual({
      status: 0,
      stdout:
        'base.yaml:28:3  warning  items: the test cases in base.test.yaml cannot be read, so coverage was not checked: run "subsidy policy test" to see why\nbase.yaml: 0 errors, 1 warning\n',
      stderr: '',
    });
  });

  it('a policy with no test file gets one warning saying which file to write', () => {
    expect(checkPolicyFile('test/fixtures/policies/demo-city-2024.yaml').problems.map(formatProblem)).toEqual([
      'test/fixtures/policies/demo-city-2024.yaml:58:3  warning  items: no test cases: write test/fixtures/policies/demo-city-2024.test.yaml so that a change to the rules shows in "subsidy policy test"',
    ]);
  });
});

describe('subsidy policy check (CLI)', () => {
  it('passes the shipped policies, strictly', async () => {
    const r = await cli(['policy', 'check', '--strict']);
    expect(r).toEqual({ status: 0, stdout: 'policies/liuzhou-2018-sei.yaml: 0 errors, 0 warnings\n', stderr: '' });
  });

  it('exits 1 on an error, with one line per problem and a summary', async () => {
    const r = await cli(['policy', 'check', `${DIR}/kind-contradiction.yaml`, `${DIR}/rate-order.yaml`]);
    expect(r.status).toBe(1);
    // The maintainer's rules run on what compiled, beside the errors: no test file is a warning too.
    expect(r.stdout).toBe(
      'test/fixtures/broken/kind-contradiction.yaml:28:3  warning  items: no test cases: write test/fixtures/broken/kind-contradiction.test.yaml so that a change to the rules shows in "subsidy policy test"\n' +
        'test/fixtures/broken/kind-contradiction.yaml:36:29  error  items[workshop].when.all[1].eq: the item is for company, but its condition asks for kind association: it can never apply (（一）)\n' +
        'test/fixtures/broken/rate-order.yaml:28:3  warning  items: no test cases: write test/fixtures/broken/rate-order.test.yaml so that a change to the rules shows in "subsidy policy test"\n' +
        'test/fixtures/broken/rate-order.yaml:44:20  error  items[upgrade].award.rate.low: the low rate 15% is above the high rate 10% (（二）)\n' +
        '2 policy files: 2 errors, 2 warnings\n',
    );
  });

  it('--tests takes one policy file', async () => {
    const r = await cli(['policy', 'check', `${DIR}/cap-zero.yaml`, `${DIR}/rate-order.yaml`, '--tests', TESTS]);
    expect(r).toEqual({ status: 2, stdout: '', stderr: 'error  --tests: --tests names the test cases of one policy: give exactly one policy file with it\n' });
  });

  it('warnings alone exit 0, and 1 with --strict', async () => {
    const args = ['policy', 'check', `${DIR}/uncovered-item.yaml`];
    expect((await cli(args)).status).toBe(0);
    const strict = await cli([...args, '--strict']);
    expect(strict.status).toBe(1);
    expect(strict.stdout.split('\n').at(-2)).toBe('test/fixtures/broken/uncovered-item.yaml: 0 errors, 2 warnings');
  });

  it('--format github prints workflow annotations, escaped', async () => {
    const r = await cli(['policy', 'check', `${DIR}/unknown-fact.yaml`, '--tests', TESTS, '--format', 'github']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      '::error file=test/fixtures/broken/unknown-fact.yaml,line=33,col=19,title=items[workshop].when.fact::items[workshop].when.fact: unknown fact "recognized_on" (did you mean "recognised_on"?) (（一）)\n',
    );
  });

  it('--format json gives files, problems and counts', async () => {
    const r = await cli(['policy', 'check', `${DIR}/rate-order.yaml`, '--tests', TESTS, '--format', 'json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      files: [
        {
          file: 'test/fixtures/broken/rate-order.yaml',
          problems: [
            { file: 'test/fixtures/broken/rate-order.yaml', line: 44, col: 20, path: 'items[upgrade].award.rate.low', message: 'the low rate 15% is above the high rate 10%', clause: '（二）', severity: 'error' },
          ],
        },
      ],
      errors: 1,
      warnings: 0,
    });
  });

  it('a missing file is an error line, not a crash', async () => {
    const r = await cli(['policy', 'check', 'policies/nope.yaml']);
    expect(r).toEqual({ status: 1, stdout: 'policies/nope.yaml  error  no such file\npolicies/nope.yaml: 1 error, 0 warnings\n', stderr: '' });
  });
});

describe('the shipped policy broken five ways, as a new maintainer would', () => {
  let dir: string;
  const original = readFileSync('policies/liuzhou-2018-sei.yaml', 'utf8');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-check-'));
    copyFileSync('policies/liuzhou-2018-sei.zh.txt', join(dir, 'liuzhou-2018-sei.zh.txt'));
    copyFileSync('policies/liuzhou-2018-sei.test.yaml', join(dir, 'liuzhou-2018-sei.test.yaml'));
  });

  /** Breaks the first occurrence of `from` and returns the check's lines (without the summary). */
  async function broken(from: string, to: string): Promise<{ status: number | null; lines: string[] }> {
    expect(original).toContain(from);
    writeFileSync(join(dir, 'liuzhou-2018-sei.yaml'), original.replace(from, to));
    const r = await cli(['policy', 'check', 'liuzhou-2018-sei.yaml'], { cwd: dir });
    return { status: r.status, lines: r.stdout.trim().split('\n').slice(0, -1) };
  }

  const lineOf = (needle: string) => original.slice(0, original.indexOf(needle)).split('\n').length;

  it('a cap of 0', async () => {
    const at = lineOf('- { amount: 400万, per: record }');
    expect(await broken('- { amount: 400万, per: record }', '- { amount: 0, per: record }')).toEqual({
      status: 1,
      lines: [
        `liuzhou-2018-sei.yaml:${at}:19  error  items[project-investment].caps[0].amount: a cap must be positive (（二十四）)`,
        `liuzhou-2018-sei.yaml:${at}:19  error  items[project-investment].caps[0].amount: 0 is not in the item's quote 「新引进的战略性新兴产业项目、战…，单个项目最高补助400万元。」, which states 10%, 12%, 400万: correct the number, or if the difference is deliberate, name it in an interpretation note (numbers: [0]) or a reading (（二十四）)`,
      ],
    });
  });

  it('a cap set to 300万 while its quote still says 400万 (the old README example)', async () => {
    const at = lineOf('- { amount: 400万, per: record }');
    expect(await broken('- { amount: 400万, per: record }', '- { amount: 300万, per: record }')).toEqual({
      status: 1,
      lines: [
        `liuzhou-2018-sei.yaml:${at}:19  error  items[project-investment].caps[0].amount: 300万 is not in the item's quote 「新引进的战略性新兴产业项目、战…，单个项目最高补助400万元。」, which states 10%, 12%, 400万: correct the number, or if the difference is deliberate, name it in an interpretation note (numbers: [300万]) or a reading (（二十四）)`,
      ],
    });
  });

  it('a rate changed to 8%–12% while the quote says 10%-12%', async () => {
    const at = lineOf('rate: { low: 10%, high: 12% }');
    expect(await broken('rate: { low: 10%, high: 12% }', 'rate: { low: 8%, high: 12% }')).toEqual({
      status: 1,
      lines: [
        `liuzhou-2018-sei.yaml:${at}:20  error  items[project-investment].award.rate.low: 8% is not in the item's quote 「新引进的战略性新兴产业项目、战…，单个项目最高补助400万元。」, which states 10%, 12%, 400万: correct the number, or if the difference is deliberate, name it in an interpretation note (numbers: [8%]) or a reading (（二十四）)`,
      ],
    });
  });

  it('a rate range written the wrong way round', async () => {
    const at = lineOf('rate: { low: 10%, high: 12% }');
    expect(await broken('rate: { low: 10%, high: 12% }', 'rate: { low: 12%, high: 10% }')).toEqual({
      status: 1,
      lines: [`liuzhou-2018-sei.yaml:${at}:20  error  items[project-investment].award.rate.low: the low rate 12% is above the high rate 10% (（二十四）)`],
    });
  });

  it('a quote edited so that it no longer matches the text', async () => {
    const at = lineOf('给予项目厂房、设备实际投资额10%-12%的补助');
    const r = await broken('给予项目厂房、设备实际投资额10%-12%的补助', '给予项目厂房、设备实际投资额10%-15%的补助');
    expect(r.status).toBe(1);
    const rate = lineOf('rate: { low: 10%, high: 12% }');
    expect(r.lines).toEqual([
      `liuzhou-2018-sei.yaml:${at}:12  error  items[project-investment].quote: the quote is not found word for word in the source text: after "投资额10%-1" the quote has "5%的补助，" where the text has "2%的补助，" (（二十四）)`,
      // The rule still says 12%, which the edited quote no longer states.
      `liuzhou-2018-sei.yaml:${rate}:31  error  items[project-investment].award.rate.high: 12% is not in the item's quote 「新引进的战略性新兴产业项目、战…，单个项目最高补助400万元。」, which states 10%, 15%, 400万: correct the number, or if the difference is deliberate, name it in an interpretation note (numbers: [12%]) or a reading (（二十四）)`,
    ]);
  });

  it('a misspelt fact in a condition', async () => {
    const at = lineOf('- fact: projects.type');
    const r = await broken('- fact: projects.type', '- fact: projects.typ');
    expect(r.status).toBe(1);
    expect(r.lines).toEqual([`liuzhou-2018-sei.yaml:${at}:17  error  items[project-investment].when.all[0].fact: unknown field "typ" of projects (did you mean "type"?) (（二十四）)`]);
  });

  it('a duplicated key', async () => {
    const at = lineOf('    clause: （二十四）');
    const r = await broken('    clause: （二十四）\n', '    clause: （二十四）\n    clause: （二十五）\n');
    expect(r).toEqual({ status: 1, lines: [`liuzhou-2018-sei.yaml:${at + 1}:5  error  duplicate key: this field is given twice`] });
  });
});
