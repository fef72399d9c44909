import type { Opportunity } from '../engine/opportunities.js';
import type { Policy } from '../policy/model.js';
import type { EvaluationResult } from '../engine/result.js';
import type { Unit } from '../values/format.js';
import { type Lang, paren, t } from './i18n.js';
import { opportunityLines } from './opportunities.js';
import { amountHeader, buildEstimateView, headline } from './view.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function renderMarkdown(result: EvaluationResult, opts: { lang: Lang; unit: Unit; opportunities?: Opportunity[]; policy?: Policy }): string {
  const { lang, unit } = opts;
  const view = buildEstimateView(result, lang, unit, opts.policy);
  const out: string[] = headline(result, lang).map((l) => `- ${l}`);
  out.push('');
  if (view.rows.length === 0) out.push(t(lang, 'nothingApplies'));
  else {
    const head = view.header.map((h, i) => (i === 5 ? amountHeader(h, unit, lang) : h));
    out.push(`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i >= 2 && i !== 4 ? ' ---: ' : ' --- ')).join('|')}|`);
    for (const r of view.rows) out.push(`| ${[r.clause, r.item, r.basis, r.rate, r.cap, `${r.amount}${r.earned ?? ''}`].map(cell).join(' | ')} |`);
    out.push(`| **${t(lang, 'total')}** | | | | | **${view.total}** |`);
  }
  if (view.quotable) {
    const q = `**${t(lang, 'quotable')}**${lang === 'zh' ? '：' : ': '}**${view.quotable.range}**${paren(lang, view.quotable.note)}`;
    out.push(...(view.rows.length ? ['', q] : [q]));
  }
  const section = (heading: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push('', `### ${heading}`, '');
    for (const l of lines) out.push(`- ${l}`);
  };
  section(t(lang, 'sharedHeading'), view.sharedCaps);
  section(t(lang, 'readingsHeading'), view.readings);
  section(t(lang, 'notYetHeading'), view.notYet);
  section(t(lang, 'opportunitiesHeading'), opportunityLines(opts.opportunities ?? [], lang, unit));
  section(t(lang, 'unquantifiedHeading'), view.unquantified);
  section(t(lang, 'cannotHeading'), view.cannotDetermine);
  section(t(lang, 'assumptionsHeading'), view.assumptions);
  section(t(lang, 'notesHeading'), view.notes);
  out.push('');
  for (const f of view.footer) out.push(`> ${f}`);
  return `${out.join('\n')}\n`;
}
