import { test } from 'vitest';
import { loadPolicy } from '../src/policy/load.js';
import { interview, DONE } from '../src/interview/run.js';
import { scripted } from './fixtures/interview/scripted.js';
const policy = loadPolicy();
const paths: Record<string, unknown[]> = {
  bank: ['bank', 'ip', 'yes', '800万', DONE],
  park: ['park', 'demonstration-base', 'city', '2020-03-01', DONE],
  ent: ['enterprise', 'new-energy-vehicles', ['projects'], 'technical-renovation', '2000万', 'no', DONE],
  ent2: ['enterprise', 'new-energy-vehicles', ['projects', 'recognitions'], 'technical-renovation', 'abc', '2000万', 'no', DONE, 'smart-workshop', 'region', '2019-05-01', DONE],
};
for (const [name, script] of Object.entries(paths)) test(name, async () => {
  const { prompts, log } = scripted(script as never);
  try {
    const r = await interview(policy, { lang: 'zh', asOf: '2020-12-31', save: '/tmp/客户.yaml' }, prompts);
    console.log(r.yaml);
  } finally {
    console.log(log.map((e) => `${e.kind} | ${e.message} | ${e.choices?.map((c) => c.value).join(',') ?? ''} => ${JSON.stringify(e.answer)} ${e.rejected.map((x) => x.message).join(';')}`).join('\n'));
  }
});
