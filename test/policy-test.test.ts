import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readTestFile, runTestFile } from '../src/authoring/cases.js';
import { cli } from './helpers/cli.js';

// `subsidy policy test`: the shipped test cases pass, an edit to the policy shows as expected vs
// actual per item with its clause, and --update writes the new values back and counts them.

describe('the shipped test cases', () => {
  it('cover every example and all pass', () => {
    const run = runTestFile(readTestFile('policies/liuzhou-2018-sei.test.yaml'));
    expect(run.cases.map((c) => c.name)).toEqual([
      'bank', 'civil-military-supplier', 'ev-battery-renovation', 'going-public', 'industrial-design-company', 'merger',
      'outside-strategic-industries', 'park', 'rail-transit-new-plant', 'rd-project', 'smart-factory', 'talent-team',
      'testing-institute', 'university-rd-branch',
    ]);
    expect(run.cases.filter((c) => !c.passed)).toEqual([]);
  });

  it('subsidy policy test prints one line per case and the count', async () => {
    const r = await cli(['policy', 'test']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('policies/liuzhou-2018-sei.test.yaml (policy policies/liuzhou-2018-sei.yaml)');
    expect(lines[1]).toBe('  ✓ bank (as of 2020-12-31)');
    expect(lines.filter((l) => l.startsWith('  ✓ '))).toHaveLength(14);
    expect(lines.at(-2)).toBe('14 passed, 0 failed');
  });

  it('--filter runs only the matching cases', async () => {
    const r = await cli(['policy', 'test', '--filter', 'GOING']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('policies/liuzhou-2018-sei.test.yaml (policy policies/liuzhou-2018-sei.yaml)\n  ✓ going-public (as of 2020-12-31)\n\n1 passed, 0 failed\n');
  });

  it('a filter that matches nothing fails rather than passing silently', async () => {
    const r = await cli(['policy', 'test', '--filter', 'no-such-case']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('no test case matches "no-such-case"\n');
  });
});

describe('after an edit to the policy', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'policy-test-'));
    cpSync('policies', join(dir, 'policies'), { recursive: true });
    cpSync('examples', join(dir, 'examples'), { recursive: true });
    const file = join(dir, 'policies/liuzhou-2018-sei.yaml');
    // （二十四）the per-project cap lowered from 400万 to 300万.
    writeFileSync(file, readFileSync(file, 'utf8').replace('- { amount: 400万, per: record }', '- { amount: 300万, per: record }'));
  });

  it('shows expected vs actual for exactly the cases that move, and exits 1', async () => {
    const r = await cli(['policy', 'test'], { cwd: dir });
    expect(r.status).toBe(1);
    const failing = r.stdout.split('\n').filter((l) => !l.startsWith('  ✓ '));
    expect(failing).toEqual([
      'policies/liuzhou-2018-sei.test.yaml (policy policies/liuzhou-2018-sei.yaml)',
      '  ✗ ev-battery-renovation (as of 2020-12-31)',
      '      total: expected 380万–430万, got 330万',
      '      item project-investment （二十四）: expected applies 350万–400万, got applies 300万',
      '  ✗ rail-transit-new-plant (as of 2020-12-31)',
      '      total: expected 400万, got 300万',
      '      item project-investment （二十四）: expected applies 400万, got applies 300万',
      '',
      '12 passed, 2 failed',
      '',
    ]);
  });

  it('--update rewrites the expected values, keeps the comments, and says how many changed', async () => {
    const testFile = join(dir, 'policies/liuzhou-2018-sei.test.yaml');
    const before = readFileSync(testFile, 'utf8');
    const r = await cli(['policy', 'test', '--update'], { cwd: dir });
    expect(r.status).toBe(0);
    // ev-battery: total low and high, item low and high; rail-transit: total low and high, item low and high.
    expect(r.stderr).toBe('policies/liuzhou-2018-sei.test.yaml: updated 8 expected values in 2 cases\n');
    expect(r.stdout.split('\n').at(-2)).toBe('14 passed, 0 failed');
    const after = readFileSync(testFile, 'utf8');
    expect(after).toContain('# （二十四）3500万×10%–12% = 350万–420万 → 400万 cap');
    expect(after).toContain('        project-investment: { status: applies, amount: 300万 }');
    expect(after.split('\n').length).toBeLessThanOrEqual(before.split('\n').length);
    // Nothing left to update.
    expect((await cli(['policy', 'test', '--update'], { cwd: dir })).stderr).toBe('policies/liuzhou-2018-sei.test.yaml: updated 0 expected values in 0 cases\n');
  });

  it('--reporter junit writes a failure per failing case', async () => {
    const r = await cli(['policy', 'test', '--reporter', 'junit'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('<testsuites name="subsidy policy test" tests="14" failures="2">');
    expect(r.stdout).toContain(
      '<testcase classname="policies/liuzhou-2018-sei.yaml" name="rail-transit-new-plant">\n      <failure message="total: expected 400万, got 300万">total: expected 400万, got 300万\nitem project-investment （二十四）: expected applies 400万, got applies 300万</failure>',
    );
    expect(r.stdout).toContain('<testcase classname="policies/liuzhou-2018-sei.yaml" name="bank" />');
  });

  it('--reporter json gives each mismatch as data', async () => {
    const r = await cli(['policy', 'test', '--reporter', 'json', '--filter', 'rail'], { cwd: dir });
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.passed).toBe(0);
    expect(out.failed).toBe(1);
    expect(out.files[0].cases[0].mismatches).toEqual([
      { subject: 'total', expected: '400万', actual: '300万' },
      { subject: 'project-investment', clause: '（二十四）', expected: 'applies 400万', actual: 'applies 300万' },
    ]);
  });
});

describe('test files with mistakes', () => {
  it('an unknown item in an expectation fails the case with a did-you-mean', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-test-'));
    cpSync('test/fixtures/broken/base.yaml', join(dir, 'base.yaml'));
    cpSync('test/fixtures/broken/broken.zh.txt', join(dir, 'broken.zh.txt'));
    const text = readFileSync('test/fixtures/broken/base.test.yaml', 'utf8').replace('        interest: {', '        interst: {');
    writeFileSync(join(dir, 'base.test.yaml'), text);
    const r = await cli(['policy', 'test', 'base.test.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe(
      'base.test.yaml (policy base.yaml)\n' +
        '  ✗ all three (as of 2024-12-31)\n' +
        '      items.interst: the policy has no item "interst" (did you mean "interest"?)\n' +
        '      item interest （三）: expected does-not-apply, got applies 4.35万\n' +
        '\n0 passed, 1 failed\n',
    );
  });

  it('a misspelt field in the test file is an input error with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-test-'));
    writeFileSync(join(dir, 'x.test.yaml'), 'as_of: 2024-12-31\ncases:\n  - name: a\n    case: a.yaml\n    expected:\n      total: 0\n');
    const r = await cli(['policy', 'test', 'x.test.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      'x.test.yaml:3:5  error  cases[0].expect: is required (a mapping of fields)\nx.test.yaml:5:5  error  cases[0].expected: unknown field "expected" (did you mean "expect"?)\n',
    );
  });
});
