import type { ConditionTrace, EvaluationResult, ItemResult, Line, ReadingComparison, SharedCapResult } from '../engine/result.js';
import { formatMoney, formatRange, type Unit } from '../values/format.js';
import { colon, type Lang, paren, t, tx } from './i18n.js';

// What the estimate says about time and readings, as lines of text shared by the table and
// markdown renderers: a multi-year amount as "per year × years", the awards whose event is after
// the as-of date (and from when they count), a yearly cap year by year, and the readings that
// would change this case with the total under each alternative.

const W = {
  countsFrom: { zh: (d: string) => `${d} 起计入`, en: (d: string) => `counts from ${d}` },
  year: { zh: (y: number) => `${y}年`, en: (y: number) => `${y}` },
  default: { zh: '默认', en: 'default' },
  used: { zh: '本次采用', en: 'used here' },
  switchWith: { zh: '切换', en: 'switch with' },
  readingsInForce: { zh: '解读', en: 'Readings' },
  earned: { zh: (a: string) => `截至评估日期已到期 ${a}`, en: (a: string) => `${a} due by the as-of date` },
} as const;

/** The amount of a line: per year × years for a multi-year award, else the amount. */
export function lineAmountText(r: ItemResult, line: Line, unit: Unit, lang: Lang): string {
  if (!line.amount) return '';
  const paid = line.instalments ?? [];
  const yearly = line.window !== undefined || r.years > 1;
  if (!yearly || paid.length === 0) return formatRange(line.amount, unit);
  const first = paid[0]?.amount;
  const even = first && paid.every((p) => p.amount.low.eq(first.low) && p.amount.high.eq(first.high));
  if (even && first) return `${formatRange(first, unit)}${t(lang, 'perYear')} × ${paid.length} = ${formatRange(line.amount, unit)}`;
  return `${paid.map((p) => formatRange(p.amount, unit)).join(' + ')} = ${formatRange(line.amount, unit)}`;
}

/** Beside a whole window's amount, what the years begun by the as-of date pay (earned so far). */
export function earnedText(line: Line, unit: Unit, lang: Lang): string | undefined {
  return line.earned ? paren(lang, W.earned[lang](formatRange(line.earned, unit))) : undefined;
}

/** "/单位/年" for a cap per applicant-year, "/项" per record (and "/年" on a multi-year award). */
export function capScopeText(per: 'record' | 'applicant' | 'applicant-year' | 'shared', yearly: boolean, lang: Lang): string {
  const who = per === 'record' ? t(lang, 'perRecord') : t(lang, 'perApplicant');
  return `${who}${per === 'applicant-year' || yearly ? t(lang, 'perYear') : ''}`;
}

/** The failing conditions of a line, when every one of them is a date after the as-of date. */
function notYetFrom(line: Line): string | undefined {
  if (line.status !== 'does-not-apply') return undefined;
  const failing: ConditionTrace[] = [];
  const walk = (c: ConditionTrace) => {
    if (c.kind === 'all') for (const ch of c.children ?? []) walk(ch);
    else if (c.outcome === 'fail') failing.push(c);
  };
  walk(line.conditions);
  if (failing.length === 0 || !failing.every((c) => c.detail === 'after-as-of' && c.countsFrom)) return undefined;
  return failing.map((c) => c.countsFrom as string).sort().at(-1);
}

/** Awards whose only obstacle is time: dated after the as-of date, with the day they count from. */
export function notYetLines(result: EvaluationResult, lang: Lang): string[] {
  const out: string[] = [];
  for (const r of result.items) {
    if (!r.applicants.includes(result.applicant.kind)) continue;
    for (const line of r.lines) {
      const from = notYetFrom(line);
      if (!from) continue;
      const entry = line.record ? (line.record.name ?? tx(lang, line.record.description)) : '';
      out.push(`${r.clause} ${tx(lang, r.title)}${entry ? (lang === 'zh' ? `：${entry}` : `: ${entry}`) : ''} — ${W.countsFrom[lang](from)}`);
    }
  }
  return out;
}

/** A yearly shared cap that cut something: each year that it cut, before → after. */
export function sharedCapLine(s: SharedCapResult, unit: Unit, lang: Lang): string {
  const cap = `${t(lang, 'cap')} ${formatMoney(s.amount, unit)}${t(lang, 'perApplicant')}${t(lang, 'perYear')}`;
  const years = s.years.filter((y) => y.binds && y.year !== undefined);
  if (years.length === 0) return `${s.clause} ${tx(lang, s.title)}${colon(lang)}${formatRange(s.before, unit)} → ${formatRange(s.after, unit)}${paren(lang, cap)}`;
  const parts = years.map((y) => `${W.year[lang](y.year as number)} ${formatRange(y.before, unit)} → ${formatRange(y.after, unit)}`);
  return `${s.clause} ${tx(lang, s.title)}${colon(lang)}${parts.join(lang === 'zh' ? '；' : '; ')}${paren(lang, cap)}`;
}

/** Each reading that would change this case: its question, and the total under each alternative. */
export function readingLines(comparisons: ReadingComparison[], unit: Unit, lang: Lang): string[] {
  return comparisons.map((c) => {
    const alts = c.alternatives.map((a) => {
      const marks = [a.isDefault ? W.default[lang] : '', a.chosen ? W.used[lang] : ''].filter(Boolean).join(lang === 'zh' ? '，' : ', ');
      const switchHint = a.chosen ? '' : lang === 'zh' ? `，${W.switchWith[lang]} --reading ${c.id}=${a.id}` : `, ${W.switchWith[lang]} --reading ${c.id}=${a.id}`;
      const note = marks || switchHint ? (lang === 'zh' ? `（${[marks, switchHint.replace(/^，/, '')].filter(Boolean).join('，')}）` : ` (${[marks, switchHint.replace(/^, /, '')].filter(Boolean).join(', ')})`) : '';
      // A total that leaves out items this reading cannot decide (a fact it needs is missing) says so.
      const open = a.changes.filter((ch) => ch.status === 'cannot-determine').map((ch) => ch.id);
      const undecided = open.length ? (lang === 'zh' ? `（无法判断：${open.join('、')}）` : ` (cannot determine: ${open.join(', ')})`) : '';
      return `${tx(lang, a.label)}${note}${colon(lang)}${formatRange(a.total, unit)}${undecided}`;
    });
    return `${c.clause} ${c.id} — ${tx(lang, c.question)} ${alts.join(lang === 'zh' ? '；' : '; ')}`;
  });
}

/** "Readings: scope=whole-fund" when some reading other than the default is in force. */
export function readingsHeadline(result: EvaluationResult, lang: Lang): string | undefined {
  const chosen = (result.readings ?? []).filter((r) => !r.isDefault);
  if (chosen.length === 0) return undefined;
  return `${W.readingsInForce[lang]}${colon(lang)}${chosen.map((r) => `${r.id}=${r.alternative}`).join(', ')}`;
}
