import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import { ALREADY_RECOGNISED, SAME_THING } from '../src/engine/levels.js';
import { loadPolicy } from '../src/policy/load.js';
import { caseFrom, item } from './helpers/load.js';

// One recognition, one award per level (issue 20): a thing already recognised at a level cannot
// be 新认定 there again, so a second entry of the same thing at the same level is paid nothing
// under every levels reading, and says why. Both orders of the entries, with and without names,
// for workshops, factories and design centres; both evaluation paths, to the fen.

const policy = loadPolicy();
const KINDS = [
  { type: 'smart-workshop', level: 'region', item: 'smart-manufacturing', fen: '200000.00' },
  { type: 'smart-factory', level: 'national', item: 'smart-factory', fen: '500000.00' },
  { type: 'industrial-design-centre', level: 'region', item: 'industrial-design-centre', fen: '300000.00' },
] as const;
const READINGS = ['each', 'highest', 'difference'] as const;

function caseOf(type: string, entries: { level: string; date: string; name?: string }[]) {
  const lines = entries.map((e) => `  - { type: ${type}, level: ${e.level}, date: ${e.date}${e.name ? `, name: ${e.name}` : ''} }`);
  return caseFrom(policy, `name: e\nkind: enterprise\nindustry: urban-rail\nrecognitions:\n${lines.join('\n')}\n`);
}

function both(c: ReturnType<typeof caseOf>, levels: string) {
  const options = { asOf: '2020-12-31', readings: { levels } };
  return { decimal: evaluate(policy, c, { ...options, trace: true }), quick: evaluate(policy, c, { ...options, trace: false }) };
}

describe('the same thing recognised twice at the same level is paid once', () => {
  for (const k of KINDS) {
    for (const named of [true, false]) {
      for (const order of ['earlier first', 'later first'] as const) {
        for (const levels of READINGS) {
          it(`${k.type}, ${named ? 'named' : 'unnamed'}, ${order}, levels=${levels}`, () => {
            const first = { level: k.level, date: '2018-05-01', ...(named ? { name: '一号车间' } : {}) };
            const again = { level: k.level, date: '2020-05-01', ...(named ? { name: '一号车间' } : {}) };
            const entries = order === 'earlier first' ? [first, again] : [again, first];
            const { decimal, quick } = both(caseOf(k.type, entries), levels);
            for (const r of [decimal, quick]) {
              const it = item(r, k.item);
              expect(it.amount?.low.toFixed(2)).toBe(k.fen);
              expect(it.amount?.high.toFixed(2)).toBe(k.fen);
              expect(r.total.high.toFixed(2)).toBe(k.fen);
              // Unnamed entries are one thing only by the stated assumption.
              expect(it.assumptions.some((a) => a.zh === SAME_THING.zh)).toBe(!named);
            }
            // The later entry (2020) is listed, at 0, with the reason.
            const lines = item(decimal, k.item).lines;
            const later = lines[order === 'earlier first' ? 1 : 0];
            const earlier = lines[order === 'earlier first' ? 0 : 1];
            expect(later?.amount?.high.toFixed(2)).toBe('0.00');
            expect(later?.caps.map((s) => [s.scope, s.label?.en, s.before.high.toFixed(2), s.after.high.toFixed(2)])).toEqual([['levels', ALREADY_RECOGNISED.en, k.fen, '0.00']]);
            expect(earlier?.amount?.high.toFixed(2)).toBe(k.fen);
            expect(earlier?.caps).toEqual([]);
          });
        }
      }
    }
  }

  it('two different things at the same level are each paid; one thing at two levels is paid per the levels reading', () => {
    const two = caseOf('smart-workshop', [
      { level: 'city', date: '2018-05-01', name: 'A' },
      { level: 'city', date: '2019-05-01', name: 'B' },
    ]);
    for (const levels of READINGS) expect(both(two, levels).quick.total.high.toFixed(2), levels).toBe('200000.00');
    // A at city (10万), at region (20万), then at city again (a repeat): each 30万, highest 20万, difference 10万 + 10万 = 20万.
    const upgraded = caseOf('smart-workshop', [
      { level: 'city', date: '2018-05-01', name: 'A' },
      { level: 'region', date: '2019-05-01', name: 'A' },
      { level: 'city', date: '2020-05-01', name: 'A' },
    ]);
    const expected = { each: '300000.00', highest: '200000.00', difference: '200000.00' };
    for (const levels of READINGS) {
      const { decimal, quick } = both(upgraded, levels);
      expect(decimal.total.high.toFixed(2), levels).toBe(expected[levels]);
      expect(quick.total.high.toFixed(2), levels).toBe(expected[levels]);
      expect(item(decimal, 'smart-manufacturing').lines[2]?.caps[0]?.label).toEqual(ALREADY_RECOGNISED);
    }
  });
});

describe('the estimate lists the repeat with its reason', () => {
  it('in the cap column and among the notes, in both languages', async () => {
    const { cli } = await import('./helpers/cli.js');
    const { writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const file = `${tmpdir()}/test-repeat-${process.pid}.yaml`;
    writeFileSync(file, 'name: e\nkind: enterprise\nindustry: urban-rail\nrecognitions:\n  - { name: 一号车间, type: smart-workshop, level: region, date: 2018-05-01 }\n  - { name: 一号车间, type: smart-workshop, level: region, date: 2020-05-01 }\n');
    try {
      const zh = (await cli(['estimate', file, '--as-of', '2020-12-31', '--lang', 'zh', '--format', 'markdown'])).stdout;
      expect(zh).toContain('| （二十九） | 智能制造示范试点、示范智能车间奖励：一号车间 | — | 定额 | 同级已奖励 | 0万 |');
      expect(zh).toContain(`- （二十九） 智能制造示范试点、示范智能车间奖励：一号车间 2020-05-01：${ALREADY_RECOGNISED.zh}`);
      expect(zh).toContain('| **合计** | | | | | **20万** |');
      const en = (await cli(['estimate', file, '--as-of', '2020-12-31', '--lang', 'en', '--format', 'markdown'])).stdout;
      expect(en).toContain(`- （二十九） Smart-manufacturing pilot and demonstration smart workshop awards: 一号车间 2020-05-01: ${ALREADY_RECOGNISED.en}`);
    } finally {
      rmSync(file, { force: true });
    }
  });
});
