import { type EvaluationResult, evaluate, formatMoney, formatRange, type Lang, type Money, type Policy } from '../index.js';
import { type Html, html } from '../report/html/template.js';
import { t, tx } from '../report/i18n.js';
import { knownReadings } from './estimate.js';
import { pinnedPolicy } from './pins.js';
import { caseOf, stateFromForm } from './state.js';
import { ww } from './words.js';

// What-if: the working case and up to four scenarios (copies the user changed: other facts, other
// readings), side by side — each total, and which items differ from the working case and by how much.

export const MAX_SCENARIOS = 4;

export function compareCases(policy: Policy, cases: [string, string][][], lang: Lang): Html {
  const results = cases.slice(0, MAX_SCENARIOS + 1).map((pairs) => {
    const s = stateFromForm(policy, pairs, lang);
    const p = pinnedPolicy(policy, s).policy;
    return { name: String(s.answers.facts.name ?? ''), result: evaluate(p, caseOf(p, s).case, { asOf: s.asOf, readings: knownReadings(p, s.readings) }) };
  });
  const [base, ...others] = results;
  if (!base || others.length === 0) return html``;
  return html`<div class="scenarios">
${card(ww(lang, 'working'), base.name, base.result, undefined, lang, -1)}
${others.map((o, i) => card(`${ww(lang, 'scenario')} ${i + 1}`, o.name, o.result, base.result, lang, i))}
</div>`;
}

function card(title: string, name: string, r: EvaluationResult, base: EvaluationResult | undefined, lang: Lang, index: number): Html {
  const diffs = base ? differences(base, r, lang) : [];
  return html`<div class="scenario" data-scenario="${index}"><h3>${title}</h3><p class="note">${name}</p>
<div class="amount">${formatRange(r.total, 'wan')}</div>
${base ? html`<p>${ww(lang, 'difference')}: <strong class="diff">${signedRange(r.total.low.minus(base.total.low), r.total.high.minus(base.total.high))}</strong></p>
${diffs.length ? html`<ul class="list">${diffs.map((d) => html`<li>${d}</li>`)}</ul>` : html`<p class="note">${ww(lang, 'sameItems')}</p>`}
<button type="button" data-load-scenario="${index}">${ww(lang, 'loadScenario')}</button> <button type="button" data-remove-scenario="${index}">${ww(lang, 'removeScenario')} ${index + 1}</button>` : ''}
</div>`;
}

/** The items whose amount or status differs from the working case: clause, title, the change. */
function differences(base: EvaluationResult, other: EvaluationResult, lang: Lang): string[] {
  const out: string[] = [];
  for (const item of other.items) {
    const was = base.items.find((b) => b.id === item.id);
    const a = was?.amount;
    const b = item.amount;
    const sameAmount = a && b ? a.low.eq(b.low) && a.high.eq(b.high) : !a && !b;
    if (sameAmount && was?.status === item.status) continue;
    const label = `${item.clause} ${tx(lang, item.title)}`;
    const zero = (r: typeof a) => r ?? { low: base.total.low.minus(base.total.low), high: base.total.low.minus(base.total.low) };
    const change = a || b ? signedRange(zero(b).low.minus(zero(a).low), zero(b).high.minus(zero(a).high)) : '';
    const status = was?.status !== item.status ? ` (${t(lang, was?.status ?? 'does-not-apply')} → ${t(lang, item.status)})` : '';
    out.push(`${label}${lang === 'zh' ? '：' : ': '}${change}${status}`);
  }
  return out;
}

function signed(m: Money): string {
  return `${m.isNegative() && !m.isZero() ? '−' : '+'}${formatMoney(m.abs(), 'wan')}`;
}

function signedRange(low: Money, high: Money): string {
  return low.eq(high) ? signed(low) : `${signed(low)} … ${signed(high)}`;
}
