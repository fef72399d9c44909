import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseCase } from '../src/case/load.js';
import { evaluate } from '../src/engine/evaluate.js';
import { answersFromFile, offerToKeep, suggestPath, worthKeeping } from '../src/interview/keep.js';
import { DONE, InterviewCancelled, interview } from '../src/interview/run.js';
import { loadPolicy } from '../src/policy/load.js';
import { CANCEL, scripted } from './fixtures/interview/scripted.js';
import { cli } from './helpers/cli.js';

// Ctrl-C keeps what was answered, if asked to: a project file that `subsidy estimate FILE` reads
// and `subsidy estimate FILE --interview` takes up again, asking only what is still open.

const liuzhou = loadPolicy();
const AS_OF = '2020-12-31';

async function cancelled(script: Parameters<typeof scripted>[0]): Promise<InterviewCancelled> {
  const { prompts } = scripted(script);
  const e = await interview(liuzhou, { lang: 'zh', asOf: AS_OF }, prompts).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(InterviewCancelled);
  return e as InterviewCancelled;
}

describe('keeping the answers on Ctrl-C', () => {
  test('the answers so far travel with the cancellation, an entry in progress included', async () => {
    const e = await cancelled(['大华银行', 'bank', 'ip', '', 'yes', CANCEL]);
    expect(e.answered).toBe(5);
    expect(e.answers).toEqual({ facts: { name: '大华银行', kind: 'bank' }, lists: { pledge_financing: [{ collateral: 'ip', borrower_sei: true }] } });
    expect(worthKeeping(liuzhou, e)).toBe(true);
    // Before the applicant's kind, there is nothing a project file could hold.
    expect(worthKeeping(liuzhou, await cancelled(['大华银行', CANCEL]))).toBe(false);
  });

  test('kept at a free name, read by estimate FILE, and taken up again asking only what is open', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-keep-'));
    writeFileSync(join(dir, '大华银行.yaml'), 'kind: park\n'); // a file of that name already: never replaced
    const e = await cancelled(['大华银行', 'bank', 'ip', '', 'yes', CANCEL]);
    const display = suggestPath(dir, e.answers);
    expect(display).toBe('大华银行-2.yaml');
    const { prompts, log, said } = scripted(['keep']);
    const path = join(dir, display);
    expect(await offerToKeep(liuzhou, e, { lang: 'zh', asOf: AS_OF, prompts, target: { path, display, option: '--save' } })).toBe(path);
    expect(log[0]?.message).toBe('问答已中断。保留已回答的内容吗？');
    expect(log[0]?.choices?.map((c) => c.name)).toEqual(['保存到 大华银行-2.yaml', '不保存']);
    expect(said).toEqual(['已保存到 大华银行-2.yaml。继续问答：subsidy estimate 大华银行-2.yaml --interview']);
    expect(readFileSync(join(dir, '大华银行.yaml'), 'utf8')).toBe('kind: park\n');
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(
      [
        '# Answers from the subsidy estimate interview (policy liuzhou-2018-sei).',
        '# Unfinished (stopped with Ctrl-C). Go on with: subsidy estimate FILE --interview',
        '# Reproduce the estimate with: subsidy estimate FILE --as-of 2020-12-31',
        '',
        'policy: liuzhou-2018-sei',
        'name: 大华银行',
        'kind: bank',
        'pledge_financing:',
        '  - collateral: ip',
        '    borrower_sei: true',
        '',
      ].join('\n'),
    );
    // estimate FILE reads it: the reward waits for the loan's date and amount.
    const run = await cli(['estimate', path, '--format', 'json', '--as-of', AS_OF]);
    expect(run.status).toBe(0);
    const bank = JSON.parse(run.stdout).items.find((i: { id: string }) => i.id === 'bank-ip-pledge');
    expect(bank.status).toBe('cannot-determine');
    // Taken up again: the name, kind, collateral and borrower are not asked again.
    const c = parseCase(text, liuzhou, display).case;
    if (!c) throw new Error('unreadable');
    const again = scripted(['2019-05-01', '800万', DONE]);
    const resumed = await interview(liuzhou, { lang: 'zh', asOf: AS_OF, start: answersFromFile(liuzhou, text, c) }, again.prompts);
    expect(resumed.asked.map((a) => a.path)).toEqual(['pledge_financing[0].loan_date', 'pledge_financing[0].approved_amount', 'pledge_financing[1].collateral']);
    // 1% of 800万 (（三十二）).
    expect(evaluate(liuzhou, resumed.case, { asOf: AS_OF }).total.high.toFixed(2)).toBe('80000.00');
    expect(resumed.yaml).toContain('approved_amount: 800万');
    expect(resumed.yaml).not.toContain('Unfinished');
  });

  test('a name with a space: the command to go on is quoted for the shell', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-keep-'));
    const e = await cancelled(['Liuzhou Battery Co', 'enterprise', CANCEL]);
    const display = suggestPath(dir, e.answers);
    expect(display).toBe('Liuzhou Battery Co.yaml');
    const { prompts, said } = scripted(['keep']);
    await offerToKeep(liuzhou, e, { lang: 'en', prompts, target: { path: join(dir, display), display, option: '--save' } });
    expect(said).toEqual(["Saved to Liuzhou Battery Co.yaml. To go on with the interview: subsidy estimate 'Liuzhou Battery Co.yaml' --interview"]);
    expect(suggestPath(dir, { facts: { name: 'a/b' }, lists: {} })).toBe('interview-answers.yaml');
  });

  test('"discard" and a second Ctrl-C write nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interview-keep-'));
    const e = await cancelled(['', 'bank', CANCEL]);
    const target = { path: join(dir, 'x.yaml'), display: 'x.yaml', option: '--save' };
    expect(await offerToKeep(liuzhou, e, { lang: 'en', prompts: scripted(['drop']).prompts, target })).toBeUndefined();
    expect(await offerToKeep(liuzhou, e, { lang: 'en', prompts: scripted([CANCEL]).prompts, target })).toBeUndefined();
    expect(readdirSync(dir)).toEqual([]);
  });

  test('a file taken up again keeps the notation written (3500万, 2019年5月1日), and its lists go on where they stopped', async () => {
    const text = 'name: 柳州某电池公司\nkind: enterprise\nindustry: new-energy-vehicles\nprojects:\n  - type: technical-renovation\n    date: 2019年5月1日\n    plant_equipment_investment: 2000万\n';
    const c = parseCase(text, liuzhou, 'x.yaml').case;
    if (!c) throw new Error('unreadable');
    const start = answersFromFile(liuzhou, text, c);
    expect(start.lists.projects).toEqual([{ type: 'technical-renovation', date: '2019年5月1日', plant_equipment_investment: '2000万' }]);
    const { prompts } = scripted(['no', DONE, 'none']);
    const r = await interview(liuzhou, { lang: 'en', asOf: AS_OF, start }, prompts);
    expect(r.asked.map((a) => a.path)).toEqual(['projects[0].higher_level_funding', 'projects[1].type', 'recognitions|mergers|platform|design_outsourcing|pledge_financing|financing|talent']);
    expect(evaluate(liuzhou, r.case, { asOf: AS_OF }).total.high.toFixed(2)).toBe('2400000.00');
  });

  test('estimate FILE --interview --save FILE is refused: the file taken up is never written over', async () => {
    const r = await cli(['estimate', 'examples/bank.yaml', '--interview', '--save', 'examples/bank.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/examples\/bank\.yaml.*(same file|input)/);
  });

  test('estimate FILE --interview needs a terminal', async () => {
    const r = await cli(['estimate', 'examples/bank.yaml', '--interview']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error  --interview: the questions are asked on a terminal, and standard input is not one: run it in a terminal with a file, or leave out --interview to estimate examples/bank.yaml as it is\n');
  });
});
