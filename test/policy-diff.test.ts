import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffPolicies } from '../src/authoring/diff.js';
import { cli } from './helpers/cli.js';

// Two fixture policies that differ in a cap (upgrade 100万 → 50万), a rate (10%–15% → 10%–12%)
// and one removed item (interest), compared on three cases.

const D = 'test/fixtures/diff';
const ARGS = ['policy', 'diff', `${D}/old.yaml`, `${D}/new.yaml`, '--cases', `${D}/cases`, '--as-of', '2024-12-31'];

describe('policy diff between two fixture policies', () => {
  it('lists each rule change with its clause, and the outcomes that move', async () => {
    const r = await cli(ARGS);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        'Policy diff: test/fixtures/diff/old.yaml → test/fixtures/diff/new.yaml',
        '',
        'Rules: 3 changes',
        '  ~ upgrade （二）: rate 10%–15% → 10%–12%',
        '  ~ upgrade （二）: cap 100万 per applicant → 50万 per applicant',
        '  - interest （三）: item removed (was 贷款贴息: 50% of loan × parameter loan_rate)',
        '',
        'Outcomes on test/fixtures/diff/cases (3 cases, as of 2024-12-31)',
        '  3 of 3 cases change',
        // all-three 54.35–69.35 + big-spender 80–100 + workshop-only 20 → 50–56 + 50 + 20
        '  total over all cases: 154.35万–189.35万 → 120万–126万',
        '  biggest changes:',
        // 800万 × 10%–15% = 80–120 → 100 cap; × 10%–12% = 80–96 → 50 cap
        '    big-spender: 80万–100万 → 50万',
        '      upgrade （二）: applies 80万–100万 → applies 50万',
        '      interest （三）: cannot-determine → removed from the policy',
        // 300万 × 10%–12% = 30–36; the 4.35万 interest subsidy is gone
        '    all-three: 54.35万–69.35万 → 50万–56万',
        '      upgrade （二）: applies 30万–45万 → applies 30万–36万',
        '      interest （三）: applies 4.35万 → removed from the policy',
        '    workshop-only: 20万 → 20万',
        '      interest （三）: cannot-determine → removed from the policy',
        '',
      ].join('\n'),
    );
  });

  it('markdown is a pull-request comment', async () => {
    const r = await cli([...ARGS, '--format', 'markdown', '--top', '1']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        '### Policy diff: `test/fixtures/diff/old.yaml` → `test/fixtures/diff/new.yaml`',
        '',
        '#### Rules (3 changes)',
        '',
        '- **changed** `upgrade （二）`: rate 10%–15% → 10%–12%',
        '- **changed** `upgrade （二）`: cap 100万 per applicant → 50万 per applicant',
        '- **removed** `interest （三）`: item removed (was 贷款贴息: 50% of loan × parameter loan_rate)',
        '',
        '#### Outcomes on `test/fixtures/diff/cases` (3 cases, as of 2024-12-31)',
        '',
        '**3 of 3 cases change.** Total over all cases: 154.35万–189.35万 → 120万–126万.',
        '',
        '| case | before | after | items that moved |',
        '|---|---|---|---|',
        '| big-spender | 80万–100万 | 50万 | upgrade （二）: applies 80万–100万 → applies 50万<br>interest （三）: cannot-determine → removed from the policy |',
        '',
      ].join('\n'),
    );
  });

  it('json carries amounts as decimal strings of yuan', async () => {
    const d = JSON.parse((await cli([...ARGS, '--format', 'json'])).stdout);
    expect(d.rules).toEqual([
      { change: 'changed', subject: 'upgrade', clause: '（二）', what: 'rate', before: '10%–15%', after: '10%–12%' },
      { change: 'changed', subject: 'upgrade', clause: '（二）', what: 'cap', before: '100万 per applicant', after: '50万 per applicant' },
      { change: 'removed', subject: 'interest', clause: '（三）', what: 'item', before: '贷款贴息: 50% of loan × parameter loan_rate' },
    ]);
    expect(d.outcomes.totalBefore).toEqual({ low: '1543500.00', high: '1893500.00' });
    expect(d.outcomes.totalAfter).toEqual({ low: '1200000.00', high: '1260000.00' });
    expect(d.outcomes.changes[0]).toMatchObject({ name: 'big-spender', before: { low: '800000.00', high: '1000000.00' }, after: { low: '500000.00', high: '500000.00' } });
  });

  it('is informational (exit 0) unless --fail-on-change', async () => {
    expect((await cli([...ARGS, '--fail-on-change'])).status).toBe(1);
    expect((await cli(['policy', 'diff', `${D}/old.yaml`, `${D}/old.yaml`, '--cases', `${D}/cases`, '--fail-on-change'])).status).toBe(0);
  });

  it('an item renamed (same quote) is a rename, and moves no outcome by itself', () => {
    const d = diffPolicies(`${D}/old.yaml`, `${D}/renamed.yaml`, { cases: `${D}/cases`, asOf: '2024-12-31' });
    expect(d.rules).toEqual([
      { change: 'renamed', subject: 'loan-interest', clause: '（三）', what: 'id', before: 'interest', after: 'loan-interest' },
      { change: 'changed', subject: 'loan-interest', clause: '（三）', what: 'conditions', before: 'loan ≥ 1万', after: 'loan ≥ 10万' },
    ]);
    // Every case's loan is 200万 or not stated: raising the threshold to 10万 moves none of them.
    expect(d.outcomes?.changedCases).toBe(0);
  });

  it('a policy compared with itself has no changes', () => {
    const d = diffPolicies(`${D}/old.yaml`, `${D}/old.yaml`, { cases: `${D}/cases`, asOf: '2024-12-31' });
    expect(d.rules).toEqual([]);
    expect(d.outcomes?.changedCases).toBe(0);
  });
});

describe('policy diff on the shipped policy and examples/', () => {
  it('a lowered cap moves exactly the two cases it binds, read from git as REV:path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-diff-'));
    cpSync('policies', join(dir, 'policies'), { recursive: true });
    cpSync('examples', join(dir, 'examples'), { recursive: true });
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'policy as shipped');
    const file = join(dir, 'policies/liuzhou-2018-sei.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('- { amount: 400万, per: record }', '- { amount: 300万, per: record }'));
    const r = await cli(['policy', 'diff', 'HEAD:policies/liuzhou-2018-sei.yaml', 'policies/liuzhou-2018-sei.yaml', '--as-of', '2020-12-31'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      [
        'Policy diff: HEAD:policies/liuzhou-2018-sei.yaml → policies/liuzhou-2018-sei.yaml',
        '',
        'Rules: 1 change',
        '  ~ project-investment （二十四）: cap 400万 per project → 300万 per project',
        '',
        'Outcomes on examples (14 cases, as of 2020-12-31)',
        '  2 of 14 cases change',
        '  total over all cases: 1,996.014815万–2,204.518518万 → 1,846.014815万–2,004.518518万',
        '  biggest changes:',
        '    rail-transit-new-plant: 400万 → 300万',
        '      project-investment （二十四）: applies 400万 → applies 300万',
        '    ev-battery-renovation: 380万–430万 → 330万',
        '      project-investment （二十四）: applies 350万–400万 → applies 300万',
        '',
      ].join('\n'),
    );
  });

  it('a revision git does not have is a clear input error', async () => {
    const r = await cli(['policy', 'diff', 'no-such-rev:policies/liuzhou-2018-sei.yaml', 'policies/liuzhou-2018-sei.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error {2}no-such-rev:policies\/liuzhou-2018-sei\.yaml: cannot be read from git \(fatal: .*\)\n$/);
  });
});
