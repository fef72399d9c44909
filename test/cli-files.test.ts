import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// The file given is not the one meant: a list of projects given to estimate, or a name one typo
// from a file that is there.

describe('estimate given a list of projects', () => {
  it.each(['examples/projects.csv', 'clients.xlsx'])('%s points to batch, before reading it (exit 2)', async (file) => {
    const r = await cli(['estimate', file, '--lang', 'en']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${file}  error  is a list of projects (one row each): run \`subsidy batch ${file}\`; estimate and explain read one project YAML file\n`);
  });

  it('explain says the same, in Chinese', async () => {
    const r = await cli(['explain', 'examples/projects.csv', '--lang', 'zh']);
    expect(r.stderr).toBe('examples/projects.csv  错误  这是项目清单（每行一个项目）：请运行 `subsidy batch examples/projects.csv`；estimate 和 explain 读取单个项目 YAML 文件\n');
  });

  it("a name with a space or a quote is quoted for the shell in the command shown", async () => {
    const r = await cli(['estimate', "client's list.xlsx", '--lang', 'en']);
    expect(r.stderr).toBe("client's list.xlsx  error  is a list of projects (one row each): run `subsidy batch 'client'\\''s list.xlsx'`; estimate and explain read one project YAML file\n");
  });
});

describe('a missing file names the nearest existing one', () => {
  it('estimate examples/bank.yml → examples/bank.yaml', async () => {
    const r = await cli(['estimate', 'examples/bank.yml', '--lang', 'en']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('examples/bank.yml  error  no such file (did you mean "examples/bank.yaml"?)\n');
  });

  it('in Chinese, from the working folder, for batch and --policy too', async () => {
    expect((await cli(['estimate', 'bnak.yaml', '--lang', 'zh'], { cwd: 'examples' })).stderr).toBe('bnak.yaml  错误  没有这个文件（是否想写“bank.yaml”？）\n');
    expect((await cli(['batch', 'examples/projects.cvs', '--lang', 'en'])).stderr).toBe('examples/projects.cvs  error  no such file (did you mean "examples/projects.csv"?)\n');
    expect((await cli(['batch', 'examples/bank.yml', 'examples/park.yaml', '--lang', 'en'])).stderr).toBe('examples/bank.yml  error  no such file (did you mean "examples/bank.yaml"?)\n');
    expect((await cli(['items', '--policy', 'policies/liuzhou-2018-sei.yml', '--lang', 'en'])).stderr).toBe(
      'policies/liuzhou-2018-sei.yml  error  --policy: no such policy file (did you mean "policies/liuzhou-2018-sei.yaml"?)\n',
    );
  });

  it('--policy that is a folder: said in the run\'s language', async () => {
    const r = await cli(['items', '--policy', 'policies/', '--lang', 'zh']);
    expect(r.stderr).toBe('policies/  错误  --policy：这是文件夹：请给出政策文件（policies/x.yaml）或政策 id\n');
    expect(r.status).toBe(2);
  });

  it('nothing near (or no such folder), nothing offered', async () => {
    expect((await cli(['estimate', 'examples/zzzzzz.yaml', '--lang', 'en'])).stderr).toBe('examples/zzzzzz.yaml  error  no such file\n');
    expect((await cli(['estimate', 'nowhere/bank.yaml', '--lang', 'en'])).stderr).toBe('nowhere/bank.yaml  error  no such file\n');
  });
});

describe('an empty file name (an unset shell variable) is said, never taken for stdout or the folder', () => {
  it('template csv -o "", batch "", batch x -o "": exit 2, one line, nothing written to stdout', async () => {
    const t = await cli(['template', 'csv', '-o', '']);
    expect({ status: t.status, stdout: t.stdout, stderr: t.stderr }).toEqual({ status: 2, stdout: '', stderr: 'error  --output: is empty: give a file name, such as projects.csv\n' });
    const b = await cli(['batch', '', '--lang', 'zh']);
    expect({ status: b.status, stdout: b.stdout, stderr: b.stderr }).toEqual({ status: 2, stdout: '', stderr: '错误  batch：文件名为空：请给出 CSV 或 Excel 文件，或项目 YAML 文件\n' });
    const o = await cli(['batch', 'examples/projects.csv', '-o', '']);
    expect(o.status).toBe(2);
    expect(o.stdout).toBe('');
  });
});
