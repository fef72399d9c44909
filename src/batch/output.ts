import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { safeMessage } from '../values/display.js';
import { type Money, moneyString } from '../values/money.js';
import { APPLICANT_ID, PROJECT_ID } from './columns.js';
import type { RowResult } from './rows.js';

// The batch output: one row per input row. CSV is for a spreadsheet (labels in the chosen
// language, amounts as plain yuan numbers with two decimals, formula-like text neutralised);
// JSON and JSON Lines are for programs (ids, amounts as decimal strings, never floats).

export type BatchFormat = 'csv' | 'json' | 'jsonl';

const FIXED = {
  row: { zh: '行号', en: 'row' },
  applicant_id: { zh: APPLICANT_ID.zh, en: APPLICANT_ID.key },
  project_id: { zh: PROJECT_ID.zh, en: PROJECT_ID.key },
  applicant: { zh: '申请单位', en: 'applicant' },
  project: { zh: '项目', en: 'project' },
  status: { zh: '状态', en: 'status' },
  total_low: { zh: '合计下限（元）', en: 'total_low' },
  total_high: { zh: '合计上限（元）', en: 'total_high' },
  unquantified: { zh: '无具体金额的支持', en: 'unquantified' },
  cannot_determine: { zh: '无法判断（缺少）', en: 'cannot_determine' },
  error: { zh: '错误', en: 'error' },
  warning: { zh: '提示', en: 'warning' },
} as const;

export const STATUS = {
  applies: { zh: '适用', en: 'applies' },
  'does-not-apply': { zh: '不适用', en: 'does-not-apply' },
  'cannot-determine': { zh: '无法判断', en: 'cannot-determine' },
  invalid: { zh: '无效', en: 'invalid' },
} as const;

/** The items that give an amount, in policy order: one low/high column pair each. */
export function amountItems(policy: Policy) {
  return policy.items.filter((i) => i.award.kind !== 'unquantified');
}

export function csvHeader(policy: Policy, lang: Lang): string[] {
  const f = (k: keyof typeof FIXED) => FIXED[k][lang];
  const items = amountItems(policy).flatMap((i) =>
    lang === 'zh' ? [`${i.clause}${i.title.zh} 下限（元）`, `${i.clause}${i.title.zh} 上限（元）`] : [`${i.id}_low`, `${i.id}_high`],
  );
  return [
    f('row'), f('applicant_id'), f('project_id'), f('applicant'), f('project'), f('status'), f('total_low'), f('total_high'),
    ...items, f('unquantified'), f('cannot_determine'), f('error'), f('warning'),
  ];
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV cell of text. A cell a spreadsheet would run as a formula (starting with = + - @, tab
 * or CR: OWASP "CSV injection") gets a leading apostrophe, which Excel and WPS show as text;
 * a plain number such as -5 is left alone, so numbers stay numbers.
 */
export function textCell(value: string | undefined): string {
  if (value === undefined || value === '') return '';
  let v = value;
  if (FORMULA_START.test(v) && !PLAIN_NUMBER.test(v)) v = `'${v}`;
  return NEEDS_QUOTES.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvLine(cells: string[]): string {
  return `${cells.join(',')}\r\n`;
}

/**
 * One output row's cells, in header order, before any format: the row number, text (as the
 * input or the engine gave it), and amounts as exact decimals. CSV and xlsx both write these,
 * so the two outputs hold the same values cell by cell.
 */
export type ResultCell = number | string | Money | undefined;

export function resultCells(r: RowResult, lang: Lang, items: ReturnType<typeof amountItems>): ResultCell[] {
  const cells: ResultCell[] = [r.row, r.applicantId, r.projectId, r.applicant, r.project, STATUS[r.status][lang], r.total?.low, r.total?.high];
  for (const item of items) {
    const a = r.items.get(item.id);
    cells.push(a?.low, a?.high);
  }
  cells.push(
    r.unquantified.join('; '),
    r.cannotDetermine.map((c) => `${c.item}: ${c.missing.join(' ')}`).join('; '),
    r.error && safeMessage(r.error),
    r.warning && safeMessage(r.warning),
  );
  return cells;
}

export function csvRow(policy: Policy, r: RowResult, lang: Lang, items = amountItems(policy)): string {
  const cells = resultCells(r, lang, items);
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (i > 0) line += ',';
    if (typeof c === 'number') line += String(c);
    else if (typeof c === 'string' || c === undefined) line += textCell(c);
    else line += moneyString(c);
  }
  return `${line}\r\n`;
}

/** A row for JSON / JSON Lines: ids, and amounts as decimal strings. */
export function jsonRow(r: RowResult): string {
  const items: Record<string, { low: string; high: string }> = {};
  for (const [id, a] of r.items) items[id] = { low: moneyString(a.low), high: moneyString(a.high) };
  return JSON.stringify({
    row: r.row,
    applicant_id: r.applicantId ?? null,
    project_id: r.projectId ?? null,
    applicant: r.applicant ?? null,
    project: r.project ?? null,
    status: r.status,
    total: r.total ? { low: moneyString(r.total.low), high: moneyString(r.total.high) } : null,
    items,
    unquantified: r.unquantified,
    cannot_determine: r.cannotDetermine,
    // Error text echoes the row's cells: made safe and short, as on the terminal.
    ...(r.error ? { error: safeMessage(r.error) } : {}),
    ...(r.warning ? { warning: safeMessage(r.warning) } : {}),
  });
}

/** Writes rows in the chosen format; the caller sends the strings to the output stream. */
export class RowWriter {
  private first = true;
  private readonly items: ReturnType<typeof amountItems>;
  constructor(
    private readonly policy: Policy,
    private readonly format: BatchFormat,
    private readonly lang: Lang,
    private readonly bom: boolean,
  ) {
    this.items = amountItems(policy);
  }

  start(): string {
    if (this.format === 'csv') return `${this.bom ? '\uFEFF' : ''}${csvLine(csvHeader(this.policy, this.lang).map(textCell))}`;
    if (this.format === 'json') return '[';
    return '';
  }

  row(r: RowResult): string {
    if (this.format === 'csv') return csvRow(this.policy, r, this.lang, this.items);
    if (this.format === 'jsonl') return `${jsonRow(r)}\n`;
    const sep = this.first ? '\n' : ',\n';
    this.first = false;
    return `${sep}${jsonRow(r)}`;
  }

  end(): string {
    if (this.format === 'json') return this.first ? ']\n' : '\n]\n';
    return '';
  }
}
