import type { CaseRecord } from '../case/model.js';
import type { ListInfo } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { perItem } from './caches.js';
import type { Line } from './result.js';

// The entries of a case's lists as the result refers to them: each entry's case path
// (projects[2]) and how a person would name it.

/** An entry as the lines of every item over its list name it: its case path and its reference. */
export interface EntryRef {
  entry: CaseRecord;
  path: string;
  record: NonNullable<Line['record']>;
}

// Several items read the same list (a case's recognitions are read by every recognition item): an
// entry's path and name are built once per entry, and shared read-only by the lines that cite it.
const entryRefCache = new WeakMap<readonly CaseRecord[], EntryRef[]>();

export function entryRefs(listId: string, entries: readonly CaseRecord[], list: ListInfo | undefined): EntryRef[] {
  let refs = entryRefCache.get(entries);
  if (!refs) {
    refs = [];
    entryRefCache.set(entries, refs);
  }
  // A list may grow or change between evaluations (the interview adds entries): refresh what differs.
  if (refs.length > entries.length) refs.length = entries.length;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index] as CaseRecord;
    if (refs[index]?.entry === entry) continue;
    const name = list ? recordName(entry, list) : undefined;
    refs[index] = {
      entry,
      path: `${listId}[${index}]`,
      record: Object.freeze({
        list: listId,
        index,
        itemLabel: list?.itemLabel ?? { zh: '条目', en: 'entry' },
        ...(typeof name === 'string' ? { name } : name ? { description: name } : {}),
      }),
    };
  }
  return refs;
}

/** A field that can name an entry: text (labels undefined), a date (null), or a choice (its labels). */
interface NamingField {
  name: string;
  labels: Map<string, Text> | null | undefined;
}

const namingCache = new WeakMap<ListInfo, NamingField[]>();

/** The label of each choice id: the first choice of an id names it, as a search of the choices would. */
export function choiceLabels(choices: readonly { id: string; label: Text }[]): Map<string, Text> {
  const labels = new Map<string, Text>();
  for (const ch of choices) if (!labels.has(ch.id)) labels.set(ch.id, ch.label);
  return labels;
}

function namingFields(list: ListInfo): NamingField[] {
  return perItem(namingCache, list, () => {
    const fields: NamingField[] = [];
    for (const field of list.fields.values()) {
      if (field.type === 'text') fields.push({ name: field.name, labels: undefined });
      else if (field.type === 'date') fields.push({ name: field.name, labels: null });
      else if (field.type === 'enum') fields.push({ name: field.name, labels: choiceLabels(field.choices) });
    }
    return fields;
  });
}

/**
 * How to name an entry to a person: its text fields (name, acquirer …) if it has any, else the
 * Chinese labels of its choices and its dates ("自治区级 示范智能车间 2019-05-01").
 */
function recordName(record: CaseRecord, list: ListInfo): string | Text | undefined {
  const zh: string[] = [];
  const en: string[] = [];
  for (const field of namingFields(list)) {
    const v = record[field.name];
    if (typeof v !== 'string') continue;
    if (field.labels === undefined) return v;
    if (field.labels === null) {
      zh.push(v);
      en.push(v);
    } else {
      const label = field.labels.get(v);
      zh.unshift(label?.zh ?? v);
      en.unshift(label?.en ?? v);
    }
  }
  return zh.length ? { zh: zh.join(' '), en: en.join(', ') } : undefined;
}
