import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { Capture, ROOT } from '../helpers/cli.js';

// `estimate --save FILE` says where it wrote the answers. The interview itself is tested through a
// real terminal (test/interview-e2e.test.ts); here it is replaced by one that answers as the bank
// example does, so that what the command says after it is pinned exactly.
const bank = readFileSync(join(ROOT, 'examples/bank.yaml'), 'utf8');
vi.mock('../../src/interview/run.js', async () => {
  const { parseCase } = await import('../../src/case/load.js');
  const { loadPolicy } = await import('../../src/policy/load.js');
  return {
    InterviewCancelled: class extends Error {},
    interview: async () => ({ case: parseCase(bank, loadPolicy(), 'bank.yaml').case, yaml: `# saved by the interview\n${bank}` }),
  };
});
vi.mock('../../src/interview/prompts.js', () => ({ terminalPrompts: () => ({}) }));

async function run(args: string[], cwd: string) {
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = Object.assign(Readable.from([]), { isTTY: true });
  const status = await main(args, { stdout, stderr, stdin, env: { LANG: 'C', NO_COLOR: '1' }, cwd });
  return { status, stdout: stdout.text, stderr: stderr.text };
}

describe('estimate --save', () => {
  it('says the path it wrote, and how to run it again (en, zh)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'save-'));
    const en = await run(['estimate', '--save', 'bank-answers.yaml', '--as-of', '2020-12-31', '--lang', 'en'], dir);
    expect(en.status).toBe(0);
    expect(en.stderr).toBe('answers saved to bank-answers.yaml (to estimate again: subsidy estimate bank-answers.yaml)\n');
    expect(readFileSync(join(dir, 'bank-answers.yaml'), 'utf8')).toBe(`# saved by the interview\n${bank}`);
    expect(en.stdout).toMatch(/Total +│? +33万/);
    const zh = await run(['estimate', '--save', join(dir, '大华银行.yaml'), '--lang', 'zh'], ROOT);
    expect(zh.stderr).toBe(`回答已保存到 ${join(dir, '大华银行.yaml')}（再次估算：subsidy estimate ${join(dir, '大华银行.yaml')}）\n`);
  });
});
