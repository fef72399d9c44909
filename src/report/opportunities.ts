import type { Opportunity, OpportunityNeed } from '../engine/opportunities.js';
import { formatRange, type Unit } from '../values/format.js';
import type { Lang } from './i18n.js';

/** How many opportunities the estimate lists under its table; explain lists them all. */
export const ESTIMATE_OPPORTUNITIES = 5;

const W = {
  or: { zh: '，或 ', en: ', or ' },
  add: { zh: '新增', en: 'add a' },
  yes: { zh: '是', en: 'yes' },
  no: { zh: '否', en: 'no' },
  from: { zh: '起满足', en: 'met from' },
  more: { zh: (n: number) => `另有 ${n} 项，运行 subsidy explain 查看全部`, en: (n: number) => `${n} more: run subsidy explain to see them all` },
} as const;

function needText(n: OpportunityNeed, lang: Lang, unit: Unit): string {
  if (n.entry) {
    const adds = n.adds ? `（+${formatRange(n.adds, unit)}）` : '';
    return lang === 'zh' ? `${n.entry.zh}${adds}` : `${n.entry.en}${adds.replace('（', ' (').replace('）', ')')}`;
  }
  const label = n.label[lang];
  if (n.reachedOn) return lang === 'zh' ? `${label}（${n.reachedOn} ${W.from.zh}）` : `${label} (${W.from.en} ${n.reachedOn})`;
  const value = n.neededLabel?.[lang] ?? (n.needed === 'true' ? W.yes[lang] : n.needed === 'false' ? W.no[lang] : (n.needed ?? ''));
  return value ? `${label}: ${value}` : label;
}

/** One opportunity in a line: where, what it would add, and what it needs. */
export function opportunityText(o: Opportunity, lang: Lang, unit: Unit): string {
  const entry = o.entry ? `${lang === 'zh' ? '：' : ': '}${o.entry.name ?? o.entry.description?.[lang] ?? `#${o.entry.index + 1}`}` : '';
  const head = `${o.clause} ${o.title[lang]}${entry}: +${formatRange(o.adds, unit)}`;
  if (o.kind === 'new-entry') {
    const what = o.missing[0]?.label[lang] ?? '';
    const alternatives = o.missing.map((n) => needText(n, lang, unit)).join(W.or[lang]);
    return lang === 'zh' ? `${head} — ${W.add.zh}${what}：${alternatives}` : `${head} — ${W.add.en} ${what}: ${alternatives}`;
  }
  return `${head} — ${o.missing.map((n) => needText(n, lang, unit)).join(lang === 'zh' ? '；' : '; ')}`;
}

/** The "opportunities" section under the estimate table: the best few, and how many more there are. */
export function opportunityLines(opps: Opportunity[], lang: Lang, unit: Unit, limit = ESTIMATE_OPPORTUNITIES): string[] {
  const lines = opps.slice(0, limit).map((o) => opportunityText(o, lang, unit));
  if (opps.length > limit) lines.push(W.more[lang](opps.length - limit));
  return lines;
}
