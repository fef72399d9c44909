import { it } from 'vitest';
import { DONE, interview, UNKNOWN } from '../src/interview/run.js';
import { loadPolicy } from '../src/policy/load.js';
import { scripted } from './fixtures/interview/scripted.js';
const liuzhou = loadPolicy();
async function probe(script: (string | string[])[]) {
  const { prompts, log } = scripted(script);
  try { const r = await interview(liuzhou, { lang: 'zh', asOf: '2020-12-31' }, prompts); console.log('OK', r.asked.map((a) => a.path).join(' | ')); }
  catch (e) { console.log('STOP', (e as Error).message.slice(0, 60), '| asked:', log.map((l) => l.message.slice(0, 30)).join(' | ')); }
}
it('probe', async () => {
  await probe(['bank', 'ip', UNKNOWN, '2019-05-01', DONE]);
  await probe(['research-institution', 'public-rd', 'no', '2019-06-01', 'yes', '100万', DONE]);
  await probe(['research-institution', 'public-rd', 'no', 'yes', '2019-06-01', '100万', DONE]);
  await probe(['testing-institution', '2019-01-01', ['projects'], 'testing-institution-setup', '300万', DONE]);
});
