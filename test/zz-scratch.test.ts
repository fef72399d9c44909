import { it } from 'vitest';
import { Chalk } from 'chalk';
import { loadCase } from '../src/case/load.js';
import { evaluate } from '../src/engine/evaluate.js';
import { findOpportunities } from '../src/engine/opportunities.js';
import { loadPolicy } from '../src/policy/load.js';
import { renderTable } from '../src/report/table.js';
it('x', () => {
  const policy = loadPolicy();
  const c = loadCase('examples/' + (process.env.EX ?? 'ev-battery-renovation') + '.yaml', policy);
  const r = evaluate(policy, c, { asOf: '2020-12-31' });
  const o = findOpportunities(policy, c, r);
  for (const w of (process.env.W ?? '80').split(',').map(Number)) console.log(renderTable(r, { lang: (process.env.L ?? 'zh') as 'zh', unit: 'wan', chalk: new Chalk({ level: 0 }), opportunities: o, width: w }));
});
