import type { FactValue } from '../case/model.js';
import type { FactRef, Policy } from '../policy/model.js';
import type { Field } from '../policy/schema.js';
import type { Parsed } from '../values/money.js';
import { closest } from '../values/suggest.js';

// The columns a batch CSV may have come from the policy's facts, so a second policy brings its own
// columns with no code change. A header may be the fact path (`industry`, `projects.rd_spending`),
// its Chinese or English label (`所属产业领域`, `Industry`), or for a list field the list's label and
// the field's label joined by a dot (`项目.项目名称`); a bare field label works when it names one
// field only.

export type FactColumn = FactRef & { def: Field };

/** Columns that are not facts: they say which rows belong together and echo ids into the output. */
export const APPLICANT_ID = { key: 'applicant_id', zh: '申请单位编号', en: 'Applicant ID' } as const;
export const PROJECT_ID = { key: 'project_id', zh: '项目编号', en: 'Project ID' } as const;

export type ColumnRole =
  | { role: 'fact'; fact: FactColumn }
  | { role: 'applicant-id' }
  | { role: 'project-id' }
  | { role: 'ignored' };

export interface ColumnPlan {
  /** One role per header cell, in header order. */
  columns: { header: string; role: ColumnRole }[];
  /** For error messages: the header as the user wrote it, and the fact path. */
  problems: string[];
  /** Unknown headers, skipped because --ignore-unknown-columns was given. */
  ignored: string[];
  /**
   * Per column, cells already parsed: sheets repeat the same choices, dates and amounts, and a
   * parsed value (text, boolean or an immutable Decimal) can be shared by every row that states it.
   */
  parsed: Map<string, Parsed<FactValue>>[];
}

/** Every fact a CSV row can state, in the policy's order: top-level facts, then list fields. */
export function csvFacts(policy: Policy): FactColumn[] {
  const out: FactColumn[] = [...policy.facts.values()];
  for (const list of policy.lists.values()) out.push(...list.fields.values());
  return out;
}

function normalise(header: string): string {
  return header.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ').replace(/[。．]/g, '.');
}

/** Header spellings → column role, built once per policy. Ambiguous bare labels map to every fact they name. */
function spellings(policy: Policy): Map<string, ColumnRole[]> {
  const map = new Map<string, ColumnRole[]>();
  // A fact path or reserved id is exact: a label that happens to spell it (a field labelled
  // "Name") never makes it ambiguous.
  const exact = new Set<string>();
  const add = (spelling: string, role: ColumnRole, isPath = false) => {
    const key = normalise(spelling);
    if (isPath) {
      if (!exact.has(key)) map.delete(key);
      exact.add(key);
    } else if (exact.has(key)) return;
    const roles = map.get(key) ?? [];
    if (!roles.some((r) => r.role === 'fact' && role.role === 'fact' && r.fact === role.fact)) roles.push(role);
    map.set(key, roles);
  };
  for (const id of [APPLICANT_ID, PROJECT_ID]) {
    const role: ColumnRole = id === APPLICANT_ID ? { role: 'applicant-id' } : { role: 'project-id' };
    add(id.key, role, true);
    for (const s of [id.zh, id.en]) add(s, role);
  }
  for (const fact of policy.facts.values()) {
    add(fact.path, { role: 'fact', fact }, true);
    for (const s of [fact.label.zh, fact.label.en]) add(s, { role: 'fact', fact });
  }
  for (const list of policy.lists.values()) {
    for (const field of list.fields.values()) {
      const role: ColumnRole = { role: 'fact', fact: field };
      add(field.path, role, true);
      add(`${list.label.zh}.${field.label.zh}`, role);
      add(`${list.label.en}.${field.label.en}`, role);
      add(field.label.zh, role);
      add(field.label.en, role);
    }
  }
  return map;
}

const spellingCache = new WeakMap<Policy, Map<string, ColumnRole[]>>();

/**
 * Resolves a header row. Problems (unknown, ambiguous or repeated columns, a required fact with
 * no column) are about the file, not a row: the CLI reports them all and reads no rows.
 */
export function planColumns(policy: Policy, header: string[], ignoreUnknown: boolean): ColumnPlan {
  let known = spellingCache.get(policy);
  if (!known) {
    known = spellings(policy);
    spellingCache.set(policy, known);
  }
  const problems: string[] = [];
  const ignored: string[] = [];
  const columns: ColumnPlan['columns'] = [];
  const seen = new Map<string, string>();
  header.forEach((raw, i) => {
    const header = raw.trim();
    const where = `column ${i + 1} "${header}"`;
    if (header === '') {
      columns.push({ header, role: { role: 'ignored' } });
      return;
    }
    const roles = known.get(normalise(header));
    if (!roles) {
      if (ignoreUnknown) {
        ignored.push(header);
        columns.push({ header, role: { role: 'ignored' } });
        return;
      }
      const hit = closest(header, [...known.keys()].filter((k) => /[a-z]/.test(k) === /[a-z]/i.test(header)));
      problems.push(`${where} is not a fact of the policy${hit ? ` (did you mean "${hit}"?)` : ''}; \`subsidy template csv\` prints the columns, --ignore-unknown-columns skips such columns`);
      columns.push({ header, role: { role: 'ignored' } });
      return;
    }
    if (roles.length > 1) {
      const paths = roles.map((r) => (r.role === 'fact' ? r.fact.path : r.role));
      problems.push(`${where} could mean ${paths.join(' or ')}: use the fact path or "list label.field label" as the header`);
      columns.push({ header, role: { role: 'ignored' } });
      return;
    }
    const role = roles[0] as ColumnRole;
    const key = role.role === 'fact' ? role.fact.path : role.role;
    const before = seen.get(key);
    if (before !== undefined) {
      problems.push(`${where} repeats ${before} (both are ${key})`);
      columns.push({ header, role: { role: 'ignored' } });
      return;
    }
    seen.set(key, where);
    columns.push({ header, role });
  });
  for (const fact of policy.facts.values()) {
    if (fact.def.required && !seen.has(fact.path)) {
      problems.push(`no column for ${fact.path} (${fact.label.zh} / ${fact.label.en}), which every applicant must state`);
    }
  }
  return { columns, problems, ignored, parsed: columns.map(() => new Map()) };
}
