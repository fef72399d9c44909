import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/main.js';
import { cli } from './helpers/cli.js';

// --lang is accepted by every command, and what a command says to people is then in that language.

describe('--lang on every command', () => {
  const runs: [string, string[]][] = [
    ['estimate', ['estimate', 'examples/park.yaml', '--as-of', '2020-12-31']],
    ['explain', ['explain', 'examples/park.yaml', '--as-of', '2020-12-31']],
    ['items', ['items']],
    ['batch', ['batch', 'examples/bank.yaml']],
    ['template', ['template', 'yaml']],
    ['schema', ['schema', 'project']],
    ['policy check', ['policy', 'check']],
    ['policy test', ['policy', 'test', '--filter', 'bank']],
    ['policy diff', ['policy', 'diff', 'policies/liuzhou-2018-sei.yaml', 'policies/liuzhou-2018-sei.yaml', '--cases', 'examples']],
  ];

  it('the list covers every command (serve runs until stopped: its --lang is tested below)', () => {
    const named = new Set([...runs.map(([n]) => n.split(' ')[0]), 'serve']);
    for (const c of COMMANDS) expect(named, c.name).toContain(c.name);
  });

  for (const [name, args] of runs) {
    for (const lang of ['zh', 'en']) {
      it(`${name} --lang ${lang} runs`, async () => {
        const r = await cli([...args, '--lang', lang]);
        expect(r.stderr).not.toMatch(/unknown option|未知选项/);
        expect(r.status, r.stderr).toBe(0);
      });
    }
  }

  it('serve --lang zh says a port in use in Chinese (exit 2)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const zh = await cli(['serve', '--port', String(port), '--lang', 'zh']);
      expect(zh.status).toBe(2);
      expect(zh.stderr).toContain(`端口 ${port} 已被占用：请用 --port 换一个`);
      const en = await cli(['serve', '--port', String(port), '--lang', 'en']);
      expect(en.stderr).toContain(`port ${port} is in use: choose another with --port`);
    } finally {
      taken.close();
    }
  });

  it('policy check and policy test speak Chinese with --lang zh', async () => {
    const check = await cli(['policy', 'check', '--lang', 'zh']);
    expect(check.stdout).toMatch(/^policies\/liuzhou-2018-sei\.yaml：0 个错误，\d+ 个警告$/m);
    const test = await cli(['policy', 'test', '--filter', 'bank', '--lang', 'zh']);
    expect(test.stdout).toMatch(/^policies\/liuzhou-2018-sei\.test\.yaml（政策 policies\/liuzhou-2018-sei\.yaml）$/m);
    expect(test.stdout).toMatch(/\n通过 \d+ 个，失败 0 个\n$/);
    const none = await cli(['policy', 'test', '--filter', 'no-such-case', '--lang', 'zh']);
    expect(none.stderr).toBe('没有名称包含“no-such-case”的测试用例\n');
    expect(none.status).toBe(1);
  });

  it('--lang anywhere: before the command, after help, as --lang=zh', async () => {
    const before = await cli(['--lang', 'zh', 'items']);
    expect(before.status).toBe(0);
    expect(before.stdout).toBe((await cli(['items', '--lang', 'zh'])).stdout);
    const help = await cli(['help', 'estimate', '--lang', 'zh']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^用法： subsidy estimate \[选项\] \[file\]\n/);
    expect((await cli(['--lang=zh', 'policy', 'check'])).stdout).toMatch(/：0 个错误，\d+ 个警告\n$/);
    // A wrong value is still refused, by the command that takes it.
    expect((await cli(['estimate', '--lang', 'fr', 'examples/bank.yaml'])).stderr).toBe("error: option '--lang <lang>' argument 'fr' is invalid. Allowed choices are zh, en.\n(run with --help for usage)\n");
  });

  it('a bare --lang before the command lacks its value: said so, not the file taken for a command', async () => {
    const missing = "error: option '--lang <lang>' argument missing\n(run with --help for usage)\n";
    const r = await cli(['--lang', 'estimate', 'examples/bank.yaml']);
    expect(r.stderr).toBe(missing);
    expect(r.status).toBe(2);
    expect((await cli(['--lang', 'items'])).stderr).toBe(missing);
    expect((await cli(['--lang', 'help', 'items'])).status).toBe(0);
  });
});
