import type { ChalkInstance } from 'chalk';
import type { EvaluationResult, ItemResult } from '../../engine/result.js';
import { layoutWidth } from '../table.js';
import { displayWidth, wrapParagraph } from '../wrap.js';
import { buildExplainView, type ExplainOptions, type ExplainView, type Node } from './view.js';

// The explanation for a terminal: the view model as an indented tree, marks in colour, every
// line wrapped to the width under its own text (a hanging indent).

const MARKS = { pass: '✓', fail: '✗', missing: '?' } as const;

export function renderExplainText(result: EvaluationResult, items: ItemResult[], opts: ExplainOptions & { chalk: ChalkInstance; width?: number }): string {
  return explainViewText(buildExplainView(result, items, opts), opts.chalk, opts.width);
}

export function explainViewText(view: ExplainView, chalk: ChalkInstance, width?: number): string {
  const cols = layoutWidth(width);
  // A continued line hangs under the text: after a mark, under the text; else two columns in.
  const wrap = (text: string, first: string, style: (s: string) => string = (s) => s, hang = 2) =>
    wrapParagraph(text, cols, first, ' '.repeat(displayWidth(first) + hang)).map(style);
  const out: string[] = view.header.flatMap((l) => wrap(l, '', (s) => chalk.bold(s)));
  const colour = (mark: Node['mark'], s: string) => (mark === 'pass' ? chalk.green(s) : mark === 'fail' ? chalk.red(s) : mark === 'missing' ? chalk.yellow(s) : s);
  const emit = (nodes: Node[], depth: number) => {
    for (const n of nodes) {
      const indent = '  '.repeat(depth);
      const lines = wrap(n.text, `${indent}${n.mark ? `${MARKS[n.mark]} ` : ''}`, (s) => s, n.mark ? 0 : 2);
      // The mark is coloured after wrapping, so its escape codes never count towards the width.
      if (n.mark && lines[0]) lines[0] = lines[0].replace(MARKS[n.mark], colour(n.mark, MARKS[n.mark]));
      out.push(...lines);
      if (n.children) emit(n.children, depth + 1);
    }
  };
  for (const b of view.items) {
    out.push('', ...wrap(b.heading, '', (s) => chalk.bold(s)));
    emit(b.summary, 1);
    out.push(...wrap(`「${b.quote}」`, `  ${view.quoteLabel}${view.lang === 'zh' ? '：' : ': '}`, (s) => s, 0));
    for (const l of b.lines) {
      out.push(...wrap(l.heading, '  ', (s) => chalk.bold(s)));
      emit(l.nodes, 2);
    }
    emit(b.tail, 1);
  }
  if (view.opportunities.length) {
    out.push('', ...wrap(view.opportunitiesHeading, '', (s) => chalk.bold(s)));
    for (const o of view.opportunities) out.push(...wrap(o, '  • ', (s) => s, 0));
    out.push(...wrap(view.opportunitiesNote, '  ', (s) => chalk.dim(s)));
  }
  out.push('');
  for (const f of view.footer) out.push(...wrap(f, '', (s) => chalk.dim(s), 0));
  return `${out.join('\n')}\n`;
}
