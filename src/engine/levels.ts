import type { CaseRecord } from '../case/model.js';
import type { CompiledItem } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { compareDates } from '../values/dates.js';
import { type Money, ZERO } from '../values/money.js';
import type { Line, Range } from './result.js';

// One workshop, factory or centre recognised at several levels (a reading of 分别给予): each level
// pays (each); only the highest level pays (highest, 就高不重复); or, in date
// order, a higher level pays the difference from what the lower ones already paid (difference, 差额).
// Entries naming the same thing (levels.same_thing), or naming none, are one thing.

const max = (a: Money, b: Money) => (a.gte(b) ? a : b);
export const SAME_THING: Text = {
  zh: '未填写认定对象名称的各项认定视为同一对象',
  en: 'Recognitions that do not name what was recognised are taken to be of the same thing',
};

/** How a line of either path is seen when its item's levels are combined. */
export interface LevelView<L> {
  /** It pays an amount (levels combine only those). */
  pays(line: L): boolean;
  /** Its entry's position in the list (-1: none). */
  index(line: L): number;
  /** Its event's date, if any. */
  date(line: L): string | undefined;
}

/** The reason given on a later entry of a recognition already paid at its level. */
export const ALREADY_RECOGNISED: Text = {
  zh: '同一对象已在该级别获认定并奖励（新认定只有一次），本条不再奖励',
  en: 'The same thing was already recognised and paid at this level (it can be newly recognised there only once), so this entry is not paid again',
};

/**
 * The paying lines of one thing recognised more than once, grouped (entries naming the same thing,
 * or none), each group of two or more in date order, then entry order; lines of a group naming
 * nothing rest on the SAME_THING assumption. `repeats` are the later entries of a level the group
 * already holds (paid nothing, whatever the reading); `ordered` the others, which the reading
 * combines. Both paths take the groups this gives.
 */
export function levelGroups<L>(levels: NonNullable<CompiledItem['levels']>, lines: readonly L[], entries: readonly CaseRecord[], view: LevelView<L>): { unnamed: boolean; ordered: L[]; repeats: L[] }[] {
  let paying = 0;
  for (const line of lines) if (view.pays(line)) paying++;
  if (paying < 2) return NO_GROUPS;
  const groups = new Map<string, L[]>();
  for (const line of lines) {
    if (!view.pays(line)) continue;
    const index = view.index(line);
    const named = levels.sameThing && index >= 0 ? entries[index]?.[levels.sameThing.name] : undefined;
    const key = typeof named === 'string' ? named : named === undefined ? '' : String(named);
    const g = groups.get(key) ?? [];
    g.push(line);
    groups.set(key, g);
  }
  const out: { unnamed: boolean; ordered: L[]; repeats: L[] }[] = [];
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    const sorted = [...group].sort((a, b) => compareDates(view.date(a) ?? '1900-01-01', view.date(b) ?? '1900-01-01') || view.index(a) - view.index(b));
    const ordered: L[] = [];
    const repeats: L[] = [];
    const held = new Set<unknown>();
    for (const line of sorted) {
      const index = view.index(line);
      const level = levels.level && index >= 0 ? entries[index]?.[levels.level.name] : undefined;
      if (level !== undefined && held.has(level)) repeats.push(line);
      else {
        if (level !== undefined) held.add(level);
        ordered.push(line);
      }
    }
    out.push({ unnamed: key === '', ordered, repeats });
  }
  return out;
}

const NO_GROUPS: never[] = [];

const LINES: LevelView<Line> = {
  pays: (line) => line.status === 'applies' && line.perYear !== undefined,
  index: (line) => line.record?.index ?? -1,
  date: (line) => line.event?.date,
};

export function combineLevels(item: CompiledItem, lines: Line[], entries: readonly CaseRecord[]) {
  const levels = item.levels;
  if (!levels) return;
  for (const { unnamed, ordered, repeats } of levelGroups(levels, lines, entries, LINES)) {
    if (repeats.length === 0 && levels.combine === 'each') continue;
    if (unnamed) for (const line of [...ordered, ...repeats]) line.assumptions.push(SAME_THING);
    for (const line of repeats) step(line, ZERO, { low: ZERO, high: ZERO }, ALREADY_RECOGNISED);
    if (levels.combine === 'highest' && ordered.length > 1) {
      // The highest award, the earliest of equals, is paid; the others are not.
      const kept = ordered.reduce((best, l) => ((l.perYear as Range).high.gt((best.perYear as Range).high) ? l : best));
      for (const line of ordered) if (line !== kept) step(line, (kept.perYear as Range).high, { low: ZERO, high: ZERO });
    } else if (levels.combine === 'difference') {
      let paid: Range = { low: ZERO, high: ZERO };
      for (const line of ordered) {
        const own = line.perYear as Range;
        const after = { low: max(ZERO, own.low.minus(paid.low)), high: max(ZERO, own.high.minus(paid.high)) };
        if (paid.high.gt(0) || paid.low.gt(0)) step(line, paid.high, after);
        paid = { low: max(paid.low, own.low), high: max(paid.high, own.high) };
      }
    }
  }
}

/** Records what the other levels took (amount: what was already paid or kept) and lowers the line. */
function step(line: Line, amount: Money, after: Range, label?: Text) {
  const before = line.perYear as Range;
  line.caps.push({ scope: 'levels', amount, before, after, bindsLow: after.low.lt(before.low), bindsHigh: after.high.lt(before.high), ...(label ? { label } : {}) });
  line.perYear = after;
}
