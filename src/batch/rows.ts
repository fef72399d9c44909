import type { Case, CaseRecord, FactValue } from '../case/model.js';
import { isBlank, parseFactValue } from '../case/schema.js';
import { evaluate } from '../engine/evaluate.js';
import { forEachLineOutcome } from '../engine/outcomes.js';
import type { EvaluationResult, Range, Status } from '../engine/result.js';
import type { Policy } from '../policy/model.js';
import { Money, type Parsed, ZERO } from '../values/money.js';
import type { Said } from '../values/said.js';
import type { ColumnPlan, FactColumn } from './columns.js';

// One CSV row is one project: the row's top-level cells state the applicant's facts, and the
// cells of each list (projects.*, recognitions.* …) make one entry of that list. Adjacent rows
// with the same applicant id are one applicant: their entries are merged into one Case, which is
// evaluated once (so per-applicant and shared caps apply across the rows), and every line of the
// result goes back to the row its entry came from. Lines with no entry (items judged on the
// applicant's own facts) go to the applicant's first row, so a sum over rows is the applicant's total.

/** A row after its cells were parsed: what it states, or what is wrong with it. */
export interface ParsedRow {
  /** The spreadsheet row number (the header is row 1). */
  row: number;
  applicantId?: string;
  projectId?: string;
  facts: Record<string, FactValue>;
  /** The entry this row gives each list, by list id. */
  entries: Map<string, CaseRecord>;
  errors: RowProblem[];
  /** Warnings about the row that do not make it invalid (it is still the template's example row). */
  notes?: Said[];
}

/** What is wrong with a row: the column it concerns (as its header reads), and what. */
export interface RowProblem {
  /** The header as written; absent when the problem is about the whole row. */
  header?: string;
  /** The fact the column states, when the header is a label rather than the fact path. */
  path?: string;
  message: string;
  /** The message in Chinese, where it is known. */
  zh?: string;
}

/**
 * A problem as one line: `row 9, column "投资额" (projects.investment): …`; for a workbook the
 * sheet comes first, since a workbook has several.
 */
export function rowProblemText(row: number, p: RowProblem, sheet?: string, lang: 'zh' | 'en' = 'en'): string {
  if (lang === 'zh') {
    const where = `${sheet !== undefined ? `工作表“${sheet}”` : ''}第 ${row} 行`;
    return `${where}${p.header === undefined ? '' : `“${p.header}”列`}：${p.zh ?? p.message}`;
  }
  const where = `${sheet !== undefined ? `sheet "${sheet}", ` : ''}row ${row}`;
  if (p.header === undefined) return `${where}: ${p.message}`;
  return `${where}, column "${p.header}"${p.path !== undefined && p.path !== p.header ? ` (${p.path})` : ''}: ${p.message}`;
}

/** What the output says about one row. */
export interface RowResult {
  row: number;
  applicantId?: string;
  projectId?: string;
  applicant?: string;
  project?: string;
  status: Status | 'invalid';
  /** Absent for an invalid row. */
  total?: Range;
  /** What makes the row invalid, one entry per problem (`error` is them as one line). */
  problems?: RowProblem[];
  /** Amount items that apply to this row (the whole award period, after every cap). */
  items: Map<string, Range>;
  unquantified: string[];
  cannotDetermine: { item: string; missing: string[] }[];
  error?: string;
  warning?: string;
  /** `error` and `warning` in Chinese, for output in Chinese. */
  errorZh?: string;
  warningZh?: string;
}

/** Adds a warning to a row's, keeping any it already has, in both languages. */
export function addWarning(res: RowResult, warning: Said): void {
  res.warningZh = res.warning ? `${res.warningZh ?? res.warning}；${warning.zh}` : warning.zh;
  res.warning = res.warning ? `${res.warning}; ${warning.en}` : warning.en;
}

/** How many distinct cells per column are remembered once parsed (memory stays bounded). */
const PARSED_CACHE = 1024;

/** isBlank for a cell, without allocating: absent, empty, `~` and `null` all mean "not stated". */
function blank(raw: string): boolean {
  const c = raw.charCodeAt(0);
  // Only a cell starting with a space, ~ or n can be blank once trimmed.
  if (c !== 32 && c !== 9 && c !== 126 && c !== 110 && c !== 12288) return false;
  return isBlank(raw);
}

/**
 * A CSV row with fewer cells than the header was cut short (a line break inside an unquoted
 * cell, a lost tail): its missing cells must not be read as "not stated", which would give a wrong
 * amount with no word. (Trailing columns with no header may be left out; a workbook's rows end at
 * their last filled cell, so this is for CSV only.)
 */
export function cutShort(plan: ColumnPlan, cells: readonly string[]): RowProblem | undefined {
  const n = plan.columns.length;
  if (cells.length >= n || !plan.columns.slice(cells.length).some((c) => c.header !== '')) return undefined;
  return {
    message: `has ${cells.length} cell${cells.length === 1 ? '' : 's'} but the header has ${n} columns: the row is cut short (a line break inside a cell needs "quotes")`,
    zh: `只有 ${cells.length} 个单元格，但表头有 ${n} 列：此行被截断（单元格内换行时须加英文双引号）`,
  };
}

/** Parses the cells of one row with the same rules (and messages) as a project file. */
export function parseRow(plan: ColumnPlan, cells: string[], row: number): ParsedRow {
  const parsed: ParsedRow = { row, facts: {}, entries: new Map(), errors: [] };
  const { columns } = plan;
  if (cells.length > columns.length) {
    const extra = cells.slice(columns.length).filter((c) => !isBlank(c));
    if (extra.length) {
      parsed.errors.push({
        message: `has ${cells.length} cells but the header has ${columns.length} columns (a comma inside a cell needs "quotes")`,
        zh: `有 ${cells.length} 个单元格，但表头只有 ${columns.length} 列（单元格内有逗号时须加英文双引号）`,
      });
    }
  }
  for (let i = 0; i < columns.length; i++) {
    const raw = cells[i];
    // Most cells of a wide sheet are empty: skip them before any other work.
    if (raw === undefined || raw === '' || blank(raw)) continue;
    const { role, header } = columns[i] as ColumnPlan['columns'][number];
    if (role.role === 'fact') {
      const seen = plan.parsed[i] as Map<string, Parsed<FactValue>>;
      let r = seen.get(raw);
      if (!r) {
        r = parseFactValue(role.fact, raw);
        if (seen.size < PARSED_CACHE) seen.set(raw, r);
      }
      if (!r.ok) {
        const zh = r.zh ?? r.message;
        parsed.errors.push({
          header,
          path: role.fact.path,
          message: r.message.includes(raw.trim()) ? r.message : `"${raw}": ${r.message}`,
          zh: zh.includes(raw.trim()) ? zh : `“${raw}”：${zh}`,
        });
        continue;
      }
      if (role.fact.list) {
        let entry = parsed.entries.get(role.fact.list);
        if (!entry) {
          entry = {};
          parsed.entries.set(role.fact.list, entry);
        }
        entry[role.fact.name] = r.value;
      } else parsed.facts[role.fact.name] = r.value;
    } else if (role.role === 'applicant-id') parsed.applicantId = raw.trim();
    else if (role.role === 'project-id') parsed.projectId = raw.trim();
  }
  return parsed;
}

/** A value's canonical text, for comparing what two rows of one applicant say. */
function same(a: FactValue, b: FactValue): boolean {
  if (Money.isDecimal(a) && Money.isDecimal(b)) return (a as Money).eq(b as Money);
  return a === b;
}

const requiredCache = new WeakMap<Policy, FactColumn[]>();

function requiredFacts(policy: Policy): FactColumn[] {
  let found = requiredCache.get(policy);
  if (!found) {
    found = [...policy.facts.values()].filter((f) => f.def.required);
    requiredCache.set(policy, found);
  }
  return found;
}

export interface EvaluateGroupOptions {
  asOf: string;
  /** The readings chosen with --reading (the others take the policy's default). */
  readings?: Record<string, string>;
  /** The workbook sheet the rows come from, named in their error messages. */
  sheet?: string;
}

/**
 * Evaluates one applicant (one row, or adjacent rows sharing an applicant id) and gives one
 * result per row, in order. A row with errors is reported and left out of the applicant's case;
 * the other rows are still evaluated, with a warning that the applicant's caps did not see it.
 */
export function evaluateGroup(policy: Policy, rows: ParsedRow[], options: EvaluateGroupOptions): RowResult[] {
  const facts: Case['facts'] = {};
  const factRow: Record<string, number> = {};
  for (const r of rows) {
    if (r.errors.length) continue;
    for (const [name, value] of Object.entries(r.facts)) {
      const before = facts[name];
      if (before === undefined) {
        facts[name] = value;
        factRow[name] = r.row;
      } else if (!same(before, value)) {
        r.errors.push({
          header: name,
          message: `"${String(value)}" differs from "${String(before)}" on row ${factRow[name]} of the same applicant (${r.applicantId ?? ''}); state the applicant's facts once, or the same on every row`,
          zh: `“${String(value)}”与同一申请单位（${r.applicantId ?? ''}）第 ${factRow[name]} 行的“${String(before)}”不同；申请单位的信息请只填一次，或每行相同`,
        });
      }
    }
  }
  // A required fact no valid row states leaves the applicant without it: every row says so
  // (none can be evaluated), naming a row with an error when that row may have held it.
  const unstated = requiredFacts(policy).filter((f) => facts[f.name] === undefined);
  if (unstated.length) {
    const invalidRows = rows.filter((r) => r.errors.length).map((r) => r.row);
    const because = invalidRows.length ? ` (row ${invalidRows.join(', ')} of the same applicant is invalid)` : '';
    const okRows = rows.filter((r) => !r.errors.length);
    for (const r of okRows) {
      const becauseZh = invalidRows.length ? `（同一申请单位的第 ${invalidRows.join('、')} 行无效）` : '';
      for (const fact of unstated) r.errors.push({ header: fact.path, message: `is required: ${fact.label.en} (${fact.label.zh})${because}`, zh: `必须填写${fact.label.zh}${becauseZh}` });
    }
  }
  const valid = rows.filter((r) => !r.errors.length);
  const results: RowResult[] = rows.map((r) => {
    // Assigned one by one (no object spreads): this runs for every row of a long sheet.
    const res: RowResult = { row: r.row, status: r.errors.length ? 'invalid' : 'does-not-apply', items: new Map(), unquantified: [], cannotDetermine: [] };
    if (r.applicantId !== undefined) res.applicantId = r.applicantId;
    if (r.projectId !== undefined) res.projectId = r.projectId;
    if (typeof r.facts.name === 'string') res.applicant = r.facts.name;
    const project = projectName(policy, r);
    if (project !== undefined) res.project = project;
    if (r.errors.length) {
      res.problems = r.errors;
      res.error = r.errors.map((p) => rowProblemText(r.row, p, options.sheet)).join('; ');
      res.errorZh = r.errors.map((p) => rowProblemText(r.row, p, options.sheet, 'zh')).join('；');
    }
    for (const note of r.notes ?? []) addWarning(res, note);
    return res;
  });
  if (valid.length === 0) return results;
  if (valid.length < rows.length) {
    const bad = rows.filter((r) => r.errors.length).map((r) => r.row);
    const warning = {
      en: `the applicant's row${bad.length > 1 ? 's' : ''} ${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} invalid and left out: its per-applicant caps are computed without ${bad.length > 1 ? 'them' : 'it'}`,
      zh: `同一申请单位的第 ${bad.join('、')} 行无效，已排除：单位上限的计算未包含${bad.length > 1 ? '这些行' : '该行'}`,
    };
    for (const res of results) if (res.status !== 'invalid') addWarning(res, warning);
  }

  const { case: c, owner } = groupCase(facts, valid, rows);
  // No condition traces: a batch never shows them, and statuses and amounts are the same without.
  const result = evaluate(policy, c, { asOf: options.asOf, trace: false, ...(options.readings ? { readings: options.readings } : {}) });
  attribute(policy, result, rows.indexOf(valid[0] as ParsedRow), owner, results);
  const applicantName = typeof facts.name === 'string' ? facts.name : undefined;
  for (const res of results) {
    if (res.status === 'invalid') continue;
    if (applicantName !== undefined) res.applicant = applicantName;
  }
  return results;
}

/**
 * The applicant's case: its facts, and each list's entries in row order; `owner` gives, for each
 * list, the position in `rows` of the row each entry came from.
 */
export function groupCase(facts: Case['facts'], valid: ParsedRow[], rows: ParsedRow[] = valid): { case: Case; owner: Map<string, number[]> } {
  const lists: Case['lists'] = {};
  const owner = new Map<string, number[]>();
  valid.forEach((r) => {
    const at = rows.indexOf(r);
    for (const [list, entry] of r.entries) {
      const entries = lists[list] ?? [];
      entries.push(entry);
      lists[list] = entries;
      let rowsOfList = owner.get(list);
      if (!rowsOfList) {
        rowsOfList = [];
        owner.set(list, rowsOfList);
      }
      rowsOfList.push(at);
    }
  });
  return { case: { facts, lists, parameters: {} }, owner };
}

/** The row's own name for its entry: the first text field it states (项目名称, 平台名称 …). */
function projectName(policy: Policy, r: ParsedRow): string | undefined {
  for (const [listId, entry] of r.entries) {
    const list = policy.lists.get(listId);
    if (!list) continue;
    for (const field of list.fields.values()) {
      const v = entry[field.name];
      if (field.type === 'text' && typeof v === 'string') return v;
    }
  }
  return undefined;
}


/** Hands every line of the applicant's result to the row it came from. */
export function attribute(policy: Policy, result: EvaluationResult, firstRow: number, owner: Map<string, number[]>, results: RowResult[]) {
  // Per row, the best status of its lines: does-not-apply < cannot-determine < applies.
  const best: Status[] = results.map(() => 'does-not-apply');
  for (const res of results) if (res.status !== 'invalid') res.total = { low: ZERO, high: ZERO };
  // Read through the outcomes, not the lines: with no trace, a line's details are built only when read.
  forEachLineOutcome(result, ({ item, status, record, missing: lineMissing, amount }) => {
    const at = record ? (owner.get(record.list)?.[record.index] ?? firstRow) : firstRow;
    const res = results[at] as RowResult;
    // A line saying "no entries of this list at all" is about the applicant, not this row.
    const noEntries = !record && status === 'cannot-determine' && lineMissing.some((m) => policy.lists.has(m));
    if (status === 'applies') best[at] = 'applies';
    else if (!noEntries && best[at] === 'does-not-apply') best[at] = 'cannot-determine';
    if (status === 'applies') {
      if (item.kind === 'unquantified') {
        if (!res.unquantified.includes(item.id)) res.unquantified.push(item.id);
      } else if (amount) {
        const had = res.items.get(item.id);
        res.items.set(item.id, had ? { low: had.low.plus(amount.low), high: had.high.plus(amount.high) } : amount);
        const total = res.total as Range;
        res.total = { low: total.low.plus(amount.low), high: total.high.plus(amount.high) };
      }
    } else if (status === 'cannot-determine' && !noEntries) {
      const missing = [...new Set(lineMissing.map((m) => m.replace(/\[\d+\]/g, '')))];
      const had = res.cannotDetermine.find((x) => x.item === item.id);
      if (had) {
        for (const m of missing) if (!had.missing.includes(m)) had.missing.push(m);
      } else res.cannotDetermine.push({ item: item.id, missing });
    }
  });
  results.forEach((res, i) => {
    if (res.status !== 'invalid') res.status = best[i] as Status;
  });
}

/** The rows of one applicant: adjacent rows with the same non-blank applicant id. */
export function sameApplicant(a: ParsedRow, b: ParsedRow): boolean {
  return a.applicantId !== undefined && a.applicantId !== '' && a.applicantId === b.applicantId;
}
