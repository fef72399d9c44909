import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../src/case/load.js';
import { evaluate } from '../src/engine/evaluate.js';
import { compareReadings, quotableOf } from '../src/engine/readings.js';
import { loadPolicy } from '../src/policy/load.js';
import { cli } from './helpers/cli.js';

// The range a consultant can quote (issue 20): the lowest low and highest high of the total over
// every combination of the readings that change the case, beside the default total in every output.

const policy = loadPolicy();
const AS_OF = '2020-12-31';

describe('the quotable range', () => {
  it('spans every combination, not each reading alone', () => {
    // An SEI enterprise: a renovation 350万–400万 (the 400万 cap), and two workshops without names at
    // two levels, taken as one thing: levels=each 20万 + 10万, highest 20万, difference 20万.
    // scope=whole-fund changes nothing (it is an SEI); the lowest is 350万 + 20万 = 370万.
    const c = loadCase('examples/ev-battery-renovation.yaml', policy);
    const r = evaluate(policy, c, { asOf: AS_OF });
    compareReadings(policy, c, r);
    expect([r.total.low.toFixed(2), r.total.high.toFixed(2)]).toEqual(['3800000.00', '4300000.00']);
    expect([r.quotable?.low.toFixed(2), r.quotable?.high.toFixed(2), r.quotable?.readings]).toEqual(['3700000.00', '4300000.00', ['levels']]);
    // Without comparing first (as a batch does), the same range.
    const q = quotableOf(policy, c, evaluate(policy, c, { asOf: AS_OF, trace: false }));
    expect([q.low.toFixed(2), q.high.toFixed(2)]).toEqual(['3700000.00', '4300000.00']);
  });

  it('outside the SEI: the city workshop (10万) is paid under literal, not under whole-fund', () => {
    const c = loadCase('examples/outside-strategic-industries.yaml', policy);
    const r = evaluate(policy, c, { asOf: AS_OF });
    compareReadings(policy, c, r);
    expect([r.quotable?.low.toFixed(2), r.quotable?.high.toFixed(2)]).toEqual(['0.00', '100000.00']);
  });

  it('is in the table, Markdown and JSON (as decimal strings)', async () => {
    const table = (await cli(['estimate', 'examples/ev-battery-renovation.yaml', '--as-of', AS_OF, '--lang', 'en'])).stdout;
    expect(table).toContain('Total       380万–430万\nRange to quote: 370万–430万 (across every reading: levels)\n');
    const md = (await cli(['estimate', 'examples/ev-battery-renovation.yaml', '--as-of', AS_OF, '--lang', 'zh', '--format', 'markdown'])).stdout;
    expect(md).toContain('| **合计** | | | | | **380万–430万** |\n\n**可报区间**：**370万–430万**（涵盖各种理解：levels）\n');
    const json = JSON.parse((await cli(['estimate', 'examples/ev-battery-renovation.yaml', '--as-of', AS_OF, '--format', 'json'])).stdout);
    expect(json.quotable).toEqual({ low: '3700000.00', high: '4300000.00', readings: ['levels'], combinations: 3 });
    const page = (await cli(['estimate', 'examples/ev-battery-renovation.yaml', '--as-of', AS_OF, '--format', 'html', '--lang', 'en'])).stdout;
    expect(page).toContain('<div class="unit" id="quotable">Range to quote: <strong>370万–430万</strong> (across every reading: levels)</div>');
  });

  it('the batch summary adds up each applicant’s range', async () => {
    // ev-battery 370万–430万 (total 380万–430万) + outside the SEI 0–10万 (total 10万) → 370万–440万.
    const out = join(tmpdir(), `quotable-${process.pid}.json`);
    try {
      const r = await cli(['batch', 'examples/ev-battery-renovation.yaml', 'examples/outside-strategic-industries.yaml', '--as-of', AS_OF, '--lang', 'en', '-o', out]);
      expect(r.status).toBe(0);
      expect(r.stderr).toContain('total: 390万–440万\nrange to quote (across every reading): 370万–440万\n');
      readFileSync(out, 'utf8');
    } finally {
      rmSync(out, { force: true });
    }
  });
});
