import type ExcelJS from 'exceljs';
import type { Lang } from '../report/i18n.js';
import type { Money } from '../values/money.js';
import type { BatchSummary } from './summary.js';
import { AMOUNT_FORMAT, excelValue, HEADER_STYLE, type StreamSheet } from '../sheets/xlsx-book.js';

// The summary sheet of a results workbook: what was read, the totals (low–high, as numbers),
// the share of the yearly fund, and one row per item with an amount. It says what the stderr
// summary says, in the same language.

const W = {
  sheet: { zh: '汇总', en: 'summary' },
  file: { zh: '文件', en: 'file' },
  source: { zh: '读取方式', en: 'read as' },
  rows: { zh: '读取行数', en: 'rows read' },
  valid: { zh: '有效行', en: 'valid rows' },
  invalid: { zh: '无效行', en: 'invalid rows' },
  blank: { zh: '跳过的空行', en: 'blank rows skipped' },
  applicants: { zh: '申请单位', en: 'applicants' },
  awarded: { zh: '有适用奖补的申请单位', en: 'applicants with an award that applies' },
  totalLow: { zh: '合计下限（元）', en: 'total, low (yuan)' },
  totalHigh: { zh: '合计上限（元）', en: 'total, high (yuan)' },
  fund: { zh: '年度专项资金（元）', en: 'yearly fund (yuan)' },
  shareLow: { zh: '占年度专项资金（下限）', en: 'share of the yearly fund, low' },
  shareHigh: { zh: '占年度专项资金（上限）', en: 'share of the yearly fund, high' },
  exceeded: { zh: '超出年度专项资金', en: 'exceeds the yearly fund' },
  scattered: { zh: '行不相邻、已分别计算的申请单位编号', en: 'applicant ids whose rows are not adjacent (evaluated separately)' },
  ignored: { zh: '已忽略的列', en: 'ignored columns' },
  clause: { zh: '条款', en: 'clause' },
  item: { zh: '奖补事项', en: 'item' },
  itemRows: { zh: '行数', en: 'rows' },
  low: { zh: '下限（元）', en: 'low (yuan)' },
  high: { zh: '上限（元）', en: 'high (yuan)' },
  total: { zh: '合计', en: 'total' },
  yes: { zh: '是', en: 'yes' },
  maybe: { zh: '上限超出', en: 'the high total does' },
  no: { zh: '否', en: 'no' },
} as const;

const amount = (m: Money) => excelValue(m);

export function summarySheet(book: ExcelJS.stream.xlsx.WorkbookWriter, s: BatchSummary, lang: Lang) {
  const w = (k: keyof typeof W) => W[k][lang];
  const sheet = book.addWorksheet(w('sheet')) as StreamSheet;
  sheet.columns = [{ width: 44 }, { width: 40 }, { width: 10 }, { width: 18 }, { width: 18 }];
  const line = (label: string, value: string | number | undefined, numFmt?: string) => {
    const row = sheet.addRow([label, value]);
    row.getCell(1).font = { bold: true };
    if (numFmt) row.getCell(2).numFmt = numFmt;
    row.commit();
  };
  line(w('file'), s.file);
  line(w('source'), s.encoding);
  line(w('rows'), s.rows);
  line(w('valid'), s.valid);
  line(w('invalid'), s.invalid);
  if (s.blankRowsSkipped) line(w('blank'), s.blankRowsSkipped);
  line(w('applicants'), s.applicants);
  line(w('awarded'), s.applicantsWithAward);
  line(w('totalLow'), amount(s.total.low), AMOUNT_FORMAT);
  line(w('totalHigh'), amount(s.total.high), AMOUNT_FORMAT);
  if (s.budget) {
    line(`${w('fund')} ${s.budget.clause}`, amount(s.budget.amount), AMOUNT_FORMAT);
    // A share is a ratio, not money: a number with a percent format is what a reader expects.
    line(w('shareLow'), Number(s.budget.share.low.toDecimalPlaces(6).toFixed()), '0.0%');
    line(w('shareHigh'), Number(s.budget.share.high.toDecimalPlaces(6).toFixed()), '0.0%');
    line(w('exceeded'), w(s.budget.exceeded));
  }
  if (s.scatteredCount) line(w('scattered'), s.scatteredApplicants.join(', '));
  if (s.ignoredColumns.length) line(w('ignored'), s.ignoredColumns.join(', '));
  sheet.addRow([]).commit();
  const head = sheet.addRow([w('clause'), w('item'), w('itemRows'), w('low'), w('high')]);
  head.eachCell((cell) => {
    cell.style = HEADER_STYLE;
  });
  head.commit();
  for (const item of s.items) {
    const row = sheet.addRow([item.clause, item.title[lang], item.rows, amount(item.total.low), amount(item.total.high)]);
    row.getCell(4).numFmt = AMOUNT_FORMAT;
    row.getCell(5).numFmt = AMOUNT_FORMAT;
    row.commit();
  }
  const total = sheet.addRow([w('total'), null, null, amount(s.total.low), amount(s.total.high)]);
  total.font = { bold: true };
  total.getCell(4).numFmt = AMOUNT_FORMAT;
  total.getCell(5).numFmt = AMOUNT_FORMAT;
  total.commit();
  sheet.commit();
}
