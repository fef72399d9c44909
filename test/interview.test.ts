import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCase } from '../src/case/load.js';
import { renderEstimate } from '../src/cli/estimate.js';
import { evaluate } from '../src/engine/evaluate.js';
import { findOpportunities } from '../src/engine/opportunities.js';
import { compareReadings } from '../src/engine/readings.js';
import { CancelledError, InputError } from '../src/errors/problem.js';
import { DONE, type InterviewOptions, interview, runInterview, UNKNOWN } from '../src/interview/run.js';
import { loadPolicy } from '../src/policy/load.js';
import type { Policy } from '../src/policy/model.js';
import { type Answer, CANCEL, scripted } from './fixtures/interview/scripted.js';
import { cli } from './helpers/cli.js';
import { amount, item, policyFrom } from './helpers/load.js';

// The interview driven by scripted answers. Each path pins the questions asked, in order, by
// the case path they were about: a change that makes an interview longer fails here.

const root = join(import.meta.dirname, '..');
const liuzhou = loadPolicy();
const demo = loadPolicy(join(root, 'test/fixtures/policies/demo-city-2024.yaml'));
const AS_OF = '2020-12-31';

async function run(policy: Policy, script: Answer[], opts: Partial<InterviewOptions> = {}) {
  const { prompts, log, said } = scripted(script);
  const result = await interview(policy, { lang: 'zh', asOf: AS_OF, ...opts }, prompts);
  const r = evaluate(policy, result.case, { asOf: opts.asOf ?? AS_OF });
  return { ...result, log, said, result: r, paths: result.asked.map((a) => a.path) };
}

/** What `subsidy estimate` prints as JSON for a case, by the code the CLI uses after the interview. */
function jsonOf(policy: Policy, c: Parameters<typeof evaluate>[1], asOf: string): string {
  const result = evaluate(policy, c, { asOf });
  compareReadings(policy, c, result);
  return renderEstimate(result, findOpportunities(policy, c, result), { format: 'json', lang: 'en', unit: 'wan', color: false });
}

describe('the interview for the Liuzhou policy', () => {
  test('an enterprise with one renovation project: 11 questions (2 of them names, its date among them), and the project subsidy computed', async () => {
    const { paths, result, yaml, log } = await run(liuzhou, [
      '柳州某电池公司',
      'enterprise',
      'new-energy-vehicles',
      'some',
      ['projects'],
      'technical-renovation',
      '电芯产线改造',
      '2019-05-01',
      '2000万',
      'no',
      DONE,
    ]);
    expect(paths).toEqual([
      'name',
      'kind',
      'industry',
      'projects|recognitions|mergers|platform|design_outsourcing|pledge_financing|financing|talent',
      'projects,recognitions,mergers,platform,design_outsourcing,pledge_financing,financing,talent',
      'projects[0].type',
      'projects[0].name',
      // A renovation is under the policy only if it was registered on or after 2018-02-06: asked, never assumed.
      'projects[0].date',
      'projects[0].plant_equipment_investment',
      'projects[0].higher_level_funding',
      'projects[1].type',
    ]);
    expect(paths.length).toBeLessThanOrEqual(11);
    // The names given head the result and label the project's line.
    expect(result.applicant.name).toBe('柳州某电池公司');
    expect(yaml).toContain('name: 电芯产线改造');
    // 10%–12% of 2000万 (（二十四）), under the 400万 cap per project.
    expect(amount(result, 'project-investment')).toBe('2000000.00–2400000.00');
    expect(result.total.low.toFixed(2)).toBe('2000000.00');
    expect(result.total.high.toFixed(2)).toBe('2400000.00');
    // Everything else is decided: nothing is left waiting for a fact.
    expect(result.counts.cannotDetermine).toBe(0);
    // The industry is offered with its product examples.
    const industry = log[2];
    expect(industry?.choices?.find((c) => c.value === 'new-energy-vehicles')).toEqual({
      value: 'new-energy-vehicles',
      name: '新能源汽车产业（纯电动汽车、混合动力汽车、新能源汽车电池…）',
      description: '纯电动汽车、混合动力汽车、新能源汽车电池、电机、电控、驱动轿（驱动桥）、电动汽车控制系统、电驱动系统、蓄能系统、车用传感器、摄像头、定位系统',
    });
    expect(yaml).toContain('recognitions: []');
  });

  test('an enterprise with a renovation project and a smart-workshop recognition: 16 questions', async () => {
    const { paths, result, log } = await run(liuzhou, [
      '',
      'enterprise',
      'new-energy-vehicles',
      'some',
      ['projects', 'recognitions'],
      'technical-renovation',
      '',
      '2019-05-01',
      '2000万',
      'no',
      DONE,
      'smart-workshop',
      '',
      'region',
      '2019-05-01',
      DONE,
    ]);
    expect(paths).toEqual([
      'name',
      'kind',
      'industry',
      'projects|recognitions|mergers|platform|design_outsourcing|pledge_financing|financing|talent',
      'projects,recognitions,mergers,platform,design_outsourcing,pledge_financing,financing,talent',
      'projects[0].type',
      'projects[0].name',
      'projects[0].date',
      'projects[0].plant_equipment_investment',
      'projects[0].higher_level_funding',
      'projects[1].type',
      'recognitions[0].type',
      'recognitions[0].name',
      'recognitions[0].level',
      'recognitions[0].date',
      'recognitions[1].type',
    ]);
    expect(amount(result, 'project-investment')).toBe('2000000.00–2400000.00');
    // A regional demonstration smart workshop recognised after 2018-02-06: 20万 (（二十九）).
    expect(amount(result, 'smart-manufacturing')).toBe('200000.00–200000.00');
    expect(result.total.low.toFixed(2)).toBe('2200000.00');
    expect(result.total.high.toFixed(2)).toBe('2600000.00');
    // An enterprise is not offered the recognitions only a park or a testing institution is paid for.
    const types = log[11]?.choices?.map((c) => c.value);
    expect(types).not.toContain('demonstration-base');
    expect(types).not.toContain('metrology-certification');
    expect(types).toContain('smart-workshop');
  });

  test('a bank: 8 questions (2 of them names, the date of the financing among them), never about workshops or projects', async () => {
    const { paths, result, log } = await run(liuzhou, ['', 'bank', 'ip', '', 'yes', '2019-05-01', '800万', DONE]);
    expect(paths).toEqual([
      'name',
      'kind',
      'pledge_financing[0].collateral',
      'pledge_financing[0].name',
      'pledge_financing[0].borrower_sei',
      'pledge_financing[0].loan_date',
      'pledge_financing[0].approved_amount',
      'pledge_financing[1].collateral',
    ]);
    expect(log.map((e) => e.message)).toEqual([
      '申请单位名称（可留空，回车跳过）',
      '申请主体类型',
      '质押融资 1 · 质押物',
      '质押融资 1 · 名称（可留空，回车跳过；输入 < 回到上一题）',
      '质押融资 1 · 借款企业属于战略性新兴产业',
      '质押融资 1 · 贷款（融资）发放日期（日期，如 2019-05-01 或 2019年5月1日；不清楚可留空；输入 < 回到上一题）',
      '质押融资 1 · 审核确认的质押融资总额（元，可写 3500万、1.2亿 或 3,000,000；不清楚可留空；输入 < 回到上一题）',
      '质押融资 2 · 质押物',
    ]);
    // 1% of 800万, under the 10万 cap per financing (（三十二）).
    expect(amount(result, 'bank-ip-pledge')).toBe('80000.00–80000.00');
    expect(result.total.high.toFixed(2)).toBe('80000.00');
  });

  test("a park: 6 questions (its recognition's name among them), offered only the recognition a park is paid for", async () => {
    const { paths, result, log } = await run(liuzhou, ['', 'park', 'demonstration-base', '', 'city', '2020-03-01', DONE]);
    expect(paths).toEqual(['name', 'kind', 'recognitions[0].type', 'recognitions[0].name', 'recognitions[0].level', 'recognitions[0].date', 'recognitions[1].type']);
    expect(log[2]?.choices?.map((c) => c.value)).toEqual(['demonstration-base', DONE, UNKNOWN]);
    expect(log[2]?.choices?.map((c) => c.name).slice(1)).toEqual(['没有认定', '不清楚']);
    expect(log[6]?.choices?.at(-1)?.name).toBe('没有更多认定了');
    // A city-level demonstration base recognised in 2020: 100万 construction funds (（二十七）).
    expect(amount(result, 'demonstration-base')).toBe('1000000.00–1000000.00');
  });

  test('an enterprise with nothing to list answers the lists once; no recognition date is asked', async () => {
    const { paths, result, yaml } = await run(liuzhou, ['', 'enterprise', 'none', 'none']);
    expect(paths).toEqual(['name', 'kind', 'industry', 'projects|recognitions|platform|pledge_financing|financing|talent']);
    expect(result.counts.cannotDetermine).toBe(0);
    expect(result.total.high.toFixed(2)).toBe('0.00');
    expect(yaml).toContain('recognitions: []');
  });

  test('"don\'t know" for the lists saves them as not stated, so their items say what is missing', async () => {
    const { paths, result, yaml } = await run(liuzhou, ['', 'enterprise', 'new-energy-vehicles', UNKNOWN]);
    expect(paths).toEqual(['name', 'kind', 'industry', 'projects|recognitions|mergers|platform|design_outsourcing|pledge_financing|financing|talent']);
    expect(yaml).not.toMatch(/^(projects|recognitions|mergers):/m);
    expect(item(result, 'merger').status).toBe('cannot-determine');
    expect(item(result, 'merger').missing).toEqual(['mergers']);
  });

  test('"don\'t know" on the first question of a single list leaves that list unstated', async () => {
    const { paths, result, yaml } = await run(liuzhou, ['', 'park', UNKNOWN]);
    expect(paths).toEqual(['name', 'kind', 'recognitions[0].type']);
    expect(yaml).not.toContain('recognitions');
    expect(item(result, 'demonstration-base').status).toBe('cannot-determine');
  });

  test('a bare 3500 for an investment is questioned once, and taken as yuan when confirmed', async () => {
    const { log, result } = await run(liuzhou, ['', 'enterprise', 'new-energy-vehicles', 'some', ['projects'], 'technical-renovation', '', '2019-05-01', '3500', '3500', 'no', DONE]);
    const asked = log.find((e) => e.message.startsWith('项目 1 · 厂房、设备实际投资额'));
    expect(asked?.rejected).toEqual([
      { text: '3500', message: '“3500”按 3500 元计算：如果指的是万元，请写 3500万；确为元请写 3500元（或再按回车，按元计算）' },
    ]);
    // 10%–12% of 3,500 yuan.
    expect(amount(result, 'project-investment')).toBe('350.00–420.00');
  });

  test('a date as consultants write it: 2019年5月1日 is saved as typed and read as 2019-05-01', async () => {
    const { yaml, result } = await run(liuzhou, ['', 'park', 'demonstration-base', '', 'city', '2020年3月1日', DONE]);
    expect(yaml).toContain('date: 2020年3月1日');
    expect(amount(result, 'demonstration-base')).toBe('1000000.00–1000000.00');
  });

  test('a money answer rejected at the prompt with the file validation message, then corrected: still one question', async () => {
    const { paths, log, result } = await run(liuzhou, ['', 'bank', 'receivables', '', 'yes', '2019-05-01', '80o万', '1.2亿', DONE], { lang: 'en' });
    expect(paths).toHaveLength(8);
    const asked = log[6];
    const fromFile = parseCase('kind: bank\nname: x\npledge_financing:\n  - approved_amount: 80o万\n', liuzhou, 'x.yaml');
    expect(fromFile.problems.map((p) => p.message)).toEqual(['"80o万" is not an amount of money: write yuan (3000000 or 3,000,000) or use 万/亿 (300万, 1.2亿)']);
    expect(asked?.rejected).toEqual([{ text: '80o万', message: fromFile.problems[0]?.message }]);
    expect(asked?.answer).toBe('1.2亿');
    // 0.1% of 1.2亿 is 12万, capped at 10万 (（三十二）).
    expect(amount(result, 'bank-other-pledge')).toBe('100000.00–100000.00');
  });

  test('a testing institution: the founding date first, then only the project type it can be paid for', async () => {
    const { paths, log, result } = await run(liuzhou, ['', 'testing-institution', '2019/1/1', 'some', ['projects'], 'testing-institution-setup', '', '300万', DONE]);
    expect(paths).toEqual([
      'name',
      'kind',
      'established_date',
      'projects|recognitions',
      'projects,recognitions',
      'projects[0].type',
      'projects[0].name',
      'projects[0].actual_investment',
      'projects[1].type',
    ]);
    expect(log[5]?.choices?.map((c) => c.value)).toEqual(['testing-institution-setup', DONE]);
    // 15% of 300万 is 45万, under the 50万 cap (（三十）).
    expect(amount(result, 'testing-institution-setup')).toBe('450000.00–450000.00');
  });

  test('the completion date a window of years runs from is asked', async () => {
    const { paths, result } = await run(liuzhou, ['', 'research-institution', 'public-rd', '', 'yes', 'no', '2019-06-01', '100万', DONE]);
    expect(paths).toEqual([
      'name',
      'kind',
      'rd_institution[0].form',
      'rd_institution[0].name',
      'rd_institution[0].founder_renowned',
      'rd_institution[0].especially_major',
      'rd_institution[0].established_date',
      'rd_institution[0].previous_year_rd_spending',
      'rd_institution[1].form',
    ]);
    // 100万 × 10%–15% = 10万–15万 a year, for the three years from 2019-06-01 (（二十八）).
    expect(amount(result, 'public-rd-institution')).toBe('300000.00–450000.00');
  });

  test('English questions come from the policy\'s English labels', async () => {
    const { log } = await run(liuzhou, ['', 'bank', 'ip', '', 'yes', '2019-05-01', '800万', DONE], { lang: 'en' });
    expect(log.map((e) => e.message)).toEqual([
      'Applicant name (optional: Enter to skip)',
      'Applicant kind',
      'Pledge financing 1 · Collateral',
      'Pledge financing 1 · Name (optional: Enter to skip; < for the previous question)',
      'Pledge financing 1 · The borrower is a strategic emerging industry enterprise',
      'Pledge financing 1 · Date the loan or financing was granted (a date such as 2019-05-01 or 2019/5/1; blank if not known; < for the previous question)',
      'Pledge financing 1 · Approved pledge financing amount (yuan; 3500万, 1.2亿 or 3,000,000; blank if not known; < for the previous question)',
      'Pledge financing 2 · Collateral',
    ]);
    expect(log[7]?.choices?.at(-1)?.name).toBe('no more (that is every pledge financing)');
  });
});

describe('a second policy gets its own interview with no code change', () => {
  test('demo-city-2024: its own facts, and "add another?" for a list with no choice field', async () => {
    const { paths, log, result } = await run(demo, ['', 'company', '2024-05-01', '12万', 'yes', 'yes', '', '400万', 'yes', '', '35.5万', 'no'], { asOf: '2024-12-31' });
    expect(paths).toEqual([
      'name',
      'kind',
      'workshop_recognised_on',
      'cloud_fees',
      'major_project',
      'upgrades[0]',
      'upgrades[0].name',
      'upgrades[0].spend',
      'upgrades[1]',
      'upgrades[1].name',
      'upgrades[1].spend',
      'upgrades[2]',
    ]);
    expect(log[5]?.message).toBe('数字化改造项目：有项目要填写吗？');
    expect(log[5]?.choices?.map((c) => c.name)).toEqual(['是', '否', '不清楚']);
    expect(log[8]?.message).toBe('数字化改造项目：还有其他项目吗？');
    // 8万 + (20% of 400万 = 80万, capped at 60万) + 20% of 35.5万 + (50% of 12万 = 6万, capped at 5万).
    expect(result.total.low.toFixed(2)).toBe('801000.00');
    expect(result.total.high.toFixed(2)).toBe('801000.00');
    // The same as the fixture case written by hand (less the names).
    const byHand = parseCase(readFileSync(join(root, 'test/fixtures/demo-company.yaml'), 'utf8'), demo, 'demo-company.yaml');
    expect(evaluate(demo, byHand.case as NonNullable<typeof byHand.case>, { asOf: '2024-12-31' }).total.low.toFixed(2)).toBe('801000.00');
  });

  test('an association is asked only about cloud fees', async () => {
    const { paths } = await run(demo, ['', 'association', '8万'], { asOf: '2024-12-31' });
    expect(paths).toEqual(['name', 'kind', 'cloud_fees']);
  });
});

describe('saving the answers', () => {
  test('the saved file, run with subsidy estimate FILE, gives the identical JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-save-'));
    const file = join(dir, '柳州新能源.yaml');
    const { prompts } = scripted(['', 'enterprise', 'new-energy-vehicles', 'some', ['projects', 'recognitions'], 'technical-renovation', '', '2019-03-01', '2,000,000', 'yes', DONE, 'smart-workshop', '', 'region', '2019-05-01', DONE]);
    const c = await runInterview(liuzhou, { lang: 'zh', asOf: AS_OF, save: file, prompts });
    expect(c.facts.name).toBe('柳州新能源');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('plant_equipment_investment: 2,000,000');
    expect(readdirSync(dir)).toEqual(['柳州新能源.yaml']);
    const run = await cli(['estimate', file, '--format', 'json', '--lang', 'en', '--as-of', AS_OF]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(jsonOf(liuzhou, c, AS_OF));
    expect(JSON.parse(run.stdout).total).toEqual({ low: '400000.00', high: '440000.00' });
   }, 20_000);

  test('a demo-city interview saved and run with --policy gives the identical JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-save-'));
    const file = join(dir, 'demo.yaml');
    const { prompts } = scripted(['', 'company', '', '12万', 'no', 'no']);
    const c = await runInterview(demo, { lang: 'en', asOf: '2024-12-31', save: file, prompts });
    const run = await cli(['estimate', file, '--policy', 'test/fixtures/policies/demo-city-2024.yaml', '--format', 'json', '--lang', 'en', '--as-of', '2024-12-31']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(jsonOf(demo, c, '2024-12-31'));
   }, 20_000);

  test('cancel: a CancelledError, and neither the file nor a temporary file is left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-cancel-'));
    const file = join(dir, 'answers.yaml');
    const { prompts } = scripted(['', 'enterprise', 'new-energy-vehicles', CANCEL]);
    await expect(runInterview(liuzhou, { lang: 'zh', asOf: AS_OF, save: file, prompts })).rejects.toBeInstanceOf(CancelledError);
    expect(readdirSync(dir)).toEqual([]);
  });

  test('cancel does not touch an existing file at the save path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-cancel-'));
    const file = join(dir, 'answers.yaml');
    writeFileSync(file, 'kind: bank\n');
    const { prompts } = scripted(['', 'bank', CANCEL]);
    await expect(runInterview(liuzhou, { lang: 'zh', asOf: AS_OF, save: file, prompts })).rejects.toThrow('interview cancelled');
    expect(readFileSync(file, 'utf8')).toBe('kind: bank\n');
  });

  test('a save path in a folder that does not exist is refused before the first question', async () => {
    const { prompts, log } = scripted([]);
    const file = join(tmpdir(), 'no-such-folder-for-interview', 'x.yaml');
    expect(existsSync(file)).toBe(false);
    const err = await runInterview(liuzhou, { lang: 'zh', save: file, prompts }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems[0]?.message).toBe(`cannot save to ${file}: the folder ${join(tmpdir(), 'no-such-folder-for-interview')} does not exist`);
    expect(log).toEqual([]);
  });
});

describe('a policy written inline', () => {
  const source = '（一）对新设立的公司给予1万元奖励。';
  const policy = policyFrom(
    `
schema_version: 1
id: tiny
title: { zh: 小政策, en: Tiny policy }
issuer: { zh: 某市, en: Some city }
issued: 2024-01-01
source: tiny.zh.txt
currency: CNY
applicant_kinds:
  - { id: company, label: { zh: 公司, en: Company } }
  - { id: school, label: { zh: 学校, en: School } }
facts:
  name: { type: text, label: { zh: 名称, en: Name }, required: true }
  kind: { type: enum, choices_from: applicant_kinds, label: { zh: 类型, en: Kind }, required: true }
  founded: { type: date, label: { zh: 设立日期, en: Founded }, required: true }
items:
  - id: new-company
    clause: （一）
    title: { zh: 新设公司奖励, en: New company award }
    quote: 对新设立的公司给予1万元奖励。
    applicants: [company]
    award: { kind: fixed, amount: 1万 }
`,
    source,
  );

  test('a required fact that no item needs is still asked (the file must state it), and cannot be left blank', async () => {
    const { paths, log, result } = await run(policy, ['', 'school', '', '2024-02-01'], { lang: 'en' });
    expect(paths).toEqual(['name', 'kind', 'founded']);
    expect(log[2]?.rejected).toEqual([{ text: '', message: 'an answer is needed here' }]);
    expect(log[2]?.message).toBe('Founded (a date such as 2019-05-01 or 2019/5/1; < for the previous question)');
    expect(result.total.high.toFixed(2)).toBe('0.00');
  });
});
