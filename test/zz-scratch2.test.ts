import { it } from 'vitest';
import { Chalk } from 'chalk';
import { loadPolicy } from '../src/policy/load.js';
import { renderItemsTable } from '../src/report/items.js';
it('x', () => {
  const policy = loadPolicy();
  for (const w of (process.env.W ?? '80').split(',').map(Number)) console.log(renderItemsTable(policy, { lang: (process.env.L ?? 'zh') as 'zh', unit: 'wan', chalk: new Chalk({ level: 0 }), width: w }));
});
