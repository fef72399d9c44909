import type { Case, CaseRecord, FactValue } from '../case/model.js';
import { type EvaluateOptions, evaluate } from '../engine/evaluate.js';
import { quotableOf } from '../engine/readings.js';
import type { Range, Status } from '../engine/result.js';
import type { Policy } from '../policy/model.js';
import { Money } from '../values/money.js';
import type { Said } from '../values/said.js';
import { attribute } from './attribute.js';
import type { FactColumn } from './columns.js';

export { cutShort, parseRow } from './read-row.js';
export { attribute };

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
  /** Cells read, but perhaps not as meant (a bare 3500 is 3,500 yuan): counted in the summary. */
  valueWarnings?: number;
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
  /** On the applicant's first valid row, when readings would change its total: the applicant's range to quote. */
  quotable?: Range;
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
  const facts = applicantFacts(rows);
  // A required fact no valid row states leaves the applicant without it: every row says so
  // (none can be evaluated), naming a row with an error when that row may have held it.
  const required = requiredFacts(policy);
  let unstated: FactColumn[] | undefined;
  for (const f of required) {
    if (facts[f.name] !== undefined) continue;
    unstated ??= [];
    unstated.push(f);
  }
  if (unstated) {
    const invalidRows = rows.filter((r) => r.errors.length).map((r) => r.row);
    const because = invalidRows.length ? ` (row ${invalidRows.join(', ')} of the same applicant is invalid)` : '';
    const okRows = rows.filter((r) => !r.errors.length);
    for (const r of okRows) {
      const becauseZh = invalidRows.length ? `（同一申请单位的第 ${invalidRows.join('、')} 行无效）` : '';
      for (const fact of unstated) r.errors.push({ header: fact.path, message: `is required: ${fact.label.en} (${fact.label.zh})${because}`, zh: `必须填写${fact.label.zh}${becauseZh}` });
    }
  }
  const valid = rows.length === 1 && !(rows[0] as ParsedRow).errors.length ? rows : rows.filter((r) => !r.errors.length);
  const results: RowResult[] = [];
  for (const r of rows) {
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
    if (r.notes) for (const note of r.notes) addWarning(res, note);
    results.push(res);
  }
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
  const result = evaluate(policy, c, engineOptions(options));
  attribute(policy, result, rows.indexOf(valid[0] as ParsedRow), owner, results);
  // The applicant's range over the readings (the summary adds these up), on its first valid row.
  const q = quotableOf(policy, c, result);
  const first = results.find((res) => res.status !== 'invalid');
  if (first && (!q.low.eq(result.total.low) || !q.high.eq(result.total.high))) first.quotable = { low: q.low, high: q.high };
  const applicantName = typeof facts.name === 'string' ? facts.name : undefined;
  if (applicantName !== undefined) for (const res of results) if (res.status !== 'invalid') res.applicant = applicantName;
  return results;
}

const engineOptionCache = new WeakMap<EvaluateGroupOptions, EvaluateOptions>();

/** What evaluate is told, made once per batch (the options of a batch's applicants are one object). */
function engineOptions(options: EvaluateGroupOptions): EvaluateOptions {
  let found = engineOptionCache.get(options);
  if (!found) {
    found = options.readings ? { asOf: options.asOf, trace: false, readings: options.readings } : { asOf: options.asOf, trace: false };
    engineOptionCache.set(options, found);
  }
  return found;
}

/**
 * The applicant's facts, from its rows without errors. A row that states a fact differently from
 * an earlier row gets an error (and is left out of the case); what it stated before that fact
 * stays, as it did when rows were merged one fact at a time.
 */
function applicantFacts(rows: ParsedRow[]): Case['facts'] {
  // One row (most applicants): its facts are the applicant's as they are (the engine never changes a case).
  if (rows.length === 1) return (rows[0] as ParsedRow).errors.length ? {} : (rows[0] as ParsedRow).facts;
  const facts: Case['facts'] = {};
  const factRow: Record<string, number> = {};
  for (const r of rows) {
    if (r.errors.length) continue;
    for (const name in r.facts) {
      const value = r.facts[name] as FactValue;
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
  return facts;
}

/**
 * The applicant's case: its facts, and each list's entries in row order; `owner` gives, for each
 * list, the position in `rows` of the row each entry came from.
 */
export function groupCase(
  facts: Case['facts'],
  valid: ParsedRow[],
  rows: ParsedRow[] = valid,
): { case: Case; owner: Map<string, number[]> } {
  const lists: Case['lists'] = {};
  const owner = new Map<string, number[]>();
  // Each row's place among all the applicant's rows, found once (not by a search per row).
  const place = valid === rows ? undefined : new Map(rows.map((r, i) => [r, i]));
  for (let k = 0; k < valid.length; k++) {
    const r = valid[k] as ParsedRow;
    const at = place ? (place.get(r) as number) : k;
    for (const [list, entry] of r.entries) {
      const entries = lists[list];
      if (entries) entries.push(entry);
      else lists[list] = [entry];
      const rowsOfList = owner.get(list);
      if (rowsOfList) rowsOfList.push(at);
      else owner.set(list, [at]);
    }
  }
  return { case: { facts, lists, parameters: {} }, owner };
}

const textFieldCache = new WeakMap<Policy, Map<string, string[]>>();

/** Per list, its text fields in order (the candidates for an entry's name). */
function textFields(policy: Policy): Map<string, string[]> {
  let found = textFieldCache.get(policy);
  if (!found) {
    found = new Map();
    for (const [id, list] of policy.lists) found.set(id, [...list.fields.values()].filter((f) => f.type === 'text').map((f) => f.name));
    textFieldCache.set(policy, found);
  }
  return found;
}

/** The row's own name for its entry: the first text field it states (项目名称, 平台名称 …). */
function projectName(policy: Policy, r: ParsedRow): string | undefined {
  if (r.entries.size === 0) return undefined;
  const fields = textFields(policy);
  for (const [listId, entry] of r.entries) {
    const names = fields.get(listId);
    if (!names) continue;
    for (const name of names) {
      const v = entry[name];
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}

/** The rows of one applicant: adjacent rows with the same non-blank applicant id. */
export function sameApplicant(a: ParsedRow, b: ParsedRow): boolean {
  return a.applicantId !== undefined && a.applicantId !== '' && a.applicantId === b.applicantId;
}
