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
