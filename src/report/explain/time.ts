import type { BasisFactor, CapStep, ConditionTrace, EvaluationResult, ItemResult, Line } from '../../engine/result.js';
import type { PeriodBounds, WindowSpec } from '../../policy/model.js';
import { formatMoney, formatRange, type Unit } from '../../values/format.js';
import { colon, type Lang, tx } from '../i18n.js';
import type { Node } from './view.js';

// Time and readings in `subsidy explain`: what a dated event or a window of years requires, why a
// date does not count (not yet, before the policy, after its end), the years of a window with what
// each pays, a cap per year, and the readings that would change the item.

const T = {
  inPeriod: {
    zh: (from: string, until: string | undefined, asOf: string) => `政策期内：${from}（政策发布）起${until ? `至 ${until}（政策终止）` : ''}，且不晚于 ${asOf}（评估日期）`,
    en: (from: string, until: string | undefined, asOf: string) => `within the policy's period: from ${from} (issued)${until ? ` to ${until} (ended)` : ''}, and by ${asOf} (as of)`,
  },
  window: {
    zh: (years: number, after: number, from: string) => `连续${years}年${after ? `，自该日满${after}年起` : '，自该日起'}，至少一年始于政策发布日 ${from} 之后`,
    en: (years: number, after: number, from: string) => `${years} consecutive years${after ? `, from ${after} year${after > 1 ? 's' : ''} after this date` : ' from this date'}, at least one beginning on or after the issue date ${from}`,
  },
  fromIssue: { zh: '；起点早于政策发布日的，自发布日起算', en: '; a start before the issue date moves to it' },
  countsFrom: { zh: (d: string) => `（${d} 起计入）`, en: (d: string) => ` (counts from ${d})` },
  afterEnd: { zh: (d: string) => `（晚于政策终止日 ${d}）`, en: (d: string) => ` (after the policy ended, ${d})` },
  windowBefore: { zh: '（各年均始于政策发布之前）', en: ' (every year begins before the policy was issued)' },
  windowHeading: {
    zh: (start: string, n: number, counted: number) => `年度（${start} 起，共 ${n} 年，其中 ${counted} 年在政策期内）`,
    en: (start: string, n: number, counted: number) => `Years (from ${start}, ${n} in all, ${counted} within the policy's period)`,
  },
  shifted: { zh: '（按解读自政策发布日起算）', en: ' (moved to the issue date by the reading)' },
  yearN: { zh: (n: number) => `第${n}年`, en: (n: number) => `Year ${n}` },
  beforeIssueYear: { zh: '始于政策发布之前，不计', en: 'begins before the policy was issued: not paid' },
  afterEndYear: { zh: '始于政策终止之后，不计', en: 'begins after the policy ended: not paid' },
  future: { zh: '（晚于评估日期，届时发放）', en: ' (after the as-of date: due then)' },
  year: { zh: (y: number) => `${y}年`, en: (y: number) => `${y}` },
  levelsHighest: { zh: '就高不重复：同一对象已按更高级别奖励', en: 'Highest level only: the same thing is paid at a higher level' },
  levelsDifference: { zh: '升级补差：同一对象此前已奖励', en: 'Difference on upgrade: already paid for the same thing' },
  readings: { zh: '解读', en: 'Readings' },
  under: { zh: (id: string, alt: string) => `按 ${id}=${alt}`, en: (id: string, alt: string) => `under ${id}=${alt}` },
  defaultMark: { zh: '（默认）', en: ' (default)' },
  accrual: { zh: (days: number, from: string, to: string) => `${days}/360（${from} 至 ${to}）`, en: (days: number, from: string, to: string) => `${days}/360 (${from} to ${to})` },
  yearlyShared: {
    zh: (y: string, before: string, after: string) => `${y}：${before} → ${after}`,
    en: (y: string, before: string, after: string) => `${y}: ${before} → ${after}`,
  },
} as const;

/** What an event or window leaf requires. */
export function periodRequirement(c: ConditionTrace, lang: Lang, asOf: string, value: PeriodBounds | WindowSpec | undefined, issued: string): string | undefined {
  if (c.op === 'in_period') {
    const b = value as PeriodBounds | undefined;
    return T.inPeriod[lang](b?.from ?? issued, b?.until, asOf);
  }
  if (c.op === 'window') {
    const w = value as WindowSpec | undefined;
    return `${T.window[lang](w?.years ?? Number(c.expected), w?.afterYears ?? 0, w?.from ?? issued)}${w?.fromIssue ? T.fromIssue[lang] : ''}`;
  }
  return undefined;
}

/** Why a date does not count, beyond "before the issue date". */
export function dateDetail(c: ConditionTrace, lang: Lang, ends: string | undefined): string | undefined {
  if (c.detail === 'after-end') return T.afterEnd[lang](ends ?? '');
  if (c.detail === 'before-issue' && c.op === 'window') return T.windowBefore[lang];
  // "A full year" keeps its own words (met from …); an event or a window counts from its date.
  if (c.detail === 'after-as-of' && c.countsFrom && c.op !== 'at_least_years_ago') return T.countsFrom[lang](c.countsFrom);
  return undefined;
}

/** The years of a window, each with what it pays or why it does not count. */
export function windowNode(line: Line, lang: Lang, unit: Unit): Node | undefined {
  const w = line.window;
  if (!w) return undefined;
  const children = w.years.map((y) => {
    const what = y.counts
      ? `${y.amount ? formatRange(y.amount, unit) : ''}${y.future ? T.future[lang] : ''}`
      : y.reason === 'after-end'
        ? T.afterEndYear[lang]
        : T.beforeIssueYear[lang];
    return { mark: y.counts ? ('pass' as const) : ('fail' as const), text: `${T.yearN[lang](y.n)} ${y.from}–${y.to}${colon(lang)}${what}` };
  });
  const why = w.why ? `${tx(lang, w.why)}; ` : '';
  return { text: `${why}${T.windowHeading[lang](w.start, w.years.length, w.counted)}${w.shifted ? T.shifted[lang] : ''}`, children };
}

/** A cap step's name when it is per year, or the levels reading's. */
export function stepPrefix(step: CapStep, lang: Lang): string {
  return step.year !== undefined ? `${T.year[lang](step.year)} ` : '';
}

export function levelsText(step: CapStep, lang: Lang, unit: Unit): string | undefined {
  if (step.scope !== 'levels') return undefined;
  if (step.label) return `${tx(lang, step.label)}${colon(lang)}${formatRange(step.before, unit)} → ${formatRange(step.after, unit)}`;
  const name = step.after.high.isZero() && step.before.high.lte(step.amount) && step.before.high.gt(0) && !step.after.low.gt(0) ? T.levelsHighest[lang] : T.levelsDifference[lang];
  return `${name} ${formatMoney(step.amount, unit)}${colon(lang)}${formatRange(step.before, unit)} → ${formatRange(step.after, unit)}`;
}

export function accrualText(f: BasisFactor, lang: Lang): string | undefined {
  if (f.kind !== 'accrual' || f.days === undefined) return undefined;
  return `${tx(lang, f.label)} [${f.path}] ${T.accrual[lang](f.days, f.from ?? '', f.to ?? '')}`;
}

/** A shared cap per year, year by year. */
export function sharedYears(sc: EvaluationResult['sharedCaps'][number], lang: Lang, unit: Unit): Node[] {
  return sc.years
    .filter((y) => y.year !== undefined)
    .map((y) => ({ text: T.yearlyShared[lang](T.year[lang](y.year as number), formatRange(y.before, unit), formatRange(y.after, unit)) }));
}

/** The readings that would change this item: what it would be under each other alternative. */
export function readingNodes(result: EvaluationResult, r: ItemResult, lang: Lang, unit: Unit, statusWord: (s: ItemResult['status']) => string): Node | undefined {
  const touching = (result.alternatives ?? []).filter((c) => c.alternatives.some((a) => a.changes.some((ch) => ch.id === r.id)));
  if (touching.length === 0) return undefined;
  const children: Node[] = [];
  for (const c of touching) {
    const chosen = c.alternatives.find((a) => a.chosen);
    children.push({ text: `${c.id}=${c.chosen}${chosen?.isDefault ? T.defaultMark[lang] : ''}${colon(lang)}${tx(lang, c.question)}` });
    for (const a of c.alternatives) {
      const change = a.changes.find((ch) => ch.id === r.id);
      if (!change) continue;
      const amount = change.amount ? ` ${formatRange(change.amount, unit)}` : '';
      children.push({ text: `${T.under[lang](c.id, a.id)}${colon(lang)}${statusWord(change.status)}${amount}` });
    }
  }
  return { text: T.readings[lang], children };
}
