import type { ChalkInstance } from 'chalk';
import type { EvaluationResult, ItemResult } from '../../engine/result.js';
import { buildExplainView, type ExplainOptions, type ExplainView, type Node } from './view.js';

// The explanation for a terminal: the view model as an indented tree, marks in colour.

const MARKS = { pass: '✓', fail: '✗', missing: '?' } as const;

export function renderExplainText(result: EvaluationResult, items: ItemResult[], opts: ExplainOptions & { chalk: ChalkInstance }): string {
  return explainViewText(buildExplainView(result, items, opts), opts.chalk);
}

export function explainViewText(view: ExplainView, chalk: ChalkInstance): string {
  const out: string[] = view.header.map((l) => chalk.bold(l));
  const colour = (mark: Node['mark'], s: string) => (mark === 'pass' ? chalk.green(s) : mark === 'fail' ? chalk.red(s) : mark === 'missing' ? chalk.yellow(s) : s);
  const emit = (nodes: Node[], depth: number) => {
    for (const n of nodes) {
      const mark = n.mark ? `${colour(n.mark, MARKS[n.mark])} ` : '';
      out.push(`${'  '.repeat(depth)}${mark}${n.text}`);
      if (n.children) emit(n.children, depth + 1);
    }
  };
  for (const b of view.items) {
    out.push('', chalk.bold(b.heading));
    emit(b.summary, 1);
    out.push(`  ${view.quoteLabel}: 「${b.quote}」`);
    for (const l of b.lines) {
      out.push(`  ${chalk.bold(l.heading)}`);
      emit(l.nodes, 2);
    }
    emit(b.tail, 1);
  }
  if (view.opportunities.length) {
    out.push('', chalk.bold(view.opportunitiesHeading));
    for (const o of view.opportunities) out.push(`  • ${o}`);
    out.push(chalk.dim(`  ${view.opportunitiesNote}`));
  }
  out.push('');
  for (const f of view.footer) out.push(chalk.dim(f));
  return `${out.join('\n')}\n`;
}
