import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// `subsidy explain`, run as a user would (the built CLI, no terminal, NO_COLOR), at a fixed date.
// The pinned outputs in test/fixtures/explain/ were checked by hand against the policy text:
//   rd-project:        380万 × 12%–15% = 45.6万–57万 → cap 50万; 1,234,567.89 × 12% = 148,148.1468 → 148,148.15
//   rail transit:      6亿 × 10%–12% = 6000万–7200万 → the 400万 cap binds both ends
//   IP-pledge interest: interest payable in 2019: 2000万 × 4.75% (1–5 years, from 2015-10-24) × 275/360
//                      (2019-04-01 → 2020-01-01) = 725,694.44… × ≤50% = 0–362,847.22…;
//                      the 30万 shared cap less the 3.6万 evaluation-fee subsidy leaves 26.4万
//   young platform:    200万 × 20% = 40万 a year × 3 = 120万 once a full year old (2021-06-01)
const AS_OF = ['--as-of', '2020-12-31'];
const pinned = (name: string) => readFileSync(`test/fixtures/explain/${name}`, 'utf8');
/** English text laid out for 80 columns, with each wrapped bullet or heading joined back into one line. */
const unwrapped = (text: string) => text.replace(/\n {4}(?=\S)(?![•✓✗?])/g, ' ').replace(/\n {2}(?=[a-z])/g, ' ');

beforeAll(() => {
  // The tests spawn bin/subsidy.js, which runs dist/: `npm test` builds first.
  expect(readFileSync('dist/cli/explain.js', 'utf8')).toContain('registerExplain');
});

describe('explain: pinned output', () => {
  const cases: [string, string[]][] = [
    ['applies-rounding.zh.txt', ['examples/rd-project.yaml', '--item', 'rd-project', '--lang', 'zh', '--unit', 'yuan']],
    ['one-condition.en.txt', ['examples/ev-battery-renovation.yaml', '--item', 'rd-project', '--lang', 'en']],
    ['cannot-determine.en.txt', ['examples/going-public.yaml', '--item', 'project-investment', '--lang', 'en']],
    ['capped-both-ends.zh.txt', ['examples/rail-transit-new-plant.yaml', '--item', 'project-investment', '--lang', 'zh']],
    ['shared-cap.en.txt', ['examples/going-public.yaml', '--item', 'ip-pledge-interest', '--lang', 'en']],
    ['shared-cap.zh.md', ['examples/going-public.yaml', '--item', 'ip-pledge-interest', '--lang', 'zh', '--format', 'markdown']],
    ['outside-industries.zh.txt', ['examples/outside-strategic-industries.yaml', '--clause', '二十九', '--lang', 'zh']],
    ['young-platform.en.txt', ['test/fixtures/explain/young-platform.yaml', '--item', 'it-platform', '--lang', 'en']],
  ];
  for (const [file, args] of cases) {
    it(`${args[0]} ${args.slice(1).join(' ')}`, async () => {
      const r = await cli(['explain', ...args, ...AS_OF]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(pinned(file));
    });
  }
});

describe('explain: what a reader relies on', () => {
  it('says each failed or unstated condition once (not again under a heading of its own)', async () => {
    const r = await cli(['explain', 'examples/outside-strategic-industries.yaml', '--clause', '二十九', '--lang', 'zh', ...AS_OF]);
    const lines = r.stdout.split('\n').filter((l) => /^\s+[✗?] /.test(l));
    // Within each item, no condition line twice.
    for (const block of r.stdout.split('\n\n')) {
      const marks = block.split('\n').filter((l) => /^\s+[✗?] /.test(l)).map((l) => l.trim());
      expect(new Set(marks).size, block.split('\n')[0]).toBe(marks.length);
    }
    expect(lines.length).toBeGreaterThan(0);
    expect(r.stdout).not.toMatch(/^ {2}(原因|Why)$/m);
  });

  it('an unanswered fact reads "not stated" (未说明), never "missing" (缺少)', async () => {
    const zh = await cli(['explain', 'examples/going-public.yaml', '--lang', 'zh', ...AS_OF]);
    expect(zh.stdout).not.toContain('缺少');
    expect(zh.stdout).toContain('? 项目：未说明（要求：至少一项）');
    const en = await cli(['explain', 'examples/going-public.yaml', '--lang', 'en', ...AS_OF]);
    expect(en.stdout).not.toMatch(/Missing/);
    const table = await cli(['estimate', 'examples/going-public.yaml', '--lang', 'zh', ...AS_OF]);
    expect(table.stdout).toContain('\n无法判断（以下信息未说明）\n  • 项目 → ');
    expect(table.stdout).not.toMatch(/缺少|需要 /);
  });

  it('an undecided entry whose conditions all pass names the unstated fact its amount needs', async () => {
    // The renovation without its investment: every condition passes, the amount's basis is not stated.
    const dir = mkdtempSync(join(tmpdir(), 'subsidy-explain-'));
    const file = join(dir, 'no-investment.yaml');
    writeFileSync(file, readFileSync('examples/ev-battery-renovation.yaml', 'utf8').replace(/^ *plant_equipment_investment:.*\n/m, ''));
    const zh = await cli(['explain', file, '--item', 'project-investment', '--lang', 'zh', ...AS_OF]);
    expect(zh.stdout).toContain('  项目 1：动力电池电芯产线智能化技术改造 — 无法判断\n    条件：满足 4/4 项\n');
    expect(zh.stdout).toContain('\n    ? 厂房、设备实际投资额：未说明\n');
    const en = await cli(['explain', file, '--item', 'project-investment', '--lang', 'en', ...AS_OF]);
    expect(en.stdout).toContain('\n    ? Actual investment in plant and equipment: not stated\n');
    rmSync(dir, { recursive: true, force: true });
  });

  it('every condition is listed, not only the first that failed', async () => {
    const r = await cli(['explain', 'examples/outside-strategic-industries.yaml', '--item', 'rd-project', '--lang', 'en', ...AS_OF]);
    expect(r.stdout).toContain('    Conditions: 1 of 4 met\n');
    // Facts by their labels, not their paths in the file; each line wrapped to 80 columns under its text.
    expect(r.stdout).toContain("      ✗ Is in a strategic emerging industry: Not a strategic emerging industry\n        (required: one of the policy's industries)\n");
    expect(r.stdout).toContain('      ✗ Project type: Technical renovation project (required: New product / new\n        technology R&D project)\n');
    expect(r.stdout).not.toContain('[projects[0].type]');
    // The project's date is not stated: whether it is under the policy is open, shown with the failures.
    expect(r.stdout).toContain("      ? Date the project was introduced or registered: not stated (required:\n        within the policy's period: from 2018-02-06 (issued), and by 2020-12-31\n        (as of))\n");
  });

  it('all items by default, with every near miss at the end', async () => {
    const r = await cli(['explain', 'examples/civil-military-supplier.yaml', '--lang', 'en', ...AS_OF]);
    expect(r.status).toBe(0);
    const headings = r.stdout.split('\n').filter((l) => /^（/.test(l));
    expect(headings).toHaveLength(33);
    const opps = r.stdout.slice(r.stdout.indexOf('\nOpportunities\n'));
    expect(unwrapped(opps)).toContain('  • （三十一） Military confidentiality qualification, GJB certificate and weapons contractor certificate awards: +5万 — add a recognition: Weapons contractor certificate (+5万)\n');
    expect(unwrapped(opps)).toContain('several together may add less than their sum');
  });

  it('--clause accepts the clause with or without its brackets', async () => {
    const a = await cli(['explain', 'examples/bank.yaml', '--clause', '（三十二）', ...AS_OF]);
    const b = await cli(['explain', 'examples/bank.yaml', '--clause', '(三十二)', ...AS_OF]);
    expect(a.status).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const c = await cli(['explain', 'examples/bank.yaml', '--clause', '三十二', ...AS_OF]);
    expect(c.stdout).toBe(a.stdout);
    expect(unwrapped(a.stdout).split('\n').filter((l) => /^（/.test(l))).toEqual([
      '（三十二） Bank reward for IP-pledge financing · bank-ip-pledge',
      '（三十二） Bank reward for receivables, order, warehouse-receipt and equity pledge financing · bank-other-pledge',
      '（三十二） IP-pledge evaluation fee subsidy · ip-pledge-evaluation-fee',
      '（三十二） Interest subsidy on IP-pledge loans · ip-pledge-interest',
    ]);
  });

  it('json: the trace and every amount as a decimal string, with the counts of conditions met', async () => {
    const r = await cli(['explain', 'examples/going-public.yaml', '--item', 'ip-pledge-interest', '--format', 'json', ...AS_OF]);
    expect(r.status).toBe(0);
    const data = JSON.parse(r.stdout);
    expect(data.items).toHaveLength(1);
    const line = data.items[0].lines[0];
    // kind, collateral, and the loan's date within the policy's period
    expect([line.conditionsMet, line.conditionsTotal]).toEqual([3, 3]);
    expect(line.event).toEqual({ date: '2019-04-01', path: 'pledge_financing[0].loan_date', year: 2019 });
    expect(line.instalments).toEqual([{ year: 2019, amount: { low: '0.00', high: '264000.00' } }]);
    // Exact decimals (40 significant digits) of 725,694.44… and 275/360 = 0.763888…
    expect(line.basis.amount).toBe('725694.4444444444444444444444444444444444');
    expect(line.basis.factors.map((f: { path: string; value: string; from?: string; days?: number; to?: string }) => [f.path, f.value, f.from, f.days, f.to])).toEqual([
      ['pledge_financing[0].loan_amount', '20000000.00', undefined, undefined, undefined],
      ['benchmark_lending_rate.1y-5y', '0.0475', '2015-10-24', undefined, undefined],
      ['pledge_financing[0].loan_date', '0.7638888888888888888888888888888888888889', '2019-04-01', 275, '2020-01-01'],
    ]);
    expect(line.raw).toEqual({ low: '0.00', high: '362847.2222222222222222222222222222222222' });
    expect(line.caps.map((c: { scope: string; year?: number; after: unknown; bindsHigh: boolean }) => [c.scope, c.year, c.after, c.bindsHigh])).toEqual([
      ['shared', 2019, { low: '0.00', high: '264000.00' }, true],
    ]);
    expect(data.items[0].amount).toEqual({ low: '0.00', high: '264000.00' });
    expect(data.sharedCaps.map((s: { id: string; after: unknown }) => [s.id, s.after])).toEqual([['ip-pledge-enterprise-cap', { low: '36000.00', high: '300000.00' }]]);
    expect(data.opportunities).toEqual([]);
  });

  it('json: the opportunities of the items shown, amounts as decimal strings', async () => {
    const r = await cli(['explain', 'test/fixtures/explain/young-platform.yaml', '--item', 'it-platform', '--format', 'json', ...AS_OF]);
    const data = JSON.parse(r.stdout);
    expect(data.opportunities.map((o: { adds: unknown; missing: { path: string; reachedOn?: string }[] }) => [o.adds, o.missing[0]?.path, o.missing[0]?.reachedOn])).toEqual([
      [{ low: '1200000.00', high: '1200000.00' }, 'platform[0].operating_since', '2021-06-01'],
      [{ low: '600000.00', high: '600000.00' }, 'platform[1].serves_liuzhou_third_party', undefined],
    ]);
  });

  it('works on the second (invented) policy', async () => {
    const r = await cli(['explain', 'test/fixtures/demo-company.yaml', '--policy', 'test/fixtures/policies/demo-city-2024.yaml', '--item', 'cloud', '--lang', 'en', '--as-of', '2024-12-31']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('      Basis: Cloud fees this year = 12万\n      12万 × 50% = 6万\n      Cap per applicant 5万: 6万 → 5万 (the whole range is above the cap, so\n        both ends are cut to it)\n');
  });
});

describe('explain: bad input', () => {
  it('an unknown item id: exit 2 and a suggestion', async () => {
    const r = await cli(['explain', 'examples/bank.yaml', '--item', 'smart-factroy']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error {2}--item: no item "smart-factroy" in this policy \(did you mean "smart-factory"\?\); the items are: project-investment, /);
  });

  it('an unknown clause: exit 2, naming the clauses there are', async () => {
    const r = await cli(['explain', 'examples/bank.yaml', '--clause', '九十九']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--clause: no item cites clause "九十九"');
    expect(r.stderr).toContain('the clauses are: （二十四） （二十五）');
  });

  it('--item and --clause together: exit 2', async () => {
    const r = await cli(['explain', 'examples/bank.yaml', '--item', 'bond', '--clause', '三十三']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error  --item: give --item or --clause, not both\n');
  });

  it('no file and no terminal: exit 2 with what to do (the interview needs a terminal)', async () => {
    const r = await cli(['explain']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no project file');
  });

  it('a case from standard input', async () => {
    const r = await cli(['explain', '-', '--item', 'merger', '--lang', 'en', ...AS_OF], { input: readFileSync('examples/merger.yaml', 'utf8') });
    expect(r.status).toBe(0);
    // （二十五）5000万 × 10% = 500万 → the 300万 cap
    expect(r.stdout).toContain('      5,000万 × 10% = 500万\n      Cap per entry (per merger) 300万: 500万 → 300万 (the whole range is\n        above the cap, so both ends are cut to it)\n');
  });
});

describe('estimate: the opportunities section', () => {
  it('lists the best five by what they would add, and says how many more', async () => {
    const r = await cli(['estimate', 'examples/ev-battery-renovation.yaml', '--lang', 'en', ...AS_OF]);
    expect(r.status).toBe(0);
    const section = r.stdout.slice(r.stdout.indexOf('\nOpportunities\n'), r.stdout.indexOf('\nSupport with no amount'));
    expect(unwrapped(section).split('\n').filter((l) => l.startsWith('  • ')).map((l) => l.slice(4).split(' — ')[0])).toEqual([
      '（二十九） Demonstration smart factory awards: +30万–50万',
      '（三十） Industrial design centre awards: +30万–50万',
      '（二十九） Smart-manufacturing pilot and demonstration smart workshop awards: +30万',
      '（三十一） Weapons R&D and production licence award: +10万',
      '（三十一） Military confidentiality qualification, GJB certificate and weapons contractor certificate awards: +5万',
      '1 more: run subsidy explain to see them all',
    ]);
  });

  it('--no-opportunities hides it; json carries them all', async () => {
    const hidden = await cli(['estimate', 'examples/ev-battery-renovation.yaml', '--lang', 'en', '--no-opportunities', ...AS_OF]);
    expect(hidden.stdout).not.toContain('Opportunities');
    const json = JSON.parse((await cli(['estimate', 'examples/ev-battery-renovation.yaml', '--format', 'json', ...AS_OF])).stdout);
    expect(json.opportunities).toHaveLength(6);
    expect(json.opportunities[0].adds).toEqual({ low: '300000.00', high: '500000.00' });
  });

  it('an applicant outside the strategic industries is offered only what it can reach', async () => {
    const r = await cli(['estimate', 'examples/outside-strategic-industries.yaml', '--lang', 'zh', ...AS_OF]);
    const section = r.stdout.slice(r.stdout.indexOf('\n可争取的机会\n'));
    expect(section).toContain('  • （二十九） 智能制造示范试点、示范智能车间奖励：+20万–30万 — 新增认定：国家级\n    智能制造示范试点（+30万），或 自治区级 示范智能车间（+20万）\n');
    expect(section).not.toContain('武器装备保密资格');
  });
});
