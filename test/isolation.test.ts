import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parse, stringify } from 'yaml';
import { readTestFile, runTestFile } from '../src/authoring/cases.js';
import { runYamlBatch } from '../src/batch/run.js';
import { loadPolicy } from '../src/policy/load.js';
import { Capture, ROOT } from './helpers/cli.js';

// An input the engine cannot take (here: an engine that throws for one applicant, as a bug would)
// fails alone: its batch row or its test case says so, and every other row or case still runs.
vi.mock('../src/engine/evaluate.js', async (original) => {
  const real = await original<typeof import('../src/engine/evaluate.js')>();
  return {
    ...real,
    evaluate: (...args: Parameters<typeof real.evaluate>) => {
      if (args[1].facts.name === 'boom') throw new Error('a bug in the engine\n    at somewhere (x.ts:1:1)');
      return real.evaluate(...args);
    },
  };
});

const GOOD = 'name: 柳州某公司\nkind: enterprise\nindustry: new-materials\nprojects:\n  - type: technical-renovation\n    date: 2019-05-01\n    plant_equipment_investment: 1000万\n';

describe('one input the engine cannot take', () => {
  it('is its batch row\'s error; the files after it are still estimated', async () => {
    const out = new Capture();
    const summary = await runYamlBatch({
      policy: loadPolicy(), out, format: 'jsonl', lang: 'en', bom: false, asOf: '2020-12-31',
      files: [{ name: 'a.yaml', text: GOOD }, { name: 'boom.yaml', text: 'name: boom\nkind: enterprise\n' }, { name: 'c.yaml', text: GOOD }],
    });
    const rows = out.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.row, r.status, r.total?.low ?? null, r.error ?? null])).toEqual([
      [1, 'applies', '1000000.00', null],
      [2, 'invalid', null, 'boom.yaml: could not be evaluated: a bug in the engine (an unexpected failure: please report it)'],
      [3, 'applies', '1000000.00', null],
    ]);
    expect([summary.valid, summary.invalid]).toEqual([2, 1]);
  });

  it('is its test case\'s failure; the other cases still pass', () => {
    const dir = mkdtempSync(join(tmpdir(), 'isolation-'));
    const file = join(dir, 'x.test.yaml');
    // The shipped case for examples/outside-strategic-industries.yaml, with an engine-breaking case before it.
    const shipped = parse(readFileSync(join(ROOT, 'policies/liuzhou-2018-sei.test.yaml'), 'utf8'));
    const outside = shipped.cases.find((c: { name: string }) => c.name === 'outside-strategic-industries');
    outside.case = join(ROOT, 'examples/outside-strategic-industries.yaml');
    const boom = { name: 'boom', case: { name: 'boom', kind: 'enterprise' }, expect: { total: 0 } };
    writeFileSync(file, stringify({ policy: join(ROOT, 'policies/liuzhou-2018-sei.yaml'), as_of: '2020-12-31', cases: [boom, outside] }));
    const run = runTestFile(readTestFile(file));
    expect(run.cases.map((c) => [c.name, c.passed, c.problems])).toEqual([
      ['boom', false, ['could not be evaluated: a bug in the engine (an unexpected failure: please report it)']],
      ['outside-strategic-industries', true, []],
    ]);
  });
});
