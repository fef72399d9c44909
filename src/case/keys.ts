import type { Policy } from '../policy/model.js';

// A project file may name its fields by id (name:, projects:) or by the labels the CSV headers and
// the template use (申请单位名称:, 项目:, Applicant name:), mixed freely, at the top level and in
// list entries. Before the schema reads the file, every label is turned into its id; an id is
// exact (a label never shadows one), and a label two fields share is left as written, so that the
// schema reports it as unknown rather than guessing.

/** A label as people type it: full-width forms folded, case and runs of spaces ignored. */
export function keyOf(text: string): string {
  return text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Label → id for one mapping (the top level, or a list's entries); ambiguous labels are left out. */
export type KeyTable = Map<string, string>;

export interface KeyTables {
  top: KeyTable;
  /** Per list id, its fields' labels. */
  lists: Map<string, KeyTable>;
}

function table(entries: { id: string; labels: string[] }[]): KeyTable {
  const ids = new Set(entries.map((e) => e.id));
  const map = new Map<string, string | null>();
  for (const { id, labels } of entries) {
    for (const label of labels) {
      const key = keyOf(label);
      if (ids.has(key) && key !== id) continue;
      const before = map.get(key);
      map.set(key, before === undefined || before === id ? id : null);
    }
  }
  const out: KeyTable = new Map();
  for (const [k, v] of map) if (v !== null) out.set(k, v);
  return out;
}

const cache = new WeakMap<Policy, KeyTables>();

/** The label tables of a policy's project file (built once per policy). */
export function keyTables(policy: Policy): KeyTables {
  const hit = cache.get(policy);
  if (hit) return hit;
  const top = table([
    ...[...policy.facts.values()].map((f) => ({ id: f.name, labels: [f.label.zh, f.label.en] })),
    ...[...policy.lists.values()].map((l) => ({ id: l.id, labels: [l.label.zh, l.label.en] })),
  ]);
  const lists = new Map<string, KeyTable>();
  for (const list of policy.lists.values()) {
    lists.set(list.id, table([...list.fields.values()].map((f) => ({ id: f.name, labels: [f.label.zh, f.label.en] }))));
  }
  const tables = { top, lists };
  cache.set(policy, tables);
  return tables;
}

/** A key written twice, once by id and once by label (or by two labels): the file is unclear. */
export interface RepeatedKey {
  /** Where the second spelling is: the path to its mapping, and the key as written. */
  at: (string | number)[];
  written: string;
  id: string;
  /** The spelling that came first. */
  first: string;
}

/** A key's id when it is a label of this mapping, else the key as written. */
function idOf(key: string, labels: KeyTable): string {
  return labels.get(keyOf(key)) ?? key;
}

/**
 * Renames the label keys of one mapping in place-preserving order; reports keys that name the same
 * field twice. Returns the mapping unchanged (the same object) when every key is an id.
 */
function renameMapping(data: Record<string, unknown>, labels: KeyTable, at: (string | number)[], repeated: RepeatedKey[]): Record<string, unknown> {
  const keys = Object.keys(data);
  if (labels.size === 0 || keys.every((k) => idOf(k, labels) === k)) return data;
  const out: Record<string, unknown> = {};
  const firstSpelling = new Map<string, string>();
  for (const k of keys) {
    const id = idOf(k, labels);
    const first = firstSpelling.get(id);
    if (first !== undefined) {
      repeated.push({ at, written: k, id, first });
      continue;
    }
    firstSpelling.set(id, k);
    out[id] = data[k];
  }
  return out;
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The project file's data with every label key turned into its id (top level and list entries).
 * `rename` is told of each renamed key (its mapping's path, the key as written, the id), so that a
 * caller holding the YAML document can rename it there too and keep every position.
 */
export function keysToIds(
  data: Record<string, unknown>,
  policy: Policy,
  rename?: (at: (string | number)[], written: string, id: string) => void,
): { data: Record<string, unknown>; repeated: RepeatedKey[] } {
  const tables = keyTables(policy);
  const repeated: RepeatedKey[] = [];
  const note = (at: (string | number)[], obj: Record<string, unknown>, labels: KeyTable) => {
    if (!rename) return;
    for (const k of Object.keys(obj)) {
      const id = idOf(k, labels);
      if (id !== k) rename(at, k, id);
    }
  };
  note([], data, tables.top);
  const top = renameMapping(data, tables.top, [], repeated);
  let out = top;
  for (const list of policy.lists.values()) {
    const entries = top[list.id];
    if (!Array.isArray(entries)) continue;
    const labels = tables.lists.get(list.id) as KeyTable;
    let changed = false;
    const renamed = entries.map((entry, i) => {
      if (!isMapping(entry)) return entry;
      note([list.id, i], entry, labels);
      const r = renameMapping(entry, labels, [list.id, i], repeated);
      if (r !== entry) changed = true;
      return r;
    });
    if (changed) {
      if (out === data) out = { ...data };
      out[list.id] = renamed;
    }
  }
  return { data: out, repeated };
}
