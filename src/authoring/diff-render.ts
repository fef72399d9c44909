import type { Range } from '../engine/result.js';
import { formatRange } from '../values/format.js';
import { toJson } from '../values/json.js';
import type { Mismatch } from './cases.js';
import type { CaseChange, DiffOptions, PolicyDiff, RuleChange } from './diff.js';

// `subsidy policy diff` as text, markdown or JSON: the rules that changed, then the cases whose
// outcome moved, biggest first.

const SIGN = { added: '+', removed: '-', renamed: '~', changed: '~' } as const;

function ruleLine(r: RuleChange): string {
  const head = `${r.subject}${r.clause ? ` ${r.clause}` : ''}`;
  if (r.change === 'added') return `${head}: ${r.what} added: ${r.after ?? ''}`;
  if (r.change === 'removed') return `${head}: ${r.what} removed${r.before ? ` (was ${r.before})` : ''}`;
  if (r.change === 'renamed') return `${head}: renamed from ${r.before}`;
  return `${head}: ${r.what} ${r.before} → ${r.after}`;
}

function caseLine(c: CaseChange): string {
  if (c.problem) return `${c.name}: ${c.problem}`;
  return `${c.name}: ${formatRange(c.before as Range, 'wan')} → ${formatRange(c.after as Range, 'wan')}`;
}

function itemLine(m: Mismatch): string {
  const what = m.subject === 'flagged' ? `flagged${m.clause ? ` ${m.clause}` : ''}` : `${m.subject}${m.clause ? ` ${m.clause}` : ''}`;
  return `${what}: ${m.expected} → ${m.actual}`;
}

export function renderDiff(d: PolicyDiff, opts: DiffOptions): string {
  if (opts.format === 'json') return toJson(d);
  const md = opts.format === 'markdown';
  const out: string[] = [];
  out.push(md ? `### Policy diff: \`${d.old}\` → \`${d.new}\`\n` : `Policy diff: ${d.old} → ${d.new}\n`);
  out.push(md ? `\n#### Rules (${d.rules.length} change${d.rules.length === 1 ? '' : 's'})\n\n` : `\nRules: ${d.rules.length} change${d.rules.length === 1 ? '' : 's'}\n`);
  if (d.rules.length === 0) out.push(md ? 'No rule changed.\n' : '  no rule changed\n');
  for (const r of d.rules) out.push(md ? `- **${r.change}** ${ruleLine(r).replace(/^([^:]+):/, '`$1`:')}\n` : `  ${SIGN[r.change]} ${ruleLine(r)}\n`);
  const o = d.outcomes;
  if (o) {
    const under = d.readings ? `, under ${Object.entries(d.readings).map(([id, alt]) => `${id}=${alt}`).join(', ')}` : '';
    const when = `${o.asOf ? `, as of ${o.asOf}` : ''}${under}`;
    out.push(md ? `\n#### Outcomes on \`${o.corpus}\` (${o.cases} cases${when})\n\n` : `\nOutcomes on ${o.corpus} (${o.cases} cases${when})\n`);
    out.push(md ? `**${o.changedCases} of ${o.cases} cases change.** ` : `  ${o.changedCases} of ${o.cases} cases change\n`);
    const total = `${formatRange(o.totalBefore, 'wan')} → ${formatRange(o.totalAfter, 'wan')}`;
    out.push(md ? `Total over all cases: ${total}.\n` : `  total over all cases: ${total}\n`);
    const top = o.changes.slice(0, opts.top);
    if (top.length) {
      if (md) {
        out.push(`\n| case | before | after | items that moved |\n|---|---|---|---|\n`);
        for (const c of top) {
          const cells = c.problem ? ['', '', c.problem] : [formatRange(c.before as Range, 'wan'), formatRange(c.after as Range, 'wan'), c.items.map(itemLine).join('<br>')];
          out.push(`| ${c.name} | ${cells.map((s) => s.replace(/\|/g, '\\|')).join(' | ')} |\n`);
        }
      } else {
        out.push(`  biggest changes${o.changes.length > top.length ? ` (${top.length} of ${o.changes.length})` : ''}:\n`);
        for (const c of top) {
          out.push(`    ${caseLine(c)}\n`);
          for (const m of c.items) out.push(`      ${itemLine(m)}\n`);
        }
      }
    }
  }
  return out.join('');
}
