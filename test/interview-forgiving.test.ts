import { describe, expect, test } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import { DONE, interview, UNKNOWN } from '../src/interview/run.js';
import { loadPolicy } from '../src/policy/load.js';
import { type Answer, BACK, scripted } from './fixtures/interview/scripted.js';
import { amount, item } from './helpers/load.js';

// An interview that forgives: back to the previous question (through lists and entries), and
// "not sure" in the checklist of lists.

const liuzhou = loadPolicy();
const AS_OF = '2020-12-31';

async function run(script: Answer[], lang: 'zh' | 'en' = 'zh') {
  const { prompts, log, said } = scripted(script);
  const r = await interview(liuzhou, { lang, asOf: AS_OF }, prompts);
  return { ...r, log, said, result: evaluate(liuzhou, r.case, { asOf: AS_OF }), paths: r.asked.map((a) => a.path) };
}

describe('"don\'t know" hides nothing that would matter if it turned out favourable', () => {
  test('"don\'t know" leaves the item undetermined and is not asked again, but what it would need if favourable is asked, and what it would give said', async () => {
    const { paths, result, log, said } = await run(['', 'bank', 'ip', '', UNKNOWN, '2019-05-01', '800万', DONE]);
    expect(paths).toEqual([
      'name',
      'kind',
      'pledge_financing[0].collateral',
      'pledge_financing[0].name',
      'pledge_financing[0].borrower_sei',
      'pledge_financing[0].loan_date',
      // Were the borrower in a strategic emerging industry, the amount would decide the reward.
      'pledge_financing[0].approved_amount',
      'pledge_financing[1].collateral',
    ]);
    expect(log[6]?.message).toBe('质押融资 1 · 审核确认的质押融资总额（若“借款企业属于战略性新兴产业”为“是”才用到；元，可写 3500万、1.2亿 或 3,000,000；不清楚可留空；输入 < 回到上一题）');
    expect(item(result, 'bank-ip-pledge').status).toBe('cannot-determine');
    expect(item(result, 'bank-ip-pledge').missing).toEqual(['pledge_financing[0].borrower_sei']);
    // 1% of 800万 is 8万, under the 10万 cap (（三十二）), if the borrower qualifies.
    expect(said).toEqual(['取决于答“不清楚”的问题：\n  • 若“借款企业属于战略性新兴产业”为“是”，（三十二）银行知识产权质押融资奖励 · 质押融资 1：8万']);
  });

  test('"don\'t know" for the industry still asks the investment, and says what the project subsidy would be if the industry is in scope', async () => {
    const { paths, result, said } = await run(
      ['', 'enterprise', UNKNOWN, 'some', ['projects'], 'technical-renovation', '', '2019-05-01', '2000万', 'no', DONE],
      'en',
    );
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
    ]);
    // The estimate itself does not assume: the item waits for the industry.
    expect(item(result, 'project-investment').status).toBe('cannot-determine');
    expect(item(result, 'project-investment').missing).toEqual(['industry']);
    expect(result.total.high.toFixed(2)).toBe('0.00');
    // 10%–12% of 2000万 (（二十四）); the items with no amount in the text are named, not dropped.
    expect(said).toEqual([
      [
        'What depends on the answers left as "don\'t know":',
        '  • if the industry qualifies, （二十四）Newly introduced, technical-renovation and new-product industrialisation projects · Project 1: 200万–240万',
        '  • if the industry qualifies, （二十四）Priority for municipal special funds and priority recommendation for national and regional funds: no amount in the text',
        '  • if the industry qualifies, （二十六）Priority support from government investment guidance funds: no amount in the text',
        '  • if the industry qualifies, （三十四）Priority land supply and preferential land price: no amount in the text',
      ].join('\n'),
    ]);
  });
});

describe('back to the previous question', () => {
  test('undoes the last answer and asks it again, the earlier answer offered as the default', async () => {
    const { log, yaml, result, paths } = await run(['', 'bank', 'ip', '', 'yes', '2019-05-01', BACK, '2019-06-01', '800万', DONE]);
    // The first question has nothing before it.
    expect(log[0]?.back).toBeUndefined();
    expect(log[1]?.back).toBe(true);
    const dates = log.filter((e) => e.message.startsWith('质押融资 1 · 贷款（融资）发放日期'));
    expect(dates.map((e) => [e.answer, e.default])).toEqual([
      ['2019-05-01', undefined],
      ['2019-06-01', '2019-05-01'],
    ]);
    // The log shows the "back" given at the amount; the interview's own record has each question once.
    expect(log.filter((e) => e.answer === BACK).map((e) => e.message)).toEqual([
      '质押融资 1 · 审核确认的质押融资总额（元，可写 3500万、1.2亿 或 3,000,000；不清楚可留空；输入 < 回到上一题）',
    ]);
    expect(paths).toEqual(['name', 'kind', 'pledge_financing[0].collateral', 'pledge_financing[0].name', 'pledge_financing[0].borrower_sei', 'pledge_financing[0].loan_date', 'pledge_financing[0].approved_amount', 'pledge_financing[1].collateral']);
    expect(yaml).toContain('loan_date: 2019-06-01');
    expect(amount(result, 'bank-ip-pledge')).toBe('80000.00–80000.00');
  });

  test('back over an entry and a checklist: the list is asked again and answered differently', async () => {
    const { log, yaml, result } = await run([
      '',
      'enterprise',
      'new-energy-vehicles',
      'some',
      ['projects'],
      'technical-renovation',
      BACK, // at the project's name: back to its type
      BACK, // at its type: back to the checklist
      ['recognitions'],
      'smart-workshop',
      '',
      'region',
      '2019-05-01',
      DONE,
    ]);
    const checklists = log.filter((e) => e.kind === 'checklist');
    // Asked again with the earlier states as the default.
    expect(checklists[1]?.default).toMatchObject({ projects: 'have', recognitions: 'none' });
    const type = log.filter((e) => e.message === '项目 1 · 项目类型');
    expect(type.map((e) => [e.answer, e.default])).toEqual([
      ['technical-renovation', undefined],
      [BACK, 'technical-renovation'],
    ]);
    expect(yaml).toContain('projects: []');
    expect(yaml).not.toContain('technical-renovation');
    // A regional demonstration smart workshop: 20万 (（二十九）).
    expect(amount(result, 'smart-manufacturing')).toBe('200000.00–200000.00');
    expect(result.total.high.toFixed(2)).toBe('200000.00');
  });

  test('back is offered at every question after the first, in every kind of prompt', async () => {
    const { log } = await run(['', 'enterprise', 'new-energy-vehicles', 'some', ['projects'], 'technical-renovation', '', '2019-05-01', '2000万', 'no', DONE]);
    expect(log.slice(1).every((e) => e.back === true)).toBe(true);
    expect(new Set(log.slice(1).map((e) => e.kind))).toEqual(new Set(['select', 'checklist', 'input']));
  });
});

describe('"not sure" in the checklist of lists', () => {
  test('a list marked not sure stays unstated (its items say what is missing), never "none"', async () => {
    const { yaml, result, log } = await run(['', 'enterprise', 'new-energy-vehicles', 'some', { projects: 'have', mergers: 'unsure', financing: 'unsure' }, 'technical-renovation', '', '2019-05-01', '2000万', 'no', DONE], 'en');
    expect(log[4]?.message).toBe('Which of these does the applicant have? (space: yes / no / not sure; Enter to confirm)');
    expect(yaml).toContain('recognitions: []');
    expect(yaml).not.toMatch(/^(mergers|financing):/m);
    expect(item(result, 'merger').status).toBe('cannot-determine');
    expect(item(result, 'merger').missing).toEqual(['mergers']);
    expect(item(result, 'ipo').missing).toEqual(['financing']);
    // The lists stated "none" rule their items out.
    expect(item(result, 'smart-factory').status).toBe('does-not-apply');
    expect(amount(result, 'project-investment')).toBe('2000000.00–2400000.00');
  });
});

describe('the question about lists names the applicant\'s own lists', () => {
  test('a talent team is asked about R&D institutions and talent, not projects or mergers', async () => {
    const { log } = await run(['', 'talent-team', 'none']);
    expect(log[2]?.message).toBe('申请单位有没有下列情况：研发机构、人才（团队）？');
  });

  test('an enterprise: the first four, then 等 / …', async () => {
    expect((await run(['', 'enterprise', 'new-energy-vehicles', 'none'])).log[3]?.message).toBe('申请单位有没有下列情况：项目、认定、兼并重组、平台等？');
    expect((await run(['', 'enterprise', 'new-energy-vehicles', 'none'], 'en')).log[3]?.message).toBe('Does the applicant have any of these: project, recognition, merger, platform …?');
  });
});
