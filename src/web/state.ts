import { type Case, isBlank, type Lang, type Policy, parseFactValue, todayIso } from '../index.js';
import { type Answers, type FieldFact, type RawAnswer, toCase } from '../questions/index.js';

// The working case as the page holds it: every answer as typed (3500万 stays 3500万), what was
// marked "don't know", and the choices of reading. The server keeps nothing between requests: the
// form carries the whole case, so a post with JavaScript off, a live update and a saved file all
// read it the same way.

export type ListState = 'unknown' | 'none';

export interface WorkState {
  lang: Lang;
  asOf: string;
  answers: Answers;
  /** Case paths marked "don't know": left unstated, listed under "to gather". */
  dontKnow: Set<string>;
  /** A list with no entries: not known whether there are any, or stated none. */
  emptyLists: Record<string, ListState>;
  readings: Record<string, string>;
  /** Rates of items with a range, pinned to one value (item id → rate as typed). */
  pins: Record<string, string>;
}

/** A field's problem, in both languages; the page shows the one it speaks. */
export interface FieldError {
  en: string;
  zh: string;
}

export const DONT_KNOW = '?';

export function emptyState(lang: Lang, asOf = todayIso()): WorkState {
  return { lang, asOf, answers: { facts: {}, lists: {} }, dontKnow: new Set(), emptyLists: {}, readings: {}, pins: {} };
}

const FIELD = /^([a-z0-9_-]+)\[(\d+)\]\.([a-z0-9_-]+)$/;
/** Entries per list posted at most: a project file allows 1,000. */
export const MAX_ENTRIES = 1000;

/** The state from a posted form (its entries in order); unknown names are ignored. */
export function stateFromForm(policy: Policy, pairs: Iterable<[string, string]>, fallbackLang: Lang): WorkState {
  const all = [...pairs];
  const get = (k: string) => all.find(([n]) => n === k)?.[1];
  const lang = get('lang') === 'zh' || get('lang') === 'en' ? (get('lang') as Lang) : fallbackLang;
  const asOf = (get('as_of') ?? '').trim() || todayIso();
  const s = emptyState(lang, asOf);
  for (const list of policy.lists.values()) {
    const n = Math.min(MAX_ENTRIES, Math.max(0, Number.parseInt(get(`n:${list.id}`) ?? '0', 10) || 0));
    s.answers.lists[list.id] = Array.from({ length: n }, () => ({}));
    if (get(`list:${list.id}`) === 'none') s.emptyLists[list.id] = 'none';
  }
  for (const [name, value] of all) {
    if (name === 'dk') {
      s.dontKnow.add(value);
      continue;
    }
    if (name.startsWith('reading:')) {
      if (value) s.readings[name.slice(8)] = value;
      continue;
    }
    if (name.startsWith('pin:')) {
      if (value.trim()) s.pins[name.slice(4)] = value.trim();
      continue;
    }
    const m = FIELD.exec(name);
    if (m) {
      const entries = s.answers.lists[m[1] as string];
      const field = policy.lists.get(m[1] as string)?.fields.get(m[3] as string);
      const entry = entries?.[Number(m[2])];
      if (field && entry) put(field, value, (v) => (entry[field.name] = v), () => s.dontKnow.add(name));
      continue;
    }
    const fact = policy.facts.get(name);
    if (fact) put(fact, value, (v) => (s.answers.facts[name] = v), () => s.dontKnow.add(name));
  }
  applyOp(s, get('op'));
  return s;
}

/** A posted value: a select's "?" is "don't know"; yes/no become booleans; blank is no answer. */
function put(fact: FieldFact, value: string, set: (v: RawAnswer) => void, dontKnow: () => void): void {
  if (value === DONT_KNOW) dontKnow();
  else if (fact.type === 'boolean' && (value === 'true' || value === 'false')) set(value === 'true');
  else if (value.trim() !== '') set(value);
}

/** Add or remove a list entry (the buttons of the form): add:projects, remove:projects:2. */
function applyOp(s: WorkState, op: string | undefined): void {
  const add = /^add:([a-z0-9_-]+)$/.exec(op ?? '');
  const entries = add ? s.answers.lists[add[1] as string] : undefined;
  if (add && entries && entries.length < MAX_ENTRIES) entries.push({});
  const remove = /^remove:([a-z0-9_-]+):(\d+)$/.exec(op ?? '');
  if (!remove) return;
  const id = remove[1] as string;
  const at = Number(remove[2]);
  const list = s.answers.lists[id];
  if (!list || at >= list.length) return;
  list.splice(at, 1);
  // Don't-know marks follow their entries: those after the removed one move up.
  const moved = new Set<string>();
  for (const p of s.dontKnow) {
    const m = FIELD.exec(p);
    if (!m || m[1] !== id) moved.add(p);
    else if (Number(m[2]) < at) moved.add(p);
    else if (Number(m[2]) > at) moved.add(`${id}[${Number(m[2]) - 1}].${m[3]}`);
  }
  s.dontKnow = moved;
}

/** Every answer that cannot be read, by case path, with what was expected. */
export function fieldErrors(policy: Policy, s: WorkState): Map<string, FieldError> {
  const errors = new Map<string, FieldError>();
  const check = (path: string, fact: FieldFact | undefined, raw: RawAnswer) => {
    if (!fact || s.dontKnow.has(path)) return;
    const r = parseFactValue(fact, raw);
    if (!r.ok) errors.set(path, { en: r.message, zh: r.zh ?? r.message });
  };
  for (const [name, raw] of Object.entries(s.answers.facts)) check(name, policy.facts.get(name), raw);
  for (const [id, entries] of Object.entries(s.answers.lists)) {
    const list = policy.lists.get(id);
    entries.forEach((e, i) => {
      for (const [name, raw] of Object.entries(e)) check(`${id}[${i}].${name}`, list?.fields.get(name), raw);
    });
  }
  return errors;
}

/**
 * The answers the engine is given: readable answers only, "don't know" left out (unstated, never
 * "no"); a list with no entries is left out unless stated none.
 */
export function usableAnswers(s: WorkState, errors: Map<string, FieldError>): Answers {
  const ok = (path: string) => !errors.has(path) && !s.dontKnow.has(path);
  const facts: Answers['facts'] = {};
  for (const [name, raw] of Object.entries(s.answers.facts)) if (ok(name)) facts[name] = raw;
  const lists: Answers['lists'] = {};
  for (const [id, entries] of Object.entries(s.answers.lists)) {
    if (entries.length === 0) {
      if (s.emptyLists[id] === 'none' && !s.dontKnow.has(id)) lists[id] = [];
      continue;
    }
    lists[id] = entries.map((e, i) => Object.fromEntries(Object.entries(e).filter(([name]) => ok(`${id}[${i}].${name}`))));
  }
  return { facts, lists };
}

/** The case the engine evaluates, with the field errors found on the way. */
export function caseOf(policy: Policy, s: WorkState): { case: Case; errors: Map<string, FieldError> } {
  const errors = fieldErrors(policy, s);
  return { case: toCase(policy, usableAnswers(s, errors)), errors };
}

/** A raw value from a project file, as the form holds it: enums by id, yes/no as booleans, the rest as written. */
export function rawFromFile(fact: FieldFact, value: unknown): RawAnswer | undefined {
  if (isBlank(value) || typeof value === 'object') return undefined;
  if (fact.type === 'enum' || fact.type === 'boolean') {
    const r = parseFactValue(fact, value);
    if (r.ok && (typeof r.value === 'string' || typeof r.value === 'boolean')) return r.value;
  }
  return typeof value === 'boolean' ? value : String(value);
}
