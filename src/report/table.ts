import type { ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { EvaluationResult } from '../engine/result.js';
import type { Unit } from '../values/format.js';
import { type Lang, t, unitSuffix } from './i18n.js';
import type { Opportunity } from '../engine/opportunities.js';
import { opportunityLines } from './opportunities.js';
import { buildEstimateView, headline } from './view.js';
import { wrapText } from './wrap.js';

/** The estimate as a terminal table (cli-table3 measures CJK as double width, so columns line up). */
export function renderTable(
  result: EvaluationResult,
  opts: { lang: Lang; unit: Unit; chalk: ChalkInstance; opportunities?: Opportunity[] },
): string {
  const { lang, unit, chalk } = opts;
  const view = buildEstimateView(result, lang, unit);
  const out: string[] = headline(result, lang).map((l) => chalk.bold(l));
  out.push('');
  if (view.rows.length === 0) {
    out.push(t(lang, 'nothingApplies'));
  } else {
    const table = new Table({
      head: view.header.map((h, i) => (i === 5 ? `${h}${unitSuffix(unit, lang)}` : h)),
      style: { head: chalk.level > 0 ? ['cyan'] : [], border: chalk.level > 0 ? ['grey'] : [] },
      colAligns: ['left', 'left', 'right', 'right', 'left', 'right'],
    });
    for (const r of view.rows) {
      // The entry on its own line under the item's title, so both stay readable when wrapped.
      const item = r.entry ? `${wrapText(r.title, 38)}\n${chalk.dim(wrapText(`└ ${r.entry}`, 38))}` : wrapText(r.title, 38);
      table.push([r.clause, item, r.basis, r.rate, r.capped ? chalk.yellow(wrapText(r.cap, 18)) : wrapText(r.cap, 18), chalk.green(r.amount)]);
    }
    table.push([{ colSpan: 5, content: chalk.bold(t(lang, 'total')) }, { content: chalk.bold(view.total), hAlign: 'right' }]);
    out.push(table.toString());
  }
  const section = (heading: string, lines: string[]) => {
    if (lines.length === 0) return;
    out.push('', chalk.bold(heading));
    for (const l of lines) out.push(`  • ${l}`);
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
  for (const f of view.footer) out.push(chalk.dim(f));
  return `${out.join('\n')}\n`;
}
