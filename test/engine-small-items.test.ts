import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../src/policy/load.js';
import { parseMoney } from '../src/values/money.js';
import { cli } from './helpers/cli.js';

// Issue 20's small items: 1万亿 is the documented limit and is accepted as written; the military
// certificates say 5万 each; the window-start reading names both clauses it governs.

const policy = loadPolicy();

describe('1万亿, the documented limit', () => {
  it('is accepted as written, and anything above it is refused naming what was written', () => {
    for (const text of ['1万亿', '1万亿元', '10000亿', '0.5万亿']) {
      const r = parseMoney(text);
      expect(r.ok, text).toBe(true);
      if (r.ok) expect(r.value.toFixed(2), text).toBe(text === '0.5万亿' ? '500000000000.00' : '1000000000000.00');
    }
    expect(parseMoney('2万亿')).toEqual({ ok: false, message: '"2万亿" is more than 1万亿 yuan: check the unit (万 vs 亿 vs 元)', zh: '“2万亿”超过 1万亿元：请检查单位（万、亿还是元）' });
    expect(parseMoney('1.00000000000001万亿').ok).toBe(false);
  });
});

describe('the small items of issue 20', () => {
  it('window-start is labelled with both clauses it governs', () => {
    expect(policy.readings.find((r) => r.id === 'window-start')?.clause).toBe('（二十八）（二十九）');
  });

  it('the military certificates show 5万 each certificate, in both languages', async () => {
    const run = async (lang: string) => (await cli(['items', '--lang', lang, '--format', 'markdown'])).stdout.split('\n').find((l) => l.includes('military-certificates'));
    expect(await run('en')).toContain('| 5万 each certificate |');
    expect(await run('zh')).toContain('| 每种证书5万 |');
  });
});

describe('earned so far, beside the whole window', () => {
  it('a platform with a year after the as-of date shows what the years begun by then pay', async () => {
    const { loadCase } = await import('../src/case/load.js');
    const { evaluate } = await import('../src/engine/evaluate.js');
    const c = loadCase('examples/smart-factory.yaml', policy);
    // Years from 2019-04-01, 2020-04-01 (begun by 2020-12-31) and 2021-04-01: 320万×20% = 64万 → 50万 a year.
    for (const trace of [true, false]) {
      const line = evaluate(policy, c, { asOf: '2020-12-31', trace }).items.find((i) => i.id === 'it-platform')?.lines[0];
      expect([line?.amount?.high.toFixed(2), line?.earned?.low.toFixed(2), line?.earned?.high.toFixed(2)]).toEqual(['1500000.00', '1000000.00', '1000000.00']);
      // At the end of the window nothing is still to come: no separate figure.
      expect(evaluate(policy, c, { asOf: '2022-12-31', trace }).items.find((i) => i.id === 'it-platform')?.lines[0]?.earned).toBeUndefined();
    }
    const table = (await cli(['estimate', 'examples/smart-factory.yaml', '--as-of', '2020-12-31', '--lang', 'en', '--width', '80'])).stdout;
    expect(table).toContain('50万/yr × 3 = 150万 (100万 due by the as-of date)');
    const zh = (await cli(['estimate', 'examples/smart-factory.yaml', '--as-of', '2020-12-31', '--lang', 'zh', '--format', 'markdown'])).stdout;
    expect(zh).toContain('50万/年 × 3 = 150万（截至评估日期已到期 100万）');
  });
});
