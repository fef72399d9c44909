import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.js';

// Issue 19: a bare amount (3500) in a batch cell is 3,500 yuan, which is most likely 3500万 typed
// without its unit: a figure 10,000 times too small. The batch says so as estimate does, with the
// same words, in the row's warning column, and counts it in the summary; in CSV and in Excel,
// where a plain number cell is the same bare amount.

const AS_OF = ['--as-of', '2020-12-31'];
const HEADER = ['name', 'kind', 'industry', 'projects.name', 'projects.type', 'projects.date', 'projects.plant_equipment_investment'];
const ROWS = [
  ['A', 'enterprise', 'new-materials', 'L1', 'technical-renovation', '2019-05-01', '3500'],
  ['B', 'enterprise', 'new-materials', 'L2', 'technical-renovation', '2019-05-01', '3500万'],
];
const WARNING = 'column "projects.plant_equipment_investment": "3500" is read as 3500 yuan: write 3500万 if you meant 万, or 3500元 to confirm';
const SUMMARY = 'warning: 1 amount has no unit and was read as yuan (row 2): add 万 if you meant 万, or 元 to confirm (see the warning column)';

function expectWarned(r: { status: number | null; stdout: string; stderr: string }) {
  expect(r.status).toBe(0);
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  expect(rows.map((x) => [x.row, x.total.low, x.warning ?? null])).toEqual([
    [2, '350.00', WARNING],
    [3, '3500000.00', null],
  ]);
  expect(r.stderr.split('\n')).toContain(SUMMARY);
}

describe('a bare amount in a batch is read as yuan, with the warning estimate gives', () => {
  it('CSV: in the row\'s warning column and counted in the summary (en and zh)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batch-warn-'));
    writeFileSync(join(dir, 'l.csv'), [HEADER, ...ROWS].map((r) => r.join(',')).join('\n'));
    expectWarned(await cli(['batch', 'l.csv', '-f', 'jsonl', ...AS_OF], { cwd: dir }));
    const zh = await cli(['batch', 'l.csv', '-f', 'jsonl', '--lang', 'zh', ...AS_OF], { cwd: dir });
    expect(zh.stderr.split('\n')).toContain('警告：1 个金额没有单位，按元计算（第 2 行）：如果指的是万元，请加“万”；确为元请加“元”（见输出的“警告”列）');
    const summary = await cli(['batch', 'l.csv', '--summary', 's.json', ...AS_OF], { cwd: dir });
    expect(summary.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')).amounts_without_unit).toBe(1);
  });

  it('Excel: a plain number cell 3500 is the same bare amount, with the same warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'batch-warn-'));
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('projects');
    ws.addRow(HEADER);
    ws.addRow(ROWS[0]?.map((v, i) => (i === 6 ? 3500 : v)));
    ws.addRow(ROWS[1]);
    await wb.xlsx.writeFile(join(dir, 'l.xlsx'));
    expectWarned(await cli(['batch', 'l.xlsx', '-f', 'jsonl', ...AS_OF], { cwd: dir }));
  });
});
