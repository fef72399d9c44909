import type { ChalkInstance } from 'chalk';
import type { Opportunity } from '../engine/opportunities.js';
import type { EvaluationResult } from '../engine/result.js';
import type { Policy } from '../policy/model.js';
import type { Unit } from '../values/format.js';
import { fitColumns, type GridColumn, type GridRow, renderGrid } from './grid.js';
import { type Lang, paren, t } from './i18n.js';
import { opportunityLines } from './opportunities.js';
import { amountHeader, buildEstimateView, type EstimateRow, type EstimateView, headline } from './view.js';
import { displayWidth, pad, wrapLines, wrapParagraph } from './wrap.js';

/** The width laid out for when none is known (not a terminal, no --width): the classic terminal. */
export const DEFAULT_WIDTH = 80;
/** Narrower than this, nothing reads well; --width below it is raised to it. */
export const MIN_WIDTH = 40;

export interface TextOptions {
  lang: Lang;
  unit: Unit;
  chalk: ChalkInstance;
  opportunities?: Opportunity[];
  /** The policy, to name unstated facts by their labels. */
  policy?: Policy;
  /** Display columns to lay out for (the terminal's, or --width); DEFAULT_WIDTH when not given. */
  width?: number;
}

export function layoutWidth(width: number | undefined): number {
  return Math.max(MIN_WIDTH, Math.floor(width ?? DEFAULT_WIDTH));
}

/**
 * The estimate for a terminal, no line wider than the width: a table when its columns fit
 * readably, else each row stacked as labelled lines. Every paragraph below it wraps with a
 * hanging indent.
 */
export function renderTable(result: EvaluationResult, opts: TextOptions): string {
  const { lang, unit, chalk } = opts;
  const width = layoutWidth(opts.width);
  const view = buildEstimateView(result, lang, unit, opts.policy);
  const out: string[] = headline(result, lang).flatMap((l) => wrapParagraph(l, width, '', '  ').map((x) => chalk.bold(x)));
  out.push('');
  if (view.rows.length === 0) out.push(...wrapParagraph(t(lang, 'nothingApplies'), width));
  else out.push(...estimateTable(view, opts, width));
  if (view.quotable) out.push(...wrapParagraph(`${view.quotable.range}${paren(lang, view.quotable.note)}`, width, `${t(lang, 'quotable')}${lang === 'zh' ? '：' : ': '}`, '  ').map((l) => chalk.bold(l)));
  out.push(...sections(view, opts, width));
  out.push('');
  for (const f of view.footer) out.push(...wrapParagraph(f, width).map((l) => chalk.dim(l)));
  return `${out.join('\n')}\n`;
}

function estimateTable(view: EstimateView, opts: TextOptions, width: number): string[] {
  const { chalk, lang, unit } = opts;
  const columns: GridColumn[] = [
    { header: view.header[0] as string, nowrap: true },
    { header: view.header[1] as string, readable: 20 },
    { header: view.header[2] as string, align: 'right' },
    { header: view.header[3] as string, align: 'right' },
    { header: view.header[4] as string, readable: 12 },
    { header: amountHeader(view.header[5] as string, unit, lang), align: 'right' },
  ];
  const rows: GridRow[] = view.rows.map((r) => [
    r.clause,
    { text: r.entry ? `${r.title}\n└ ${r.entry}` : r.title, style: (l) => (l.startsWith('└') || l.startsWith('  ') ? chalk.dim(l) : l) },
    r.basis,
    r.rate,
    { text: r.cap, style: r.capped ? (l) => chalk.yellow(l) : undefined },
    { text: r.earned ? `${r.amount}\n${r.earned.trim()}` : r.amount, style: (l) => chalk.green(l) },
  ]);
  const widths = fitColumns(columns, [...rows, ['', '', '', '', '', view.total]], width);
  if (widths) {
    const style = chalk.level > 0 ? { border: (s: string) => chalk.gray(s), head: (s: string) => chalk.cyan(s) } : undefined;
    return renderGrid(columns, rows, widths, { style, footer: [{ text: t(lang, 'total'), style: (l) => chalk.bold(l) }, { text: view.total, style: (l) => chalk.bold(l) }] });
  }
  return stacked(view, opts, width);
}

/** Each row as a block: clause and item, then one labelled line per column. */
function stacked(view: EstimateView, opts: TextOptions, width: number): string[] {
  const { chalk, lang, unit } = opts;
  const labels = [view.header[2], view.header[3], view.header[4], amountHeader(view.header[5] as string, unit, lang)] as string[];
  const labelWidth = Math.max(...labels.map(displayWidth));
  const field = (label: string, value: string, style: (l: string) => string = (l) => l) => {
    const prefix = `    ${pad(label, labelWidth)}  `;
    const indent = ' '.repeat(displayWidth(prefix));
    return wrapLines(value, Math.max(8, width - displayWidth(prefix))).map((l, i) => `${i === 0 ? prefix : indent}${style(l)}`);
  };
  const out: string[] = [];
  view.rows.forEach((r: EstimateRow, i) => {
    if (i > 0) out.push('');
    out.push(...wrapParagraph(`${r.clause} ${r.title}`, width, '', '  ').map((l) => chalk.bold(l)));
    if (r.entry) out.push(...wrapParagraph(r.entry, width, '  └ ', '    ').map((l) => chalk.dim(l)));
    out.push(...field(labels[0] as string, r.basis));
    out.push(...field(labels[1] as string, r.rate));
    out.push(...field(labels[2] as string, r.cap, r.capped ? (l) => chalk.yellow(l) : undefined));
    out.push(...field(labels[3] as string, r.earned ? `${r.amount}${r.earned}` : r.amount, (l) => chalk.green(l)));
  });
  out.push(chalk.gray('─'.repeat(Math.min(width, 40))));
  out.push(...wrapParagraph(view.total, width, `${pad(t(lang, 'total'), labelWidth + 4)}  `).map((l) => chalk.bold(l)));
  return out;
}

/** The bulleted sections under the table, each paragraph wrapped with a hanging indent. */
function sections(view: EstimateView, opts: TextOptions, width: number): string[] {
  const { chalk, lang, unit } = opts;
  const out: string[] = [];
  const section = (heading: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push('', ...wrapParagraph(heading, width).map((l) => chalk.bold(l)));
    for (const l of lines) out.push(...wrapParagraph(l, width, '  • ', '    '));
  };
  section(t(lang, 'sharedHeading'), view.sharedCaps);
  section(t(lang, 'readingsHeading'), view.readings);
  section(t(lang, 'notYetHeading'), view.notYet);
  section(t(lang, 'opportunitiesHeading'), opportunityLines(opts.opportunities ?? [], lang, unit));
  section(t(lang, 'unquantifiedHeading'), view.unquantified);
  section(t(lang, 'cannotHeading'), view.cannotDetermine);
  section(t(lang, 'assumptionsHeading'), view.assumptions);
  section(t(lang, 'notesHeading'), view.notes);
  return out;
}
