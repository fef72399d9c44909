import { basename } from 'node:path';
import type { Policy } from '../policy/model.js';
import { shareBar } from '../report/html/chart.js';
import { documentHtml, section } from '../report/html/page.js';
import { html } from '../report/html/template.js';
import { counted, word } from '../report/html/words.js';
import { type Lang, t, tx, unitSuffix } from '../report/i18n.js';
import { isolated } from '../values/display.js';
import { formatMoney, formatRange, type Unit } from '../values/format.js';
import { Money } from '../values/money.js';
import type { BatchSummary } from './summary.js';

// `subsidy batch … --report summary.html`: what a whole list of applicants adds up to, for the
// people who plan the year's fund — the totals, each item's sum, the share of the yearly fund,
// the largest awards, and the rows that could not be read.

export interface BatchReportOptions {
  lang: Lang;
  unit: Unit;
  policy: Policy;
  asOf: string;
  generated: string;
  toolVersion: string;
  policyVersion: string;
}

/** A share as a percentage with one decimal, half-up (as the summary on stderr prints it). */
const percent = (v: Money) => `${v.times(100).toDecimalPlaces(1, Money.ROUND_HALF_UP).toFixed(1)}%`;

/** As page.ts list, each item's text from the files isolated (<bdi>) from the page around it. */
function isolatedList(items: readonly string[], cls = 'list') {
  return items.length ? html`<ul class="${cls}">${items.map((i) => html`<li><bdi>${i}</bdi></li>`)}</ul>` : '';
}

export function renderBatchHtml(s: BatchSummary, opts: BatchReportOptions): string {
  const { lang, unit, policy } = opts;
  const sep = lang === 'zh' ? '，' : ', ';
  const title = word(lang, 'batchTitle');
  const meta = [
    [word(lang, 'file'), html`<bdi>${s.file}</bdi> (<bdi>${s.encoding}</bdi>)`],
    [word(lang, 'policy'), [tx(lang, policy.title), tx(lang, policy.file.issuer), policy.file.document].filter(Boolean).join(sep)],
    [word(lang, 'issuedOn'), policy.issued],
    [word(lang, 'asOf'), opts.asOf],
    [word(lang, 'generated'), opts.generated],
    [word(lang, 'versions'), `${word(lang, 'tool')} subsidy-calc ${opts.toolVersion}${sep}${word(lang, 'policyData')} ${opts.policyVersion}`],
  ];
  const counts = [
    [word(lang, 'rowsRead'), s.rows],
    [word(lang, 'valid'), s.valid],
    [word(lang, 'invalid'), s.invalid],
    [word(lang, 'applicants'), s.applicants],
    [word(lang, 'withAward'), s.applicantsWithAward],
  ] as const;
  const items = s.items.filter((i) => i.rows > 0);
  const b = s.budget;
  const fund = b
    ? html`<p>${word(lang, 'fundShare')} ${b.clause} ${formatMoney(b.amount, unit)}: <strong id="fund-share">${percent(b.share.low)}–${percent(b.share.high)}</strong></p>
<figure class="chart">${shareBar(Number(b.share.low.toString()), Number(b.share.high.toString()), { share: `${percent(b.share.low)}–${percent(b.share.high)}`, whole: `100% = ${formatMoney(b.amount, unit)}` })}</figure>
${b.exceeded === 'yes' ? html`<p class="warn">${word(lang, 'fundExceeded')}</p>` : b.exceeded === 'maybe' ? html`<p class="warn">${word(lang, 'fundMaybe')}</p>` : ''}`
    : '';
  const amountHead = `${word(lang, 'sum')}${unitSuffix(unit, lang)}`;
  const body = html`<header class="doc">
<p class="kicker">${title}</p>
<h1><bdi>${basename(s.file)}</bdi></h1>
</header>
<dl class="meta" id="who">${meta.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
<div class="total" id="summary">
<div class="figure"><div class="caption">${word(lang, 'batchTotal')}</div><div class="amount" id="total">${formatRange(s.total, unit)}</div><div class="unit" id="quotable">${t(lang, 'quotable')}${lang === 'zh' ? '（涵盖各种理解）：' : ' (across every reading): '}<strong>${formatRange(s.quotable, unit)}</strong></div><div class="unit">${unit === 'wan' ? (lang === 'zh' ? '单位：万元' : '万 = 10,000 yuan') : lang === 'zh' ? '单位：元' : 'in yuan'}</div></div>
<div class="why"><table class="counts"><tbody>${counts.map(([k, v]) => html`<tr><th>${k}</th><td class="num">${v}</td></tr>`)}</tbody></table></div>
</div>
${section('fund', word(lang, 'fundHeading'), fund, 'keep')}
${section(
  'items',
  word(lang, 'byItem'),
  items.length
    ? html`<table class="items"><thead><tr><th>${t(lang, 'clause')}</th><th>${t(lang, 'item')}</th><th class="num">${word(lang, 'rows')}</th><th class="num">${amountHead}</th></tr></thead>
<tbody>
${items.map((i) => html`<tr><td class="clause">${i.clause}</td><td>${i.title[lang]}</td><td class="num">${i.rows}</td><td class="num">${formatRange(i.total, unit)}</td></tr>\n`)}
<tr class="sum"><td colspan="3">${t(lang, 'total')}</td><td class="num">${formatRange(s.total, unit)}</td></tr>
</tbody></table>`
    : html`<p>${t(lang, 'nothingApplies')}</p>`,
)}
${section(
  'top',
  word(lang, 'topHeading'),
  s.topApplicants.length
    ? html`<table class="top"><thead><tr><th class="num">${word(lang, 'rank')}</th><th>${t(lang, 'id')}</th><th>${word(lang, 'applicant')}</th><th class="num">${word(lang, 'rows')}</th><th class="num">${amountHead}</th></tr></thead>
<tbody>
${s.topApplicants.map((a, i) => html`<tr><td class="num">${i + 1}</td><td><bdi>${a.id ?? ''}</bdi></td><td><bdi>${a.name ?? ''}</bdi></td><td class="num">${a.rows}</td><td class="num">${formatRange(a.total, unit)}</td></tr>\n`)}
</tbody></table>`
    : '',
)}
${section(
  'errors',
  word(lang, 'errorsHeading'),
  s.invalid
    ? html`${isolatedList(s.firstErrors.map((e) => e[lang]), 'list errors')}${s.invalid > s.firstErrors.length ? html`<p class="note">${counted(lang, 'moreErrors', s.invalid - s.firstErrors.length)}</p>` : ''}`
    : html`<p>${word(lang, 'noErrors')}</p>`,
)}
${s.scatteredCount ? section('scattered', word(lang, 'scattered'), isolatedList(s.scatteredApplicants)) : ''}
${s.ignoredColumns.length ? section('ignored', word(lang, 'ignoredColumns'), isolatedList(s.ignoredColumns)) : ''}
<footer class="disclaimer" id="disclaimer">
<h2>${word(lang, 'disclaimerHeading')}</h2>
<p>${word(lang, 'batchNote')}</p>
<p>${word(lang, 'disclaimer')}</p>
</footer>`;
  return documentHtml(lang, `${title} — ${isolated(s.file)}`, body);
}
