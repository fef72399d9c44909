import type { CaseRecord } from '../case/model.js';
import type { CompiledItem } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { compareDates } from '../values/dates.js';
import { type Money, ZERO } from '../values/money.js';
import type { Line, Range } from './result.js';

// One workshop, factory or centre recognised at several levels (a reading of 分别给予): each level
// pays (each, nothing to do here); only the highest level pays (highest, 就高不重复); or, in date
// order, a higher level pays the difference from what the lower ones already paid (difference, 差额).
// Entries naming the same thing (levels.same_thing), or naming none, are one thing.

const max = (a: Money, b: Money) => (a.gte(b) ? a : b);
export const SAME_THING: Text = {
  zh: '未填写认定对象名称的各项认定视为同一对象',
  en: 'Recognitions that do not name what was recognised are taken to be of the same thing',
};

export function combineLevels(item: CompiledItem, lines: Line[], entries: readonly CaseRecord[]) {
  const levels = item.levels;
  if (!levels || levels.combine === 'each') return;
  const groups = new Map<string, Line[]>();
  for (const line of lines) {
    if (line.status !== 'applies' || !line.perYear) continue;
    const named = levels.sameThing && line.record ? entries[line.record.index]?.[levels.sameThing.name] : undefined;
    const key = typeof named === 'string' ? named : named === undefined ? '' : String(named);
    const g = groups.get(key) ?? [];
    g.push(line);
    groups.set(key, g);
  }
  for (const [key, group] of groups) {
    if (group.length < 2) continue;
    if (key === '') for (const line of group) line.assumptions.push(SAME_THING);
    const ordered = [...group].sort((a, b) => compareDates(a.event?.date ?? '1900-01-01', b.event?.date ?? '1900-01-01') || (a.record?.index ?? 0) - (b.record?.index ?? 0));
    if (levels.combine === 'highest') {
      // The highest award, the earliest of equals, is paid; the others are not.
      const kept = ordered.reduce((best, l) => ((l.perYear as Range).high.gt((best.perYear as Range).high) ? l : best));
      for (const line of ordered) if (line !== kept) step(line, (kept.perYear as Range).high, { low: ZERO, high: ZERO });
    } else {
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
function step(line: Line, amount: Money, after: Range) {
  const before = line.perYear as Range;
  line.caps.push({ scope: 'levels', amount, before, after, bindsLow: after.low.lt(before.low), bindsHigh: after.high.lt(before.high) });
  line.perYear = after;
}
