import type { EvaluationResult } from '../../engine/result.js';
import { colon, paren, t, unitSuffix } from '../i18n.js';
import type { EstimateRow } from '../view.js';
import { rangeChart } from './chart.js';
import { keepAmounts } from './keep.js';
import { documentHtml, list, section, tree } from './page.js';
import { type Html, html } from './template.js';
import { buildReportView, type Detail, type ReportOptions, type ReportView } from './view.js';
import { word } from './words.js';

// `subsidy estimate --format html` and `subsidy explain --format html`: the report a consultant
// hands the client, in the order the client reads it — who and what, the total and what it depends
// on, the items, how each was computed from the policy's own words, then what is still open.

export type { ReportOptions } from './view.js';

/** A table of this many item rows fits a page: it moves whole to the next page rather than split. */
const SHORT_TABLE = 8;

export function renderReportHtml(result: EvaluationResult, opts: ReportOptions): string {
  const v = buildReportView(result, opts);
  const name = result.applicant.name;
  const body = html`${header(v, name)}
${totalBox(v)}
${section('chart', word(v.lang, 'chartHeading'), v.bars.length ? html`<figure class="chart">${rangeChart(v.bars, opts.unit, v.lang, word(v.lang, 'chartHeading'))}</figure>` : '', 'keep')}
${section('items', word(v.lang, 'tableHeading'), html`${itemTable(v, opts)}${v.sharedCaps.length ? html`<h3>${word(v.lang, 'sharedCapsHeading')}</h3>${list(v.sharedCaps)}` : ''}`, v.table.rows.length <= SHORT_TABLE ? 'keep' : undefined)}
${section('details', word(v.lang, v.mode === 'explain' ? 'explainHeading' : 'detailsHeading'), v.details.length ? v.details.map((d) => detail(d, v)) : '', 'part')}
<section class="part" id="open">
${section('judgement', word(v.lang, 'judgementHeading'), judgement(v), 'keep')}
${section('missing', word(v.lang, 'missingHeading'), missing(v))}
${section('opportunities', word(v.lang, 'opportunitiesHeading'), v.opportunities.length ? html`${list(v.opportunities)}<p class="note">${word(v.lang, 'opportunitiesNote')}</p>` : '')}
${section('unquantified', word(v.lang, 'unquantifiedHeading'), list(v.unquantified))}
${section('notes', word(v.lang, 'notesHeading'), list(v.notes))}
${section('readings', word(v.lang, 'readingsHeading'), readings(v))}
${v.fund ? section('fund', word(v.lang, 'fundHeading'), html`<p>${v.fund.clause} ${keepAmounts(v.fund.label)}</p><blockquote><span class="label">${word(v.lang, 'quote')} ${v.fund.clause}</span>${keepAmounts(v.fund.quote)}</blockquote><p>${word(v.lang, 'fundYearly')}${v.lang === 'zh' ? '：' : ': '}<strong>${keepAmounts(v.fund.amount)}</strong></p>`, 'keep') : ''}
</section>
<footer class="disclaimer" id="disclaimer">
<h2>${word(v.lang, 'disclaimerHeading')}</h2>
${v.disclaimer.map((d) => html`<p>${d}</p>`)}
</footer>`;
  return documentHtml(v.lang, name ? `${v.title} — ${name}` : v.title, body);
}

function header(v: ReportView, name: string | undefined): Html {
  return html`<header class="doc">
<p class="kicker">${v.title}</p>
<h1>${name ?? v.who[3]?.value}</h1>
</header>
<dl class="meta" id="who">
${v.who.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}
</dl>`;
}

function totalBox(v: ReportView): Html {
  const why = [...v.total.dependsOn];
  return html`<div class="total" id="summary">
<div class="figure"><div class="caption">${word(v.lang, 'totalHeading')} · ${word(v.lang, 'totalCaption')}</div><div class="amount" id="total">${v.total.text}</div>${v.total.quotable ? html`<div class="unit" id="quotable">${t(v.lang, 'quotable')}${colon(v.lang)}<strong>${v.total.quotable.range}</strong>${paren(v.lang, v.total.quotable.note)}</div>` : ''}${v.total.unitNote ? html`<div class="unit">${v.total.unitNote}</div>` : ''}</div>
<div class="why">
<h3>${word(v.lang, 'dependsOn')}</h3>
${list(why)}
${v.total.notCounted.length ? html`<h3>${word(v.lang, 'notCounted')}</h3>${list(v.total.notCounted)}` : ''}
</div>
</div>`;
}

function itemTable(v: ReportView, opts: ReportOptions): Html {
  if (!v.table.rows.length) return html`<p>${t(v.lang, 'nothingApplies')}</p>`;
  const [clause, item, basis, rate, cap, amount] = v.table.header;
  // The last item row and the total are one unbreakable group (tbody.end): a page break before
  // the total takes an item row with it, so a total never stands alone under a repeated header.
  const rows = v.table.rows.slice(0, -1);
  const last = v.table.rows.slice(-1);
  return html`<table class="items">
<colgroup><col style="width:11%"><col style="width:37%"><col style="width:10%"><col style="width:10%"><col style="width:16%"><col style="width:16%"></colgroup>
<thead><tr><th>${clause}</th><th>${item}</th><th class="num">${basis}</th><th class="num">${rate}</th><th>${cap}</th><th class="num">${amount}${unitSuffix(opts.unit, v.lang)}</th></tr></thead>
${rows.length ? html`<tbody>
${rows.map(itemRow)}</tbody>
` : ''}<tbody class="end">
${last.map(itemRow)}<tr class="sum"><td colspan="5">${t(v.lang, 'total')}</td><td class="num">${v.table.total}</td></tr>
</tbody>
</table>`;
}

const itemRow = (r: EstimateRow): Html =>
  html`<tr><td class="clause">${r.clause}</td><td>${r.title}${r.entry ? html`<span class="entry">${r.entry}</span>` : ''}</td><td class="num">${r.basis}</td><td class="num">${r.rate}</td><td class="cap">${keepAmounts(r.cap)}</td><td class="num amount">${r.amount}${r.earned ? html`<span class="entry">${keepAmounts(r.earned)}</span>` : ''}</td></tr>\n`;

function detail(d: Detail, v: ReportView): Html {
  const explain = v.mode === 'explain';
  return html`<div class="item" id="item-${d.id}">
<h3>${d.heading}</h3>
${explain ? tree(d.summary) : ''}
<blockquote><span class="label">${word(v.lang, 'quote')}</span>${keepAmounts(d.quote)}</blockquote>
${d.lines.map((l) => html`${l.heading ? html`<h4>${l.heading}</h4>` : ''}${explain ? tree(l.nodes) : tree(l.nodes, 'steps')}`)}
${tree(d.tail)}
</div>`;
}

function judgement(v: ReportView): Html {
  const { rates, assumptions } = v.judgement;
  if (!rates.length && !assumptions.length) return html`<p>${word(v.lang, 'nothingToJudge')}</p>`;
  return html`${rates.length ? html`<h3>${word(v.lang, 'expertRates')}</h3>${list(rates)}` : ''}${assumptions.length ? html`<h3>${word(v.lang, 'assumptions')}</h3>${list(assumptions)}` : ''}`;
}

function missing(v: ReportView): Html | '' {
  if (!v.missing.length) return '';
  return html`<p class="note">${word(v.lang, 'missingIntro')}</p>
<table class="missing">
<thead><tr><th style="width:45%">${t(v.lang, 'item')}</th><th>${word(v.lang, 'factsToGather')}</th></tr></thead>
<tbody>
${v.missing.map((m) => html`<tr><td>${m.item}</td><td>${m.facts.join(v.lang === 'zh' ? '；' : '; ')}</td></tr>\n`)}
</tbody>
</table>`;
}

function readings(v: ReportView): Html | '' {
  if (!v.readings.length) return '';
  return html`${v.readings.map(
    (r) =>
      html`<h3>${r.question}</h3><ul class="list">${r.alternatives.map(
        (a) => html`<li>${a.label}${a.total ? html`: <strong>${keepAmounts(a.total)}</strong>` : ''}${a.chosen ? html` <span class="note">(${word(v.lang, 'readingChosen')})</span>` : ''}</li>`,
      )}</ul>`,
  )}`;
}
