import type { EvaluationResult, ItemResult } from '../../engine/result.js';
import { buildExplainView, type ExplainOptions, type ExplainView, type Node } from './view.js';

// The explanation as Markdown: an item per heading, the view model's tree as nested lists.

const MARKS = { pass: '✓', fail: '✗', missing: '?' } as const;

export function renderExplainMarkdown(result: EvaluationResult, items: ItemResult[], opts: ExplainOptions): string {
  return explainViewMarkdown(buildExplainView(result, items, opts));
}

export function explainViewMarkdown(view: ExplainView): string {
  const out: string[] = view.header.map((l) => `- ${l}`);
  const emit = (nodes: Node[], depth: number) => {
    for (const n of nodes) {
      out.push(`${'  '.repeat(depth)}- ${n.mark ? `${MARKS[n.mark]} ` : ''}${n.text}`);
      if (n.children) emit(n.children, depth + 1);
    }
  };
  for (const b of view.items) {
    out.push('', `## ${b.heading}`, '');
    emit(b.summary, 0);
    out.push('', `> ${view.quoteLabel}: ${b.quote}`);
    for (const l of b.lines) {
      out.push('', `### ${l.heading}`, '');
      emit(l.nodes, 0);
    }
    if (b.tail.length) {
      out.push('');
      emit(b.tail, 0);
    }
  }
  if (view.opportunities.length) {
    out.push('', `## ${view.opportunitiesHeading}`, '');
    for (const o of view.opportunities) out.push(`- ${o}`);
    out.push('', view.opportunitiesNote);
  }
  out.push('');
  for (const f of view.footer) out.push(`> ${f}`);
  return `${out.join('\n')}\n`;
}
