import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { parseFactValue } from '../case/schema.js';
import type { Policy } from '../policy/model.js';
import type { Lang } from '../report/i18n.js';
import { displayWidth } from '../report/wrap.js';
import { Money } from '../values/money.js';
import { APPLICANT_ID, csvFacts, type FactColumn, PROJECT_ID } from './columns.js';
import { EXAMPLE_ROW, exampleValue, type HeaderStyle, headerFor } from './template.js';
import { AMOUNT_FORMAT, excelValue, HEADER_STYLE, type StreamSheet, TEXT_FORMAT, workbookOn } from '../sheets/xlsx-book.js';
import { columnLetter } from '../sheets/xlsx-cells.js';

// The input workbook for a batch, generated from the policy's facts: one sheet to fill in (the
// header, one example row marked as such, a drop-down list on every choice column and on the
// yes/no columns, cell formats by type), a hidden sheet holding the choices the lists refer to
// (a choice label may contain a comma, which an inline list cannot hold), and a help sheet.

/** Rows below the header that get the drop-down lists (copying a cell down carries its list further). */
export const TEMPLATE_ROWS = 10_000;
const DATE_FORMAT = 'yyyy-mm-dd';

const W = {
  input: { zh: '项目清单', en: 'projects' },
  choices: { zh: '选项', en: 'choices' },
  help: { zh: '填写说明', en: 'help' },
  example: { zh: '示例单位（请删除本行）', en: 'Example Co. (delete this row)' },
  column: { zh: '列', en: 'column' },
  fact: { zh: '字段', en: 'fact' },
  type: { zh: '类型', en: 'type' },
  required: { zh: '必填', en: 'required' },
  write: { zh: '填写方式', en: 'what to write' },
  notes: { zh: '说明', en: 'notes' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  notInList: { zh: '不在下拉列表中：批量计算只接受列表中的选项（或其编号、另一语言的名称）', en: 'Not in the list: the batch accepts the listed choices (or their ids, or the other language’s labels) only' },
  idNote: { zh: '同一申请单位的多行填写相同编号，且相邻', en: 'the same id on every row of one applicant, on adjacent rows' },
  projectIdNote: { zh: '可选：项目的编号，原样写入结果', en: 'optional: an id for the row, copied to the results' },
} as const;

const TYPE_WORDS: Record<string, { zh: string; en: string }> = {
  money: { zh: '金额：数字为元（如 28000000），或文字 2800万、1.2亿', en: 'money: a number is yuan (28000000), or text such as 2800万 or 1.2亿' },
  date: { zh: '日期：YYYY-MM-DD 或 Excel 日期', en: 'date: YYYY-MM-DD or an Excel date' },
  boolean: { zh: '是 / 否', en: 'yes / no' },
  rate: { zh: '百分比：4.35%', en: 'percentage: 4.35%' },
  number: { zh: '数字', en: 'number' },
  enum: { zh: '从下拉列表中选择', en: 'one of the drop-down choices' },
  text: { zh: '文字', en: 'text' },
};

/** The language of a template's words and choices: English for fact-path headers. */
function langOf(style: HeaderStyle): Lang {
  return style === 'zh' ? 'zh' : 'en';
}

/** What a choice is called in the template's drop-downs: its label, or its id for path headers. */
function choiceLabels(fact: FactColumn, style: HeaderStyle): string[] {
  return fact.choices.map((c) => (style === 'path' ? c.id : c.label[style]));
}

function booleanWords(style: HeaderStyle): [string, string] {
  return style === 'path' ? ['true', 'false'] : [W.yes[style], W.no[style]];
}

/** The example row's value for a fact, typed as Excel holds it (a number, a date, a label). */
function exampleCell(fact: FactColumn, style: HeaderStyle): string | number | Date | undefined {
  const lang = langOf(style);
  if (fact.path === 'name' && fact.type === 'text') return W.example[lang];
  const raw = exampleValue(fact);
  const r = parseFactValue(fact, raw);
  if (!r.ok) return raw;
  const v = r.value;
  switch (fact.type) {
    case 'money':
    case 'number':
      return Money.isDecimal(v) ? excelValue(v as Money) : raw;
    case 'date':
      return new Date(`${String(v)}T00:00:00Z`);
    case 'boolean':
      return booleanWords(style)[v === true ? 0 : 1];
    case 'enum': {
      const i = fact.choices.findIndex((c) => c.id === v);
      return i >= 0 ? (choiceLabels(fact, style)[i] as string) : raw;
    }
    default:
      return raw;
  }
}

/** Excel limits a validation prompt to 255 characters and its title to 32. */
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Writes the input workbook to `out` (which it does not end) and resolves once it is all handed over. */
export async function writeXlsxTemplate(policy: Policy, style: HeaderStyle, out: Writable): Promise<void> {
  const lang = langOf(style);
  const facts = csvFacts(policy);
  const ids = [APPLICANT_ID, PROJECT_ID].map((id) => (style === 'path' ? id.key : id[style]));
  const header = [...ids, ...facts.map((f) => headerFor(policy, f, style))];
  const { book, done } = workbookOn(out);

  const sheet = book.addWorksheet(W.input[lang], { views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2' }] }) as StreamSheet;
  sheet.columns = header.map((h, i) => {
    const fact = facts[i - 2];
    const numFmt = fact?.type === 'money' ? AMOUNT_FORMAT : fact?.type === 'date' ? DATE_FORMAT : fact?.type === 'number' ? 'General' : TEXT_FORMAT;
    return { width: Math.min(40, Math.max(12, displayWidth(h) + 2)), style: { numFmt } };
  });
  // The streaming sheet keeps validations by range and writes them when the sheet is committed.
  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations;
  const enums = facts.filter((f) => f.type === 'enum');
  const last = TEMPLATE_ROWS + 1;
  facts.forEach((fact, i) => {
    const col = columnLetter(i + 3);
    const prompt = fact.def.help?.[lang];
    const common = {
      allowBlank: true,
      showErrorMessage: true,
      errorStyle: 'warning',
      errorTitle: clip(fact.label[lang], 32),
      error: W.notInList[lang],
      ...(prompt ? { showInputMessage: true, promptTitle: clip(fact.label[lang], 32), prompt: clip(prompt, 255) } : {}),
    };
    let formula: string | undefined;
    if (fact.type === 'enum') {
      const listCol = columnLetter(enums.indexOf(fact) + 1);
      formula = `'${W.choices[lang]}'!$${listCol}$2:$${listCol}$${fact.choices.length + 1}`;
    } else if (fact.type === 'boolean') formula = `"${booleanWords(style).join(',')}"`;
    if (formula) validations.add(`${col}2:${col}${last}`, { type: 'list', formulae: [formula], ...common });
  });
  const head = sheet.addRow(header);
  head.height = 15 * Math.min(3, Math.max(1, ...header.map((h) => Math.ceil(displayWidth(h) / 38))));
  head.eachCell((cell, col) => {
    cell.style = HEADER_STYLE;
    // The facts every applicant must state stand out.
    if (facts[col - 3]?.def.required) cell.font = { bold: true, color: { argb: 'FFC00000' } };
  });
  head.commit();
  // The same example ids as the CSV template, which a batch recognises as the example row.
  const example = sheet.addRow([EXAMPLE_ROW[style].id, EXAMPLE_ROW[style].project, ...facts.map((f) => exampleCell(f, style))]);
  example.eachCell((cell) => {
    cell.font = { italic: true, color: { argb: 'FF7F7F7F' } };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  });
  example.commit();
  sheet.commit();

  const choices = book.addWorksheet(W.choices[lang], { state: 'hidden' }) as StreamSheet;
  choices.columns = enums.map((f) => ({ width: Math.min(60, Math.max(12, ...choiceLabels(f, style).map((l) => displayWidth(l) + 2))) }));
  const lists = enums.map((f) => choiceLabels(f, style));
  choices.addRow(enums.map((f) => headerFor(policy, f, style))).commit();
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) choices.addRow(lists.map((l) => l[i] ?? null)).commit();
  choices.commit();

  helpSheet(book, style, header, facts);
  await done();
}

function helpSheet(book: ExcelJS.stream.xlsx.WorkbookWriter, style: HeaderStyle, header: string[], facts: FactColumn[]) {
  const lang = langOf(style);
  const sheet = book.addWorksheet(W.help[lang], { views: [{ state: 'frozen', ySplit: 1, topLeftCell: 'A2' }] }) as StreamSheet;
  sheet.columns = [{ width: 36 }, { width: 36 }, { width: 8 }, { width: 50 }, { width: 80 }];
  const head = sheet.addRow([W.column[lang], W.fact[lang], W.required[lang], W.write[lang], W.notes[lang]]);
  head.eachCell((cell) => {
    cell.style = HEADER_STYLE;
  });
  head.commit();
  sheet.addRow([header[0], APPLICANT_ID.key, null, TYPE_WORDS.text?.[lang], W.idNote[lang]]).commit();
  sheet.addRow([header[1], PROJECT_ID.key, null, TYPE_WORDS.text?.[lang], W.projectIdNote[lang]]).commit();
  facts.forEach((fact, i) => {
    const how = fact.type === 'enum' ? `${TYPE_WORDS.enum?.[lang]}: ${choiceLabels(fact, style).join(' / ')}` : (TYPE_WORDS[fact.type]?.[lang] ?? fact.type);
    const notes = [fact.def.help?.[lang], fact.def.unit ? `${lang === 'zh' ? '单位' : 'unit'}: ${fact.def.unit[lang]}` : undefined].filter(Boolean).join(' ');
    sheet.addRow([header[i + 2], fact.path, fact.def.required ? W.yes[lang] : null, how, notes || null]).commit();
  });
  sheet.commit();
}
