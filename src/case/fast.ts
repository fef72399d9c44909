import type { Problem } from '../errors/problem.js';
import { parseYaml, YAML_LIMITS } from '../errors/yaml.js';
import type { Policy } from '../policy/model.js';
import { isBlank, parseFactValue } from './fact-values.js';
import { keysToIds } from './keys.js';
import type { Case, CaseRecord, FactValue } from './model.js';

// The common case read without the schema library: a project file with nothing wrong in it.
// It follows the project schema (src/case/schema.ts) rule for rule and gives the very same Case;
// at the first thing it would have to explain (a YAML error, an unknown field, a value that does
// not parse or reads with a warning, parameter overrides) it gives up, and parseCase reads the
// file again to say what is wrong, with line and column. A property test keeps the two in step.

const EMPTY_LIST_WORDS = ['none', '无', '[]'];

/** At most parseCase's MAX_LIST_ENTRIES (a test checks): a file with more goes the full way. */
export const FAST_MAX_ENTRIES = 1000;

/** Said by factValue when only the full path can say what is wrong (a boolean fact's value may be false). */
const GIVE_UP = Symbol('give up');

/**
 * The plain forms the fast path reads itself: an ISO date, and an amount in digits with at most
 * 万/亿/元. Any other notation (2019/5/1, 2019年5月1日, 三千五百万, 人民币…, full-width digits)
 * goes the full way, whose reading and messages are the ones to keep.
 */
const PLAIN: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  money: /^ *\d[\d,]*(?:\.\d+)? *(?:万元|亿元|万|亿|元)? *$/,
};

/** A value of one fact, as the schema reads it. */
function factValue(fact: Parameters<typeof parseFactValue>[0], raw: unknown): FactValue | undefined | typeof GIVE_UP {
  if (isBlank(raw)) return undefined;
  if (typeof raw === 'object') return GIVE_UP;
  const plain = PLAIN[fact.type];
  if (plain && typeof raw === 'string' && !plain.test(raw)) return GIVE_UP;
  const r = parseFactValue(fact, raw);
  if (!r.ok || (r as { warning?: unknown }).warning !== undefined) return GIVE_UP;
  return r.value;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The case a project file states, or undefined when the file needs the full path (problems or warnings). */
export function readCaseFast(text: string, policy: Policy): Case | undefined {
  // The same YAML reading as parseCase (size, depth and alias limits): any problem goes the full way.
  const { data: written, problems } = parseYaml(text, 'project.yaml', YAML_LIMITS.project, { failsafe: true });
  if (problems.length || !isMapping(written)) return undefined;
  // Keys written as labels (申请单位名称:) read as their ids; a field spelt twice goes the full way.
  const { data, repeated } = keysToIds(written, policy);
  if (repeated.length) return undefined;
  let entries = 0;
  for (const v of Object.values(data)) if (Array.isArray(v)) entries += v.length;
  if (entries > FAST_MAX_ENTRIES) return undefined;
  if (data.policy !== undefined && data.policy !== policy.id) return undefined;
  for (const key of Object.keys(data)) {
    if (key !== 'policy' && !policy.facts.has(key) && !policy.lists.has(key)) return undefined;
  }
  const facts: Case['facts'] = {};
  for (const fact of policy.facts.values()) {
    const v = factValue(fact, data[fact.name]);
    if (v === GIVE_UP) return undefined;
    if (v === undefined) {
      if (fact.def.required) return undefined;
    } else facts[fact.name] = v;
  }
  const lists: Case['lists'] = {};
  for (const list of policy.lists.values()) {
    let raw = data[list.id];
    if (typeof raw === 'string' && EMPTY_LIST_WORDS.includes(raw.trim())) raw = [];
    else if (isBlank(raw)) continue;
    if (!Array.isArray(raw)) return undefined;
    const records: CaseRecord[] = [];
    for (const entry of raw) {
      if (!isMapping(entry)) return undefined;
      for (const key of Object.keys(entry)) if (!list.fields.has(key)) return undefined;
      const record: CaseRecord = {};
      for (const field of list.fields.values()) {
        const v = factValue(field, entry[field.name]);
        if (v === GIVE_UP) return undefined;
        if (v !== undefined) record[field.name] = v;
      }
      records.push(record);
    }
    lists[list.id] = records;
  }
  return { facts, lists, parameters: {}, ...(typeof data.policy === 'string' ? { policy: data.policy } : {}) };
}

/**
 * Reads a project file like parseCase, loading the schema library only when the file has
 * something to report: for commands that start fast.
 */
export async function openCase(text: string, policy: Policy, file: string): Promise<{ case?: Case; problems: Problem[] }> {
  const c = readCaseFast(text, policy);
  if (c) return { case: c, problems: [] };
  const { parseCase } = await import('./load.js');
  return parseCase(text, policy, file);
}
