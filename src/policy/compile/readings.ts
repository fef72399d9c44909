import type { PathSegment } from '../../errors/problem.js';
import { didYouMean } from '../../values/suggest.js';
import type { CompiledReading } from '../model.js';
import type { Item, ItemChange, PolicyFile } from '../schema.js';
import type { Report } from './context.js';
import { quoteMismatch } from './quotes.js';

// Readings: where the text can be read two ways, each reading is declared once (the question, the
// words, the alternatives, the default and why), and each item it touches says what every
// alternative changes in it. The item as written is the default reading.

const CLAUSES = /^(（[一二三四五六七八九十]+）)+$/;

export function compileReadings(file: PolicyFile, sourceText: string, report: Report): CompiledReading[] {
  const seen = new Set<string>();
  return file.readings.map((r, i) => {
    const at: PathSegment[] = ['readings', i];
    if (seen.has(r.id)) report([...at, 'id'], `duplicate reading id "${r.id}"`, r.clause);
    seen.add(r.id);
    if (!CLAUSES.test(r.clause)) report([...at, 'clause'], `a clause is cited as in the text, e.g. （二十四）, got "${r.clause}"`, r.clause);
    if (!sourceText.includes(r.quote)) report([...at, 'quote'], quoteMismatch(r.quote, sourceText), r.clause);
    const ids = r.alternatives.map((a) => a.id);
    ids.forEach((id, j) => {
      if (ids.indexOf(id) !== j) report([...at, 'alternatives', j, 'id'], `duplicate alternative "${id}" of reading "${r.id}"`, r.clause);
    });
    if (!ids.includes(r.default)) {
      report([...at, 'default'], `the default "${r.default}" is not one of the alternatives (${ids.join(', ')})${didYouMean(r.default, ids)}`, r.clause);
    }
    return { id: r.id, clause: r.clause, quote: r.quote, question: r.question, alternatives: r.alternatives, default: r.default, why: r.why, items: [] };
  });
}

/** One way of reading an item: the alternative chosen for each reading that touches it, and the item it gives. */
export interface ItemReading {
  key: string;
  choices: Record<string, string>;
  item: Item;
  /** The first alternative chosen that is not its reading's default: where a problem of this variant is shown. */
  at?: PathSegment[];
}

/**
 * The readings an item names (checked against the declarations) and the item under every
 * combination of their alternatives; the first combination is the defaults'.
 */
export function itemReadings(item: Item, index: number, readings: CompiledReading[], report: Report): { touching: CompiledReading[]; variants: ItemReading[] } {
  const named = item.readings ?? {};
  const at: PathSegment[] = ['items', index, 'readings'];
  const known = readings.map((r) => r.id);
  for (const [rid, changes] of Object.entries(named)) {
    const reading = readings.find((r) => r.id === rid);
    if (!reading) {
      report([...at, rid], `unknown reading "${rid}"${didYouMean(rid, known)}${known.length ? `; the readings are: ${known.join(', ')}` : ': declare it under readings'}`, item.clause);
      continue;
    }
    const alts = reading.alternatives.map((a) => a.id);
    for (const [aid, change] of Object.entries(changes)) {
      if (!alts.includes(aid)) report([...at, rid, aid], `"${aid}" is not an alternative of reading "${rid}" (${alts.join(', ')})${didYouMean(aid, alts)}`, item.clause);
      if (change.window && !item.window) report([...at, rid, aid, 'window'], 'the item has no window to change: give it one (window: start, years)', item.clause);
      if (change.event && !item.event) report([...at, rid, aid, 'event'], 'the item has no dated event to change: give it one (event: date)', item.clause);
    }
  }
  const touching = readings.filter((r) => named[r.id] !== undefined);
  for (const r of touching) r.items.push(item.id);
  // Defaults first, then every other combination, in the declared order of the alternatives.
  let combos: { choices: Record<string, string>; at?: PathSegment[] }[] = [{ choices: {} }];
  for (const r of touching) {
    const order = [r.default, ...r.alternatives.map((a) => a.id).filter((id) => id !== r.default)];
    combos = combos.flatMap((c) =>
      order.map((aid) => ({
        choices: { ...c.choices, [r.id]: aid },
        at: c.at ?? (aid !== r.default ? [...at, r.id, aid] : undefined),
      })),
    );
  }
  const variants = combos.map((c) => {
    let changed: Item = item;
    for (const r of touching) {
      const change = named[r.id]?.[c.choices[r.id] as string];
      if (change) changed = applyChange(changed, change);
    }
    return { key: readingKey(touching, c.choices), choices: c.choices, item: changed, ...(c.at ? { at: c.at } : {}) };
  });
  return { touching, variants };
}

export function readingKey(touching: { id: string }[], choices: Record<string, string>): string {
  return touching.map((r) => `${r.id}=${choices[r.id]}`).join(';');
}

/** The item as an alternative reads it: a condition added, the award or caps replaced, the window or levels adjusted. */
export function applyChange(item: Item, change: ItemChange): Item {
  const out: Item = { ...item };
  if (change.also) out.when = item.when ? { all: [item.when, change.also] } : change.also;
  if (change.award) out.award = change.award;
  if (change.caps) out.caps = change.caps;
  if (change.window && item.window) out.window = { ...item.window, ...change.window };
  if (change.levels) out.levels = { combine: 'each', ...item.levels, ...change.levels };
  if (change.event && item.event) out.event = { ...item.event, ...change.event };
  // The alternatives are compiled as the item itself: they carry no readings of their own.
  delete out.readings;
  return out;
}
