import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../src/case/load.js';
import type { Case } from '../src/case/model.js';
import { evaluate } from '../src/engine/evaluate.js';
import { findOpportunities, type Opportunity } from '../src/engine/opportunities.js';
import { loadPolicy } from '../src/policy/load.js';
import type { CompiledCondition } from '../src/policy/model.js';
import { opportunityLines } from '../src/report/opportunities.js';
import { caseFrom } from './helpers/load.js';

// Near misses, checked by hand against the policy text (amounts in yuan).
const policy = loadPolicy();
const AS_OF = '2020-12-31';

function opportunities(c: Case, asOf = AS_OF): Opportunity[] {
  return findOpportunities(policy, c, evaluate(policy, c, { asOf }));
}
const ofExample = (name: string) => opportunities(loadCase(`examples/${name}.yaml`, policy));
const range = (o: { adds?: { low: { toFixed(n: number): string }; high: { toFixed(n: number): string } } } | undefined) =>
  o?.adds ? `${o.adds.low.toFixed(2)}–${o.adds.high.toFixed(2)}` : 'none';
/** Each opportunity as "item: low–high [alternative high, …]". */
const summary = (opps: Opportunity[]) =>
  opps.map((o) => `${o.itemId}: ${range(o)}${o.kind === 'new-entry' ? ` [${o.missing.map((m) => `${m.entry?.zh} ${m.adds?.high.toFixed(0)}`).join(', ')}]` : ''}`);

describe('one recognition short of an award', () => {
  it('civil-military supplier: holds the confidentiality qualification and the GJB certificate, not the contractor certificate', () => {
    // （三十一）“分别给予5万元奖励”: the third certificate adds 5万; the licence it already holds adds nothing.
    const opps = ofExample('civil-military-supplier');
    const military = opps.find((o) => o.itemId === 'military-certificates');
    expect(military?.kind).toBe('new-entry');
    expect(range(military)).toBe('50000.00–50000.00');
    expect(military?.missing.map((m) => m.entry?.zh)).toEqual(['武器承制单位证书']);
    expect(opps.find((o) => o.itemId === 'weapons-licence')).toBeUndefined();
  });

  it('EV battery maker: holds regional and city smart workshops, so only the national pilot remains in （二十九）', () => {
    const opps = ofExample('ev-battery-renovation');
    expect(summary(opps)).toEqual([
      // （二十九）新认定为国家、自治区示范智能工厂 50万 / 30万
      'smart-factory: 300000.00–500000.00 [国家级 示范智能工厂 500000, 自治区级 示范智能工厂 300000]',
      // （三十）国家级、自治区级工业设计中心 50万 / 30万
      'industrial-design-centre: 300000.00–500000.00 [国家级 工业设计中心 500000, 自治区级 工业设计中心 300000]',
      // （二十九）国家智能制造示范试点 30万 (its regional 20万 and city 10万 workshops are already counted)
      'smart-manufacturing: 300000.00–300000.00 [国家级 智能制造示范试点 300000]',
      // （三十一）武器装备科研生产许可证 10万
      'weapons-licence: 100000.00–100000.00 [武器装备科研生产许可证 100000]',
      // （三十一）each of the three certificates 5万
      'military-certificates: 50000.00–50000.00 [武器装备科研生产保密资格证书 50000, 国军标体系证书 50000, 武器承制单位证书 50000]',
      // （三十）国家、自治区工业设计奖 5万 / 2万
      'industrial-design-award: 20000.00–50000.00 [国家级 工业设计奖 50000, 自治区级 工业设计奖 20000]',
    ]);
  });

  it('industrial design company: its regional design centre can be joined by a national one (+50万), and only the regional design award is left', () => {
    const opps = ofExample('industrial-design-company');
    expect(range(opps.find((o) => o.itemId === 'industrial-design-centre'))).toBe('500000.00–500000.00');
    expect(summary(opps.filter((o) => o.itemId === 'industrial-design-award'))).toEqual(['industrial-design-award: 20000.00–20000.00 [自治区级 工业设计奖 20000]']);
  });

  it('a smart factory whose 2017 city workshop predates the policy is not told to get a city workshop again', () => {
    const smart = ofExample('smart-factory').find((o) => o.itemId === 'smart-manufacturing');
    expect(smart?.missing.map((m) => m.entry?.zh)).toEqual(['自治区级 示范智能车间']);
    expect(range(smart)).toBe('200000.00–200000.00');
  });
});

describe('what cannot be changed is never an opportunity', () => {
  const needsIndustry = (c: CompiledCondition): boolean =>
    c.type === 'leaf' ? c.op === 'in_scope' : c.type === 'not' ? needsIndustry(c.child) : c.children.some(needsIndustry);
  const industryItems = policy.items.filter((i) => i.when && needsIndustry(i.when)).map((i) => i.id);

  it('an applicant outside the strategic industries gets nothing from items that require one', () => {
    const opps = ofExample('outside-strategic-industries');
    expect(industryItems).toContain('military-certificates');
    expect(opps.filter((o) => industryItems.includes(o.itemId))).toEqual([]);
    // What it can still reach does not depend on the industry: its city workshop leaves the regional one (20万) and the pilot (30万).
    expect(summary(opps.filter((o) => o.itemId === 'smart-manufacturing'))).toEqual([
      'smart-manufacturing: 200000.00–300000.00 [国家级 智能制造示范试点 300000, 自治区级 示范智能车间 200000]',
    ]);
    expect(opps.map((o) => o.itemId)).toEqual(['smart-factory', 'industrial-design-centre', 'smart-manufacturing', 'weapons-licence', 'industrial-design-award']);
  });

  it('the wrong kind of applicant gets no opportunities from items for other kinds', () => {
    expect(ofExample('bank')).toEqual([]);
    expect(ofExample('park')).toEqual([]);
    expect(ofExample('testing-institute')).toEqual([]);
  });

  it('a list the case does not state is a question, not an opportunity', () => {
    // going-public states no recognitions: the estimate asks for them instead of suggesting them.
    expect(ofExample('going-public')).toEqual([]);
  });
});

describe('a stated entry that fails only on changeable facts', () => {
  const c = loadCase('test/fixtures/explain/young-platform.yaml', policy);

  it('a platform not yet a full year old, and one that does not yet serve Liuzhou enterprises', () => {
    const opps = opportunities(c);
    expect(opps.map((o) => [o.itemId, o.kind, o.entry?.index, range(o)])).toEqual([
      // （二十九）200万 × 20% = 40万 a year × 3 years (under the 50万 yearly cap)
      ['it-platform', 'change', 0, '1200000.00–1200000.00'],
      // 100万 × 20% = 20万 a year × 3 years
      ['it-platform', 'change', 1, '600000.00–600000.00'],
    ]);
    expect(opps[0]?.missing).toEqual([{ path: 'platform[0].operating_since', label: { zh: '正常运营满一年', en: 'In normal operation for at least a year' }, reachedOn: '2021-06-01' }]);
    expect(opps[1]?.missing.map((m) => [m.path, m.needed])).toEqual([['platform[1].serves_liuzhou_third_party', 'true']]);
  });

  it('the amount is what estimate would add after the change, per-applicant cap included', () => {
    // After 2021-06-01 the young platform is paid for its window years from 2021-06-01, 2022-06-01 and
    // 2023-06-01 (40万 each). Opening the other platform (a full year on 2020-01-01: years from
    // 2020-01-01, 2021-01-01, 2022-01-01, 20万 each) adds, under the 50万 cap per calendar year:
    // 2020 +20万; 2021 40万 + 20万 = 60万 → 50万, +10万; 2022 likewise +10万 → +40万 in all.
    // (Before the cap grouped by year it was +30万: three years all taken as overlapping.)
    const opps = opportunities(c, '2021-06-01');
    expect(opps.map((o) => [o.entry?.index, range(o)])).toEqual([[1, '400000.00–400000.00']]);
  });

  it('a condition on a fact that is not changeable is not offered (an industry, a project type)', () => {
    const ev = ofExample('ev-battery-renovation');
    expect(ev.filter((o) => o.kind === 'change')).toEqual([]);
  });
});

describe('order, limits and determinism', () => {
  it('is sorted by the high end, then the low end, and the same every time', () => {
    const c = loadCase('examples/rail-transit-new-plant.yaml', policy);
    const a = opportunities(c);
    const b = opportunities(c);
    expect(summary(a)).toEqual(summary(b));
    for (let i = 1; i < a.length; i++) {
      const [prev, cur] = [a[i - 1] as Opportunity, a[i] as Opportunity];
      expect(prev.adds.high.gte(cur.adds.high)).toBe(true);
      if (prev.adds.high.eq(cur.adds.high)) expect(prev.adds.low.gte(cur.adds.low)).toBe(true);
    }
    const r = evaluate(policy, c, { asOf: AS_OF });
    expect(findOpportunities(policy, c, r, { limit: 2 }).map((o) => o.itemId)).toEqual(a.slice(0, 2).map((o) => o.itemId));
  });

  it('the estimate section shows the best five and says how many more there are', () => {
    const lines = opportunityLines(ofExample('ev-battery-renovation'), 'en', 'wan');
    expect(lines).toEqual([
      '（二十九） Demonstration smart factory awards: +30万–50万 — add a recognition: National, Demonstration smart factory (+50万), or Autonomous region, Demonstration smart factory (+30万)',
      '（三十） Industrial design centre awards: +30万–50万 — add a recognition: National, Industrial design centre (+50万), or Autonomous region, Industrial design centre (+30万)',
      '（二十九） Smart-manufacturing pilot and demonstration smart workshop awards: +30万 — add a recognition: National, Smart-manufacturing pilot demonstration (+30万)',
      '（三十一） Weapons R&D and production licence award: +10万 — add a recognition: Weapons R&D and production licence (+10万)',
      '（三十一） Military confidentiality qualification, GJB certificate and weapons contractor certificate awards: +5万 — add a recognition: Weapons R&D and production confidentiality qualification (+5万), or GJB (national military standard) system certificate (+5万), or Weapons contractor certificate (+5万)',
      '1 more: run subsidy explain to see them all',
    ]);
  });
});

describe('any policy: nothing here knows Liuzhou', () => {
  const demo = loadPolicy('test/fixtures/policies/demo-city-2024.yaml');
  it('a changeable date recognised after the as-of date is an opportunity met on that date', () => {
    const c = caseFrom(demo, 'name: 示例\nkind: company\nworkshop_recognised_on: 2025-02-01\ncloud_fees: 2万\n');
    const opps = findOpportunities(demo, c, evaluate(demo, c, { asOf: '2024-12-31' }));
    // （一）新认定的市级数字化车间 8万
    expect(opps.map((o) => [o.itemId, range(o), o.missing[0]?.reachedOn])).toEqual([['digital-workshop', '80000.00–80000.00', '2025-02-01']]);
  });
  it('an unknown date is not an opportunity (it is missing, not failing)', () => {
    const c = caseFrom(demo, 'name: 示例\nkind: company\ncloud_fees: 2万\n');
    expect(findOpportunities(demo, c, evaluate(demo, c, { asOf: '2024-12-31' }))).toEqual([]);
  });
});

describe('invariants (property)', () => {
  it('every opportunity adds something, low ≤ high, and each alternative lies within the range', () => {
    const types = ['smart-manufacturing-pilot', 'smart-workshop', 'smart-factory', 'industrial-design-centre', 'confidentiality-qualification', 'weapons-production-licence'];
    const entry = fc.record({
      type: fc.constantFrom(...types),
      level: fc.constantFrom('national', 'region', 'city'),
      date: fc.constantFrom('2017-06-01', '2019-05-01', '2021-03-01'),
    });
    const industry = fc.constantFrom('high-end-equipment', 'none', 'new-materials');
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), industry, (recs, ind) => {
        const yaml = `name: 某企业\nkind: enterprise\nindustry: ${ind}\nrecognitions:${recs.length ? '' : ' none'}\n${recs.map((r) => `  - { type: ${r.type}, level: ${r.level}, date: ${r.date} }`).join('\n')}\n`;
        const c = caseFrom(policy, yaml);
        const r = evaluate(policy, c, { asOf: AS_OF });
        for (const o of findOpportunities(policy, c, r)) {
          expect(o.adds.high.gt(0)).toBe(true);
          expect(o.adds.low.lte(o.adds.high)).toBe(true);
          expect(r.items.find((i) => i.id === o.itemId)?.kind).toBe('amount');
          for (const m of o.missing) if (m.adds) expect(m.adds.high.lte(o.adds.high) && m.adds.low.gte(o.adds.low)).toBe(true);
          if (ind === 'none') expect(o.itemId).not.toBe('military-certificates');
        }
      }),
      { numRuns: 60, seed: 20201231 },
    );
  });
});
