import type { ChalkInstance } from 'chalk';
import type { CompiledItem, Policy } from '../policy/model.js';
import { formatMoney, formatRate, type Unit } from '../values/format.js';
import { fitColumns, type GridColumn, type GridRow, renderGrid } from './grid.js';
import { type Lang, t, tx } from './i18n.js';
import { layoutWidth } from './table.js';
import { displayWidth, pad, wrapParagraph } from './wrap.js';

// `subsidy items`: the policy's items as a consultant's cheat sheet.

export interface ItemRow {
  id: string;
  clause: string;
  title: string;
  applicants: string;
  award: string;
  cap: string;
}

function basisLabel(policy: Policy, item: CompiledItem, lang: Lang): string {
  if (item.award.kind !== 'percent') return '';
  if (item.award.basisLabel) return tx(lang, item.award.basisLabel);
  const first = (e: typeof item.award.basis): string => {
    if (e.type === 'fact') return tx(lang, e.fact.label);
    if (e.type === 'param') return tx(lang, policy.parameters.get(e.param)?.label);
    if (e.type === 'accrual') return lang === 'zh' ? '计息天数/360' : 'days of interest / 360';
    return e.factors.map(first).join(' × ');
  };
  return first(item.award.basis);
}

/** "5万 each certificate" / "每种证书5万". */
export function eachText(amount: string, label: { zh: string; en: string }, lang: Lang): string {
  return lang === 'zh' ? `${label.zh}${amount}` : `${amount} ${label.en}`;
}

export function awardText(policy: Policy, item: CompiledItem, lang: Lang, unit: Unit): string {
  const a = item.award;
  const yearly = item.years > 1 ? (lang === 'zh' ? `，连续${item.years}年` : `, yearly for ${item.years} years`) : '';
  switch (a.kind) {
    case 'percent':
      return `${basisLabel(policy, item, lang)} × ${formatRate(a.rate)}${yearly}`;
    case 'fixed':
      return `${a.eachLabel ? eachText(formatMoney(a.amount, unit), a.eachLabel, lang) : formatMoney(a.amount, unit)}${yearly}`;
    case 'up_to':
      return `${t(lang, 'upTo')} ${formatMoney(a.amount, unit)}`;
    case 'fixed_by':
      return [...a.amounts].map(([k, v]) => `${tx(lang, a.by.choices.find((c) => c.id === k)?.label)} ${formatMoney(v, unit)}`).join(' / ');
    case 'unquantified':
      return `${t(lang, a.nature)}${a.ceiling ? ` (${t(lang, 'ceiling')} ${formatMoney(a.ceiling, unit)})` : ''}`;
  }
}

export function itemRows(policy: Policy, lang: Lang, unit: Unit): ItemRow[] {
  const kinds = policy.facts.get('kind')?.choices ?? [];
  return policy.items.map((item) => {
    const caps = item.caps.map((c) => `${formatMoney(c.amount, unit)}${c.per === 'record' ? t(lang, 'perRecord') : t(lang, 'perApplicant')}${item.years > 1 ? t(lang, 'perYear') : ''}`);
    for (const sc of policy.sharedCaps) {
      if (sc.items.includes(item.id)) caps.push(`${formatMoney(sc.amount, unit)}${t(lang, 'perApplicant')}${t(lang, 'perYear')}${lang === 'zh' ? `（${t(lang, 'shared')}）` : ` (${t(lang, 'shared')})`}`);
    }
    return {
      id: item.id,
      clause: item.clause,
      title: tx(lang, item.title),
      applicants: item.applicants.map((k) => tx(lang, kinds.find((c) => c.id === k)?.label) || k).join(lang === 'zh' ? '、' : ', '),
      award: awardText(policy, item, lang, unit),
      cap: caps.join('; ') || '—',
    };
  });
}

const HEAD = (lang: Lang) => [t(lang, 'clause'), t(lang, 'title'), t(lang, 'applicants'), t(lang, 'award'), t(lang, 'cap'), t(lang, 'id')];

/** The cheat sheet for a terminal: a table when it fits the width, else one block per item. */
export function renderItemsTable(policy: Policy, opts: { lang: Lang; unit: Unit; chalk: ChalkInstance; width?: number }): string {
  const { lang, chalk } = opts;
  const width = layoutWidth(opts.width);
  const head = HEAD(lang);
  const rows = itemRows(policy, lang, opts.unit);
  const out = wrapParagraph(`${tx(lang, policy.title)}${lang === 'zh' ? `（${policy.id}）` : ` (${policy.id})`}`, width).map((l) => chalk.bold(l));
  const columns: GridColumn[] = [
    { header: head[0] as string, nowrap: true },
    { header: head[1] as string, readable: 16 },
    { header: head[2] as string, readable: 8 },
    { header: head[3] as string, readable: 16 },
    { header: head[4] as string, readable: 10 },
    { header: head[5] as string, nowrap: true },
  ];
  const grid: GridRow[] = rows.map((r) => [r.clause, r.title, r.applicants, r.award, r.cap, { text: r.id, style: (l) => chalk.dim(l) }]);
  const widths = fitColumns(columns, grid, width);
  if (widths) {
    const style = chalk.level > 0 ? { border: (x: string) => chalk.gray(x), head: (x: string) => chalk.cyan(x) } : undefined;
    out.push(...renderGrid(columns, grid, widths, { style }));
    return `${[...out, ...readingsTail(policy, lang, width, chalk)].join('\n')}\n`;
  }
  const labels = head.slice(2, 5);
  const labelWidth = Math.max(...labels.map(displayWidth));
  for (const r of rows) {
    out.push('', ...wrapParagraph(`${r.clause} ${r.title}`, width, '', '  ').map((l) => chalk.bold(l)));
    out.push(...wrapParagraph(r.id, width, '    ').map((l) => chalk.dim(l)));
    [r.applicants, r.award, r.cap].forEach((value, i) => {
      out.push(...wrapParagraph(value, width, `    ${pad(labels[i] as string, labelWidth)}  `));
    });
  }
  return `${[...out, ...readingsTail(policy, lang, width, chalk)].join('\n')}\n`;
}

const READINGS = { zh: '原文可有两种理解之处（--reading 编号=选项）', en: 'Where the text can be read two ways (--reading ID=ALTERNATIVE)' } as const;

/** The policy's readings under the cheat sheet, wrapped to the width (nothing when it has none). */
function readingsTail(policy: Policy, lang: Lang, width: number, chalk: ChalkInstance): string[] {
  const readings = readingList(policy, lang);
  if (!readings.length) return [];
  return ['', ...wrapParagraph(READINGS[lang], width).map((l) => chalk.bold(l)), ...readings.flatMap((l) => wrapParagraph(l, width, '  • '))];
}

/** The policy's readings, one line each: id, question, alternatives (the default marked) and the items it touches. */
function readingList(policy: Policy, lang: Lang): string[] {
  return policy.readings.map((r) => {
    const alts = r.alternatives.map((a) => `${a.id}${a.id === r.default ? (lang === 'zh' ? '（默认）' : ' (default)') : ''} ${tx(lang, a.label)}`).join(lang === 'zh' ? '；' : '; ');
    return `${r.clause} ${r.id} — ${tx(lang, r.question)} ${alts} → ${r.items.join(', ')}`;
  });
}

export function renderItemsMarkdown(policy: Policy, opts: { lang: Lang; unit: Unit }): string {
  const head = HEAD(opts.lang);
  const out = [`## ${tx(opts.lang, policy.title)} (${policy.id})`, '', `| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const r of itemRows(policy, opts.lang, opts.unit)) {
    out.push(`| ${[r.clause, r.title, r.applicants, r.award, r.cap, `\`${r.id}\``].map((s) => s.replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  const readings = readingList(policy, opts.lang);
  if (readings.length) out.push('', `### ${READINGS[opts.lang]}`, '', ...readings.map((l) => `- ${l}`));
  return `${out.join('\n')}\n`;
}

/** The items as data: every compiled field (amounts as decimal strings by the JSON renderer). */
export function itemsData(policy: Policy) {
  return {
    policy: { id: policy.id, title: policy.title, issued: policy.issued },
    items: policy.items.map((item) => ({
      id: item.id,
      clause: item.clause,
      title: item.title,
      quote: item.quote,
      applicants: item.applicants,
      each: item.each,
      award: item.award.kind === 'fixed_by' ? { kind: 'fixed_by', by: item.award.by.path, amounts: Object.fromEntries(item.award.amounts) } : item.award.kind === 'percent' ? { kind: 'percent', rate: item.award.rate, basis: policy.file.items[item.index]?.award.basis } : item.award,
      caps: item.caps,
      sharedCaps: item.sharedCaps,
      years: item.years,
      ...(item.event ? { event: { date: item.event.fact.path, from: item.event.from, ...(item.event.until ? { until: item.event.until } : {}) } } : {}),
      ...(item.window ? { window: { start: item.window.fact.path, afterYears: item.window.afterYears, years: item.window.years, why: item.window.why } } : {}),
      readings: item.readings,
      assumptions: item.assumptions,
      interpretation: item.interpretation,
    })),
    readings: policy.readings,
  };
}
