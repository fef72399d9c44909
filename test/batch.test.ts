import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// End to end: the built CLI on fixture CSVs, as an analyst would run it (npm test builds first).
const F = 'test/fixtures/batch';
const AS_OF = ['--as-of', '2020-12-31', '--lang', 'en'];

/** The CSV output as records keyed by header (our output never has a newline inside a cell). */
function records(csv: string): Record<string, string>[] {
  const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
  const split = (line: string) => {
    const cells: string[] = [];
    const re = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
    for (const m of line.matchAll(re)) {
      const cell = m[1] as string;
      cells.push(cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell);
      if (m[2] === '') break;
    }
    return cells;
  };
  const header = split(lines[0] as string);
  return lines.slice(1).map((l) => Object.fromEntries(split(l).map((c, i) => [header[i], c])));
}

const pick = (r: Record<string, string>, ...keys: string[]) => Object.fromEntries(keys.map((k) => [k, r[k]]));

describe('subsidy batch on CSV', () => {
  it('reads Chinese headers (labels, list.field labels) and enum labels, one result row per input row', async () => {
    const r = await cli(['batch', `${F}/zh-headers.csv`, ...AS_OF]);
    expect(r.status).toBe(0);
    const rows = records(r.stdout);
    expect(rows.map((x) => pick(x, 'row', 'applicant_id', 'applicant', 'project', 'status', 'total_low', 'total_high'))).toEqual([
      { row: '2', applicant_id: 'A1', applicant: '柳州甲公司', project: '电驱扩产', status: 'applies', total_low: '2800000.00', total_high: '3360000.00' },
      { row: '3', applicant_id: 'B1', applicant: '柳州乙公司', project: '机器人研发', status: 'applies', total_low: '120000.00', total_high: '150000.00' },
      { row: '4', applicant_id: 'C1', applicant: '柳州丙公司', project: '包装线改造', status: 'does-not-apply', total_low: '0.00', total_high: '0.00' },
    ]);
    expect(pick(rows[0] as Record<string, string>, 'project-investment_low', 'project-investment_high', 'rd-project_low')).toEqual({
      'project-investment_low': '2800000.00', 'project-investment_high': '3360000.00', 'rd-project_low': '',
    });
    expect(rows[0]?.cannot_determine).toBe('project-matching-funds: projects.higher_level_funding');
    expect(r.stderr).toContain('3 rows read, 3 valid, 0 invalid');
    expect(r.stderr).toContain('total: 292万–351万');
  });

  it('detects a GBK file (what Chinese Excel saves) and decodes its names', async () => {
    const r = await cli(['batch', `${F}/gbk.csv`, ...AS_OF]);
    expect(r.status).toBe(0);
    const rows = records(r.stdout);
    expect(rows.map((x) => pick(x, 'applicant', 'project', 'total_low', 'total_high'))).toEqual([
      { applicant: '柳州戊公司', project: '车载终端产线', total_low: '3000000.00', total_high: '3600000.00' },
      // 5000万 × 10%–12% = 500万–600万, capped at 400万 per project.
      { applicant: '柳州己公司', project: '智能电表二期', total_low: '4000000.00', total_high: '4000000.00' },
    ]);
    expect(r.stderr).toContain('(gb18030)');
  });

  it('reports invalid UTF-8 with its byte offset when the encoding is forced, and exits 2', async () => {
    const r = await cli(['batch', `${F}/gbk-paths.csv`, '--encoding', 'utf-8', ...AS_OF]);
    expect(r.status).toBe(2);
    // The header line is 84 bytes (with the projects.date column); the GBK name starts right after it.
    expect(r.stderr).toBe(`${F}/gbk-paths.csv  error  is not valid UTF-8 at byte 84: save it as "CSV UTF-8", or give --encoding gbk if Excel saved it as GBK\n`);
    const gbk = await cli(['batch', `${F}/gbk-paths.csv`, '--encoding', 'gbk', ...AS_OF]);
    expect(gbk.status).toBe(0);
    expect(records(gbk.stdout)[0]?.applicant).toBe('柳州庚公司');
  });

  it('reads a UTF-8 file with a BOM, and writes one with --bom', async () => {
    const r = await cli(['batch', `${F}/bom.csv`, '--bom', ...AS_OF]);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('\uFEFFrow,applicant_id,')).toBe(true);
    expect(pick(records(r.stdout)[0] as Record<string, string>, 'applicant', 'total_low', 'total_high')).toEqual({ applicant: '柳州丁公司', total_low: '500000.00', total_high: '600000.00' });
    expect(r.stderr).toContain('(utf-8 with BOM)');
    expect((await cli(['batch', `${F}/bom.csv`, ...AS_OF])).stdout.startsWith('row,')).toBe(true);
  });

  it('writes every row when one has a bad amount, names its row and column, and exits 1', async () => {
    const r = await cli(['batch', `${F}/bad-amount.csv`, ...AS_OF]);
    expect(r.status).toBe(1);
    const rows = records(r.stdout);
    expect(rows.map((x) => pick(x, 'row', 'status', 'total_low', 'total_high'))).toEqual([
      { row: '2', status: 'applies', total_low: '1000000.00', total_high: '1200000.00' },
      { row: '3', status: 'invalid', total_low: '', total_high: '' },
      { row: '4', status: 'applies', total_low: '2000000.00', total_high: '2400000.00' },
    ]);
    expect(rows[1]?.error).toBe('row 3, column "projects.plant_equipment_investment": "abc万" is not an amount of money: write yuan (3000000 or 3,000,000) or use 万/亿 (300万, 1.2亿)');
    expect(rows[0]?.error).toBe('');
    expect(r.stderr).toContain('3 rows read, 2 valid, 1 invalid');
    expect(r.stderr).toContain('error  row 3, column "projects.plant_equipment_investment"');
  });

  it('neutralises cells that would run as formulas, and leaves numbers as numbers', async () => {
    const r = await cli(['batch', `${F}/injection.csv`, ...AS_OF]);
    expect(r.status).toBe(0);
    const lines = r.stdout.split('\r\n');
    expect(lines[1]).toMatch(/^2,X1,,"'=HYPERLINK\(""http:\/\/evil\.example"",""click""\)",'\+cmd\|calc,applies,1000000\.00,1200000\.00,/);
    expect(lines[2]).toMatch(/^3,X2,,'@SUM\(A1:A2\),'-2\+3,applies,100000\.00,120000\.00,/);
    expect(lines[3]).toMatch(/^4,-7,,Plain Co,'\tTabbed,applies,100000\.00,120000\.00,/);
    // No cell of the output starts a formula.
    for (const row of records(r.stdout)) for (const cell of Object.values(row)) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
  });

  it('evaluates adjacent rows with one applicant id as one applicant: the 50万 bond cap spans its rows', async () => {
    const r = await cli(['batch', `${F}/applicant-cap.csv`, ...AS_OF]);
    expect(r.status).toBe(0);
    expect(records(r.stdout).map((x) => pick(x, 'row', 'applicant_id', 'applicant', 'bond_low', 'bond_high', 'total_high'))).toEqual([
      // 3000万 × 1% = 30万, then 4000万 × 1% = 40万 lowered to the 20万 left under the 50万 cap.
      { row: '2', applicant_id: 'F1', applicant: '柳州某新材料股份有限公司', bond_low: '300000.00', bond_high: '300000.00', total_high: '300000.00' },
      { row: '3', applicant_id: 'F1', applicant: '柳州某新材料股份有限公司', bond_low: '200000.00', bond_high: '200000.00', total_high: '200000.00' },
      { row: '4', applicant_id: 'F2', applicant: '柳州另一新材料公司', bond_low: '400000.00', bond_high: '400000.00', total_high: '400000.00' },
      // Not adjacent to F1's other rows: a separate applicant (the sheet should be sorted by id).
      { row: '5', applicant_id: 'F1', applicant: '柳州某新材料股份有限公司', bond_low: '300000.00', bond_high: '300000.00', total_high: '300000.00' },
    ]);
    expect(records(r.stdout)[3]?.warning).toBe(
      'applicant id F1 is also on row 2, not next to these rows: evaluated as a separate applicant (sort the sheet by applicant id so its caps apply across all its rows)',
    );
    expect(records(r.stdout)[0]?.warning).toBe('');
    expect(r.stderr).toContain('3 applicants, 3 with an award that applies');
    expect(r.stderr).toContain('warning: the rows of applicant id F1 are not adjacent and were evaluated separately');
  });

  it('exits 2 on an empty file, with nothing on stdout', async () => {
    const r = await cli(['batch', `${F}/empty.csv`, ...AS_OF]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`${F}/empty.csv  error  is empty: a batch CSV starts with a header row (\`subsidy template csv\` prints one)\n`);
  });

  it('writes just the header for a header-only file, and exits 0', async () => {
    const r = await cli(['batch', `${F}/header-only.csv`, ...AS_OF]);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\r\n')).toHaveLength(2);
    expect(r.stdout.startsWith('row,applicant_id,project_id,applicant,project,status,total_low,total_high,project-investment_low,')).toBe(true);
    expect(r.stderr).toContain('0 rows read, 0 valid, 0 invalid');
  });

  it('names unknown columns with "did you mean", unless told to ignore them', async () => {
    const r = await cli(['batch', `${F}/unknown-column.csv`, ...AS_OF]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('column 3 "industy" is not a fact of the policy (did you mean "industry"?)');
    expect(r.stderr).toContain('column 4 "projects.plant_equipment_investmnt" is not a fact of the policy (did you mean "projects.plant_equipment_investment"?)');
    const ok = await cli(['batch', `${F}/unknown-column.csv`, '--ignore-unknown-columns', ...AS_OF]);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toContain('ignored columns: industy, projects.plant_equipment_investmnt');
  });

  it('exits 2 for a missing file and for a broken Excel workbook', async () => {
    const r = await cli(['batch', `${F}/nope.csv`, ...AS_OF]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${F}/nope.csv  error  no such file\n`);
    const x = await cli(['batch', `${F}/workbook.xlsx`, ...AS_OF]);
    expect(x.status).toBe(2);
    // An .xlsx is read as a workbook (test/xlsx.test.ts); this one is a zip cut short.
    expect(x.stderr).toBe(`${F}/workbook.xlsx  error  is not a whole Excel workbook (the file ends too early): copy or download it again\n`);
  });

  it('writes JSON Lines and JSON with amounts as decimal strings, and the summary as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batch-'));
    const summary = join(dir, 'summary.json');
    const out = join(dir, 'out.jsonl');
    const r = await cli(['batch', `${F}/budget-over.csv`, '-f', 'jsonl', '-o', out, '--summary', summary, ...AS_OF]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(13);
    expect(lines[0]).toMatchObject({ row: 2, applicant_id: 'B1', status: 'applies', total: { low: '4000000.00', high: '4000000.00' }, items: { 'project-investment': { low: '4000000.00', high: '4000000.00' } } });
    const s = JSON.parse(readFileSync(summary, 'utf8'));
    expect(s).toMatchObject({ rows: 13, valid: 13, invalid: 0, applicants: 13, applicants_with_award: 13, total: { low: '52000000.00', high: '52000000.00' } });
    expect(s.budget).toEqual({ clause: '（二十三）', amount: '50000000.00', share: { low: '1.04', high: '1.04' }, exceeded: 'yes' });
    expect(r.stderr).toContain('warning: the batch total exceeds the yearly fund of 5,000万');
    const json = await cli(['batch', `${F}/bad-amount.csv`, '-f', 'json', ...AS_OF]);
    expect(json.status).toBe(1);
    const arr = JSON.parse(json.stdout);
    expect(arr.map((x: { status: string }) => x.status)).toEqual(['applies', 'invalid', 'applies']);
  });

  it('uses Chinese headers and statuses with --lang zh', async () => {
    const r = await cli(['batch', `${F}/zh-headers.csv`, '--as-of', '2020-12-31', '--lang', 'zh']);
    expect(r.status).toBe(0);
    const rows = records(r.stdout);
    expect(pick(rows[0] as Record<string, string>, '行号', '申请单位', '状态', '合计下限（元）', '（二十四）新引进、技术改造、新产品产业化项目补助 上限（元）')).toEqual({
      行号: '2', 申请单位: '柳州甲公司', 状态: '适用', '合计下限（元）': '2800000.00', '（二十四）新引进、技术改造、新产品产业化项目补助 上限（元）': '3360000.00',
    });
    expect(r.stderr).toContain('读取 3 行，有效 3 行，无效 0 行');
  });

  // The summary as docs/batch.md shows it is pinned by test/docs.test.ts; here, its figures.
  it('prints the summary for the shipped sample, and writes a BOM file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batch-doc-'));
    const out = join(dir, 'results.csv');
    const r = await cli(['batch', 'examples/projects.csv', '--as-of', '2020-12-31', '--lang', 'zh', '--bom', '-o', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('读取 8 行，有效 7 行，无效 1 行');
    expect(r.stderr).toContain('合计：870万–926万');
    const written = readFileSync(out, 'utf8');
    expect(written.startsWith('\uFEFF行号,申请单位编号,项目编号,申请单位,项目,状态,合计下限（元）,合计上限（元）,')).toBe(true);
    expect(records(written)).toHaveLength(8);
  });

  it('runs the shipped sample CSV of the README', async () => {
    const r = await cli(['batch', 'examples/projects.csv', ...AS_OF]);
    expect(r.status).toBe(1);
    const rows = records(r.stdout);
    expect(rows).toHaveLength(8);
    expect(rows.map((x) => x.total_high)).toEqual(['3360000.00', '500000.00', '1000000.00', '300000.00', '100000.00', '4000000.00', '0.00', '']);
    expect(rows[7]?.error).toBe(
      'row 9, column "项目.厂房、设备实际投资额" (projects.plant_equipment_investment): "三千五" is not an amount that can be read exactly: write every unit (三千五百万, not 三千五万 or 三千五) or use digits (3500万)',
    );
  });
});

describe('subsidy batch on project YAML files', () => {
  it('gives one row per file, with the same totals as estimate', async () => {
    const files = ['examples/going-public.yaml', 'examples/smart-factory.yaml'];
    const r = await cli(['batch', ...files, '-f', 'jsonl', ...AS_OF]);
    expect(r.status).toBe(0);
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((x) => x.applicant_id)).toEqual(files);
    for (const [i, f] of files.entries()) {
      const est = JSON.parse((await cli(['estimate', f, '-f', 'json', ...AS_OF])).stdout);
      expect(rows[i].total).toEqual(est.total);
    }
  });
});
