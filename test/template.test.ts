import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCase } from '../src/case/load.js';
import { formatProblem } from '../src/errors/problem.js';
import { loadPolicy } from '../src/policy/load.js';
import { cli } from './helpers/cli.js';

const DEMO = 'test/fixtures/policies/demo-city-2024.yaml';
const dir = mkdtempSync(join(tmpdir(), 'template-'));

/** Uncomments every list block of a YAML template (from `# <list>:` to the blank line after it). */
function uncommentLists(text: string): string {
  let inList = false;
  return text
    .split('\n')
    .map((line) => {
      if (/^# [a-z_]+:$/.test(line)) inList = true;
      if (line === '') inList = false;
      return inList ? line.replace(/^# /, '') : line;
    })
    .join('\n');
}

describe('subsidy template csv', () => {
  it('prints the demo policy\'s columns and an example row that batch reads back as valid', async () => {
    const r = await cli(['template', 'csv', '--policy', DEMO]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      'applicant_id,project_id,name,kind,workshop_recognised_on,cloud_fees,major_project,upgrades.name,upgrades.spend\r\n' +
        'EXAMPLE-1,P-1,示例单位（请删除本行）,company,2020-01-01,500万,是,示例项目名称,500万\r\n',
    );
    const file = join(dir, 'demo.csv');
    writeFileSync(file, r.stdout);
    const b = await cli(['batch', file, '--policy', DEMO, '--as-of', '2024-12-31', '-f', 'jsonl', '--lang', 'en']);
    expect(b.status).toBe(0);
    // 500万 × 20% = 100万, capped at 60万 per project; cloud 500万 × 50% capped at 5万.
    expect(JSON.parse(b.stdout)).toMatchObject({ status: 'applies', total: { low: '650000.00', high: '650000.00' }, unquantified: ['major'] });
  });

  it('prints Chinese label headers for the shipped policy that read back to the same facts', async () => {
    const r = await cli(['template', 'csv', '--headers', 'zh']);
    expect(r.status).toBe(0);
    const header = r.stdout.split('\r\n')[0] as string;
    expect(header.startsWith('申请单位编号,项目编号,申请单位名称,申请主体类型,所属产业领域,机构设立日期,项目.项目名称,项目.项目类型,项目.项目引进或立项日期,项目.厂房、设备实际投资额,')).toBe(true);
    const paths = await cli(['template', 'csv']);
    const file = join(dir, 'zh.csv');
    const pathFile = join(dir, 'path.csv');
    writeFileSync(file, r.stdout);
    writeFileSync(pathFile, paths.stdout);
    const a = await cli(['batch', file, '--as-of', '2020-12-31', '-f', 'jsonl', '--lang', 'en']);
    const b = await cli(['batch', pathFile, '--as-of', '2020-12-31', '-f', 'jsonl', '--lang', 'en']);
    expect(a.status).toBe(0);
    // The same row, but for the example ids (示例-1 and EXAMPLE-1).
    const { applicant_id: _a, project_id: _p, ...zhRow } = JSON.parse(a.stdout);
    const { applicant_id: _b, project_id: _q, ...pathRow } = JSON.parse(b.stdout);
    expect(zhRow).toEqual(pathRow);
    expect(zhRow.status).toBe('applies');
  });

  it('writes the example row in labels with --headers zh, not ids', async () => {
    const example = ((await cli(['template', 'csv', '--headers', 'zh'])).stdout.split('\r\n')[1] as string).split(',');
    expect(example.slice(0, 6)).toEqual(['示例-1', '项目-1', '示例单位（请删除本行）', '企业', '城市轨道交通产业', '2020-01-01']);
    expect(example.join(',')).not.toMatch(/[a-z]{3,}/);
  });

  it('a batch that still holds the example row says so, naming the row, in the output language', async () => {
    const file = join(dir, 'kept-example.csv');
    writeFileSync(file, (await cli(['template', 'csv', '--headers', 'zh'])).stdout);
    const zh = await cli(['batch', file, '--as-of', '2020-12-31', '--lang', 'zh']);
    expect(zh.stderr).toContain('警告：第 2 行是模板中的示例行，其金额已计入合计：请删除后重新运行');
    expect(zh.stdout).toContain('第 2 行是模板中的示例行：请删除，否则其金额会计入本批合计');
    const en = await cli(['batch', file, '--as-of', '2020-12-31', '--lang', 'en', '-f', 'jsonl']);
    expect(en.stderr).toContain("warning: row 2 is the template's example row and counted in the total: delete it and run again");
    expect(JSON.parse(en.stdout).warning).toBe("row 2 is the template's example row: delete it, or its amounts are added to the batch");
  });

  it('starts with a BOM with --bom', async () => {
    expect((await cli(['template', 'csv', '--bom', '--policy', DEMO])).stdout.startsWith('\uFEFFapplicant_id,')).toBe(true);
  });
});

describe('subsidy template yaml', () => {
  for (const [name, policyArg] of [['the shipped policy', undefined], ['the demo policy', DEMO]] as const) {
    it(`is a project file for ${name}: only the required facts are missing, and uncommented lists parse`, async () => {
      const r = await cli(['template', 'yaml', ...(policyArg ? ['--policy', policyArg] : [])]);
      expect(r.status).toBe(0);
      const policy = loadPolicy(policyArg);
      const blank = parseCase(r.stdout, policy, 'template.yaml');
      expect(blank.problems.map((p) => p.path).sort()).toEqual(['kind', 'name']);
      const filled = uncommentLists(r.stdout.replace(/^name:$/m, 'name: 测试单位').replace(/^kind:$/m, `kind: ${[...(policy.facts.get('kind')?.choices ?? [])][0]?.id}`));
      const parsed = parseCase(filled, policy, 'filled.yaml');
      expect(parsed.problems.map(formatProblem)).toEqual([]);
      for (const list of policy.lists.keys()) expect(parsed.case?.lists[list], list).toHaveLength(1);
    });
  }

  it('with --lang zh its instructions are Chinese (the labels stay bilingual) and it reads the same', async () => {
    const en = await cli(['template', 'yaml', '--policy', DEMO, '--lang', 'en']);
    const r = await cli(['template', 'yaml', '--policy', DEMO, '--lang', 'zh']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# .*的项目文件\n# 填写已知的内容，其余留空：留空表示“未说明”，不是“否”或 0。\n# 检查：subsidy estimate <本文件>\npolicy: demo-city-2024\n/);
    expect(r.stdout).toContain('# 主体类型 / Applicant kind（必填）：下列选项之一\n#   company: 公司 / Company\n');
    // No sentence of ours in English: what is left of Latin letters is ids, labels and notations.
    const ours = ['Project file', 'Fill in', 'Check it', '(required)', 'one of the choices', 'a list, one entry', 'Remove the leading', 'money:', 'date:', 'text'];
    for (const words of ours) expect(r.stdout, words).not.toContain(words);
    // The same fields, in the same order, as the English template.
    const keys = (t: string) => t.split('\n').filter((l) => !/^\s*#\s*#|^# {3}[a-z0-9-]+: /.test(l) && /^(#\s+(- )?)?[a-z_]+:/.test(l));
    expect(keys(r.stdout)).toEqual(keys(en.stdout));
    expect(parseCase(r.stdout, loadPolicy(DEMO), 'template.yaml').problems.map((p) => p.path).sort()).toEqual(['kind', 'name']);
  });

  it('lists the choices of an enum with their labels', async () => {
    const r = await cli(['template', 'yaml', '--policy', DEMO]);
    expect(r.stdout).toContain('# 主体类型 / Applicant kind (required): one of the choices below\n#   company: 公司 / Company\n#   association: 行业协会 / Trade association\nkind:\n');
  });
});
