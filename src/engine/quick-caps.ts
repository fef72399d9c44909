import type { CaseRecord } from '../case/model.js';
import type { CompiledItem } from '../policy/model.js';
import type { Text } from '../policy/schema.js';
import { yearOf } from '../values/dates.js';
import { type LevelView, levelGroups, SAME_THING } from './levels.js';
import { type ItemPlan, NO_TEXTS, NONE, NOT_APPLYING, type QuickInstalment, type QuickItem, type QuickLine } from './quick-plan.js';

// The quick path's steps across lines (quick.ts), each as its decimal counterpart does it, in fen:
// levels (levels.ts), instalments (item.ts), caps across lines and shared caps (caps.ts), and the
// item's status and amount (item.ts finishItem).

/** As levels.ts: several levels of one thing pay each, the highest only, or the difference. */
const QUICK_LINES: LevelView<QuickLine> = {
  pays: (line) => line.status === 'applies' && line.paid,
  index: (line) => line.index,
  date: (line) => line.eventDate,
};

export function combineLevels(levels: NonNullable<CompiledItem['levels']>, lines: QuickLine[], entries: readonly CaseRecord[]) {
  for (const { unnamed, ordered, repeats } of levelGroups(levels, lines, entries, QUICK_LINES)) {
    if (repeats.length === 0 && levels.combine === 'each') continue;
    if (unnamed) for (const line of [...ordered, ...repeats]) line.assumptions = [...line.assumptions, SAME_THING];
    for (const line of repeats) {
      line.low = 0;
      line.high = 0;
    }
    if (levels.combine === 'highest' && ordered.length > 1) {
      const kept = ordered.reduce((best, l) => (l.high > best.high ? l : best));
      for (const line of ordered) {
        if (line === kept) continue;
        line.low = 0;
        line.high = 0;
      }
    } else if (levels.combine === 'difference') {
      let paidLow = 0;
      let paidHigh = 0;
      for (const line of ordered) {
        const { low, high } = line;
        line.low = Math.max(0, low - paidLow);
        line.high = Math.max(0, high - paidHigh);
        paidLow = Math.max(paidLow, low);
        paidHigh = Math.max(paidHigh, high);
      }
    }
  }
}

/** As item.ts setInstalments: once in the event's year, or each counted year of a window. */
export function setInstalments(plan: ItemPlan, line: QuickLine) {
  if (line.status !== 'applies' || !line.paid) return;
  const { low, high } = line;
  if (line.window) {
    const w = plan.item.window;
    const byEnd = w?.yearOf === 'end';
    const future = w?.futureYears !== false;
    const out: QuickInstalment[] = [];
    for (const y of line.window.years) if (y.counts && (future || !y.future)) out.push({ year: yearOf(byEnd ? y.to : y.from), n: y.n, low, high });
    line.instalments = out;
  } else if (plan.years > 1) {
    line.instalments = Array.from({ length: plan.years }, (_, i) => ({ year: undefined, n: i + 1, low, high }));
  } else line.instalments = null;
}

export function sharesOf(lines: QuickLine[]): QuickInstalment[] {
  const out: QuickInstalment[] = [];
  for (const line of lines) {
    if (line.status !== 'applies' || line.instalments === undefined) continue;
    if (line.instalments === null) out.push(line);
    else for (const i of line.instalments) out.push(i);
  }
  return out;
}

/** A cap per applicant and year: each calendar year's shares allocated on their own, as byYear groups them. */
export function allocateByYear(shares: QuickInstalment[], cap: number) {
  // The usual shapes, without grouping: one year only; or one share per year, in year order (a
  // window's years), where each share meets the cap alone.
  let distinct = true;
  let same = true;
  for (let i = 1; i < shares.length; i++) {
    const before = (shares[i - 1] as QuickInstalment).year;
    const year = (shares[i] as QuickInstalment).year;
    if (year !== before) same = false;
    if (year === undefined || before === undefined || year <= before) distinct = false;
  }
  if (same) allocate(shares, cap);
  else if (distinct) for (const s of shares) allocate1(s, cap);
  else for (const group of byYear(shares)) allocate(group, cap);
}

function allocate1(s: QuickInstalment, cap: number) {
  if (s.high <= cap) return;
  if (s.low > cap) s.low = cap;
  s.high = cap;
}

/** As caps.ts byYear: by calendar year, in year order (no year first). */
function byYear(shares: QuickInstalment[]): QuickInstalment[][] {
  if (shares.length <= 1) return shares.length === 0 ? [] : [shares];
  const first = (shares[0] as QuickInstalment).year;
  if (shares.every((s) => s.year === first)) return [shares];
  const groups = new Map<number | undefined, QuickInstalment[]>();
  for (const s of shares) {
    const g = groups.get(s.year) ?? [];
    g.push(s);
    groups.set(s.year, g);
  }
  return [...groups].sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)).map((g) => g[1]);
}

/** As caps.ts allocate: the sum lowered to the cap, the last shares first. */
export function allocate(shares: QuickInstalment[], cap: number) {
  let sumHigh = 0;
  for (const s of shares) sumHigh += s.high;
  if (sumHigh <= cap) return;
  let leftLow = cap;
  let leftHigh = cap;
  for (const s of shares) {
    if (s.low > leftLow) s.low = leftLow;
    if (s.high > leftHigh) s.high = leftHigh;
    leftLow -= s.low;
    leftHigh -= s.high;
  }
}

/** As item.ts finishItem: the item's status, missing facts, assumptions and amount from its lines. */
export function finish(q: QuickItem, plan: ItemPlan) {
  if (q === NOT_APPLYING) return;
  let applies = false;
  let undetermined = false;
  for (const line of q.lines) {
    if (line.status === 'applies') applies = true;
    else undetermined = true;
  }
  q.status = applies ? 'applies' : undetermined ? 'cannot-determine' : 'does-not-apply';
  let low = 0;
  let high = 0;
  let assumptions: Text[] | undefined;
  // Sets beside the lists: one applicant of 20,000 rows has 20,000 lines (linear, not 20,000²).
  let missingSeen: Set<string> | undefined;
  let assumed: Set<string> | undefined;
  for (const line of q.lines) {
    if (q.status === 'cannot-determine') {
      if (q.missing === NONE) q.missing = [];
      missingSeen ??= new Set(q.missing);
      for (const m of line.missing) {
        if (missingSeen.has(m)) continue;
        missingSeen.add(m);
        q.missing.push(m);
      }
    }
    if (line.status !== 'applies') continue;
    for (const a of line.assumptions) {
      assumptions ??= [];
      assumed ??= new Set();
      if (assumed.has(a.zh)) continue;
      assumed.add(a.zh);
      assumptions.push(a);
    }
    if (line.instalments === null) {
      low += line.low;
      high += line.high;
    } else if (line.instalments) {
      for (const i of line.instalments) {
        low += i.low;
        high += i.high;
      }
    }
  }
  if (q.status === 'applies') {
    q.assumptions = assumptions ? [...plan.assumptions, ...assumptions] : plan.assumptions.length ? [...plan.assumptions] : NO_TEXTS;
    if (plan.amount) q.amount = { low, high };
  }
}

