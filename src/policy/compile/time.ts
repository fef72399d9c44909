import { parseCalendarDate } from '../../values/dates.js';
import type { CompiledCondition, CompiledItem, PeriodBounds, WindowSpec } from '../model.js';
import type { ItemContext } from './context.js';
import { quoteMismatch } from './quotes.js';

// Time: the dated event an item pays for, or the years of a multi-year award, each judged against
// the policy's period and the as-of date; and how several levels of one recognised thing combine.
// The event and the window become a leaf of the item's conditions (in_period, window), so the
// trace, "why not", the interview's questions and the opportunities all see them like any other.

export interface CompiledTime {
  event?: CompiledItem['event'];
  window?: CompiledItem['window'];
  levels?: CompiledItem['levels'];
  /** The leaf to add to the item's conditions. */
  leaf?: Extract<CompiledCondition, { type: 'leaf' }>;
  /** False when a part could not be compiled (its problems are reported). */
  ok: boolean;
}

export function compileTime(ctx: ItemContext): CompiledTime {
  const { item, at, report } = ctx;
  const clause = item.clause;
  const out: CompiledTime = { ok: true };
  const dateFact = (path: string, where: (string | number)[]) => {
    const fact = ctx.lookupFact(path, item.each, where, clause);
    if (fact && fact.type !== 'date') {
      report(where, `an event's date must be a date fact, but "${fact.path}" is ${fact.type}`, clause);
      return undefined;
    }
    return fact;
  };
  if (item.event && item.window) {
    report([...at, 'window'], 'an item has a dated event or a window of years, not both (the window starts from its own event)', clause);
    out.ok = false;
  }
  if (item.period && item.window) {
    report([...at, 'period'], 'give the years in the window (window.years); period is the older form without a start', clause);
    out.ok = false;
  }
  const bounds = (from: string): PeriodBounds => ({ from, ...(ctx.ends ? { until: ctx.ends } : {}) });

  if (item.event) {
    const e = item.event;
    const fact = dateFact(e.date, [...at, 'event', 'date']);
    let from = ctx.issued;
    if (e.from !== undefined) {
      // Reaching back before the issue date is the text's decision, never the file's: the words must be quoted.
      if (e.quote === undefined) {
        report([...at, 'event', 'from'], 'an event that counts from before the issue date needs the words that say so: add event.quote', clause);
        out.ok = false;
      } else if (!ctx.sourceText.includes(e.quote)) {
        report([...at, 'event', 'quote'], quoteMismatch(e.quote, ctx.sourceText), clause);
        out.ok = false;
      }
      const d = parseCalendarDate(e.from);
      if (!d.ok) {
        report([...at, 'event', 'from'], d.message, clause);
        out.ok = false;
      }
      from = e.from;
    } else if (e.quote !== undefined) {
      report([...at, 'event', 'quote'], 'event.quote goes with event.from (the earlier date the text names)', clause);
    }
    if (!fact) out.ok = false;
    else {
      out.event = { fact, ...bounds(from), ...(e.label ? { label: e.label } : {}) };
      out.leaf = { type: 'leaf', label: e.label, fact, op: 'in_period', value: bounds(from), written: from };
    }
  }

  if (item.window) {
    const w = item.window;
    const fact = dateFact(w.start, [...at, 'window', 'start']);
    if (!fact) out.ok = false;
    else {
      const spec: WindowSpec = {
        ...bounds(ctx.issued),
        afterYears: w.after_years ?? 0,
        years: w.years,
        fromIssue: w.from_issue ?? false,
        yearOf: w.year_of ?? 'start',
        futureYears: w.future_years ?? true,
        ...(w.why ? { why: w.why } : {}),
      };
      out.window = { fact, ...spec };
      out.leaf = { type: 'leaf', fact, op: 'window', value: spec, written: String(w.years) };
    }
  }

  if (item.levels) {
    if (!item.each) {
      report([...at, 'levels'], 'levels combine the entries of a list: the item must say "each:"', clause);
      out.ok = false;
    } else {
      const sameThing = item.levels.same_thing !== undefined ? ctx.lookupFact(item.levels.same_thing, item.each, [...at, 'levels', 'same_thing'], clause) : undefined;
      if (item.levels.same_thing !== undefined && !sameThing) out.ok = false;
      if (item.levels.combine !== 'each' && !item.event) {
        report([...at, 'levels', 'combine'], `"${item.levels.combine}" orders recognitions by date: the item needs an event date`, clause);
        out.ok = false;
      }
      const levelPath = item.levels.level ?? (item.award.kind === 'fixed_by' ? item.award.by : undefined);
      const level = levelPath !== undefined ? ctx.lookupFact(levelPath, item.each, [...at, 'levels', item.levels.level ? 'level' : 'combine'], clause) : undefined;
      if (levelPath !== undefined && !level) out.ok = false;
      out.levels = { combine: item.levels.combine, ...(sameThing ? { sameThing } : {}), ...(level ? { level } : {}) };
    }
  }
  return out;
}
