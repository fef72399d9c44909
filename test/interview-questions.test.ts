import { describe, expect, test } from 'vitest';
import { loadPolicy } from '../src/policy/load.js';
import { evaluateFor, ifFavourable, stillOpen, toCase } from '../src/questions/index.js';

// The questions room, as the web form calls it: what is still open, including what a line left
// waiting on a "don't know" would need if that fact turned out favourable.

const liuzhou = loadPolicy();
const opts = { asOf: '2020-12-31' };
const described = (t: ReturnType<typeof stillOpen>[number]) =>
  `${t.kind === 'list' ? t.list.id : t.kind === 'field' ? `${t.list.id}[${t.index}].${t.fact.name}` : t.fact.name}${t.assuming ? ` if ${t.assuming.map((a) => `${a.path}=${a.value}`).join(',')}` : ''}`;

describe('stillOpen with facts left as "don\'t know"', () => {
  const answers = { facts: { kind: 'enterprise' }, lists: { projects: [{ type: 'technical-renovation', date: '2019-05-01' }] } };
  const c = toCase(liuzhou, answers);

  test('without "asked", nothing is assumed: the industry is open, the investment is not', () => {
    const open = stillOpen(liuzhou, c, opts).map(described);
    expect(open).toContain('industry');
    expect(open.some((t) => t.includes('plant_equipment_investment'))).toBe(false);
  });

  test('the industry asked and left unknown: the investment is open, on the assumption of the first industry in scope', () => {
    const open = stillOpen(liuzhou, c, { ...opts, asked: new Set(['industry']) }).map(described);
    expect(open).not.toContain('industry');
    expect(open).toContain('projects[0].plant_equipment_investment if industry=urban-rail');
    // Asked for other reasons too, so not marked as an assumption.
    expect(open).toContain('projects[0].higher_level_funding');
  });

  test('ifFavourable: what the line would give under the assumption, to the fen', () => {
    const withInvestment = toCase(liuzhou, { ...answers, lists: { projects: [{ ...answers.lists.projects[0], plant_equipment_investment: '3500万' }] } });
    const asked = new Set(['industry']);
    const result = evaluateFor(liuzhou, withInvestment, opts);
    const found = ifFavourable(liuzhou, withInvestment, asked, result, (trial) => evaluateFor(liuzhou, trial, opts));
    const project = found.find((h) => h.item === 'project-investment');
    expect(project?.assume).toEqual([{ path: 'industry', value: 'urban-rail' }]);
    expect(project?.status).toBe('applies');
    // 10%–12% of 3500万 = 350万–420万, capped at 400万 per project (（二十四）).
    expect(`${project?.amount?.low.toFixed(2)}–${project?.amount?.high.toFixed(2)}`).toBe('3500000.00–4000000.00');
    // The case itself is untouched: the item still waits for the industry.
    expect(result.items.find((i) => i.id === 'project-investment')?.status).toBe('cannot-determine');
  });

  test('a fact whose every value rules the line out assumes nothing', () => {
    // A renovation dated before the policy: no industry makes it pay.
    const old = toCase(liuzhou, { facts: { kind: 'enterprise' }, lists: { projects: [{ type: 'technical-renovation', date: '2017-05-01' }] } });
    const result = evaluateFor(liuzhou, old, opts);
    const found = ifFavourable(liuzhou, old, new Set(['industry']), result, (trial) => evaluateFor(liuzhou, trial, opts));
    expect(found.find((h) => h.item === 'project-investment')).toBeUndefined();
  });
});

describe('a date left as "don\'t know"', () => {
  test('is tried at the as-of date and the issue date: the investment is still asked, and the subsidy said when the date does not change it', async () => {
    const { interview, DONE } = await import('../src/interview/run.js');
    const { scripted } = await import('./fixtures/interview/scripted.js');
    const { prompts, said } = scripted(['', 'enterprise', 'new-energy-vehicles', 'some', ['projects'], 'technical-renovation', '', '', '2000万', 'no', DONE]);
    const r = await interview(liuzhou, { lang: 'zh', asOf: '2020-12-31' }, prompts);
    expect(r.asked.map((a) => a.path)).toContain('projects[0].plant_equipment_investment');
    expect(r.asked.find((a) => a.path === 'projects[0].plant_equipment_investment')?.message).toContain('若“项目引进或立项日期”符合条件才用到');
    // A one-off subsidy: 10%–12% of 2000万 whatever the date inside the policy's reach.
    expect(said).toEqual(['取决于答“不清楚”的问题：\n  • 若“项目引进或立项日期”符合条件，（二十四）新引进、技术改造、新产品产业化项目补助 · 项目 1：200万–240万']);
  });

  test('ifFavourable names the date assumed', () => {
    const c = toCase(liuzhou, { facts: { kind: 'enterprise', industry: 'new-energy-vehicles' }, lists: { projects: [{ type: 'technical-renovation', plant_equipment_investment: '3500万' }] } });
    const asked = new Set(['projects[0].date']);
    const result = evaluateFor(liuzhou, c, opts);
    const found = ifFavourable(liuzhou, c, asked, result, (trial) => evaluateFor(liuzhou, trial, opts), '2020-12-31');
    const project = found.find((h) => h.item === 'project-investment');
    expect(project?.assume).toEqual([{ path: 'projects[0].date', value: '2020-12-31' }]);
    expect(project?.amountVaries).toBeUndefined();
    expect(`${project?.amount?.low.toFixed(2)}–${project?.amount?.high.toFixed(2)}`).toBe('3500000.00–4000000.00');
  });
});
