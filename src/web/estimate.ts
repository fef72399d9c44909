import { compareReadings, type EvaluationResult, evaluate, findOpportunities, type Opportunity, type Policy, policyVersion } from '../index.js';
import { choicesThatMatter, stillOpen, type Target } from '../questions/index.js';
import { keepAmounts } from '../report/html/keep.js';
import { tree } from '../report/html/page.js';
import { type Html, html } from '../report/html/template.js';
import { buildReportView, type ReportView } from '../report/html/view.js';
import { word } from '../report/html/words.js';
import { colon, paren, t, tx } from '../report/i18n.js';
import { buildEstimateView } from '../report/view.js';
import { pinnedPolicy } from './pins.js';
import { caseOf, type FieldError, type WorkState } from './state.js';
import { ww } from './words.js';

// One recompute: the case from the form, evaluated with its readings compared and its
// opportunities found, then the report's own view model, shown as the page's estimate panel.

export interface Computed {
  state: WorkState;
  result: EvaluationResult;
  opportunities: Opportunity[];
  errors: Map<string, FieldError>;
  view: ReportView;
  /** Awards dated after the as-of date, with the day each counts from. */
  notYet: string[];
}

export interface Meta {
  toolVersion: string;
  generated: string;
}

/** The readings posted that the policy has (an unknown id or alternative is ignored). */
export function knownReadings(policy: Policy, chosen: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, alt] of Object.entries(chosen)) {
    const r = policy.readings.find((x) => x.id === id);
    if (r?.alternatives.some((a) => a.id === alt)) out[id] = alt;
  }
  return out;
}

/**
 * The estimate of the case in the form. Each item's explanation is built here only for a whole
 * page (JavaScript off: everything in one answer); the live page fetches one when it is opened.
 */
export function compute(base: Policy, state: WorkState, meta: Meta, opts: { details?: boolean } = {}): Computed {
  const pinned = pinnedPolicy(base, state);
  const policy = pinned.policy;
  const { case: c, errors } = caseOf(policy, state);
  for (const [path, e] of pinned.errors) errors.set(path, e);
  const readings = knownReadings(policy, state.readings);
  const result = evaluate(policy, c, { asOf: state.asOf, readings });
  compareReadings(policy, c, result);
  const opportunities = findOpportunities(policy, c, result);
  const view = buildReportView(result, {
    ...viewOptions(policy, state, meta, opportunities),
    mode: opts.details ? 'explain' : 'estimate',
  });
  if (!opts.details) view.details = [];
  return { state, result, opportunities, errors, view, notYet: buildEstimateView(result, state.lang, 'wan', policy).notYet };
}

const viewOptions = (policy: Policy, state: WorkState, meta: Meta, opportunities: Opportunity[]) => ({
  lang: state.lang, unit: 'wan' as const, policy, opportunities, generated: meta.generated, toolVersion: meta.toolVersion, policyVersion: policyVersion(policy),
});

/** One item's explanation (conditions with the values used, the computation, the quote), when it is opened. */
export function explainItem(base: Policy, state: WorkState, meta: Meta, id: string): Html {
  const policy = pinnedPolicy(base, state).policy;
  const { case: c } = caseOf(policy, state);
  const result = evaluate(policy, c, { asOf: state.asOf, readings: knownReadings(policy, state.readings) });
  const item = result.items.find((r) => r.id === id);
  if (!item) return html``;
  const view = buildReportView(result, { ...viewOptions(policy, state, meta, []), mode: 'explain', items: [item] });
  const d = view.details[0];
  return d ? detailBody(d, state.lang) : html``;
}

function detailBody(d: ReportView['details'][number], lang: WorkState['lang']): Html {
  return html`${tree(d.summary)}
<blockquote><span class="label">${word(lang, 'quote')}</span> ${d.quote}</blockquote>
${d.lines.map((l) => html`${l.heading ? html`<h4>${l.heading}</h4>` : ''}${tree(l.nodes)}`)}
${tree(d.tail)}`;
}

/** What the form shows in full: the paths some undecided item needs, and the list openers that matter. */
export function openPaths(policy: Policy, k: Computed): { open: Set<string>; matters: Map<string, Set<string>> } {
  const { case: c } = caseOf(policy, k.state);
  const opts = { asOf: k.state.asOf, readings: knownReadings(policy, k.state.readings) };
  const targets = stillOpen(policy, c, opts, k.result);
  const open = new Set(targets.map(pathOf));
  // Only for a list with a new entry (its type not yet chosen), as the interview asks it: each choice is an evaluation.
  const matters = new Map<string, Set<string>>();
  for (const list of policy.lists.values()) {
    const opener = [...list.fields.values()].find((f) => f.type === 'enum');
    const entries = k.state.answers.lists[list.id] ?? [];
    if (!opener || !entries.some((e) => e[opener.name] === undefined)) continue;
    const before = { ...k.state.answers, lists: { ...k.state.answers.lists, [list.id]: entries.filter((e) => e[opener.name] !== undefined) } };
    matters.set(list.id, new Set(choicesThatMatter(policy, before, list, opener, opts)));
  }
  return { open, matters };
}

const pathOf = (t: Target) => (t.kind === 'fact' ? t.fact.name : t.kind === 'list' ? t.list.id : `${t.list.id}[${t.index}].${t.fact.name}`);

/** The estimate panel: total and what it depends on, the table, what is open, readings, fund, each item's explanation. */
export function renderEstimate(policy: Policy, k: Computed): Html {
  const { view: v, result, state } = k;
  const lang = state.lang;
  const gather = [...state.dontKnow].map((p) => labelOf(policy, p, lang));
  const byRow = (clause: string, title: string) => result.items.find((r) => r.clause === clause && tx(lang, r.title) === title)?.id;
  return html`<section id="estimate" aria-live="polite" aria-labelledby="estimate-h">
<h2 id="estimate-h">${ww(lang, 'estimate')}</h2>
<div class="total"><div class="caption">${word(lang, 'totalHeading')}</div><div class="amount" id="total">${v.total.text}</div>${v.total.quotable ? html`<div class="unit" id="quotable">${t(lang, 'quotable')}${colon(lang)}<strong>${v.total.quotable.range}</strong>${paren(lang, v.total.quotable.note)}</div>` : ''}${v.total.unitNote ? html`<div class="unit">${v.total.unitNote}</div>` : ''}
${v.total.dependsOn.length ? html`<h3>${word(lang, 'dependsOn')}</h3>${ul(v.total.dependsOn)}` : ''}
${v.total.notCounted.length ? html`<h3>${word(lang, 'notCounted')}</h3>${ul(v.total.notCounted)}` : ''}
</div>
${v.table.rows.length ? html`<div class="scroll"><table class="items" id="items">
<thead><tr>${v.table.header.map((h, i) => html`<th${i >= 2 && i !== 4 ? html` class="num"` : ''} scope="col">${h}</th>`)}</tr></thead>
<tbody>${v.table.rows.map((r) => {
  const id = byRow(r.clause, r.title);
  return html`<tr><td>${r.clause}</td><td>${id ? html`<a href="#item-${id}" class="item-link">${r.title}</a>` : r.title}${r.entry ? html`<span class="entry">${r.entry}</span>` : ''}</td><td class="num">${r.basis}</td><td class="num">${r.rate}</td><td>${r.cap}</td><td class="num">${r.amount}</td></tr>`;
})}
<tr class="sum"><td colspan="5">${t(lang, 'total')}</td><td class="num">${v.table.total}</td></tr></tbody></table></div>` : html`<p>${t(lang, 'nothingApplies')}</p>`}
${part('missing', word(lang, 'missingHeading'), v.missing.length ? html`<ul class="list">${v.missing.map((m) => html`<li>${m.item}<br><small>${word(lang, 'factsToGather')}${lang === 'zh' ? '：' : ': '}${m.facts.join(lang === 'zh' ? '；' : '; ')}</small></li>`)}</ul>` : '')}
${part('not-yet', t(lang, 'notYetHeading'), k.notYet.length ? ul(k.notYet) : '')}
${part('gather', ww(lang, 'toGather'), gather.length ? ul(gather) : '')}
${part('opportunities', word(lang, 'opportunitiesHeading'), v.opportunities.length ? ul(v.opportunities) : '')}
${part('unquantified', word(lang, 'unquantifiedHeading'), v.unquantified.length ? ul(v.unquantified) : '')}
${part('readings', word(lang, 'readingsHeading'), v.readings.length ? v.readings.map((r) => html`<h4>${r.question}</h4><ul class="list">${r.alternatives.map((a) => html`<li>${a.label}${a.total ? html`: <strong>${a.total}</strong>` : ''}${a.chosen ? html` <span class="note">(${word(lang, 'readingChosen')})</span>` : ''}</li>`)}</ul>`) : '')}
${v.fund ? part('fund', word(lang, 'fundHeading'), html`<p>${v.fund.clause} ${v.fund.label}: <strong>${v.fund.amount}</strong></p>`) : ''}
${part('details', ww(lang, 'itemDetail'), result.items.map((r) => {
  const d = v.details.find((x) => x.id === r.id);
  const heading = `${r.clause} ${tx(lang, r.title)} — ${t(lang, r.status)}`;
  // Filled when opened (the case's form is sent along), unless the whole page already has it.
  return d
    ? html`<details class="item" id="item-${r.id}"><summary>${heading}</summary>${detailBody(d, lang)}</details>`
    : html`<details class="item" id="item-${r.id}" hx-post="/explain/${r.id}" hx-trigger="toggle once" hx-include="#case" hx-target="find .body" hx-swap="innerHTML"><summary>${heading}</summary><div class="body"></div></details>`;
}))}
</section>`;
}

/** A list whose amounts stay whole with their units on a phone's narrow column (+50万, not +50 / 万). */
function ul(items: readonly string[]): Html {
  return html`<ul class="list">${items.map((i) => html`<li>${keepAmounts(i)}</li>`)}</ul>`;
}

function part(id: string, heading: string, content: Html | Html[] | ''): Html | '' {
  if (content === '' || (Array.isArray(content) && content.length === 0)) return '';
  return html`<section class="part" id="${id}"><h3>${heading}</h3>${content}</section>`;
}

/** A case path's label from the policy: projects[0].date → 项目 1：项目引进或立项日期. */
export function labelOf(policy: Policy, path: string, lang: WorkState['lang']): string {
  const m = /^([^.[]+)\[(\d+)\]\.(.+)$/.exec(path);
  if (m) {
    const list = policy.lists.get(m[1] as string);
    const f = list?.fields.get(m[3] as string);
    if (list && f) return `${tx(lang, list.itemLabel)} ${Number(m[2]) + 1}${lang === 'zh' ? '：' : ': '}${tx(lang, f.label)}`;
  }
  const fact = policy.facts.get(path) ?? undefined;
  const list = policy.lists.get(path);
  return fact ? tx(lang, fact.label) : list ? tx(lang, list.label) : path;
}
