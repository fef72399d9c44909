import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import { amount, caseFrom, item, policyFrom, run } from './helpers/load.js';

// A small policy made for these tests: every award kind, each kind of cap, a yearly item and
// a shared cap, so each rule of the engine is tested apart from the Liuzhou data.
const SOURCE = [
  '（一）按投资额10%-12%给予补助，单个项目最高100万元。',
  '（二）认定的分别给予30万元、20万元奖励。',
  '（三）给予最高50万元的奖励。',
  '（四）按收入20%连续三年给予补助，每年最高10万元。',
  '（五）评估费补贴50%，贴息不超过利息50%，同一企业年度最高8万元。',
  '（六）一事一议。',
  '（七）按融资额1%奖励，单个企业最高15万元。',
].join('\n');

const POLICY = `
schema_version: 1
id: engine-test
title: { zh: 测试政策, en: Test policy }
issuer: { zh: 测试, en: Test }
issued: 2020-01-01
source: test.txt
currency: CNY
applicant_kinds:
  - { id: firm, label: { zh: 企业, en: Firm } }
  - { id: bank, label: { zh: 银行, en: Bank } }
industry_groups:
  - { id: g, label: { zh: 组, en: Group } }
industries:
  - { id: tech, clause: （一）, group: g, label: { zh: 科技, en: Tech }, products: [芯片] }
parameters:
  loan_rate:
    label: { zh: 基准利率, en: Benchmark rate }
    type: rate
    schedule:
      - from: 2015-01-01
        values: { short: 5%, long: 6% }
      - from: 2020-06-01
        values: { short: 4%, long: 5% }
facts:
  name: { type: text, label: { zh: 名称, en: Name }, required: true }
  kind: { type: enum, choices_from: applicant_kinds, label: { zh: 类型, en: Kind }, required: true }
  industry:
    type: enum
    choices_from: industries
    extra_choices: [{ id: none, label: { zh: 无, en: None } }]
    label: { zh: 产业, en: Industry }
  renowned: { type: boolean, judgement: true, label: { zh: 知名企业, en: Renowned } }
  since: { type: date, label: { zh: 运营起始, en: Operating since } }
  revenue: { type: money, label: { zh: 收入, en: Revenue } }
  eval_fee: { type: money, label: { zh: 评估费, en: Evaluation fee } }
  loan: { type: money, label: { zh: 贷款, en: Loan } }
  loan_term:
    type: enum
    label: { zh: 期限, en: Term }
    choices: [{ id: short, label: { zh: 短期, en: Short } }, { id: long, label: { zh: 长期, en: Long } }]
  loan_date: { type: date, label: { zh: 贷款日期, en: Loan date } }
  projects:
    type: list
    label: { zh: 项目, en: Projects }
    item_label: { zh: 项目, en: project }
    fields:
      name: { type: text, label: { zh: 名称, en: Name } }
      investment: { type: money, label: { zh: 投资额, en: Investment } }
  recognitions:
    type: list
    label: { zh: 认定, en: Recognitions }
    fields:
      level:
        type: enum
        label: { zh: 级别, en: Level }
        choices: [{ id: national, label: { zh: 国家级, en: National } }, { id: region, label: { zh: 自治区级, en: Region } }, { id: city, label: { zh: 市级, en: City } }]
      date: { type: date, label: { zh: 日期, en: Date } }
  financings:
    type: list
    label: { zh: 融资, en: Financings }
    fields:
      amount: { type: money, label: { zh: 融资额, en: Amount } }
items:
  - id: invest
    clause: （一）
    title: { zh: 投资补助, en: Investment }
    quote: 按投资额10%-12%给予补助，单个项目最高100万元。
    applicants: [firm]
    each: projects
    when: { fact: industry, in_scope: true }
    award: { kind: percent, basis: { fact: projects.investment }, rate: { low: 10%, high: 12% } }
    caps: [{ amount: 100万, per: record }]
  - id: recognised
    clause: （二）
    title: { zh: 认定奖励, en: Recognition }
    quote: 认定的分别给予30万元、20万元奖励。
    applicants: [firm]
    each: recognitions
    when: { fact: recognitions.date, newly: true }
    award: { kind: fixed_by, by: recognitions.level, amounts: { national: 30万, region: 20万 } }
  - id: upto
    clause: （三）
    title: { zh: 最高奖励, en: Up to }
    quote: 给予最高50万元的奖励。
    applicants: [firm]
    when: { fact: renowned, is: true }
    award: { kind: up_to, amount: 50万 }
  - id: yearly
    clause: （四）
    title: { zh: 连续三年, en: Three years }
    quote: 按收入20%连续三年给予补助，每年最高10万元。
    applicants: [firm]
    when: { fact: since, at_least_years_ago: 1 }
    award: { kind: percent, basis: { fact: revenue }, rate: 20% }
    caps: [{ amount: 10万, per: applicant }]
    period: { years: 3 }
  - id: fee
    clause: （五）
    title: { zh: 评估费, en: Fee }
    quote: 评估费补贴50%
    applicants: [firm]
    award: { kind: percent, basis: { fact: eval_fee }, rate: 50% }
  - id: interest
    clause: （五）
    title: { zh: 贴息, en: Interest }
    quote: 贴息不超过利息50%
    applicants: [firm]
    award:
      kind: percent
      basis: { product: [{ fact: loan }, { param: loan_rate, key: loan_term, at: loan_date }] }
      rate: { up_to: 50% }
  - id: special
    clause: （六）
    title: { zh: 一事一议, en: Case by case }
    quote: 一事一议。
    applicants: [firm, bank]
    award: { kind: unquantified, nature: case-by-case, description: { zh: 一事一议, en: case by case } }
  - id: financing
    clause: （七）
    title: { zh: 融资奖励, en: Financing }
    quote: 按融资额1%奖励，单个企业最高15万元。
    applicants: [firm]
    each: financings
    award: { kind: percent, basis: { fact: financings.amount }, rate: 1% }
    caps: [{ amount: 15万, per: applicant }]
shared_caps:
  - id: fee-and-interest
    clause: （五）
    title: { zh: 合计上限, en: Shared cap }
    quote: 同一企业年度最高8万元。
    items: [fee, interest]
    amount: 8万
    per: applicant-year
`;

const policy = policyFrom(POLICY, SOURCE);
const FIRM = 'name: 测试企业\nkind: firm\n';

describe('percent awards and per-record caps', () => {
  it('gives a low–high range from a rate range', () => {
    const r = run(policy, `${FIRM}industry: tech\nprojects:\n  - investment: 500万\n`);
    expect(amount(r, 'invest')).toBe('500000.00–600000.00');
  });

  it('caps the high end only when only the high end exceeds the cap', () => {
    const r = run(policy, `${FIRM}industry: tech\nprojects:\n  - investment: 900万\n`);
    expect(amount(r, 'invest')).toBe('900000.00–1000000.00');
    const step = item(r, 'invest').lines[0]?.caps[0];
    expect([step?.bindsLow, step?.bindsHigh]).toEqual([false, true]);
  });

  it('caps the low end too when both ends exceed the cap', () => {
    const r = run(policy, `${FIRM}industry: tech\nprojects:\n  - investment: 2亿\n`);
    expect(amount(r, 'invest')).toBe('1000000.00–1000000.00');
    const step = item(r, 'invest').lines[0]?.caps[0];
    expect([step?.bindsLow, step?.bindsHigh]).toEqual([true, true]);
  });

  it('applies the per-project cap to each project separately', () => {
    const r = run(policy, `${FIRM}industry: tech\nprojects:\n  - investment: 2亿\n  - investment: 100万\n`);
    expect(amount(r, 'invest')).toBe('1100000.00–1120000.00');
    expect(item(r, 'invest').lines.map((l) => l.amount?.high.toFixed(2))).toEqual(['1000000.00', '120000.00']);
  });

  it('rounds each item to the fen, half-up, after the cap', () => {
    // 1,234,567.89 × 10% = 123,456.789 → 123,456.79; × 12% = 148,148.1468 → 148,148.15
    const r = run(policy, `${FIRM}industry: tech\nprojects:\n  - investment: 1,234,567.89\n`);
    expect(amount(r, 'invest')).toBe('123456.79–148148.15');
  });

  it('does not apply outside the industry scope, and says which condition failed', () => {
    const r = run(policy, `${FIRM}industry: none\nprojects:\n  - investment: 500万\n`);
    const it0 = item(r, 'invest');
    expect(it0.status).toBe('does-not-apply');
    const failing = it0.lines[0]?.conditions.children?.[1];
    expect(failing).toMatchObject({ fact: 'industry', outcome: 'fail', seen: 'none' });
  });
});

describe('missing facts are never false', () => {
  it('cannot determine an item whose deciding fact is not stated, and names it', () => {
    const r = run(policy, `${FIRM}projects:\n  - investment: 500万\n`);
    expect(item(r, 'invest').status).toBe('cannot-determine');
    expect(item(r, 'invest').missing).toEqual(['industry']);
  });

  it('cannot determine a list item when the list is not stated, but does not apply when it is stated empty', () => {
    expect(item(run(policy, `${FIRM}industry: tech\n`), 'invest')).toMatchObject({ status: 'cannot-determine', missing: ['projects'] });
    expect(item(run(policy, `${FIRM}industry: tech\nprojects: none\n`), 'invest').status).toBe('does-not-apply');
  });

  it('rules a list item out by an applicant-level fact even when the list is not stated', () => {
    expect(item(run(policy, `${FIRM}industry: none\n`), 'invest').status).toBe('does-not-apply');
  });

  it('cannot determine a percent item whose basis is missing', () => {
    const r = run(policy, `${FIRM}industry: tech\nprojects:\n  - name: 无金额项目\n`);
    expect(item(r, 'invest')).toMatchObject({ status: 'cannot-determine', missing: ['projects[0].investment'] });
  });
});

describe('fixed amounts by level, newly recognised', () => {
  it('pays each recognition at its level, and nothing for a level with no amount', () => {
    const r = run(policy, `${FIRM}recognitions:\n  - { level: national, date: 2020-03-01 }\n  - { level: region, date: 2020-04-01 }\n  - { level: city, date: 2020-04-01 }\n`);
    expect(amount(r, 'recognised')).toBe('500000.00–500000.00');
    expect(item(r, 'recognised').lines.map((l) => l.status)).toEqual(['applies', 'applies', 'does-not-apply']);
  });

  it('does not count a recognition before the issue date, nor one after the as-of date', () => {
    const r = run(policy, `${FIRM}recognitions:\n  - { level: national, date: 2019-12-31 }\n  - { level: national, date: 2021-01-01 }\n`, '2020-12-31');
    expect(item(r, 'recognised').status).toBe('does-not-apply');
    const details = item(r, 'recognised').lines.map((l) => l.conditions.children?.[1]?.detail);
    expect(details).toEqual(['before-issue', 'after-as-of']);
  });

  it('counts a recognition on the issue date itself and on the as-of date', () => {
    const r = run(policy, `${FIRM}recognitions:\n  - { level: region, date: 2020-01-01 }\n  - { level: region, date: 2020-12-31 }\n`, '2020-12-31');
    expect(amount(r, 'recognised')).toBe('400000.00–400000.00');
  });
});

describe('up to, judgement facts, unquantified items', () => {
  it('gives 0 to the amount for "up to", and lists the judgement as an assumption', () => {
    const r = run(policy, `${FIRM}renowned: true\n`);
    expect(amount(r, 'upto')).toBe('0.00–500000.00');
    expect(item(r, 'upto').assumptions.map((a) => a.zh)).toEqual(['知名企业']);
  });

  it('keeps an unquantified item as such: applies, no amount, not in the total', () => {
    const r = run(policy, `${FIRM}renowned: false\nindustry: none\nrecognitions: none\nprojects: none\nfinancings: none\n`);
    const special = item(r, 'special');
    expect(special.status).toBe('applies');
    expect(special.kind).toBe('unquantified');
    expect(special.amount).toBeUndefined();
    expect(r.total.high.toFixed(2)).toBe('0.00');
    expect(r.counts.unquantified).toBe(1);
  });
});

describe('yearly items and per-applicant caps', () => {
  it('pays per year × 3, capping each year', () => {
    const r = run(policy, `${FIRM}since: 2019-06-01\nrevenue: 80万\n`);
    const y = item(r, 'yearly');
    expect(y.lines[0]?.perYear?.high.toFixed(2)).toBe('100000.00');
    expect(amount(r, 'yearly')).toBe('300000.00–300000.00');
  });

  it('needs a full year of operation before the as-of date', () => {
    const r = run(policy, `${FIRM}since: 2020-06-01\nrevenue: 80万\n`);
    expect(item(r, 'yearly').status).toBe('does-not-apply');
  });

  it('allocates a per-applicant cap across entries in order', () => {
    const r = run(policy, `${FIRM}financings:\n  - amount: 1000万\n  - amount: 800万\n`);
    expect(item(r, 'financing').lines.map((l) => l.amount?.high.toFixed(2))).toEqual(['100000.00', '50000.00']);
    expect(amount(r, 'financing')).toBe('150000.00–150000.00');
  });
});

describe('shared caps and dated parameters', () => {
  it('uses the parameter value in force on the loan date, keyed by term', () => {
    // 200万 × 6% (long, before 2020-06-01) = 120,000 interest → up to 50% = 60,000
    const r = run(policy, `${FIRM}loan: 200万\nloan_term: long\nloan_date: 2020-05-31\n`);
    expect(amount(r, 'interest')).toBe('0.00–60000.00');
    expect(item(r, 'interest').lines[0]?.basis?.factors[1]).toMatchObject({ kind: 'parameter', key: 'long', from: '2015-01-01' });
    const later = run(policy, `${FIRM}loan: 200万\nloan_term: long\nloan_date: 2020-06-01\n`);
    expect(amount(later, 'interest')).toBe('0.00–50000.00');
  });

  it('lets the case override a parameter', () => {
    const r = run(policy, `${FIRM}loan: 200万\nloan_term: short\nloan_date: 2020-07-01\nparameters:\n  loan_rate: { short: 3.5% }\n`);
    expect(amount(r, 'interest')).toBe('0.00–35000.00');
    expect(item(r, 'interest').lines[0]?.basis?.factors[1]?.overridden).toBe(true);
  });

  it('applies the shared cap after the item caps and records it in the trace', () => {
    // fee 10万 × 50% = 5万; interest up to 200万 × 6% × 50% = 6万; together capped at 8万
    const r = run(policy, `${FIRM}eval_fee: 10万\nloan: 200万\nloan_term: long\nloan_date: 2020-03-01\n`);
    expect(amount(r, 'fee')).toBe('50000.00–50000.00');
    expect(amount(r, 'interest')).toBe('0.00–30000.00');
    const shared = r.sharedCaps[0];
    expect([shared?.before.high.toFixed(2), shared?.after.high.toFixed(2), shared?.binds]).toEqual(['110000.00', '80000.00', true]);
    expect(item(r, 'interest').lines[0]?.caps.at(-1)).toMatchObject({ scope: 'shared', id: 'fee-and-interest', bindsHigh: true, bindsLow: false });
  });
});

describe('applicant kinds and totals', () => {
  it('never applies an item to another kind of applicant, and asks nothing of it', () => {
    const r = run(policy, 'name: 银行\nkind: bank\n');
    expect(item(r, 'invest').status).toBe('does-not-apply');
    expect(item(r, 'invest').missing).toEqual([]);
    expect(r.items.filter((i) => i.status === 'cannot-determine')).toEqual([]);
  });

  it('totals are the sums of the rounded items', () => {
    const r = run(policy, `${FIRM}industry: tech\nprojects:\n  - investment: 1,234,567.89\nrenowned: true\nsince: 2019-01-01\nrevenue: 30万\n`);
    // invest 123,456.79–148,148.15; upto 0–500,000; yearly 60,000 × 3 = 180,000
    expect([r.total.low.toFixed(2), r.total.high.toFixed(2)]).toEqual(['303456.79', '828148.15']);
  });

  it('is pure: the same case evaluates to the same result', () => {
    const c = caseFrom(policy, `${FIRM}industry: tech\nprojects:\n  - investment: 500万\n`);
    const a = evaluate(policy, c, { asOf: '2020-12-31' });
    const b = evaluate(policy, c, { asOf: '2020-12-31' });
    expect(a.total.high.toFixed(2)).toBe(b.total.high.toFixed(2));
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });
});
