import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { safeMessage } from '../values/display.js';
import type { Money } from '../values/money.js';
import { APPLICANT_ID, PROJECT_ID } from './columns.js';
import { amountText, type CsvLayout, csvLayout, csvRowText, textCell } from './csv-row.js';
import type { RowResult } from './rows.js';

// The batch output: one row per input row. CSV is for a spreadsheet (labels in the chosen
// language, amounts as plain yuan numbers with two decimals, formula-like text neutralised);
// JSON and JSON Lines are for programs (ids, amounts as decimal strings, never floats).

export type BatchFormat = 'csv' | 'json' | 'jsonl';

export { amountText, textCell };

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
  cannot_determine: { zh: '无法判断（未说明）', en: 'cannot_determine' },
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
export function amountItems(policy: Policy): Policy['items'] {
  let found = amountItemCache.get(policy);
  if (!found) {
    found = policy.items.filter((i) => i.award.kind !== 'unquantified');
    amountItemCache.set(policy, found);
  }
  return found;
}

const amountItemCache = new WeakMap<Policy, Policy['items']>();

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

export function csvLine(cells: string[]): string {
  return `${cells.join(',')}\r\n`;
}

/**
 * One output row's cells, in header order, before any format: the row number, text (as the
 * input or the engine gave it), and amounts as exact decimals. CSV and xlsx both write these,
 * so the two outputs hold the same values cell by cell.
 */
export type ResultCell = number | string | Money | undefined;

/** A fact by its label in the output's language (projects.rd_spending → 项目实际研发费用支出), else its path. */
function factLabel(policy: Policy, path: string, lang: Lang): string {
  const [head, field] = path.split('.') as [string, string | undefined];
  const list = policy.lists.get(head);
  if (list) return (field ? list.fields.get(field)?.label[lang] : list.label[lang]) ?? path;
  return policy.facts.get(head)?.label[lang] ?? path;
}

/**
 * The unquantified and cannot-determine cells: in Chinese, items by clause and title and facts by
 * label, as a reader of the sheet needs them; in English, the ids a program can match on.
 */
function itemCells(r: RowResult, lang: Lang, policy: Policy | undefined): [string, string] {
  if (lang === 'en' || !policy) return [r.unquantified.join('; '), r.cannotDetermine.map((c) => `${c.item}: ${c.missing.join(' ')}`).join('; ')];
  const title = (id: string) => {
    const item = policy.items.find((i) => i.id === id);
    return item ? `${item.clause}${item.title.zh}` : id;
  };
  return [
    r.unquantified.map(title).join('；'),
    r.cannotDetermine.map((c) => `${title(c.item)}：未说明${c.missing.map((m) => factLabel(policy, m, lang)).join('、')}`).join('；'),
  ];
}

/** A row's error and warning in the output's language. */
export function rowMessages(r: RowResult, lang: Lang): { error?: string; warning?: string } {
  const error = lang === 'zh' ? (r.errorZh ?? r.error) : r.error;
  const warning = lang === 'zh' ? (r.warningZh ?? r.warning) : r.warning;
  return { ...(error ? { error: safeMessage(error) } : {}), ...(warning ? { warning: safeMessage(warning) } : {}) };
}

export function resultCells(r: RowResult, lang: Lang, items: ReturnType<typeof amountItems>, policy?: Policy): ResultCell[] {
  const cells: ResultCell[] = [r.row, r.applicantId, r.projectId, r.applicant, r.project, STATUS[r.status][lang], r.total?.low, r.total?.high];
  for (const item of items) {
    const a = r.items.get(item.id);
    cells.push(a?.low, a?.high);
  }
  const [unquantified, cannot] = itemCells(r, lang, policy);
  const { error, warning } = rowMessages(r, lang);
  cells.push(unquantified, cannot, error, warning);
  return cells;
}

const layoutCache = new WeakMap<ReturnType<typeof amountItems>, { zh?: CsvLayout; en?: CsvLayout }>();

/** What the CSV rows of one output share, made once per policy and language. */
function layoutFor(policy: Policy, lang: Lang, items: ReturnType<typeof amountItems>): CsvLayout {
  let byLang = layoutCache.get(items);
  if (!byLang) {
    byLang = {};
    layoutCache.set(items, byLang);
  }
  let layout = byLang[lang];
  if (!layout) {
    const status = { applies: STATUS.applies[lang], 'does-not-apply': STATUS['does-not-apply'][lang], 'cannot-determine': STATUS['cannot-determine'][lang], invalid: STATUS.invalid[lang] };
    layout = csvLayout(items, status, lang, (r) => itemCells(r, lang, policy));
    byLang[lang] = layout;
  }
  return layout;
}

/** One CSV row: the cells of resultCells, joined (written without building them: see csv-row.ts). */
export function csvRow(policy: Policy, r: RowResult, lang: Lang, items = amountItems(policy)): string {
  return csvRowText(r, layoutFor(policy, lang, items));
}

/** A row for JSON / JSON Lines: ids, and amounts as decimal strings. */
export function jsonRow(r: RowResult, lang: Lang = 'en'): string {
  const items: Record<string, { low: string; high: string }> = {};
  for (const [id, a] of r.items) items[id] = { low: amountText(a.low), high: amountText(a.high) };
  return JSON.stringify({
    row: r.row,
    applicant_id: r.applicantId ?? null,
    project_id: r.projectId ?? null,
    applicant: r.applicant ?? null,
    project: r.project ?? null,
    status: r.status,
    total: r.total ? { low: amountText(r.total.low), high: amountText(r.total.high) } : null,
    items,
    unquantified: r.unquantified,
    cannot_determine: r.cannotDetermine,
    // Error text echoes the row's cells: made safe and short, as on the terminal.
    ...rowMessages(r, lang),
  });
}

/** Writes rows in the chosen format; the caller sends the strings to the output stream. */
export class RowWriter {
  private first = true;
  private readonly layout: CsvLayout;
  constructor(
    private readonly policy: Policy,
    private readonly format: BatchFormat,
    private readonly lang: Lang,
    private readonly bom: boolean,
  ) {
    this.layout = layoutFor(policy, lang, amountItems(policy));
  }

  start(): string {
    if (this.format === 'csv') return `${this.bom ? '\uFEFF' : ''}${csvLine(csvHeader(this.policy, this.lang).map(textCell))}`;
    if (this.format === 'json') return '[';
    return '';
  }

  row(r: RowResult): string {
    if (this.format === 'csv') return csvRowText(r, this.layout);
    if (this.format === 'jsonl') return `${jsonRow(r, this.lang)}\n`;
    const sep = this.first ? '\n' : ',\n';
    this.first = false;
    return `${sep}${jsonRow(r, this.lang)}`;
  }

  end(): string {
    if (this.format === 'json') return this.first ? ']\n' : '\n]\n';
    return '';
  }
}
