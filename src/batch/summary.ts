import type { Range } from '../engine/result.js';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { wrapParagraph } from '../report/wrap.js';
import { safeMessage, safeText } from '../values/display.js';
import { fenOf, moneyOfFen } from '../values/fen.js';
import { formatMoney, formatRange } from '../values/format.js';
import { Money, moneyString, ZERO } from '../values/money.js';
import type { Said } from '../values/said.js';
import { amountItems } from './output.js';
import type { RowResult } from './rows.js';

// What a batch adds up to, kept as running sums so memory does not grow with the file.

export interface BatchSummary {
  file: string;
  encoding: string;
  rows: number;
  valid: number;
  invalid: number;
  blankRowsSkipped: number;
  applicants: number;
  applicantsWithAward: number;
  total: Range;
  /** The sum of each applicant's range to quote over the readings (its total where no reading changes it). */
  quotable: Range;
  items: { id: string; clause: string; title: { zh: string; en: string }; rows: number; total: Range }[];
  budget?: { clause: string; amount: Money; share: Range; exceeded: 'no' | 'maybe' | 'yes' };
  ignoredColumns: string[];
  /** Applicant ids whose rows are in more than one place in the sheet (the first 20). */
  scatteredApplicants: string[];
  scatteredCount: number;
  /** The first invalid rows' messages (at most 20), for a quick look. */
  firstErrors: Said[];
  /** Rows that are still the template's example row. */
  exampleRows: number[];
  /** Cells read but perhaps not as meant (a bare 3500 for an amount is 3,500 yuan), and their first rows. */
  valueWarnings: number;
  valueWarningRows: number[];
  /** More rows than valueWarningRows lists. */
  valueWarningRowsMore?: boolean;
  /** A batch of project YAML files: how many (`file` then says so in English). */
  projectFiles?: number;
  /** The applicants with the largest awards (by high, then low total; at most TOP_APPLICANTS). */
  topApplicants: { id?: string; name?: string; rows: number; total: Range }[];
}

export const TOP_APPLICANTS = 10;

/**
 * A running sum of amounts, kept in integer fen while that is exact (whole fen, below 2^53) and
 * as a decimal beyond: adding millions of amounts costs integer additions, not decimal ones, and
 * the sum is the same exact value.
 */
export class AmountSum {
  private fen = 0;
  private rest: Money = ZERO;

  add(m: Money) {
    const f = fenOf(m);
    if (f !== undefined && this.fen + f <= Number.MAX_SAFE_INTEGER) this.fen += f;
    else this.rest = this.rest.plus(m);
  }

  get value(): Money {
    return this.fen === 0 ? this.rest : this.rest.plus(moneyOfFen(this.fen));
  }
}

/** a + b; a ZERO start takes b itself (decimals are immutable). */
function plus(a: Money, b: Money): Money {
  return a === ZERO && !b.isNegative() ? b : a.plus(b);
}

export class SummaryBuilder {
  private readonly s: BatchSummary;
  private readonly byItem = new Map<string, BatchSummary['items'][number] & { low: AmountSum; high: AmountSum }>();
  private readonly low = new AmountSum();
  private readonly high = new AmountSum();
  private readonly quotableLow = new AmountSum();
  private readonly quotableHigh = new AmountSum();

  constructor(private readonly policy: Policy, file: string, encoding: string, ignoredColumns: string[]) {
    this.s = {
      file, encoding, rows: 0, valid: 0, invalid: 0, blankRowsSkipped: 0, applicants: 0, applicantsWithAward: 0,
      total: { low: ZERO, high: ZERO }, quotable: { low: ZERO, high: ZERO }, items: [], ignoredColumns, scatteredApplicants: [], scatteredCount: 0, firstErrors: [], exampleRows: [], valueWarnings: 0, valueWarningRows: [], topApplicants: [],
    };
    for (const item of amountItems(policy)) {
      const entry = { id: item.id, clause: item.clause, title: item.title, rows: 0, total: { low: ZERO, high: ZERO } };
      this.byItem.set(item.id, { ...entry, low: new AmountSum(), high: new AmountSum() });
      this.s.items.push(entry);
    }
  }

  scatteredApplicant(id: string) {
    this.s.scatteredCount++;
    if (this.s.scatteredApplicants.length < 20 && !this.s.scatteredApplicants.includes(id)) this.s.scatteredApplicants.push(id);
  }

  /** A batch of `n` project YAML files rather than one sheet. */
  projectFiles(n: number) {
    this.s.projectFiles = n;
    this.s.file = `${n} project file${n === 1 ? '' : 's'}`;
  }

  /** `count` cells of the row were read, but perhaps not as meant (a bare 3500 is 3,500 yuan). */
  valueWarning(row: number, count: number) {
    this.s.valueWarnings += count;
    if (this.s.valueWarningRows.length < 20) this.s.valueWarningRows.push(row);
    else this.s.valueWarningRowsMore = true;
  }

  exampleRow(row: number) {
    if (this.s.exampleRows.length < 20) this.s.exampleRows.push(row);
  }

  blankRow() {
    this.s.blankRowsSkipped++;
  }

  /** One applicant's rows, as written to the output. */
  applicant(rows: RowResult[]) {
    this.s.applicants++;
    let awarded = false;
    let low = ZERO;
    let high = ZERO;
    for (const r of rows) {
      this.s.rows++;
      if (r.status === 'invalid') {
        this.s.invalid++;
        if (this.s.firstErrors.length < 20 && r.error) this.s.firstErrors.push({ en: safeMessage(r.error), zh: safeMessage(r.errorZh ?? r.error) });
        continue;
      }
      this.s.valid++;
      if (r.status === 'applies') awarded = true;
      if (r.total) {
        this.low.add(r.total.low);
        this.high.add(r.total.high);
        low = plus(low, r.total.low);
        high = plus(high, r.total.high);
      }
      for (const [id, a] of r.items) {
        const e = this.byItem.get(id);
        if (!e) continue;
        e.rows++;
        e.low.add(a.low);
        e.high.add(a.high);
      }
    }
    const quotable = rows.find((r) => r.quotable)?.quotable;
    this.quotableLow.add(quotable ? quotable.low : low);
    this.quotableHigh.add(quotable ? quotable.high : high);
    if (awarded) this.s.applicantsWithAward++;
    if (high.gt(0)) this.rank({ id: rows[0]?.applicantId, name: rows[0]?.applicant, rows: rows.length, total: { low, high } });
  }

  /** Keeps the largest few in order, so memory does not grow with the file. */
  private rank(entry: BatchSummary['topApplicants'][number]) {
    const top = this.s.topApplicants;
    const before = (a: typeof entry, b: typeof entry) => a.total.high.gt(b.total.high) || (a.total.high.eq(b.total.high) && a.total.low.gt(b.total.low));
    if (top.length === TOP_APPLICANTS && !before(entry, top[top.length - 1] as typeof entry)) return;
    const at = top.findIndex((e) => before(entry, e));
    top.splice(at === -1 ? top.length : at, 0, entry);
    if (top.length > TOP_APPLICANTS) top.pop();
  }

  finish(): BatchSummary {
    this.s.total = { low: this.low.value, high: this.high.value };
    this.s.quotable = { low: this.quotableLow.value, high: this.quotableHigh.value };
    this.s.items.forEach((entry) => {
      const sums = this.byItem.get(entry.id);
      if (!sums) return;
      entry.rows = sums.rows;
      entry.total = { low: sums.low.value, high: sums.high.value };
    });
    const b = this.policy.budget;
    // A policy with a fund of 0 does not compile; a share of nothing is not shown all the same.
    if (b && !b.amount.isZero()) {
      const share = { low: this.s.total.low.dividedBy(b.amount), high: this.s.total.high.dividedBy(b.amount) };
      const exceeded = this.s.total.low.gt(b.amount) ? 'yes' : this.s.total.high.gt(b.amount) ? 'maybe' : 'no';
      this.s.budget = { clause: b.clause, amount: b.amount, share, exceeded };
    }
    return this.s;
  }
}

const pct = (v: Money) => `${v.times(100).toDecimalPlaces(1, Money.ROUND_HALF_UP).toFixed(1)}%`;
// The one money format of every output (380万–430万), exact to the fen.
const wan = (v: Money) => formatMoney(v, 'wan');
const range = (r: Range) => formatRange(r, 'wan');

/**
 * The summary for people, on stderr. With `width` (a terminal's), each line wrapped to it between
 * words (never inside one, nor between a number and its unit), continued under its own start.
 */
export function renderSummary(s: BatchSummary, lang: Lang, width?: number): string {
  const zh = lang === 'zh';
  const lines: string[] = [];
  // Names from the files (a file or sheet name, ids, headers, cells quoted in errors) each stay on
  // their line: a newline in a name is shown as \n, never a line of its own that looks like ours.
  const name = (text: string) => safeText(text, 200);
  const file = s.projectFiles !== undefined && zh ? `${s.projectFiles} 个项目文件` : name(s.file);
  const blank = s.blankRowsSkipped;
  lines.push(
    zh
      ? `${file}（${name(s.encoding)}）：读取 ${s.rows} 行，有效 ${s.valid} 行，无效 ${s.invalid} 行${blank ? `，跳过空行 ${blank}` : ''}`
      : `${file} (${name(s.encoding)}): ${s.rows} row${s.rows === 1 ? '' : 's'} read, ${s.valid} valid, ${s.invalid} invalid${blank ? `, ${blank} blank row${blank === 1 ? '' : 's'} skipped` : ''}`,
  );
  lines.push(zh ? `申请单位 ${s.applicants} 个，其中 ${s.applicantsWithAward} 个有适用的奖补` : `${s.applicants} applicant${s.applicants === 1 ? '' : 's'}, ${s.applicantsWithAward} with an award that applies`);
  lines.push(zh ? `合计：${range(s.total)}` : `total: ${range(s.total)}`);
  lines.push(zh ? `可报区间（涵盖各种理解）：${range(s.quotable)}` : `range to quote (across every reading): ${range(s.quotable)}`);
  for (const item of s.items) {
    if (item.rows === 0) continue;
    lines.push(
      zh
        ? `  ${item.clause}${name(item.title.zh)}：${item.rows} 行，${range(item.total)}`
        : `  ${item.clause} ${name(item.title.en)}: ${item.rows} ${item.rows === 1 ? 'row' : 'rows'}, ${range(item.total)}`,
    );
  }
  if (s.budget) {
    const share = s.budget.share.low.eq(s.budget.share.high) ? pct(s.budget.share.low) : `${pct(s.budget.share.low)}–${pct(s.budget.share.high)}`;
    lines.push(zh ? `占年度专项资金${s.budget.clause}${wan(s.budget.amount)}的 ${share}` : `share of the yearly fund ${s.budget.clause} ${wan(s.budget.amount)}: ${share}`);
    if (s.budget.exceeded === 'yes') lines.push(zh ? `警告：本批合计超过年度专项资金${wan(s.budget.amount)}` : `warning: the batch total exceeds the yearly fund of ${wan(s.budget.amount)}`);
    if (s.budget.exceeded === 'maybe') lines.push(zh ? `警告：本批合计上限超过年度专项资金${wan(s.budget.amount)}` : `warning: the batch's high total exceeds the yearly fund of ${wan(s.budget.amount)}`);
  }
  if (s.scatteredCount) {
    const ids = s.scatteredApplicants.map((id) => name(id)).join(', ');
    lines.push(
      zh
        ? `警告：申请单位编号 ${ids} 的行不相邻，已分别计算（请按申请单位编号排序，使单位上限覆盖其全部行）`
        : `warning: the rows of applicant id ${ids} are not adjacent and were evaluated separately (sort the sheet by applicant id so per-applicant caps cover all its rows)`,
    );
  }
  if (s.exampleRows.length) {
    const rows = s.exampleRows.join(zh ? '、' : ', ');
    lines.push(
      zh
        ? `警告：第 ${rows} 行是模板中的示例行，其金额已计入合计：请删除后重新运行`
        : `warning: row ${rows} ${s.exampleRows.length > 1 ? 'are' : 'is'} the template's example row and counted in the total: delete ${s.exampleRows.length > 1 ? 'them' : 'it'} and run again`,
    );
  }
  if (s.valueWarnings) {
    const rows = s.valueWarningRows.join(zh ? '、' : ', ');
    const more = s.valueWarningRowsMore ? (zh ? '等' : ' …') : '';
    lines.push(
      zh
        ? `警告：${s.valueWarnings} 个金额没有单位，按元计算（第 ${rows}${more} 行）：如果指的是万元，请加“万”；确为元请加“元”（见输出的“警告”列）`
        : `warning: ${s.valueWarnings} ${s.valueWarnings === 1 ? 'amount has' : 'amounts have'} no unit and ${s.valueWarnings === 1 ? 'was' : 'were'} read as yuan (row${s.valueWarningRows.length === 1 ? '' : 's'} ${rows}${more}): add 万 if you meant 万, or 元 to confirm (see the warning column)`,
    );
  }
  if (s.ignoredColumns.length) lines.push(`${zh ? '已忽略的列：' : 'ignored columns: '}${s.ignoredColumns.map((c) => name(c)).join(zh ? '、' : ', ')}`);
  for (const e of s.firstErrors.slice(0, 5)) lines.push(zh ? `错误  ${safeMessage(e.zh)}` : `error  ${safeMessage(e.en)}`);
  if (s.invalid > 5) lines.push(zh ? `……其余无效行见输出的“错误”列` : `… see the error column of the output for the other invalid rows`);
  if (width === undefined) return `${lines.join('\n')}\n`;
  const wrapped = lines.flatMap((line) => {
    const indent = /^ */.exec(line)?.[0] ?? '';
    // One column short of the edge: a line that fills it exactly makes some terminals wrap again.
    return wrapParagraph(line.slice(indent.length), width - 1, indent, `${indent}  `);
  });
  return `${wrapped.join('\n')}\n`;
}

/** The summary as JSON (amounts as decimal strings, shares as fractions). */
export function summaryJson(s: BatchSummary): string {
  const range = (r: Range) => ({ low: moneyString(r.low), high: moneyString(r.high) });
  return `${JSON.stringify(
    {
      file: s.file, encoding: s.encoding, rows: s.rows, valid: s.valid, invalid: s.invalid, blank_rows_skipped: s.blankRowsSkipped,
      applicants: s.applicants, applicants_with_award: s.applicantsWithAward, total: range(s.total), quotable: range(s.quotable),
      items: s.items.filter((i) => i.rows > 0).map((i) => ({ id: i.id, clause: i.clause, title: i.title, rows: i.rows, total: range(i.total) })),
      ...(s.budget
        ? { budget: { clause: s.budget.clause, amount: moneyString(s.budget.amount), share: { low: s.budget.share.low.toDecimalPlaces(6).toFixed(), high: s.budget.share.high.toDecimalPlaces(6).toFixed() }, exceeded: s.budget.exceeded } }
        : {}),
      ignored_columns: s.ignoredColumns,
      scattered_applicant_ids: s.scatteredApplicants,
      amounts_without_unit: s.valueWarnings,
    },
    null,
    2,
  )}\n`;
}
